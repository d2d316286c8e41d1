"""Messages about sending documents: why a file was refused and what to do instead."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.file_name": {
        "fr": "Le nom du fichier n'est pas accepté. Donnez au fichier un nom simple, avec des lettres et des chiffres, puis envoyez-le de nouveau.",
        "ar": "اسم الملف غير مقبول. أعطوا الملف اسما بسيطا بحروف وأرقام، ثم أرسلوه من جديد.",
        "en": "This file name is not accepted. Give the file a simple name, with letters and numbers, then send it again.",
    },
    "error.file_empty": {
        "fr": "Le fichier est vide. Choisissez un autre fichier.",
        "ar": "الملف فارغ. اختاروا ملفا آخر.",
        "en": "The file is empty. Choose another file.",
    },
    "error.file_type": {
        "fr": "Ce type de fichier n'est pas accepté. Envoyez un fichier de type : {types}.",
        "ar": "نوع هذا الملف غير مقبول. أرسلوا ملفا من نوع: {types}.",
        "en": "This type of file is not accepted. Send a file of type: {types}.",
    },
    "error.file_broken": {
        "fr": "Le fichier est abîmé ou incomplet : il ne s'ouvre pas. Envoyez-le de nouveau ou choisissez un autre fichier.",
        "ar": "الملف تالف أو ناقص ولا يمكن فتحه. أرسلوه من جديد أو اختاروا ملفا آخر.",
        "en": "The file is damaged or incomplete: it does not open. Send it again or choose another file.",
    },
    "error.file_active_content": {
        "fr": "Pour votre sécurité, ce PDF n'est pas accepté : il contient du code ou des fichiers cachés. Ouvrez-le, choisissez « Imprimer » puis « Enregistrer en PDF », et envoyez la nouvelle copie.",
        "ar": "حفاظا على سلامتكم، لا يُقبل ملف PDF هذا لأنه يحتوي على برمجيات أو ملفات مخفية. افتحوه واختاروا «طباعة» ثم «حفظ بصيغة PDF»، وأرسلوا النسخة الجديدة.",
        "en": "For your safety, this PDF is not accepted: it contains code or hidden files. Open it, choose “Print” then “Save as PDF”, and send the new copy.",
    },
    "error.file_encrypted": {
        "fr": "Ce PDF est protégé (par un mot de passe ou un verrou). Envoyez une copie sans protection : ouvrez-le, choisissez « Imprimer » puis « Enregistrer en PDF ».",
        "ar": "ملف PDF هذا محمي (بكلمة مرور أو قفل). أرسلوا نسخة غير محمية: افتحوه واختاروا «طباعة» ثم «حفظ بصيغة PDF».",
        "en": "This PDF is protected (by a password or a lock). Send a copy without protection: open it, choose “Print” then “Save as PDF”.",
    },
    "error.file_image_too_large": {
        "fr": "L'image est trop grande (plus de {max_mp} millions de pixels). Envoyez une photo plus petite.",
        "ar": "الصورة كبيرة جدا (أكثر من {max_mp} مليون بكسل). أرسلوا صورة أصغر.",
        "en": "The image is too big (more than {max_mp} million pixels). Send a smaller photo.",
    },
    "error.file_too_large": {
        "fr": "Le fichier est trop lourd : {max_mb} Mo au maximum. Envoyez un fichier plus léger, par exemple une photo moins grande.",
        "ar": "حجم الملف كبير جدا: الحد الأقصى هو {max_mb} ميغابايت. أرسلوا ملفا أخف، مثلا صورة أصغر.",
        "en": "The file is too heavy: {max_mb} MB at most. Send a lighter file, for example a smaller photo.",
    },
    "error.file_infected": {
        "fr": "Un virus a été trouvé dans ce fichier. Il n'a pas été enregistré. Vérifiez votre appareil et envoyez un autre fichier.",
        "ar": "تم العثور على فيروس في هذا الملف، ولم يتم حفظه. افحصوا جهازكم وأرسلوا ملفا آخر.",
        "en": "A virus was found in this file. It was not saved. Check your device and send another file.",
    },
    "error.file_scan_failed": {
        "fr": "Le fichier n'a pas pu être contrôlé contre les virus. Il n'a pas été enregistré. Réessayez dans quelques minutes.",
        "ar": "تعذر فحص الملف من الفيروسات، ولم يتم حفظه. أعيدوا المحاولة بعد بضع دقائق.",
        "en": "The file could not be checked for viruses. It was not saved. Try again in a few minutes.",
    },
}
