"""Units and counts, with each language's plural forms (CLDR categories).

A message with plural forms is a dict by category: French and English have "one" and
"other"; Arabic has "zero", "one", "two", "few" (3-10), "many" (11-99) and "other" (100, ...).
The count is always the param `n`, written by `format_number`.
"""

Message = str | dict[str, str]


def _m(fr: Message, ar: Message, en: Message) -> dict[str, Message]:
    return {"fr": fr, "ar": ar, "en": en}


def counted_ar(template: str, singular: str, dual: str, plural: str, accusative: str
               ) -> dict[str, str]:
    """Arabic forms of a message counting a noun, `template` saying where `{noun}` goes:
    0, 1, 100+ singular; 2 dual; 3-10 plural; 11-99 tamyiz (accusative singular)."""
    nouns = {"zero": singular, "one": singular, "two": dual, "few": plural,
             "many": accusative, "other": singular}
    return {form: template.replace("{noun}", noun) for form, noun in nouns.items()}


def _ar(singular: str, dual: str, plural: str, accusative: str) -> dict[str, str]:
    return counted_ar("{n} {noun}", singular, dual, plural, accusative)


MESSAGES: dict[str, dict[str, Message]] = {
    "unit.days": _m({"one": "{n} jour", "other": "{n} jours"},
                    _ar("يوم", "يومان", "أيام", "يوما"),
                    {"one": "{n} day", "other": "{n} days"}),
    "unit.working_days": _m({"one": "{n} jour ouvrable", "other": "{n} jours ouvrables"},
                            _ar("يوم عمل", "يوما عمل", "أيام عمل", "يوم عمل"),
                            {"one": "{n} working day", "other": "{n} working days"}),
    "unit.days_short": _m("{n} j", _ar("يوم", "يومان", "أيام", "يوما"), "{n} d"),
    "unit.kb": _m("{n} Ko", "{n} كيلوبايت", "{n} KB"),
    "unit.mb": _m("{n} Mo", "{n} ميغابايت", "{n} MB"),
    "unit.pages": _m({"one": "{n} page", "other": "{n} pages"},
                     _ar("صفحة", "صفحتان", "صفحات", "صفحة"),
                     {"one": "{n} page", "other": "{n} pages"}),
    "period.range": _m("du {start} au {end}", "من {start} إلى {end}", "from {start} to {end}"),
}
