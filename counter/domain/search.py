"""A search that forgives what people type: case, accents, Arabic letter variants, typos.

Texts and queries are folded the same way (`fold`), cut into words, and each word of the
query is looked up in an index of the catalog's words, built once per catalog version:
first as a word or the start of a word ("subv" finds "subvention"); only when that finds
nothing, as a word a small edit away (Damerau-Levenshtein: 1 edit for 4-7 letters, 2 from 8),
so "subvension" finds "subvention" while "tourist" does not wander off to "tourism".
A document matches when every word of the query matches one of its words; documents are
ranked by how well (exact before completed before corrected) and where (a name weighs more
than a description). When nothing matches, the nearest words and documents are offered.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

# Arabic short vowels, Quranic marks and tatweel are dropped; hamza and alef forms, alef
# maqsura, teh marbuta and Persian letter shapes are folded, so a word typed without hamza,
# with ه for ة or ى for ي finds its spelling. Eastern digits become Western ones.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "œ": "oe", "æ": "ae",
    **{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)},
})
_WORD = re.compile(r"[^\W_]+")
# The Arabic article and the particles written with it: "والاستثمار" is found by "استثمار".
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
# Words that say nothing about a procedure; a query made only of them filters nothing.
STOP_WORDS = frozenset({
    "a", "au", "aux", "avec", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les",
    "ma", "mes", "mon", "ou", "par", "pour", "sa", "ses", "son", "sur", "un", "une", "vos",
    "votre",  # French
    "an", "and", "for", "in", "my", "of", "on", "or", "the", "to", "with", "your",  # English
    "في", "من", "على", "الى", "عن", "او", "مع", "و", "ب", "ل",  # Arabic
})
_CACHED_WORDS = 10_000  # readings of typed words kept per index


def fold(text: str | None) -> str:
    """Lower case, without accents or Arabic marks, letter variants folded: what is compared."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _ARABIC_MARKS.sub("", text).casefold().translate(_FOLD)


def _stem(word: str) -> str:
    """The word without its Arabic article (a word of its own too short to lose it stays)."""
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word


def words(text: str | None) -> list[str]:
    """The folded words of `text`, each Arabic word also without its article."""
    found = []
    for word in _WORD.findall(fold(text)):
        found.append(word)
        stem = _stem(word)
        if stem != word:
            found.append(stem)
    return found


def query_words(query: str | None) -> list[str]:
    """The words of a query that can tell procedures apart (stop words left out)."""
    return [_stem(word) for word in _WORD.findall(fold(query)) if word not in STOP_WORDS]


def max_edits(length: int) -> int:
    """How many typos a word of this length may carry and still be recognised."""
    return 0 if length < 4 else 1 if length < 8 else 2


def near_words(typed: str, words: Sequence[str], limit: int) -> list[tuple[str, int]]:
    """The words at most `limit` edits from `typed`, with their Damerau-Levenshtein distance
    (optimal string alignment: two neighbouring letters swapped count as one edit)."""
    return [(word, distance) for word, distance, _ in
            process.extract(typed, words, scorer=OSA.distance, score_cutoff=limit, limit=None)]


@dataclass(frozen=True)
class Match:
    """How a word of the query was read: the index's word, and how good a reading it is."""

    word: str
    quality: float
    corrected: bool  # found only a few edits away


@dataclass(frozen=True)
class SearchResult:
    ranked: list[int]  # positions of the matching documents, best first
    corrected: str = ""  # the query as read ("subvention") when a word needed correcting
    nearest: list[int] = field(default_factory=list)  # when nothing matched: near documents


