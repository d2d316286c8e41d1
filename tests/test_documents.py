"""Uploaded files: hostile inputs refused cleanly, good files kept privately (SECURITY 15-20)."""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import socket
import socketserver
import struct
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.pdfgen import canvas

from counter.i18n import CATALOGS, area_keys
from counter.services import documents, storage
from counter.services.documents import (
    MESSAGE_KEYS,
    SCAN_STATUSES_SHOWN_TO_AGENTS,
    ClamdScanner,
    DocumentRejected,
    NoScanner,
    check_display_name,
    get_scanner,
    inspect_file,
    receive_upload,
)
from counter.settings import PROJECT_ROOT, load_settings

STORED_NAME = re.compile(r"[0-9a-f]{32}\.(pdf|jpg|png)")


# --- Files to send ----------------------------------------------------------------------------


def two_page_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for n in (1, 2):
        pdf.drawString(100, 700, f"Attestation, page {n}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _blank_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def pdf_with_javascript_open_action() -> bytes:
    writer = _blank_writer()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    return _written(writer)


def pdf_with_document_javascript() -> bytes:
    """pypdf's add_open_action puts the script in the catalog's names tree."""
    writer = _blank_writer()
    writer.add_open_action(JavaScript("app.alert('hello');"))
    return _written(writer)


def _launch_action() -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )


def pdf_with_launch_link() -> bytes:
    """No `/JavaScript` in its bytes: only reading the structure finds the Launch action."""
    writer = _blank_writer()
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 100, 100)]),
            NameObject("/A"): _launch_action(),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _written(writer)


def pdf_with_page_open_launch() -> bytes:
    writer = _blank_writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _launch_action()})
    return _written(writer)


def pdf_with_attachment() -> bytes:
    writer = _blank_writer()
    writer.add_attachment("invoice.exe", b"MZ fake program")
    return _written(writer)


def pdf_with_xfa_form() -> bytes:
    writer = _blank_writer()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject(),
            NameObject("/XFA"): TextStringObject("<xdp:xdp/>"),
        }
    )
    return _written(writer)


def encrypted_pdf() -> bytes:
    writer = _blank_writer()
    writer.encrypt("secret", algorithm="RC4-128")
    return _written(writer)


def image_bytes(kind: str, size: tuple[int, int] = (640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, kind)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header (with a valid CRC) announces a huge image, with almost no pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.pdf", two_page_pdf())
    return buffer.getvalue()


HTML = (
    b"<!DOCTYPE html><html><body><script>fetch('/steal?c='+document.cookie)</script></body></html>"
)
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script></svg>"
)


# --- Helpers ----------------------------------------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path):
    return load_settings({"COUNTER_DATA_DIR": str(tmp_path / "data")})


def reader_for(data: bytes):
    stream = io.BytesIO(data)

    async def read(size: int = -1) -> bytes:
        return stream.read(size)

    return read


def receive(data: bytes, name: str, settings, scanner=None):
    return asyncio.run(
        receive_upload(
            reader_for(data), original_name=name, settings=settings, scanner=scanner or NoScanner()
        )
    )


def files_on_disk(settings) -> list[Path]:
    root = settings.documents_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refused(data: bytes, name: str, settings, scanner=None) -> DocumentRejected:
    with pytest.raises(DocumentRejected) as caught:
        receive(data, name, settings, scanner)
    assert files_on_disk(settings) == []
    return caught.value


# --- Names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../x.pdf",
        "..\\..\\x.pdf",
        "/etc/passwd",
        "dossier/x.pdf",
        "..",
        "x.pdf\x00.png",
        "rapport\x07.pdf",
        "line\nbreak.pdf",
        "facture\u202efdp.exe",  # right-to-left override: shows as "factureexe.pdf"
        "\u2067cin.pdf",
        "\u200fcin.pdf",
        "\u061ccin.pdf",
        "",
        "   ",
        "a" * 197 + ".pdf",
    ],
)
def test_security_20_dangerous_file_names_are_refused_and_nothing_is_stored(name, settings):
    assert refused(two_page_pdf(), name, settings).code == "error.file_name"


def test_security_17_a_real_name_is_kept_as_data_normalized():
    assert check_display_name("  Cafe\u0301 رخصة.pdf ") == "Café رخصة.pdf"
    assert check_display_name("a" * 196 + ".pdf") == "a" * 196 + ".pdf"


