"""The database tables, all in one place.

Statuses, roles, audiences and channels are stored as short strings (no native enums)
so migrations stay simple on SQLite and PostgreSQL; their allowed values live in the
domain modules and in the StrEnums below. Every timestamp is timezone-aware UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from counter.domain.law import ComplementClock
from counter.domain.workdays import DeadlineUnit


def utcnow() -> datetime:
    return datetime.now(UTC)


def _decided_index(name: str, *columns: str) -> Index:
    """An index of the decided dossiers only (those with their times written)."""
    only_decided = text("admin_days IS NOT NULL")
    return Index(name, *columns, sqlite_where=only_decided, postgresql_where=only_decided)


def _json() -> Column:
    """A JSON column (each field needs its own Column object)."""
    return Column(JSON, nullable=False)


class Role(StrEnum):
    CITIZEN = "citizen"
    BUSINESS = "business"
    AGENT = "agent"
    ADMIN = "admin"


class Audience(StrEnum):
    """Who may file a procedure."""

    CITIZEN = "citizen"
    BUSINESS = "business"
    BOTH = "both"


class Channel(StrEnum):
    ONLINE = "online"
    ASSISTED = "assisted"


class Region(SQLModel, table=True):
    """A region of the consortium. Like provinces, services and procedures, its `names`
    map a language code to its text, read by domain.names.pick (with the fallback)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    names: dict[str, str] = Field(default_factory=dict, sa_column=_json())


class Province(SQLModel, table=True):
    """A province or prefecture of a region."""

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    code: str = Field(max_length=32, unique=True)
    names: dict[str, str] = Field(default_factory=dict, sa_column=_json())


class Service(SQLModel, table=True):
    """An administrative service of one region's council or of its partners (the CRI):
    its procedures and agents belong to that region's administration."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    names: dict[str, str] = Field(default_factory=dict, sa_column=_json())
    email: str | None = Field(default=None, max_length=254)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class Company(SQLModel, table=True):
    """A business's profile: ICE (15 digits), commercial register number and court."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    ice: str = Field(max_length=15, unique=True)
    rc_number: str = Field(max_length=32)
    rc_court: str = Field(max_length=120)
    province_id: int | None = Field(default=None, foreign_key="province.id")
    created_at: datetime = Field(default_factory=utcnow)


