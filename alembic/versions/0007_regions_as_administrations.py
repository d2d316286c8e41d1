"""regions as administrations: every service belongs to a region; administrators by scope

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:30:00

A service without a region (possible before: the administrators' form had no region)
joins the installation's region (`COUNTER_REGION`, default DRA), or else the first
region; the column then becomes required. An administrator's `region_id` names the one
region they keep; none means the whole consortium, which is what every administrator
was until now.
"""

import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _home_region(bind: sa.Connection) -> int | None:
    code = (os.environ.get('COUNTER_REGION') or 'DRA').upper()
    found = bind.execute(sa.text('SELECT id FROM region WHERE code = :code'),
                         {'code': code}).scalar()
    return found or bind.execute(sa.text('SELECT min(id) FROM region')).scalar()


def upgrade() -> None:
    bind = op.get_bind()
    orphans = bind.execute(sa.text('SELECT count(*) FROM service WHERE region_id IS NULL')
                           ).scalar()
    if orphans:
        region_id = _home_region(bind)
        if region_id is None:
            raise RuntimeError('services without a region and no region to give them: '
                               'load the regions first (python -m counter seed)')
        bind.execute(sa.text('UPDATE service SET region_id = :region WHERE region_id IS NULL'),
                     {'region': region_id})
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.alter_column('region_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_account_region_id'), ['region_id'], unique=False)
        batch_op.create_foreign_key('fk_account_region_id_region', 'region', ['region_id'],
                                    ['id'])


def downgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_constraint('fk_account_region_id_region', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_account_region_id'))
        batch_op.drop_column('region_id')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.alter_column('region_id', existing_type=sa.Integer(), nullable=True)
