"""SECURITY.md promises 29 (no PIN in a URL query), 33 for images (pixel cap, decode budget,
decodes at once) and 37 (no forged log record), each test named after its number."""

from __future__ import annotations

import io
import json
import logging
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image, ImageFile

from bench.upload_memory import black_png
from counter.domain.tracking import pin_from_fragment, tracking_url
from counter.i18n import t
from counter.logs import escape_log_text, log_event
from counter.services import documents, storage
from counter.services.documents import DecodeBudget, DocumentRejected, inspect_file
from counter.services.mail import tracking_link
from counter.settings import PROJECT_ROOT
from tests.test_dossiers import (  # noqa: F401  (fixtures: demo, settings, fast_hashing)
    CERTIFICATE,
    CERTIFICATE_VALUES,
    T0,
    complete_draft,
    demo,
    fast_hashing,
    settings,
    submit_own,
)

# --- 29: no secret in a URL query ------------------------------------------------------------


def _scan_qr(pdf: Path, folder: Path) -> str:
    subprocess.run(["pdftoppm", "-png", "-r", "100", pdf, folder / "page"], check=True)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", next(folder.glob("page*.png"))],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                    reason="needs poppler-utils and zbar-tools")
def test_security_29_the_receipt_qr_code_carries_the_pin_only_in_its_fragment(
        session, demo, settings, tmp_path):  # noqa: F811
    dossier = complete_draft(session, settings, demo.citizen, CERTIFICATE, CERTIFICATE_VALUES)
    result = submit_own(session, account=demo.citizen, dossier_id=dossier.id, now=T0)
    session.commit()

    scanned = urlsplit(_scan_qr(storage.private_path(dossier.receipt_name), tmp_path))

    assert scanned.path == "/track"
    assert parse_qs(scanned.query) == {"code": [dossier.tracking_code]}
    assert result.pin not in scanned.query and "pin" not in scanned.query
    assert pin_from_fragment(scanned.fragment) == result.pin


def test_security_29_e_mail_links_carry_no_pin_and_qr_links_carry_it_in_the_fragment(
        settings):  # noqa: F811
    assert tracking_link(settings, "K7QM-3XTR") == f"{settings.public_url}/track?code=K7QM-3XTR"
    qr = urlsplit(tracking_url("https://guichet.example.ma/", "K7QM-3XTR", "004821"))
    assert (qr.path, qr.query, qr.fragment) == ("/track", "code=K7QM-3XTR", "pin=004821")
    assert pin_from_fragment("#pin=004821") == pin_from_fragment("pin=004821") == "004821"
    assert pin_from_fragment("") == pin_from_fragment("#section") == ""


def test_security_29_no_code_builds_a_url_with_a_secret_in_its_query():
    secret_in_query = re.compile(r"[?&](pin|token|session|password|reset)=", re.IGNORECASE)
    found = [f"{path.relative_to(PROJECT_ROOT)}:{number}"
             for path in sorted((PROJECT_ROOT / "counter").rglob("*.py"))
             for number, line in enumerate(path.read_text().splitlines(), start=1)
             if secret_in_query.search(line) and "searchParams" not in line]
    assert found == []


# --- 33: images --------------------------------------------------------------------------------


