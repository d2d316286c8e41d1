"""Configuration from the environment, with embedded defaults: the one settings object.

Without any variable the product runs embedded: a SQLite file and private documents in
`./data`, state on local disk. An operator switches to PostgreSQL with `REFLEX_DB_URL`
and to Redis with `REFLEX_REDIS_URL`. A malformed value stops start-up with a message
that names the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from counter.i18n.registry import languages

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = languages()


class SettingsError(RuntimeError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str
    redis_url: str | None
    documents_dir: Path
    public_url: str
    allowed_origins: tuple[str, ...]
    region_code: str
    default_lang: str
    max_upload_bytes: int
    session_idle_minutes: int
    session_absolute_hours: int
    state_expiry_minutes: int
    state_max_bytes: int
    clamd_address: str | None
    smtp_host: str | None
    smtp_port: int
    smtp_tls: str
    smtp_user: str | None
    smtp_password: str | None
    mail_from: str
    # The audit chain's HMAC key (SECURITY 36): from COUNTER_AUDIT_KEY, else read from (or
    # created at) audit_key_file. Never in the database, never printed.
    audit_key_file: Path
    audit_key: str | None = field(default=None, repr=False)
    # Background jobs (counter.services.jobs): "app" runs them inside the server's workers,
    # "external" leaves them to `python -m counter jobs`, run by the operator.
    jobs_mode: str = "app"
    # A `.part` file or a file no row points to is removed once this much older: longer
    # than any upload or submission takes between writing a file and committing its row.
    orphan_grace_minutes: int = 10
    # Production (README "Running in production"): backend workers (None: Reflex's own
    # rule, one without Redis, 2 x cores + 1 with it), reverse proxies in front whose
    # X-Forwarded-For is believed (0: none, the connection's address is the client's), and
    # where tabs' disk state lives (without Redis).
    workers: int | None = None
    # Threads of a worker that run event handlers off its event loop (counter/threads.py).
    handler_threads: int = 2
    trusted_proxy_hops: int = 0
    state_dir: Path | None = None
    # Addresses besides loopback that may read /metrics (a Prometheus on another machine).
    metrics_allow: tuple[str, ...] = ()

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _db_url(env: Mapping[str, str], data_dir: Path) -> str:
    raw = (env.get("REFLEX_DB_URL") or "").strip()
    if not raw:
        return f"sqlite:///{data_dir / 'counter.db'}"
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme in ("postgres", "postgresql"):
        # psycopg 3 is the driver the product ships with.
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    if scheme in ("sqlite", "postgresql+psycopg"):
        return raw
    raise SettingsError(
        f"REFLEX_DB_URL must be a sqlite:/// or postgresql:// URL, got {raw.split('@')[-1]!r}"
    )


def _redis_url(env: Mapping[str, str]) -> str | None:
    raw = (env.get("REFLEX_REDIS_URL") or "").strip()
    if not raw:
        return None
    if urlparse(raw).scheme not in ("redis", "rediss", "unix"):
        raise SettingsError("REFLEX_REDIS_URL must be a redis:// or rediss:// URL")
    return raw


AUDIT_KEY_MIN_LENGTH = 32


def _audit_key(env: Mapping[str, str]) -> str | None:
    raw = (env.get("COUNTER_AUDIT_KEY") or "").strip()
    if raw and len(raw) < AUDIT_KEY_MIN_LENGTH:
        raise SettingsError(
            f"COUNTER_AUDIT_KEY must be at least {AUDIT_KEY_MIN_LENGTH} characters long "
            "(for instance `python -c 'import secrets; print(secrets.token_hex(32))'`)")
    return raw or None


def _public_upload_dir(env: Mapping[str, str]) -> Path:
    """Reflex serves this folder publicly at /_upload: documents must never be there."""
    return Path(env.get("REFLEX_UPLOADED_FILES_DIR") or PROJECT_ROOT / "uploaded_files").resolve()


def _origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


_LOOPBACK_TWINS = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}


def _allowed_origins(env: Mapping[str, str], public_url: str) -> tuple[str, ...]:
    """The origins whose pages may call /api and open the websocket with credentials: the
    product's own (COUNTER_PUBLIC_URL, and its loopback twin on a developer's machine) and
    those an operator adds in COUNTER_ALLOWED_ORIGINS (comma separated, `scheme://host:port`)."""
    own = _origin(public_url)
    origins = [own]
    parts = urlparse(own)
    if parts.hostname in _LOOPBACK_TWINS:
        twin = parts.netloc.replace(parts.hostname, _LOOPBACK_TWINS[parts.hostname], 1)
        origins.append(f"{parts.scheme}://{twin}")
    for raw in (env.get("COUNTER_ALLOWED_ORIGINS") or "").split(","):
        raw = raw.strip().rstrip("/")
        if not raw:
            continue
        parts = urlparse(raw)
        if (raw == "*" or parts.scheme not in ("http", "https") or not parts.netloc
                or parts.path or parts.query or parts.fragment or "@" in parts.netloc):
            raise SettingsError(
                f"COUNTER_ALLOWED_ORIGINS must list origins such as https://guichet.region.ma, "
                f"got {raw!r}")
        origins.append(_origin(raw))
    return tuple(dict.fromkeys(origins))


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    data_dir = Path(env.get("COUNTER_DATA_DIR") or PROJECT_ROOT / "data").resolve()
    documents_dir = Path(env.get("COUNTER_DOCUMENTS_DIR") or data_dir / "documents").resolve()
    for public in (_public_upload_dir(env), PROJECT_ROOT / "assets", PROJECT_ROOT / ".web"):
        public = public.resolve()
        if documents_dir == public or public in documents_dir.parents:
            raise SettingsError(
                f"COUNTER_DOCUMENTS_DIR must not be inside the publicly served folder {public}"
            )
    public_url = (env.get("COUNTER_PUBLIC_URL") or "http://localhost:3000").rstrip("/")
    if urlparse(public_url).scheme not in ("http", "https") or not urlparse(public_url).netloc:
        raise SettingsError(f"COUNTER_PUBLIC_URL must be an http(s) address, got {public_url!r}")
    default_lang = env.get("COUNTER_DEFAULT_LANG") or "fr"
    if default_lang not in LANGUAGES:
        raise SettingsError(f"COUNTER_DEFAULT_LANG must be one of {', '.join(LANGUAGES)}")
    return Settings(
        data_dir=data_dir,
        db_url=_db_url(env, data_dir),
        redis_url=_redis_url(env),
        documents_dir=documents_dir,
        public_url=public_url,
        allowed_origins=_allowed_origins(env, public_url),
        region_code=(env.get("COUNTER_REGION") or "DRA").upper(),
        default_lang=default_lang,
        max_upload_bytes=_int(env, "COUNTER_MAX_UPLOAD_MB", 10, 1, 1024) * 1024 * 1024,
        session_idle_minutes=_int(env, "COUNTER_SESSION_IDLE_MINUTES", 30, 1, 24 * 60),
        session_absolute_hours=_int(env, "COUNTER_SESSION_ABSOLUTE_HOURS", 12, 1, 24 * 30),
        # A tab's server-side state (SECURITY 39): forgotten after this long without an
        # event, and emptied if one of its parts grows past this size.
        state_expiry_minutes=_int(env, "COUNTER_STATE_EXPIRY_MINUTES", 60, 5, 24 * 60),
        state_max_bytes=_int(env, "COUNTER_STATE_MAX_KB", 512, 64, 10 * 1024) * 1024,
        clamd_address=(env.get("COUNTER_CLAMD") or "").strip() or None,
        smtp_host=(env.get("COUNTER_SMTP_HOST") or "").strip() or None,
        smtp_port=_int(env, "COUNTER_SMTP_PORT", 587, 1, 65535),
        smtp_tls=_choice(env, "COUNTER_SMTP_TLS", "starttls", ("starttls", "ssl", "none")),
        smtp_user=(env.get("COUNTER_SMTP_USER") or "").strip() or None,
        smtp_password=env.get("COUNTER_SMTP_PASSWORD") or None,
        mail_from=(env.get("COUNTER_MAIL_FROM") or "guichet@region.example.ma").strip(),
        audit_key_file=Path(env.get("COUNTER_AUDIT_KEY_FILE") or data_dir / "audit.key"),
        audit_key=_audit_key(env),
        jobs_mode=_choice(env, "COUNTER_JOBS", "app", ("app", "external")),
        orphan_grace_minutes=_int(env, "COUNTER_ORPHAN_GRACE_MINUTES", 10, 2, 24 * 60),
        workers=_int(env, "COUNTER_WORKERS", 0, 1, 64) or None,
        handler_threads=_int(env, "COUNTER_HANDLER_THREADS", 2, 1, 32),
        trusted_proxy_hops=_int(env, "COUNTER_TRUSTED_PROXY_HOPS", 0, 0, 5),
        state_dir=Path(env.get("COUNTER_STATE_DIR") or data_dir / "states").resolve(),
        metrics_allow=tuple(a.strip() for a in (env.get("COUNTER_METRICS_ALLOW") or "")
                            .split(",") if a.strip()),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
