"""The one private storage of the product: citizens' documents and receipts.

Files live under `settings.documents_dir`, which is never publicly served (settings refuses a
folder inside Reflex's public upload folder). Each file gets a generated name,
`secrets.token_hex(16)` plus a suffix chosen from the detected type, fanned out in a 2-character
subfolder; the name a person gave their file is kept only as data in the database.

A file appears under its final name only once it is complete and flushed to disk (written to a
`.part` file, then `os.replace`d), so a crash leaves at worst a `.part` file or a file no row
points to; `remove_orphans` deletes both after a grace period (SECURITY 21).

Every deletion holds the storage's deletion lock shared (`deletions_paused` takes it
exclusively): a backup pauses deletions while it links the files of its database snapshot,
so a purge or a cleanup running meanwhile cannot take a file from under it (SECURITY 40).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from counter.models import Association, Document, Dossier
from counter.settings import get_settings

CHUNK_SIZE = 1024 * 1024
SUFFIXES = (".pdf", ".jpg", ".png")
PART_SUFFIX = ".part"
_NAME = re.compile(r"[0-9a-f]{32}\.(?:pdf|jpg|png)")
_PART = re.compile(r"[0-9a-f]{32}\.part")
_FANOUT = re.compile(r"[0-9a-f]{2}")


class FileTooLarge(ValueError):
    """More bytes arrived than the limit allows; nothing was kept."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"file exceeds {limit} bytes")


@dataclass(frozen=True)
class StoredFile:
    """A complete upload waiting in a `.part` file: to be committed or discarded."""

    temp_path: Path
    size: int
    sha256: str


def documents_dir(directory: Path | None = None) -> Path:
    """The storage folder (created private, 0700, on first use)."""
    root = directory if directory is not None else get_settings().documents_dir
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def is_stored_name(name: str) -> bool:
    return isinstance(name, str) and _NAME.fullmatch(name) is not None


def private_path(name: str, *, directory: Path | None = None) -> Path:
    """Where the file `name` lives. Only generated names are accepted: no traversal possible."""
    if not is_stored_name(name):
        raise ValueError(f"not a stored file name: {name!r}")
    root = directory if directory is not None else get_settings().documents_dir
    return root / name[:2] / name


def new_name(suffix: str) -> str:
    if suffix not in SUFFIXES:
        raise ValueError(f"suffix must be one of {', '.join(SUFFIXES)}, got {suffix!r}")
    return secrets.token_hex(16) + suffix


