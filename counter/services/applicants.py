"""Who a dossier is for: the one rule the queue, the review page and the decision share.

A dossier filed under a company profile is the company's (its name and ICE), filed by its
representative; one filed online by a person is that account holder's; one filed at the
counter is the person recorded there. Some dossiers carry no name at all: the synthetic
history of the demo (no personal data) and dossiers whose personal data were deleted at
the end of their retention (law 09-08).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from counter.i18n import t
from counter.models import Account, Company, Dossier


@dataclass(frozen=True)
class Applicant:
    person: str = ""  # the account holder, the company's representative or the person filed for
    company: str = ""
    ice: str = ""
    purged: bool = False

    @property
    def named(self) -> bool:
        return bool(self.person or self.company)

    def display(self, lang: str) -> str:
        """The name to list the dossier under: the company's, else the person's, else why
        there is none."""
        if self.company:
            return self.company
        if self.person:
            return self.person
        return t("applicant.erased" if self.purged else "applicant.unnamed", lang)


def applicant_from(dossier: Dossier, account: Account | None, company: Company | None
                   ) -> Applicant:
    """The applicant of `dossier` from its rows already read (its account and company)."""
    person = account.full_name if account else (dossier.person_name or "")
    return Applicant(person=person, company=company.name if company else "",
                     ice=company.ice if company else "",
                     purged=dossier.purged_at is not None)


def applicant_of(session: Session, dossier: Dossier) -> Applicant:
    account = session.get(Account, dossier.applicant_id) if dossier.applicant_id else None
    company = session.get(Company, dossier.company_id) if dossier.company_id else None
    return applicant_from(dossier, account, company)
