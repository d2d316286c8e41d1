"""Receiving an uploaded document: name, size, type, content and virus checks (SECURITY 15-20).

The type of a file is decided by its bytes, never by its name or declared type: only PDF, JPEG
and PNG files that parse are kept. A PDF that carries code, attachments or an XFA form is
refused. Every refusal is a DocumentRejected whose `code` is a message key for the person,
and leaves nothing on disk.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
import unicodedata
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from counter.metrics import document_rejected
from counter.services import storage
from counter.settings import Settings, get_settings

ALLOWED_TYPES = "PDF, JPEG, PNG"
MAX_NAME_LENGTH = 200
# 25 million pixels: an A4 page scanned at 300 dpi is 8.7 MP (400 dpi: 15.5 MP), a phone photo
# 12 MP (phones with 48-200 MP sensors save 12-16 MP unless told otherwise), a 6000 x 4000
# camera photo 24 MP. Pillow keeps most modes at 4 bytes a pixel: at most 100 MB per decode.
MAX_IMAGE_PIXELS = 25_000_000
# Decodes at once in one worker process, and the memory they may use together (SECURITY 33):
# four tabs sending the largest image allowed cannot take more than this.
DECODES_AT_ONCE = 2
DECODE_BUDGET_BYTES = DECODES_AT_ONCE * 4 * MAX_IMAGE_PIXELS
DECODE_WAIT_SECONDS = 120.0

SCAN_CLEAN = "clean"
SCAN_NOT_CONFIGURED = "not_configured"
# An agent is shown a document only with one of these statuses (SECURITY 19).
SCAN_STATUSES_SHOWN_TO_AGENTS = frozenset({SCAN_CLEAN, SCAN_NOT_CONFIGURED})

_PDF_MAGIC = b"%PDF-"
_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Bidirectional controls can make "invoice\u202efdp.exe" display as "invoiceexe.pdf".
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


class DocumentRejected(ValueError):
    """A file is refused; `code` is a message key, `params` fill its placeholders."""

    def __init__(self, code: str, params: dict[str, Any] | None = None) -> None:
        self.code = code
        self.params = dict(params or {})
        super().__init__(code)


@dataclass(frozen=True)
class FileFacts:
    content_type: str
    suffix: str
    pages: int


@dataclass(frozen=True)
class ReceivedFile:
    """A file accepted and committed to private storage, ready for a Document row."""

    stored_name: str
    original_name: str
    content_type: str
    size_bytes: int
    pages: int
    sha256: str
    scan_status: str


def check_display_name(name: str) -> str:
    """The name the person gave their file, safe to keep as data (NFC, stripped)."""
    if not isinstance(name, str):
        raise DocumentRejected("error.file_name")
    clean = unicodedata.normalize("NFC", name).strip()
    if (
        not clean
        or len(clean) > MAX_NAME_LENGTH
        or "/" in clean
        or "\\" in clean
        or ".." in clean
        or any(
            unicodedata.category(ch) in _REFUSED_CATEGORIES or ch in _BIDI_CONTROLS for ch in clean
        )
    ):
        raise DocumentRejected("error.file_name")
    return clean


# --- Type and content -------------------------------------------------------------------------


def inspect_file(path: Path) -> FileFacts:
    """What the file really is, from its bytes; DocumentRejected if it is not acceptable."""
    with path.open("rb") as fh:
        head = fh.read(16)
    if not head:
        raise DocumentRejected("error.file_empty")
    if head.startswith(_PDF_MAGIC):
        return FileFacts("application/pdf", ".pdf", _inspect_pdf(path))
    if head.startswith(_JPEG_MAGIC):
        _inspect_image(path, "JPEG")
        return FileFacts("image/jpeg", ".jpg", 1)
    if head.startswith(_PNG_MAGIC):
        _inspect_image(path, "PNG")
        return FileFacts("image/png", ".png", 1)
    raise DocumentRejected("error.file_type", {"types": ALLOWED_TYPES})


# Bytes per pixel of an image in Pillow's memory, by mode (any other mode takes 4).
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}


def decode_bytes(mode: str, size: tuple[int, int]) -> int:
    """The memory Pillow allocates to hold an image of this mode and size, decoded."""
    width, height = size
    return width * height * _BYTES_PER_PIXEL.get(mode, 4)


class DecodeBudget:
    """How many images a worker process decodes at once, and the memory they take together.

    One instance is shared by every thread of the process (uploads are checked in
    `asyncio.to_thread`); a decode waits for a free slot and enough of the budget.
    """

    def __init__(self, slots: int, budget_bytes: int) -> None:
        self.slots, self.budget_bytes = slots, budget_bytes
        self.running = self.reserved = 0
        self._changed = threading.Condition()

    @contextmanager
    def reserve(self, nbytes: int, timeout: float = DECODE_WAIT_SECONDS) -> Iterator[None]:
        if nbytes > self.budget_bytes:
            raise _too_large()
        with self._changed:
            if not self._changed.wait_for(self._room_for(nbytes), timeout):
                raise DocumentRejected("error.file_busy")
            self.running += 1
            self.reserved += nbytes
        try:
            yield
        finally:
            with self._changed:
                self.running -= 1
                self.reserved -= nbytes
                self._changed.notify_all()

    def _room_for(self, nbytes: int) -> Callable[[], bool]:
        return lambda: (self.running < self.slots
                        and self.reserved + nbytes <= self.budget_bytes)


DECODES = DecodeBudget(DECODES_AT_ONCE, DECODE_BUDGET_BYTES)


def _too_large() -> DocumentRejected:
    return DocumentRejected("error.file_image_too_large",
                            {"max_mp": MAX_IMAGE_PIXELS // 1_000_000})


def _inspect_image(path: Path, kind: str) -> None:
    """The size declared in the header is checked before any pixel is decoded; the image is
    then decoded whole (JPEG at 1/8 scale), within the process's decode budget."""
    try:
        with Image.open(path, formats=[kind]) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        raise _too_large() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise DocumentRejected("error.file_broken") from None
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_large()
    try:
        with Image.open(path, formats=[kind]) as image:
            image.verify()
        with Image.open(path, formats=[kind]) as image:
            if kind == "JPEG":
                # Decoding at 1/8 scale still reads every byte, with 1/64 of the memory.
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            with DECODES.reserve(decode_bytes(image.mode, image.size)):
                image.load()
    except DocumentRejected:
        raise
    except Exception:  # noqa: BLE001 - Pillow reports broken data with many exception types
        raise DocumentRejected("error.file_broken") from None