def _open_new(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _new_part(root: Path) -> tuple[Path, int]:
    path = root / (secrets.token_hex(16) + PART_SUFFIX)
    return path, _open_new(path)


def _append(fd: int, digest: hashlib._Hash, chunk: bytes) -> None:
    digest.update(chunk)
    view = memoryview(chunk)
    while view:
        view = view[os.write(fd, view) :]


async def save_stream(
    read: Callable[[int], Awaitable[bytes]], *, limit: int, directory: Path | None = None
) -> StoredFile:
    """Copy an upload into a `.part` file, 1 MiB at a time, hashing it on the way.

    `read(size)` is an async reader such as Starlette's or Reflex's `UploadFile.read`. At most
    `limit + 1` bytes are ever requested: one byte over the limit raises FileTooLarge, and the
    partial file is deleted on that and on any other failure (including cancellation).
    """
    root = documents_dir(directory)
    path, fd = _new_part(root)
    digest = hashlib.sha256()
    size = 0
    try:
        try:
            while True:
                chunk = await read(min(CHUNK_SIZE, limit + 1 - size))
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise FileTooLarge(limit)
                await asyncio.to_thread(_append, fd, digest, chunk)
        finally:
            os.close(fd)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(temp_path=path, size=size, sha256=digest.hexdigest())


def commit(stored: StoredFile, suffix: str) -> str:
    """Give a checked upload its final generated name (flushed to disk first) and return it."""
    name = new_name(suffix)
    root = stored.temp_path.parent
    final = private_path(name, directory=root)
    try:
        final.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(stored.temp_path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(stored.temp_path, final)
        _fsync_dir(final.parent)
    except BaseException:
        discard(stored)
        raise
    return name


def discard(stored: StoredFile) -> None:
    stored.temp_path.unlink(missing_ok=True)


def write_private(content: bytes, suffix: str, *, directory: Path | None = None) -> str:
    """Store `content` atomically under a new generated name (receipts) and return the name."""
    name = new_name(suffix)
    root = documents_dir(directory)
    final = private_path(name, directory=root)
    path, fd = _new_part(root)
    try:
        try:
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        final.parent.mkdir(mode=0o700, exist_ok=True)
        os.replace(path, final)
        _fsync_dir(final.parent)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return name


def read_private(name: str, *, directory: Path | None = None) -> bytes:
    return private_path(name, directory=directory).read_bytes()


@contextlib.contextmanager
def _deletion_lock(directory: Path | None, mode: int) -> Iterator[None]:
    # The lock is on the storage folder itself (flock works on a folder's descriptor): no
    # file of its own in the folder.
    fd = os.open(documents_dir(directory), os.O_RDONLY)
    try:
        fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # releases the lock


def deleting(directory: Path | None = None) -> contextlib.AbstractContextManager[None]:
    """Held (shared) while files are deleted: waits while a backup has deletions paused."""
    return _deletion_lock(directory, fcntl.LOCK_SH)


def deletions_paused(directory: Path | None = None) -> contextlib.AbstractContextManager[None]:
    """No file is deleted while this is held (a backup linking its snapshot's files)."""
    return _deletion_lock(directory, fcntl.LOCK_EX)


def remove(name: str, *, directory: Path | None = None) -> None:
    """Delete a stored file; a file already gone is not an error."""
    with deleting(directory):
        private_path(name, directory=directory).unlink(missing_ok=True)


def keep_for_now(name: str, *, directory: Path | None = None) -> None:
    """Start a stored file's grace period again: a file just taken out of a dossier stays
    for the orphan cleanup's grace period, so that its removal can be undone."""
    with contextlib.suppress(FileNotFoundError):
        os.utime(private_path(name, directory=directory))


def orphan_files(
    referenced: set[str], *, older_than: timedelta, directory: Path | None = None
) -> list[Path]:
    """Stored files no row references and stale `.part` files, older than the grace period.

    The grace period covers an upload between its commit and its database row. Files whose
    names the storage did not generate are left alone.
    """
    root = directory if directory is not None else get_settings().documents_dir
    if not root.is_dir():
        return []
    cutoff = time.time() - older_than.total_seconds()

    def unwanted(path: Path, folder: str | None) -> bool:
        if _PART.fullmatch(path.name):
            return True
        return is_stored_name(path.name) and path.name[:2] == folder and path.name not in referenced

    def old(path: Path) -> bool:
        try:
            return path.is_file() and path.stat().st_mtime < cutoff
        except FileNotFoundError:
            return False

    candidates: list[tuple[Path, str | None]] = []
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and _FANOUT.fullmatch(entry.name):
            candidates += [(path, entry.name) for path in sorted(entry.iterdir())]
        else:
            candidates.append((entry, None))
    return [path for path, folder in candidates if unwanted(path, folder) and old(path)]


def referenced_names(session: Session) -> set[str]:
    """Every stored name a row points to: documents, receipts and decisions, and the
    associations' documents (statutes, registration receipts)."""
    names = set(session.exec(select(Document.stored_name)).all())
    for receipt, decision in session.exec(select(Dossier.receipt_name, Dossier.decision_name)):
        names.update(name for name in (receipt, decision) if name is not None)
    for documents in session.exec(select(Association.documents)).all():
        names.update(d["stored_name"] for d in documents or [] if d.get("stored_name"))
    return names


def remove_orphans(
    session: Session,
    older_than: timedelta = timedelta(hours=1),
    *,
    directory: Path | None = None,
) -> list[str]:
    """Delete files no document or receipt references (SECURITY 21); return their names."""
    removed: list[str] = []
    with deleting(directory):
        for path in orphan_files(referenced_names(session), older_than=older_than,
                                 directory=directory):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path.name)
    return removed
