"""Open data: the published indicators and one anonymous row per dossier (SECURITY 24),
for the consortium or for one region (`region`, its code).

Nothing personal leaves through here: no name, CIN, ICE, phone, e-mail, tracking code or free
text (form answers, messages, reasons). A dossier row is built from an explicit list of
columns of codes, statuses and times, so a column added to the tables later is not published
by accident. Exports stream: rows are read from the database in batches and written out as
text chunks, so a million dossiers never sit in memory.

No row singles a person out (SECURITY 35, domain.disclosure): days, not times; durations in
whole days; a (procedure, province, month) group of fewer than 5 dossiers has its province
withheld or, when the procedure has fewer than 5 dossiers in the month, is not published.
`dossier_tally` says how many rows of a download were withheld or suppressed; the data
package and the download's headers carry it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlmodel import Session, col

from counter.domain.clock import DAY, admin_days
from counter.domain.disclosure import (
    K_ANONYMITY,
    Cell,
    Disclosure,
    Tally,
    day_of,
    month_of,
    plan_disclosure,
    whole_days,
)
from counter.domain.lifecycle import DECIDED_STATUSES, Status
from counter.domain.names import pick
from counter.models import Dossier, Procedure, Province, Region, Service
from counter.services.sql import year_month

if TYPE_CHECKING:
    from counter.services.indicators import IndicatorReport

DOSSIER_FIELDS: tuple[str, ...] = (
    "region", "procedure_code", "service", "province", "channel", "status", "submitted_on",
    "decided_on", "applicant_wait_days", "admin_days",
)

INDICATOR_FIELDS: tuple[str, ...] = (
    "region", "procedure_code", "procedure_name_fr", "procedure_name_ar", "procedure_name_en",
    "service_code", "decided_count", "accepted_count", "rejected_count",
    "median_admin_days", "p90_admin_days", "mean_admin_days", "median_calendar_days",
    "baseline_median_days", "baseline_source", "reduction_pct", "target_reduction_pct",
    "target_met", "legal_deadline_days", "on_time_pct", "open_count", "open_overdue_count",
    "verdict",
)

DAYS_DECIMALS = 4
PACKAGE_NAME = "guichet-numerique-indicateurs"
OPEN_DATA_PATH = "/api/open-data"
# CC-BY-4.0: an Open Definition conformant licence that only asks for attribution, known and
# translated in French and Arabic, usable by anyone (a journalist, a university, another
# administration) without a national licence to read first.
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


# --- periods ------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date:
    """A calendar day written YYYY-MM-DD, strictly (ValueError otherwise)."""
    if not _ISO_DAY.fullmatch(text.strip()):
        raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}")
    return date.fromisoformat(text.strip())



def period_start(day: date | None) -> datetime | None:
    """00:00 UTC of a day: the bound services.indicators uses, so both datasets agree."""
    if day is None:
        return None
    return datetime.combine(day, time(0), tzinfo=UTC)


def open_data_query(region: str | None, date_from: date | None, date_to: date | None) -> str:
    """`?region=...&from=...&to=...` for the region and period given, or nothing."""
    params = {name: value for name, value in (
        ("region", region), ("from", date_from.isoformat() if date_from else None),
        ("to", date_to.isoformat() if date_to else None)) if value}
    return f"?{urlencode(params)}" if params else ""


# --- regions ------------------------------------------------------------------------------


def regions(session: Session) -> list[Region]:
    """The consortium's regions, by code: what `region` may name."""
    return list(session.execute(select(Region).order_by(col(Region.code))).scalars())


def latest_decision(session: Session) -> datetime | None:
    """When the latest decision was taken: the last change of the decided figures."""
    return session.execute(select(func.max(Dossier.decided_at)).where(
        col(Dossier.admin_days).is_not(None))).scalar()


# --- per dossier --------------------------------------------------------------------------


def _base(statement: Any, region: str | None) -> Any:
    """The dossiers open data speaks of: submitted (past draft), of one region if given."""
    statement = (
        statement.join(Procedure, col(Procedure.id) == Dossier.procedure_id)
        .join(Service, col(Service.id) == Dossier.service_id)
        .join(Region, col(Region.id) == Service.region_id)
        .outerjoin(Province, col(Province.id) == Dossier.province_id)
        .where(col(Dossier.submitted_at).is_not(None), Dossier.status != Status.DRAFT)
    )
    return statement if region is None else statement.where(Region.code == region)


