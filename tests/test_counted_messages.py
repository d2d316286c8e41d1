"""Every count and duration of the screens, PDFs and e-mails, in French, Arabic and English:
counted messages take the plural of their number (CLDR), and deadlines say their unit."""

from types import SimpleNamespace

import pytest
from sqlmodel import select

from counter.domain.law import deadline_errors
from counter.i18n import format_deadline, t
from counter.models import Account, Procedure
from counter.services import catalog_admin
from counter.services.dossiers import deadline_used_text
from counter.services.seed import load_demo_data
from counter.services.silence import silence_countdown


@pytest.mark.parametrize(("key", "n", "fr", "ar", "en"), [
    ("catalog.count", 1, "1 démarche", "1 إجراء", "1 procedure"),
    ("catalog.count", 2, "2 démarches", "2 إجراءان", "2 procedures"),
    ("catalog.count", 4, "4 démarches", "4 إجراءات", "4 procedures"),
    ("catalog.count", 52, "52 démarches", "52 إجراء", "52 procedures"),
    ("home.procedures_count", 1, "1 démarche disponible", "1 إجراء متاح",
     "1 procedure available"),
    ("home.procedures_count", 52, "52 démarches disponibles", "52 إجراء متاحا",
     "52 procedures available"),
    ("privacy.procedures_count", 5, "5 démarches : touchez-en une pour la lire.",
     "5 مساطر: اضغطوا على إحداها لقراءتها.", "5 procedures: tap one to read it."),
    ("privacy.retention_after", 6, "6 mois après", "6 أشهر بعد", "6 months after"),
    ("privacy.retention_after", 12, "12 mois après", "12 شهرا بعد", "12 months after"),
    ("privacy.retention_drafts", 12, "pendant 12 mois", "لمدة 12 شهرا",
     "for 12 months"),
    ("privacy.retention_warning", 30, "30 jours avant", "بـ30 يوما", "30 days before"),
    ("outbox.failed", 1, "Échec (1 essai)", "(1 محاولة)", "Failed (1 attempt)"),
    ("outbox.given_up", 5, "après 5 essais", "بعد 5 محاولات", "after 5 attempts"),
    ("urgent.label", 3, "sous 3 jours ouvrables", "داخل 3 أيام عمل", "within 3 working days"),
    ("queue.working_days_left", 1, "1 j ouvrable", "1 يوم عمل", "1 working d"),
    ("queue.days_left", 5, "5 j", "5 أيام", "5 d"),
    ("queue.days_over", 11, "Dépassé de 11 j", "متجاوز بـ 11 يوما", "11 d over"),
])
def test_counted_messages_take_the_plural_of_their_number(key, n, fr, ar, en):
    for lang, text in (("fr", fr), ("ar", ar), ("en", en)):
        assert text in t(key, lang, n=n), (lang, t(key, lang, n=n))


def test_counted_messages_write_big_numbers_the_languages_way():
    assert t("catalog.count", "fr", n=1500) == "1\u202f500 démarches"
    assert t("catalog.count", "en", n=1500) == "1,500 procedures"
    assert t("queue.count", "ar", n=1500, page=1, pages=75) == "1.500 ملف — الصفحة 1/75"
    assert t("queue.count", "fr", n=1, page=1, pages=1) == "1 dossier — page 1/1"
    assert t("queue.count", "ar", n=7, page=1, pages=1) == "7 ملفات — الصفحة 1/1"


@pytest.mark.parametrize(("used", "unit", "fr", "ar", "en"), [
    (1, "calendar", "1 jour sur 30", "1 يوم من أصل 30", "1 day of 30"),
    (5, "calendar", "5 jours sur 30", "5 أيام من أصل 30", "5 days of 30"),
    (12, "calendar", "12 jours sur 30", "12 يوما من أصل 30", "12 days of 30"),
    (1, "working", "1 jour ouvrable sur 20", "1 يوم عمل من أصل 20",
     "1 working day of 20"),
    (4, "working", "4 jours ouvrables sur 20", "4 أيام عمل من أصل 20",
     "4 working days of 20"),
])
def test_the_time_a_dossier_has_used_reads_in_each_language(used, unit, fr, ar, en):
    info = {"unit": unit, "used_days": used + 0.4, "deadline_days": 30 if unit == "calendar"
            else 20}
    assert [deadline_used_text(info, lang) for lang in ("fr", "ar", "en")] == [fr, ar, en]


@pytest.mark.parametrize(("days", "unit", "fr", "ar", "en"), [
    (30, "calendar", "30 jours", "30 يوما", "30 days"),
    (10, "calendar", "10 jours", "10 أيام", "10 days"),
    (20, "working", "20 jours ouvrables", "20 يوم عمل", "20 working days"),
    (1, "working", "1 jour ouvrable", "1 يوم عمل", "1 working day"),
])
def test_a_legal_deadline_says_its_unit(days, unit, fr, ar, en):
    assert [format_deadline(days, unit, lang) for lang in ("fr", "ar", "en")] == [fr, ar, en]


def test_the_agents_countdown_to_acceptance_by_silence_takes_the_plural():
    working = SimpleNamespace(form_schema={"silence_acceptance": True,
                                           "deadline_unit": "working"}, paused_at=None)
    calendar = SimpleNamespace(form_schema={"silence_acceptance": True}, paused_at=None)
    assert silence_countdown(working, 1.5, "fr") == "Accepté tacitement dans 1 j ouvrable"
    assert silence_countdown(working, 2.5, "ar") == "مقبول ضمنيا بعد 2 يومي عمل"
    assert silence_countdown(calendar, 5.5, "ar") == "مقبول ضمنيا بعد 5 أيام"
    assert silence_countdown(calendar, 5.5, "en") == "Tacitly accepted in 5 d"


def test_a_deadline_above_the_legal_one_is_refused_with_the_plural_of_its_days():
    [error] = deadline_errors(legal_deadline_days=5, is_investment=False, unit="calendar",
                              extension_days=8)
    params = dict(error.params)
    assert t(error.key, "fr", **params) == "Ne peut dépasser le délai légal (5 jours)."
    assert t(error.key, "ar", **params) == "لا يمكن أن يتجاوز الأجل القانوني (5 أيام)."
    assert t(error.key, "en", **{**params, "n": 1}) == \
        "Cannot exceed the legal deadline (1 day)."


def test_the_catalog_editor_lists_deadlines_with_their_unit(session):
    load_demo_data(session)
    session.commit()
    admin = session.exec(select(Account).where(Account.role == "admin",
                                               Account.region_id == None)).first()  # noqa: E711
    rows = {row["code"]: row for row in
            catalog_admin.procedure_list(session, admin=admin, lang="ar")}
    access = session.exec(select(Procedure).where(Procedure.code == "DRA_ACCESS_INFO")).one()
    assert format_deadline(access.legal_deadline_days, "working", "ar") == "20 يوم عمل"
    assert rows["DRA_ACCESS_INFO"]["deadline"] == "الأجل القانوني: 20 يوم عمل"
