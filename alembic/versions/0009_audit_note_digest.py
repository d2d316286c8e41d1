"""the audit trail hashes each entry over the SHA-256 of its note, so that a purge (law
09-08) can erase the note and the chain still verifies

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 10:00:00

The chain is first checked whole with the formula it was written with; a broken chain stops
the migration before anything is changed (recomputing it would hide the break). Then each
entry gets its note's digest and the chain is recomputed once with the new formula, in
order, and the head follows. Both formulas are written out here, as they were at this
revision. Downgrading recomputes the old formula (a note already erased counts as empty).
"""

import hashlib
import json
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
ENTRIES = sa.table(
    'statuschange',
    sa.column('id', sa.Integer()), sa.column('dossier_id', sa.Integer()),
    sa.column('actor_id', sa.Integer()), sa.column('at', sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column('from_status', sa.String()), sa.column('to_status', sa.String()),
    sa.column('note', sa.String()), sa.column('note_sha256', sa.String()),
    sa.column('prev_hash', sa.String()), sa.column('entry_hash', sa.String()),
)
HEAD = sa.table('audithead', sa.column('id', sa.Integer()), sa.column('last_id', sa.Integer()),
                sa.column('last_hash', sa.String()))


def _digest(note: str | None) -> str:
    return hashlib.sha256((note or '').encode('utf-8')).hexdigest()


def _hash(prev_hash: str, row, last: str) -> str:  # noqa: ANN001
    payload = json.dumps(
        [prev_hash, row.id, row.dossier_id, row.actor_id,
         row.at.isoformat(timespec='microseconds'), row.from_status, row.to_status, last],
        ensure_ascii=False, separators=(',', ':'))
    return hashlib.sha256(payload.encode('utf-8')).hexdigest()


def _old_hash(prev_hash: str, row) -> str:  # noqa: ANN001
    """Up to 0008: the note itself."""
    return _hash(prev_hash, row, row.note or '')


def _note_digest(row) -> str:  # noqa: ANN001
    """An erased note (a purged dossier's) keeps the digest written before."""
    return row.note_sha256 if row.note is None else _digest(row.note)


def _new_hash(prev_hash: str, row) -> str:  # noqa: ANN001
    """From 0009: the note's SHA-256."""
    return _hash(prev_hash, row, _note_digest(row))


def _entries(connection: sa.Connection, with_digest: bool) -> Iterator[sa.Row]:
    columns = [c for c in ENTRIES.c if with_digest or c.name != 'note_sha256']
    last_id = 0
    while True:
        rows = connection.execute(sa.select(*columns).where(ENTRIES.c.id > last_id)
                                  .order_by(ENTRIES.c.id).limit(BATCH)).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def _check(connection: sa.Connection, hash_of, with_digest: bool) -> None:  # noqa: ANN001
    """The chain as it stands must hold, or nothing is recomputed."""
    prev_hash, last_id = '', 0
    for row in _entries(connection, with_digest):
        if row.prev_hash != prev_hash or hash_of(prev_hash, row) != row.entry_hash:
            raise RuntimeError(
                f'audit chain broken at entry {row.id}: run `python -m counter audit verify` '
                'and investigate before migrating (recomputing it would hide the break)')
        prev_hash, last_id = row.entry_hash, row.id
    head = connection.execute(sa.select(HEAD.c.last_id, HEAD.c.last_hash)
                              .where(HEAD.c.id == 1)).first()
    if head is not None and (head.last_id, head.last_hash) != (last_id, prev_hash):
        raise RuntimeError('audit chain broken: its newest entries are missing')


def _rechain(connection: sa.Connection, hash_of, with_digest: bool) -> None:  # noqa: ANN001
    prev_hash, last_id, pending = '', 0, []
    update = (sa.update(ENTRIES).where(ENTRIES.c.id == sa.bindparam('row_id'))
              .values(prev_hash=sa.bindparam('new_prev'), entry_hash=sa.bindparam('new_hash'),
                      **({'note_sha256': sa.bindparam('digest')} if with_digest else {})))
    for row in _entries(connection, with_digest):
        entry_hash = hash_of(prev_hash, row)
        values = {'row_id': row.id, 'new_prev': prev_hash, 'new_hash': entry_hash}
        if with_digest:
            values['digest'] = _note_digest(row)
        pending.append(values)
        prev_hash, last_id = entry_hash, row.id
        if len(pending) >= BATCH:
            connection.execute(update, pending)
            pending = []
    if pending:
        connection.execute(update, pending)
    connection.execute(sa.update(HEAD).where(HEAD.c.id == 1)
                       .values(last_id=last_id, last_hash=prev_hash))


def upgrade() -> None:
    connection = op.get_bind()
    _check(connection, _old_hash, with_digest=False)
    with op.batch_alter_table('statuschange', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_sha256', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=False, server_default=''))
    with op.batch_alter_table('statuschange', schema=None) as batch_op:
        batch_op.alter_column('note_sha256', server_default=None,
                              existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
                              existing_nullable=False)
    # Every entry gets its digest (no note: the digest of nothing), then the new chain.
    connection.execute(sa.update(ENTRIES).values(note_sha256=_digest(None)))
    _rechain(connection, _new_hash, with_digest=True)


def downgrade() -> None:
    connection = op.get_bind()
    _check(connection, _new_hash, with_digest=True)
    _rechain(connection, _old_hash, with_digest=False)
    with op.batch_alter_table('statuschange', schema=None) as batch_op:
        batch_op.drop_column('note_sha256')