def _in_period(statement: Any, date_from: date | None, date_to: date | None) -> Any:
    start, end = period_start(date_from), period_start(date_to)
    if start is not None:
        statement = statement.where(col(Dossier.submitted_at) >= start)
    if end is not None:
        statement = statement.where(col(Dossier.submitted_at) < end)
    return statement


def _cell_counts(session: Session, *, region: str | None, date_from: date | None = None,
                 date_to: date | None = None) -> dict[Cell, int]:
    month = year_month(Dossier.submitted_at)
    statement = _in_period(_base(select(Procedure.code, Province.code, month, func.count()),
                                 region), date_from, date_to)
    statement = statement.group_by(Procedure.code, Province.code, month)
    return {(procedure, province, period): count
            for procedure, province, period, count in session.execute(statement)}


def disclosure(session: Session, *, date_from: date | None, date_to: date | None,
               region: str | None = None) -> tuple[Disclosure, dict[Cell, int]]:
    """How each (procedure, province, month) group is published in a download, and the
    download's dossiers by cell. Planned over every month (not the period asked for), so
    that every download publishes a row the same way, then narrowed to the download."""
    plan = plan_disclosure(_cell_counts(session, region=region))
    if date_from is None and date_to is None:
        return plan, _cell_counts(session, region=region)
    counts = _cell_counts(session, region=region, date_from=date_from, date_to=date_to)
    return plan.for_download(counts), counts


def dossier_tally(session: Session, *, date_from: date | None, date_to: date | None,
                  region: str | None = None) -> Tally:
    """Of the dossiers of a download: how many rows are published, suppressed, withheld."""
    plan, counts = disclosure(session, date_from=date_from, date_to=date_to, region=region)
    return plan.tally(counts)


def dossier_rows(
    session: Session,
    *,
    date_from: date | None,
    date_to: date | None,
    region: str | None = None,
    batch: int = 5000,
) -> Iterator[dict[str, Any]]:
    """One anonymous row per dossier submitted in [from, to), of one region if given (its
    code; the caller checks it), read `batch` rows at a time, under the disclosure rule.

    Days are UTC calendar days (YYYY-MM-DD); durations are whole days, empty (None) until
    the dossier is decided.
    """
    plan, _ = disclosure(session, date_from=date_from, date_to=date_to, region=region)
    statement = _in_period(_base(select(
        Region.code, Procedure.code, Service.code, Province.code, Dossier.channel,
        Dossier.status, Dossier.submitted_at, Dossier.decided_at,
        Dossier.applicant_wait_seconds,
    ), region), date_from, date_to).order_by(col(Dossier.id)).execution_options(
        yield_per=batch)
    decided = {status.value for status in DECIDED_STATUSES}
    for (region_code, procedure, service, province, channel, status, submitted_at,
         decided_at, wait_seconds) in session.execute(statement):
        cell = (procedure, province, month_of(submitted_at))
        if not plan.published(cell):
            continue
        is_decided = status in decided and decided_at is not None
        yield {
            "region": region_code,
            "procedure_code": procedure,
            "service": service,
            "province": plan.provinces[cell],
            "channel": channel,
            "status": status,
            "submitted_on": day_of(submitted_at),
            "decided_on": day_of(decided_at),
            "applicant_wait_days": whole_days(wait_seconds / DAY) if is_decided else None,
            "admin_days": whole_days(admin_days(submitted_at, wait_so_far=wait_seconds,
                                                paused_at=None, end=decided_at))
            if is_decided else None,
        }


# --- indicators ---------------------------------------------------------------------------


def indicator_rows(
    session: Session, *, date_from: date | None, date_to: date | None,
    region: str | None = None,
) -> list[dict[str, Any]]:
    """One row per procedure, then one region-wide row per region (procedure_code None),
    then the consortium's (region None too); of one region if given (its procedures, then
    its row: the consortium's is not its figure). Raises UnknownCode for an unknown region.
    """
    from counter.services.indicators import compute_indicators

    return report_rows(compute_indicators(session, date_from=date_from, date_to=date_to,
                                          region_code=region))


def report_rows(report: IndicatorReport) -> list[dict[str, Any]]:
    """The published rows of computed indicators (see indicator_rows): the same rows
    whether the report was computed for the download or for the page that links to it."""
    rows = [*report.procedures, *report.regions,
            *([report.total] if report.region_code is None else [])]
    return [{name: _published(row.get("region_code" if name == "region" else name))
             for name in INDICATOR_FIELDS} for row in rows]


