"""Messages of the law the product applies (laws 55-19, 31-13, 09-08): refusals that name the
rule, deadlines in working days, the one complement request and the one extension."""

from counter.i18n.areas.units import Message, counted_ar


def _m(fr: Message, ar: Message, en: Message) -> dict[str, Message]:
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
        {"one": "Ne peut dépasser le délai légal ({n} jour).",
         "other": "Ne peut dépasser le délai légal ({n} jours)."},
        counted_ar("لا يمكن أن يتجاوز الأجل القانوني ({n} {noun}).", "يوم", "يومان", "أيام",
                   "يوما"),
        {"one": "Cannot exceed the legal deadline ({n} day).",
         "other": "Cannot exceed the legal deadline ({n} days)."}),
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
    "dossier.working_days_of": _m(
        {"one": "{n} jour ouvrable sur {deadline}", "other": "{n} jours ouvrables sur {deadline}"},
        counted_ar("{n} {noun} من أصل {deadline}", "يوم عمل", "يوما عمل", "أيام عمل", "يوم عمل"),
        {"one": "{n} working day of {deadline}", "other": "{n} working days of {deadline}"}),
    "queue.working_days_left": _m(
        {"one": "{n} j ouvrable", "other": "{n} j ouvrables"},
        counted_ar("{n} {noun}", "يوم عمل", "يوما عمل", "أيام عمل", "يوم عمل"),
        "{n} working d"),
    "queue.working_days_over": _m(
        {"one": "Dépassé de {n} j ouvrable", "other": "Dépassé de {n} j ouvrables"},
        counted_ar("متجاوز بـ {n} {noun}", "يوم عمل", "يومي عمل", "أيام عمل", "يوم عمل"),
        "{n} working d over"),
    # The one complement request (law 55-19)
    "complement.intro": _m("Éléments manquants :", "العناصر الناقصة:", "Missing items:"),
    "complement.title": _m("Ce qui manque à votre dossier", "ما ينقص ملفكم",
                           "What your file is missing"),
    "complement.choose": _m(
        "Cochez ce qui manque, parmi ce que la démarche demande (loi 55-19 : une seule "
        "demande de complément par dossier).",
        "اختاروا ما ينقص مما يطلبه الإجراء (القانون 55.19: طلب تكميل واحد لكل ملف).",
        "Tick what is missing, among what the procedure asks for (law 55-19: one complement "
        "request per dossier)."),
    "complement.note": _m("Précision pour le demandeur (facultatif)",
                          "توضيح لصاحب الطلب (اختياري)",
                          "A note for the applicant (optional)"),
    "complement.used": _m("Le complément a déjà été demandé le {date} : la loi 55-19 "
                          "n'en permet qu'un.",
                          "تم طلب التكميل بتاريخ {date}: لا يسمح القانون 55.19 إلا بطلب واحد.",
                          "The complement was already requested on {date}: law 55-19 allows "
                          "only one."),
    "complement.new": _m("Nouveau depuis la demande", "جديد منذ الطلب", "New since the request"),
    "complement.replaced": _m("Remplacé par un fichier plus récent", "عوض بملف أحدث",
                              "Replaced by a newer file"),
    "error.complement_once": _m(
        "Refusé : un complément a déjà été demandé pour ce dossier (loi 55-19 : une seule "
        "demande par dossier).",
        "مرفوض: سبق طلب تكميل هذا الملف (القانون 55.19: طلب واحد لكل ملف).",
        "Refused: a complement was already requested for this dossier (law 55-19: one "
        "request per dossier)."),
    "error.complement_items": _m(
        "Cochez au moins un document ou une information que la démarche demande.",
        "اختاروا على الأقل وثيقة أو معلومة يطلبها الإجراء.",
        "Tick at least one document or item of information the procedure asks for."),
    "error.document_not_requested": _m(
        "Ce document n'a pas été demandé : votre réponse ajoute seulement ce qui manque.",
        "لم تطلب هذه الوثيقة: يضيف جوابكم ما ينقص فقط.",
        "This document was not asked for: your answer adds only what is missing."),
    "error.answer_incomplete": _m(
        "Il manque encore des éléments demandés : ajoutez-les avant d'envoyer.",
        "ما زالت عناصر مطلوبة ناقصة: أضيفوها قبل الإرسال.",
        "Some requested items are still missing: add them before sending."),
    # The one extension (law 31-13)
    "extension.title": _m("Prolonger le délai", "تمديد الأجل", "Extend the deadline"),
    "extension.explain": _m(
        "La loi 31-13 permet de prolonger une seule fois le délai, de la même durée, en "
        "disant pourquoi au demandeur.",
        "يسمح القانون 31.13 بتمديد الأجل مرة واحدة، بنفس المدة، مع إخبار صاحب الطلب بالسبب.",
        "Law 31-13 allows the deadline to be extended once, by as long again, telling the "
        "applicant why."),
    "extension.reason": _m("Raison de la prolongation (le demandeur la lit)",
                           "سبب التمديد (يطلع عليه صاحب الطلب)",
                           "Reason for the extension (the applicant reads it)"),
    "extension.done": _m("Délai prolongé le {date} : {reason}", "تم تمديد الأجل بتاريخ {date}: {reason}",
                         "Deadline extended on {date}: {reason}"),
    "error.extension_once": _m(
        "Refusé : le délai a déjà été prolongé une fois (loi 31-13).",
        "مرفوض: سبق تمديد الأجل مرة واحدة (القانون 31.13).",
        "Refused: the deadline was already extended once (law 31-13)."),
    "error.extension_not_allowed": _m(
        "Le délai de cette démarche ne peut pas être prolongé.",
        "لا يمكن تمديد أجل هذا الإجراء.",
        "This procedure's deadline cannot be extended."),
    "message.extension": _m("Prolongation du délai", "تمديد الأجل", "Deadline extended"),
    "mail.extended.subject": _m("Le délai de votre dossier {code} est prolongé",
                                "تم تمديد أجل ملفكم {code}",
                                "The deadline of your file {code} is extended"),
    "mail.extended.body": _m(
        "Le service a prolongé une fois le délai de réponse à votre demande « {procedure} » "
        "(dossier {code}), comme la loi 31-13 le permet, pour la raison suivante :\n\n"
        "{note}\n\nNouvelle date prévue de la réponse : {date}.\n\n"
        "Suivez votre dossier ici :\n{link}",
        "مددت المصلحة مرة واحدة أجل الرد على طلبكم «{procedure}» (الملف {code})، كما يسمح "
        "بذلك القانون 31.13، للسبب التالي:\n\n{note}\n\nالتاريخ الجديد المتوقع للرد: "
        "{date}.\n\nتتبعوا ملفكم هنا:\n{link}",
        "The service extended once the deadline to answer your request “{procedure}” "
        "(file {code}), as law 31-13 allows, for this reason:\n\n{note}\n\n"
        "New expected answer date: {date}.\n\nFollow your file here:\n{link}"),
    # Urgent access-to-information requests (law 31-13)
    "urgent.label": _m(
        {"one": "Ma demande est urgente (réponse sous {n} jour ouvrable)",
         "other": "Ma demande est urgente (réponse sous {n} jours ouvrables)"},
        counted_ar("طلبي مستعجل (الرد داخل {n} {noun})", "يوم عمل", "يومي عمل", "أيام عمل",
                   "يوم عمل"),
        {"one": "My request is urgent (answer within {n} working day)",
         "other": "My request is urgent (answer within {n} working days)"}),
    "urgent.help": _m(
        "La loi 31-13 prévoit une réponse rapide quand l'information est nécessaire pour "
        "protéger la vie, la santé ou la liberté d'une personne.",
        "ينص القانون 31.13 على رد سريع عندما تكون المعلومة ضرورية لحماية حياة شخص أو "
        "صحته أو حريته.",
        "Law 31-13 provides a quick answer when the information is needed to protect a "
        "person's life, health or freedom."),
    "urgent.badge": _m("Urgent", "مستعجل", "Urgent"),
    "error.urgent_not_allowed": _m("Cette démarche n'a pas de délai d'urgence.",
                                   "ليس لهذا الإجراء أجل استعجالي.",
                                   "This procedure has no urgent deadline."),
    # Holiday corrections
    "holidays.title": _m("Jours fériés", "أيام العطل الرسمية", "Public holidays"),
    "holidays.lead": _m(
        "Les délais en jours ouvrables sautent les samedis, dimanches et jours fériés. Les "
        "fêtes religieuses suivent la lune : corrigez leur date quand elle est annoncée ; "
        "les dossiers en cours suivent aussitôt.",
        "تستثني الآجال المحتسبة بأيام العمل أيام السبت والأحد والعطل الرسمية. تتبع الأعياد "
        "الدينية القمر: صححوا تاريخها عند الإعلان عنه، وتتبعها الملفات الجارية فورا.",
        "Deadlines in working days skip Saturdays, Sundays and public holidays. Religious "
        "holidays follow the moon: correct their date when it is announced; open dossiers "
        "follow at once."),
    "holidays.day": _m("Date (JJ/MM/AAAA)", "التاريخ (يوم/شهر/سنة)", "Date (DD/MM/YYYY)"),
    "holidays.is_holiday": _m("C'est un jour férié", "هذا يوم عطلة", "It is a holiday"),
    "holidays.not_holiday": _m("Ce n'est pas un jour férié", "ليس يوم عطلة", "It is not a holiday"),
    "holidays.national": _m("Tout le Maroc", "كل المغرب", "All of Morocco"),
    "holidays.reason": _m("Source ou raison (ex. communiqué du ministère)",
                          "المصدر أو السبب (مثلا بلاغ الوزارة)",
                          "Source or reason (e.g. the ministry's announcement)"),
    "holidays.save": _m("Enregistrer la correction", "حفظ التصحيح", "Save the correction"),
    "holidays.remove": _m("Annuler la correction", "إلغاء التصحيح", "Undo the correction"),
    "holidays.kind_package": _m("Calendrier officiel", "التقويم الرسمي", "Official calendar"),
    "holidays.kind_added": _m("Ajouté par correction", "مضاف بتصحيح", "Added by correction"),
    "holidays.kind_removed": _m("Retiré par correction", "محذوف بتصحيح",
                                "Removed by correction"),
    "admin.done_holiday": _m("Correction enregistrée ; les délais en cours sont recalculés.",
                             "تم حفظ التصحيح؛ أعيد احتساب الآجال الجارية.",
                             "Correction saved; open deadlines are recomputed."),
    "admin.done_holiday_removed": _m("Correction annulée ; les délais en cours sont recalculés.",
                                     "تم إلغاء التصحيح؛ أعيد احتساب الآجال الجارية.",
                                     "Correction undone; open deadlines are recomputed."),
    "holidays.year": _m("Année", "السنة", "Year"),
    "holidays.col_date": _m("Date", "التاريخ", "Date"),
    "holidays.col_name": _m("Jour férié", "العطلة", "Holiday"),
    "holidays.col_scope": _m("Où", "أين", "Where"),
    "holidays.col_source": _m("Source", "المصدر", "Source"),
    "holidays.new": _m("Corriger le calendrier", "تصحيح التقويم", "Correct the calendar"),
    "holidays.name_fr": _m("Nom en français", "الاسم بالفرنسية", "Name in French"),
    "holidays.name_ar": _m("Nom en arabe", "الاسم بالعربية", "Name in Arabic"),
    "holidays.name_en": _m("Nom en anglais", "الاسم بالإنجليزية", "Name in English"),
    "holidays.saved": _m("Correction enregistrée ; les délais en cours sont recalculés.",
                         "تم حفظ التصحيح؛ أعيد احتساب الآجال الجارية.",
                         "Correction saved; open deadlines are recomputed."),
    "error.holiday_date": _m("Écrivez la date au format JJ/MM/AAAA (par ex. 16/06/2026).",
                             "اكتبوا التاريخ بصيغة يوم/شهر/سنة (مثلا 16/06/2026).",
                             "Write the date as DD/MM/YYYY (e.g. 16/06/2026)."),
    "error.holiday_not_found": _m("Cette correction n'existe plus.", "هذا التصحيح لم يعد موجودا.",
                                  "This correction no longer exists."),
    # The catalog editor
    "catalog_admin.deadline_unit": _m("Le délai se compte en", "يحتسب الأجل بـ",
                                      "The deadline counts"),
    "catalog_admin.extension_days": _m("Prolongation possible une fois (jours, loi 31-13)",
                                       "تمديد ممكن مرة واحدة (أيام، القانون 31.13)",
                                       "Extension allowed once (days, law 31-13)"),
    "catalog_admin.urgent_days": _m("Délai d'une demande urgente (jours)",
                                    "أجل الطلب المستعجل (أيام)",
                                    "Deadline of an urgent request (days)"),
    "catalog_admin.complement_clock": _m("Après la réponse au complément, le délai",
                                         "بعد الجواب على طلب التكميل، الأجل",
                                         "After the answer to the complement, the deadline"),
    "catalog_admin.clock_resume": _m("reprend où il s'était arrêté", "يستأنف من حيث توقف",
                                     "resumes where it stopped"),
    "catalog_admin.clock_restart": _m("recommence en entier", "يبدأ من جديد كاملا",
                                      "starts again in full"),
    "catalog_admin.retention": _m("Conservation après la décision (mois, 60 au plus)",
                                  "مدة الحفظ بعد القرار (أشهر، 60 على الأكثر)",
                                  "Kept after the decision (months, at most 60)"),
    "catalog_admin.external_url": _m(
        "Traitée ailleurs : adresse du service en ligne (https://…), sinon vide",
        "تعالج في مكان آخر: عنوان الخدمة الإلكترونية (https://…)، وإلا فارغ",
        "Handled elsewhere: address of the online service (https://…), else empty"),
    "error.url_invalid": _m("Donnez une adresse complète en https://.",
                            "أدخلوا عنوانا كاملا يبدأ بـ https://.",
                            "Give a full https:// address."),
    # Handled elsewhere (Rokhas.ma, Chikaya.ma)
    "procedure.elsewhere": _m(
        "Cette démarche se fait sur {site}, le portail national qui la traite : le guichet "
        "régional ne la refait pas. Vous y créez votre demande et la suivez.",
        "يتم هذا الإجراء على {site}، البوابة الوطنية التي تعالجه: لا يعيده الشباك الجهوي. "
        "هناك تنشئون طلبكم وتتبعونه.",
        "This procedure is done on {site}, the national portal that handles it: the regional "
        "counter does not redo it. You create and follow your request there."),
    "catalog.help_elsewhere": _m(
        "Vous ne trouvez pas votre démarche ? Certaines se font sur les portails nationaux :",
        "لم تجدوا إجراءكم؟ بعض الإجراءات تتم على البوابات الوطنية:",
        "Cannot find your procedure? Some are done on the national portals:"),
    "procedure.elsewhere_go": _m("Aller sur {site}", "الذهاب إلى {site}", "Go to {site}"),
    "catalog.elsewhere_badge": _m("Sur {site}", "على {site}", "On {site}"),
    "error.handled_elsewhere": _m(
        "Cette démarche se fait sur un autre portail : suivez le lien de sa page.",
        "يتم هذا الإجراء على بوابة أخرى: اتبعوا الرابط في صفحته.",
        "This procedure is done on another portal: follow the link on its page."),
    "unit.calendar": _m("jours calendaires", "أيام تقويمية", "calendar days"),
    "unit.working": _m("jours ouvrables", "أيام عمل", "working days"),
}
