"""Schema migrations through Alembic: the only way the product creates its schema."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from counter.settings import PROJECT_ROOT, get_settings


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["url"] = url or get_settings().db_url
    config.attributes["configure_logging"] = False
    return config


def upgrade_to_head(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")