def _published(value: Any) -> Any:
    """Figures to 4 decimals: beyond that they are noise, and the files stay readable."""
    return round(value, DAYS_DECIMALS) if isinstance(value, float) else value


# --- writers ------------------------------------------------------------------------------


# A text cell a spreadsheet would run as a formula (CSV injection, SECURITY 34).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as typed, never run
    return value


BOM = "\ufeff"
"""UTF-8's byte order mark: what tells a spreadsheet (Excel) that the file is UTF-8."""


def csv_chunks(
    fields: Iterable[str], rows: Iterable[Mapping[str, Any]], *, rows_per_chunk: int = 1000,
    bom: bool = False,
) -> Iterator[str]:
    """RFC 4180 CSV (comma, CRLF, UTF-8), header first, as text chunks of some rows each.

    Empty cell for a missing value, true/false for booleans (Table Schema's defaults).
    `bom`: the file starts with the byte order mark, for spreadsheets that would otherwise
    read UTF-8 as their local code page and garble Arabic; the files machines read (and
    the data package describes) have none.
    """
    fields = tuple(fields)
    buffer = io.StringIO(BOM if bom else "")
    buffer.seek(0, io.SEEK_END)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    pending = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(name)) for name in fields])
        pending += 1
        if pending >= rows_per_chunk:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def json_chunks(
    fields: Iterable[str], rows: Iterable[Mapping[str, Any]], *, rows_per_chunk: int = 1000
) -> Iterator[str]:
    """A JSON array of objects (keys in `fields` order), as text chunks of some rows each."""
    fields = tuple(fields)
    parts: list[str] = []
    separator = "[\n"
    for row in rows:
        parts.append(separator + json.dumps({name: row.get(name) for name in fields},
                                            ensure_ascii=False, allow_nan=False))
        separator = ",\n"
        if len(parts) >= rows_per_chunk:
            yield "".join(parts)
            parts.clear()
    parts.append("[]\n" if separator == "[\n" else "\n]\n")
    yield "".join(parts)


# --- Data Package descriptor --------------------------------------------------------------

SPREADSHEET_NOTE = (
    "UTF-8 sans BOM, tel que décrit ici. Pour un tableur (Excel), le même fichier avec "
    "&bom=1 (ou ?bom=1) commence par le BOM UTF-8 (octets EF BB BF), qui lui fait lire "
    "l'arabe correctement ; les données sont les mêmes."
)

_S, _I, _N, _B, _D = "string", "integer", "number", "boolean", "date"

