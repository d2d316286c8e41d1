"""names as translatable values: one `names` (and `descriptions`) mapping per catalog row

Revision ID: 0014_names_as_mappings
Revises: 0013_session_tickets
Create Date: 2026-12-01 17:00:00

Regions, provinces, services and procedures had one column per language (`name_fr`,
`name_ar`, `name_en`, and `description_*` for procedures). They now have one JSON column,
`names` (`descriptions`), mapping a language code to its text (domain.names), so that a
new language needs no new column. Every text is moved as it is; an empty text is left
out (it falls back when read). The downgrade writes the columns back; a language the
mapping lacks gets the text the product showed for it (its fallback), so no name is lost
and the old NOT NULL columns are filled.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0014_names_as_mappings'
down_revision: str | None = '0013_session_tickets'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The languages of the columns this revision replaces (frozen: not the product's list).
OLD_LANGUAGES = ('fr', 'ar', 'en')
# Table, its mapping columns with the prefix of the old columns, and their old length.
TABLES = (
    ('region', (('names', 'name', 120),)),
    ('province', (('names', 'name', 120),)),
    ('service', (('names', 'name', 200),)),
    ('procedure', (('names', 'name', 200), ('descriptions', 'description', None))),
)
_FALLBACK = {'ar': ('fr', 'en'), 'en': ('fr', 'ar'), 'fr': ('ar', 'en')}


def _as_mapping(value: object) -> dict[str, str]:
    if isinstance(value, str):  # SQLite hands JSON back as text
        value = json.loads(value)
    return {k: v for k, v in (value or {}).items() if isinstance(v, str) and v}


def upgrade() -> None:
    bind = op.get_bind()
    for table, columns in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for mapping, _prefix, _length in columns:
                batch_op.add_column(sa.Column(mapping, sa.JSON(), nullable=True))
        old = [f'{prefix}_{lang}' for _m, prefix, _l in columns for lang in OLD_LANGUAGES]
        rows = bind.execute(sa.text(f'SELECT id, {", ".join(old)} FROM "{table}"')).mappings()
        for row in list(rows):
            values = {
                mapping: {lang: row[f'{prefix}_{lang}'] for lang in OLD_LANGUAGES
                          if row[f'{prefix}_{lang}']}
                for mapping, prefix, _length in columns
            }
            sets = ', '.join(f'{mapping} = :{mapping}' for mapping in values)
            update = sa.text(f'UPDATE "{table}" SET {sets} WHERE id = :id').bindparams(
                *(sa.bindparam(mapping, type_=sa.JSON()) for mapping in values))
            bind.execute(update, {**values, 'id': row['id']})
        with op.batch_alter_table(table, schema=None) as batch_op:
            for mapping, _prefix, _length in columns:
                batch_op.alter_column(mapping, existing_type=sa.JSON(), nullable=False)
            for column in old:
                batch_op.drop_column(column)


def _old_type(length: int | None) -> sa.types.TypeEngine:
    return sqlmodel.sql.sqltypes.AutoString(length=length) if length else \
        sqlmodel.sql.sqltypes.AutoString()


def _text_in(mapping: dict[str, str], lang: str, *, required: bool) -> str:
    if mapping.get(lang) or not required:
        return mapping.get(lang, '')
    for other in _FALLBACK[lang]:
        if mapping.get(other):
            return mapping[other]
    return next(iter(mapping.values()), '')


def downgrade() -> None:
    bind = op.get_bind()
    for table, columns in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for _mapping, prefix, length in columns:
                for lang in OLD_LANGUAGES:
                    batch_op.add_column(sa.Column(f'{prefix}_{lang}', _old_type(length),
                                                  nullable=True))
        mappings = [mapping for mapping, _p, _l in columns]
        rows = bind.execute(sa.text(f'SELECT id, {", ".join(mappings)} FROM "{table}"'))
        for row in list(rows.mappings()):
            values = {}
            for mapping, prefix, _length in columns:
                texts = _as_mapping(row[mapping])
                for lang in OLD_LANGUAGES:
                    values[f'{prefix}_{lang}'] = _text_in(texts, lang,
                                                          required=prefix == 'name')
            sets = ', '.join(f'{column} = :{column}' for column in values)
            bind.execute(sa.text(f'UPDATE "{table}" SET {sets} WHERE id = :id'),
                         {**values, 'id': row['id']})
        with op.batch_alter_table(table, schema=None) as batch_op:
            for mapping, prefix, length in columns:
                for lang in OLD_LANGUAGES:
                    batch_op.alter_column(f'{prefix}_{lang}', existing_type=_old_type(length),
                                          nullable=False)
                batch_op.drop_column(mapping)
