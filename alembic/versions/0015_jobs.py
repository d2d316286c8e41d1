"""jobs: background work that exactly one runner takes at a time

Revision ID: 0015_jobs
Revises: 0014_names_as_mappings
Create Date: 2026-12-01 19:40:00

`job` holds one row per background job (mail, silence, retention, purge, orphans,
due_dates): when it is next due, how often it ran and failed. A runner takes a due job by
holding an advisory lock on its name (PostgreSQL); the rows are created by the runners.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0015_jobs'
down_revision: str | None = '0014_names_as_mappings'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('job',
                    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=32),
                              nullable=False),
                    sa.Column('next_run_at', sqlmodel.sql.sqltypes.UTCDateTime(),
                              nullable=False),
                    sa.Column('runs', sa.Integer(), nullable=False),
                    sa.Column('failures', sa.Integer(), nullable=False),
                    sa.Column('failures_total', sa.Integer(), nullable=False),
                    sa.Column('last_started_at', sqlmodel.sql.sqltypes.UTCDateTime(),
                              nullable=True),
                    sa.Column('last_finished_at', sqlmodel.sql.sqltypes.UTCDateTime(),
                              nullable=True),
                    sa.Column('last_runner', sqlmodel.sql.sqltypes.AutoString(length=100),
                              nullable=True),
                    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500),
                              nullable=True),
                    sa.PrimaryKeyConstraint('name'))


def downgrade() -> None:
    op.drop_table('job')