# A reader opening the PDF would run these action types by itself or at one click: code,
# programs, forms sent elsewhere, files on a network share (which leaks Windows
# credentials), web addresses (SECURITY 33).
_ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/Rendition", "/GoToE",
     "/SubmitForm", "/GoToR", "/URI"}
)
# Actions run by themselves (at opening, on a page, on a field): refused whatever the action;
# an /OpenAction that is only a destination (open at page 1) is not an action.
_AUTO_ACTION_KEYS = frozenset({"/AA", "/OpenAction"})
# Keys that carry code, embedded files, rich media or an XFA form, wherever they appear.
_ACTIVE_KEYS = frozenset(
    {"/JavaScript", "/JS", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
)
_ACTIVE_SUBTYPES = frozenset({"/RichMedia", "/FileAttachment"})
_ACTIVE_TYPES = frozenset({"/EmbeddedFile"})
# Page content, resources and appearance streams hold no actions: not walking them keeps
# large images out of memory.
_SKIPPED_KEYS = frozenset(
    {
        "/Contents",
        "/Resources",
        "/AP",
        "/DR",
        "/Thumb",
        "/Metadata",
        "/StructTreeRoot",
        "/OutputIntents",
        "/Parent",
        "/P",
    }
)
_BYTE_MARKS = (b"/JavaScript",)


def _inspect_pdf(path: Path) -> int:
    if _has_byte_marks(path):
        raise DocumentRejected("error.file_active_content")
    with path.open("rb") as fh:
        try:
            # A file object, not a path: pypdf would read a path whole into memory.
            reader = PdfReader(fh, strict=True)
            if reader.is_encrypted:
                raise DocumentRejected("error.file_encrypted")
            pages = len(reader.pages)
            active = _has_active_content(reader)
        except DocumentRejected:
            raise
        except Exception:  # noqa: BLE001 - pypdf reports broken files with many exception types
            raise DocumentRejected("error.file_broken") from None
    if pages < 1:
        raise DocumentRejected("error.file_broken")
    if active:
        raise DocumentRejected("error.file_active_content")
    return pages


def _has_byte_marks(path: Path) -> bool:
    """A plain search of the raw bytes: a second belt behind the structural check."""
    overlap = max(len(mark) for mark in _BYTE_MARKS) - 1
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(storage.CHUNK_SIZE):
            window = tail + chunk
            if any(mark in window for mark in _BYTE_MARKS):
                return True
            tail = window[-overlap:]
    return False


def _walk(root: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) of the dictionaries reachable from `root`, each object once."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                yield key, value
                if key not in _SKIPPED_KEYS:
                    stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _has_active_content(reader: PdfReader) -> bool:
    """Scan the catalog, its names tree, forms, outlines, pages and annotations."""
    for key, value in _walk(reader.trailer.raw_get("/Root")):
        if key in _ACTIVE_KEYS:
            return True
        if key in _AUTO_ACTION_KEYS and isinstance(_resolved(value), DictionaryObject):
            return True
        if key == "/Type" and _name(value) in _ACTIVE_TYPES:
            return True
        if key == "/S" and _name(value) in _ACTIVE_ACTIONS:
            return True
        if key == "/Subtype" and _name(value) in _ACTIVE_SUBTYPES:
            return True
    return False


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _name(value: Any) -> str | None:
    value = _resolved(value)
    return str(value) if isinstance(value, NameObject) else None


# --- Virus scanning ---------------------------------------------------------------------------


class Scanner(Protocol):
    def scan(self, path: Path) -> str:
        """The file's scan status; DocumentRejected if infected or if the scan failed."""
        ...


class NoScanner:
    """No scanner configured: the status says so, for the operator to see."""

    def scan(self, path: Path) -> str:
        return SCAN_NOT_CONFIGURED


class ClamdScanner:
    """ClamAV's daemon, over TCP ("host:port") or a unix socket (a path), INSTREAM protocol."""

    chunk_size = 64 * 1024

    def __init__(self, address: str, *, timeout: float = 60.0) -> None:
        self.address = address
        self.timeout = timeout

    def _connect(self) -> socket.socket:
        address = self.address.removeprefix("unix:")
        if address.startswith("/") or ":" not in address:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            sock.connect(address)
            return sock
        host, _, port = address.removeprefix("tcp://").rpartition(":")
        return socket.create_connection((host.strip("[]"), int(port)), timeout=self.timeout)

    def scan(self, path: Path) -> str:
        try:
            with self._connect() as sock, path.open("rb") as fh:
                sock.sendall(b"zINSTREAM\0")
                while chunk := fh.read(self.chunk_size):
                    sock.sendall(struct.pack(">I", len(chunk)) + chunk)
                sock.sendall(struct.pack(">I", 0))
                reply = _read_reply(sock)
        except (OSError, ValueError):
            raise DocumentRejected("error.file_scan_failed") from None
        if reply.endswith(" FOUND"):
            raise DocumentRejected("error.file_infected")
        if reply.endswith(": OK"):
            return SCAN_CLEAN
        raise DocumentRejected("error.file_scan_failed")


def _read_reply(sock: socket.socket, limit: int = 4096) -> str:
    """clamd's answer to a z-command, up to its NUL terminator."""
    reply = b""
    while b"\0" not in reply and len(reply) < limit:
        data = sock.recv(1024)
        if not data:
            break
        reply += data
    return reply.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


def get_scanner(settings: Settings | None = None) -> Scanner:
    settings = settings or get_settings()
    return ClamdScanner(settings.clamd_address) if settings.clamd_address else NoScanner()


# --- Receiving --------------------------------------------------------------------------------


def max_upload_mb(settings: Settings) -> int:
    return max(1, round(settings.max_upload_bytes / (1024 * 1024)))


def _scan(scanner: Scanner, path: Path) -> str:
    try:
        return scanner.scan(path)
    except DocumentRejected:
        raise
    except Exception:  # noqa: BLE001 - a scanner error refuses the file (SECURITY 19)
        raise DocumentRejected("error.file_scan_failed") from None


async def receive_upload(
    read: Callable[[int], Awaitable[bytes]],
    *,
    original_name: str,
    settings: Settings | None = None,
    scanner: Scanner | None = None,
) -> ReceivedFile:
    """Check and store one uploaded file; DocumentRejected (nothing left on disk) if refused,
    counted by reason for /metrics.

    `read` is an async reader such as `UploadFile.read`. The caller records the returned
    facts in a Document row; if that fails it removes the file with `storage.remove`.
    """
    try:
        return await _receive_upload(read, original_name=original_name, settings=settings,
                                     scanner=scanner)
    except DocumentRejected as refusal:
        document_rejected(refusal.code)
        raise


async def _receive_upload(
    read: Callable[[int], Awaitable[bytes]],
    *,
    original_name: str,
    settings: Settings | None,
    scanner: Scanner | None,
) -> ReceivedFile:
    display_name = check_display_name(original_name)
    settings = settings or get_settings()
    scanner = scanner or get_scanner(settings)
    try:
        stored = await storage.save_stream(
            read, limit=settings.max_upload_bytes, directory=settings.documents_dir
        )
    except storage.FileTooLarge:
        max_mb = max_upload_mb(settings)
        raise DocumentRejected("error.file_too_large", {"max_mb": max_mb}) from None
    try:
        facts = await asyncio.to_thread(inspect_file, stored.temp_path)
        scan_status = await asyncio.to_thread(_scan, scanner, stored.temp_path)
        stored_name = storage.commit(stored, facts.suffix)
    except BaseException:
        storage.discard(stored)
        raise
    return ReceivedFile(
        stored_name=stored_name,
        original_name=display_name,
        content_type=facts.content_type,
        size_bytes=stored.size,
        pages=facts.pages,
        sha256=stored.sha256,
        scan_status=scan_status,
    )


MESSAGE_KEYS = (
    "error.file_name",
    "error.file_empty",
    "error.file_type",
    "error.file_broken",
    "error.file_active_content",
    "error.file_encrypted",
    "error.file_image_too_large",
    "error.file_busy",
    "error.file_too_large",
    "error.file_infected",
    "error.file_scan_failed",
)
