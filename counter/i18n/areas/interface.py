"""Messages of the frame every page shares: the connection banner."""


def _m(fr: str, ar: str, en: str) -> dict[str, str]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    "connection.lost": _m(
        "Connexion perdue. Ce que vous avez écrit est gardé sur cet appareil : il sera "
        "envoyé dès que la connexion revient. Ne fermez pas la page.",
        "انقطع الاتصال. ما كتبتموه محفوظ على هذا الجهاز وسيرسل فور عودة الاتصال. "
        "لا تغلقوا الصفحة.",
        "Connection lost. What you typed is kept on this device and will be sent as soon "
        "as the connection is back. Do not close the page.",
    ),
    "connection.back": _m("Connexion rétablie : c'est enregistré.",
                          "عاد الاتصال: تم الحفظ.",
                          "Connection back: saved."),
}
