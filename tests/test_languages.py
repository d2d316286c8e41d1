"""Which language the product writes to a person in (domain.languages)."""

import pytest

from counter.domain.languages import chosen_lang, documents_lang, mail_lang


@pytest.mark.parametrize(("preference", "screen", "expected"), [
    (None, "ar", "ar"),  # no choice: the screen at filing
    ("", "en", "en"),
    ("fr", "ar", "fr"),  # the person's choice wins
    ("de", "ar", "ar"),  # not a language of the product: no choice
    (None, None, "fr"),  # nothing known: the default
])
def test_a_dossiers_documents_take_the_chosen_language_else_the_screens(preference, screen,
                                                                         expected):
    assert documents_lang(preference=preference, screen=screen) == expected


@pytest.mark.parametrize(("preference", "dossier_lang", "expected"), [
    (None, "ar", "ar"),  # no choice: as the dossier's documents
    ("en", "ar", "en"),  # the person's choice wins
    ("xx", "en", "en"),
])
def test_emails_take_the_chosen_language_else_the_dossiers(preference, dossier_lang, expected):
    assert mail_lang(preference=preference, dossier_lang=dossier_lang) == expected


def test_only_a_language_of_the_product_counts_as_a_choice():
    assert [chosen_lang(v) for v in ("fr", "ar", "en", "", None, "FR")] == [
        "fr", "ar", "en", None, None, None]
