"""The product's command line: `python -m counter COMMAND`."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path

from counter.i18n import t
from counter.logs import say
from counter.settings import PROJECT_ROOT, SettingsError, get_settings


def _migrate(_args: argparse.Namespace) -> int:
    from counter.services.audit import audit_key
    from counter.services.migrations import upgrade_to_head

    audit_key()  # the audit key file exists from the first start (created if absent)
    upgrade_to_head()
    say("Database schema is up to date.")
    return 0


def _seed(_args: argparse.Namespace) -> int:
    from counter.db import session_scope
    from counter.services.demo_petitions import load_demo_petitions
    from counter.services.seed import load_demo_data

    with session_scope() as session:
        report = load_demo_data(session)
        # The demo petitions come after the catalog and accounts they use (their own
        # accounts, each region's petitions service), in the same transaction.
        for kind, n in load_demo_petitions(session).items():
            report.created[kind] = report.created.get(kind, 0) + n
        report.created = {kind: n for kind, n in report.created.items() if n}
    if report.total:
        details = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()))
        print(f"Demo data loaded: {details}.")
    else:
        print("Demo data already present: nothing added.")
    return 0


def _print_demo_accounts() -> None:
    from counter.services import demo_data
    from counter.services.demo_petitions import PETITION_ACCOUNTS

    print("Demo accounts (illustrative data; change or remove them before real use):")
    for account in [*demo_data.DEMO_ACCOUNTS, *PETITION_ACCOUNTS]:
        print(f"  {account['role']:<9} {account['email']:<32} {account['password']}")


def reflex_environment() -> dict[str, str]:
    """Environment for Reflex commands: offline-friendly, Node from the venv, npm, the state
    folder and worker count of the settings."""
    from counter.serving import server_environment

    return server_environment(get_settings(), dict(os.environ))


DEMO_HISTORY_DOSSIERS = 3000
DEMO_HISTORY_SEED = 2026


def _demo_history() -> None:
    """An illustrative past for the dashboards, once, on a database without dossiers."""
    from sqlmodel import func, select

    from counter.db import session_scope
    from counter.models import Dossier
    from counter.services.synthetic import generate_history

    with session_scope() as session:
        if session.exec(select(func.count()).select_from(Dossier)).one():
            return
        today = datetime.now(UTC).date()
        report = generate_history(session, dossiers=DEMO_HISTORY_DOSSIERS,
                                  seed=DEMO_HISTORY_SEED,
                                  now=datetime.combine(today, time(0), tzinfo=UTC))
    print(f"Demo history: {report.dossiers} synthetic dossiers (illustrative figures).")


def _serve(args: argparse.Namespace) -> int:
    from counter import serving

    settings = get_settings()
    if args.prebuilt:
        # Production: every line of the log is a JSON record, the server's included; and
        # /metrics sums the figures of every worker.
        os.environ.setdefault("REFLEX_LOG_JSON", "true")
        serving.metrics_folder(settings, os.environ)
        try:
            serving.check_build(settings)
        except serving.BuildMissing as error:
            print(f"serve --prebuilt: {error}", file=sys.stderr)
            return 1
    _migrate(args)
    if not args.no_demo:
        _seed(args)
        _demo_history()
    port = args.port
    if args.prebuilt:
        say(f"The counter is starting on {args.host}:{port}, for {settings.public_url}.")
    else:
        print()
        print(f"The counter is starting at http://localhost:{port}/ (first build takes a "
              "minute).")
    if not args.no_demo:
        _print_demo_accounts()
    if not args.prebuilt:
        print(flush=True)
    if args.prebuilt:
        # Replaced by the server (no parent left holding memory; systemd sees the server).
        os.chdir(PROJECT_ROOT)
        server = [sys.executable, "-m", "counter.serving", args.host, str(port)]
        os.execve(sys.executable, server, reflex_environment())  # noqa: S606
    command = [_reflex(), "run", "--env", args.env, "--single-port", "--frontend-port", str(port)]
    command += ["--backend-port", str(port), "--backend-host", args.host]
    return subprocess.call(command, cwd=PROJECT_ROOT, env=reflex_environment())


def _reflex() -> str:
    return shutil.which("reflex", path=os.path.dirname(sys.executable)) or "reflex"


def _build(args: argparse.Namespace) -> int:
    """The production frontend, once, for COUNTER_PUBLIC_URL (`serve --prebuilt` serves it).
    The compile reads the catalog: the schema is brought up to date first."""
    from counter import serving

    settings = get_settings()
    _migrate(args)
    command = [_reflex(), "export", "--frontend-only", "--no-zip", "--env", "prod"]
    code = subprocess.call(command, cwd=PROJECT_ROOT,
                           env=serving.build_environment(settings, dict(os.environ)))
    if code:
        return code
    serving.record_build(settings)
    print(f"Frontend built for {settings.public_url} in {serving.BUILD_DIR}.")
    return 0


def _create_admin(args: argparse.Namespace) -> int:
    """The first administrator is created here, explicitly: none exists after installation."""
    import getpass

    from counter.db import session_scope
    from counter.services.accounts import AccountError, create_staff

    password = os.environ.get("COUNTER_ADMIN_PASSWORD")
    if not password:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password again: "):
            print("The two passwords differ.", file=sys.stderr)
            return 1
    from counter.services.scope import region_by_code

    try:
        with session_scope() as session:
            region = region_by_code(session, args.region or "")
            if args.region and region is None:
                print(f"--region: no region {args.region!r}", file=sys.stderr)
                return 1
            account = create_staff(session, role="admin", full_name=args.name,
                                   email=args.email, password=password)
            account.region_id = region.id if region else None  # none: the consortium's
            account_id = account.id
    except AccountError as error:
        for field, key in error.errors.items():
            print(f"{field}: {t(key, 'en')}", file=sys.stderr)
        return 1
    print(f"Administrator {args.email} created (account {account_id}).")
    return 0


def _cleanup_files(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from counter.db import session_scope
    from counter.services.storage import remove_orphans
    from counter.settings import get_settings

    minutes = args.older_than_minutes or get_settings().orphan_grace_minutes
    with session_scope() as session:
        removed = remove_orphans(session, older_than=timedelta(minutes=minutes))
    print(f"Removed {len(removed)} orphan file(s).")
    return 0


def _jobs(args: argparse.Namespace) -> int:
    import logging

    from counter.logs import install_json_logs, install_log_escaping
    from counter.services.jobs import run_forever

    install_log_escaping()
    # The runner is production's (counter-jobs.service): JSON lines unless told otherwise.
    os.environ.setdefault("REFLEX_LOG_JSON", "true")
    install_json_logs()
    if not logging.getLogger().handlers:
        logging.basicConfig()
    logging.getLogger().setLevel(logging.INFO)
    run_forever(once=args.once)
    return 0


def _audit(args: argparse.Namespace) -> int:
    from counter.db import session_scope
    from counter.services.audit import verify_chain

    with session_scope() as session:
        report = verify_chain(session)
    if report.ok:
        print(f"Audit chain is whole: {report.checked} entries verified.")
        return 0
    print(f"Audit chain BROKEN at entry {report.broken_id}: {report.reason} "
          f"({report.checked} entries verified before it).", file=sys.stderr)
    return 1


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _backup(args: argparse.Namespace) -> int:
    """Database and documents of one instant, in one file; or, `restore`, that file back
    into an empty install, every file's SHA-256 checked (services.backup)."""
    from counter.services import backup

    settings = get_settings()
    run, word = ((backup.create_backup, "Backup") if args.command == "backup"
                 else (backup.restore_backup, "Restore"))
    try:
        report = run(Path(args.file), db_url=settings.db_url,
                     documents_dir=settings.documents_dir, progress=_progress)
    except backup.BackupError as error:
        print(f"{word} refused: {error}", file=sys.stderr)
        return 1
    return 1 if getattr(report, "missing", None) or not getattr(report, "chain_ok", True) else 0


