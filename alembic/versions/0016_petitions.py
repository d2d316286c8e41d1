"""petitions to the regional councils (organic law 111-14): their settings, signatures, sheets,
decisions and answers; the audit trail takes a petition's transitions too

Revision ID: 0016_petitions
Revises: 0015_jobs
Create Date: 2026-12-01 19:30:00

New tables for petitions (domain.petitions). One signature per CIN per petition is a unique
constraint, whatever the channel (online or a paper sheet). An audit entry (statuschange) is
now a dossier's or a petition's: `dossier_id` becomes nullable, `petition_id` is added, and a
check asks for exactly one of them. The downgrade removes the petitions' audit entries with
the petitions (run `python -m counter audit verify` after it: the chain then has gaps).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0016_petitions'
down_revision: str | None = '0015_jobs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('association',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('registration_number', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('seat_region_id', sa.Integer(), nullable=False),
    sa.Column('branch_region_ids', sa.JSON(), nullable=False),
    sa.Column('in_good_standing', sa.Boolean(), nullable=False),
    sa.Column('representative_id', sa.Integer(), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['representative_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['seat_region_id'], ['region.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('registration_number')
    )
    with op.batch_alter_table('association', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_association_representative_id'), ['representative_id'], unique=False)

    op.create_table('petitionsettings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('minimum_signatures', sa.Integer(), nullable=False),
    sa.Column('spread_pct', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('eligible_bases', sa.JSON(), nullable=False),
    sa.Column('signature_days', sa.Integer(), nullable=False),
    sa.Column('legal_reference', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('census_year', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('region_id', 'version', name='uq_petitionsettings_version')
    )
    with op.batch_alter_table('petitionsettings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petitionsettings_region_id'), ['region_id'], unique=False)

    op.create_table('petition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('request', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reasons', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=True),
    sa.Column('settings_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('closes_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('deposited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('decision_due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('withdrawn_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('tracking_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('pin_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], ),
    sa.ForeignKeyConstraint(['author_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], ),
    sa.ForeignKeyConstraint(['settings_id'], ['petitionsettings.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tracking_code')
    )
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_petition_register', ['region_id', 'status', 'published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_status'), ['status'], unique=False)

    op.create_table('petitionanswer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], ),
    sa.ForeignKeyConstraint(['published_by_id'], ['account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('petition_id')
    )
    op.create_table('petitiondecision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('committee', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('session_on', sa.Date(), nullable=True),
    sa.Column('reasons', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('petition_id')
    )
    op.create_table('petitionrepresentative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('invited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('accepted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('declined_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('petition_id', 'account_id', name='uq_petitionrep_account'),
    sa.UniqueConstraint('petition_id', 'role', name='uq_petitionrep_role')
    )
    with op.batch_alter_table('petitionrepresentative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petitionrepresentative_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petitionrepresentative_petition_id'), ['petition_id'], unique=False)

    op.create_table('petitionsheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('petition_id', 'number', name='uq_petitionsheet_number')
    )
    with op.batch_alter_table('petitionsheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petitionsheet_petition_id'), ['petition_id'], unique=False)

    op.create_table('petitionsignature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('cin', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('sheet_id', sa.Integer(), nullable=True),
    sa.Column('line_number', sa.Integer(), nullable=True),
    sa.Column('signed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], ),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], ),
    sa.ForeignKeyConstraint(['sheet_id'], ['petitionsheet.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('petition_id', 'cin', name='uq_petitionsignature_cin')
    )
    with op.batch_alter_table('petitionsignature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petitionsignature_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_petitionsignature_count', ['petition_id', 'province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petitionsignature_sheet_id'), ['sheet_id'], unique=False)

    with op.batch_alter_table('statuschange', schema=None) as batch_op:
        batch_op.add_column(sa.Column('petition_id', sa.Integer(), nullable=True))
        batch_op.alter_column('dossier_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_statuschange_petition_id'), ['petition_id'], unique=False)
        batch_op.create_foreign_key('fk_statuschange_petition_id', 'petition', ['petition_id'],
                                    ['id'])
        batch_op.create_check_constraint('ck_statuschange_subject',
                                         '(dossier_id IS NULL) <> (petition_id IS NULL)')



def downgrade() -> None:
    op.execute('DELETE FROM statuschange WHERE petition_id IS NOT NULL')
    with op.batch_alter_table('statuschange', schema=None) as batch_op:
        batch_op.drop_constraint('ck_statuschange_subject', type_='check')
        batch_op.drop_constraint('fk_statuschange_petition_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_statuschange_petition_id'))
        batch_op.alter_column('dossier_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('petition_id')

    with op.batch_alter_table('petitionsignature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitionsignature_sheet_id'))
        batch_op.drop_index('ix_petitionsignature_count')
        batch_op.drop_index(batch_op.f('ix_petitionsignature_account_id'))

    op.drop_table('petitionsignature')
    with op.batch_alter_table('petitionsheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitionsheet_petition_id'))

    op.drop_table('petitionsheet')
    with op.batch_alter_table('petitionrepresentative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitionrepresentative_petition_id'))
        batch_op.drop_index(batch_op.f('ix_petitionrepresentative_account_id'))

    op.drop_table('petitionrepresentative')
    op.drop_table('petitiondecision')
    op.drop_table('petitionanswer')
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_status'))
        batch_op.drop_index('ix_petition_register')
        batch_op.drop_index(batch_op.f('ix_petition_author_id'))

    op.drop_table('petition')
    with op.batch_alter_table('petitionsettings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitionsettings_region_id'))

    op.drop_table('petitionsettings')
    with op.batch_alter_table('association', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_association_representative_id'))

    op.drop_table('association')
