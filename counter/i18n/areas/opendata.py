"""Historical register import and open data: error messages of the CSV check and of the API.

Every history.error_* message takes `{detail}` (the offending value, or what was expected);
history.error_line puts one of them after its line number.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "history.error_line": {
        "fr": "ligne {line} : {message}",
        "ar": "السطر {line}: {message}",
        "en": "line {line}: {message}",
    },
    "history.error_empty_file": {
        "fr": "le fichier ne contient aucun enregistrement",
        "ar": "الملف لا يتضمن أي تسجيل",
        "en": "the file contains no records",
    },
    "history.error_header": {
        "fr": "en-tête manquant ou incorrect : la première ligne doit être « {detail} »",
        "ar": "رأس الملف غير موجود أو غير صحيح: يجب أن يكون السطر الأول « {detail} »",
        "en": "missing or wrong header: the first line must be \"{detail}\"",
    },
    "history.error_columns": {
        "fr": "nombre de colonnes incorrect : {detail} au lieu de 4",
        "ar": "عدد الأعمدة غير صحيح: {detail} بدل 4",
        "en": "wrong number of columns: {detail} instead of 4",
    },
    "history.error_missing_value": {
        "fr": "valeur manquante dans la colonne {detail}",
        "ar": "قيمة ناقصة في العمود {detail}",
        "en": "missing value in column {detail}",
    },
    "history.error_unknown_procedure": {
        "fr": "procédure inconnue « {detail} »",
        "ar": "مسطرة غير معروفة « {detail} »",
        "en": "unknown procedure \"{detail}\"",
    },
    "history.error_bad_date": {
        "fr": "date invalide « {detail} » (format attendu : AAAA-MM-JJ)",
        "ar": "تاريخ غير صحيح « {detail} » (الصيغة المطلوبة: YYYY-MM-DD)",
        "en": "invalid date \"{detail}\" (expected YYYY-MM-DD)",
    },
    "history.error_decided_before_received": {
        "fr": "la date de décision précède la date de réception ({detail})",
        "ar": "تاريخ القرار سابق لتاريخ الاستلام ({detail})",
        "en": "decided before it was received ({detail})",
    },
    "history.error_unknown_outcome": {
        "fr": "issue inconnue « {detail} » (attendu : accepted ou rejected)",
        "ar": "نتيجة غير معروفة « {detail} » (المطلوب: accepted أو rejected)",
        "en": "unknown outcome \"{detail}\" (expected accepted or rejected)",
    },
    "history.error_unreadable": {
        "fr": "CSV illisible à partir de cette ligne : un guillemet {detail} n'est pas refermé",
        "ar": "ملف CSV غير مقروء ابتداء من هذا السطر: علامة التنصيص {detail} غير مغلقة",
        "en": "unreadable CSV from this line on: a quote {detail} is not closed",
    },
    "opendata.error_date": {
        "fr": "Le paramètre « {param} » doit être une date au format AAAA-MM-JJ, par exemple 2026-01-31.",
        "ar": "يجب أن يكون المعامل « {param} » تاريخا بصيغة YYYY-MM-DD، مثلا 2026-01-31.",
        "en": "The parameter \"{param}\" must be a date written YYYY-MM-DD, for example 2026-01-31.",
    },
    "opendata.error_period": {
        "fr": "Le paramètre « to » doit être une date postérieure au paramètre « from ».",
        "ar": "يجب أن يكون المعامل « to » تاريخا لاحقا للمعامل « from ».",
        "en": "The parameter \"to\" must be a date after the parameter \"from\".",
    },
    # The CSV files for a spreadsheet (UTF-8 with a BOM), on the transparency page
    "opendata.spreadsheet_title": {
        "fr": "Pour un tableur (Excel, LibreOffice)",
        "ar": "لبرامج الجداول (Excel وLibreOffice)",
        "en": "For a spreadsheet (Excel, LibreOffice)",
    },
    "opendata.excel_indicators": {
        "fr": "Indicateurs pour Excel (CSV)",
        "ar": "المؤشرات لبرنامج Excel (CSV)",
        "en": "Indicators for Excel (CSV)",
    },
    "opendata.excel_dossiers": {
        "fr": "Dossiers pour Excel (CSV)",
        "ar": "الملفات لبرنامج Excel (CSV)",
        "en": "Dossiers for Excel (CSV)",
    },
    "opendata.spreadsheet_help": {
        "fr": "Ces fichiers contiennent les mêmes chiffres, préparés pour que l'arabe s'affiche "
              "bien dans Excel : ouvrez-les d'un double clic. Si tout reste dans une seule "
              "colonne : dans Excel, Données > À partir d'un fichier texte/CSV, puis "
              "« Origine du fichier : 65001 : Unicode (UTF-8) » et « Délimiteur : virgule ». "
              "Dans LibreOffice : jeu de caractères « Unicode (UTF-8) », séparateur "
              "« Virgule ».",
        "ar": "تتضمن هذه الملفات الأرقام نفسها، مهيأة لتظهر الحروف العربية بشكل سليم في Excel: "
              "افتحوها بنقرة مزدوجة. إذا بقي كل شيء في عمود واحد: في Excel، البيانات > من "
              "نص/CSV، ثم «أصل الملف: 65001: Unicode (UTF-8)» و«المحدِّد: فاصلة». في "
              "LibreOffice: مجموعة المحارف «Unicode (UTF-8)» والفاصل «فاصلة».",
        "en": "These files hold the same figures, prepared so that Arabic shows correctly in "
              "Excel: open them with a double click. If everything stays in one column: in "
              "Excel, Data > From Text/CSV, then \"File origin: 65001: Unicode (UTF-8)\" and "
              "\"Delimiter: Comma\". In LibreOffice: character set \"Unicode (UTF-8)\", "
              "separator \"Comma\".",
    },
}