def _purge(args: argparse.Namespace) -> int:
    """Law 09-08 retention: warnings, expired drafts, purged dossiers (services.retention)."""
    from counter.db import session_scope
    from counter.services.retention import run_retention

    if args.now and not args.dry_run:
        print("--now only previews: use it with --dry-run.", file=sys.stderr)
        return 2
    now = datetime.combine(args.now, time(0), tzinfo=UTC) if args.now else None
    with session_scope() as session:
        report = run_retention(session, now=now, dry_run=args.dry_run)
    if args.dry_run:
        print(f"Dry run, nothing changed. Would warn {report.warned_drafts} applicant(s) of a "
              f"draft's expiry and {report.warned_closed} of their closed dossier's purge; "
              f"would delete {report.expired_drafts} expired draft(s) and purge "
              f"{report.purged} dossier(s).")
        return 0
    print(f"Warned {report.warned_drafts} applicant(s) of a draft's expiry and "
          f"{report.warned_closed} of their closed dossier's purge ({report.mails} e-mail(s) "
          f"queued); deleted {report.expired_drafts} expired draft(s); purged {report.purged} "
          f"dossier(s); {report.files_removed} file(s) deleted.")
    if report.failed_batches:
        print(f"{report.failed_batches} batch(es) failed; they are tried again on the next "
              "run.", file=sys.stderr)
        return 1
    return 0


