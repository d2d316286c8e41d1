"""Messages of the four regions as administrations, and of their administrators' scope."""


def _m(fr: str, ar: str, en: str) -> dict[str, str]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # The catalog, by region
    "catalog.region_label": _m("Région", "الجهة", "Region"),
    "catalog.region_all": _m("Toutes les régions", "جميع الجهات", "All regions"),
    "catalog.elsewhere": _m("Dans les autres régions : {n}", "في الجهات الأخرى: {n}",
                            "In the other regions: {n}"),
    "catalog.show_all_regions": _m("Voir toutes les régions", "عرض جميع الجهات",
                                   "Show all regions"),
    "procedure.region": _m("Administration", "الإدارة", "Administration"),
    # Administrators by scope
    "admin.region": _m("Région", "الجهة", "Region"),
    "admin.scope_region": _m("Vous administrez la région {region}.",
                             "أنتم تسيرون جهة {region}.",
                             "You administer the {region} region."),
    "admin.scope_consortium": _m("Vous administrez les quatre régions du consortium.",
                                 "أنتم تسيرون الجهات الأربع للاتحاد.",
                                 "You administer the four regions of the consortium."),
    "error.out_of_scope": _m(
        "Refusé : cette action concerne une autre région que la vôtre.",
        "مرفوض: هذا الإجراء يخص جهة غير جهتكم.",
        "Refused: this action concerns a region other than yours."),
    "error.region_required": _m("Choisissez la région de ce service.",
                                "اختاروا جهة هذه المصلحة.",
                                "Choose this service's region."),
}
