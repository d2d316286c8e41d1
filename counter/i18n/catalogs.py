"""The message catalogs: gettext .po files, one per language, read with Babel.

`locale/<lang>/LC_MESSAGES/counter.po` holds every message of a language. An entry's
`msgctxt` is the key the code asks for (`t("receipt.title", lang)`), its `msgid` the French
text (what a translator translates from, in Poedit, Weblate or Transifex) and its `msgstr`
the language's text. A counted message has `msgid_plural` and one `msgstr[i]` per plural
form, in the order of the catalog's Plural-Forms header (the registry's CLDR categories:
French and English one/other, Arabic zero/one/two/few/many/other). Placeholders are named,
`{n}` always the count.

The .po files are read directly, once, when the product starts: no compiled .mo to build
or keep in step. `check` is what the tests and `python -m counter i18n check` run.
"""

from __future__ import annotations

import gettext
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as PoMessage
from babel.messages.pofile import PoFileError, read_po, write_po

from counter.i18n.registry import REGISTRY, SOURCE_LANG, Language

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "counter"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
BRACE_FORMAT = "python-brace-format"
AREA_NOTE = "area:"  # the part of the product a message belongs to, for translators
HEADER_COMMENT = (
    "# Messages of the digital services counter (guichet numérique) in {name}.\n"
    "# msgctxt: the key the code asks for; msgid: the French text; msgstr: this language's.\n"
    "# Check after editing: python -m counter.i18n check"
)

Message = str | dict[str, str]  # a text, or its plural forms by CLDR category

# What a language covering only "public" (the registry's `covers`) translates: the public
# pages (home, catalog, procedure pages, tracking, decision verification, transparency,
# privacy, sign-in and sign-up), the frame of every page, the reading aid, the status words,
# the receipt and decision those pages hand out, and the errors they show. Any other key
# falls back along the language's chain (registry.fallbacks).
PUBLIC_NAMESPACES = frozenset({
    "app", "nav", "footer", "connection", "home", "catalog", "procedure", "audience",
    "track", "verify", "transparency", "dashboard", "explain", "figures", "verdict",
    "backlog", "opendata", "petitions", "privacy", "auth", "signup", "activate", "forgot", "reset",
    "status", "listen", "unit", "period", "form", "field", "receipt", "decision", "notice"})
PUBLIC_ERRORS = frozenset(f"error.{name}" for name in (
    "generic", "form_invalid", "field_required", "text_too_long", "text_invalid",
    "procedure_not_found", "handled_elsewhere", "tracking_code_invalid", "tracking_failed",
    "tracking_throttled", "verification_code_invalid", "cin_invalid", "cin_required",
    "ice_invalid", "ice_required", "ice_taken", "mobile_invalid", "mobile_taken",
    "contact_required", "email_required", "email_invalid", "email_taken", "full_name_required",
    "full_name_too_long", "full_name_invalid", "company_name_required",
    "company_name_too_long", "company_name_invalid", "rc_number_required",
    "rc_number_too_long", "rc_number_invalid", "rc_court_required", "rc_court_too_long",
    "rc_court_invalid", "password_blank", "password_too_short", "password_too_long",
    "password_common", "password_personal", "password_mismatch", "signin_failed",
    "signin_throttled", "login_required", "activation_invalid", "reset_invalid",
    "account_exists"))


def is_public(key: str) -> bool:
    """Whether `key` is a message of the public pages (PUBLIC_NAMESPACES, PUBLIC_ERRORS)."""
    return key in PUBLIC_ERRORS or key.split(".", 1)[0] in PUBLIC_NAMESPACES


def covered(entry: Language, keys: Iterable[str]) -> set[str]:
    """The keys of `keys` a language's catalog must translate, as its `covers` says."""
    return set(keys) if entry.covers == "all" else {key for key in keys if is_public(key)}


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass
class LoadedCatalog:
    messages: dict[str, Message] = field(default_factory=dict)
    sources: dict[str, Message] = field(default_factory=dict)  # the French msgid of each key
    fuzzy: set[str] = field(default_factory=set)  # drafts a translator should review
    areas: dict[str, str] = field(default_factory=dict)  # "#. area: receipts": its part


def _forms(message: PoMessage) -> tuple[str, ...]:
    value = message.string
    return tuple(value) if isinstance(value, list | tuple) else (value or "",)


