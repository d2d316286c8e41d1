"""Slowing guesses down without locking anyone out (SECURITY 30).

A guess that fails makes the next one wait; nothing refuses an owner for long:

- per account (sign-in) and per tracking code (PIN): the first failures are free, then each
  further failure doubles the wait before the next try is even looked at, up to a cap (one
  minute for a password, two for a PIN). The owner with the right password gets in once the
  wait is over, whoever failed before and from wherever; a success clears the count.
- per address: only FAILURES are weighed, never sign-ins, and an address may fail more
  the more different accounts (or codes) succeeded from it, because a Moroccan carrier puts
  a crowd of honest subscribers behind one address. A guesser who only fails, across many
  accounts, is slowed down the same way; an honest crowd is not.

A try made during a wait is refused without checking the password and is not counted as a
failure, so hammering does not make the wait longer. The wait is enforced here, on the
server, and told to the person (`Throttled.seconds`). The attempts are `Attempt` rows; the
caller commits them even when a sign-in fails.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import distinct, func
from sqlmodel import Session, col, select

from counter.models import Attempt


@dataclass(frozen=True)
class Rule:
    """`free` failures within `window` cost nothing; the n-th one after them makes the next
    try wait `first * 2**(n-1)`, at most `cap`."""

    free: int
    first: timedelta
    cap: timedelta
    window: timedelta = timedelta(minutes=15)
    # Per address: each different key that succeeded from it allows this many more failures.
    per_success: int = 0

    def wait_after(self, failures: int, successes: int = 0) -> timedelta:
        over = failures - self.free - self.per_success * successes
        if over <= 0:
            return timedelta(0)
        return min(self.first * 2 ** min(over - 1, 30), self.cap)


# Sign-in: an account's owner waits at most a minute; an address gets 30 failures, plus one
# for each account that signed in from it, before it waits (at most 30 s).
ACCOUNT_RULE = Rule(free=3, first=timedelta(seconds=1), cap=timedelta(seconds=60))
ADDRESS_RULE = Rule(free=30, first=timedelta(seconds=1), cap=timedelta(seconds=30),
                    per_success=1)
# Tracking: a 6-digit PIN needs a longer cap (at most ~720 guesses a day on one code).
CODE_RULE = Rule(free=3, first=timedelta(seconds=2), cap=timedelta(seconds=120))
TRACK_ADDRESS_RULE = Rule(free=10, first=timedelta(seconds=1), cap=timedelta(seconds=30),
                          per_success=1)


class Throttled(Exception):
    """Too soon after failures: try again in `seconds` (a whole number, at least 1)."""

    def __init__(self, wait: timedelta) -> None:
        self.seconds = max(1, math.ceil(wait.total_seconds()))
        super().__init__(f"wait {self.seconds} s")


def _failures(session: Session, kind: str, key: str,
              since: datetime) -> tuple[int, datetime | None]:
    """How many failures for `key` since `since`, and when the last one was."""
    count, last = session.exec(
        select(func.count(), func.max(Attempt.at)).where(
            Attempt.kind == kind, Attempt.key == key, col(Attempt.success).is_(False),
            Attempt.at > since)
    ).one()
    return count, last


def _last_success(session: Session, kind: str, key: str) -> datetime | None:
    return session.exec(select(func.max(Attempt.at)).where(
        Attempt.kind == kind, Attempt.key == key, col(Attempt.success).is_(True))).one()


def _distinct_successes(session: Session, kind: str, key: str, since: datetime) -> int:
    return session.exec(select(func.count(distinct(Attempt.subject))).where(
        Attempt.kind == kind, Attempt.key == key, col(Attempt.success).is_(True),
        Attempt.at > since)).one()


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes from aggregates: they are UTC."""
    if moment is not None and moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment


def wait_for_key(session: Session, kind: str, key: str, rule: Rule, now: datetime) -> timedelta:
    """How long `key` (an account or a code) must still wait; a success clears its count."""
    since = now - rule.window
    last_success = _aware(_last_success(session, kind, key))
    if last_success is not None and last_success > since:
        since = last_success
    failures, last = _failures(session, kind, key, since)
    return _remaining(rule.wait_after(failures), _aware(last), now)


def wait_for_address(session: Session, kind: str, key: str, rule: Rule,
                     now: datetime) -> timedelta:
    """How long an address must still wait: its failures, weighed against the different
    accounts or codes that succeeded from it (a success never clears an address)."""
    since = now - rule.window
    failures, last = _failures(session, kind, key, since)
    if failures <= rule.free:
        return timedelta(0)
    successes = _distinct_successes(session, kind, key, since) if rule.per_success else 0
    return _remaining(rule.wait_after(failures, successes), _aware(last), now)


def _remaining(wait: timedelta, last: datetime | None, now: datetime) -> timedelta:
    if not wait or last is None:
        return timedelta(0)
    return max(timedelta(0), last + wait - now)


def check(session: Session, kind: str, *, key: str, address: str, key_rule: Rule,
          address_rule: Rule, now: datetime) -> None:
    """Raise Throttled if `key` or `address` must still wait before a new try."""
    wait = max(wait_for_key(session, kind, key, key_rule, now),
               wait_for_address(session, kind, address, address_rule, now))
    if wait > timedelta(0):
        raise Throttled(wait)


def record(session: Session, kind: str, *, keys: Sequence[str], subject: str, success: bool,
           at: datetime) -> None:
    """One row per key (the account or code, and the address); `subject` is the account or
    code tried, so an address's successes are counted per different account."""
    for key in keys:
        session.add(Attempt(kind=kind, key=key[:160], subject=subject[:160], success=success,
                            at=at))
    session.flush()
