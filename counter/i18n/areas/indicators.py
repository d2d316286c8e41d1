"""Messages of the indicators: the dashboard, the transparency page and their explanations."""


def _m(fr: str, ar: str, en: str) -> dict[str, str]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    "verdict.target_met": _m("Objectif atteint", "الهدف محقق", "Target met"),
    "verdict.on_track": _m("En bonne voie", "في الطريق الصحيح", "On track"),
    "verdict.behind": _m("En retard", "متأخر", "Behind"),
    "verdict.no_data": _m("Pas assez de données", "بيانات غير كافية", "Not enough data"),
    "backlog.0-7": _m("0 à 7 j", "0 إلى 7 أيام", "0-7 d"),
    "backlog.8-15": _m("8 à 15 j", "8 إلى 15 يوما", "8-15 d"),
    "backlog.16-30": _m("16 à 30 j", "16 إلى 30 يوما", "16-30 d"),
    "backlog.31-60": _m("31 à 60 j", "31 إلى 60 يوما", "31-60 d"),
    "backlog.60+": _m("plus de 60 j", "أكثر من 60 يوما", "over 60 d"),
    "dashboard.title": _m("Délais de traitement", "آجال المعالجة", "Processing times"),
    "dashboard.lead": _m(
        "Mesurés selon les définitions publiées : le temps où un dossier attend le demandeur "
        "ne compte pas comme délai de l'administration. Objectif des régions : 50 % de moins "
        "qu'avant le numérique.",
        "تقاس وفق التعاريف المنشورة: لا تحتسب المدة التي ينتظر فيها الملف جواب صاحب الطلب ضمن "
        "مدة الإدارة. هدف الجهات: تقليص المدة بنسبة 50٪ مقارنة بما قبل الرقمنة.",
        "Measured by the published definitions: time a dossier waits on the applicant does not "
        "count as the administration's time. The regions' target: 50% less than before going "
        "digital.",
    ),
    "dashboard.region": _m("Toute la région", "الجهة بأكملها", "Whole region"),
    "dashboard.verdict": _m("Bilan", "الحصيلة", "Verdict"),
    "dashboard.reduction": _m("Réduction du délai", "تقليص المدة", "Time reduction"),
    "dashboard.reduction_note": _m("objectif : 50 %", "الهدف: 50٪", "target: 50%"),
    "dashboard.median": _m("Délai médian de l'administration", "المدة الوسيطة للإدارة",
                           "Median administration time"),
    "dashboard.median_note": _m("hors attente du demandeur", "دون احتساب انتظار صاحب الطلب",
                                "waiting on the applicant excluded"),
    "dashboard.baseline": _m("Avant le numérique (médiane)", "قبل الرقمنة (الوسيط)",
                             "Before going digital (median)"),
    "dashboard.p90": _m("9 dossiers sur 10 en moins de", "9 ملفات من 10 في أقل من",
                        "9 files in 10 within"),
    "dashboard.p90_line": _m("Délai de 9 dossiers sur 10", "أجل 9 ملفات من 10",
                             "Time for 9 files in 10"),
    "dashboard.on_time": _m("Décidés dans le délai légal", "المقررة داخل الأجل القانوني",
                            "Decided within the legal deadline"),
    "dashboard.decided": _m("Dossiers décidés", "الملفات المقررة", "Dossiers decided"),
    "dashboard.open": _m("Dossiers en cours", "الملفات الجارية", "Open dossiers"),
    "dashboard.overdue": _m("En cours et en retard", "جارية ومتأخرة", "Open and overdue"),
    "dashboard.target_line": _m("Objectif (−50 %)", "الهدف (−50٪)", "Target (−50%)"),
    "dashboard.documents": _m("Documents", "الوثائق", "Documents"),
    "dashboard.pages": _m("Pages", "الصفحات", "Pages"),
    "dashboard.procedure": _m("Démarche", "الإجراء", "Procedure"),
    "dashboard.by_procedure": _m("Par démarche", "حسب الإجراء", "By procedure"),
    "dashboard.chart_monthly": _m(
        "Délai de l'administration par mois, face à la référence et à l'objectif",
        "مدة الإدارة حسب الشهر مقارنة بالمرجع والهدف",
        "Administration time by month, against the baseline and the target"),
    "dashboard.chart_on_time": _m("Part décidée dans le délai légal (%)",
                                  "نسبة الملفات المقررة داخل الأجل (٪)",
                                  "Share decided within the legal deadline (%)"),
    "dashboard.chart_backlog": _m("Dossiers en cours, selon leur ancienneté",
                                  "الملفات الجارية حسب أقدميتها",
                                  "Open dossiers by age"),
    "dashboard.chart_paper": _m("Papier évité : documents et pages reçus en numérique",
                                "الورق المقتصد: الوثائق والصفحات المتوصل بها رقميا",
                                "Paper avoided: documents and pages received digitally"),
    "dashboard.partial_month": _m("Mois incomplet", "شهر غير مكتمل", "Incomplete month"),
    "dashboard.partial": _m("incomplet", "غير مكتمل", "incomplete"),
    "dashboard.partial_note": _m(
        "En pointillés : un mois incomplet (le mois en cours, ou un mois que la période coupe). "
        "Ses chiffres ne portent que sur une partie du mois.",
        "الخط المتقطع: شهر غير مكتمل (الشهر الجاري، أو شهر تقطعه الفترة). أرقامه لا تخص سوى "
        "جزء من الشهر.",
        "Dotted: an incomplete month (the current month, or one the period cuts). Its figures "
        "cover only part of the month."),
    "dashboard.month": _m("Mois", "الشهر", "Month"),
    "dashboard.monthly_numbers": _m("Les chiffres, mois par mois", "الأرقام شهرا بشهر",
                                    "The figures, month by month"),
    "dashboard.from": _m("Du", "من", "From"),
    "dashboard.to": _m("Au (exclu)", "إلى (غير مشمول)", "To (excluded)"),
    "dashboard.apply": _m("Afficher", "عرض", "Show"),
    "dashboard.explain_title": _m("Ce que veut dire chaque chiffre", "ما يعنيه كل رقم",
                                  "What each figure means"),
    "explain.median.title": _m("Délai médian de l'administration", "المدة الوسيطة للإدارة",
                               "Median administration time"),
    "explain.median.text": _m(
        "La moitié des dossiers décidés l'ont été en moins de ce nombre de jours, du premier "
        "dépôt à la décision, sans compter les jours où le dossier attendait une réponse du "
        "demandeur.",
        "قُرر نصف الملفات في أقل من هذا العدد من الأيام، من أول إيداع إلى القرار، دون احتساب "
        "الأيام التي كان فيها الملف ينتظر جواب صاحب الطلب.",
        "Half of the decided dossiers were decided in fewer days than this, from first filing "
        "to decision, not counting the days the dossier waited for the applicant's answer."),
    "explain.p90.title": _m("9 dossiers sur 10", "9 ملفات من 10", "9 files in 10"),
    "explain.p90.text": _m(
        "Neuf dossiers décidés sur dix l'ont été en moins de ce nombre de jours (90e centile du "
        "temps de l'administration) : c'est ce que vivent les demandeurs les moins bien servis.",
        "قُررت تسعة ملفات من كل عشرة في أقل من هذا العدد من الأيام (المئين 90 لمدة الإدارة): "
        "وهذا ما يعيشه أقل أصحاب الطلبات حظا.",
        "Nine decided dossiers in ten took fewer days than this (90th percentile of "
        "administration time): what the least well-served applicants experience."),
    "explain.baseline.title": _m("Avant le numérique", "قبل الرقمنة", "Before going digital"),
    "explain.baseline.text": _m(
        "Durée médiane des mêmes démarches sur papier, d'après les registres importés, ou à "
        "défaut la valeur indiquée par l'administration pour la démarche.",
        "المدة الوسيطة للإجراءات نفسها على الورق، حسب السجلات المستوردة، أو القيمة التي حددتها "
        "الإدارة للإجراء عند غيابها.",
        "Median time of the same procedures on paper, from the imported registers, or else the "
        "figure the administration set for the procedure."),
    "explain.reduction.title": _m("Réduction du délai", "تقليص المدة", "Time reduction"),
    "explain.reduction.text": _m(
        "(référence − délai médian) ÷ référence. L'objectif des régions est 50 %. Pour toute "
        "la région, c'est la moyenne des démarches pondérée par leur nombre de dossiers décidés.",
        "(المرجع − المدة الوسيطة) ÷ المرجع. هدف الجهات هو 50٪. بالنسبة للجهة كلها، هو متوسط "
        "الإجراءات مرجحا بعدد ملفاتها المقررة.",
        "(baseline − median time) ÷ baseline. The regions' target is 50%. For the whole region "
        "it is the procedures' average weighted by their number of decided dossiers."),
    "explain.on_time.title": _m("Dans le délai légal", "داخل الأجل القانوني",
                                "Within the legal deadline"),
    "explain.on_time.text": _m(
        "Part des dossiers décidés dont le temps de l'administration n'a pas dépassé le délai "
        "légal de la démarche.",
        "نسبة الملفات المقررة التي لم تتجاوز مدة معالجتها من طرف الإدارة الأجل القانوني للإجراء.",
        "Share of decided dossiers whose administration time did not exceed the procedure's "
        "legal deadline."),
    "explain.calendar.title": _m("Durée calendaire", "المدة الزمنية الكاملة", "Calendar time"),
    "explain.calendar.text": _m(
        "Du dépôt à la décision, attente du demandeur comprise ; publiée dans les données "
        "ouvertes pour comparaison, mais ce n'est pas le délai de l'administration.",
        "من الإيداع إلى القرار بما في ذلك انتظار صاحب الطلب؛ تنشر في البيانات المفتوحة للمقارنة، "
        "لكنها ليست مدة الإدارة.",
        "From filing to decision, waiting on the applicant included; published in the open data "
        "for comparison, but it is not the administration's time."),
    "explain.verdict.title": _m("Bilan", "الحصيلة", "Verdict"),
    "explain.verdict.text": _m(
        "Il tient compte de deux promesses : réduire le délai, et décider dans le délai légal. "
        "« Objectif atteint » : le délai médian a baissé au moins autant que l'objectif (50 % "
        "de moins qu'avant le numérique, sauf objectif propre à la démarche) et au moins 9 "
        "dossiers sur 10 ont été décidés dans le délai légal. « En bonne voie » : le délai a "
        "baissé d'au moins la moitié de l'objectif et au moins la moitié des dossiers ont été "
        "décidés dans le délai légal. « En retard » : plus de la moitié des dossiers ont "
        "dépassé le délai légal, quel que soit le délai médian ; ou le délai a baissé de moins "
        "de la moitié de l'objectif, ou il a augmenté. « Pas assez de données » : aucun dossier "
        "décidé sur la période, ou pas de durée de référence d'avant le numérique.",
        "يأخذ بعين الاعتبار التزامين: تقليص المدة، والبت داخل الأجل القانوني. «الهدف محقق»: "
        "انخفضت المدة الوسيطة بقدر الهدف على الأقل (50٪ أقل مما كانت عليه قبل الرقمنة، ما لم "
        "يحدد الإجراء هدفا آخر)، وقُرر 9 ملفات من كل 10 على الأقل داخل الأجل القانوني. «في "
        "الطريق الصحيح»: انخفضت المدة بنصف الهدف على الأقل، وقُرر نصف الملفات على الأقل داخل "
        "الأجل القانوني. «متأخر»: تجاوز أكثر من نصف الملفات الأجل القانوني، مهما كانت المدة "
        "الوسيطة؛ أو انخفضت المدة بأقل من نصف الهدف، أو ارتفعت. «بيانات غير كافية»: لم يُقرر "
        "أي ملف خلال الفترة، أو لا توجد مدة مرجعية لما قبل الرقمنة.",
        "It weighs two promises: shorter times, and decisions within the legal deadline. "
        "“Target met”: the median time fell at least as much as the target (50% less "
        "than before going digital, unless the procedure sets its own target) and at least 9 "
        "dossiers in 10 were decided within the legal deadline. “On track”: the time "
        "fell by at least half the target and at least half the dossiers were decided within "
        "the legal deadline. “Behind”: more than half the dossiers went past the legal "
        "deadline, whatever the median time; or the time fell by less than half the target, or "
        "rose. “Not enough data”: no dossier decided in the period, or no time from "
        "before going digital to compare with."),
    "explain.paper.title": _m("Papier évité", "الورق المقتصد", "Paper avoided"),
    "explain.paper.text": _m(
        "Documents reçus en numérique, en ligne ou scannés au guichet ; un PDF compte ses pages, "
        "une image une page.",
        "الوثائق المتوصل بها رقميا، عبر الإنترنت أو ممسوحة في الشباك؛ يحتسب ملف PDF بعدد "
        "صفحاته والصورة بصفحة واحدة.",
        "Documents received digitally, online or scanned at the counter; a PDF counts its pages, "
        "an image one page."),
    "transparency.title": _m("Transparence : nos délais", "الشفافية: آجالنا",
                             "Transparency: our processing times"),
    "transparency.lead": _m(
        "Les régions se sont engagées à réduire de moitié le temps de traitement des démarches. "
        "Voici où nous en sommes, chiffres publics et vérifiables.",
        "التزمت الجهات بتقليص مدة معالجة الإجراءات إلى النصف. هذه هي الحصيلة، بأرقام علنية "
        "وقابلة للتحقق.",
        "The regions committed to halving the time to process procedures. Here is where we "
        "stand, in public, checkable figures."),
    "transparency.period": _m("Période :", "الفترة:", "Period:"),
    "transparency.computed_at": _m(
        "Chiffres calculés le", "أرقام محسوبة بتاريخ", "Figures computed on"),
    "transparency.refresh": _m(
        "Ils sont recalculés toutes les 5 minutes.", "يعاد حسابها كل 5 دقائق.",
        "They are recomputed every 5 minutes."),
    "transparency.open_data": _m("Données ouvertes", "البيانات المفتوحة", "Open data"),
    "transparency.open_data_text": _m(
        "Téléchargez les indicateurs et les dossiers, anonymes (aucune donnée personnelle), "
        "sous licence ouverte.",
        "حمّلوا المؤشرات والملفات، مجهولة الهوية (دون أي معطيات شخصية)، برخصة مفتوحة.",
        "Download the indicators and the dossiers, anonymous (no personal data), under an open "
        "licence."),
    "nav.transparency": _m("Transparence", "الشفافية", "Transparency"),
    "nav.indicators": _m("Indicateurs", "المؤشرات", "Indicators"),
}
