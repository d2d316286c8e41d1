"""Demonstration data: regions, services, the procedure catalog and one account per role.

Pure data, loaded by the seeding service. Deadlines and pre-digital baselines are
illustrative figures (see ILLUSTRATIVE_NOTE); the provinces are those of DOMAIN.md.
Each procedure asks only for what it needs (law 09-08): the account already holds the
applicant's name, CIN, mobile and email, and a business account its company's ICE.
"""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path
from typing import Any


def _t(fr: str, ar: str, en: str) -> dict[str, str]:
    """A label in the three languages of the catalog."""
    return {"fr": fr, "ar": ar, "en": en}


ILLUSTRATIVE_NOTE = _t(
    "Les délais et les durées de référence d'avant la numérisation de ces démarches sont des "
    "chiffres indicatifs, donnés pour la démonstration ; ils ne remplacent pas les textes "
    "officiels.",
    "الآجال والمدد المرجعية السابقة للرقمنة الخاصة بهذه المساطر أرقام توضيحية لأغراض العرض "
    "فقط، ولا تحل محل النصوص الرسمية.",
    "The deadlines and pre-digital baselines of these procedures are illustrative figures for "
    "demonstration; they do not replace the official texts.",
)

REGIONS: list[dict[str, Any]] = [
    {
        "code": "DRA",
        "names": _t("Drâa-Tafilalet", "درعة تافيلالت", "Draa-Tafilalet"),
        "provinces": [
            {
                "code": "errachidia",
                "names": _t("Errachidia", "الرشيدية", "Errachidia"),
            },
            {
                "code": "ouarzazate",
                "names": _t("Ouarzazate", "ورزازات", "Ouarzazate"),
            },
            {"code": "midelt", "names": _t("Midelt", "ميدلت", "Midelt")},
            {"code": "tinghir", "names": _t("Tinghir", "تنغير", "Tinghir")},
            {"code": "zagora", "names": _t("Zagora", "زاكورة", "Zagora")},
        ],
    },
    {
        "code": "ORI",
        "names": _t("Oriental", "الشرق", "Oriental"),
        "provinces": [
            {
                "code": "oujda_angad",
                "names": _t("Oujda-Angad", "وجدة أنكاد", "Oujda-Angad"),
            },
            {"code": "nador", "names": _t("Nador", "الناظور", "Nador")},
            {"code": "berkane", "names": _t("Berkane", "بركان", "Berkane")},
            {
                "code": "taourirt",
                "names": _t("Taourirt", "تاوريرت", "Taourirt"),
            },
            {"code": "jerada", "names": _t("Jerada", "جرادة", "Jerada")},
            {"code": "figuig", "names": _t("Figuig", "فجيج", "Figuig")},
            {"code": "driouch", "names": _t("Driouch", "الدريوش", "Driouch")},
            {"code": "guercif", "names": _t("Guercif", "جرسيف", "Guercif")},
        ],
    },
    {
        "code": "SMA",
        "names": _t("Souss-Massa", "سوس ماسة", "Souss-Massa"),
        "provinces": [
            {
                "code": "agadir_ida_outanane",
                "names": _t("Agadir Ida-Outanane", "أكادير إداوتنان", "Agadir Ida-Outanane"),
            },
            {
                "code": "inezgane_ait_melloul",
                "names": _t(
                    "Inezgane-Aït Melloul",
                    "إنزكان أيت ملول",
                    "Inezgane-Ait Melloul",
                ),
            },
            {
                "code": "chtouka_ait_baha",
                "names": _t("Chtouka-Aït Baha", "اشتوكة أيت باها", "Chtouka-Ait Baha"),
            },
            {
                "code": "taroudant",
                "names": _t("Taroudant", "تارودانت", "Taroudant"),
            },
            {"code": "tiznit", "names": _t("Tiznit", "تيزنيت", "Tiznit")},
            {"code": "tata", "names": _t("Tata", "طاطا", "Tata")},
        ],
    },
    {
        "code": "LSH",
        "names": _t(
            "Laâyoune-Sakia El Hamra",
            "العيون الساقية الحمراء",
            "Laayoune-Sakia El Hamra",
        ),
        "provinces": [
            {"code": "laayoune", "names": _t("Laâyoune", "العيون", "Laayoune")},
            {"code": "boujdour", "names": _t("Boujdour", "بوجدور", "Boujdour")},
            {"code": "tarfaya", "names": _t("Tarfaya", "طرفاية", "Tarfaya")},
            {
                "code": "es_semara",
                "names": _t("Es-Semara", "السمارة", "Es-Semara"),
            },
        ],
    },
]

# Each region's council and its partners (the CRI) have the same kinds of services; a
# template's names take the region's name where they hold "{region}".
SERVICE_TEMPLATES: dict[str, dict[str, str]] = {
    "COMM_INFO": {
        "names": _t(
            "Service de la communication et de l'accès à l'information",
            "مصلحة التواصل والحق في الحصول على المعلومات",
            "Communication and Access to Information Service",
        ),
        "email": "acces-info",
    },
    "LEGAL_PETITIONS": {
        "names": _t(
            "Direction des affaires juridiques et des pétitions",
            "مديرية الشؤون القانونية والعرائض",
            "Legal Affairs and Petitions Department",
        ),
        "email": "petitions",
    },
    "INFRASTRUCTURE": {
        "names": _t(
            "Direction de l'équipement et des routes régionales",
            "مديرية التجهيز والطرق الجهوية",
            "Infrastructure and Regional Roads Department",
        ),
        "email": "equipement",
    },
    "ASSOC_PARTNERSHIP": {
        "names": _t(
            "Service des associations et du partenariat",
            "مصلحة الجمعيات والشراكة",
            "Associations and Partnership Service",
        ),
        "email": "associations",
    },
    "URBANISM": {
        "names": _t(
            "Agence urbaine – service de l'urbanisme",
            "الوكالة الحضرية – مصلحة التعمير",
            "Urban Agency – Town Planning Service",
        ),
        "email": "urbanisme",
    },
    "CRI": {
        "names": _t(
            "Centre régional d'investissement (CRI) {region}",
            "المركز الجهوي للاستثمار {region}",
            "{region} Regional Investment Centre (CRI)",
        ),
        "email": "investissement",
    },
    "TOURISM": {
        "names": _t("Service du tourisme", "مصلحة السياحة", "Tourism Service"),
        "email": "tourisme",
    },
    "EDUCATION_TRAINING": {
        "names": _t(
            "Service des affaires scolaires et de la formation",
            "مصلحة الشؤون المدرسية والتكوين",
            "School Affairs and Training Service",
        ),
        "email": "formation",
    },
    "CULTURE_EVENTS": {
        "names": _t(
            "Service de la culture et des événements",
            "مصلحة الثقافة والتظاهرات",
            "Culture and Events Service",
        ),
        "email": "culture",
    },
}

# The mail domain of each region's (fictitious) council.
REGION_DOMAINS = {"DRA": "draa-tafilalet", "ORI": "oriental", "SMA": "souss-massa",
                  "LSH": "laayoune-sakia-elhamra"}

# What each region offers: its services (templates above) and, under each, the procedures
# (templates below). Every council answers access-to-information requests (law 31-13) and
# petitions (organic law 111-14); every region's CRI handles the investment files.
_COUNCIL = {
    "COMM_INFO": ["ACCESS_INFO", "COMPLAINT"],
    "LEGAL_PETITIONS": ["CITIZEN_PETITION", "ASSOCIATION_PETITION"],
    "ASSOC_PARTNERSHIP": ["ASSOCIATION_GRANT"],
    "CRI": ["INVESTMENT_INCENTIVE", "INVESTMENT_LAND", "COMPANY_CREATION",
            "ECONOMIC_ACTIVITY_PERMIT"],
}
REGION_OFFER: dict[str, dict[str, list[str]]] = {
    "DRA": {**_COUNCIL,
            "INFRASTRUCTURE": ["NON_OBJECTION_CERTIFICATE"],
            "URBANISM": ["RURAL_BUILDING_PERMIT", "URBAN_INFORMATION_NOTE"],
            "EDUCATION_TRAINING": ["SCHOOL_TRANSPORT_GRANT"]},
    "ORI": {**_COUNCIL,
            "ASSOC_PARTNERSHIP": ["ASSOCIATION_GRANT", "PARTNERSHIP_AGREEMENT"],
            "URBANISM": ["RURAL_BUILDING_PERMIT", "URBAN_INFORMATION_NOTE"],
            "EDUCATION_TRAINING": ["DIGITAL_SKILLS_TRAINING"]},
    "SMA": {**_COUNCIL,
            "TOURISM": ["TOURIST_ESTABLISHMENT"],
            "EDUCATION_TRAINING": ["SCHOOL_TRANSPORT_GRANT", "DIGITAL_SKILLS_TRAINING"]},
    "LSH": {**_COUNCIL,
            "EDUCATION_TRAINING": ["SCHOOL_TRANSPORT_GRANT", "DIGITAL_SKILLS_TRAINING",
                                   "REGISTRATION_CERTIFICATE"],
            "CULTURE_EVENTS": ["EVENT_SPONSORSHIP", "CULTURAL_EVENT_AUTHORISATION"]},
}

# Definitions used by several procedures; each procedure gets its own copy (deepcopy).

_PROVINCE_OF_PROJECT: dict[str, Any] = {
    "code": "province",
    "type": "province",
    "required": True,
    "label": _t(
        "Province ou préfecture du projet",
        "عمالة أو إقليم المشروع",
        "Province or prefecture of the project",
    ),
}

_INVESTMENT_FIELDS: list[dict[str, Any]] = [
    {
        "code": "investment_amount",
        "type": "amount_mad",
        "required": True,
        "label": _t(
            "Montant de l'investissement (MAD)",
            "مبلغ الاستثمار (بالدرهم)",
            "Investment amount (MAD)",
        ),
        "min": 10_000,
        "max": 50_000_000_000,
    },
    {
        "code": "jobs_planned",
        "type": "number",
        "required": True,
        "label": _t(
            "Emplois directs prévus",
            "عدد مناصب الشغل المباشرة المتوقعة",
            "Direct jobs planned",
        ),
        "min": 0,
        "max": 100_000,
    },
    {
        "code": "sector",
        "type": "choice",
        "required": True,
        "label": _t("Secteur d'activité", "قطاع النشاط", "Sector"),
        "choices": [
            {
                "value": "agriculture",
                "label": _t(
                    "Agriculture et agro-industrie",
                    "الفلاحة والصناعة الغذائية",
                    "Agriculture and agri-food",
                ),
            },
            {"value": "industry", "label": _t("Industrie", "الصناعة", "Industry")},
            {"value": "tourism", "label": _t("Tourisme", "السياحة", "Tourism")},
            {
                "value": "energy",
                "label": _t("Énergies renouvelables", "الطاقات المتجددة", "Renewable energy"),
            },
            {"value": "mining", "label": _t("Mines", "المعادن", "Mining")},
            {
                "value": "services",
                "label": _t("Services et numérique", "الخدمات والرقميات", "Services and digital"),
            },
            {"value": "crafts", "label": _t("Artisanat", "الصناعة التقليدية", "Handicrafts")},
            {"value": "other", "label": _t("Autre secteur", "قطاع آخر", "Other sector")},
        ],
    },
    deepcopy(_PROVINCE_OF_PROJECT),
]

