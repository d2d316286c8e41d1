"""In which language the product writes to a person: the one place that decides it.

- The screen: the language the person picked on screen (the `counter_lang` cookie).
- A dossier's documents (receipt, decision, certificate of tacit acceptance): the dossier's
  `lang`, fixed when it is filed (`documents_lang`): the language the person chose on the
  account page for their e-mails and documents, if they chose one; else the language of
  the screen they filed on. At the counter, the agent picks the person's language (by
  default the agent's screen). A filed dossier keeps its language: a later change of
  preference or of screen does not rewrite its documents.
- E-mails (`mail_lang`): the account's chosen language, if any; else the language of the
  dossier the e-mail is about, so the e-mail and its documents agree.

`Account.lang` (the screen at sign-up) chooses neither.
"""

from __future__ import annotations

from counter.i18n import LANGUAGES, normalize_lang


def chosen_lang(value: str | None) -> str | None:
    """A person's choice of language for e-mails and documents; None: as on screen."""
    return value if value in LANGUAGES else None


def documents_lang(*, preference: str | None, screen: str | None) -> str:
    """The language a dossier keeps for its documents, at filing."""
    return chosen_lang(preference) or normalize_lang(screen)


def mail_lang(*, preference: str | None, dossier_lang: str | None) -> str:
    """The language of an e-mail to the applicant about a dossier."""
    return chosen_lang(preference) or normalize_lang(dossier_lang)