def _check_settings(_args: argparse.Namespace) -> int:
    settings = get_settings()
    for name, value in vars(settings).items():
        if name == "db_url":
            value = str(value).split("@")[-1]
        elif name in ("audit_key", "smtp_password") and value:
            value = "(set, not shown)"
        print(f"{name}: {value}")
    return 0


# --- history, indicators, open data -------------------------------------------------------


def _day_option(text: str) -> date:
    from counter.services.opendata import parse_day

    try:
        return parse_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number above 0, got {text!r}")
    return value


def _region_problem(args: argparse.Namespace) -> bool:
    from counter.db import session_scope
    from counter.services.opendata import regions

    if args.region is None:
        return False
    with session_scope() as session:
        codes = [region.code for region in regions(session)]
    if args.region not in codes:
        print(f"--region must be one of {', '.join(codes)}.", file=sys.stderr)
        return True
    return False


def _period_problem(args: argparse.Namespace) -> bool:
    if args.date_from and args.date_to and args.date_to <= args.date_from:
        print("--to must be a date after --from.", file=sys.stderr)
        return True
    return False


def _write_chunks(chunks: Iterable[str], output: str | None) -> None:
    """Text chunks to a file or to standard output, exactly as given (CSV keeps its CRLF)."""
    if output:
        with open(output, "w", encoding="utf-8", newline="") as file:
            for chunk in chunks:
                file.write(chunk)
        return
    stdout = sys.stdout.buffer
    try:
        for chunk in chunks:
            stdout.write(chunk.encode("utf-8"))
        stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error. Python's documented way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _import_history(args: argparse.Namespace) -> int:
    from counter.db import session_scope
    from counter.services.history import error_message, import_history

    path = Path(args.file)
    if not path.is_file():
        print(f"No such file: {path}", file=sys.stderr)
        return 2

    def progress(done: int, total: int) -> None:
        print(f"Imported {done:,}/{total:,} records ({100 * done // max(total, 1)}%)",
              file=sys.stderr, flush=True)

    print(f"Checking {path} ...", file=sys.stderr, flush=True)
    with session_scope() as session:
        report = import_history(session, path, progress=progress)
    if report.errors:
        for error in report.errors:
            print(error_message(error, "en"), file=sys.stderr)
        print(f"{len(report.errors)} problem(s) found: nothing was imported.", file=sys.stderr)
        return 1
    print(f"Imported {report.imported} historical record(s) from {path.name}.")
    return 0