_PROJECT_TITLE: dict[str, Any] = {
    "code": "project_title",
    "type": "text",
    "required": True,
    "label": _t("Titre du projet", "عنوان المشروع", "Project title"),
}

_PROJECT_SUMMARY: dict[str, Any] = {
    "code": "project_summary",
    "type": "textarea",
    "required": True,
    "label": _t("Présentation du projet", "تقديم المشروع", "Project description"),
    "help": _t(
        "En quelques lignes : ce que vous ferez, où, et pour qui.",
        "في بضعة أسطر: ما ستنجزونه، وأين، ولفائدة من.",
        "In a few lines: what you will do, where, and for whom.",
    ),
}

_ASSOCIATION_NAME: dict[str, Any] = {
    "code": "association_name",
    "type": "text",
    "required": True,
    "label": _t("Nom de l'association", "اسم الجمعية", "Name of the association"),
}

_PETITION_SUBJECT: dict[str, Any] = {
    "code": "petition_subject",
    "type": "text",
    "required": True,
    "label": _t("Objet de la pétition", "موضوع العريضة", "Subject of the petition"),
}

_PETITION_REQUEST: dict[str, Any] = {
    "code": "petition_request",
    "type": "textarea",
    "required": True,
    "label": _t(
        "Ce que vous demandez au conseil, et pourquoi",
        "ما تطلبونه من المجلس، والأسباب الداعية إليه",
        "What you ask the council for, and why",
    ),
}

_EVENT_NAME: dict[str, Any] = {
    "code": "event_name",
    "type": "text",
    "required": True,
    "label": _t("Nom de l'événement", "اسم التظاهرة", "Name of the event"),
}

_ASSOCIATION_STATUTES: dict[str, Any] = {
    "code": "association_statutes",
    "required": True,
    "label": _t("Statuts de l'association", "النظام الأساسي للجمعية", "Association's statutes"),
}

_DEPOSIT_RECEIPT: dict[str, Any] = {
    "code": "deposit_receipt",
    "required": True,
    "label": _t(
        "Récépissé définitif de dépôt du dossier de l'association",
        "الوصل النهائي لإيداع ملف الجمعية",
        "Association's final registration receipt",
    ),
}

_RC_EXTRACT: dict[str, Any] = {
    "code": "rc_extract",
    "required": True,
    "label": _t(
        "Extrait du registre de commerce (modèle J) de moins de 3 mois",
        "مستخرج من السجل التجاري (النموذج ج) لا يتجاوز تاريخه 3 أشهر",
        "Trade register extract (form J), less than 3 months old",
    ),
}

_BUSINESS_PLAN: dict[str, Any] = {
    "code": "business_plan",
    "required": True,
    "label": _t("Plan d'affaires du projet", "مخطط أعمال المشروع", "Project business plan"),
    "help": _t(
        "Coût, financement, calendrier et emplois prévus.",
        "الكلفة، والتمويل، والجدولة الزمنية، ومناصب الشغل المتوقعة.",
        "Cost, financing, timetable and jobs planned.",
    ),
}

_LEGAL_DOCUMENTS: dict[str, Any] = {
    "code": "legal_documents",
    "required": True,
    "label": _t(
        "Documents juridiques de l'organisme (statuts ou extrait du registre de commerce)",
        "الوثائق القانونية للهيئة (النظام الأساسي أو مستخرج السجل التجاري)",
        "Legal documents of the organisation (statutes or trade register extract)",
    ),
}

_SITE_PLAN: dict[str, Any] = {
    "code": "site_plan",
    "required": True,
    "label": _t("Plan de situation", "تصميم الموقع", "Location plan"),
}

_EVENT_PROGRAMME: dict[str, Any] = {
    "code": "event_programme",
    "required": True,
    "label": _t("Programme de l'événement", "برنامج التظاهرة", "Programme of the event"),
}


