"""Messages of the e-mails sent to applicants, and of the administrators' outbox page.

Plain text only: blank lines separate paragraphs. Every body says what happens next and
gives the public tracking link; none ever carries the PIN.
"""

from counter.i18n.areas.units import Message, counted_ar


def _m(fr: Message, ar: Message, en: Message) -> dict[str, Message]:
    return {"fr": fr, "ar": ar, "en": en}


MESSAGES: dict[str, dict[str, Message]] = {
    # E-mails about an account (SECURITY 31): activation, an address already registered,
    # a password reset. Their links carry the token after `#`: never sent to a server.
    "mail.account_signature": _m(
        "Le guichet numérique régional\n"
        "Ce message est envoyé automatiquement : merci de ne pas y répondre.",
        "الشباك الرقمي الجهوي\n"
        "هذه رسالة آلية، المرجو عدم الرد عليها.",
        "The regional digital counter\n"
        "This message is sent automatically: please do not reply to it.",
    ),
    "mail.activation.subject": _m(
        "Activez votre compte du guichet numérique",
        "فعّلوا حسابكم في الشباك الرقمي",
        "Activate your digital counter account",
    ),
    "mail.activation.body": _m(
        "Vous avez demandé un compte au guichet numérique avec cette adresse e-mail.\n\n"
        "Pour l'activer, ouvrez ce lien (il ne sert qu'une fois et reste valable "
        "{hours} heures) :\n{link}\n\n"
        "Ce n'est pas vous ? Ne faites rien : sans ce lien, aucun compte n'est créé.",
        "طلبتم فتح حساب في الشباك الرقمي بهذا البريد الإلكتروني.\n\n"
        "لتفعيله، افتحوا هذا الرابط (يُستعمل مرة واحدة ويبقى صالحا مدة {hours} ساعة):\n"
        "{link}\n\n"
        "لستم من طلب ذلك؟ لا تفعلوا شيئا: بدون هذا الرابط لا يُفتح أي حساب.",
        "You asked for a digital counter account with this e-mail address.\n\n"
        "To activate it, open this link (it works once and for {hours} hours):\n{link}\n\n"
        "Not you? Do nothing: without this link, no account is created.",
    ),
    "mail.already_registered.subject": _m(
        "Vous avez déjà un compte au guichet numérique",
        "لديكم حساب في الشباك الرقمي",
        "You already have a digital counter account",
    ),
    "mail.already_registered.body": _m(
        "Quelqu'un (vous, sans doute) a demandé un nouveau compte avec cette adresse e-mail. "
        "Elle a déjà un compte : aucun autre n'est créé.\n\n"
        "Connectez-vous ici :\n{signin}\n\n"
        "Mot de passe oublié ? Choisissez-en un nouveau ici :\n{forgot}",
        "طلب شخص ما (أنتم على الأرجح) فتح حساب جديد بهذا البريد الإلكتروني. "
        "لهذا البريد حساب من قبل: لن يُفتح حساب آخر.\n\n"
        "ادخلوا إلى حسابكم من هنا:\n{signin}\n\n"
        "نسيتم كلمة المرور؟ اختاروا كلمة جديدة من هنا:\n{forgot}",
        "Someone (probably you) asked for a new account with this e-mail address. It "
        "already has an account: no other one is created.\n\n"
        "Sign in here:\n{signin}\n\n"
        "Forgot your password? Choose a new one here:\n{forgot}",
    ),
    "mail.password_reset.subject": _m(
        "Choisir un nouveau mot de passe",
        "اختيار كلمة مرور جديدة",
        "Choose a new password",
    ),
    "mail.password_reset.body": _m(
        "Un nouveau mot de passe a été demandé pour votre compte du guichet numérique.\n\n"
        "Pour le choisir, ouvrez ce lien (il ne sert qu'une fois et reste valable "
        "{minutes} minutes) :\n{link}\n\n"
        "Ce n'est pas vous ? Ne faites rien : votre mot de passe ne change pas.",
        "طُلبت كلمة مرور جديدة لحسابكم في الشباك الرقمي.\n\n"
        "لاختيارها، افتحوا هذا الرابط (يُستعمل مرة واحدة ويبقى صالحا مدة {minutes} دقيقة):\n"
        "{link}\n\n"
        "لستم من طلب ذلك؟ لا تفعلوا شيئا: كلمة مروركم لن تتغير.",
        "A new password was asked for your digital counter account.\n\n"
        "To choose it, open this link (it works once and for {minutes} minutes):\n{link}\n\n"
        "Not you? Do nothing: your password does not change.",
    ),
    "status.activation": _m("Activation de compte", "تفعيل حساب", "Account activation"),
    "status.already_registered": _m("Compte existant", "حساب موجود", "Existing account"),
    "status.password_reset": _m("Mot de passe oublié", "كلمة مرور منسية",
                                "Forgotten password"),
    # Around every e-mail
    "mail.greeting": _m("Bonjour {name},", "السيد(ة) {name}،", "Hello {name},"),
    "mail.for_company": _m(
        "Cette décision concerne l'entreprise {company} (ICE {ice}), que vous représentez.",
        "يتعلق هذا القرار بالمقاولة {company} (التعريف الموحد ICE {ice}) التي تمثلونها.",
        "This decision is for the company {company} (ICE {ice}), which you represent.",
    ),
    "mail.signature": _m(
        "{region} — {service}\n"
        "Le guichet numérique régional\n"
        "Ce message est envoyé automatiquement : merci de ne pas y répondre.",
        "{region} — {service}\n"
        "الشباك الرقمي الجهوي\n"
        "هذه رسالة آلية، المرجو عدم الرد عليها.",
        "{region} — {service}\n"
        "The regional digital counter\n"
        "This message is sent automatically: please do not reply to it.",
    ),
    # A dossier was submitted
    "mail.submitted.subject": _m(
        "Dossier {code} reçu : {procedure}",
        "تم استلام ملفكم {code}: {procedure}",
        "File {code} received: {procedure}",
    ),
    "mail.submitted.body": _m(
        "Votre demande « {procedure} » est bien déposée. Son code de suivi est {code}.\n\n"
        "Et maintenant : un agent du service va l'étudier. La décision est attendue au plus "
        "tard le {date}. S'il manque une information, vous recevrez un message.\n\n"
        "Suivez votre dossier ici, avec le code PIN imprimé sur votre reçu :\n{link}",
        "تم إيداع طلبكم «{procedure}» بنجاح. رمز تتبعه هو {code}.\n\n"
        "الخطوة التالية: سيدرس موظف من المصلحة ملفكم. ينتظر صدور القرار في أجل أقصاه "
        "{date}. إذا نقصت معلومة، ستتوصلون برسالة.\n\n"
        "تتبعوا ملفكم هنا، بالرقم السري المدون في الوصل:\n{link}",
        "Your request “{procedure}” has been filed. Its tracking code is {code}.\n\n"
        "What happens next: an agent of the service will review it. The decision is expected "
        "by {date} at the latest. If anything is missing, you will receive a message.\n\n"
        "Follow your file here, with the PIN printed on your receipt:\n{link}",
    ),
    # The service asks for more information
    "mail.info_requested.subject": _m(
        "Information demandée pour votre dossier {code}",
        "معلومات مطلوبة لملفكم {code}",
        "Information needed for your file {code}",
    ),
    "mail.info_requested.body": _m(
        "Pour continuer l'étude de votre demande « {procedure} » (dossier {code}), le service "
        "vous demande :\n\n{note}\n\n"
        "Et maintenant : répondez depuis votre compte, par un message ou en ajoutant les "
        "documents demandés. Le délai de traitement est suspendu jusqu'à votre réponse.\n\n"
        "Suivez votre dossier ici :\n{link}",
        "لمواصلة دراسة طلبكم «{procedure}» (الملف {code})، تطلب منكم المصلحة ما يلي:\n\n"
        "{note}\n\n"
        "الخطوة التالية: أجيبوا من حسابكم برسالة أو بإضافة الوثائق المطلوبة. يتوقف احتساب "
        "أجل المعالجة إلى حين جوابكم.\n\n"
        "تتبعوا ملفكم هنا:\n{link}",
        "To continue reviewing your request “{procedure}” (file {code}), the service asks "
        "you for:\n\n{note}\n\n"
        "What happens next: answer from your account, with a message or by adding the "
        "requested documents. The processing time is on hold until you answer.\n\n"
        "Follow your file here:\n{link}",
    ),
    # Decisions
    "mail.accepted.subject": _m(
        "Décision sur votre dossier {code} : demande acceptée",
        "قرار بشأن ملفكم {code}: تم قبول الطلب",
        "Decision on your file {code}: request accepted",
    ),
    "mail.accepted.body": _m(
        "Votre demande « {procedure} » (dossier {code}) est acceptée.\n\n"
        "Et maintenant : le document de décision est disponible dans votre compte. Vous "
        "pouvez le télécharger et l'imprimer ; son authenticité peut être vérifiée en "
        "ligne.\n\n"
        "Suivez votre dossier ici :\n{link}",
        "تم قبول طلبكم «{procedure}» (الملف {code}).\n\n"
        "الخطوة التالية: وثيقة القرار متاحة في حسابكم. يمكنكم تحميلها وطباعتها، ويمكن "
        "التحقق من صحتها عبر الإنترنت.\n\n"
        "تتبعوا ملفكم هنا:\n{link}",
        "Your request “{procedure}” (file {code}) is accepted.\n\n"
        "What happens next: the decision document is in your account. You can download and "
        "print it; its authenticity can be checked online.\n\n"
        "Follow your file here:\n{link}",
    ),
    "mail.accepted.note": _m(
        "Message du service :\n{note}",
        "رسالة من المصلحة:\n{note}",
        "Message from the service:\n{note}",
    ),
    "mail.rejected.subject": _m(
        "Décision sur votre dossier {code} : demande refusée",
        "قرار بشأن ملفكم {code}: تم رفض الطلب",
        "Decision on your file {code}: request rejected",
    ),
    "mail.rejected.body": _m(
        "Votre demande « {procedure} » (dossier {code}) n'a pas pu être acceptée.\n\n"
        "Motif :\n{note}\n\n"
        "Et maintenant : le document de décision, avec ce motif, est disponible dans votre "
        "compte. Vous pouvez déposer une nouvelle demande si votre situation change, ou "
        "contacter le service pour toute question.\n\n"
        "Suivez votre dossier ici :\n{link}",
        "تعذر قبول طلبكم «{procedure}» (الملف {code}).\n\n"
        "السبب:\n{note}\n\n"
        "الخطوة التالية: وثيقة القرار، مع هذا السبب، متاحة في حسابكم. يمكنكم إيداع طلب "
        "جديد إذا تغير وضعكم، أو الاتصال بالمصلحة لأي سؤال.\n\n"
        "تتبعوا ملفكم هنا:\n{link}",
        "Your request “{procedure}” (file {code}) could not be accepted.\n\n"
        "Reason:\n{note}\n\n"
        "What happens next: the decision document, with this reason, is in your account. "
        "You can file a new request if your situation changes, or contact the service with "
        "any question.\n\n"
        "Follow your file here:\n{link}",
    ),
    # Administrators' outbox page
    "outbox.title": _m("Messages aux demandeurs", "الرسائل الموجهة إلى أصحاب الطلبات",
                       "Messages to applicants"),
    "outbox.lead": _m(
        "Les e-mails envoyés aux demandeurs. Un message en attente part dès que le serveur "
        "de messagerie répond ; si aucun serveur n'est configuré, les messages restent ici.",
        "الرسائل الإلكترونية الموجهة إلى أصحاب الطلبات. ترسل الرسالة المنتظرة بمجرد استجابة "
        "خادم البريد؛ وإذا لم يضبط أي خادم، تبقى الرسائل هنا.",
        "The e-mails sent to applicants. A waiting message leaves as soon as the mail server "
        "answers; if no mail server is configured, messages stay here.",
    ),
    "outbox.created": _m("Créé le", "تاريخ الإنشاء", "Created"),
    "outbox.to": _m("Destinataire", "المرسل إليه", "To"),
    "outbox.kind": _m("Événement", "الحدث", "Event"),
    "outbox.subject": _m("Objet", "الموضوع", "Subject"),
    "outbox.status": _m("État", "الحالة", "Status"),
    "outbox.sent": _m("Envoyé", "أرسلت", "Sent"),
    "outbox.waiting": _m("En attente", "في الانتظار", "Waiting"),
    "outbox.failed": _m(
        {"one": "Échec ({n} essai), nouvel essai prévu",
         "other": "Échec ({n} essais), nouvel essai prévu"},
        counted_ar("تعذر الإرسال ({n} {noun})، ستعاد المحاولة", "محاولة", "محاولتان",
                   "محاولات", "محاولة"),
        {"one": "Failed ({n} attempt), will try again",
         "other": "Failed ({n} attempts), will try again"}),
    "outbox.given_up": _m(
        {"one": "Abandonné après {n} essai", "other": "Abandonné après {n} essais"},
        counted_ar("توقف الإرسال بعد {n} {noun}", "محاولة", "محاولتين", "محاولات", "محاولة"),
        {"one": "Given up after {n} attempt", "other": "Given up after {n} attempts"}),
    "outbox.error": _m("Dernière erreur", "آخر خطأ", "Last error"),
    "outbox.empty": _m("Aucun message.", "لا توجد أي رسالة.", "No messages."),
}
