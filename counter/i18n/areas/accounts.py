"""Messages of accounts: registration, sign-in, profile and password errors.

The identifier errors (error.cin_invalid, error.ice_invalid, error.mobile_invalid) are in
the base catalogs.
"""

from counter.i18n.areas.units import Message, counted_ar

MESSAGES: dict[str, dict[str, Message]] = {
    # Names and company details
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
