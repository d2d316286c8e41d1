"""Dossiers: from draft to decision."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from counter.domain.identifiers import new_tracking_code
from counter.models import Dossier


class TrackingCodeExhausted(RuntimeError):
    pass


def unique_tracking_code(
    session: Session, generate: Callable[[], str] = new_tracking_code, attempts: int = 20
) -> str:
    """A tracking code no dossier has yet (the unique index stays the last word)."""
    for _ in range(attempts):
        code = generate()
        if session.exec(select(Dossier.id).where(Dossier.tracking_code == code)).first() is None:
            return code
    raise TrackingCodeExhausted(f"no free tracking code after {attempts} attempts")