# Each template also states its record of processing (law 09-08): the purpose, the legal
# basis and the months its data are kept after the decision (illustrative figures).
PROCEDURE_TEMPLATES: list[dict[str, Any]] = [
    {
        "code": "ACCESS_INFO",
        "audience": "both",
        "names": _t(
            "Demande d'accès à l'information",
            "طلب الحصول على المعلومات",
            "Request for access to information",
        ),
        "descriptions": _t(
            "Demandez un document ou une information du conseil régional. Vous n'avez pas à "
            "dire pourquoi. Aucun document à joindre. Vous recevez la réponse en 20 jours "
            "ouvrables, ou en 3 jours si c'est urgent.",
            "اطلب وثيقة أو معلومة من مجلس الجهة. لا داعي لذكر السبب. لا حاجة لأي وثيقة. تتوصل "
            "بالجواب داخل 20 يوم عمل، أو داخل 3 أيام إذا كان الطلب مستعجلا.",
            "Ask the regional council for a document or information. You do not have to say "
            "why. No document is needed. You get the answer within 20 working days, or within 3 "
            "days if it is urgent.",
        ),
        "legal_deadline_days": 20,
        # Law 31-13: 20 working days, once extendable by 20; urgent requests 3, by 3.
        "deadline_unit": "working",
        "extension_days": 20,
        "urgent_deadline_days": 3,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 45,
        "is_investment": False,
        "retention_months": 12,
        "processing_purpose": _t(
            "Répondre à votre demande d'accès à l'information et tenir le registre des demandes.",
            "الرد على طلبكم للحصول على المعلومات ومسك سجل الطلبات.",
            "Answering your request for access to information and keeping the register of requests.",
        ),
        "legal_basis": _t(
            "Loi 31-13 relative au droit d'accès à l'information ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون 31.13 المتعلق بالحق في الحصول على المعلومات؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Law 31-13 on the right of access to information; law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [],
        "fields": [
            {
                "code": "information_requested",
                "type": "textarea",
                "required": True,
                "label": _t(
                    "Information ou document demandé",
                    "المعلومة أو الوثيقة المطلوبة",
                    "Information or document requested",
                ),
                "help": _t(
                    "Décrivez le plus précisément possible ce que vous cherchez : sujet, "
                    "période, service.",
                    "صف بأكبر قدر من الدقة ما تبحث عنه: الموضوع، والفترة، والمصلحة.",
                    "Describe as precisely as you can what you are looking for: subject, "
                    "period, service.",
                ),
            },
            {
                "code": "delivery_format",
                "type": "choice",
                "required": True,
                "label": _t(
                    "Forme de la réponse", "طريقة الحصول على المعلومة", "How you want the answer"
                ),
                "choices": [
                    {
                        "value": "electronic",
                        "label": _t(
                            "Copie électronique (par e-mail ou sur ce site)",
                            "نسخة إلكترونية (عبر البريد الإلكتروني أو على هذا الموقع)",
                            "Electronic copy (by email or on this site)",
                        ),
                    },
                    {
                        "value": "paper",
                        "label": _t(
                            "Copie papier à retirer au guichet",
                            "نسخة ورقية تُسحب من الشباك",
                            "Paper copy to collect at the counter",
                        ),
                    },
                    {
                        "value": "on_site",
                        "label": _t(
                            "Consultation sur place",
                            "الاطلاع عليها بعين المكان",
                            "Consultation on site",
                        ),
                    },
                ],
            },
        ],
    },
    {
        "code": "CITIZEN_PETITION",
        "audience": "citizen",
        "names": _t(
            "Pétition de citoyens au conseil régional",
            "عريضة المواطنات والمواطنين إلى مجلس الجهة",
            "Citizens' petition to the regional council",
        ),
        "descriptions": _t(
            "Demandez au conseil régional de parler d'une question en séance. Les habitants de "
            "la région signent ensemble. Il faut la liste des signatures. Vous recevez la "
            "réponse du conseil en 60 jours : la pétition est acceptée ou non.",
            "اطلب من مجلس الجهة مناقشة قضية في دورته. يوقع سكان الجهة معا. يلزم تقديم لائحة "
            "التوقيعات. تتوصل بجواب المجلس داخل 60 يوما: تقبل العريضة أو لا تقبل.",
            "Ask the regional council to discuss a question at its session. People living in "
            "the region sign together. You need the list of signatures. You get the council's "
            "answer within 60 days: the petition is accepted or not.",
        ),
        "legal_deadline_days": 60,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 150,
        "is_investment": False,
        "retention_months": 24,
        "processing_purpose": _t(
            "Vérifier la recevabilité de la pétition et de ses signatures, en informer le mandataire et la suivre jusqu'à la session du conseil.",
            "التحقق من قبول العريضة وتوقيعاتها، وإخبار الوكيل بذلك، وتتبعها إلى غاية دورة المجلس.",
            "Checking that the petition and its signatures are admissible, telling the representative, and following it up to the council's session.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions, articles 120 à 122 ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات، المواد من 120 إلى 122؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions, articles 120 to 122; law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            {
                "code": "signatures_list",
                "required": True,
                "label": _t(
                    "Liste des signatures",
                    "لائحة التوقيعات",
                    "List of signatures",
                ),
                "help": _t(
                    "Pour chaque signataire : nom, numéro de CIN, adresse et signature.",
                    "بالنسبة لكل موقع: الاسم، ورقم البطاقة الوطنية، والعنوان، والتوقيع.",
                    "For each signer: name, ID card number, address and signature.",
                ),
            },
            {
                "code": "supporting_documents",
                "required": False,
                "label": _t("Documents à l'appui", "وثائق داعمة", "Supporting documents"),
            },
        ],
        "fields": [
            deepcopy(_PETITION_SUBJECT),
            deepcopy(_PETITION_REQUEST),
            {
                "code": "signatures_count",
                "type": "number",
                "required": True,
                "label": _t("Nombre de signatures", "عدد التوقيعات", "Number of signatures"),
                "help": _t(
                    "Au moins 300, 400 ou 500 signatures, selon la population de la région.",
                    "300 أو 400 أو 500 توقيع على الأقل، حسب عدد سكان الجهة.",
                    "At least 300, 400 or 500 signatures, depending on the region's population.",
                ),
                "min": 300,
                "max": 1_000_000,
            },
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t(
                    "Province ou préfecture concernée",
                    "العمالة أو الإقليم المعني",
                    "Province or prefecture concerned",
                ),
            },
        ],
    },
    {
        "code": "ASSOCIATION_PETITION",
        "audience": "citizen",
        "names": _t(
            "Pétition d'une association au conseil régional",
            "عريضة الجمعيات إلى مجلس الجهة",
            "Association's petition to the regional council",
        ),
        "descriptions": _t(
            "Votre association demande au conseil régional de parler d'une question en séance. "
            "Elle doit exister depuis plus de trois ans et avoir son siège dans la région. Il "
            "faut les statuts, le récépissé de dépôt et la décision du bureau. Vous recevez la "
            "réponse du conseil en 60 jours.",
            "تطلب جمعيتك من مجلس الجهة مناقشة قضية في دورته. يجب أن يكون عمرها أكثر من ثلاث "
            "سنوات وأن يكون مقرها في الجهة. يلزم تقديم النظام الأساسي ووصل الإيداع وقرار "
            "المكتب. تتوصل بجواب المجلس داخل 60 يوما.",
            "Your association asks the regional council to discuss a question at its session. "
            "It must be more than three years old and based in the region. You need the "
            "statutes, the filing receipt and the board's decision. You get the council's "
            "answer within 60 days.",
        ),
        "legal_deadline_days": 60,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 150,
        "is_investment": False,
        "retention_months": 24,
        "processing_purpose": _t(
            "Vérifier la recevabilité de la pétition de l'association, en informer son président et la suivre jusqu'à la session du conseil.",
            "التحقق من قبول عريضة الجمعية، وإخبار رئيسها بذلك، وتتبعها إلى غاية دورة المجلس.",
            "Checking that the association's petition is admissible, telling its president, and following it up to the council's session.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions, articles 120 à 122 ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات، المواد من 120 إلى 122؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions, articles 120 to 122; law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            deepcopy(_ASSOCIATION_STATUTES),
            deepcopy(_DEPOSIT_RECEIPT),
            {
                "code": "board_decision",
                "required": True,
                "label": _t(
                    "Procès-verbal du bureau décidant de déposer la pétition",
                    "محضر اجتماع مكتب الجمعية القاضي بتقديم العريضة",
                    "Minutes of the board meeting deciding to file the petition",
                ),
            },
        ],
        "fields": [
            deepcopy(_ASSOCIATION_NAME),
            {
                "code": "founding_date",
                "type": "date",
                "required": True,
                "label": _t(
                    "Date de constitution de l'association",
                    "تاريخ تأسيس الجمعية",
                    "Date the association was set up",
                ),
            },
            deepcopy(_PETITION_SUBJECT),
            deepcopy(_PETITION_REQUEST),
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t(
                    "Province ou préfecture du siège de l'association",
                    "العمالة أو الإقليم الذي يوجد به مقر الجمعية",
                    "Province or prefecture of the association's seat",
                ),
            },
        ],
    },
    {
        "code": "ASSOCIATION_GRANT",
        "audience": "citizen",
        "names": _t(
            "Demande de subvention pour une association",
            "طلب منحة لفائدة جمعية",
            "Grant application for an association",
        ),
        "descriptions": _t(
            "Demandez de l'argent à la région pour un projet de votre association. Il faut les "
            "statuts, le récépissé de dépôt, le budget du projet, le dernier rapport et un RIB. "
            "Vous recevez la réponse en 60 jours : le montant accordé, ou la raison du refus.",
            "اطلب دعما ماليا من الجهة لمشروع جمعيتك. يلزم تقديم النظام الأساسي ووصل الإيداع "
            "وميزانية المشروع وآخر تقرير وشهادة بنكية. تتوصل بالجواب داخل 60 يوما: المبلغ "
            "الممنوح أو سبب الرفض.",
            "Ask the region for money for your association's project. You need the statutes, "
            "the filing receipt, the project budget, the latest report and bank details. You "
            "get the answer within 60 days: the amount granted, or the reason for a refusal.",
        ),
        "legal_deadline_days": 60,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 120,
        "is_investment": False,
        "retention_months": 60,
        "processing_purpose": _t(
            "Étudier la demande de subvention, verser l'aide accordée et en contrôler l'emploi.",
            "دراسة طلب الدعم، وصرف المنحة الممنوحة ومراقبة استعمالها.",
            "Reviewing the grant application, paying the grant awarded and checking how it is used.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions (soutien aux associations) ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات (دعم الجمعيات)؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions (support to associations); law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            deepcopy(_ASSOCIATION_STATUTES),
            deepcopy(_DEPOSIT_RECEIPT),
            {
                "code": "project_budget",
                "required": True,
                "label": _t(
                    "Budget détaillé du projet",
                    "الميزانية التفصيلية للمشروع",
                    "Detailed project budget",
                ),
            },
            {
                "code": "activity_report",
                "required": True,
                "label": _t(
                    "Dernier rapport moral et financier",
                    "آخر تقرير أدبي ومالي",
                    "Latest activity and financial report",
                ),
            },
            {
                "code": "bank_certificate",
                "required": True,
                "label": _t(
                    "Attestation bancaire (RIB) au nom de l'association",
                    "شهادة بنكية (رقم الحساب) باسم الجمعية",
                    "Bank account certificate in the association's name",
                ),
            },
        ],
        "fields": [
            deepcopy(_ASSOCIATION_NAME),
            deepcopy(_PROJECT_TITLE),
            deepcopy(_PROJECT_SUMMARY),
            {
                "code": "requested_amount",
                "type": "amount_mad",
                "required": True,
                "label": _t(
                    "Montant demandé (MAD)", "المبلغ المطلوب (بالدرهم)", "Amount requested (MAD)"
                ),
                "min": 1_000,
                "max": 500_000,
            },
            {
                "code": "total_budget",
                "type": "amount_mad",
                "required": True,
                "label": _t(
                    "Budget total du projet (MAD)",
                    "الميزانية الإجمالية للمشروع (بالدرهم)",
                    "Total project budget (MAD)",
                ),
                "min": 1_000,
                "max": 10_000_000,
            },
            {
                "code": "beneficiaries_count",
                "type": "number",
                "required": True,
                "label": _t(
                    "Nombre de bénéficiaires prévus",
                    "عدد المستفيدين المتوقع",
                    "Expected number of beneficiaries",
                ),
                "min": 1,
                "max": 1_000_000,
            },
            deepcopy(_PROVINCE_OF_PROJECT),
        ],
    },
    {
        "code": "PARTNERSHIP_AGREEMENT",
        "audience": "both",
        "names": _t(
            "Demande de convention de partenariat",
            "طلب إبرام اتفاقية شراكة",
            "Partnership agreement request",
        ),
        "descriptions": _t(
            "Proposez à la région un projet à faire ensemble. Une association, une coopérative, "
            "une entreprise ou un organisme public peut le demander. Il faut vos statuts ou "
            "votre registre de commerce, et une note sur le projet. Vous recevez l'avis de la "
            "région en 60 jours et, si c'est oui, une convention à signer.",
            "اقترح على الجهة مشروعا تنجزانه معا. يمكن لجمعية أو تعاونية أو مقاولة أو هيئة "
            "عمومية تقديم الطلب. يلزم تقديم النظام الأساسي أو السجل التجاري، ومذكرة عن المشروع. "
            "تتوصل برأي الجهة داخل 60 يوما، وإذا كان إيجابيا، باتفاقية للتوقيع.",
            "Propose a project to carry out together with the region. An association, a "
            "cooperative, a company or a public body can ask. You need your statutes or trade "
            "register extract, and a note on the project. You get the region's opinion within "
            "60 days and, if it is yes, an agreement to sign.",
        ),
        "legal_deadline_days": 60,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 150,
        "is_investment": False,
        "retention_months": 60,
        "processing_purpose": _t(
            "Étudier le projet de partenariat, préparer la convention et en suivre l'exécution.",
            "دراسة مشروع الشراكة، وإعداد الاتفاقية وتتبع تنفيذها.",
            "Reviewing the partnership project, drafting the agreement and following its execution.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions (coopération et partenariat) ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات (التعاون والشراكة)؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions (cooperation and partnership); law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            deepcopy(_LEGAL_DOCUMENTS),
            {
                "code": "project_note",
                "required": True,
                "label": _t(
                    "Note de présentation du projet",
                    "مذكرة تقديم المشروع",
                    "Project presentation note",
                ),
            },
            {
                "code": "draft_agreement",
                "required": False,
                "label": _t("Projet de convention", "مشروع الاتفاقية", "Draft agreement"),
            },
        ],
        "fields": [
            {
                "code": "partner_name",
                "type": "text",
                "required": True,
                "label": _t(
                    "Nom de l'organisme partenaire",
                    "اسم الهيئة الشريكة",
                    "Name of the partner organisation",
                ),
            },
            {
                "code": "partner_type",
                "type": "choice",
                "required": True,
                "label": _t("Type d'organisme", "نوع الهيئة", "Type of organisation"),
                "choices": [
                    {"value": "association", "label": _t("Association", "جمعية", "Association")},
                    {"value": "cooperative", "label": _t("Coopérative", "تعاونية", "Cooperative")},
                    {"value": "company", "label": _t("Entreprise", "مقاولة", "Company")},
                    {
                        "value": "public_body",
                        "label": _t("Organisme public", "هيئة عمومية", "Public body"),
                    },
                ],
            },
            {
                "code": "partner_ice",
                "type": "ice",
                "required": False,
                "label": _t(
                    "ICE de l'organisme",
                    "المعرف الموحد للمقاولة (ICE) الخاص بالهيئة",
                    "ICE of the organisation",
                ),
                "help": _t(
                    "Seulement pour une entreprise ou une coopérative (15 chiffres).",
                    "بالنسبة للمقاولات والتعاونيات فقط (15 رقما).",
                    "Only for a company or a cooperative (15 digits).",
                ),
            },
            {
                "code": "partner_email",
                "type": "email",
                "required": False,
                "label": _t(
                    "E-mail de contact de l'organisme",
                    "البريد الإلكتروني للهيئة",
                    "Contact email of the organisation",
                ),
            },
            deepcopy(_PROJECT_TITLE),
            deepcopy(_PROJECT_SUMMARY),
            {
                "code": "partner_contribution",
                "type": "amount_mad",
                "required": True,
                "label": _t(
                    "Apport proposé par l'organisme (MAD)",
                    "مساهمة الهيئة المقترحة (بالدرهم)",
                    "Contribution offered by the organisation (MAD)",
                ),
                "min": 0,
                "max": 100_000_000,
            },
            {
                "code": "duration_months",
                "type": "number",
                "required": True,
                "label": _t(
                    "Durée prévue (en mois)",
                    "المدة المتوقعة (بالأشهر)",
                    "Planned duration (months)",
                ),
                "min": 1,
                "max": 60,
            },
            deepcopy(_PROVINCE_OF_PROJECT),
        ],
    },
    {
        "code": "INVESTMENT_INCENTIVE",
        "audience": "business",
        "names": _t(
            "Demande d'incitations à l'investissement",
            "طلب الاستفادة من تحفيزات الاستثمار",
            "Investment incentive application",
        ),
        "descriptions": _t(
            "Demandez les aides de l'État pour investir dans la région : primes, aide à "
            "l'emploi, accompagnement. Il faut votre plan d'affaires et un extrait du registre "
            "de commerce. Vous recevez la décision de la commission régionale en 30 jours.",
            "اطلب دعم الدولة لمشروع الاستثمار في الجهة: منح، دعم التشغيل، مواكبة. يلزم تقديم "
            "مخطط الأعمال ومستخرج السجل التجاري. تتوصل بقرار اللجنة الجهوية داخل 30 يوما.",
            "Ask for State support to invest in the region: grants, help with jobs, guidance. "
            "You need your business plan and a trade register extract. You get the regional "
            "committee's decision within 30 days.",
        ),
        "legal_deadline_days": 30,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 90,
        "is_investment": True,
        "retention_months": 60,
        "processing_purpose": _t(
            "Étudier la demande d'aide à l'investissement, la présenter à la commission régionale, verser les aides et en suivre les engagements.",
            "دراسة طلب دعم الاستثمار، وعرضه على اللجنة الجهوية، وصرف المنح وتتبع الالتزامات.",
            "Reviewing the investment support application, presenting it to the regional commission, paying the support and following the commitments.",
        ),
        "legal_basis": _t(
            "Loi-cadre 03-22 formant charte de l'investissement ; loi 47-18 portant réforme des centres régionaux d'investissement ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون الإطار 03.22 بمثابة ميثاق الاستثمار؛ القانون 47.18 المتعلق بإصلاح المراكز الجهوية للاستثمار؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Framework law 03-22, the investment charter; law 47-18 reforming the regional investment centres; law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            deepcopy(_BUSINESS_PLAN),
            deepcopy(_RC_EXTRACT),
            {
                "code": "financing_proof",
                "required": False,
                "label": _t(
                    "Justificatif du financement (attestation bancaire, fonds propres)",
                    "ما يثبت تمويل المشروع (شهادة بنكية، أموال ذاتية)",
                    "Proof of financing (bank letter, own funds)",
                ),
            },
        ],
        "fields": [
            *deepcopy(_INVESTMENT_FIELDS),
            {
                "code": "incentive_type",
                "type": "choice",
                "required": True,
                "label": _t("Aide demandée", "الدعم المطلوب", "Support requested"),
                "choices": [
                    {
                        "value": "job_creation",
                        "label": _t(
                            "Prime à la création d'emplois stables",
                            "منحة إحداث مناصب الشغل القارة",
                            "Grant for creating stable jobs",
                        ),
                    },
                    {
                        "value": "territorial",
                        "label": _t("Prime territoriale", "المنحة الترابية", "Territorial grant"),
                    },
                    {
                        "value": "priority_sector",
                        "label": _t(
                            "Prime pour les secteurs prioritaires",
                            "منحة القطاعات ذات الأولوية",
                            "Grant for priority sectors",
                        ),
                    },
                    {
                        "value": "guidance",
                        "label": _t("Accompagnement seulement", "المواكبة فقط", "Guidance only"),
                    },
                ],
            },
            deepcopy(_PROJECT_SUMMARY),
            {
                "code": "planned_start_date",
                "type": "date",
                "required": False,
                "label": _t(
                    "Date prévue de démarrage",
                    "التاريخ المتوقع لانطلاق المشروع",
                    "Planned start date",
                ),
            },
        ],
    },
    {
        "code": "INVESTMENT_LAND",
        "audience": "business",
        "names": _t(
            "Demande de foncier pour un projet d'investissement",
            "طلب عقار لإنجاز مشروع استثماري",
            "Land request for an investment project",
        ),
        "descriptions": _t(
            "Demandez un terrain public pour votre projet d'investissement dans la région. Il "
            "faut votre plan d'affaires et un extrait du registre de commerce. Vous recevez la "
            "décision de la commission régionale en 30 jours et, si c'est oui, les conditions "
            "pour avoir le terrain.",
            "اطلب عقارا عموميا لمشروع الاستثمار الخاص بك في الجهة. يلزم تقديم مخطط الأعمال "
            "ومستخرج السجل التجاري. تتوصل بقرار اللجنة الجهوية داخل 30 يوما، وإذا كان إيجابيا، "
            "بشروط الحصول على العقار.",
            "Ask for public land for your investment project in the region. You need your "
            "business plan and a trade register extract. You get the regional committee's "
            "decision within 30 days and, if it is yes, the terms for the land.",
        ),
        "legal_deadline_days": 30,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 120,
        "is_investment": True,
        "retention_months": 60,
        "processing_purpose": _t(
            "Étudier la demande de terrain, la présenter à la commission régionale et suivre l'attribution et la réalisation du projet.",
            "دراسة طلب العقار، وعرضه على اللجنة الجهوية، وتتبع التخصيص وإنجاز المشروع.",
            "Reviewing the land request, presenting it to the regional commission and following the allocation and the project.",
        ),
        "legal_basis": _t(
            "Loi 47-18 portant réforme des centres régionaux d'investissement ; loi-cadre 03-22 formant charte de l'investissement ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون 47.18 المتعلق بإصلاح المراكز الجهوية للاستثمار؛ القانون الإطار 03.22 بمثابة ميثاق الاستثمار؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Law 47-18 reforming the regional investment centres; framework law 03-22, the investment charter; law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            deepcopy(_BUSINESS_PLAN),
            deepcopy(_RC_EXTRACT),
            {
                "code": "site_sketch",
                "required": False,
                "label": _t(
                    "Plan ou croquis de situation du terrain souhaité",
                    "تصميم أو رسم لموقع العقار المرغوب فيه",
                    "Plan or sketch of where the land you want is",
                ),
            },
        ],
        "fields": [
            *deepcopy(_INVESTMENT_FIELDS),
            {
                "code": "land_area_m2",
                "type": "number",
                "required": True,
                "label": _t(
                    "Superficie demandée (m²)", "المساحة المطلوبة (م²)", "Area requested (m²)"
                ),
                "min": 100,
                "max": 10_000_000,
            },
            {
                "code": "land_use",
                "type": "choice",
                "required": True,
                "label": _t(
                    "Usage prévu du terrain",
                    "الاستعمال المتوقع للعقار",
                    "Planned use of the land",
                ),
                "choices": [
                    {"value": "industrial", "label": _t("Industriel", "صناعي", "Industrial")},
                    {"value": "tourism", "label": _t("Touristique", "سياحي", "Tourism")},
                    {"value": "agricultural", "label": _t("Agricole", "فلاحي", "Agricultural")},
                    {
                        "value": "services",
                        "label": _t("Services ou commerce", "خدمات أو تجارة", "Services or trade"),
                    },
                ],
            },
            {
                "code": "preferred_location",
                "type": "text",
                "required": False,
                "label": _t(
                    "Lieu souhaité (commune, zone)",
                    "الموقع المرغوب فيه (الجماعة، المنطقة)",
                    "Preferred location (commune, area)",
                ),
            },
        ],
    },
    {
        "code": "COMPANY_CREATION",
        "audience": "business",
        "names": _t(
            "Dossier de création d'entreprise",
            "ملف إحداث المقاولة",
            "Company creation file",
        ),
        "descriptions": _t(
            "Créez votre société en un seul dossier, au Centre régional d'investissement. Il "
            "faut le certificat négatif, les statuts signés, le contrat du siège et la CIN du "
            "gérant. Vous recevez les papiers de la nouvelle société en 30 jours : registre de "
            "commerce, identifiant fiscal, CNSS.",
            "أنشئ شركتك بملف واحد لدى المركز الجهوي للاستثمار. يلزم تقديم الشهادة السلبية "
            "والنظام الأساسي الموقع وعقد المقر وبطاقة تعريف المسير. تتوصل بوثائق الشركة الجديدة "
            "داخل 30 يوما: السجل التجاري، المعرف الضريبي، الضمان الاجتماعي.",
            "Set up your company with a single file at the Regional Investment Centre. You need "
            "the negative certificate, the signed statutes, the office lease and the manager's "
            "ID card. You get the new company's papers within 30 days: trade register, tax "
            "number, social security.",
        ),
        "legal_deadline_days": 30,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 60,
        "is_investment": True,
        "retention_months": 24,
        "processing_purpose": _t(
            "Constituer le dossier de création de la société et le transmettre aux administrations concernées (registre du commerce, impôts, CNSS).",
            "إعداد ملف إحداث الشركة وإحالته على الإدارات المعنية (السجل التجاري، الضرائب، الضمان الاجتماعي).",
            "Putting together the company creation file and passing it to the administrations concerned (trade register, tax, CNSS).",
        ),
        "legal_basis": _t(
            "Loi 47-18 portant réforme des centres régionaux d'investissement ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون 47.18 المتعلق بإصلاح المراكز الجهوية للاستثمار؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Law 47-18 reforming the regional investment centres; law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            {
                "code": "negative_certificate",
                "required": True,
                "label": _t(
                    "Certificat négatif (OMPIC)",
                    "الشهادة السلبية (المكتب المغربي للملكية الصناعية والتجارية)",
                    "Company name certificate (OMPIC)",
                ),
            },
            {
                "code": "company_statutes",
                "required": True,
                "label": _t(
                    "Statuts signés de la société",
                    "النظام الأساسي للشركة موقعا",
                    "Signed statutes of the company",
                ),
            },
            {
                "code": "office_proof",
                "required": True,
                "label": _t(
                    "Contrat de bail ou de domiciliation du siège",
                    "عقد كراء المقر أو عقد توطينه",
                    "Lease or domiciliation contract for the registered office",
                ),
            },
            {
                "code": "manager_id_copy",
                "required": True,
                "label": _t(
                    "Copie de la CIN du gérant",
                    "نسخة من البطاقة الوطنية للمسير",
                    "Copy of the manager's ID card",
                ),
            },
        ],
        "fields": [
            {
                "code": "company_name",
                "type": "text",
                "required": True,
                "label": _t("Dénomination de la société", "اسم الشركة", "Company name"),
            },
            {
                "code": "legal_form",
                "type": "choice",
                "required": True,
                "label": _t("Forme juridique", "الشكل القانوني", "Legal form"),
                "choices": [
                    {
                        "value": "sarl",
                        "label": _t(
                            "Société à responsabilité limitée (SARL)",
                            "شركة ذات مسؤولية محدودة",
                            "Limited liability company (SARL)",
                        ),
                    },
                    {
                        "value": "sarl_au",
                        "label": _t(
                            "SARL à associé unique (SARL AU)",
                            "شركة ذات مسؤولية محدودة بشريك وحيد",
                            "Single-member limited company (SARL AU)",
                        ),
                    },
                    {
                        "value": "sa",
                        "label": _t(
                            "Société anonyme (SA)", "شركة المساهمة", "Public limited company (SA)"
                        ),
                    },
                    {
                        "value": "snc",
                        "label": _t(
                            "Société en nom collectif (SNC)",
                            "شركة التضامن",
                            "General partnership (SNC)",
                        ),
                    },
                ],
            },
            {
                "code": "share_capital",
                "type": "amount_mad",
                "required": True,
                "label": _t(
                    "Capital social (MAD)", "رأسمال الشركة (بالدرهم)", "Share capital (MAD)"
                ),
                "min": 1_000,
                "max": 10_000_000_000,
            },
            {
                "code": "registered_office",
                "type": "text",
                "required": True,
                "label": _t(
                    "Adresse du siège social", "عنوان المقر الاجتماعي", "Registered office address"
                ),
            },
            {
                "code": "manager_name",
                "type": "text",
                "required": True,
                "label": _t(
                    "Nom et prénom du gérant", "الاسم الكامل للمسير", "Full name of the manager"
                ),
            },
            {
                "code": "manager_cin",
                "type": "cin",
                "required": True,
                "label": _t(
                    "Numéro de CIN du gérant",
                    "رقم البطاقة الوطنية للمسير",
                    "ID card number of the manager",
                ),
            },
            *deepcopy(_INVESTMENT_FIELDS),
        ],
    },
    {
        "code": "TOURIST_ESTABLISHMENT",
        "audience": "business",
        "names": _t(
            "Autorisation d'exploitation d'un établissement touristique",
            "رخصة استغلال مؤسسة سياحية",
            "Authorisation to operate a tourist establishment",
        ),
        "descriptions": _t(
            "Demandez le droit d'ouvrir un hôtel, une maison d'hôtes, un gîte ou un bivouac. "
            "Faites la demande quand les travaux sont finis. Il faut le permis d'habiter, le "
            "titre ou le bail, les plans, l'avis de la protection civile et le registre de "
            "commerce. Une visite de contrôle a lieu. Vous recevez l'autorisation en 60 jours.",
            "اطلب الإذن بفتح فندق أو دار ضيافة أو مأوى أو مخيم. قدم الطلب بعد انتهاء الأشغال. "
            "يلزم تقديم رخصة السكن، وسند الملكية أو عقد الكراء، والتصاميم، ورأي الوقاية "
            "المدنية، والسجل التجاري. تقع زيارة مراقبة. تتوصل بالرخصة داخل 60 يوما.",
            "Ask for the right to open a hotel, guest house, gîte or desert camp. Ask once the "
            "building work is finished. You need the occupancy permit, the title deed or lease, "
            "the plans, the civil protection opinion and the trade register extract. An "
            "inspection visit takes place. You get the permit within 60 days.",
        ),
        "legal_deadline_days": 60,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 180,
        "is_investment": False,
        "retention_months": 24,
        "processing_purpose": _t(
            "Étudier la demande, organiser la visite de la commission et délivrer l'autorisation d'exploitation.",
            "دراسة الطلب، وتنظيم زيارة اللجنة وتسليم رخصة الاستغلال.",
            "Reviewing the application, arranging the commission's visit and issuing the operating licence.",
        ),
        "legal_basis": _t(
            "Loi 80-14 relative aux établissements touristiques ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون 80.14 المتعلق بالمؤسسات السياحية؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Law 80-14 on tourist establishments; law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            {
                "code": "occupancy_permit",
                "required": True,
                "label": _t(
                    "Permis d'habiter ou certificat de conformité",
                    "رخصة السكن أو شهادة المطابقة",
                    "Occupancy permit or certificate of conformity",
                ),
            },
            {
                "code": "property_or_lease",
                "required": True,
                "label": _t(
                    "Titre de propriété ou contrat de bail",
                    "سند الملكية أو عقد الكراء",
                    "Title deed or lease",
                ),
            },
            {
                "code": "establishment_plans",
                "required": True,
                "label": _t(
                    "Plans de l'établissement", "تصاميم المؤسسة", "Plans of the establishment"
                ),
            },
            {
                "code": "civil_protection_opinion",
                "required": True,
                "label": _t(
                    "Avis de la protection civile",
                    "رأي مصالح الوقاية المدنية",
                    "Opinion of the civil protection service",
                ),
            },
            deepcopy(_RC_EXTRACT),
        ],
        "fields": [
            {
                "code": "establishment_name",
                "type": "text",
                "required": True,
                "label": _t("Nom de l'établissement", "اسم المؤسسة", "Name of the establishment"),
            },
            {
                "code": "establishment_type",
                "type": "choice",
                "required": True,
                "label": _t("Type d'établissement", "نوع المؤسسة", "Type of establishment"),
                "choices": [
                    {"value": "hotel", "label": _t("Hôtel", "فندق", "Hotel")},
                    {
                        "value": "guest_house",
                        "label": _t(
                            "Maison d'hôtes ou riad", "دار ضيافة أو رياض", "Guest house or riad"
                        ),
                    },
                    {
                        "value": "rural_gite",
                        "label": _t("Gîte rural", "مأوى سياحي قروي", "Rural gîte"),
                    },
                    {
                        "value": "bivouac",
                        "label": _t("Bivouac ou camping", "مخيم", "Bivouac or campsite"),
                    },
                ],
            },
            {
                "code": "rooms_count",
                "type": "number",
                "required": True,
                "label": _t("Nombre de chambres", "عدد الغرف", "Number of rooms"),
                "min": 1,
                "max": 2_000,
            },
            {
                "code": "beds_count",
                "type": "number",
                "required": True,
                "label": _t("Nombre de lits", "عدد الأسرة", "Number of beds"),
                "min": 1,
                "max": 5_000,
            },
            {
                "code": "opening_date",
                "type": "date",
                "required": True,
                "label": _t(
                    "Date d'ouverture prévue", "التاريخ المتوقع للافتتاح", "Planned opening date"
                ),
            },
            {
                "code": "address",
                "type": "text",
                "required": True,
                "label": _t(
                    "Adresse de l'établissement", "عنوان المؤسسة", "Address of the establishment"
                ),
            },
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t(
                    "Province ou préfecture de l'établissement",
                    "عمالة أو إقليم المؤسسة",
                    "Province or prefecture of the establishment",
                ),
            },
        ],
    },
    {
        "code": "RURAL_BUILDING_PERMIT",
        "audience": "citizen",
        "names": _t(
            "Autorisation de construire en milieu rural",
            "رخصة البناء بالوسط القروي",
            "Rural building permit",
        ),
        "descriptions": _t(
            "Demandez le droit de construire ou d'agrandir une maison ou un bâtiment agricole "
            "dans une commune rurale. Il faut la preuve que le terrain est à vous, un plan de "
            "situation et les plans de la construction. Vous recevez l'autorisation en 30 "
            "jours, ou la raison du refus.",
            "اطلب الإذن ببناء أو توسيع منزل أو بناية فلاحية في جماعة قروية. يلزم تقديم ما يثبت "
            "ملكية الأرض، وتصميم الموقع، وتصاميم البناء. تتوصل بالرخصة داخل 30 يوما، أو بسبب "
            "الرفض.",
            "Ask for the right to build or extend a house or farm building in a rural commune. "
            "You need proof that the land is yours, a location plan and the building plans. You "
            "get the permit within 30 days, or the reason for a refusal.",
        ),
        "legal_deadline_days": 30,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 90,
        "is_investment": False,
        # Silence at the deadline counts as acceptance (law 55-19): illustrative reference.
        "silence_acceptance": True,
        "silence_reference": "Décret n° 2-20-xxx (référence illustrative pour la démonstration)",
        "retention_months": 24,
        "processing_purpose": _t(
            "Étudier la demande de permis de construire et délivrer l'autorisation ou le refus motivé.",
            "دراسة طلب رخصة البناء وتسليم الرخصة أو الرفض المعلل.",
            "Reviewing the building permit application and issuing the permit or a reasoned refusal.",
        ),
        "legal_basis": _t(
            "Loi 12-90 relative à l'urbanisme ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون 12.90 المتعلق بالتعمير؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Law 12-90 on urban planning; law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            {
                "code": "ownership_proof",
                "required": True,
                "label": _t(
                    "Justificatif de propriété ou de possession du terrain",
                    "ما يثبت ملكية الأرض أو حيازتها",
                    "Proof of ownership or possession of the land",
                ),
            },
            deepcopy(_SITE_PLAN),
            {
                "code": "building_plans",
                "required": True,
                "label": _t("Plans de la construction", "تصاميم البناء", "Building plans"),
                "help": _t(
                    "Vous pouvez utiliser les plans types gratuits de l'agence urbaine.",
                    "يمكنكم استعمال التصاميم النموذجية المجانية للوكالة الحضرية.",
                    "You may use the urban agency's free standard plans.",
                ),
            },
        ],
        "fields": [
            {
                "code": "commune",
                "type": "text",
                "required": True,
                "label": _t("Commune et douar", "الجماعة والدوار", "Commune and village (douar)"),
            },
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t("Province du terrain", "إقليم الأرض", "Province where the land is"),
            },
            {
                "code": "plot_area_m2",
                "type": "number",
                "required": True,
                "label": _t("Superficie du terrain (m²)", "مساحة الأرض (م²)", "Plot area (m²)"),
                "min": 50,
                "max": 1_000_000,
            },
            {
                "code": "built_area_m2",
                "type": "number",
                "required": True,
                "label": _t(
                    "Surface à construire (m²)",
                    "المساحة المراد بناؤها (م²)",
                    "Floor area to build (m²)",
                ),
                "min": 10,
                "max": 10_000,
            },
            {
                "code": "floors_count",
                "type": "number",
                "required": True,
                "label": _t("Nombre de niveaux", "عدد الطوابق", "Number of floors"),
                "min": 1,
                "max": 3,
            },
            {
                "code": "building_use",
                "type": "choice",
                "required": True,
                "label": _t("Usage du bâtiment", "استعمال البناية", "Use of the building"),
                "choices": [
                    {"value": "housing", "label": _t("Habitation", "سكن", "Housing")},
                    {
                        "value": "agricultural",
                        "label": _t("Bâtiment agricole", "بناية فلاحية", "Farm building"),
                    },
                    {
                        "value": "mixed",
                        "label": _t(
                            "Habitation et usage agricole",
                            "سكن واستعمال فلاحي",
                            "Housing and farm use",
                        ),
                    },
                ],
            },
        ],
    },
    {
        "code": "SCHOOL_TRANSPORT_GRANT",
        "audience": "citizen",
        "names": _t(
            "Aide au transport scolaire",
            "دعم النقل المدرسي",
            "School transport grant",
        ),
        "descriptions": _t(
            "Demandez une aide pour le transport de votre enfant jusqu'à l'école, quand vous "
            "habitez loin. Un parent ou le tuteur fait la demande. Il faut le certificat de "
            "scolarité et une attestation de résidence. Vous recevez la réponse en 30 jours et, "
            "si c'est oui, l'aide pour l'année scolaire.",
            "اطلب دعما لنقل طفلك إلى المدرسة إذا كنت تسكن بعيدا. يقدم الطلب أحد الوالدين أو "
            "الولي. يلزم تقديم شهادة مدرسية وشهادة السكنى. تتوصل بالجواب داخل 30 يوما، وإذا كان "
            "إيجابيا، بالدعم طيلة السنة الدراسية.",
            "Ask for help with your child's transport to school when you live far away. A "
            "parent or guardian asks. You need a school certificate and a proof of residence. "
            "You get the answer within 30 days and, if it is yes, the help for the school year.",
        ),
        "legal_deadline_days": 30,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 60,
        "is_investment": False,
        "retention_months": 12,
        "processing_purpose": _t(
            "Étudier la demande d'aide au transport scolaire de l'élève et verser l'aide pour l'année scolaire.",
            "دراسة طلب دعم النقل المدرسي للتلميذ وصرف الدعم برسم السنة الدراسية.",
            "Reviewing the pupil's school transport grant application and paying the grant for the school year.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions (action sociale et éducation) ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات (العمل الاجتماعي والتعليم)؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions (social action and education); law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            {
                "code": "school_certificate",
                "required": True,
                "label": _t(
                    "Certificat de scolarité de l'élève",
                    "شهادة مدرسية للتلميذ",
                    "School certificate of the pupil",
                ),
            },
            {
                "code": "residence_certificate",
                "required": True,
                "label": _t("Attestation de résidence", "شهادة السكنى", "Certificate of residence"),
            },
        ],
        "fields": [
            {
                "code": "pupil_name",
                "type": "text",
                "required": True,
                "label": _t(
                    "Nom et prénom de l'élève", "الاسم الكامل للتلميذ", "Full name of the pupil"
                ),
            },
            {
                "code": "school_name",
                "type": "text",
                "required": True,
                "label": _t("Établissement scolaire", "المؤسسة التعليمية", "School"),
            },
            {
                "code": "school_level",
                "type": "choice",
                "required": True,
                "label": _t("Niveau scolaire", "المستوى الدراسي", "School level"),
                "choices": [
                    {"value": "primary", "label": _t("Primaire", "الابتدائي", "Primary school")},
                    {"value": "middle", "label": _t("Collège", "الإعدادي", "Middle school")},
                    {"value": "high", "label": _t("Lycée", "الثانوي التأهيلي", "High school")},
                ],
            },
            {
                "code": "distance_km",
                "type": "number",
                "required": True,
                "label": _t(
                    "Distance entre le domicile et l'école (km)",
                    "المسافة بين المنزل والمؤسسة التعليمية (كلم)",
                    "Distance from home to school (km)",
                ),
                "min": 1,
                "max": 150,
            },
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t(
                    "Province ou préfecture du domicile",
                    "عمالة أو إقليم السكن",
                    "Province or prefecture where you live",
                ),
            },
        ],
    },
    {
        "code": "DIGITAL_SKILLS_TRAINING",
        "audience": "both",
        "names": _t(
            "Inscription au programme régional de compétences numériques",
            "التسجيل في البرنامج الجهوي للمهارات الرقمية",
            "Registration for the regional digital skills programme",
        ),
        "descriptions": _t(
            "Inscrivez-vous à une formation gratuite à l'ordinateur et au téléphone, près de "
            "chez vous ou à distance. Aucun document à joindre. Une entreprise peut aussi "
            "inscrire ses employés : elle joint leur liste. Vous recevez la confirmation en 15 "
            "jours, avec la date et le lieu.",
            "سجل في تكوين مجاني على الحاسوب والهاتف، قرب منزلك أو عن بعد. لا حاجة لأي وثيقة. "
            "يمكن للمقاولة أيضا تسجيل مستخدميها: ترفق لائحتهم. تتوصل بالتأكيد داخل 15 يوما، مع "
            "التاريخ والمكان.",
            "Sign up for free training on computers and phones, near you or online. No document "
            "is needed. A company can also sign up its staff: it adds their list. You get the "
            "confirmation within 15 days, with the date and place.",
        ),
        "legal_deadline_days": 15,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 30,
        "is_investment": False,
        "retention_months": 12,
        "processing_purpose": _t(
            "Inscrire les participants à la formation, organiser les sessions et délivrer les attestations.",
            "تسجيل المشاركين في التكوين، وتنظيم الدورات وتسليم الشهادات.",
            "Registering the participants, organising the sessions and issuing the certificates.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions (formation professionnelle) ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات (التكوين المهني)؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions (vocational training); law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            {
                "code": "participants_list",
                "required": False,
                "label": _t(
                    "Liste des employés à inscrire",
                    "لائحة الأجراء المراد تسجيلهم",
                    "List of the employees to register",
                ),
                "help": _t(
                    "Seulement pour une entreprise qui inscrit ses employés.",
                    "بالنسبة للمقاولات التي تسجل أجراءها فقط.",
                    "Only for a company registering its employees.",
                ),
            },
        ],
        "fields": [
            {
                "code": "training_track",
                "type": "choice",
                "required": True,
                "label": _t("Formation choisie", "التكوين المختار", "Course chosen"),
                "choices": [
                    {
                        "value": "digital_basics",
                        "label": _t(
                            "Premiers pas sur ordinateur et smartphone",
                            "الخطوات الأولى في استعمال الحاسوب والهاتف الذكي",
                            "First steps with computers and smartphones",
                        ),
                    },
                    {
                        "value": "office_tools",
                        "label": _t("Bureautique", "البرامج المكتبية", "Office software"),
                    },
                    {
                        "value": "web_development",
                        "label": _t(
                            "Développement web", "تطوير المواقع الإلكترونية", "Web development"
                        ),
                    },
                    {
                        "value": "digital_marketing",
                        "label": _t("Marketing numérique", "التسويق الرقمي", "Digital marketing"),
                    },
                ],
            },
            {
                "code": "training_mode",
                "type": "choice",
                "required": True,
                "label": _t("Mode de formation", "طريقة التكوين", "How you want to learn"),
                "choices": [
                    {"value": "in_person", "label": _t("En présentiel", "حضوريا", "In person")},
                    {"value": "online", "label": _t("À distance", "عن بعد", "Online")},
                ],
            },
            {
                "code": "current_situation",
                "type": "choice",
                "required": True,
                "label": _t("Situation actuelle", "الوضعية الحالية", "Current situation"),
                "choices": [
                    {
                        "value": "student",
                        "label": _t("Élève ou étudiant", "تلميذ أو طالب", "Pupil or student"),
                    },
                    {
                        "value": "jobseeker",
                        "label": _t("Demandeur d'emploi", "باحث عن عمل", "Jobseeker"),
                    },
                    {"value": "employee", "label": _t("Salarié", "أجير", "Employee")},
                    {
                        "value": "entrepreneur",
                        "label": _t(
                            "Entrepreneur ou auto-entrepreneur",
                            "مقاول أو مقاول ذاتي",
                            "Entrepreneur or self-employed",
                        ),
                    },
                ],
            },
            {
                "code": "participants_count",
                "type": "number",
                "required": True,
                "label": _t("Nombre de participants", "عدد المشاركين", "Number of participants"),
                "help": _t(
                    "1 si vous vous inscrivez vous-même ; une entreprise peut inscrire jusqu'à "
                    "20 employés.",
                    "1 إذا كنت تسجل نفسك؛ ويمكن للمقاولة تسجيل 20 أجيرا على الأكثر.",
                    "1 if you register yourself; a company can register up to 20 employees.",
                ),
                "min": 1,
                "max": 20,
            },
            {
                "code": "preferred_start_date",
                "type": "date",
                "required": False,
                "label": _t(
                    "Date de début souhaitée", "تاريخ البدء المرغوب فيه", "Preferred start date"
                ),
            },
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t(
                    "Province ou préfecture de la formation",
                    "عمالة أو إقليم التكوين",
                    "Province or prefecture of the training",
                ),
            },
        ],
    },
    {
        "code": "REGISTRATION_CERTIFICATE",
        "audience": "citizen",
        "names": _t(
            "Attestation d'inscription à un programme régional",
            "شهادة التسجيل في برنامج جهوي",
            "Certificate of registration in a regional programme",
        ),
        "descriptions": _t(
            "Obtenez une attestation qui prouve que vous suivez ou avez suivi une formation de "
            "la région. Aucun document à joindre. Vous recevez l'attestation signée en 5 jours, "
            "à télécharger ou à prendre au guichet.",
            "احصل على شهادة تثبت أنك تتابع أو تابعت تكوينا للجهة. لا حاجة لأي وثيقة. تتوصل "
            "بالشهادة الموقعة داخل 5 أيام، للتحميل أو للسحب من الشباك.",
            "Get a certificate showing that you are taking or took a training course of the "
            "region. No document is needed. You get the signed certificate within 5 days, to "
            "download or to collect at the counter.",
        ),
        "legal_deadline_days": 5,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 15,
        "is_investment": False,
        "retention_months": 12,
        "processing_purpose": _t(
            "Vérifier votre inscription au programme et vous délivrer l'attestation.",
            "التحقق من تسجيلكم في البرنامج وتسليمكم الشهادة.",
            "Checking your registration in the programme and issuing the certificate.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions (formation professionnelle) ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات (التكوين المهني)؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions (vocational training); law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [],
        "fields": [
            {
                "code": "programme_name",
                "type": "text",
                "required": True,
                "label": _t("Nom du programme", "اسم البرنامج", "Name of the programme"),
            },
            {
                "code": "session_year",
                "type": "number",
                "required": True,
                "label": _t("Année de la session", "سنة الدورة", "Year of the session"),
                "min": 2015,
                "max": 2030,
            },
            {
                "code": "certificate_language",
                "type": "choice",
                "required": True,
                "label": _t(
                    "Langue de l'attestation", "لغة الشهادة", "Language of the certificate"
                ),
                "choices": [
                    {"value": "ar", "label": _t("Arabe", "العربية", "Arabic")},
                    {"value": "fr", "label": _t("Français", "الفرنسية", "French")},
                ],
            },
        ],
    },
    {
        "code": "NON_OBJECTION_CERTIFICATE",
        "audience": "both",
        "names": _t(
            "Certificat de non-objection pour des travaux en bordure d'une route régionale",
            "شهادة عدم الممانعة لإنجاز أشغال بمحاذاة طريق جهوية",
            "Certificate of non-objection for works along a regional road",
        ),
        "descriptions": _t(
            "Obtenez l'accord de la région avant des travaux au bord d'une route régionale : "
            "raccordement, clôture, accès. Il faut un plan de situation et un croquis des "
            "travaux. Vous recevez le certificat en 15 jours, avec les règles à suivre, ou la "
            "raison du refus.",
            "احصل على موافقة الجهة قبل أشغال بجانب طريق جهوية: ربط، سياج، ممر. يلزم تقديم تصميم "
            "الموقع ورسم الأشغال. تتوصل بالشهادة داخل 15 يوما، مع الشروط الواجب احترامها، أو "
            "بسبب الرفض.",
            "Get the region's agreement before works beside a regional road: connection, fence, "
            "access. You need a location plan and a sketch of the works. You get the "
            "certificate within 15 days, with the rules to follow, or the reason for a refusal.",
        ),
        "legal_deadline_days": 15,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 45,
        "is_investment": False,
        "retention_months": 12,
        "processing_purpose": _t(
            "Étudier les travaux prévus en bordure de la route régionale et délivrer le certificat avec ses conditions.",
            "دراسة الأشغال المزمع إنجازها بجانب الطريق الجهوية وتسليم الشهادة بشروطها.",
            "Reviewing the works planned along the regional road and issuing the certificate with its conditions.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions (routes régionales) ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات (الطرق الجهوية)؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions (regional roads); law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            deepcopy(_SITE_PLAN),
            {
                "code": "works_sketch",
                "required": True,
                "label": _t(
                    "Croquis ou plan des travaux",
                    "رسم أو تصميم الأشغال",
                    "Sketch or plan of the works",
                ),
            },
        ],
        "fields": [
            {
                "code": "works_type",
                "type": "choice",
                "required": True,
                "label": _t("Nature des travaux", "طبيعة الأشغال", "Type of works"),
                "choices": [
                    {
                        "value": "network_connection",
                        "label": _t(
                            "Raccordement (eau, électricité, télécommunications)",
                            "الربط بالشبكات (الماء، الكهرباء، الاتصالات)",
                            "Network connection (water, power, telecoms)",
                        ),
                    },
                    {"value": "fence", "label": _t("Clôture", "سياج", "Fence")},
                    {
                        "value": "access",
                        "label": _t(
                            "Accès à une propriété", "ممر إلى عقار", "Access to a property"
                        ),
                    },
                    {"value": "other", "label": _t("Autres travaux", "أشغال أخرى", "Other works")},
                ],
            },
            {
                "code": "works_description",
                "type": "textarea",
                "required": True,
                "label": _t("Description des travaux", "وصف الأشغال", "Description of the works"),
            },
            {
                "code": "road_reference",
                "type": "text",
                "required": True,
                "label": _t(
                    "Route et point kilométrique",
                    "الطريق والنقطة الكيلومترية",
                    "Road and kilometre point",
                ),
                "help": _t(
                    "Par exemple : RR 702, PK 15.",
                    "مثلا: الطريق الجهوية 702، النقطة الكيلومترية 15.",
                    "For example: RR 702, km 15.",
                ),
            },
            {
                "code": "start_date",
                "type": "date",
                "required": True,
                "label": _t(
                    "Date de début prévue", "تاريخ بدء الأشغال المتوقع", "Planned start date"
                ),
            },
            {
                "code": "duration_days",
                "type": "number",
                "required": True,
                "label": _t(
                    "Durée des travaux (jours)",
                    "مدة الأشغال (بالأيام)",
                    "Duration of the works (days)",
                ),
                "min": 1,
                "max": 365,
            },
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t(
                    "Province des travaux", "إقليم الأشغال", "Province where the works are"
                ),
            },
        ],
    },
    {
        "code": "URBAN_INFORMATION_NOTE",
        "audience": "both",
        "names": _t(
            "Note de renseignements urbanistiques",
            "مذكرة المعلومات التعميرية",
            "Town planning information note",
        ),
        "descriptions": _t(
            "Obtenez une note qui dit ce qu'on peut construire sur un terrain : zone, hauteur, "
            "usages. Toute personne peut la demander. Il faut un plan de situation. Vous "
            "recevez la note de l'agence urbaine en 10 jours, à télécharger.",
            "احصل على مذكرة تبين ما يمكن بناؤه فوق أرض: المنطقة، العلو، الاستعمالات. يمكن لأي "
            "شخص طلبها. يلزم تقديم تصميم الموقع. تتوصل بمذكرة الوكالة الحضرية داخل 10 أيام، "
            "للتحميل.",
            "Get a note saying what may be built on a plot: zone, height, uses. Anyone can ask. "
            "You need a location plan. You get the urban agency's note within 10 days, to "
            "download.",
        ),
        "legal_deadline_days": 10,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 30,
        "is_investment": False,
        "retention_months": 12,
        "processing_purpose": _t(
            "Établir la note de renseignements urbanistiques du terrain et vous la remettre.",
            "إعداد مذكرة المعلومات التعميرية للعقار وتسليمها لكم.",
            "Drawing up the urban information note of the plot and giving it to you.",
        ),
        "legal_basis": _t(
            "Loi 12-90 relative à l'urbanisme ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون 12.90 المتعلق بالتعمير؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Law 12-90 on urban planning; law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            deepcopy(_SITE_PLAN),
            {
                "code": "cadastral_plan",
                "required": False,
                "label": _t(
                    "Plan cadastral ou topographique",
                    "التصميم العقاري أو الطبوغرافي",
                    "Cadastral or survey plan",
                ),
            },
        ],
        "fields": [
            {
                "code": "land_title",
                "type": "text",
                "required": False,
                "label": _t(
                    "Numéro du titre foncier ou de la réquisition",
                    "رقم الرسم العقاري أو مطلب التحفيظ",
                    "Land title or registration application number",
                ),
            },
            {
                "code": "plot_location",
                "type": "text",
                "required": True,
                "label": _t(
                    "Emplacement du terrain (quartier, commune)",
                    "موقع الأرض (الحي، الجماعة)",
                    "Location of the plot (area, commune)",
                ),
            },
            {
                "code": "plot_area_m2",
                "type": "number",
                "required": True,
                "label": _t("Superficie du terrain (m²)", "مساحة الأرض (م²)", "Plot area (m²)"),
                "min": 10,
                "max": 10_000_000,
            },
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t(
                    "Province ou préfecture du terrain",
                    "عمالة أو إقليم الأرض",
                    "Province or prefecture of the plot",
                ),
            },
        ],
    },
    {
        "code": "EVENT_SPONSORSHIP",
        "audience": "both",
        "names": _t(
            "Demande de parrainage d'un événement régional",
            "طلب رعاية تظاهرة جهوية",
            "Request for regional event sponsorship",
        ),
        "descriptions": _t(
            "Demandez le soutien de la région pour un événement dans la région : festival, "
            "compétition sportive, salon ou colloque. Le soutien peut être de l'argent, le logo "
            "ou du matériel. Il faut le programme, le budget et vos statuts ou votre registre "
            "de commerce. Vous recevez la réponse en 45 jours et, si c'est oui, la forme du "
            "soutien.",
            "اطلب دعم الجهة لتظاهرة في الجهة: مهرجان، منافسة رياضية، معرض أو ندوة. يمكن أن يكون "
            "الدعم مالا أو شعار الجهة أو معدات. يلزم تقديم البرنامج والميزانية والنظام الأساسي "
            "أو السجل التجاري. تتوصل بالجواب داخل 45 يوما، وإذا كان إيجابيا، بشكل الدعم.",
            "Ask the region to support an event in the region: a festival, a sports "
            "competition, a fair or a conference. Support can be money, the logo or equipment. "
            "You need the programme, the budget and your statutes or trade register extract. "
            "You get the answer within 45 days and, if it is yes, the form of support.",
        ),
        "legal_deadline_days": 45,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 90,
        "is_investment": False,
        "retention_months": 24,
        "processing_purpose": _t(
            "Étudier la demande de soutien à l'événement, verser l'aide accordée et en contrôler l'emploi.",
            "دراسة طلب دعم التظاهرة، وصرف الدعم الممنوح ومراقبة استعماله.",
            "Reviewing the event support application, paying the support awarded and checking how it is used.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions (culture, sport et animation) ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات (الثقافة والرياضة والتنشيط)؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions (culture, sport and events); law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            deepcopy(_EVENT_PROGRAMME),
            {
                "code": "event_budget",
                "required": True,
                "label": _t("Budget prévisionnel", "الميزانية التقديرية", "Planned budget"),
            },
            deepcopy(_LEGAL_DOCUMENTS),
        ],
        "fields": [
            deepcopy(_EVENT_NAME),
            {
                "code": "event_type",
                "type": "choice",
                "required": True,
                "label": _t("Type d'événement", "نوع التظاهرة", "Type of event"),
                "choices": [
                    {
                        "value": "cultural",
                        "label": _t(
                            "Culturel ou artistique", "ثقافية أو فنية", "Cultural or artistic"
                        ),
                    },
                    {"value": "sport", "label": _t("Sportif", "رياضية", "Sports")},
                    {
                        "value": "economic",
                        "label": _t(
                            "Économique (salon, foire)",
                            "اقتصادية (معرض، سوق)",
                            "Economic (fair, trade show)",
                        ),
                    },
                    {
                        "value": "scientific",
                        "label": _t(
                            "Scientifique (colloque)", "علمية (ندوة)", "Scientific (conference)"
                        ),
                    },
                ],
            },
            {
                "code": "event_start_date",
                "type": "date",
                "required": True,
                "label": _t("Date de début", "تاريخ البداية", "Start date"),
            },
            {
                "code": "event_end_date",
                "type": "date",
                "required": True,
                "label": _t("Date de fin", "تاريخ النهاية", "End date"),
            },
            {
                "code": "expected_attendance",
                "type": "number",
                "required": True,
                "label": _t(
                    "Nombre de participants attendus",
                    "عدد المشاركين المتوقع",
                    "Expected attendance",
                ),
                "min": 1,
                "max": 1_000_000,
            },
            {
                "code": "requested_amount",
                "type": "amount_mad",
                "required": True,
                "label": _t(
                    "Montant demandé (MAD)", "المبلغ المطلوب (بالدرهم)", "Amount requested (MAD)"
                ),
                "help": _t(
                    "Indiquez 0 si vous demandez seulement un soutien non financier.",
                    "أدخل 0 إذا كنت تطلب دعما غير مالي فقط.",
                    "Enter 0 if you only ask for non-financial support.",
                ),
                "min": 0,
                "max": 5_000_000,
            },
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t(
                    "Province ou préfecture de l'événement",
                    "عمالة أو إقليم التظاهرة",
                    "Province or prefecture of the event",
                ),
            },
        ],
    },
    {
        "code": "CULTURAL_EVENT_AUTHORISATION",
        "audience": "both",
        "names": _t(
            "Autorisation d'organiser un événement culturel dans un espace régional",
            "رخصة تنظيم تظاهرة ثقافية بفضاء تابع للجهة",
            "Authorisation to hold a cultural event in a regional venue",
        ),
        "descriptions": _t(
            "Demandez à utiliser une salle culturelle de la région pour un concert, une "
            "exposition, un film ou un spectacle. Il faut le programme et une attestation "
            "d'assurance. Vous recevez la réponse en 15 jours, avec la date et les règles de la "
            "salle, ou la raison du refus.",
            "اطلب استعمال فضاء ثقافي للجهة لحفل أو معرض أو عرض فيلم أو عرض فني. يلزم تقديم "
            "البرنامج وشهادة التأمين. تتوصل بالجواب داخل 15 يوما، مع التاريخ وشروط استعمال "
            "الفضاء، أو بسبب الرفض.",
            "Ask to use a cultural space of the region for a concert, an exhibition, a film or "
            "a show. You need the programme and an insurance certificate. You get the answer "
            "within 15 days, with the date and the rules of the space, or the reason for a "
            "refusal.",
        ),
        "legal_deadline_days": 15,
        "target_reduction_pct": 50.0,
        "baseline_median_days": 30,
        "is_investment": False,
        "retention_months": 12,
        "processing_purpose": _t(
            "Étudier la demande, réserver l'espace culturel et vous délivrer l'autorisation avec ses conditions.",
            "دراسة الطلب، وحجز الفضاء الثقافي وتسليمكم الرخصة بشروطها.",
            "Reviewing the application, booking the cultural venue and issuing the authorisation with its conditions.",
        ),
        "legal_basis": _t(
            "Loi organique 111-14 relative aux régions (culture) ; loi 09-08, article 4 (mission d'intérêt public).",
            "القانون التنظيمي 111.14 المتعلق بالجهات (الثقافة)؛ القانون 09.08، المادة 4 (مهمة ذات مصلحة عامة).",
            "Organic law 111-14 on regions (culture); law 09-08, article 4 (task in the public interest).",
        ),
        "documents": [
            deepcopy(_EVENT_PROGRAMME),
            {
                "code": "insurance_certificate",
                "required": True,
                "label": _t(
                    "Attestation d'assurance responsabilité civile",
                    "شهادة التأمين عن المسؤولية المدنية",
                    "Civil liability insurance certificate",
                ),
            },
        ],
        "fields": [
            deepcopy(_EVENT_NAME),
            {
                "code": "event_description",
                "type": "textarea",
                "required": True,
                "label": _t("Description de l'événement", "وصف التظاهرة", "About the event"),
            },
            {
                "code": "venue",
                "type": "text",
                "required": True,
                "label": _t("Espace demandé", "الفضاء المطلوب", "Venue requested"),
            },
            {
                "code": "event_date",
                "type": "date",
                "required": True,
                "label": _t("Date de l'événement", "تاريخ التظاهرة", "Date of the event"),
            },
            {
                "code": "expected_attendance",
                "type": "number",
                "required": True,
                "label": _t(
                    "Nombre de spectateurs attendus",
                    "عدد المتفرجين المتوقع",
                    "Expected audience",
                ),
                "min": 1,
                "max": 50_000,
            },
            {
                "code": "onsite_contact_mobile",
                "type": "phone",
                "required": True,
                "label": _t(
                    "Téléphone du responsable sur place",
                    "هاتف المسؤول في عين المكان",
                    "Mobile of the person in charge on site",
                ),
                "help": _t(
                    "La personne joignable le jour de l'événement.",
                    "الشخص الذي يمكن الاتصال به يوم التظاهرة.",
                    "The person we can reach on the day of the event.",
                ),
            },
            {
                "code": "province",
                "type": "province",
                "required": True,
                "label": _t(
                    "Province ou préfecture de l'événement",
                    "عمالة أو إقليم التظاهرة",
                    "Province or prefecture of the event",
                ),
            },
        ],
    },
    # Handled elsewhere: the catalog explains and links out; nothing is filed here.
    {
        "code": "COMPLAINT",
        "audience": "both",
        "names": _t(
            "Déposer une réclamation",
            "تقديم شكاية",
            "Make a complaint",
        ),
        "descriptions": _t(
            "Pour vous plaindre d'une administration, d'un retard ou d'un mauvais accueil, "
            "allez sur Chikaya.ma, le portail national. Vous recevez un accusé de réception en "
            "15 jours. Vous recevez la réponse en 60 jours.",
            "للشكاية من إدارة أو من تأخر أو من سوء استقبال، توجه إلى بوابة شكاية، البوابة "
            "الوطنية. تتوصل بإشعار بالتوصل داخل 15 يوما. تتوصل بالجواب داخل 60 يوما.",
            "To complain about an administration, a delay or poor service, go to Chikaya.ma, "
            "the national portal. You get an acknowledgement within 15 days. You get the answer "
            "within 60 days.",
        ),
        "legal_deadline_days": 60,
        "target_reduction_pct": 50.0,
        "baseline_median_days": None,
        "is_investment": False,
        "external_url": "https://www.chikaya.ma",
        "documents": [],
        "fields": [],
    },
    {
        "code": "ECONOMIC_ACTIVITY_PERMIT",
        "audience": "business",
        "names": _t(
            "Autorisation d'exercer une activité économique ou permis de construire",
            "رخصة مزاولة نشاط اقتصادي أو رخصة البناء",
            "Business activity authorisation or building permit",
        ),
        "descriptions": _t(
            "Les permis de construire et les autorisations d'activité économique se demandent "
            "sur Rokhas.ma, le portail national. Vous signez en ligne. Parfois, sans réponse "
            "dans le délai, la demande est acceptée : un décret le prévoit.",
            "تطلب رخص البناء ورخص الأنشطة الاقتصادية على بوابة رخص، البوابة الوطنية. توقع عبر "
            "الإنترنت. أحيانا، إذا لم تجب الإدارة في الأجل، يعتبر الطلب مقبولا: ينص مرسوم على "
            "ذلك.",
            "Building permits and business activity authorisations are requested on Rokhas.ma, "
            "the national portal. You sign online. Sometimes, with no answer in time, the "
            "request counts as accepted: a decree says so.",
        ),
        "legal_deadline_days": 30,
        "target_reduction_pct": 50.0,
        "baseline_median_days": None,
        "is_investment": False,
        "external_url": "https://www.rokhas.ma",
        "documents": [],
        "fields": [],
    },
]