_TABLE_COLUMNS = (
    ("procedure", "procedure_code"), ("decided", "decided_count"),
    ("median admin d", "median_admin_days"), ("p90 admin d", "p90_admin_days"),
    ("mean admin d", "mean_admin_days"), ("median cal d", "median_calendar_days"),
    ("baseline d", "baseline_median_days"), ("reduction %", "reduction_pct"),
    ("target %", "target_reduction_pct"), ("met", "target_met"),
    ("deadline d", "legal_deadline_days"), ("on time %", "on_time_pct"),
    ("open", "open_count"), ("overdue", "open_overdue_count"), ("verdict", "verdict"),
)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def indicator_table(rows: Sequence[dict]) -> str:
    """Aligned columns for a terminal: text left, figures right; the regions' rows and the
    consortium's last, under a rule."""
    lines = [[title for title, _ in _TABLE_COLUMNS]]
    for row in rows:
        cells = [_cell(row.get(key)) for _, key in _TABLE_COLUMNS]
        if row.get("procedure_code") is None:
            cells[0] = f"REGION {row['region']}" if row.get("region") else "ALL REGIONS"
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(_TABLE_COLUMNS))]
    text_columns = {0, len(_TABLE_COLUMNS) - 1}

    def render(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) if i in text_columns else cell.rjust(width)
                         for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
                         ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    body = [render(cells) for cells in lines[1:]]
    first = next((i for i, row in enumerate(rows) if row.get("procedure_code") is None), 0)
    if first:
        body.insert(first, rule)
    return "\n".join([render(lines[0]), rule, *body])


def _indicators(args: argparse.Namespace) -> int:
    import json

    from counter.db import session_scope
    from counter.services.opendata import INDICATOR_FIELDS, csv_chunks, indicator_rows

    if _period_problem(args) or _region_problem(args):
        return 2
    with session_scope() as session:
        rows = indicator_rows(session, date_from=args.date_from, date_to=args.date_to,
                              region=args.region)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        _write_chunks(csv_chunks(INDICATOR_FIELDS, rows), None)
    else:
        print(indicator_table(rows))
    return 0


def _export(args: argparse.Namespace) -> int:
    from counter.db import session_scope
    from counter.services.opendata import (
        DOSSIER_FIELDS,
        K_ANONYMITY,
        csv_chunks,
        dossier_rows,
        dossier_tally,
        json_chunks,
    )

    if _period_problem(args) or _region_problem(args):
        return 2
    writer = csv_chunks if args.format == "csv" else json_chunks
    count = 0

    def counted(rows: Iterable[dict]) -> Iterator[dict]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    with session_scope() as session:
        rows = dossier_rows(session, date_from=args.date_from, date_to=args.date_to,
                            region=args.region)
        _write_chunks(writer(DOSSIER_FIELDS, counted(rows)), args.output)
        tally = dossier_tally(session, date_from=args.date_from, date_to=args.date_to,
                              region=args.region)
    if args.output:
        print(f"Wrote {count} anonymous dossier row(s) to {args.output}.", file=sys.stderr)
    print(f"Not published so that nobody can be singled out (k >= {K_ANONYMITY}): "
          f"{tally.suppressed} dossier(s) left out, {tally.withheld} published without "
          "their province.", file=sys.stderr)
    return 0


