"""accounts: sign-ups waiting for their link, password resets, the accounts' audit trail

Revision ID: 0012_accounts
Revises: 0011_audit_key
Create Date: 2026-12-01 16:00:00

SECURITY 30 and 31 (issue 11, findings 8, 9 and 17):
- `attempt.subject` is the account or tracking code an attempt was about, so an address's
  failures are weighed against the different accounts that succeeded from it;
- `pendingsignup` holds a sign-up until its e-mailed link is opened (or an agent activates
  it at a counter): the account exists only then, and the form never says "taken";
- `passwordreset` holds single-use, 30-minute reset links and counter codes (SHA-256 only);
- `accountevent` is the append-only audit trail of activations and resets.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0012_accounts'
down_revision: str | None = '0011_audit_key'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=160),
                                      nullable=True))

    op.create_table(
        'pendingsignup',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column('cin', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('account_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    with op.batch_alter_table('pendingsignup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pendingsignup_cin'), ['cin'], unique=False)
        batch_op.create_index(batch_op.f('ix_pendingsignup_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_pendingsignup_mobile'), ['mobile'], unique=False)

    op.create_table(
        'passwordreset',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
        sa.ForeignKeyConstraint(['issued_by_id'], ['account.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    with op.batch_alter_table('passwordreset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passwordreset_account_id'), ['account_id'],
                              unique=False)

    op.create_table(
        'accountevent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=True),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('client_ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
        sa.ForeignKeyConstraint(['actor_id'], ['account.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('accountevent', schema=None) as batch_op:
        batch_op.create_index('ix_accountevent_account', ['account_id', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('accountevent', schema=None) as batch_op:
        batch_op.drop_index('ix_accountevent_account')
    op.drop_table('accountevent')
    with op.batch_alter_table('passwordreset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_passwordreset_account_id'))
    op.drop_table('passwordreset')
    with op.batch_alter_table('pendingsignup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pendingsignup_mobile'))
        batch_op.drop_index(batch_op.f('ix_pendingsignup_email'))
        batch_op.drop_index(batch_op.f('ix_pendingsignup_cin'))
    op.drop_table('pendingsignup')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('subject')