def _refusal(data: bytes, tmp_path: Path) -> DocumentRejected:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    with pytest.raises(DocumentRejected) as caught:
        inspect_file(path)
    return caught.value


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every image decode of the test: how many decodes were running (itself included)."""
    seen: list[int] = []
    original = ImageFile.ImageFile.load

    def load(image):
        seen.append(documents.DECODES.running)
        time.sleep(0.05)
        return original(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return seen


def test_security_33_an_image_bomb_is_refused_from_its_header_before_any_decode(
        tmp_path, decodes):
    bomb = black_png(7070, 7070)  # 49.98 million pixels in 146 KB, as in the attack
    assert len(bomb) < 200_000

    error = _refusal(bomb, tmp_path)

    assert error.code == "error.file_image_too_large"
    assert decodes == [], "refused from the header, before any pixel is decoded"
    limit = documents.MAX_IMAGE_PIXELS // 1_000_000
    assert limit == 25
    for lang in ("fr", "ar", "en"):
        text = t(error.code, lang, **error.params)
        assert "25" in text and "{" not in text


def test_security_33_the_largest_image_allowed_decodes_within_the_budget(tmp_path, decodes):
    documents_cap = documents.MAX_IMAGE_PIXELS
    side = int(documents_cap**0.5)
    path = tmp_path / "scan.png"
    Image.new("L", (side, side), 255).save(path, format="PNG")

    assert inspect_file(path).content_type == "image/png"
    assert decodes == [1], "one decode, inside its reservation of the budget"
    biggest = documents.decode_bytes("RGBA", (side, side))
    assert biggest <= documents.DECODE_BUDGET_BYTES // documents.DECODES_AT_ONCE


def test_security_33_parallel_image_checks_never_decode_more_than_the_bound_at_once(
        tmp_path, decodes):
    path = tmp_path / "photo.png"
    Image.new("RGB", (600, 800), (200, 120, 30)).save(path, format="PNG")
    with ThreadPoolExecutor(max_workers=8) as pool:
        facts = list(pool.map(inspect_file, [path] * 8))

    assert [f.content_type for f in facts] == ["image/png"] * 8
    assert len(decodes) == 8
    assert max(decodes) == documents.DECODES_AT_ONCE == 2, "in parallel, but never more"
    assert (documents.DECODES.running, documents.DECODES.reserved) == (0, 0)


def test_security_33_decodes_at_once_also_stay_within_the_memory_budget():
    budget = DecodeBudget(slots=4, budget_bytes=100)
    most, lock = [0], threading.Lock()

    def decode(_n: int) -> None:
        with budget.reserve(40):
            with lock:
                most[0] = max(most[0], budget.reserved)
            time.sleep(0.02)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(decode, range(12)))

    assert most[0] == 80, "two 40-byte decodes fit in 100 bytes, a third waits"
    with pytest.raises(DocumentRejected) as caught, budget.reserve(101):
        pass
    assert caught.value.code == "error.file_image_too_large"


def test_security_33_a_decode_that_waits_too_long_is_refused_with_a_clear_message():
    budget = DecodeBudget(slots=1, budget_bytes=100)
    with budget.reserve(10), pytest.raises(DocumentRejected) as caught, budget.reserve(
            10, timeout=0.01):
        pass
    assert caught.value.code == "error.file_busy"
    texts = {lang: t("error.file_busy", lang) for lang in ("fr", "ar", "en")}
    assert len(set(texts.values())) == 3 and all(texts.values())
    assert (budget.running, budget.reserved) == (0, 0)


def test_security_33_a_phone_photo_and_a_scanned_a4_page_still_pass(tmp_path):
    photo, scan = tmp_path / "photo.jpg", tmp_path / "scan.png"
    Image.new("RGB", (4032, 3024), (90, 140, 200)).save(photo, format="JPEG", quality=85)
    Image.new("L", (2480, 3508), 250).save(scan, format="PNG")  # A4 at 300 dpi

    assert inspect_file(photo).content_type == "image/jpeg"
    assert inspect_file(scan).content_type == "image/png"


# --- 37: no forged log record ---------------------------------------------------------------

FORGED = '\n{"at":"2026-12-01T10:00:00+00:00","event":"signed_in","account":4}'
FORGED_START = re.compile(r'^\s*\{"at"', re.MULTILINE)


def _captured(logger_name: str, fmt: str = "[%(levelname)s] %(message)s"):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(fmt))
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def done() -> None:
        logger.removeHandler(handler)
        logger.setLevel(level)

    return stream, done


def test_security_37_a_newline_in_user_text_never_starts_a_framework_record():
    stream, done = _captured("reflex.app")
    log = logging.getLogger("reflex.app")
    try:
        # What Reflex writes for a client's "frontend exception" event, and other shapes.
        log.error(f"[Reflex Frontend Exception]\n {FORGED}\n")
        log.warning("event %s failed for %r", FORGED, {"arg": FORGED})
        log.info("%(value)s", {"value": FORGED})
        try:
            raise ValueError(f"invalid value{FORGED}")
        except ValueError:
            log.exception("handler failed")
        log.error("stack", stack_info=True)
    finally:
        done()

    lines = stream.getvalue().splitlines()
    assert len(lines) == 5, lines
    assert not FORGED_START.search(stream.getvalue())
    assert all(line.startswith("[") for line in lines)
    assert '\\n{"at":' in lines[0] and "ValueError: invalid value\\n{" in lines[3]


def test_security_37_the_framework_console_never_wraps_a_record_onto_a_new_line():
    """Reflex's console writes to a file or pipe 80 columns wide: padding before a fake record
    would otherwise put it at the start of a wrapped line."""
    from reflex_base.utils import log as reflex_log

    padded = "[Reflex Frontend Exception] Error: " + " " * 60 + FORGED.strip()
    record = logging.getLogger("reflex.app").makeRecord(
        "reflex.app", logging.ERROR, __file__, 1, padded, None, None)
    with reflex_log._console_stderr.capture() as captured:
        reflex_log.RichConsoleHandler().emit(record)

    assert captured.get().splitlines() == [padded]


def test_security_37_control_characters_are_escaped_and_ordinary_text_kept():
    assert escape_log_text("a\r\nb\tc\x1b[2Jd\x85e\u2028f") == (
        "a\\r\\nb\\tc\\x1b[2Jd\\x85e\\u2028f")
    assert escape_log_text("Dossier K7QM-3XTR — ملف رقم 4 %s") == (
        "Dossier K7QM-3XTR — ملف رقم 4 %s")


def test_security_37_the_security_log_keeps_one_json_record_per_line():
    stream, done = _captured("counter.security", "%(message)s")
    try:
        log_event("tracking_refused", reason=FORGED, client=f"198.51.100.7{FORGED}")
    finally:
        done()

    [line] = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["event"] == "tracking_refused" and record["reason"] == FORGED


def test_security_37_every_process_that_loads_the_app_escapes_its_records():
    """A fresh interpreter that imports the app, as each server worker does."""
    script = (
        "import logging, sys\n"
        "import counter.counter\n"
        "logging.basicConfig(stream=sys.stdout, format='%(name)s %(message)s')\n"
        f"logging.getLogger('granian').error('request failed: %s', {FORGED!r})\n"
        f"logging.getLogger('reflex.state').error({FORGED!r})\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=120, check=True)

    lines = result.stdout.splitlines()
    assert lines == [f"granian request failed: {escape_log_text(FORGED)}",
                     f"reflex.state {escape_log_text(FORGED)}"]
