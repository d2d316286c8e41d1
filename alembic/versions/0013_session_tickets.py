"""session tickets: the server sets the session cookie (HttpOnly) in exchange for a ticket

Revision ID: 0013_session_tickets
Revises: 0012_accounts
Create Date: 2026-12-01 16:00:00

`sessionticket` holds the SHA-256 of single-use tickets, valid a minute, that the page
sends to `/api/session` to receive the `counter_session` cookie (SECURITY 27). Sessions
opened before this revision keep working: their cookie was set by page JavaScript and is
replaced at the next sign-in.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013_session_tickets'
down_revision: str | None = '0012_accounts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sessionticket',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('ticket_hash', sqlmodel.sql.sqltypes.AutoString(length=64),
                              nullable=False),
                    sa.Column('session_id', sa.Integer(), nullable=False),
                    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('ticket_hash'))
    with op.batch_alter_table('sessionticket', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessionticket_session_id'), ['session_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sessionticket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessionticket_session_id'))
    op.drop_table('sessionticket')