def _generate(args: argparse.Namespace) -> int:
    from counter.db import session_scope
    from counter.services.synthetic import generate_history

    def progress(done: int, total: int) -> None:
        print(f"Generated {done:,}/{total:,} dossiers ({100 * done // max(total, 1)}%)",
              file=sys.stderr, flush=True)

    # The history ends at midnight UTC, of --now or of today: the same seed on the same
    # database gives the same rows all day long, and always with --now.
    end = args.now or datetime.now(UTC).date()
    with session_scope() as session:
        report = generate_history(session, dossiers=args.dossiers, seed=args.seed,
                                  now=datetime.combine(end, time(0), tzinfo=UTC),
                                  progress=progress)
    print(f"Generated {report.dossiers} synthetic dossier(s) up to {end.isoformat()} with seed "
          f"{args.seed} (illustrative data).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m counter", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or upgrade the database schema").set_defaults(
        func=_migrate
    )
    commands.add_parser("seed", help="load the demo catalog and accounts").set_defaults(
        func=_seed
    )
    serve = commands.add_parser("serve", help="migrate, load demo data and serve the product")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on: this machine only unless an operator "
                            "means otherwise (0.0.0.0 for every interface)")
    serve.add_argument("--env", choices=("prod", "dev"), default="prod")
    serve.add_argument("--no-demo", action="store_true", help="do not load demo data")
    serve.add_argument("--prebuilt", action="store_true",
                       help="serve the frontend `build` made (no rebuild: starts in seconds)")
    serve.set_defaults(func=_serve)
    commands.add_parser(
        "build", help="build the production frontend once, for COUNTER_PUBLIC_URL "
        "(then `serve --prebuilt`)").set_defaults(func=_build)
    commands.add_parser("settings", help="print the effective settings").set_defaults(
        func=_check_settings
    )
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", required=True)
    admin.add_argument("--region", default="",
                       help="a region's code (e.g. DRA): that region only; none: the consortium")
    admin.set_defaults(func=_create_admin)
    cleanup = commands.add_parser("cleanup-files",
                                  help="remove stored files no row refers to (after a crash)")
    cleanup.add_argument("--older-than-minutes", type=int, default=None,
                         help="grace period (default COUNTER_ORPHAN_GRACE_MINUTES, 10)")
    cleanup.set_defaults(func=_cleanup_files)
    jobs = commands.add_parser(
        "jobs", help="run the background jobs (mail, silence, retention, purge, leftovers, "
        "due dates) in this process; with COUNTER_JOBS=external the servers leave them to it")
    jobs.add_argument("--once", action="store_true", help="one round of the due jobs, then exit")
    jobs.set_defaults(func=_jobs)
    audit = commands.add_parser("audit", help="audit trail tools")
    audit.add_argument("action", choices=["verify"])
    audit.set_defaults(func=_audit)
    backup = commands.add_parser(
        "backup", help="write the database and the documents of one instant to FILE")
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(func=_backup)
    restore = commands.add_parser(
        "restore", help="restore FILE into an empty install, checking every document")
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(func=_backup)
    purge = commands.add_parser(
        "purge", help="law 09-08: warn applicants, expire old drafts, purge the personal data "
        "of dossiers past their retention (what the daily job does)")
    purge.add_argument("--dry-run", action="store_true", help="say what would be done, do nothing")
    purge.add_argument("--now", type=_day_option, metavar="YYYY-MM-DD",
                       help="with --dry-run: as if it were 00:00 UTC that day")
    purge.set_defaults(func=_purge)
    history = commands.add_parser(
        "import-history", help="import a paper-era register (CSV: procedure_code,received_on,"
        "decided_on,outcome); nothing is imported if a row is bad")
    history.add_argument("file", metavar="FILE.csv")
    history.set_defaults(func=_import_history)
    indicators = commands.add_parser("indicators",
                                     help="processing-time indicators, per procedure and region")
    _period_options(indicators)
    indicators.add_argument("--format", choices=("table", "json", "csv"), default="table")
    indicators.set_defaults(func=_indicators)
    export = commands.add_parser("export", help="write anonymous open data")
    export.add_argument("dataset", choices=["dossiers"])
    _period_options(export)
    export.add_argument("--format", choices=("csv", "json"), required=True)
    export.add_argument("--output", metavar="FILE", help="write there instead of standard output")
    export.set_defaults(func=_export)
    generate = commands.add_parser(
        "generate", help="generate a synthetic dossier history (same seed, same data)")
    generate.add_argument("--dossiers", type=_positive_int, required=True, metavar="N")
    generate.add_argument("--seed", type=int, required=True, metavar="S")
    generate.add_argument("--now", type=_day_option, metavar="YYYY-MM-DD",
                          help="the history ends at 00:00 UTC that day (default: today)")
    generate.set_defaults(func=_generate)
    return parser


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", type=_day_option, metavar="YYYY-MM-DD",
                        help="first day of the period")
    parser.add_argument("--to", dest="date_to", type=_day_option, metavar="YYYY-MM-DD",
                        help="day after the period (excluded)")
    parser.add_argument("--region", metavar="CODE",
                        help="one region (its code, e.g. DRA); default: the consortium")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        get_settings()
        return args.func(args)
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
