"""Messages of personal data under law 09-08: the public privacy page (the record of
processing per procedure, the controller, the rights, the CNDP), the footer's links to the
national portals, the retention warnings e-mailed to applicants and the purged documents.

Law numbers are written 09-08 in French and English and 09.08 in Arabic, as Moroccan
texts do.
"""

from counter.i18n.areas.units import Message, counted_ar


def _m(fr: Message, ar: Message, en: Message) -> dict[str, Message]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # The page
    "privacy.title": _m("Vos données personnelles", "معطياتكم الشخصية", "Your personal data"),
    "privacy.lead": _m(
        "Ce que le guichet garde sur vous, pourquoi, et combien de temps (loi 09-08).",
        "ما يحتفظ به الشباك من معطياتكم، ولماذا، وإلى متى (القانون 09.08).",
        "What the counter keeps about you, why, and for how long (law 09-08)."),
    "privacy.region_label": _m("Région", "الجهة", "Region"),
    "privacy.controller_title": _m("Qui est responsable", "المسؤول عن المعالجة",
                                   "Who is responsible"),
    "privacy.controller": _m(
        "Le conseil de la région {region} est responsable du traitement de vos données, pour "
        "les démarches de ses services et de son centre régional d'investissement.",
        "مجلس جهة {region} هو المسؤول عن معالجة معطياتكم، بالنسبة لمساطر مصالحه ومركزه "
        "الجهوي للاستثمار.",
        "The council of the {region} region is responsible for processing your data, for the "
        "procedures of its services and of its regional investment centre."),
    "privacy.controller_name": _m("Conseil de la région {region}", "مجلس جهة {region}",
                                  "Council of the {region} region"),
    "privacy.procedures_title": _m("Démarche par démarche", "حسب كل مسطرة",
                                   "Procedure by procedure"),
    "privacy.procedures_count": _m(
        {"one": "{n} démarche : touchez-la pour la lire.",
         "other": "{n} démarches : touchez-en une pour la lire."},
        {**counted_ar("{n} {noun}: اضغطوا على إحداها لقراءتها.", "مسطرة", "مسطرتان", "مساطر",
                      "مسطرة"),
         "one": "{n} مسطرة: اضغطوا عليها لقراءتها."},
        {"one": "{n} procedure: tap it to read it.",
         "other": "{n} procedures: tap one to read it."}),
    "privacy.none": _m("Aucune démarche en ligne dans cette région.",
                       "لا توجد مسطرة عبر الإنترنت في هذه الجهة.",
                       "No online procedure in this region."),
    "privacy.collected": _m("Données collectées", "المعطيات التي يتم جمعها", "Data collected"),
    "privacy.account_line": _m(
        "De votre compte : nom, numéro de CIN, e-mail ou mobile.",
        "من حسابكم: الاسم، ورقم البطاقة الوطنية، والبريد الإلكتروني أو الهاتف المحمول.",
        "From your account: name, CIN number, e-mail or mobile."),
    "privacy.business_line": _m(
        "Pour une entreprise : sa raison sociale, son ICE, son numéro au registre du "
        "commerce et son tribunal.",
        "بالنسبة للمقاولة: اسمها التجاري، ورقم تعريفها الموحد (ICE)، ورقم سجلها التجاري "
        "ومحكمته.",
        "For a business: its company name, its ICE, its trade register number and court."),
    "privacy.form_line": _m("Dans le formulaire et les documents :",
                            "في الاستمارة والوثائق:",
                            "In the form and the documents:"),
    "privacy.purpose": _m("Pourquoi", "الغاية", "Why"),
    "privacy.basis": _m("Base légale", "الأساس القانوني", "Legal basis"),
    "privacy.retention": _m("Combien de temps", "مدة الحفظ", "How long"),
    "privacy.retention_after": _m(
        "{n} mois après la décision (ou le retrait). Ensuite, les documents et les données "
        "personnelles sont supprimés ; il reste une trace anonyme pour les statistiques.",
        counted_ar("{n} {noun} بعد القرار (أو السحب). بعد ذلك تحذف الوثائق والمعطيات الشخصية، "
                   "ويبقى أثر مجهول الهوية لأغراض الإحصاء.", "شهر", "شهران", "أشهر", "شهرا"),
        {"one": "{n} month after the decision (or the withdrawal). Then the documents and "
                "personal data are deleted; an anonymous record remains for the statistics.",
         "other": "{n} months after the decision (or the withdrawal). Then the documents and "
                  "personal data are deleted; an anonymous record remains for the statistics."}),
    "privacy.retention_drafts": _m(
        "Un brouillon non modifié pendant {n} mois est supprimé avec ses documents.",
        counted_ar("تحذف المسودة التي لم تعدل لمدة {n} {noun} مع وثائقها.", "شهر", "شهرين",
                   "أشهر", "شهرا"),
        {"one": "A draft left untouched for {n} month is deleted with its documents.",
         "other": "A draft left untouched for {n} months is deleted with its documents."}),
    "privacy.retention_warning": _m(
        {"one": "Vous êtes prévenu par e-mail {n} jour avant chaque suppression.",
         "other": "Vous êtes prévenu par e-mail {n} jours avant chaque suppression."},
        counted_ar("نخبركم عبر البريد الإلكتروني قبل كل حذف بـ{n} {noun}.", "يوم", "يومين",
                   "أيام", "يوما"),
        {"one": "You are told by e-mail {n} day before each deletion.",
         "other": "You are told by e-mail {n} days before each deletion."}),
    # What a field or document is, in the record
    "privacy.category.identity": _m("Identité", "الهوية", "Identity"),
    "privacy.category.contact": _m("Coordonnées", "معطيات الاتصال", "Contact"),
    "privacy.category.company": _m("Entreprise", "المقاولة", "Business"),
    "privacy.category.free_text": _m("Texte libre", "نص حر", "Free text"),
    "privacy.category.date": _m("Date", "تاريخ", "Date"),
    "privacy.category.amount": _m("Montant", "مبلغ", "Amount"),
    "privacy.category.figure": _m("Nombre", "عدد", "Number"),
    "privacy.category.place": _m("Lieu", "المكان", "Place"),
    "privacy.category.choice": _m("Choix", "اختيار", "Choice"),
    "privacy.category.document": _m("Document", "وثيقة", "Document"),
    "privacy.datum.name": _m("Nom et prénom", "الاسم الكامل", "Full name"),
    "privacy.datum.cin": _m("Numéro de CIN", "رقم البطاقة الوطنية", "CIN number"),
    "privacy.datum.contact": _m("E-mail ou mobile", "البريد الإلكتروني أو الهاتف المحمول",
                                "E-mail or mobile"),
    "privacy.datum.company": _m("Raison sociale, registre du commerce et tribunal",
                                "الاسم التجاري والسجل التجاري والمحكمة",
                                "Company name, trade register and court"),
    "privacy.datum.ice": _m("ICE de l'entreprise", "رقم التعريف الموحد للمقاولة (ICE)",
                            "The company's ICE"),
    # When the procedure does not say it itself
    "privacy.purpose_default": _m(
        "Étudier votre demande « {procedure} », vous répondre et vous tenir informé de son "
        "avancement ; produire des statistiques anonymes sur les délais.",
        "دراسة طلبكم «{procedure}»، والرد عليكم وإخباركم بتقدمه؛ وإعداد إحصاءات مجهولة "
        "الهوية حول الآجال.",
        "Reviewing your request “{procedure}”, answering you and keeping you informed of its "
        "progress; producing anonymous statistics on processing times."),
    "privacy.basis_default": _m(
        "Mission d'intérêt public du conseil régional (loi 09-08, article 4).",
        "مهمة ذات مصلحة عامة موكولة إلى مجلس الجهة (القانون 09.08، المادة 4).",
        "A task in the public interest of the regional council (law 09-08, article 4)."),
    "privacy.basis_default_laws": _m(
        "Mission d'intérêt public du conseil régional (loi 09-08, article 4), selon la loi "
        "{laws}.",
        "مهمة ذات مصلحة عامة موكولة إلى مجلس الجهة (القانون 09.08، المادة 4)، وفق القانون "
        "{laws}.",
        "A task in the public interest of the regional council (law 09-08, article 4), under "
        "law {laws}."),
    # The rights and the CNDP
    "privacy.rights_title": _m("Vos droits", "حقوقكم", "Your rights"),
    "privacy.right_access": _m(
        "Accès : savoir quelles données nous avons sur vous, et en avoir une copie.",
        "الولوج: معرفة المعطيات التي نتوفر عليها بشأنكم، والحصول على نسخة منها.",
        "Access: know what data we hold about you, and get a copy."),
    "privacy.right_rectification": _m(
        "Rectification : faire corriger une donnée fausse ou incomplète.",
        "التصحيح: تصحيح معطى خاطئ أو ناقص.",
        "Rectification: have wrong or incomplete data corrected."),
    "privacy.right_opposition": _m(
        "Opposition : refuser, pour un motif légitime, que vos données soient traitées.",
        "التعرض: رفض معالجة معطياتكم لسبب مشروع.",
        "Opposition: object, for a legitimate reason, to your data being processed."),
    "privacy.rights_law": _m("Loi 09-08, articles 7, 8 et 9.", "القانون 09.08، المواد 7 و8 و9.",
                             "Law 09-08, articles 7, 8 and 9."),
    "privacy.rights_how": _m(
        "Pour les exercer, adressez-vous au conseil de la région {region}, au guichet ou par "
        "écrit, avec votre CIN. Votre compte montre déjà vos dossiers et vos données.",
        "لممارستها، توجهوا إلى مجلس جهة {region}، في الشباك أو كتابيا، مع بطاقتكم الوطنية. "
        "يعرض حسابكم ملفاتكم ومعطياتكم.",
        "To use them, contact the council of the {region} region, at the counter or in "
        "writing, with your CIN. Your account already shows your files and your data."),
    "privacy.cndp_title": _m("La CNDP", "اللجنة الوطنية (CNDP)", "The CNDP"),
    "privacy.cndp": _m(
        "La Commission nationale de contrôle de la protection des données à caractère "
        "personnel (CNDP) veille au respect de la loi 09-08. Si votre demande reste sans "
        "réponse, vous pouvez vous plaindre auprès d'elle.",
        "تسهر اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي على احترام القانون "
        "09.08. إذا بقي طلبكم دون جواب، يمكنكم تقديم شكاية إليها.",
        "The national commission for the protection of personal data (CNDP) sees that law "
        "09-08 is respected. If your request gets no answer, you can complain to it."),
    "privacy.cndp_link": _m("Site de la CNDP", "موقع اللجنة الوطنية", "The CNDP's site"),
    "privacy.other_title": _m("Ce que le guichet garde aussi", "ما يحتفظ به الشباك أيضا",
                              "What the counter also keeps"),
    "privacy.other_assisted": _m(
        "Au guichet, l'agent note votre nom, votre CIN et votre mobile, avec votre accord.",
        "في الشباك، يسجل الموظف اسمكم ورقم بطاقتكم الوطنية وهاتفكم، بموافقتكم.",
        "At the counter, the agent records your name, CIN and mobile, with your consent."),
    "privacy.other_sessions": _m(
        "Les connexions (adresse de l'appareil) : 30 jours, pour la sécurité.",
        "عمليات الدخول (عنوان الجهاز): 30 يوما، لأغراض الأمن.",
        "Sign-ins (the device's address): 30 days, for security."),
    "privacy.other_opendata": _m(
        "Les données ouvertes publiées ne contiennent aucune donnée personnelle.",
        "لا تتضمن البيانات المفتوحة المنشورة أي معطى شخصي.",
        "The published open data contain no personal data."),
    # The footer: the national portals the product links to (DOMAIN.md)
    "footer.privacy": _m("Données personnelles", "المعطيات الشخصية", "Personal data"),
    "footer.elsewhere": _m("Sur les portails nationaux :", "على البوابات الوطنية:",
                           "On the national portals:"),
    "footer.chikaya": _m(
        "réclamations auprès de l'administration (réponse en 60 jours)",
        "الشكايات لدى الإدارة (الجواب في 60 يوما)",
        "complaints to the administration (answered within 60 days)"),
    "footer.rokhas": _m(
        "autorisations d'urbanisme et d'activités économiques",
        "رخص التعمير والأنشطة الاقتصادية",
        "planning and business permits"),
    "footer.new_tab": _m("(s'ouvre dans un nouvel onglet)", "(يفتح في علامة تبويب جديدة)",
                         "(opens in a new tab)"),
    # The warnings, two weeks before a deletion
    "mail.draft_expiring.subject": _m(
        "Votre brouillon « {procedure} » sera supprimé le {date}",
        "ستحذف مسودتكم «{procedure}» يوم {date}",
        "Your draft “{procedure}” will be deleted on {date}"),
    "mail.draft_expiring.body": _m(
        "Vous avez commencé la démarche « {procedure} » sans la déposer, et ce brouillon n'a "
        "pas été modifié depuis le {since}.\n\n"
        "Et maintenant : sans action de votre part, il sera supprimé le {date} avec ses "
        "documents (loi 09-08). Pour le garder, continuez-le avant cette date.\n\n"
        "Vos dossiers :\n{link}",
        "بدأتم مسطرة «{procedure}» دون إيداعها، ولم تعدل هذه المسودة منذ {since}.\n\n"
        "الخطوة التالية: إن لم تقوموا بأي إجراء، ستحذف يوم {date} مع وثائقها (القانون "
        "09.08). للاحتفاظ بها، واصلوا ملأها قبل هذا التاريخ.\n\n"
        "ملفاتكم:\n{link}",
        "You started the procedure “{procedure}” without filing it, and this draft has not "
        "changed since {since}.\n\n"
        "What happens next: unless you act, it will be deleted on {date} with its documents "
        "(law 09-08). To keep it, continue it before then.\n\n"
        "Your files:\n{link}"),
    "mail.data_deletion.subject": _m(
        "Dossier {code} : ses documents seront supprimés le {date}",
        "الملف {code}: ستحذف وثائقه يوم {date}",
        "File {code}: its documents will be deleted on {date}"),
    "mail.data_deletion.body": _m(
        "Votre dossier « {procedure} » ({code}) est clos depuis le {since}. Comme prévu pour "
        "cette démarche, ses documents et vos données personnelles seront supprimés le "
        "{date} (loi 09-08) ; seule une trace anonyme restera, pour les statistiques.\n\n"
        "Et maintenant : si vous voulez les garder, téléchargez la décision et vos documents "
        "avant cette date.\n\n"
        "Votre dossier :\n{link}",
        "ملفكم «{procedure}» ({code}) مغلق منذ {since}. كما هو مقرر لهذه المسطرة، ستحذف "
        "وثائقه ومعطياتكم الشخصية يوم {date} (القانون 09.08)، ولن يبقى إلا أثر مجهول الهوية "
        "لأغراض الإحصاء.\n\n"
        "الخطوة التالية: إذا أردتم الاحتفاظ بها، حملوا القرار ووثائقكم قبل هذا التاريخ.\n\n"
        "ملفكم:\n{link}",
        "Your file “{procedure}” ({code}) has been closed since {since}. As set for this "
        "procedure, its documents and your personal data will be deleted on {date} (law "
        "09-08); only an anonymous record will remain, for the statistics.\n\n"
        "What happens next: if you want to keep them, download the decision and your "
        "documents before then.\n\n"
        "Your file:\n{link}"),
    # The outbox's kind column, and a purged document in the review page
    "status.draft_expiring": _m("Brouillon bientôt supprimé", "مسودة ستحذف قريبا",
                                "Draft about to be deleted"),
    "status.data_deletion": _m("Suppression des données annoncée", "إشعار بحذف المعطيات",
                               "Data deletion announced"),
    "scan.purged": _m("Supprimé (loi 09-08)", "محذوف (القانون 09.08)", "Deleted (law 09-08)"),
}
