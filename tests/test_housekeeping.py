"""Old throttling records and ended sessions (they hold client addresses) are deleted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from counter.models import Attempt, UserSession
from counter.services import housekeeping
from counter.services.accounts import (
    AccountError,
    account_for_token,
    authenticate,
    close_session,
    open_session,
    register_citizen,
)
from counter.settings import get_settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SETTINGS = replace(get_settings(), session_idle_minutes=30, session_absolute_hours=12)
PASSWORD = "Tajine au citron 2026"


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def amina(session):
    account = register_citizen(session, full_name="Amina El Idrissi", cin="AB123456",
                               email="amina@example.ma", mobile="0612345678",
                               password=PASSWORD)
    session.commit()
    return account


def test_records_older_than_thirty_days_go_and_recent_ones_stay(session, amina):
    for at in (NOW - 31 * DAY, NOW - 29 * DAY, NOW - timedelta(minutes=5)):
        session.add(Attempt(kind="login", key="ip:198.51.100.7", at=at, success=False))
    old_ended = open_session(session, amina, client_ip="198.51.100.7", now=NOW - 40 * DAY,
                             settings=SETTINGS)
    close_session(session, old_ended, now=NOW - 40 * DAY)
    # Never signed out, expired long ago (its owner just closed the tab).
    open_session(session, amina, client_ip="198.51.100.8", now=NOW - 35 * DAY,
                 settings=SETTINGS)
    recent_ended = open_session(session, amina, client_ip="198.51.100.9", now=NOW - 2 * DAY,
                                settings=SETTINGS)
    close_session(session, recent_ended, now=NOW - 2 * DAY)
    live = open_session(session, amina, client_ip="198.51.100.10", now=NOW - timedelta(minutes=9),
                        settings=SETTINGS)
    session.commit()

    report = housekeeping.purge(session, now=NOW)
    session.commit()

    assert report == housekeeping.PurgeReport(attempts=1, sessions=2)
    assert sorted(a.at.replace(tzinfo=UTC) for a in session.exec(select(Attempt))) == [
        NOW - 29 * DAY, NOW - timedelta(minutes=5)]
    assert {s.client_ip for s in session.exec(select(UserSession))} == {"198.51.100.9",
                                                                         "198.51.100.10"}
    # The live session still works; a second purge finds nothing more.
    assert account_for_token(session, live, now=NOW, settings=SETTINGS).id == amina.id
    assert housekeeping.purge(session, now=NOW) == housekeeping.PurgeReport(0, 0)


def test_purging_never_lifts_a_current_throttle(session, amina):
    for minute in range(10):
        with pytest.raises(AccountError):
            authenticate(session, login="amina@example.ma", password="wrong password!",
                         client_ip="198.51.100.7", now=NOW + timedelta(minutes=minute))
        session.commit()
    # The last failure makes the next try wait a minute (SECURITY 30).
    later = NOW + timedelta(minutes=9, seconds=30)
    with pytest.raises(AccountError):  # throttled, even with the right password
        authenticate(session, login="amina@example.ma", password=PASSWORD,
                     client_ip="198.51.100.7", now=later)
    session.commit()

    housekeeping.purge(session, now=later)
    session.commit()

    assert count(session, Attempt) > 0
    with pytest.raises(AccountError):
        authenticate(session, login="amina@example.ma", password=PASSWORD,
                     client_ip="198.51.100.7", now=later)
