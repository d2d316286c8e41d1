"""Messages of accounts: registration, sign-in, profile and password errors.

The identifier errors (error.cin_invalid, error.ice_invalid, error.mobile_invalid) are in
the base catalogs.
"""

from counter.i18n.areas.units import Message, counted_ar

MESSAGES: dict[str, dict[str, Message]] = {
    # Names and company details
    "error.upload_signed_out": {
        "fr": "Votre session est terminée : le fichier n'a pas été envoyé. Connectez-vous de nouveau, puis envoyez-le.",
        "ar": "انتهت جلستكم ولم يتم إرسال الملف. سجلوا الدخول من جديد، ثم أرسلوه.",
        "en": "Your session has ended: the file was not sent. Sign in again, then send it.",
    },
    "error.full_name_required": {
        "fr": "Indiquez votre nom complet.",
        "ar": "أدخلوا الاسم الكامل.",
        "en": "Enter your full name.",
    },
    "error.full_name_too_long": {
        "fr": "Le nom ne doit pas dépasser 200 caractères.",
        "ar": "يجب ألا يتجاوز الاسم 200 حرف.",
        "en": "The name must not be longer than 200 characters.",
    },
    "error.full_name_invalid": {
        "fr": "Le nom contient des caractères non autorisés.",
        "ar": "يحتوي الاسم على رموز غير مسموح بها.",
        "en": "The name contains characters that are not allowed.",
    },
    "error.company_name_required": {
        "fr": "Indiquez la raison sociale de l'entreprise.",
        "ar": "أدخلوا اسم المقاولة.",
        "en": "Enter the company name.",
    },
    "error.company_name_too_long": {
        "fr": "La raison sociale ne doit pas dépasser 200 caractères.",
        "ar": "يجب ألا يتجاوز اسم المقاولة 200 حرف.",
        "en": "The company name must not be longer than 200 characters.",
    },
    "error.company_name_invalid": {
        "fr": "La raison sociale contient des caractères non autorisés.",
        "ar": "يحتوي اسم المقاولة على رموز غير مسموح بها.",
        "en": "The company name contains characters that are not allowed.",
    },
    "error.rc_number_required": {
        "fr": "Indiquez le numéro du registre de commerce (RC).",
        "ar": "أدخلوا رقم السجل التجاري.",
        "en": "Enter the commercial register (RC) number.",
    },
    "error.rc_number_too_long": {
        "fr": "Le numéro RC ne doit pas dépasser 32 caractères.",
        "ar": "يجب ألا يتجاوز رقم السجل التجاري 32 رمزا.",
        "en": "The RC number must not be longer than 32 characters.",
    },
    "error.rc_number_invalid": {
        "fr": "Le numéro RC contient des caractères non autorisés.",
        "ar": "يحتوي رقم السجل التجاري على رموز غير مسموح بها.",
        "en": "The RC number contains characters that are not allowed.",
    },
    "error.rc_court_required": {
        "fr": "Indiquez le tribunal où l'entreprise est immatriculée.",
        "ar": "أدخلوا المحكمة التي سُجلت فيها المقاولة.",
        "en": "Enter the court where the company is registered.",
    },
    "error.rc_court_too_long": {
        "fr": "Le nom du tribunal ne doit pas dépasser 120 caractères.",
        "ar": "يجب ألا يتجاوز اسم المحكمة 120 حرفا.",
        "en": "The court name must not be longer than 120 characters.",
    },
    "error.rc_court_invalid": {
        "fr": "Le nom du tribunal contient des caractères non autorisés.",
        "ar": "يحتوي اسم المحكمة على رموز غير مسموح بها.",
        "en": "The court name contains characters that are not allowed.",
    },
    # Identifiers and contacts
    "error.lang_invalid": {
        "fr": "Choisissez une des langues de la liste.",
        "ar": "اختاروا لغة من القائمة.",
        "en": "Choose one of the languages listed.",
    },
    "error.cin_required": {
        "fr": "Indiquez le numéro de votre carte nationale (CIN).",
        "ar": "أدخلوا رقم البطاقة الوطنية.",
        "en": "Enter your national identity card (CIN) number.",
    },
    "error.ice_required": {
        "fr": "Indiquez l'ICE de l'entreprise (15 chiffres).",
        "ar": "أدخلوا المعرف الموحد للمقاولة (15 رقما).",
        "en": "Enter the company's ICE (15 digits).",
    },
    "error.ice_taken": {
        "fr": "Cette entreprise (ICE) a déjà un compte.",
        "ar": "المعرف الموحد لهذه المقاولة مسجل في حساب آخر.",
        "en": "This company (ICE) already has an account.",
    },
    "error.contact_required": {
        "fr": "Indiquez une adresse e-mail ou un numéro de mobile (ou les deux).",
        "ar": "أدخلوا بريدا إلكترونيا أو رقم هاتف محمول، أو الاثنين معا.",
        "en": "Enter an e-mail address or a mobile number (or both).",
    },
    "error.email_required": {
        "fr": "Indiquez une adresse e-mail.",
        "ar": "أدخلوا عنوان البريد الإلكتروني.",
        "en": "Enter an e-mail address.",
    },
    "error.email_invalid": {
        "fr": "Cette adresse e-mail n'est pas valide (ex. nom@exemple.ma).",
        "ar": "عنوان البريد الإلكتروني غير صحيح (مثال: nom@exemple.ma).",
        "en": "This e-mail address is not valid (e.g. nom@exemple.ma).",
    },
    "error.email_taken": {
        "fr": "Un compte existe déjà avec cette adresse e-mail. Connectez-vous ou utilisez une autre adresse.",
        "ar": "يوجد حساب بهذا البريد الإلكتروني. سجلوا الدخول أو استعملوا عنوانا آخر.",
        "en": "An account already uses this e-mail address. Sign in, or use another address.",
    },
    "error.mobile_taken": {
        "fr": "Un compte existe déjà avec ce numéro de mobile. Connectez-vous ou utilisez un autre numéro.",
        "ar": "يوجد حساب بهذا الرقم. سجلوا الدخول أو استعملوا رقما آخر.",
        "en": "An account already uses this mobile number. Sign in, or use another number.",
    },
    # Passwords
    "error.password_blank": {
        "fr": "Le mot de passe ne peut pas être fait que d'espaces. Choisissez une phrase avec des mots.",
        "ar": "لا يمكن أن تتكون كلمة المرور من فراغات فقط. اختاروا جملة بكلمات.",
        "en": "The password cannot be only spaces. Choose a phrase with words.",
    },
    "error.password_too_short": {
        "fr": "Le mot de passe doit comporter au moins 8 caractères.",
        "ar": "يجب أن تتكون كلمة المرور من 8 رموز على الأقل.",
        "en": "The password must have at least 8 characters.",
    },
    "error.password_too_long": {
        "fr": "Le mot de passe ne doit pas dépasser 128 caractères.",
        "ar": "يجب ألا تتجاوز كلمة المرور 128 رمزا.",
        "en": "The password must not be longer than 128 characters.",
    },
    "error.password_common": {
        "fr": "Ce mot de passe est trop courant et facile à deviner. Choisissez-en un autre, par exemple une phrase de plusieurs mots.",
        "ar": "كلمة المرور هذه شائعة جدا ويسهل تخمينها. اختاروا كلمة أخرى، مثلا جملة من عدة كلمات.",
        "en": "This password is too common and easy to guess. Choose another one, for example a sentence of several words.",
    },
    "error.password_personal": {
        "fr": "Le mot de passe ne doit pas être votre nom, votre e-mail, votre numéro de mobile ni votre CIN.",
        "ar": "يجب ألا تكون كلمة المرور هي اسمكم أو بريدكم الإلكتروني أو رقم هاتفكم أو رقم بطاقتكم الوطنية.",
        "en": "The password must not be your name, e-mail, mobile number or CIN.",
    },
    "error.password_mismatch": {
        "fr": "Les deux mots de passe ne sont pas identiques.",
        "ar": "كلمتا المرور غير متطابقتين.",
        "en": "The two passwords do not match.",
    },
    "error.current_password_required": {
        "fr": "Pour changer l'e-mail ou le numéro de mobile, saisissez votre mot de passe actuel.",
        "ar": "لتغيير البريد الإلكتروني أو رقم الهاتف، أدخلوا كلمة المرور الحالية.",
        "en": "To change your e-mail or mobile number, enter your current password.",
    },
    "error.current_password_wrong": {
        "fr": "Le mot de passe actuel n'est pas correct.",
        "ar": "كلمة المرور الحالية غير صحيحة.",
        "en": "The current password is not correct.",
    },
    # Sign-in
    "error.signin_failed": {
        "fr": "Identifiants incorrects : vérifiez l'e-mail ou le numéro de mobile, et le mot de passe.",
        "ar": "معلومات الدخول غير صحيحة: تحققوا من البريد الإلكتروني أو رقم الهاتف، ومن كلمة المرور.",
        "en": "Wrong sign-in details: check the e-mail or mobile number, and the password.",
    },
    "error.signin_throttled": {
        "fr": {"one": "Trop d'essais. Attendez {n} seconde, puis réessayez.",
               "other": "Trop d'essais. Attendez {n} secondes, puis réessayez."},
        "ar": counted_ar("محاولات كثيرة. انتظروا {n} {noun} ثم أعيدوا المحاولة.",
                         "ثانية", "ثانيتين", "ثوان", "ثانية"),
        "en": {"one": "Too many attempts. Wait {n} second, then try again.",
               "other": "Too many attempts. Wait {n} seconds, then try again."},
    },
    # Sign-up answers, activation, forgotten password (SECURITY 31)
    "signup.sent_title": {
        "fr": "Vérifiez votre boîte e-mail",
        "ar": "تفقدوا بريدكم الإلكتروني",
        "en": "Check your e-mail",
    },
    "signup.sent_body": {
        "fr": "Nous avons envoyé un lien à {email} pour activer votre compte. Ouvrez-le dans les 24 heures : votre compte sera alors créé. Rien reçu ? Regardez dans les courriers indésirables.",
        "ar": "أرسلنا رابطا إلى {email} لتفعيل حسابكم. افتحوه خلال 24 ساعة: عندها يُفتح حسابكم. لم يصلكم شيء؟ تفقدوا مجلد الرسائل غير المرغوب فيها.",
        "en": "We sent a link to {email} to activate your account. Open it within 24 hours: your account is then created. Nothing received? Look in your spam folder.",
    },
    "signup.counter_title": {
        "fr": "Activez votre compte à un guichet",
        "ar": "فعّلوا حسابكم في أحد الشبابيك",
        "en": "Activate your account at a counter",
    },
    "signup.counter_body": {
        "fr": "Sans adresse e-mail, votre compte s'active à un guichet : présentez-vous dans les 30 jours avec votre carte nationale (CIN). L'agent la vérifie et active le compte ; vous vous connecterez ensuite avec votre numéro de mobile et votre mot de passe.",
        "ar": "بدون بريد إلكتروني، يُفعَّل حسابكم في أحد الشبابيك: تقدموا خلال 30 يوما ببطاقتكم الوطنية. يتحقق منها الموظف ويفعّل الحساب، ثم تدخلون برقم هاتفكم المحمول وكلمة المرور.",
        "en": "Without an e-mail address, your account is activated at a counter: come within 30 days with your national ID card (CIN). The agent checks it and activates the account; you then sign in with your mobile number and your password.",
    },
    "activate.title": {
        "fr": "Activation du compte",
        "ar": "تفعيل الحساب",
        "en": "Account activation",
    },
    "activate.working": {
        "fr": "Activation de votre compte en cours…",
        "ar": "جار تفعيل حسابكم…",
        "en": "Activating your account…",
    },
    "activate.conflict": {
        "fr": "Votre compte n'a pas pu être créé :",
        "ar": "تعذر إنشاء حسابكم:",
        "en": "Your account could not be created:",
    },
    "error.activation_invalid": {
        "fr": "Ce lien d'activation ne fonctionne pas : il a déjà servi ou date de plus de 24 heures. Créez votre compte à nouveau.",
        "ar": "رابط التفعيل هذا لا يعمل: استُعمل من قبل أو مرت عليه أكثر من 24 ساعة. أنشئوا حسابكم من جديد.",
        "en": "This activation link does not work: it was already used or is more than 24 hours old. Create your account again.",
    },
    "error.login_required": {
        "fr": "Indiquez l'e-mail ou le numéro de mobile de votre compte.",
        "ar": "أدخلوا البريد الإلكتروني أو رقم الهاتف المحمول لحسابكم.",
        "en": "Enter the e-mail or mobile number of your account.",
    },
    "auth.forgot_link": {
        "fr": "Mot de passe oublié ?",
        "ar": "نسيتم كلمة المرور؟",
        "en": "Forgot your password?",
    },
    "forgot.title": {
        "fr": "Mot de passe oublié",
        "ar": "كلمة المرور المنسية",
        "en": "Forgotten password",
    },
    "forgot.lead": {
        "fr": "Indiquez l'e-mail ou le numéro de mobile de votre compte. Nous enverrons un lien à l'adresse e-mail du compte pour choisir un nouveau mot de passe.",
        "ar": "أدخلوا البريد الإلكتروني أو رقم الهاتف المحمول لحسابكم. سنرسل إلى البريد الإلكتروني للحساب رابطا لاختيار كلمة مرور جديدة.",
        "en": "Enter the e-mail or mobile number of your account. We will send a link to the account's e-mail address to choose a new password.",
    },
    "forgot.button": {
        "fr": "Recevoir le lien",
        "ar": "توصلوا بالرابط",
        "en": "Send me the link",
    },
    "forgot.sent": {
        "fr": "Si un compte correspond, un lien vient de partir vers son adresse e-mail. Il est valable 30 minutes et ne sert qu'une fois. Votre compte n'a pas d'e-mail ? Présentez-vous à un guichet avec votre carte nationale (CIN) : l'agent vous remettra un code.",
        "ar": "إذا كان هناك حساب مطابق، فقد أُرسل رابط إلى بريده الإلكتروني. يبقى صالحا 30 دقيقة ويُستعمل مرة واحدة. ليس لحسابكم بريد إلكتروني؟ تقدموا إلى أحد الشبابيك ببطاقتكم الوطنية: سيسلمكم الموظف رمزا.",
        "en": "If an account matches, a link is on its way to its e-mail address. It works for 30 minutes, once. Your account has no e-mail? Come to a counter with your national ID card (CIN): the agent will give you a code.",
    },
    "forgot.have_code": {
        "fr": "J'ai un code remis au guichet",
        "ar": "لدي رمز سلّمه لي الشباك",
        "en": "I have a code from a counter",
    },
    "reset.title": {
        "fr": "Choisir un nouveau mot de passe",
        "ar": "اختيار كلمة مرور جديدة",
        "en": "Choose a new password",
    },
    "reset.lead_link": {
        "fr": "Choisissez votre nouveau mot de passe. Toutes vos sessions ouvertes seront fermées.",
        "ar": "اختاروا كلمة المرور الجديدة. ستُغلق كل جلساتكم المفتوحة.",
        "en": "Choose your new password. Every open session of your account will end.",
    },
    "reset.lead_code": {
        "fr": "Saisissez le code remis au guichet, puis votre nouveau mot de passe. Toutes vos sessions ouvertes seront fermées.",
        "ar": "أدخلوا الرمز الذي سلّمه لكم الشباك، ثم كلمة المرور الجديدة. ستُغلق كل جلساتكم المفتوحة.",
        "en": "Type the code you were given at the counter, then your new password. Every open session of your account will end.",
    },
    "reset.code": {
        "fr": "Code remis au guichet",
        "ar": "الرمز المسلَّم في الشباك",
        "en": "Code from the counter",
    },
    "reset.code_hint": {
        "fr": "12 caractères, ex. 7KQM-4TZP-9HWB",
        "ar": "12 حرفا، مثال 7KQM-4TZP-9HWB",
        "en": "12 characters, e.g. 7KQM-4TZP-9HWB",
    },
    "reset.button": {
        "fr": "Enregistrer le mot de passe",
        "ar": "حفظ كلمة المرور",
        "en": "Save the password",
    },
    "reset.done": {
        "fr": "Votre mot de passe est changé et toutes vos sessions sont fermées. Connectez-vous avec le nouveau mot de passe.",
        "ar": "تم تغيير كلمة المرور وأُغلقت كل جلساتكم. ادخلوا بكلمة المرور الجديدة.",
        "en": "Your password is changed and every session has ended. Sign in with the new password.",
    },
    "error.reset_invalid": {
        "fr": "Ce lien ou ce code ne fonctionne pas : il a déjà servi, date de plus de 30 minutes ou est mal saisi. Demandez-en un nouveau.",
        "ar": "هذا الرابط أو الرمز لا يعمل: استُعمل من قبل أو مرت عليه أكثر من 30 دقيقة أو كُتب خطأ. اطلبوا رابطا جديدا.",
        "en": "This link or code does not work: it was already used, is more than 30 minutes old or was mistyped. Ask for a new one.",
    },
    # The counter's screen: activation and password reset for the person in front of the agent
    "counter_accounts.title": {
        "fr": "Comptes au guichet",
        "ar": "الحسابات في الشباك",
        "en": "Accounts at the counter",
    },
    "counter_accounts.link": {
        "fr": "Activer un compte ou remettre un code",
        "ar": "تفعيل حساب أو تسليم رمز",
        "en": "Activate an account or give a code",
    },
    "counter_accounts.lead": {
        "fr": "Vérifiez la carte nationale (CIN) de la personne devant vous, puis saisissez son e-mail ou son mobile et le numéro lu sur la carte. Chaque action est enregistrée à votre nom.",
        "ar": "تحققوا من البطاقة الوطنية للشخص الذي أمامكم، ثم أدخلوا بريده الإلكتروني أو هاتفه المحمول والرقم المقروء على البطاقة. تُسجَّل كل عملية باسمكم.",
        "en": "Check the national ID card (CIN) of the person in front of you, then type their e-mail or mobile and the number read on the card. Every action is recorded under your name.",
    },
    "counter_accounts.cin": {
        "fr": "Numéro lu sur la carte (CIN)",
        "ar": "الرقم المقروء على البطاقة الوطنية",
        "en": "Number read on the card (CIN)",
    },
    "counter_accounts.search": {
        "fr": "Chercher",
        "ar": "بحث",
        "en": "Search",
    },
    "counter_accounts.account_found": {
        "fr": "Compte de {name}",
        "ar": "حساب {name}",
        "en": "Account of {name}",
    },
    "counter_accounts.pending_found": {
        "fr": "Compte à activer de {name}",
        "ar": "حساب في انتظار التفعيل باسم {name}",
        "en": "Account of {name}, waiting for activation",
    },
    "counter_accounts.give_code": {
        "fr": "Remettre un code de nouveau mot de passe",
        "ar": "تسليم رمز لكلمة مرور جديدة",
        "en": "Give a new-password code",
    },
    "counter_accounts.code_given": {
        "fr": "Code à remettre : {code}. Valable jusqu'à {until}, une seule fois, sur la page « Mot de passe oublié » (J'ai un code remis au guichet).",
        "ar": "الرمز المسلَّم: {code}. صالح إلى غاية {until}، مرة واحدة، في صفحة «كلمة المرور المنسية» (لدي رمز سلّمه لي الشباك).",
        "en": "Code to hand over: {code}. Valid until {until}, once, on the “Forgotten password” page (I have a code from a counter).",
    },
    "counter_accounts.activate": {
        "fr": "Activer ce compte",
        "ar": "تفعيل هذا الحساب",
        "en": "Activate this account",
    },
    "counter_accounts.activated": {
        "fr": "Compte activé. La personne se connecte avec son mobile et son mot de passe.",
        "ar": "تم تفعيل الحساب. يدخل الشخص برقم هاتفه المحمول وكلمة المرور.",
        "en": "Account activated. The person signs in with their mobile and password.",
    },
    "error.counter_nothing_found": {
        "fr": "Aucun compte ni inscription en attente ne correspond à ce contact et à ce numéro de CIN.",
        "ar": "لا يوجد حساب ولا تسجيل في الانتظار يطابق جهة الاتصال هذه ورقم البطاقة الوطنية هذا.",
        "en": "No account or waiting sign-up matches this contact and this CIN number.",
    },
    # Staff accounts
    "error.role_invalid": {
        "fr": "Le rôle doit être agent ou administrateur.",
        "ar": "يجب اختيار أحد الدورين: موظف أو مسؤول عن المنصة.",
        "en": "The role must be agent or administrator.",
    },
    "error.service_required": {
        "fr": "Choisissez le service de l'agent.",
        "ar": "اختاروا المصلحة التي يعمل بها الموظف.",
        "en": "Choose the agent's service.",
    },
}