INDICATOR_SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("region", _S,
     "Code de la région dont l'administration traite la procédure (celle du service) ; sur "
     "une ligne qui résume une région, son code ; vide sur la ligne qui résume les quatre "
     "régions du consortium."),
    ("procedure_code", _S,
     "Code de la procédure du catalogue ; vide sur les lignes qui résument une région ou "
     "tout le consortium."),
    ("procedure_name_fr", _S, "Nom de la procédure en français."),
    ("procedure_name_ar", _S, "Nom de la procédure en arabe."),
    ("procedure_name_en", _S, "Nom de la procédure en anglais."),
    ("service_code", _S, "Code du service administratif qui traite la procédure."),
    ("decided_count", _I,
     "Nombre de dossiers décidés (acceptés ou rejetés) pendant la période [from, to), "
     "jours comptés de 00:00 à 00:00 UTC."),
    ("accepted_count", _I, "Nombre de dossiers acceptés pendant la période."),
    ("rejected_count", _I, "Nombre de dossiers rejetés pendant la période."),
    ("median_admin_days", _N,
     "Médiane du temps de l'administration, en jours fractionnaires (4 décimales), des "
     "dossiers décidés : "
     "admin_days = calendar_days - applicant_wait_days, où calendar_days est le temps entre la "
     "première soumission et la décision (secondes / 86400) et applicant_wait_days le temps "
     "passé à attendre le demandeur (statut info_requested). Percentile par interpolation "
     "linéaire entre les rangs les plus proches."),
    ("p90_admin_days", _N,
     "90e percentile du temps de l'administration (admin_days), en jours, par interpolation "
     "linéaire : 90 % des dossiers décidés l'ont été en ce temps ou moins."),
    ("mean_admin_days", _N, "Moyenne du temps de l'administration (admin_days), en jours."),
    ("median_calendar_days", _N,
     "Médiane du délai calendaire (calendar_days) : de la première soumission à la décision, "
     "en jours, temps d'attente du demandeur compris."),
    ("baseline_median_days", _I,
     "Référence d'avant le numérique : médiane, en jours entiers, du délai (decided_on - "
     "received_on) des registres papier importés pour la procédure ; à défaut, la référence "
     "saisie par l'administrateur sur la procédure."),
    ("baseline_source", _S,
     "Origine de la référence : history (registres papier importés) ou catalog (valeur "
     "saisie dans le catalogue) ; vide sans référence."),
    ("reduction_pct", _N,
     "Réduction du délai, en % : 100 x (baseline_median_days - median_admin_days) / "
     "baseline_median_days. Pour une région et pour le consortium : moyenne des réductions "
     "des procédures ayant une référence, pondérée par leur nombre de dossiers décidés ; "
     "leurs médianes, percentiles, moyennes et parts dans le délai portent sur tous leurs "
     "dossiers décidés."),
    ("target_reduction_pct", _N,
     "Réduction visée, en % (50 sauf si la procédure en fixe une autre ; engagement du plan "
     "d'action OGP 2025-2027)."),
    ("target_met", _B, "Vrai si reduction_pct >= target_reduction_pct ; vide sans "
                       "reduction_pct."),
    ("legal_deadline_days", _I, "Délai légal de la procédure, en jours ; vide sur les lignes "
                                "qui résument une région ou le consortium."),
    ("on_time_pct", _N,
     "Part, en %, des dossiers décidés dont le temps de l'administration (admin_days) ne "
     "dépasse pas le délai légal en vigueur au dépôt du dossier."),
    ("open_count", _I, "Nombre de dossiers en cours aujourd'hui (soumis, en instruction, ou en "
                       "attente d'informations du demandeur), parmi ceux soumis avant la fin "
                       "de la période."),
    ("open_overdue_count", _I,
     "Parmi les dossiers en cours, ceux dont le temps de l'administration écoulé (horloge "
     "arrêtée pendant l'attente du demandeur) dépasse déjà le délai légal."),
    ("verdict", _S,
     "Appréciation, qui pèse la réduction du délai ET le respect du délai légal : "
     "behind si moins de 50 % des dossiers décidés l'ont été dans le délai légal "
     "(on_time_pct < 50), ou si la réduction est inférieure à la moitié de la cible (plus "
     "lent qu'avant compris) ; target_met si reduction_pct >= target_reduction_pct et "
     "on_time_pct >= 90 ; on_track dans les autres cas où la réduction atteint au moins la "
     "moitié de la cible ; no_data si aucun dossier n'a été décidé, ou sans référence quand "
     "au moins la moitié des dossiers ont été décidés dans le délai."),
)

DOSSIER_SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("region", _S, "Code de la région dont l'administration traite le dossier."),
    ("procedure_code", _S, "Code de la procédure du catalogue."),
    ("service", _S, "Code du service administratif qui traite le dossier."),
    ("province", _S, "Code de la province ou préfecture indiquée dans le dossier ; vide si la "
                     "procédure ne la demande pas, ou si elle n'est pas publiée : une province "
                     f"où moins de {K_ANONYMITY} dossiers de la procédure ont été soumis dans "
                     "le mois est fusionnée au niveau de la région (voir la description)."),
    ("channel", _S, "Canal de dépôt : online (en ligne par le demandeur) ou assisted (déposé "
                    "au guichet par un agent, avec le consentement de la personne)."),
    ("status", _S, "Statut actuel : submitted, in_review, info_requested, accepted, rejected "
                   "ou withdrawn."),
    ("submitted_on", _D, "Jour (UTC) de la première soumission ; jamais l'heure."),
    ("decided_on", _D, "Jour (UTC) de la décision ; vide si le dossier n'est pas décidé."),
    ("applicant_wait_days", _I,
     "Temps total passé à attendre le demandeur (statut info_requested, de la demande "
     "d'information à la réponse), en jours entiers (arrondi au plus proche) ; vide si le "
     "dossier n'est pas décidé."),
    ("admin_days", _I,
     "Temps de l'administration : délai calendaire (décision - première soumission) moins le "
     "temps d'attente du demandeur, en jours entiers (arrondi au plus proche) ; vide si le "
     "dossier n'est pas décidé. Les indicateurs (indicators) sont calculés sur les durées "
     "exactes de tous les dossiers : une médiane recalculée ici peut en différer."),
)

