"""Every text printed on the decision document, and the public verification page's texts."""


def _m(fr: str, ar: str, en: str) -> dict[str, str]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # The decision document
    "decision.title": _m("Décision administrative", "قرار إداري", "Administrative decision"),
    "decision.subtitle": _m(
        "Document délivré par voie électronique, vérifiable en ligne avec son code de "
        "vérification.",
        "وثيقة صادرة بطريقة إلكترونية، يمكن التحقق من صحتها عبر الإنترنت بواسطة رمز التحقق "
        "الخاص بها.",
        "Document issued electronically, which can be checked online with its verification "
        "code.",
    ),
    "decision.verdict.accepted": _m("Demande acceptée", "تم قبول الطلب", "Application accepted"),
    "decision.verdict.rejected": _m("Demande refusée", "تم رفض الطلب", "Application rejected"),
    "decision.verdict_text.accepted": _m(
        "Le service compétent a accepté votre demande.",
        "قبلت المصلحة المختصة طلبكم.",
        "The competent service has accepted your application.",
    ),
    "decision.verdict_text.rejected": _m(
        "Le service compétent a refusé votre demande, pour les motifs indiqués ci-dessous.",
        "رفضت المصلحة المختصة طلبكم للأسباب المبينة أدناه.",
        "The competent service has rejected your application, for the reasons given below.",
    ),
    "decision.procedure": _m("Démarche", "المسطرة", "Procedure"),
    "decision.procedure_code": _m("Référence de la démarche", "مرجع المسطرة",
                                  "Procedure reference"),
    "decision.service": _m("Service", "المصلحة", "Service"),
    "decision.applicant": _m("Demandeur", "مقدم الطلب", "Applicant"),
    "decision.company": _m("Entreprise", "المقاولة", "Company"),
    "decision.ice": _m("ICE (identifiant commun de l'entreprise)", "التعريف الموحد للمقاولة (ICE)",
                       "ICE (company common identifier)"),
    "decision.representative": _m("Représentée par", "ممثلة من طرف", "Represented by"),
    "decision.tracking_code": _m("Code de suivi du dossier", "رمز تتبع الملف",
                                 "File tracking code"),
    "decision.submitted_at": _m("Déposé le", "تاريخ وساعة الإيداع", "Filed on"),
    "decision.decided_at": _m("Décision prise le", "تاريخ وساعة القرار", "Decided on"),
    "decision.agent": _m("Décision prise par", "صدر القرار عن", "Decided by"),
    "decision.reason.rejected": _m("Motifs du refus", "أسباب الرفض", "Reasons for the rejection"),
    "decision.reason.accepted": _m("Observations", "ملاحظات", "Remarks"),
    "decision.verification_code": _m("Code de vérification", "رمز التحقق", "Verification code"),
    "decision.verify_caption": _m(
        "Pour vérifier que cette décision est authentique, scannez le code QR ou saisissez ce "
        "code sur la page de vérification :",
        "للتحقق من صحة هذا القرار، امسحوا رمز QR أو أدخلوا هذا الرمز في صفحة التحقق:",
        "To check that this decision is genuine, scan the QR code or enter this code on the "
        "verification page:",
    ),
    "decision.qr_caption": _m("Scannez pour vérifier", "امسحوا الرمز للتحقق", "Scan to verify"),
    "decision.footer_title": _m("À propos de ce document", "حول هذه الوثيقة",
                                "About this document"),
    "decision.footer_text": _m(
        "La page de vérification confirme à toute personne qui a le code la décision, la "
        "démarche et la date, sans aucune donnée personnelle. Pour toute question, adressez-vous "
        "au service indiqué en haut de page en donnant votre code de suivi.",
        "تؤكد صفحة التحقق لكل من يتوفر على الرمز القرار والمسطرة والتاريخ، دون أي معطيات "
        "شخصية. لأي استفسار، يرجى التوجه إلى المصلحة المذكورة أعلى الصفحة مع الإدلاء برمز "
        "التتبع.",
        "The verification page confirms the decision, the procedure and the date to anyone who "
        "has the code, with no personal data. For any question, contact the service named at "
        "the top of the page and give your tracking code.",
    ),
    "decision.keep": _m(
        "Conservez cette décision avec le récépissé de dépôt de votre dossier.",
        "احتفظوا بهذا القرار مع وصل إيداع ملفكم.",
        "Keep this decision with the filing receipt of your file.",
    ),
    "decision.page": _m("Page {page}/{pages}", "الصفحة {page}/{pages}", "Page {page}/{pages}"),
    "error.verification_code_invalid": _m(
        "Le code de vérification a 12 caractères, par exemple K7QM-3XTR-9PWD.",
        "يتكون رمز التحقق من 12 حرفا، مثال: K7QM-3XTR-9PWD.",
        "The verification code has 12 characters, for example K7QM-3XTR-9PWD.",
    ),
    # The public verification page
    "verify.title": _m("Vérifier une décision", "التحقق من قرار", "Verify a decision"),
    "verify.lead": _m(
        "Saisissez le code de vérification imprimé sur une décision pour savoir si elle a bien "
        "été délivrée par le guichet. La page montre la décision, la démarche et la date, sans "
        "aucune donnée personnelle.",
        "أدخلوا رمز التحقق المطبوع على القرار لمعرفة ما إذا كان صادرا فعلا عن الشباك. تعرض هذه "
        "الصفحة القرار والمسطرة والتاريخ، دون أي معطيات شخصية.",
        "Enter the verification code printed on a decision to find out whether the counter "
        "really issued it. The page shows the decision, the procedure and the date, with no "
        "personal data.",
    ),
    "verify.code_label": _m("Code de vérification", "رمز التحقق", "Verification code"),
    "verify.code_hint": _m(
        "12 caractères, par exemple K7QM-3XTR-9PWD",
        "12 حرفا، مثال: K7QM-3XTR-9PWD",
        "12 characters, for example K7QM-3XTR-9PWD",
    ),
    "verify.button": _m("Vérifier", "التحقق", "Verify"),
    "verify.found": _m(
        "Une décision portant ce code a bien été délivrée.",
        "صدر فعلا قرار يحمل هذا الرمز.",
        "A decision with this code was issued.",
    ),
    "verify.not_found": _m(
        "Aucune décision ne porte ce code.",
        "لا يوجد أي قرار يحمل هذا الرمز.",
        "No decision with this code.",
    ),
    "verify.compare": _m(
        "Vérifiez que le document qu'on vous présente indique la même décision, la même "
        "démarche et la même date.",
        "تأكدوا من أن الوثيقة المقدمة إليكم تحمل نفس القرار ونفس المسطرة ونفس التاريخ.",
        "Check that the document you were shown gives the same decision, procedure and date.",
    ),
    "verify.decision": _m("Décision", "القرار", "Decision"),
    "verify.decided_on": _m("Date de la décision", "تاريخ القرار", "Date of the decision"),
    "verify.procedure": _m("Démarche", "المسطرة", "Procedure"),
    "verify.service": _m("Service", "المصلحة", "Service"),
    "verify.verification_code": _m("Code vérifié", "الرمز الذي تم التحقق منه", "Code checked"),
}