def _as_message(texts: tuple[str, ...], categories: tuple[str, ...]) -> Message:
    """One text, or a dict by CLDR category; forms that are all the same are one text."""
    if len(set(texts)) == 1:
        return texts[0]
    return dict(zip(categories, texts, strict=False))


def shown(entry: Language, loaded: LoadedCatalog) -> dict[str, Message]:
    """The messages a screen shows in a language. A fuzzy entry (a draft, or a translation
    whose French text changed since) is shown only in a language under review, whose pages
    say so (registry `under_review`); elsewhere, as gettext does, the message comes from
    the language's fallbacks until a translator clears the mark."""
    if entry.under_review:
        return dict(loaded.messages)
    return {key: text for key, text in loaded.messages.items() if key not in loaded.fuzzy}


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, abort_invalid=True)


def load(entry: Language, locale_dir: Path = LOCALE_DIR) -> LoadedCatalog:
    """A language's messages by key; an untranslated (empty) entry is left out, so the
    message comes from the language's fallbacks."""
    loaded = LoadedCatalog()
    path = po_path(entry.code, locale_dir)
    if not path.exists():
        return loaded
    for message in _read(path):
        if not message.context:
            continue  # the header
        ids = message.id if isinstance(message.id, list | tuple) else (message.id,)
        loaded.sources[message.context] = _as_message(tuple(ids), ("one", "other"))
        for note in message.auto_comments:
            if note.startswith(AREA_NOTE):
                loaded.areas[message.context] = note[len(AREA_NOTE):].strip()
        texts = _forms(message)
        if not all(texts):
            continue
        loaded.messages[message.context] = _as_message(texts, entry.plural_categories)
        if message.fuzzy:
            loaded.fuzzy.add(message.context)
    return loaded


def write(entry: Language, messages: Mapping[str, Message], sources: Mapping[str, Message],
          path: Path, fuzzy: Iterable[str] = (), areas: Mapping[str, str] | None = None,
          counted: Iterable[str] = ()) -> None:
    """Write a language's catalog: `sources` the French text of each key (the msgid);
    `counted` the keys with plural forms in some language, plural in every catalog."""
    catalog = Catalog(locale=entry.code.replace("-", "_") or None, project="Guichet numérique",
                      domain=DOMAIN, charset="utf-8", fuzzy=False, version="1.0",
                      header_comment=HEADER_COMMENT.format(name=f"{entry.name} ({entry.code})"
                                                           if entry.code else "a new language"))
    catalog.mime_headers = [("Plural-Forms", entry.plural_forms)]
    fuzzy, counted = set(fuzzy), set(counted)
    for key, source in sources.items():
        message = messages.get(key, "")
        plural = key in counted or isinstance(source, dict) or isinstance(message, dict)
        flags = {BRACE_FORMAT} if placeholders(source) else set()
        if key in fuzzy:
            flags.add("fuzzy")
        notes = [f"{AREA_NOTE} {areas[key]}"] if areas and key in areas else []
        if plural:
            ids = (_form(source, "one"), _form(source, "other"))
            texts = tuple(_form(message, category) for category in entry.plural_categories)
            catalog.add(ids, texts, context=key, flags=flags, auto_comments=notes)
        else:
            catalog.add(source, message, context=key, flags=flags, auto_comments=notes)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=0, omit_header=False)


def _form(message: Message, category: str) -> str:
    if isinstance(message, str):
        return message
    return message.get(category) or message.get("other", "")


def placeholders(message: Message | Iterable[str]) -> set[str]:
    texts = [message] if isinstance(message, str) else (
        message.values() if isinstance(message, dict) else message)
    return {name for text in texts for name in PLACEHOLDER.findall(text)}


# --- Checks ---------------------------------------------------------------------------------

