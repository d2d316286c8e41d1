"""Messages of acceptance by silence (law 55-19): the attestation the counter issues when the
deadline passes without a decision, its public verification, the applicant's e-mail, the
agent's countdown and the catalog editor's switch."""

from counter.i18n.areas.units import Message, counted_ar


def _m(fr: Message, ar: Message, en: Message) -> dict[str, Message]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # The attestation (drawn like a decision, counter.services.decisions)
    "silence.title": _m("Attestation d'acceptation tacite", "شهادة القبول الضمني",
                        "Certificate of tacit acceptance"),
    "silence.verdict.accepted": _m("Acceptée tacitement", "مقبول ضمنيا", "Tacitly accepted"),
    "silence.verdict_text.accepted": _m(
        "Le service n'a pas statué dans le délai légal. En application du texte indiqué "
        "ci-dessous, ce silence vaut acceptation de votre demande (loi 55-19).",
        "لم تبت المصلحة في طلبكم داخل الأجل القانوني. وتطبيقا للنص المبين أدناه، يعتبر هذا "
        "السكوت قبولا لطلبكم (القانون 55.19).",
        "The service did not decide within the legal deadline. Under the text given below, "
        "this silence counts as acceptance of your application (law 55-19).",
    ),
    "silence.reference": _m("Texte applicable", "النص المطبق", "Applicable text"),
    "silence.accepted_at": _m("Délai légal échu le", "تاريخ انقضاء الأجل القانوني",
                              "Legal deadline reached on"),
    "silence.issued_at": _m("Attestation délivrée le", "تاريخ تسليم الشهادة",
                            "Certificate issued on"),
    "silence.verify_caption": _m(
        "Pour vérifier que cette attestation est authentique, scannez le code QR ou saisissez "
        "ce code sur la page de vérification :",
        "للتحقق من صحة هذه الشهادة، امسحوا رمز QR أو أدخلوا هذا الرمز في صفحة التحقق:",
        "To check that this certificate is genuine, scan the QR code or enter this code on "
        "the verification page:",
    ),
    "silence.footer_text": _m(
        "Cette attestation tient lieu de décision d'acceptation. La page de vérification "
        "confirme à toute personne qui a le code l'acceptation tacite, la démarche, la date et "
        "le texte applicable, sans aucune donnée personnelle. Pour toute question, "
        "adressez-vous au service indiqué en haut de page en donnant votre code de suivi.",
        "تقوم هذه الشهادة مقام قرار القبول. تؤكد صفحة التحقق لكل من يتوفر على الرمز القبول "
        "الضمني والمسطرة والتاريخ والنص المطبق، دون أي معطيات شخصية. لأي استفسار، يرجى "
        "التوجه إلى المصلحة المذكورة أعلى الصفحة مع الإدلاء برمز التتبع.",
        "This certificate stands for a decision of acceptance. The verification page confirms "
        "the tacit acceptance, the procedure, the date and the applicable text to anyone who "
        "has the code, with no personal data. For any question, contact the service named at "
        "the top of the page and give your tracking code.",
    ),
    "silence.keep": _m(
        "Conservez cette attestation avec le récépissé de dépôt de votre dossier.",
        "احتفظوا بهذه الشهادة مع وصل إيداع ملفكم.",
        "Keep this certificate with the filing receipt of your file.",
    ),
    # The public verification page
    "silence.status_label": _m(
        "Acceptée tacitement (silence de l'administration au terme du délai légal)",
        "مقبول ضمنيا (سكوت الإدارة عند انقضاء الأجل القانوني)",
        "Tacitly accepted (the administration's silence at the legal deadline)",
    ),
    "silence.verify_found": _m(
        "Il s'agit d'une acceptation tacite : le service n'a pas statué dans le délai légal, "
        "et le texte suivant prévoit que ce silence vaut acceptation.",
        "يتعلق الأمر بقبول ضمني: لم تبت المصلحة داخل الأجل القانوني، وينص النص التالي على أن "
        "هذا السكوت يعتبر قبولا.",
        "This is a tacit acceptance: the service did not decide within the legal deadline, and "
        "the following text provides that this silence counts as acceptance.",
    ),
    # The applicant's e-mail (counter.services.mail, kind accepted_by_silence)
    "status.accepted_by_silence": _m("Accepté tacitement", "مقبول ضمنيا", "Tacitly accepted"),
    "mail.accepted_by_silence.subject": _m(
        "Votre dossier {code} est accepté tacitement",
        "تم قبول ملفكم {code} ضمنيا",
        "Your file {code} is tacitly accepted",
    ),
    "mail.accepted_by_silence.body": _m(
        "Votre demande « {procedure} » (dossier {code}) est acceptée tacitement : le service "
        "n'a pas statué dans le délai légal, échu le {date}, et le texte suivant prévoit que "
        "ce silence vaut acceptation :\n{note}\n\n"
        "Et maintenant : l'attestation d'acceptation tacite est disponible dans votre compte. "
        "Elle tient lieu de décision ; son authenticité peut être vérifiée en ligne.\n\n"
        "Suivez votre dossier ici :\n{link}",
        "تم قبول طلبكم «{procedure}» (الملف {code}) ضمنيا: لم تبت المصلحة داخل الأجل القانوني "
        "الذي انقضى في {date}، وينص النص التالي على أن هذا السكوت يعتبر قبولا:\n{note}\n\n"
        "الخطوة التالية: شهادة القبول الضمني متاحة في حسابكم، وهي تقوم مقام القرار، ويمكن "
        "التحقق من صحتها عبر الإنترنت.\n\n"
        "تتبعوا ملفكم هنا:\n{link}",
        "Your request “{procedure}” (file {code}) is tacitly accepted: the service did not "
        "decide within the legal deadline, which ended on {date}, and the following text "
        "provides that this silence counts as acceptance:\n{note}\n\n"
        "What happens next: the certificate of tacit acceptance is in your account. It stands "
        "for a decision; its authenticity can be checked online.\n\n"
        "Follow your file here:\n{link}",
    ),
    # The agent's queue: the countdown to acceptance by silence
    "silence.queue_in": _m(
        "Accepté tacitement dans {n} j",
        counted_ar("مقبول ضمنيا بعد {n} {noun}", "يوم", "يومين", "أيام", "يوما"),
        "Tacitly accepted in {n} d"),
    "silence.queue_in_working": _m(
        {"one": "Accepté tacitement dans {n} j ouvrable",
         "other": "Accepté tacitement dans {n} j ouvrables"},
        counted_ar("مقبول ضمنيا بعد {n} {noun}", "يوم عمل", "يومي عمل", "أيام عمل", "يوم عمل"),
        "Tacitly accepted in {n} working d"),
    "silence.queue_today": _m("Accepté tacitement dans moins d'un jour",
                              "مقبول ضمنيا في أقل من يوم", "Tacitly accepted within a day"),
    "silence.queue_due": _m("Acceptation tacite imminente", "قبول ضمني وشيك",
                            "Tacit acceptance imminent"),
    "silence.queue_paused": _m("Acceptation tacite : délai suspendu",
                               "قبول ضمني: الأجل متوقف", "Tacit acceptance: deadline on hold"),
    # The catalog editor
    "catalog_admin.silence_acceptance": _m(
        "Le silence vaut acceptation (loi 55-19)",
        "السكوت يعتبر قبولا (القانون 55.19)",
        "Silence counts as acceptance (law 55-19)",
    ),
    "catalog_admin.silence_reference": _m(
        "Texte qui le prévoit (référence)",
        "النص الذي ينص على ذلك (المرجع)",
        "Text that provides for it (reference)",
    ),
    "catalog_admin.silence_hint": _m(
        "Seulement pour les décisions qu'un décret énumère (surtout des autorisations "
        "d'urbanisme et d'activité). Au terme du délai sans décision, le dossier est accepté "
        "automatiquement et une attestation est délivrée. Les dossiers déjà déposés gardent "
        "la règle de leur dépôt.",
        "فقط بالنسبة للقرارات التي يحددها مرسوم (أساسا رخص التعمير والأنشطة). عند انقضاء "
        "الأجل دون قرار، يقبل الملف تلقائيا وتسلم شهادة بذلك. تحتفظ الملفات المودعة سابقا "
        "بالقاعدة المعمول بها عند إيداعها.",
        "Only for the decisions a decree lists (mostly planning and business permits). When "
        "the deadline passes without a decision, the file is accepted automatically and a "
        "certificate is issued. Files already filed keep the rule they were filed under.",
    ),
}