PETITION_SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("id", _I, "Numéro de la pétition dans le registre public (/petitions)."),
    ("region", _S, "Code de la région dont le conseil reçoit la pétition."),
    ("kind", _S, "citizens (pétition de citoyens, avec signatures) ou association (pétition "
                 "d'une association, sans seuil de signatures) ; loi organique 111-14, "
                 "articles 120 à 122."),
    ("petition_status", _S,
     "Statut : collecting (en signature), deposited (déposée auprès du président du "
     "conseil), admissible (déclarée recevable par le bureau), refused (irrecevable), "
     "answered (réponse du conseil publiée) ou lapsed (période de signature terminée sans "
     "dépôt)."),
    ("published_on", _D, "Jour (UTC) d'ouverture aux signatures ; vide pour une pétition "
                         "d'association."),
    ("deposited_on", _D, "Jour (UTC) du dépôt ; vide avant le dépôt."),
    ("decided_on", _D, "Jour (UTC) de la décision du bureau ; vide avant la décision."),
    ("answered_on", _D, "Jour (UTC) de la publication de la réponse du conseil."),
    ("signatures", _I, "Nombre de signatures (en ligne et sur papier, une par CIN) ; vide "
                       "pour une pétition d'association."),
    ("minimum", _I, "Signatures exigées par les règles de la région en vigueur à la "
                    "publication de la pétition."),
    ("decided_within_two_months", _B,
     "Vrai si le bureau a statué dans les deux mois du dépôt (article 122) ; vide avant "
     "la décision."),
)

_CONSTRAINTS: dict[str, dict[str, Any]] = {
    "kind": {"enum": ["citizens", "association"]},
    "petition_status": {"enum": ["collecting", "deposited", "admissible", "refused",
                                 "answered", "lapsed"]},
    "baseline_source": {"enum": ["history", "catalog"]},
    "verdict": {"enum": ["target_met", "on_track", "behind", "no_data"]},
    "channel": {"enum": ["online", "assisted"]},
    "status": {"enum": [s.value for s in Status if s != Status.DRAFT]},
}


def table_schema(fields: Iterable[tuple[str, str, str]], *, required: Iterable[str] = (),
                 region_codes: Iterable[str] = ()) -> dict[str, Any]:
    required = set(required)
    known = {**_CONSTRAINTS, "region": {"enum": sorted(region_codes)}}
    described = []
    for name, kind, description in fields:
        field: dict[str, Any] = {"name": name, "type": kind, "description": description}
        constraints = dict(known.get(name, {}))
        if name in required:
            constraints["required"] = True
        if constraints:
            field["constraints"] = constraints
        described.append(field)
    return {"fields": described, "missingValues": [""]}


def disclosure_note(tally: Tally) -> str:
    """What the dossiers file leaves out, and why, in the words of its description."""
    return (
        f"Pour qu'aucune personne ne puisse être reconnue (anonymat k >= {K_ANONYMITY}) : les "
        "dates sont données au jour, les durées en jours entiers ; dans chaque mois, une "
        f"province où moins de {K_ANONYMITY} dossiers d'une procédure ont été soumis n'est "
        "pas publiée (province vide, fusionnée au niveau de la région) et, quand la procédure "
        f"compte moins de {K_ANONYMITY} dossiers dans le mois, ses dossiers de ce mois ne sont "
        f"pas publiés. Pour cette période : {tally.published} dossier(s) publié(s), "
        f"{tally.suppressed} non publié(s) (suppressedRows), {tally.withheld} publié(s) sans "
        "leur province (withheldProvinceRows). Les indicateurs comptent tous les dossiers."
    )


