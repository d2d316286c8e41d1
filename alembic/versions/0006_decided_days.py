"""decided dossiers keep their calendar and administration days; indexes in their order;
paper figures indexed by channel first

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 19:30:00

The two durations of DOMAIN.md are written with each decision from now on (they never
change afterwards); this migration computes them for the dossiers already decided. The
indicators then find medians by skipping entries of an index in the order of the days,
instead of computing and sorting every dossier's days on each request.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONLY_DECIDED = "admin_days IS NOT NULL"
DECIDED_INDEXES = {
    'ix_dossier_admin_rank': ['procedure_id', 'admin_days', 'decided_at', 'province_id',
                              'status', 'due_at'],
    'ix_dossier_calendar_rank': ['procedure_id', 'calendar_days', 'decided_at', 'province_id'],
    'ix_dossier_admin_order': ['admin_days', 'decided_at', 'province_id', 'procedure_id'],
    'ix_dossier_calendar_order': ['calendar_days', 'decided_at', 'province_id', 'procedure_id'],
    'ix_dossier_decided_when': ['decided_at', 'procedure_id', 'province_id', 'status',
                                'admin_days', 'due_at'],
}


def upgrade() -> None:
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_days', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('admin_days', sa.Float(), nullable=True))

    # Seconds between the two timestamps, in days, as domain.clock.decided_days does.
    if op.get_bind().dialect.name == 'postgresql':
        days = "date_part('epoch', decided_at - submitted_at) / 86400.0"
    else:  # timestamps stored as UTC text; julianday gives days
        days = "(julianday(decided_at) - julianday(submitted_at))"
    op.execute(  # noqa: S608  (two constant expressions, no input)
        f"UPDATE dossier SET calendar_days = {days}, "
        f"admin_days = {days} - applicant_wait_seconds / 86400.0 "
        "WHERE status IN ('accepted', 'rejected')"
    )

    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_indicators')
        batch_op.create_check_constraint(
            'ck_dossier_decided_days',
            "status NOT IN ('accepted', 'rejected') "
            "OR (admin_days IS NOT NULL AND calendar_days IS NOT NULL)")
    for name, columns in DECIDED_INDEXES.items():
        op.create_index(name, 'dossier', columns, unique=False,
                        sqlite_where=sa.text(ONLY_DECIDED),
                        postgresql_where=sa.text(ONLY_DECIDED))
    # The dossiers of procedures (and provinces), whatever their status.
    op.create_index('ix_dossier_procedure', 'dossier', ['procedure_id', 'province_id'],
                    unique=False)
    # Paper figures: one channel at a time, from the start of the period; or the documents
    # of the dossiers a filter selects.
    op.drop_index('ix_document_paper', table_name='document')
    op.create_index('ix_document_paper', 'document',
                    ['channel', 'uploaded_at', 'content_type', 'pages'], unique=False)
    op.drop_index('ix_document_dossier_id', table_name='document')
    op.create_index('ix_document_dossier', 'document',
                    ['dossier_id', 'channel', 'uploaded_at', 'content_type', 'pages'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_document_dossier', table_name='document')
    op.create_index('ix_document_dossier_id', 'document', ['dossier_id'], unique=False)
    op.drop_index('ix_dossier_procedure', table_name='dossier')
    op.drop_index('ix_document_paper', table_name='document')
    op.create_index('ix_document_paper', 'document',
                    ['uploaded_at', 'channel', 'content_type', 'pages'], unique=False)
    for name in DECIDED_INDEXES:
        op.drop_index(name, table_name='dossier')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_constraint('ck_dossier_decided_days', type_='check')
        batch_op.create_index('ix_dossier_indicators', ['procedure_id', 'decided_at', 'status',
                                                        'submitted_at', 'applicant_wait_seconds',
                                                        'due_at', 'province_id'], unique=False)
        batch_op.drop_column('admin_days')
        batch_op.drop_column('calendar_days')