class Account(SQLModel, table=True):
    """A person who signs in: citizen, business representative, agent or administrator.

    An administrator with a `region_id` keeps that region only; without one, the whole
    consortium. An agent's region is their service's. `lang` is the screen's language at
    sign-up (the screen shown after signing in); `correspondence_lang` is the language the
    person chose for their e-mails and documents, None for "as on screen"
    (domain.languages).
    """

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(max_length=16, index=True)
    full_name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254, unique=True)
    mobile: str | None = Field(default=None, max_length=16, unique=True)
    cin: str | None = Field(default=None, max_length=10, index=True)
    password_hash: str = Field(max_length=255)
    lang: str = Field(default="fr", max_length=5)
    correspondence_lang: str | None = Field(default=None, max_length=5)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    service_id: int | None = Field(default=None, foreign_key="service.id", index=True)
    region_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class Procedure(SQLModel, table=True):
    """A catalog entry: the contract of what an applicant must provide.

    `documents` and `fields` are lists of definitions (see domain.catalog); a dossier
    keeps a copy of them as they were when it was started, so catalog edits never
    break dossiers already filed. The law's settings (domain.law) travel with that copy:
    the deadline's unit, its one extension and urgent deadline (law 31-13), the clock after
    a complement, silence as acceptance with the text it applies under (law 55-19), and
    the record of processing and retention of personal data (law 09-08). A procedure with
    an `external_url` is handled elsewhere (Rokhas.ma, Chikaya.ma): the catalog explains
    and links out, nothing is filed here.
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    audience: str = Field(default=Audience.BOTH, max_length=16)
    names: dict[str, str] = Field(default_factory=dict, sa_column=_json())
    descriptions: dict[str, str] = Field(default_factory=dict, sa_column=_json())
    legal_deadline_days: int = Field(ge=1)
    deadline_unit: str = Field(default=DeadlineUnit.CALENDAR, max_length=16)
    extension_days: int | None = Field(default=None, ge=1)
    urgent_deadline_days: int | None = Field(default=None, ge=1)
    complement_clock: str = Field(default=ComplementClock.RESUME, max_length=16)
    silence_acceptance: bool = False
    silence_reference: str | None = Field(default=None, max_length=300)
    retention_months: int = Field(default=12, ge=1, le=60)
    processing_purpose: dict[str, str] = Field(default_factory=dict, sa_column=_json())
    legal_basis: dict[str, str] = Field(default_factory=dict, sa_column=_json())
    external_url: str | None = Field(default=None, max_length=300)
    target_reduction_pct: float = 50.0
    baseline_median_days: int | None = Field(default=None, ge=1)
    is_investment: bool = False
    documents: list[dict[str, Any]] = Field(default_factory=list, sa_column=_json())
    fields: list[dict[str, Any]] = Field(default_factory=list, sa_column=_json())
    is_active: bool = Field(default=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Dossier(SQLModel, table=True):
    """One application for one procedure, from draft to decision.

    Time accounting for the indicators: `applicant_wait_seconds` accumulates the time
    spent in info_requested; `paused_at` is set while the dossier waits on the
    applicant; `due_at` is the legal deadline on the administration's clock, pushed
    back by each pause. `version` is checked and bumped on every write (optimistic
    locking).
    """

    __table_args__ = (
        Index("ix_dossier_queue", "service_id", "status", "due_at"),
        Index("ix_dossier_open", "status", "procedure_id", "submitted_at", "due_at",
              "paused_at", "applicant_wait_seconds", "province_id"),
        Index("ix_dossier_applicant", "applicant_id", "status"),
        Index("ix_dossier_procedure", "procedure_id", "province_id"),
        # The decided dossiers' times, each in the orders the indicators read them in
        # (services/indicators.py): a median is the value found after skipping half of
        # a group's entries in one of these, without sorting anything.
        _decided_index("ix_dossier_admin_rank", "procedure_id", "admin_days", "decided_at",
                        "province_id", "status", "due_at"),
        _decided_index("ix_dossier_calendar_rank", "procedure_id", "calendar_days",
                        "decided_at", "province_id"),
        _decided_index("ix_dossier_admin_order", "admin_days", "decided_at", "province_id",
                        "procedure_id"),
        _decided_index("ix_dossier_calendar_order", "calendar_days", "decided_at",
                        "province_id", "procedure_id"),
        _decided_index("ix_dossier_decided_when", "decided_at", "procedure_id", "province_id",
                        "status", "admin_days", "due_at"),
        CheckConstraint(
            "status NOT IN ('accepted', 'rejected') "
            "OR (admin_days IS NOT NULL AND calendar_days IS NOT NULL)",
            name="ck_dossier_decided_days"),
    )

    id: int | None = Field(default=None, primary_key=True)
    procedure_id: int = Field(foreign_key="procedure.id")
    service_id: int = Field(foreign_key="service.id")
    province_id: int | None = Field(default=None, foreign_key="province.id", index=True)
    applicant_id: int | None = Field(default=None, foreign_key="account.id")
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    status: str = Field(default="draft", max_length=16, index=True)
    channel: str = Field(default=Channel.ONLINE, max_length=16)
    tracking_code: str | None = Field(default=None, max_length=16, unique=True)
    pin_hash: str | None = Field(default=None, max_length=255)
    # The language of the dossier's documents, fixed at filing (domain.languages).
    lang: str = Field(default="fr", max_length=5)
    form_schema: dict[str, Any] = Field(default_factory=dict, sa_column=_json())
    form_data: dict[str, Any] = Field(default_factory=dict, sa_column=_json())
    # Assisted filing: the person at the counter, and their recorded consent.
    filed_by_id: int | None = Field(default=None, foreign_key="account.id")
    person_name: str | None = Field(default=None, max_length=200)
    person_cin: str | None = Field(default=None, max_length=10)
    person_mobile: str | None = Field(default=None, max_length=16)
    consent_at: datetime | None = None
    assigned_to_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None
    due_at: datetime | None = None
    paused_at: datetime | None = None
    applicant_wait_seconds: float = 0.0
    decided_at: datetime | None = None
    # Written with the decision (domain.clock.decided_days), never changed afterwards.
    calendar_days: float | None = None
    admin_days: float | None = None
    decision_note: str | None = None
    verification_code: str | None = Field(default=None, max_length=32, unique=True)
    receipt_name: str | None = Field(default=None, max_length=80)
    decision_name: str | None = Field(default=None, max_length=80)
    # The law in the lifecycle: an urgent access-to-information request; its one extension
    # (law 31-13); the one complement request and what it asked for (law 55-19); an
    # acceptance by the administration's silence at the deadline.
    urgent: bool = False
    extended_at: datetime | None = None
    extension_reason: str | None = None
    complement_requested_at: datetime | None = None
    complement_items: list[str] = Field(default_factory=list, sa_column=_json())
    accepted_by_silence: bool = False
    # Law 09-08: the applicant warned before the personal data go; the day they went.
    retention_warned_at: datetime | None = None
    purged_at: datetime | None = None
    version: int = 1


class Document(SQLModel, table=True):
    """A file attached to a dossier, kept in private storage under `stored_name`."""

    __table_args__ = (
        # Paper figures: by channel and period; or of the dossiers a filter selects.
        Index("ix_document_paper", "channel", "uploaded_at", "content_type", "pages"),
        Index("ix_document_dossier", "dossier_id", "channel", "uploaded_at", "content_type",
              "pages"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id")
    doc_code: str = Field(max_length=48)
    original_name: str = Field(max_length=255)
    stored_name: str = Field(max_length=80, unique=True)
    content_type: str = Field(max_length=64)
    size_bytes: int
    pages: int = 1
    sha256: str = Field(max_length=64)
    channel: str = Field(default=Channel.ONLINE, max_length=16)
    scan_status: str = Field(default="pending", max_length=16)
    uploaded_by_id: int | None = Field(default=None, foreign_key="account.id")
    uploaded_at: datetime = Field(default_factory=utcnow)


class StatusChange(SQLModel, table=True):
    """The audit trail of transitions: append-only, each entry hashing the previous.

    An entry is a dossier's or a petition's, never both. The hash covers `note_sha256`, not
    the note: a purge (law 09-08) erases the note, free text that may be personal, and the
    chain still verifies."""

    __table_args__ = (
        CheckConstraint("(dossier_id IS NULL) <> (petition_id IS NULL)",
                        name="ck_statuschange_subject"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int | None = Field(default=None, foreign_key="dossier.id", index=True)
    petition_id: int | None = Field(default=None, foreign_key="petition.id", index=True)
    actor_id: int | None = Field(default=None, foreign_key="account.id")
    at: datetime = Field(default_factory=utcnow)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str = Field(max_length=16)
    note: str | None = None
    note_sha256: str = Field(default="", max_length=64)
    prev_hash: str = Field(default="", max_length=64)
    entry_hash: str = Field(default="", max_length=64)


class Message(SQLModel, table=True):
    """A message on a dossier: an information request, an answer, a note."""

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="account.id")
    kind: str = Field(default="message", max_length=24)
    body: str
    at: datetime = Field(default_factory=utcnow)


class HistoricalRecord(SQLModel, table=True):
    """A paper-era case, imported to compute a procedure's pre-digital baseline."""

    id: int | None = Field(default=None, primary_key=True)
    procedure_id: int = Field(foreign_key="procedure.id", index=True)
    received_on: date
    decided_on: date
    outcome: str = Field(max_length=16)
    imported_at: datetime = Field(default_factory=utcnow)


