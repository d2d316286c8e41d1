"""the law in the catalog and the lifecycle: deadline units, one extension, urgent requests,
one complement request, silence as acceptance, retention; holiday corrections

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:00:00

Existing procedures keep calendar days, no extension, the clock resuming after a complement,
no silence acceptance and 12 months of retention: what the product did until now.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _procedure_columns() -> list[sa.Column]:
    return [
        sa.Column('deadline_unit', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                  server_default='calendar'),
        sa.Column('extension_days', sa.Integer(), nullable=True),
        sa.Column('urgent_deadline_days', sa.Integer(), nullable=True),
        sa.Column('complement_clock', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                  server_default='resume'),
        sa.Column('silence_acceptance', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('silence_reference', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column('retention_months', sa.Integer(), nullable=False, server_default='12'),
        sa.Column('processing_purpose', sa.JSON(), nullable=False, server_default='{}'),
        sa.Column('legal_basis', sa.JSON(), nullable=False, server_default='{}'),
        sa.Column('external_url', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    ]


def _dossier_columns() -> list[sa.Column]:
    return [
        sa.Column('urgent', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('extended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('extension_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('complement_requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('complement_items', sa.JSON(), nullable=False, server_default='[]'),
        sa.Column('accepted_by_silence', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('retention_warned_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('purged_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    ]


def upgrade() -> None:
    for table, columns in (('procedure', _procedure_columns()),
                           ('dossier', _dossier_columns())):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(column)
        # The defaults were for the rows already there; the models give new rows theirs.
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                if column.server_default is not None:
                    batch_op.alter_column(column.name, server_default=None,
                                          existing_type=column.type,
                                          existing_nullable=column.nullable)
    # A dossier already asked for a complement has had its one request (law 55-19).
    op.execute(
        "UPDATE dossier SET complement_requested_at = (SELECT min(at) FROM statuschange "
        "WHERE statuschange.dossier_id = dossier.id AND to_status = 'info_requested') "
        "WHERE EXISTS (SELECT 1 FROM statuschange WHERE statuschange.dossier_id = dossier.id "
        "AND to_status = 'info_requested')")
    op.create_table(
        'holidaycorrection',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=True),
        sa.Column('is_holiday', sa.Boolean(), nullable=False),
        sa.Column('name', sa.JSON(), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['account.id'], ),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_holidaycorrection_day', 'holidaycorrection', ['day', 'region_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_holidaycorrection_day', table_name='holidaycorrection')
    op.drop_table('holidaycorrection')
    for table, columns in (('dossier', _dossier_columns()),
                           ('procedure', _procedure_columns())):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns):
                batch_op.drop_column(column.name)