@dataclass
class SearchIndex:
    """Every word of every document, with where it appears and how much that place weighs."""

    postings: dict[str, dict[int, float]]
    spelling: dict[str, str]  # folded word -> a spelling to show people (accents kept)
    size: int
    _sorted: list[str] = field(default_factory=list)
    _by_length: dict[int, list[str]] = field(default_factory=dict)
    _by_start: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    _matches: dict[tuple[str, bool], list[Match]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._sorted = sorted(self.postings)
        for word in self._sorted:
            self._by_length.setdefault(len(word), []).append(word)

    def matches(self, typed: str, *, loose: bool = False) -> list[Match]:
        """The index's words `typed` may stand for, best first (cached per index)."""
        key = (typed, loose)
        if key not in self._matches:
            if len(self._matches) >= _CACHED_WORDS:
                self._matches.clear()
            self._matches[key] = self._find(typed, loose)
        return self._matches[key]

    def _find(self, typed: str, loose: bool) -> list[Match]:
        """Exact words and words it starts; else words a few edits away; else words whose
        start is a few edits away (a typo while typing)."""
        found = []
        start = bisect_left(self._sorted, typed)
        for word in self._sorted[start:]:
            if not word.startswith(typed):
                break
            found.append(Match(word, 0.6 + 0.4 * len(typed) / len(word), False))
        if found:
            return sorted(found, key=lambda m: -m.quality)
        limit = max_edits(len(typed)) + (1 if loose else 0)
        if limit == 0:
            return []
        lengths = range(len(typed) - limit, len(typed) + limit + 1)
        found = [Match(word, 0.5 - 0.1 * distance, True) for word, distance in
                 near_words(typed, [w for n in lengths for w in self._by_length.get(n, ())], limit)]
        if not found and len(typed) >= 4:
            nearest: dict[str, int] = {}
            for length in lengths:
                starts = self._starts(length)
                for begins, distance in near_words(typed, list(starts), limit):
                    for word in starts[begins]:
                        nearest[word] = min(distance, nearest.get(word, limit))
            found = [Match(word, 0.4 - 0.1 * distance, True) for word, distance in nearest.items()]
        # Nearest first; among equals, the word more documents use.
        return sorted(found, key=lambda m: (-m.quality, -len(self.postings[m.word]), m.word))

    def _starts(self, length: int) -> dict[str, list[str]]:
        """The longer words by their first `length` letters (cached): "subvention1",
        "subvention2"... are compared once."""
        if length not in self._by_start:
            starts: dict[str, list[str]] = {}
            for word in self._sorted:
                if len(word) > length:
                    starts.setdefault(word[:length], []).append(word)
            self._by_start[length] = starts
        return self._by_start[length]

    def _scores(self, typed: str, loose: bool = False) -> tuple[dict[int, float], Match | None]:
        """Each document's best score for one word of the query, and the best reading."""
        scores: dict[int, float] = {}
        found = self.matches(typed, loose=loose)
        for match in found:
            for position, weight in self.postings[match.word].items():
                score = match.quality * weight
                if score > scores.get(position, 0.0):
                    scores[position] = score
        return scores, (found[0] if found else None)

    def _every_word(self, typed: Sequence[str], keep: set[int], loose: bool = False
                    ) -> tuple[dict[int, float], list[Match | None]]:
        """The documents among `keep` matching every word, with their total score, and how
        each word was read."""
        total = dict.fromkeys(keep, 0.0)
        readings = []
        for word in typed:
            scores, best = self._scores(word, loose)
            total = {p: s + scores[p] for p, s in total.items() if p in scores}
            readings.append(best)
        return total, readings

    def _shown(self, readings: Sequence[Match | None]) -> str:
        return " ".join(self.spelling.get(m.word, m.word) for m in readings if m)

    def search(self, query: str, allowed: Iterable[int] | None = None) -> SearchResult:
        """Documents matching every word of `query` (among `allowed`), best first."""
        keep = set(range(self.size)) if allowed is None else set(allowed)
        typed = query_words(query)
        if not typed:
            return SearchResult(ranked=sorted(keep))
        total, readings = self._every_word(typed, keep)
        if total:
            ranked = sorted(total, key=lambda p: (-total[p], p))
            corrected = any(m and m.corrected for m in readings)
            return SearchResult(ranked, self._shown(readings) if corrected else "")
        return self._nearest(typed, keep)

    def _nearest(self, typed: Sequence[str], keep: set[int]) -> SearchResult:
        """Nothing matched: the query with its words read more loosely, if that finds
        something, and the documents sharing the most words with it."""
        total, readings = self._every_word(typed, keep, loose=True)
        corrected = self._shown(readings) if total and all(readings) else ""
        either: dict[int, float] = {}
        for word in typed:
            scores, _ = self._scores(word, loose=True)
            for position in keep & scores.keys():
                either[position] = either.get(position, 0.0) + scores[position]
        nearest = sorted(either, key=lambda p: (-either[p], p))
        return SearchResult([], corrected, nearest[:3])


def build_index(documents: Sequence[Sequence[tuple[str, float]]]) -> SearchIndex:
    """The index of documents given as (text, weight) pairs: a name weighs more than a
    description. Build it once per catalog version; searching it is then cheap."""
    postings: dict[str, dict[int, float]] = {}
    spelling: dict[str, str] = {}
    for position, texts in enumerate(documents):
        for text, weight in texts:
            for shown in _WORD.findall(_ARABIC_MARKS.sub("", text or "").casefold()):
                for word in (w for w in words(shown) if w not in STOP_WORDS):
                    spot = postings.setdefault(word, {})
                    spot[position] = max(spot.get(position, 0.0), weight)
                    spelling.setdefault(word, shown if word == fold(shown) else
                                        shown[len(shown) - len(word):])
    return SearchIndex(postings, spelling, len(documents))
