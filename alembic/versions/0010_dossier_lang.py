"""the language of e-mails and documents: a person's own choice, kept on the account

Revision ID: 0010_dossier_lang
Revises: 0009
Create Date: 2026-12-10 10:00:00

`account.correspondence_lang` is the language a person chose for their e-mails and
documents; NULL means "as on screen" (counter/domain/languages.py). Every existing account
starts with NULL: until now nobody chose, `account.lang` only recorded the screen at
sign-up. A dossier already keeps the language of its documents in `dossier.lang`; from
this revision it is written at filing from the screen, no longer copied from the account.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010_dossier_lang'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('correspondence_lang',
                                      sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('correspondence_lang')