# One account per role, for demonstration only: the passwords are printed in the README.
# The agent works at the Drâa-Tafilalet CRI (the demo company invests there); one administrator
# keeps Drâa-Tafilalet only, the other the whole consortium.
DEMO_ACCOUNTS: list[dict[str, Any]] = [
    {
        "role": "citizen",
        "full_name": "Fatima Zahra Ait Lahcen",
        "email": "citoyen@demo.example.ma",
        "mobile": "+212612345678",
        "cin": "JB123456",
        "password": "Demo-Citoyen-2026!",
        "lang": "ar",
        "correspondence_lang": "ar",  # she chose Arabic for her e-mails and documents
        "service_code": None,
        "region_code": None,
        "company": None,
    },
    {
        "role": "business",
        "full_name": "Youssef Oubella",
        "email": "entreprise@demo.example.ma",
        "mobile": "+212661234567",
        "cin": "JC245871",
        "password": "Demo-Entreprise-2026!",
        "lang": "fr",
        "service_code": None,
        "region_code": None,
        "company": {
            "name": "Argane Solaire SARL",
            "ice": "001234567000089",
            "rc_number": "45821",
            "rc_court": "Tribunal de commerce d'Agadir",
        },
    },
    {
        "role": "agent",
        "full_name": "Khadija Amrani",
        "email": "agent@demo.example.ma",
        "mobile": "+212700112233",
        "cin": "JE334455",
        "password": "Demo-Agent-CRI-2026!",
        "lang": "fr",
        "service_code": "DRA_CRI",
        "region_code": None,
        "company": None,
    },
    {
        "role": "admin",
        "full_name": "Rachid El Idrissi",
        "email": "admin@demo.example.ma",
        "mobile": "+212677889900",
        "cin": "UC556677",
        "password": "Demo-Admin-Region-2026!",
        "lang": "fr",
        "service_code": None,
        "region_code": None,
        "company": None,
    },
    {
        "role": "admin",
        "full_name": "Naima Boutaleb",
        "email": "admin-dra@demo.example.ma",
        "mobile": "+212677889901",
        "cin": "UC556678",
        "password": "Demo-Admin-DRA-2026!",
        "lang": "fr",
        "service_code": None,
        "region_code": "DRA",
        "company": None,
    },
]


