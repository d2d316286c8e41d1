"""the audit chain is keyed: each entry's hash becomes an HMAC-SHA256 under the audit key
(SECURITY 36), kept outside the database

Revision ID: 0011_audit_key
Revises: 0010_dossier_lang
Create Date: 2026-12-11 10:00:00

No column changes. As in 0009, the chain is first checked whole with the formula it was
written with (plain SHA-256); a broken chain stops the migration before anything is changed
(recomputing it would hide the break). Then the chain is recomputed once under the key, in
order, and the head follows. The key is the product's (COUNTER_AUDIT_KEY, or the file
COUNTER_AUDIT_KEY_FILE, created on first use): run the migration with the key the workers
will use. Both formulas are written out here, as they are at this revision. Downgrading
checks the keyed chain and recomputes the plain one.
"""

import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011_audit_key'
down_revision: str | None = '0010_dossier_lang'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
ENTRIES = sa.table(
    'statuschange',
    sa.column('id', sa.Integer()), sa.column('dossier_id', sa.Integer()),
    sa.column('actor_id', sa.Integer()), sa.column('at', sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column('from_status', sa.String()), sa.column('to_status', sa.String()),
    sa.column('note_sha256', sa.String()),
    sa.column('prev_hash', sa.String()), sa.column('entry_hash', sa.String()),
)
HEAD = sa.table('audithead', sa.column('id', sa.Integer()), sa.column('last_id', sa.Integer()),
                sa.column('last_hash', sa.String()))


def _payload(prev_hash: str, row) -> bytes:  # noqa: ANN001
    return json.dumps(
        [prev_hash, row.id, row.dossier_id, row.actor_id,
         row.at.isoformat(timespec='microseconds'), row.from_status, row.to_status,
         row.note_sha256], ensure_ascii=False, separators=(',', ':')).encode('utf-8')


def _plain(prev_hash: str, row) -> str:  # noqa: ANN001
    """Up to 0010: SHA-256, which anyone can recompute."""
    return hashlib.sha256(_payload(prev_hash, row)).hexdigest()


def _keyed(prev_hash: str, row) -> str:  # noqa: ANN001
    """From 0011: HMAC-SHA256 under the audit key."""
    from counter.services.audit import audit_key

    return hmac.new(audit_key(), _payload(prev_hash, row), hashlib.sha256).hexdigest()


def _entries(connection: sa.Connection) -> Iterator[sa.Row]:
    last_id = 0
    while True:
        rows = connection.execute(sa.select(*ENTRIES.c).where(ENTRIES.c.id > last_id)
                                  .order_by(ENTRIES.c.id).limit(BATCH)).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def _check(connection: sa.Connection, hash_of) -> None:  # noqa: ANN001
    """The chain as it stands must hold, or nothing is recomputed."""
    prev_hash, last_id = '', 0
    for row in _entries(connection):
        if row.prev_hash != prev_hash or hash_of(prev_hash, row) != row.entry_hash:
            raise RuntimeError(
                f'audit chain broken at entry {row.id}: run `python -m counter audit verify` '
                'and investigate before migrating (recomputing it would hide the break)')
        prev_hash, last_id = row.entry_hash, row.id
    head = connection.execute(sa.select(HEAD.c.last_id, HEAD.c.last_hash)
                              .where(HEAD.c.id == 1)).first()
    if head is not None and (head.last_id, head.last_hash) != (last_id, prev_hash):
        raise RuntimeError('audit chain broken: its newest entries are missing')


def _rechain(connection: sa.Connection, hash_of) -> None:  # noqa: ANN001
    prev_hash, last_id, pending = '', 0, []
    update = (sa.update(ENTRIES).where(ENTRIES.c.id == sa.bindparam('row_id'))
              .values(prev_hash=sa.bindparam('new_prev'), entry_hash=sa.bindparam('new_hash')))
    for row in _entries(connection):
        entry_hash = hash_of(prev_hash, row)
        pending.append({'row_id': row.id, 'new_prev': prev_hash, 'new_hash': entry_hash})
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
    _check(connection, _plain)
    _rechain(connection, _keyed)


def downgrade() -> None:
    connection = op.get_bind()
    _check(connection, _keyed)
    _rechain(connection, _plain)