class UserSession(SQLModel, table=True):
    """A signed-in browser. Only the SHA-256 of its random token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    ended_at: datetime | None = None
    client_ip: str | None = Field(default=None, max_length=64)


class SessionTicket(SQLModel, table=True):
    """A single-use ticket, valid for a minute, that the page exchanges at `/api/session`
    for the HttpOnly session cookie (SECURITY 27). Only its SHA-256 is stored; the session's
    token is replaced at the exchange, so the cookie's value never reaches page JavaScript."""

    id: int | None = Field(default=None, primary_key=True)
    ticket_hash: str = Field(max_length=64, unique=True)
    session_id: int = Field(index=True)
    expires_at: datetime


class Attempt(SQLModel, table=True):
    """A sign-in or public-tracking attempt, counted to throttle guessing."""

    __table_args__ = (Index("ix_attempt_lookup", "kind", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    key: str = Field(max_length=160)
    at: datetime = Field(default_factory=utcnow)
    success: bool = False
    # The account or code tried (on an address's row): an address's successes are
    # counted per different account (services.throttle).
    subject: str | None = Field(default=None, max_length=160)


class PendingSignup(SQLModel, table=True):
    """A sign-up waiting to become an account (SECURITY 31): opened by its e-mailed link
    (only the SHA-256 of the link's token is kept) or, without an e-mail, by an agent who
    checks the CIN at a counter. The password is kept only as its hash."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    channel: str = Field(max_length=16)
    token_hash: str | None = Field(default=None, max_length=64, unique=True)
    email: str | None = Field(default=None, max_length=254, index=True)
    mobile: str | None = Field(default=None, max_length=16, index=True)
    cin: str = Field(max_length=10, index=True)
    lang: str = Field(default="fr", max_length=5)
    password_hash: str = Field(max_length=255)
    details: dict[str, str] = Field(default_factory=dict, sa_column=_json())
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
    account_id: int | None = Field(default=None, foreign_key="account.id")


class PasswordReset(SQLModel, table=True):
    """A single-use way to choose a new password: an e-mailed link, or a code an agent
    handed over at the counter after checking the CIN. Only the SHA-256 is kept."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    channel: str = Field(max_length=16)
    token_hash: str = Field(max_length=64, unique=True)
    issued_by_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class AccountEvent(SQLModel, table=True):
    """The audit trail of what happens to accounts (activation, password reset, a code
    given at a counter), with who did it: append-only, never updated."""

    __table_args__ = (Index("ix_accountevent_account", "account_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="account.id")
    actor_id: int | None = Field(default=None, foreign_key="account.id")
    kind: str = Field(max_length=32)
    channel: str = Field(default="", max_length=16)
    client_ip: str | None = Field(default=None, max_length=64)
    at: datetime = Field(default_factory=utcnow)


class AuditHead(SQLModel, table=True):
    """The last link of the audit chain (one row): deleting the newest entry shows too."""

    id: int | None = Field(default=None, primary_key=True)
    last_id: int = 0
    last_hash: str = Field(default="", max_length=64)


class OutboxMessage(SQLModel, table=True):
    """An e-mail to send. Written in the same transaction as the event it tells of, sent
    later (and retried) by the mail sender, so a mail server never blocks a transition."""

    __table_args__ = (Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int | None = Field(default=None, foreign_key="dossier.id", index=True)
    kind: str = Field(max_length=24)
    to_address: str = Field(max_length=254)
    lang: str = Field(default="fr", max_length=5)
    subject: str = Field(max_length=300)
    body: str
    created_at: datetime = Field(default_factory=utcnow)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)


class HolidayCorrection(SQLModel, table=True):
    """An administrator's correction of the holidays package's Morocco calendar: a day that
    is a holiday (a confirmed lunar date), or a package day that is not one. Without a
    region it applies nationally (the consortium's administrators); with one, to that
    region only, over the national rule."""

    __table_args__ = (Index("ix_holidaycorrection_day", "day", "region_id"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date
    region_id: int | None = Field(default=None, foreign_key="region.id")
    is_holiday: bool = True
    name: dict[str, str] = Field(default_factory=dict, sa_column=_json())
    reason: str = Field(default="", max_length=500)
    created_by_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow)


class Job(SQLModel, table=True):
    """One background job's schedule and record. The runner that holds the job's lock
    (PostgreSQL: an advisory lock on its name) runs it; the lock dies with a crashed
    runner's connection, so another takes over (counter.services.jobs)."""

    name: str = Field(primary_key=True, max_length=32)
    next_run_at: datetime = Field(default_factory=utcnow)
    runs: int = 0
    # Failures in a row (the retry's backoff), and since the installation (for the metrics).
    failures: int = 0
    failures_total: int = 0
    last_started_at: datetime | None = None
    last_finished_at: datetime | None = None
    last_runner: str | None = Field(default=None, max_length=100)
    last_error: str | None = Field(default=None, max_length=500)


# --- petitions to a regional council (organic law 111-14; domain.petitions) ----------------


class PetitionSettings(SQLModel, table=True):
    """One version of a region's rules for petitions, with their legal reference and
    source. Never updated: a change is a new version, and a published petition keeps the
    version it was published with. `service_id` is the council's petitions service, whose
    agents enter paper sheets and record the bureau's decisions."""

    __table_args__ = (UniqueConstraint("region_id", "version",
                                       name="uq_petitionsettings_version"),)

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    version: int = 1
    service_id: int | None = Field(default=None, foreign_key="service.id")
    minimum_signatures: int = Field(ge=1)
    # A decimal written as text ("5", "4.5"): the spread rule is computed exactly.
    spread_pct: str = Field(default="5", max_length=12)
    eligible_bases: list[str] = Field(default_factory=list, sa_column=_json())
    signature_days: int = Field(default=90, ge=1)
    legal_reference: str = Field(max_length=300)
    source: str = Field(max_length=500)
    population: int | None = None
    census_year: int | None = None
    created_by_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow)


class Association(SQLModel, table=True):
    """An association's profile: registration, seat or branches, its representative and
    the documents that prove it (statutes, registration receipt) in private storage."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    registration_number: str = Field(max_length=64, unique=True)
    registered_on: date
    seat_region_id: int = Field(foreign_key="region.id")
    branch_region_ids: list[int] = Field(default_factory=list, sa_column=_json())
    in_good_standing: bool = True
    representative_id: int = Field(foreign_key="account.id", index=True)
    # [{"doc_code": "statutes" | "registration_receipt", "stored_name": ..., "sha256": ...}]
    documents: list[dict[str, Any]] = Field(default_factory=list, sa_column=_json())
    created_at: datetime = Field(default_factory=utcnow)


class Petition(SQLModel, table=True):
    """A petition to one region's council, from draft to the council's answer.

    Its status follows domain.petitions; `version` is checked and bumped on every write
    (optimistic locking). The tracking code and PIN come with the deposit's receipt."""

    __table_args__ = (Index("ix_petition_register", "region_id", "status", "published_at"),)

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id")
    kind: str = Field(max_length=16)
    status: str = Field(default="draft", max_length=16, index=True)
    title: str = Field(max_length=200)
    request: str
    reasons: str
    lang: str = Field(default="fr", max_length=5)
    author_id: int = Field(foreign_key="account.id", index=True)
    association_id: int | None = Field(default=None, foreign_key="association.id")
    settings_id: int | None = Field(default=None, foreign_key="petitionsettings.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None
    closes_at: datetime | None = None
    deposited_at: datetime | None = None
    decision_due_at: datetime | None = None
    decided_at: datetime | None = None
    answered_at: datetime | None = None
    withdrawn_at: datetime | None = None
    tracking_code: str | None = Field(default=None, max_length=16, unique=True)
    pin_hash: str | None = Field(default=None, max_length=255)
    version: int = 1


class PetitionRepresentative(SQLModel, table=True):
    """The representative or the deputy of a citizens' petition, and their answer."""

    __table_args__ = (
        UniqueConstraint("petition_id", "role", name="uq_petitionrep_role"),
        UniqueConstraint("petition_id", "account_id", name="uq_petitionrep_account"),
    )

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petition.id", index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    role: str = Field(max_length=16)  # "representative" or "deputy"
    invited_at: datetime = Field(default_factory=utcnow)
    accepted_at: datetime | None = None
    declined_at: datetime | None = None


class PetitionSheet(SQLModel, table=True):
    """A paper signature sheet, entered by an agent of the petitions service."""

    __table_args__ = (UniqueConstraint("petition_id", "number", name="uq_petitionsheet_number"),)

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petition.id", index=True)
    number: str = Field(max_length=32)
    entered_by_id: int = Field(foreign_key="account.id")
    entered_at: datetime = Field(default_factory=utcnow)


class PetitionSignature(SQLModel, table=True):
    """One signature, online or on a paper sheet. One per CIN per petition, whatever the
    channel: the unique constraint counts two tabs, or a tab and a sheet at once, once.
    Names and CINs are for the bureau only, never in a public row."""

    __table_args__ = (
        UniqueConstraint("petition_id", "cin", name="uq_petitionsignature_cin"),
        Index("ix_petitionsignature_count", "petition_id", "province_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petition.id")
    cin: str = Field(max_length=10)
    full_name: str = Field(max_length=200)
    province_id: int = Field(foreign_key="province.id")
    basis: str = Field(max_length=16)
    channel: str = Field(max_length=16)  # "online" or "paper"
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    sheet_id: int | None = Field(default=None, foreign_key="petitionsheet.id", index=True)
    line_number: int | None = None
    signed_at: datetime = Field(default_factory=utcnow)


class PetitionDecision(SQLModel, table=True):
    """The bureau's decision: admissible (to a committee, on a session's agenda) or refused
    with its reasons."""

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petition.id", unique=True)
    outcome: str = Field(max_length=16)  # "admissible" or "refused"
    committee: str | None = Field(default=None, max_length=200)
    session_on: date | None = None
    reasons: str | None = None
    decided_by_id: int = Field(foreign_key="account.id")
    decided_at: datetime = Field(default_factory=utcnow)


class PetitionAnswer(SQLModel, table=True):
    """The council's answer to an admissible petition, published after the session."""

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petition.id", unique=True)
    text: str
    published_by_id: int = Field(foreign_key="account.id")
    published_at: datetime = Field(default_factory=utcnow)