# Names in Standard Moroccan Amazigh (Tifinagh), kept apart from the three languages above:
# drafts under review, read by code and added to the mappings (domain.names falls back to
# Arabic where one is missing).
AMAZIGH_NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_names_zgh.json"


def _add_amazigh_names(path: Path = AMAZIGH_NAMES_FILE) -> None:
    names = json.loads(path.read_text(encoding="utf-8"))
    for region in REGIONS:
        region["names"]["zgh"] = names["regions"][region["code"]]
        for province in region["provinces"]:
            province["names"]["zgh"] = names["provinces"][province["code"]]
    for code, template in SERVICE_TEMPLATES.items():
        template["names"]["zgh"] = names["services"][code]
    for template in PROCEDURE_TEMPLATES:
        template["names"]["zgh"] = names["procedures"][template["code"]]


def _services() -> list[dict[str, Any]]:
    """Each region's services, coded `<REGION>_<TEMPLATE>` (e.g. DRA_CRI)."""
    services = []
    for region in REGIONS:
        names = region["names"]
        for template in REGION_OFFER[region["code"]]:
            data = SERVICE_TEMPLATES[template]
            services.append({
                "code": f"{region['code']}_{template}",
                "region_code": region["code"],
                "names": {lang: text.format(region=names[lang])
                          for lang, text in data["names"].items()},
                "email": f"{data['email']}@{REGION_DOMAINS[region['code']]}.example.ma",
            })
    return services


def _procedures() -> list[dict[str, Any]]:
    """Each region's copy of the procedures it offers, coded `<REGION>_<TEMPLATE>`."""
    templates = {template["code"]: template for template in PROCEDURE_TEMPLATES}
    procedures = []
    for region in REGIONS:
        for service, codes in REGION_OFFER[region["code"]].items():
            for code in codes:
                procedure = deepcopy(templates[code])
                procedure["code"] = f"{region['code']}_{code}"
                procedure["service_code"] = f"{region['code']}_{service}"
                procedures.append(procedure)
    return procedures


_add_amazigh_names()
SERVICES: list[dict[str, Any]] = _services()
PROCEDURES: list[dict[str, Any]] = _procedures()
