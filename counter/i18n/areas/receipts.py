"""Every text printed on the filing receipt (récépissé de dépôt, law 55-19)."""

MESSAGES: dict[str, dict[str, str]] = {
    "receipt.kingdom": {
        "fr": "Royaume du Maroc",
        "ar": "المملكة المغربية",
        "en": "Kingdom of Morocco",
    },
    "receipt.region": {
        "fr": "Région {name}",
        "ar": "جهة {name}",
        "en": "{name} Region",
    },
    "receipt.title": {
        "fr": "Récépissé de dépôt",
        "ar": "وصل الإيداع",
        "en": "Filing receipt",
    },
    "receipt.legal_basis": {
        "fr": (
            "Délivré en application de la loi n° 55-19 relative à la simplification des "
            "procédures et formalités administratives."
        ),
        "ar": "يسلم هذا الوصل تطبيقا للقانون رقم 55.19 المتعلق بتبسيط المساطر والإجراءات الإدارية.",
        "en": (
            "Issued under law 55-19 on the simplification of administrative procedures "
            "and formalities."
        ),
    },
    "receipt.tracking_code": {
        "fr": "Code de suivi",
        "ar": "رمز التتبع",
        "en": "Tracking code",
    },
    "receipt.pin": {
        "fr": "Code PIN",
        "ar": "الرمز السري (PIN)",
        "en": "PIN",
    },
    "receipt.pin_secret": {
        "fr": (
            "Gardez ce code PIN secret : avec le code de suivi, il donne accès à votre "
            "dossier. Aucun agent ne vous le demandera."
        ),
        "ar": (
            "احتفظ بهذا الرمز السري ولا تطلع عليه أحدا: فهو يتيح، مع رمز التتبع، الاطلاع على "
            "ملفك. لن يطلبه منك أي موظف."
        ),
        "en": (
            "Keep this PIN secret: with the tracking code, it gives access to your file. "
            "No agent will ever ask you for it."
        ),
    },
    "receipt.procedure": {
        "fr": "Démarche",
        "ar": "المسطرة",
        "en": "Procedure",
    },
    "receipt.procedure_code": {
        "fr": "Référence de la démarche",
        "ar": "مرجع المسطرة",
        "en": "Procedure reference",
    },
    "receipt.service": {
        "fr": "Service",
        "ar": "المصلحة",
        "en": "Service",
    },
    "receipt.applicant": {
        "fr": "Demandeur",
        "ar": "مقدم الطلب",
        "en": "Applicant",
    },
    "receipt.channel": {
        "fr": "Mode de dépôt",
        "ar": "طريقة الإيداع",
        "en": "Filing channel",
    },
    "receipt.channel.online": {
        "fr": "En ligne",
        "ar": "عبر الإنترنت",
        "en": "Online",
    },
    "receipt.channel.assisted": {
        "fr": "Au guichet, avec l'aide d'un agent",
        "ar": "بالشباك، بمساعدة موظف",
        "en": "At the counter, assisted by an agent",
    },
    "receipt.submitted_at": {
        "fr": "Déposé le",
        "ar": "تاريخ وساعة الإيداع",
        "en": "Filed on",
    },
    "receipt.legal_deadline": {
        "fr": "Délai légal de traitement",
        "ar": "الأجل القانوني للمعالجة",
        "en": "Legal processing time",
    },
    "receipt.expected_decision": {
        "fr": "Décision attendue au plus tard le",
        "ar": "أجل القرار، على أبعد تقدير",
        "en": "Decision expected by",
    },
    "receipt.documents": {
        "fr": "Documents déposés ({n})",
        "ar": "الوثائق المودعة ({n})",
        "en": "Documents filed ({n})",
    },
    "receipt.no_documents": {
        "fr": "Aucun document déposé.",
        "ar": "لم تودع أي وثيقة.",
        "en": "No document filed.",
    },
    "receipt.document": {
        "fr": "Document",
        "ar": "الوثيقة",
        "en": "Document",
    },
    "receipt.file_name": {
        "fr": "Fichier",
        "ar": "الملف",
        "en": "File",
    },
    "receipt.fingerprint": {
        "fr": "Empreinte SHA-256",
        "ar": "البصمة SHA-256",
        "en": "SHA-256 fingerprint",
    },
    "receipt.fingerprint_note": {
        "fr": (
            "L'empreinte (12 premiers caractères du SHA-256 du fichier) permet de vérifier que "
            "le document reçu est bien celui que vous avez déposé."
        ),
        "ar": (
            "تتيح البصمة (أول 12 حرفا من SHA-256 للملف) التحقق من أن الوثيقة المتوصل بها هي "
            "نفسها التي أودعتها."
        ),
        "en": (
            "The fingerprint (first 12 characters of the file's SHA-256) lets you check that "
            "the document received is the one you filed."
        ),
    },
    "receipt.qr_caption": {
        "fr": "Scannez pour suivre votre dossier",
        "ar": "امسح الرمز لتتبع ملفك",
        "en": "Scan to track your file",
    },
    "receipt.follow_title": {
        "fr": "Suivre votre dossier",
        "ar": "تتبع ملفك",
        "en": "Following your file",
    },
    "receipt.follow_text": {
        "fr": (
            "Scannez le code QR ou ouvrez la page ci-dessous et saisissez votre code de suivi "
            "et votre code PIN, sans créer de compte. Vous y verrez l'état de votre dossier et "
            "les demandes de compléments, et vous pourrez y répondre. Vous pouvez aussi vous "
            "adresser au guichet de la région avec ce récépissé."
        ),
        "ar": (
            "امسح رمز QR أو افتح الصفحة أدناه وأدخل رمز التتبع والرمز السري، دون الحاجة إلى "
            "إنشاء حساب. ستجد فيها حالة ملفك وطلبات الإتمام، ويمكنك الرد عليها. كما يمكنك "
            "التوجه إلى شباك الجهة مصحوبا بهذا الوصل."
        ),
        "en": (
            "Scan the QR code or open the page below and enter your tracking code and PIN; "
            "no account needed. It shows the status of your file and any request for more "
            "information, which you can answer there. You can also bring this receipt to the "
            "region's counter."
        ),
    },
    "receipt.keep": {
        "fr": "Conservez ce récépissé : il prouve le dépôt de votre dossier et sa date.",
        "ar": "احتفظ بهذا الوصل: فهو يثبت إيداع ملفك وتاريخه.",
        "en": "Keep this receipt: it proves that you filed your file, and when.",
    },
    "receipt.page": {
        "fr": "Page {page}/{pages}",
        "ar": "الصفحة {page}/{pages}",
        "en": "Page {page}/{pages}",
    },
}