# --- Types and contents -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        pytest.param(b"", "vide.pdf", "error.file_empty", id="empty_file"),
        pytest.param(HTML, "attestation.pdf", "error.file_type", id="html_renamed_pdf"),
        pytest.param(SVG, "photo.png", "error.file_type", id="svg_with_script"),
        pytest.param(zip_bytes(), "documents.pdf", "error.file_type", id="zip_renamed_pdf"),
        pytest.param(b"MZ\x90\x00 program", "cin.jpg", "error.file_type", id="program_renamed_jpg"),
        pytest.param(two_page_pdf()[:900], "coupe.pdf", "error.file_broken", id="truncated_pdf"),
        pytest.param(
            b"%PDF-1.7\nnot really a pdf",
            "faux.pdf",
            "error.file_broken",
            id="pdf_header_then_garbage",
        ),
        pytest.param(
            image_bytes("PNG")[:300], "coupe.png", "error.file_broken", id="truncated_png"
        ),
        pytest.param(
            image_bytes("JPEG", (1200, 900))[:2000],
            "coupe.jpg",
            "error.file_broken",
            id="truncated_jpeg",
        ),
        pytest.param(
            pdf_with_javascript_open_action(),
            "js.pdf",
            "error.file_active_content",
            id="pdf_javascript_open_action",
        ),
        pytest.param(
            pdf_with_document_javascript(),
            "js2.pdf",
            "error.file_active_content",
            id="pdf_document_javascript",
        ),
        pytest.param(
            pdf_with_launch_link(), "launch.pdf", "error.file_active_content", id="pdf_launch_link"
        ),
        pytest.param(
            pdf_with_page_open_launch(),
            "launch2.pdf",
            "error.file_active_content",
            id="pdf_page_launch_action",
        ),
        pytest.param(
            pdf_with_attachment(), "attach.pdf", "error.file_active_content", id="pdf_embedded_file"
        ),
        pytest.param(
            pdf_with_xfa_form(), "xfa.pdf", "error.file_active_content", id="pdf_xfa_form"
        ),
        pytest.param(encrypted_pdf(), "locked.pdf", "error.file_encrypted", id="encrypted_pdf"),
        pytest.param(
            png_claiming(65535, 65535),
            "bomb.png",
            "error.file_image_too_large",
            id="png_claiming_65535x65535",
        ),
        pytest.param(
            png_claiming(8000, 7000),
            "big.png",
            "error.file_image_too_large",
            id="png_claiming_56_megapixels",
        ),
    ],
)
def test_security_20_hostile_or_broken_files_are_refused_with_a_clear_code(data, name, code, settings):
    error = refused(data, name, settings)
    assert error.code == code
    if code == "error.file_type":
        assert error.params == {"types": "PDF, JPEG, PNG"}


@pytest.mark.parametrize(
    "make", [pdf_with_javascript_open_action, pdf_with_document_javascript, pdf_with_launch_link]
)
def test_active_content_is_found_in_the_structure_not_only_the_bytes(make, tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "_BYTE_MARKS", (b"\0no byte search\0",))
    path = tmp_path / "active.pdf"
    path.write_bytes(make())
    with pytest.raises(DocumentRejected) as caught:
        inspect_file(path)
    assert caught.value.code == "error.file_active_content"


def test_security_15_an_oversized_file_is_refused_before_it_is_read_whole(tmp_path):
    settings = load_settings({"COUNTER_DATA_DIR": str(tmp_path), "COUNTER_MAX_UPLOAD_MB": "1"})
    limit = settings.max_upload_bytes
    total = 50 * limit
    served = 0

    async def read(size: int = -1) -> bytes:
        nonlocal served
        size = min(size if size >= 0 else total, total - served, 256 * 1024)
        served += size
        return b"%PDF-1.7\n" if served == size else b"0" * size

    async def run():
        return await receive_upload(
            read, original_name="gros.pdf", settings=settings, scanner=NoScanner()
        )

    with pytest.raises(DocumentRejected) as caught:
        asyncio.run(run())
    assert caught.value.code == "error.file_too_large"
    assert caught.value.params == {"max_mb": 1}
    assert limit < served <= limit + storage.CHUNK_SIZE
    assert files_on_disk(settings) == []


# --- Accepted files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "content_type", "suffix", "pages"),
    [
        (two_page_pdf(), "attestation.pdf", "application/pdf", ".pdf", 2),
        (image_bytes("JPEG"), "cin recto.jpeg", "image/jpeg", ".jpg", 1),
        (image_bytes("PNG"), "plan.PNG", "image/png", ".png", 1),
        (image_bytes("PNG"), "scan.pdf", "image/png", ".png", 1),  # the bytes decide, not the name
    ],
)
def test_security_16_valid_files_are_kept_with_their_facts(data, name, content_type, suffix, pages, settings):
    received = receive(data, name, settings)
    assert received.original_name == name
    assert (received.content_type, received.pages) == (content_type, pages)
    assert received.size_bytes == len(data)
    assert received.sha256 == hashlib.sha256(data).hexdigest()
    assert received.scan_status == "not_configured"
    assert received.stored_name.endswith(suffix)
    assert storage.read_private(received.stored_name, directory=settings.documents_dir) == data
    assert files_on_disk(settings) == [
        storage.private_path(received.stored_name, directory=settings.documents_dir)
    ]