def _brace_error(text: str) -> str | None:
    """A placeholder str.format would not read as a plain name: malformed braces, or a
    translated text reaching into its values ("{name.__class__}", "{n:>99999}", "{0}")."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as error:
        return str(error)
    for _, name, spec, conversion in fields:
        if name is not None and (not re.fullmatch(r"[A-Za-z_]\w*", name) or spec or conversion):
            return f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}" \
                   " is not a plain named placeholder"
    return None


def _plural_problems(entry: Language, expression: str) -> list[str]:
    """The Plural-Forms header must be the registry's, and agree with CLDR for 0-1000."""
    problems = []
    wanted = " ".join(entry.plural_forms.split())
    if " ".join(expression.split()) != wanted:
        problems.append(f"Plural-Forms is {expression!r}, the registry says {wanted!r}")
    try:
        count = int(re.search(r"nplurals\s*=\s*(\d+)", expression).group(1))
        choose = gettext.c2py(re.search(r"plural\s*=\s*([^;]+)", expression).group(1))
    except (AttributeError, ValueError, SyntaxError) as error:
        return [*problems, f"Plural-Forms {expression!r} cannot be read ({error})"]
    if count != len(entry.plural_categories):
        problems.append(f"Plural-Forms has {count} forms, {entry.code} needs "
                        f"{len(entry.plural_categories)} ({', '.join(entry.plural_categories)})")
        return problems
    locale = Locale.parse(entry.babel_locale)
    for n in range(1001):
        index = choose(n)
        cldr = locale.plural_form(n)
        expected = cldr if cldr in entry.plural_categories else "other"
        if not 0 <= index < count or entry.plural_categories[index] != expected:
            problems.append(f"Plural-Forms picks form {index} for {n}, CLDR says "
                            f"{expected!r} (form {entry.plural_categories.index(expected)})")
            break
    return problems


def _raw_contexts(path: Path) -> tuple[dict[str, int], list[str], int]:
    """Each key's line (the first), the duplicates found, and the Plural-Forms header line."""
    lines: dict[str, int] = {}
    duplicates = []
    header_line = 1
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgctxt "):
            key = line[len("msgctxt "):].strip().strip('"')
            if key in lines:
                duplicates.append(f"{path}:{number}: duplicate key {key!r} "
                                  f"(first at line {lines[key]})")
            else:
                lines[key] = number
        elif line.startswith('"Plural-Forms:'):
            header_line = number
    return lines, duplicates, header_line


def check(entry: Language, locale_dir: Path = LOCALE_DIR,
          source: Mapping[str, Message] | None = None) -> list[str]:
    """Everything wrong with a language's catalog, each as "file:line: problem".

    Every key of the French catalog (of its public pages, for a language that covers
    only those: `covered`), the same placeholders as the French text, no empty message
    among them, the registry's plural forms, no duplicate key, no key the French catalog
    lacks, well-formed {placeholders}.
    """
    path = po_path(entry.code, locale_dir)
    if not path.exists():
        return [f"{path}:1: no catalog for {entry.code}"]
    lines, problems, header_line = _raw_contexts(path)
    try:
        catalog = _read(path)
    except PoFileError as error:
        return [*problems, f"{path}:{error.lineno}: {error}"]
    except ValueError as error:  # a header Babel cannot read (Plural-Forms: nplurals=x)
        return [*problems, f"{path}:{header_line}: {error}"]
    problems += [f"{path}:{header_line}: {problem}"
                 for problem in _plural_problems(entry, catalog.plural_forms)]
    required = covered(entry, source) if source is not None else set()
    seen = set()
    for message in catalog:
        key = message.context
        if not key:
            continue
        seen.add(key)
        complete = entry.covers == "all" or key in required
        problems += [f"{path}:{lines.get(key, message.lineno)}: {key!r} {problem}"
                     for problem in _entry_problems(entry, message, source, complete)]
    if source is not None:
        last = len(path.read_text(encoding="utf-8").splitlines())
        problems += [f"{path}:{last}: key {key!r} of the French catalog is missing"
                     for key in source if key in required and key not in seen]
    return problems


def _entry_problems(entry: Language, message: PoMessage, source: Mapping[str, Message] | None,
                    complete: bool) -> list[str]:
    key = message.context
    texts = _forms(message)
    ids = message.id if isinstance(message.id, list | tuple) else (message.id,)
    problems = []
    if source is not None and key not in source:
        problems.append("is not in the French catalog")
    if message.pluralizable and len(texts) != len(entry.plural_categories):
        problems.append(f"has {len(texts)} plural forms, {entry.code} needs "
                        f"{len(entry.plural_categories)}")
    empty = [index for index, text in enumerate(texts) if not text.strip()]
    if empty:
        if complete and len(empty) == len(texts):
            problems.append("has an empty message")
        elif len(empty) < len(texts):
            categories = entry.plural_categories
            problems += [f"has an empty plural form msgstr[{index}] "
                         f"({categories[index] if index < len(categories) else '?'})"
                         for index in empty]
        return problems
    for text in texts:
        if error := _brace_error(text):
            problems.append(f"has a broken placeholder: {error}")
    expected = placeholders(source[key]) if source and key in source else placeholders(ids)
    for index, text in enumerate(texts):
        if placeholders(text) != expected:
            form = f" msgstr[{index}]" if message.pluralizable else ""
            problems.append(f"has placeholders {sorted(placeholders(text))}{form}, "
                            f"the French text has {sorted(expected)}")
    return problems


