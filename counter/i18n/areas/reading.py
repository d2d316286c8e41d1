"""Messages of the reading aid: the "listen" button that reads a page aloud."""


def _m(fr: str, ar: str, en: str) -> dict[str, str]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    "listen.button": _m("Écouter", "استمع", "Listen"),
    "listen.hint": _m("Lit cette page à voix haute. Appuyez encore pour arrêter.",
                      "يقرأ هذه الصفحة بصوت مسموع. اضغط مرة أخرى للتوقف.",
                      "Reads this page aloud. Press again to stop."),
    "listen.reading": _m("Lecture en cours…", "القراءة جارية…", "Reading…"),
    "listen.no_voice": _m(
        "Votre appareil n'a pas de voix en français : la lecture à voix haute n'est pas "
        "possible ici.",
        "لا يتوفر جهازك على صوت باللغة العربية: لا يمكن القراءة بصوت مسموع هنا.",
        "Your device has no English voice: reading aloud is not possible here.",
    ),
    "listen.unsupported": _m(
        "Votre navigateur ne sait pas lire à voix haute.",
        "متصفحك لا يستطيع القراءة بصوت مسموع.",
        "Your browser cannot read aloud.",
    ),
}