def test_a_pdf_page_count_comes_from_the_file(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(two_page_pdf())
    assert inspect_file(path).pages == len(PdfReader(path).pages) == 2


def test_security_17_files_are_stored_privately_under_a_generated_name(settings):
    received = receive(two_page_pdf(), "cin.pdf", settings)
    path = storage.private_path(received.stored_name, directory=settings.documents_dir)
    assert STORED_NAME.fullmatch(received.stored_name)
    assert "cin" not in received.stored_name
    assert settings.documents_dir in path.parents
    for public in (PROJECT_ROOT / "uploaded_files", PROJECT_ROOT / "assets", PROJECT_ROOT / ".web"):
        assert public.resolve() not in path.resolve().parents
    assert path.stat().st_mode & 0o077 == 0


# --- Virus scanning ---------------------------------------------------------------------------


class FakeClamd(socketserver.BaseRequestHandler):
    """Speaks clamd's INSTREAM protocol; answers with the server's `reply`."""

    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        received = b""
        while True:
            (length,) = struct.unpack(">I", self._exactly(4))
            if length == 0:
                break
            received += self._exactly(length)
        self.server.seen.append((command, received))
        self.request.sendall(self.server.reply + b"\0")

    def _exactly(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            data += self.request.recv(n - len(data))
        return data


class FakeClamdTCP(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FakeClamdUnix(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


def _serve(server) -> Iterator:
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def clamd() -> Iterator[FakeClamdTCP]:
    yield from _serve(FakeClamdTCP(("127.0.0.1", 0), FakeClamd))


def test_security_19_a_clean_scan_marks_the_document_clean(clamd, settings):
    clamd.reply = b"stream: OK"
    data = two_page_pdf()
    scanner = ClamdScanner(f"127.0.0.1:{clamd.server_address[1]}")
    received = receive(data, "a.pdf", settings, scanner)
    assert received.scan_status == "clean"
    assert received.scan_status in SCAN_STATUSES_SHOWN_TO_AGENTS
    assert clamd.seen == [(b"zINSTREAM\0", data)]


def test_security_19_an_infected_file_is_refused_and_not_kept(clamd, settings):
    clamd.reply = b"stream: Eicar-Test-Signature FOUND"
    scanner = ClamdScanner(f"127.0.0.1:{clamd.server_address[1]}")
    assert refused(two_page_pdf(), "a.pdf", settings, scanner).code == "error.file_infected"


def test_security_19_a_scanner_error_refuses_the_file(clamd, settings):
    clamd.reply = b"INSTREAM size limit exceeded. ERROR"
    scanner = ClamdScanner(f"127.0.0.1:{clamd.server_address[1]}")
    assert refused(two_page_pdf(), "a.pdf", settings, scanner).code == "error.file_scan_failed"


def test_an_unreachable_scanner_refuses_the_file(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    scanner = ClamdScanner(f"127.0.0.1:{port}", timeout=2)
    assert refused(two_page_pdf(), "a.pdf", settings, scanner).code == "error.file_scan_failed"


def test_a_crashing_scanner_refuses_the_file(settings):
    class Broken:
        def scan(self, path: Path) -> str:
            raise RuntimeError("boom")

    assert refused(two_page_pdf(), "a.pdf", settings, Broken()).code == "error.file_scan_failed"


def test_clamd_on_a_unix_socket(settings):
    with tempfile.TemporaryDirectory() as folder:
        address = str(Path(folder) / "clamd.sock")
        for server in _serve(FakeClamdUnix(address, FakeClamd)):
            server.reply = b"stream: OK"
            assert (
                receive(image_bytes("PNG"), "a.png", settings, ClamdScanner(address)).scan_status
                == "clean"
            )


def test_the_scanner_follows_the_settings(tmp_path):
    base = {"COUNTER_DATA_DIR": str(tmp_path)}
    assert isinstance(get_scanner(load_settings(base)), NoScanner)
    scanner = get_scanner(load_settings({**base, "COUNTER_CLAMD": "127.0.0.1:3310"}))
    assert isinstance(scanner, ClamdScanner) and scanner.address == "127.0.0.1:3310"
    assert "pending" not in SCAN_STATUSES_SHOWN_TO_AGENTS


# --- Messages ---------------------------------------------------------------------------------


def test_every_refusal_has_a_message_in_three_languages():
    assert set(MESSAGE_KEYS) == area_keys("documents")
    for key in MESSAGE_KEYS:
        for lang in ("fr", "ar", "en"):
            assert CATALOGS[lang][key].strip(), (lang, key)
