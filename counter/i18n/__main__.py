"""`python -m counter.i18n check|update|stats`: the translators' and the build's commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counter.i18n import catalogs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m counter.i18n", description=__doc__)
    parser.add_argument("command", choices=("check", "update", "stats"),
                        help="check: every catalog is complete and well-formed (fails the "
                             "build otherwise); update: after editing French texts, bring "
                             "the template and every language in step; stats: progress")
    parser.add_argument("--locale-dir", type=Path, default=catalogs.LOCALE_DIR,
                        help="the folder of the catalogs (default: the product's)")
    args = parser.parse_args(argv)
    where = args.locale_dir
    if args.command == "update":
        for lang, keys in catalogs.update(where).items():
            print(f"{lang}: {len(keys)} entries marked fuzzy (French text changed)")
        return 0
    if args.command == "stats":
        print("\n".join(catalogs.statistics(where)))
        return 0
    problems = catalogs.check_all(where)
    print("\n".join(problems) if problems else "Catalogs OK.\n" + "\n".join(
        catalogs.statistics(where)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
