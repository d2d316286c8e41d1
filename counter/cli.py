"""The product's command line: `python -m counter COMMAND`."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence

from counter.i18n import t
from counter.settings import PROJECT_ROOT, SettingsError, get_settings


def _migrate(_args: argparse.Namespace) -> int:
    from counter.services.migrations import upgrade_to_head

    upgrade_to_head()
    print("Database schema is up to date.")
    return 0


def _seed(_args: argparse.Namespace) -> int:
    from counter.db import session_scope
    from counter.services.seed import load_demo_data

    with session_scope() as session:
        report = load_demo_data(session)
    if report.total:
        details = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()))
        print(f"Demo data loaded: {details}.")
    else:
        print("Demo data already present: nothing added.")
    return 0


def _print_demo_accounts() -> None:
    from counter.services import demo_data

    print("Demo accounts (illustrative data; change or remove them before real use):")
    for account in demo_data.DEMO_ACCOUNTS:
        print(f"  {account['role']:<9} {account['email']:<32} {account['password']}")


def reflex_environment() -> dict[str, str]:
    """Environment for Reflex commands: offline-friendly, Node from the venv, npm."""
    env = dict(os.environ)
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    env.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
    env.setdefault("REFLEX_USE_NPM", "1")
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    return env


def _serve(args: argparse.Namespace) -> int:
    _migrate(args)
    if not args.no_demo:
        _seed(args)
    port = args.port
    print()
    print(f"The counter is starting at http://localhost:{port}/ (first build takes a minute).")
    if not args.no_demo:
        _print_demo_accounts()
    print()
    reflex = shutil.which("reflex", path=os.path.dirname(sys.executable)) or "reflex"
    command = [reflex, "run", "--env", args.env, "--single-port", "--frontend-port", str(port)]
    command += ["--backend-port", str(port)]
    return subprocess.call(command, cwd=PROJECT_ROOT, env=reflex_environment())


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
    try:
        with session_scope() as session:
            account = create_staff(session, role="admin", full_name=args.name,
                                   email=args.email, password=password)
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

    with session_scope() as session:
        removed = remove_orphans(session, older_than=timedelta(minutes=args.older_than_minutes))
    print(f"Removed {len(removed)} orphan file(s).")
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


def _check_settings(_args: argparse.Namespace) -> int:
    settings = get_settings()
    for name, value in vars(settings).items():
        if name == "db_url":
            value = str(value).split("@")[-1]
        print(f"{name}: {value}")
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
    serve.add_argument("--env", choices=("prod", "dev"), default="prod")
    serve.add_argument("--no-demo", action="store_true", help="do not load demo data")
    serve.set_defaults(func=_serve)
    commands.add_parser("settings", help="print the effective settings").set_defaults(
        func=_check_settings
    )
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", required=True)
    admin.set_defaults(func=_create_admin)
    cleanup = commands.add_parser("cleanup-files",
                                  help="remove stored files no row refers to (after a crash)")
    cleanup.add_argument("--older-than-minutes", type=int, default=60)
    cleanup.set_defaults(func=_cleanup_files)
    audit = commands.add_parser("audit", help="audit trail tools")
    audit.add_argument("action", choices=["verify"])
    audit.set_defaults(func=_audit)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        get_settings()
        return args.func(args)
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
