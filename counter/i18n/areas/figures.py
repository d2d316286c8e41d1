"""Messages of the figures per region: the region choice of the dashboard and of the public
transparency page, the comparison of the regions, and the open data's region parameter."""


def _m(fr: str, ar: str, en: str) -> dict[str, str]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # The consortium: the four regions together (also the DCAT catalogue's publisher)
    "figures.consortium": _m(
        "Consortium des régions Drâa-Tafilalet, Oriental, Souss-Massa et "
        "Laâyoune-Sakia El Hamra",
        "اتحاد جهات درعة تافيلالت والشرق وسوس ماسة والعيون الساقية الحمراء",
        "Consortium of the Drâa-Tafilalet, Oriental, Souss-Massa and "
        "Laâyoune-Sakia El Hamra regions"),
    "figures.all_regions": _m("Les quatre régions", "الجهات الأربع", "All four regions"),
    # The region choice
    "figures.region_label": _m("Région", "الجهة", "Region"),
    "figures.showing": _m("Chiffres de :", "أرقام:", "Figures for:"),
    "figures.own_region": _m(
        "Vous voyez les chiffres de votre région.", "تعرض أرقام جهتكم.",
        "You see your region's figures."),
    # Comparing the regions
    "figures.by_region": _m("Par région", "حسب الجهة", "By region"),
    "figures.by_region_lead": _m(
        "Chaque région sur ses propres dossiers ; la dernière ligne réunit les quatre. Sur le "
        "graphique, la ligne rouge marque l'objectif : 50 % de délai en moins.",
        "كل جهة حسب ملفاتها؛ ويجمع السطر الأخير الجهات الأربع. في الرسم البياني، يشير الخط "
        "الأحمر إلى الهدف: تقليص المدة بنسبة 50٪.",
        "Each region on its own dossiers; the last row takes the four together. On the "
        "chart, the red line marks the target: 50% less time."),
    "figures.chart_regions": _m(
        "Réduction du délai et part décidée dans le délai légal, par région (%)",
        "تقليص المدة والنسبة المقررة داخل الأجل القانوني، حسب الجهة (٪)",
        "Time reduction and share decided within the legal deadline, by region (%)"),
    # The public page's downloads follow the page
    "figures.downloads_scope": _m(
        "Les fichiers ci-dessous portent sur la période et la région affichées.",
        "تخص الملفات أدناه الفترة والجهة المعروضتين.",
        "The files below cover the period and region shown."),
    "figures.catalog_files": _m(
        "Catalogue DCAT-AP pour les portails de données (CKAN) :",
        "فهرس DCAT-AP لبوابات البيانات (CKAN):",
        "DCAT-AP catalogue for data portals (CKAN):"),
    # Open data: the region parameter
    "figures.error_region": _m(
        "Le paramètre « region » doit être le code d'une région : {codes}.",
        "يجب أن يكون المعامل « region » رمز جهة: {codes}.",
        "The parameter \"region\" must be the code of a region: {codes}."),
}
