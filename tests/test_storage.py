"""Private storage: generated names only, atomic writes, no partial files, orphan cleanup."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest

from counter.models import Document, Dossier, Procedure, Service
from counter.services import storage

HOUR = timedelta(hours=1)


def reader_for(data: bytes, asked: list[int] | None = None):
    stream = io.BytesIO(data)

    async def read(size: int = -1) -> bytes:
        if asked is not None:
            asked.append(size)
        return stream.read(size)

    return read


def files_in(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


@pytest.mark.parametrize(
    "name",
    [
        "../x.pdf",
        "../../etc/passwd",
        "/etc/passwd",
        "0" * 32 + ".exe",
        "0" * 32 + ".part",
        "0" * 31 + ".pdf",
        "A" * 32 + ".pdf",
        "ab/" + "0" * 32 + ".pdf",
        "0" * 32 + ".pdf/..",
        "0" * 32 + ".pdf\n",
        "",
    ],
)
def test_only_generated_names_map_to_a_path(name, tmp_path):
    with pytest.raises(ValueError):
        storage.private_path(name, directory=tmp_path)


def test_a_generated_name_maps_inside_the_storage(tmp_path):
    name = "ab" + "0" * 30 + ".pdf"
    assert storage.private_path(name, directory=tmp_path) == tmp_path / "ab" / name


def test_save_stream_copies_in_chunks_with_hash_and_size(tmp_path):
    data = os.urandom(3 * storage.CHUNK_SIZE + 123)
    asked: list[int] = []
    stored = asyncio.run(
        storage.save_stream(reader_for(data, asked), limit=len(data), directory=tmp_path)
    )
    assert max(asked) <= storage.CHUNK_SIZE
    assert (stored.size, stored.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert stored.temp_path.parent == tmp_path and stored.temp_path.name.endswith(".part")
    name = storage.commit(stored, ".pdf")
    assert not stored.temp_path.exists()
    assert storage.read_private(name, directory=tmp_path) == data
    assert files_in(tmp_path) == [storage.private_path(name, directory=tmp_path)]


def test_a_file_exactly_at_the_limit_is_accepted(tmp_path):
    data = b"x" * 1000
    stored = asyncio.run(storage.save_stream(reader_for(data), limit=1000, directory=tmp_path))
    assert stored.size == 1000


def test_security_15_save_stream_stops_one_byte_past_the_limit_and_leaves_nothing(tmp_path):
    asked: list[int] = []
    data = b"x" * (5 * storage.CHUNK_SIZE)
    with pytest.raises(storage.FileTooLarge):
        asyncio.run(
            storage.save_stream(
                reader_for(data, asked), limit=storage.CHUNK_SIZE + 10, directory=tmp_path
            )
        )
    assert sum(asked) == storage.CHUNK_SIZE + 11
    assert files_in(tmp_path) == []


def test_security_21_a_failing_upload_leaves_no_partial_file(tmp_path):
    calls = 0

    async def read(size: int) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise ConnectionResetError("client went away")
        return b"x" * size

    with pytest.raises(ConnectionResetError):
        asyncio.run(storage.save_stream(read, limit=10 * storage.CHUNK_SIZE, directory=tmp_path))
    assert files_in(tmp_path) == []


def test_discard_removes_the_partial_file(tmp_path):
    stored = asyncio.run(storage.save_stream(reader_for(b"abc"), limit=10, directory=tmp_path))
    storage.discard(stored)
    assert files_in(tmp_path) == []


def test_commit_refuses_an_unknown_suffix_and_keeps_nothing(tmp_path):
    stored = asyncio.run(storage.save_stream(reader_for(b"abc"), limit=10, directory=tmp_path))
    with pytest.raises(ValueError):
        storage.commit(stored, ".html")
    storage.discard(stored)
    assert files_in(tmp_path) == []


def test_write_read_and_remove_a_receipt(tmp_path):
    name = storage.write_private(b"%PDF-receipt", ".pdf", directory=tmp_path)
    assert storage.is_stored_name(name)
    assert storage.read_private(name, directory=tmp_path) == b"%PDF-receipt"
    assert files_in(tmp_path) == [storage.private_path(name, directory=tmp_path)]
    assert storage.private_path(name, directory=tmp_path).stat().st_mode & 0o077 == 0
    storage.remove(name, directory=tmp_path)
    storage.remove(name, directory=tmp_path)
    assert files_in(tmp_path) == []


def test_every_name_is_new(tmp_path):
    names = {storage.write_private(b"x", ".png", directory=tmp_path) for _ in range(50)}
    assert len(names) == 50


def test_orphans_are_unreferenced_old_files_and_stale_parts(tmp_path):
    kept = storage.write_private(b"kept", ".pdf", directory=tmp_path)
    orphan = storage.write_private(b"orphan", ".jpg", directory=tmp_path)
    recent = storage.write_private(b"recent", ".png", directory=tmp_path)
    stale_part = tmp_path / ("1" * 32 + ".part")
    stale_part.write_bytes(b"half")
    foreign = tmp_path / "README.txt"
    foreign.write_text("not ours")
    for path in (kept, orphan):
        age(storage.private_path(path, directory=tmp_path), 2)
    age(stale_part, 2)
    age(foreign, 2)
    found = storage.orphan_files({kept}, older_than=HOUR, directory=tmp_path)
    assert sorted(found) == sorted([storage.private_path(orphan, directory=tmp_path), stale_part])
    assert recent not in {p.name for p in found}


def _dossier(session, region_id: int) -> Dossier:
    service = Service(code="URB", names={"fr": "Urbanisme", "ar": "التعمير", "en": "Planning"},
                      region_id=region_id)
    session.add(service)
    session.flush()
    procedure = Procedure(
        code="P1",
        service_id=service.id,
        names={"fr": "Permis",
        "ar": "رخصة",
        "en": "Permit"},
        legal_deadline_days=30,
    )
    session.add(procedure)
    session.flush()
    dossier = Dossier(procedure_id=procedure.id, service_id=service.id)
    session.add(dossier)
    session.flush()
    return dossier


def test_security_21_remove_orphans_keeps_referenced_and_recent_files(session, region_id, tmp_path):
    tmp_path = tmp_path / "documents"
    document_name = storage.write_private(b"cin", ".jpg", directory=tmp_path)
    receipt_name = storage.write_private(b"%PDF-receipt", ".pdf", directory=tmp_path)
    orphan_name = storage.write_private(b"lost", ".pdf", directory=tmp_path)
    recent_name = storage.write_private(b"in flight", ".png", directory=tmp_path)
    stale_part = tmp_path / ("2" * 32 + ".part")
    stale_part.write_bytes(b"crashed upload")
    for name in (document_name, receipt_name, orphan_name):
        age(storage.private_path(name, directory=tmp_path), 3)
    age(stale_part, 3)

    dossier = _dossier(session, region_id)
    dossier.receipt_name = receipt_name
    session.add(
        Document(
            dossier_id=dossier.id,
            doc_code="cin",
            original_name="cin.jpg",
            stored_name=document_name,
            content_type="image/jpeg",
            size_bytes=3,
            sha256=hashlib.sha256(b"cin").hexdigest(),
        )
    )
    session.commit()

    removed = storage.remove_orphans(session, directory=tmp_path)

    assert sorted(removed) == sorted([orphan_name, stale_part.name])
    left = {p.name for p in files_in(tmp_path)}
    assert left == {document_name, receipt_name, recent_name}
    assert storage.remove_orphans(session, directory=tmp_path) == []


def test_remove_orphans_on_a_missing_folder_does_nothing(session, tmp_path):
    assert storage.remove_orphans(session, directory=tmp_path / "absent") == []
