"""The product on PostgreSQL with its state in Redis and several backend workers.

The embedded default (SQLite, local state, one worker) is what the other browser tests
drive; this one starts the same product as an operator would scale it, and walks the
citizen's way through it.
"""

import re
import uuid

import pytest
import redis
from playwright.sync_api import expect

from tests.browser.conftest import (
    activate_by_mail,
    file_access_request,
    new_phone_page,
    open_page,
    processes_in_group,
    running_app,
)
from tests.conftest import fresh_pg_database

pytestmark = pytest.mark.browser
REDIS_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture(scope="module")
def scaled_app(tmp_path_factory, empty_pg_url):
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    data_dir = tmp_path_factory.mktemp("scaled-data")
    with running_app(data_dir, REFLEX_DB_URL=empty_pg_url, REFLEX_REDIS_URL=REDIS_URL) as (
        base, process,
    ):
        yield base, process
    client.flushdb()


@pytest.fixture(scope="module")
def empty_pg_url():
    """A fresh PostgreSQL database for the whole module (the shared fixture is per test)."""
    with fresh_pg_database() as url:
        yield url


def test_citizen_files_and_tracks_on_postgresql_with_redis_and_workers(scaled_app, browser):
    base, process = scaled_app
    workers = [cmd for cmd in processes_in_group(process.pid) if "python" in cmd]
    assert len(workers) >= 3, workers  # the supervisor and at least two workers

    page = new_phone_page(browser)
    open_page(page, f"{base}/signup")
    suffix = uuid.uuid4().hex[:8]
    page.get_by_label("Nom et prénom").fill("Khadija Benali")
    page.get_by_label("Numéro de CIN").fill(f"BK{int(suffix, 16) % 1_000_000:06d}")
    page.get_by_label("Adresse e-mail").fill(f"k-{suffix}@example.ma")
    page.locator("#input-password").fill("Une phrase longue pour 2026")
    page.locator("#input-password2").fill("Une phrase longue pour 2026")
    page.locator("#signup-submit").click()
    activate_by_mail(page, base, f"k-{suffix}@example.ma")
    expect(page).to_have_url(re.compile(r"/dossiers$"))

    tracking, pin = file_access_request(page, base)

    # A new browser, served by whichever worker: the public tracking finds the dossier.
    other = new_phone_page(browser)
    open_page(other, f"{base}/track?code={tracking}#pin={pin}")  # as its QR code
    expect(other.locator("#track-result")).to_contain_text("Déposé")
    other.context.close()
    page.context.close()