def datapackage(base_url: str, date_from: date | None, date_to: date | None, *,
                regions: Iterable[Region], region: Region | None = None,
                tally: Tally | None = None) -> dict[str, Any]:
    """The Frictionless Data Package describing the open data, for the period given and
    the consortium or one of its `regions` (`region`): its files' paths say both. `tally`
    (dossier_tally of the same period and region) says what the dossiers file leaves out."""
    tally = tally or Tally(published=0, suppressed=0, withheld=0)
    base = base_url.rstrip("/") + OPEN_DATA_PATH
    query = open_data_query(region.code if region else None, date_from, date_to)
    period = "toute la période disponible"
    if date_from or date_to:
        period = (f"du {date_from.isoformat() if date_from else 'début'} "
                  f"au {date_to.isoformat() if date_to else 'présent'} (exclu ; jours en UTC)")
    codes = [r.code for r in regions]
    indicator_schema = table_schema(INDICATOR_SCHEMA, required=("decided_count", "open_count"),
                                    region_codes=codes)
    dossier_schema = table_schema(DOSSIER_SCHEMA, required=(
        "region", "procedure_code", "service", "channel", "status", "submitted_at"),
        region_codes=codes)
    petition_schema = table_schema(PETITION_SCHEMA, required=("id", "region", "kind",
                                                              "petition_status"),
                                   region_codes=codes)
    region_fr = pick(region.names, "fr") if region is not None else ""  # the package is in French
    if region is None:
        scope = ("pour les régions du consortium (" + ", ".join(
            f"{r.code} : {pick(r.names, 'fr')}" for r in regions) + ")")
        rows = ("par procédure, pour chaque région (champ region) et pour tout le consortium "
                "(region vide)")
    else:
        scope = f"pour la région {region_fr} ({region.code})"
        rows = "par procédure de la région et pour toute la région"
    return {
        "profile": "data-package",
        "name": PACKAGE_NAME if region is None else f"{PACKAGE_NAME}-{region.code.lower()}",
        "title": ("Guichet numérique régional : indicateurs de délai de traitement et dossiers"
                  + ("" if region is None else f" — {region_fr}")),
        "description": (
            "Données ouvertes et anonymes du guichet numérique régional (plan d'action OGP "
            "2025-2027 : réduire de 50 % le délai de traitement des procédures "
            f"administratives), {scope}, période {period}. "
            f"« indicators » donne, {rows}, les dossiers décidés "
            "pendant la période et le temps de l'administration (admin_days : délai "
            "calendaire moins le temps passé à attendre le demandeur), comparé à la référence "
            "d'avant le numérique. « dossiers » donne une ligne par dossier soumis pendant la "
            "période, sans aucune donnée personnelle (loi 09-08) : ni nom, ni CIN, ni ICE, ni "
            "téléphone, ni e-mail, ni texte libre."
        ),
        "homepage": base_url.rstrip("/"),
        "keywords": ["guichet numérique", "délais", "procédures administratives",
                     "gouvernement ouvert", "OGP", "Maroc"],
        "licenses": [LICENSE],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "indicators",
                "title": "Indicateurs de délai par procédure, par région et pour le "
                         "consortium" if region is None else
                         f"Indicateurs de délai par procédure et pour la région {region_fr}",
                "path": f"{base}/indicators.csv{query}",
                "description": SPREADSHEET_NOTE,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": indicator_schema,
            },
            {
                "profile": "tabular-data-resource",
                "name": "indicators-json",
                "title": "Indicateurs (mêmes données, en JSON)",
                "path": f"{base}/indicators.json{query}",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "schema": indicator_schema,
            },
            {
                "profile": "tabular-data-resource",
                "name": "dossiers",
                "title": "Dossiers anonymes, un par ligne",
                "path": f"{base}/dossiers.csv{query}",
                "description": f"{disclosure_note(tally)} {SPREADSHEET_NOTE}",
                "kAnonymity": K_ANONYMITY,
                "publishedRows": tally.published,
                "suppressedRows": tally.suppressed,
                "withheldProvinceRows": tally.withheld,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": dossier_schema,
            },
            {
                "profile": "tabular-data-resource",
                "name": "petitions",
                "title": "Pétitions aux conseils régionaux (loi organique 111-14), une par "
                         "ligne",
                "path": f"{base}/petitions.csv{query}",
                "description": ("Toutes les pétitions publiées, leur statut, leurs dates au "
                                "jour et leur nombre de signatures ; ni nom, ni CIN, ni texte "
                                "(loi 09-08) ; la période porte sur le jour de publication "
                                f"(de dépôt pour une association). {SPREADSHEET_NOTE}"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": petition_schema,
            },
        ],
    }


PETITION_FIELDS: tuple[str, ...] = tuple(name for name, _, _ in PETITION_SCHEMA)


def petition_rows(session: Session, region: str | None = None, date_from: date | None = None,
                  date_to: date | None = None) -> list[dict[str, Any]]:
    """Petitions as open data (services.petitions.open_data_rows: no name, CIN or text),
    of one region or of all four, published (an association's: deposited) in the period;
    `status` is published as `petition_status`."""
    from counter.services.petitions import open_data_rows

    rows = []
    for row in open_data_rows(session):
        day = date.fromisoformat(row["published_on"] or row["deposited_on"])
        if ((region is None or row["region"] == region)
                and (date_from is None or day >= date_from)
                and (date_to is None or day < date_to)):
            rows.append({**{k: v for k, v in row.items() if k != "status"},
                         "petition_status": row["status"]})
    return rows
