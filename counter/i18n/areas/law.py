"""Messages of the law the product applies (laws 55-19, 31-13, 09-08): refusals that name the
rule, deadlines in working days, the one complement request and the one extension."""


def _m(fr: str, ar: str, en: str) -> dict[str, str]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    "law.deadline_max": _m(
        "La loi 55-19 limite le délai de traitement à {max} jours.",
        "يحدد القانون 55.19 أجل المعالجة في {max} يوما على الأكثر.",
        "Law 55-19 limits the processing time to {max} days."),
    "law.deadline_investment_max": _m(
        "La loi 55-19 limite le délai des dossiers d'investissement à {max} jours.",
        "يحدد القانون 55.19 أجل ملفات الاستثمار في {max} يوما على الأكثر.",
        "Law 55-19 limits the processing time of investment files to {max} days."),
    "law.not_above_deadline": _m(
        "Ne peut dépasser le délai légal ({deadline} jours).",
        "لا يمكن أن يتجاوز الأجل القانوني ({deadline} يوما).",
        "Cannot exceed the legal deadline ({deadline} days)."),
    "law.silence_needs_reference": _m(
        "Le silence ne vaut acceptation que si un texte le prévoit (loi 55-19) : indiquez "
        "sa référence.",
        "لا يعتبر السكوت قبولا إلا إذا نص عليه نص قانوني (القانون 55.19): اذكروا مرجعه.",
        "Silence counts as acceptance only where a text provides for it (law 55-19): give "
        "its reference."),
    "law.retention_max": _m(
        "La durée de conservation va de 1 à {max} mois (loi 09-08).",
        "تتراوح مدة الحفظ بين شهر واحد و{max} شهرا (القانون 09.08).",
        "The retention period is 1 to {max} months (law 09-08)."),
    "unit.working_days": _m("{n} jours ouvrables", "{n} يوم عمل", "{n} working days"),
    "unit.calendar": _m("jours calendaires", "أيام تقويمية", "calendar days"),
    "unit.working": _m("jours ouvrables", "أيام عمل", "working days"),
}