def check_all(locale_dir: Path = LOCALE_DIR, registry: Iterable[Language] = REGISTRY
              ) -> list[str]:
    """The problems of every language's catalog, the French one giving the keys."""
    entries = list(registry)
    source_entry = next(e for e in entries if e.code == SOURCE_LANG)
    problems = check(source_entry, locale_dir)
    source = load(source_entry, locale_dir).messages if not problems else None
    for entry in entries:
        if entry.code != SOURCE_LANG:
            problems += check(entry, locale_dir, source)
    return problems + _counted_everywhere(entries, locale_dir)


def _counted_everywhere(entries: list[Language], locale_dir: Path) -> list[str]:
    """A message counted (msgid_plural) in one catalog is counted in all of them."""
    counted: dict[str, dict[str, bool]] = {}
    for entry in entries:
        try:
            catalog = _read(po_path(entry.code, locale_dir))
        except (OSError, PoFileError, ValueError):
            continue  # reported by check()
        counted[entry.code] = {m.context: m.pluralizable for m in catalog if m.context}
    problems = []
    for code, keys in counted.items():
        path = po_path(code, locale_dir)
        lines = _raw_contexts(path)[0]
        for key, plural in keys.items():
            others = [other for other, theirs in counted.items()
                      if theirs.get(key) and other != code]
            if not plural and others:
                problems.append(f"{path}:{lines.get(key, 0)}: {key!r} has no msgid_plural, "
                                f"but plural forms in {', '.join(others)}")
    return problems


# --- Keeping the catalogs in step ------------------------------------------------------------

def update(locale_dir: Path = LOCALE_DIR, registry: Iterable[Language] = REGISTRY) -> dict:
    """After French texts were edited, added or removed in the French catalog: the French
    msgids become its texts, the template (counter.pot) is written again, and every other
    catalog gets the same keys and msgids, an entry whose French text changed marked
    fuzzy (its translation kept for the translator to review), a new key left empty.
    Returns, by language, the keys marked fuzzy."""
    entries = list(registry)
    french_entry = next(e for e in entries if e.code == SOURCE_LANG)
    loaded = {entry.code: load(entry, locale_dir) for entry in entries}
    french = loaded[SOURCE_LANG]
    source = french.messages
    counted = {key for catalog in loaded.values() for key, message in catalog.messages.items()
               if isinstance(message, dict)}
    write(french_entry, source, source, po_path(SOURCE_LANG, locale_dir), french.fuzzy,
          french.areas, counted)
    template = Language("", "", "ltr", "", "", "", ("one", "other"),
                        "nplurals=2; plural=(n != 1);")
    write(template, {}, source, locale_dir / f"{DOMAIN}.pot", areas=french.areas,
          counted=counted)
    changed: dict[str, set[str]] = {}
    for entry in entries:
        if entry.code == SOURCE_LANG:
            continue
        old = loaded[entry.code]
        stale = {key for key in source
                 if key in old.messages and old.sources.get(key) != source[key]}
        changed[entry.code] = stale
        # A language covering only the public pages lists those and what it translated
        # beyond them (a translator adds an entry to cover more).
        kept = covered(entry, source) | set(old.messages)
        write(entry, old.messages, {key: text for key, text in source.items() if key in kept},
              po_path(entry.code, locale_dir), (old.fuzzy | stale) & set(source),
              french.areas, counted)
    return changed


def statistics(locale_dir: Path = LOCALE_DIR, registry: Iterable[Language] = REGISTRY
               ) -> list[str]:
    """One line per language: translated, under review (fuzzy), untranslated."""
    entries = list(registry)
    source = load(next(e for e in entries if e.code == SOURCE_LANG), locale_dir).messages
    lines = []
    for entry in entries:
        loaded = load(entry, locale_dir)
        total = len(covered(entry, source))
        done = len(set(loaded.messages) & covered(entry, source))
        lines.append(f"{entry.code}: {done - len(loaded.fuzzy)} translated, "
                     f"{len(loaded.fuzzy)} under review (fuzzy), {total - done} untranslated"
                     f" (covers: {entry.covers})")
    return lines
