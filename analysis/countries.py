"""Country mentions: a gazetteer matched in one pass, disambiguated by context.

Every mention of a country (name, alias, abbreviation, adjective or demonym; capitals and
metonyms on request) is mapped to an ISO 3166-1 alpha-3 code (or a user-assigned ``X..`` code
for Kosovo and other partially recognised entities, see ``resources/countries.tsv``).

How it works: all forms of ``resources/country_forms.tsv`` (with upper-case variants for
headlines) and the blocking phrases of ``resources/country_context.txt`` ("New Mexico", "Gulf
of Mexico", "French fries") go into one Aho-Corasick automaton. One case-sensitive pass over the
original text yields candidate spans; those with Unicode word boundaries on both sides are
kept, longest match first. Only then, per hit, context rules decide: a US town ("Lebanon,
Ohio", "Lebanon County", then one sense per article); the US state Georgia ("Georgia" is the
country only when cues such as Tbilisi, Russia or Georgian outnumber US cues such as Atlanta,
"Ga." or other state names in the article); a web address; a person ("Jordan Henderson",
"Mr. Jordan", "Chad, 23,"); the bird ("Turkey dinner"); a language ("speaks Spanish",
"Spanish-language"); Native Americans ("Indian tribe"); or a name that contains the country
("Bank of America", "Canadian Cancer Society"), typed ``embedded``.

Options (keys of the flat pipeline options dict):
    metonyms (bool, default False): count capitals and seats of government ("Moscow", "the
        Kremlin", "Downing Street") as their country, with form ``capital`` / ``metonym``.
    include_embedded (bool, default False): count mentions inside names (form ``embedded``) in
        co-mentions. They are always listed in ``country_mentions``.
    window (int, default 3): size k of the sliding window of sentences for co-mentions.
    constituent_countries (bool, default False): count England, Scotland, Wales and Northern
        Ireland (and "Scottish", "Welsh", ...) as the United Kingdom (GBR). Off by default
        because, like the geoparsing gold standards, most readers treat them as parts of a
        country, not as the country.

Tables returned by ``COUNTRIES.finish``:
    country_mentions: article_id, paragraph, sentence (indices into the article's Document),
        start, end (character offsets into ``Article.text``, end exclusive), surface, country
        (alpha-3), form (name, alias, abbreviation, adjective, capital, metonym, embedded).
    comentions: one row per unit and unordered country pair, see ``analysis.comentions``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import ahocorasick
import pandas as pd

from analysis import native_function
from analysis.comentions import (
    ComentionAccumulator,
    comention_table,
    unit_country_sets,
)
from analysis.model import Article, Document
from analysis.resources import read_resource, sectioned_list
from analysis.spool import RENDER_OPTION, SPOOL_OPTION, PlainColumns, RowRuns, finish_rows

FORMS: Final = ("name", "alias", "abbreviation", "adjective", "capital", "metonym", "embedded")
MENTION_COLUMNS: Final = [
    "article_id",
    "paragraph",
    "sentence",
    "start",
    "end",
    "surface",
    "country",
    "form",
]

_FORM: Final = 0
_BLOCK: Final = 1
_EMBEDDED: Final = 2

_TOKEN_AFTER: Final = re.compile(r"[ \t]*([-\u2010\u2011]?)[ \t]*([A-Za-z][\w.&'\u2019]*)")
_TOKEN_BEFORE: Final = re.compile(r"([A-Za-z][\w.'\u2019]*)[ \t]*$")
_CAP_WORD: Final = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)?")
_PERSON_OF: Final = re.compile(r"([A-Z][a-z]+) (?:[A-Z]\. )?([A-Z][a-z]+(?:[A-Z][a-z]+)?),? of $")
_LISTED_AFTER: Final = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)([A-Z][\w.]*)")
_LETTERS_END: Final = re.compile(r"[A-Za-z]+$")
_AGE_BEFORE: Final = re.compile(r",\s*\d{1,3}\s*,\s*$")
_AGE_AFTER: Final = re.compile(r",\s*\d{1,3}\s*,")
_OF_BEFORE: Final = re.compile(r"([A-Z][\w.]*)\s+of\s+(?:the\s+)?$")
_STATE_AFTER: Final = re.compile(r",\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)")
_CAPS_WORD: Final = re.compile(r"[A-Za-z]{2,}")
_WORD: Final = re.compile(r"\w+")


@dataclass(slots=True)
class CountryMention:
    """One mention of a country in a text.

    Attributes:
        start: Offset of the first character in the text.
        end: Offset after the last character (exclusive).
        surface: The text as written, ``text[start:end]``.
        country: Alpha-3 code (ISO 3166-1 or a user-assigned ``X..`` code).
        form: name, alias, abbreviation, adjective, capital, metonym or embedded.
        paragraph: Paragraph index in the Document, or -1 without a Document.
        sentence: Sentence index in the Document, or -1 without a Document.
    """

    start: int
    end: int
    surface: str
    country: str
    form: str
    paragraph: int = -1
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: int
    length: int
    country: str = ""
    form: str = ""
    inner_start: int = 0
    inner_end: int = 0
    person: bool = False  # also a given name or surname ("Jordan", "French")
    plain: bool = False  # no form-specific rule applies: only the cheap context checks
    language: bool = False  # also a language name ("Spanish")
    # Words before / after a hit that need the rule chain, keyed by their last / first letter.
    before_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    placename: bool = False  # name or alias: US-town rules apply
    town: bool = False  # also a common US town name ("Lebanon")
    org_shortcut: bool = False  # only the name-after check can apply before a capital
    after_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Context:
    """Word lists of ``country_context.txt`` as frozensets."""

    not_country: tuple[str, ...]
    embedded_names: tuple[str, ...]
    name_heads: frozenset[str]
    us_place_after: frozenset[str]
    us_place_before_of: frozenset[str]
    name_before_of: frozenset[str]
    us_states: frozenset[str]
    georgia_state_cues: tuple[str, ...]
    georgia_country_cues: tuple[str, ...]
    person_forms: frozenset[str]
    not_first_names: frozenset[str]
    person_titles: frozenset[str]
    bird_words: frozenset[str]
    language_adjectives: frozenset[str]
    language_before: frozenset[str]
    language_after: frozenset[str]
    native_after: frozenset[str]
    languages: frozenset[str]
    speech_verbs: frozenset[str]
    us_place_after_lower: frozenset[str]
    us_town_forms: frozenset[str]
    name_before: frozenset[str]
    not_country_prefix: frozenset[str]
    food_after: frozenset[str]
    native_cues: tuple[str, ...]
    india_cues: tuple[str, ...]


@lru_cache(maxsize=1)
def context_lists() -> _Context:
    """Return the disambiguation word lists (loaded once)."""
    sections = sectioned_list("country_context.txt")

    def words(name: str) -> frozenset[str]:
        return frozenset(sections.get(name, ()))

    return _Context(
        not_country=sections.get("not_country", ()),
        embedded_names=sections.get("embedded_names", ()),
        name_heads=words("name_heads"),
        us_place_after=words("us_place_after"),
        us_place_before_of=words("us_place_before_of"),
        name_before_of=words("name_before_of"),
        us_states=words("us_states") - {"Georgia", "Washington"},
        georgia_state_cues=sections.get("georgia_state_cues", ()),
        georgia_country_cues=sections.get("georgia_country_cues", ()),
        person_forms=words("person_forms"),
        not_first_names=words("not_first_names"),
        person_titles=words("person_titles"),
        bird_words=words("bird_words"),
        language_adjectives=words("language_adjectives"),
        language_before=words("language_before"),
        language_after=words("language_after"),
        native_after=words("native_after"),
        languages=words("languages") | words("language_adjectives"),
        speech_verbs=words("speech_verbs"),
        us_place_after_lower=words("us_place_after_lower"),
        us_town_forms=words("us_town_forms"),
        name_before=words("name_before"),
        not_country_prefix=words("not_country_prefix"),
        food_after=words("food_after"),
        native_cues=sections.get("native_cues", ()),
        india_cues=sections.get("india_cues", ()),
    )


@lru_cache(maxsize=1)
def gazetteer() -> pd.DataFrame:
    """Return the gazetteer forms as a DataFrame with columns code, form, type."""
    rows = []
    for line in read_resource("country_forms.tsv").splitlines():
        if not line or line.startswith("#") or line.startswith("code\t"):
            continue
        code, form, ftype = line.split("\t")
        rows.append((code, form, ftype))
    return pd.DataFrame(rows, columns=["code", "form", "type"])


@lru_cache(maxsize=1)
def country_table() -> pd.DataFrame:
    """Return the known countries: code, alpha2, name, official_name, code_status, recognition."""
    lines = [
        line.split("\t")
        for line in read_resource("countries.tsv").splitlines()
        if line and not line.startswith("#")
    ]
    return pd.DataFrame(lines[1:], columns=lines[0])


def country_names() -> dict[str, str]:
    """Return ``{code: common name}`` for every known country."""
    table = country_table()
    return dict(zip(table["code"], table["name"], strict=True))


def _variants(surface: str, *, upper: bool) -> list[str]:
    """Case variants put in the automaton: as written, and ALL CAPS for headlines."""
    found = [surface]
    if upper and surface.upper() != surface:
        found.append(surface.upper())
    return found


@lru_cache(maxsize=2)
def _automaton(metonyms: bool) -> ahocorasick.Automaton:
    """The automaton of all forms (:func:`_form_table`), for pyahocorasick."""
    automaton = ahocorasick.Automaton()
    for key, entry in _form_table(metonyms).items():
        automaton.add_word(key, entry)
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=2)
def _matcher(metonyms: bool) -> Any:
    """The C matcher of all forms (:func:`_form_table`), or None where it is not built."""
    matcher_type = native_function("KeyMatcher")
    if matcher_type is None:
        return None
    table = _form_table(metonyms)
    return matcher_type(list(table), list(table.values()))


@lru_cache(maxsize=2)
def _form_table(metonyms: bool) -> dict[str, _Entry]:
    """Every form as written in a text, and its entry; without ``metonyms``, no capitals.

    Capitals are left out, that is, unless they contain a country form ("Mexico City"):
    those stay in as blocking phrases, so that the country inside is not matched on its own.
    """
    context = context_lists()
    table: dict[str, _Entry] = {}
    forms = gazetteer()
    known: dict[str, tuple[str, str]] = {}
    for code, form, ftype in forms.itertuples(index=False):
        known.setdefault(form, (code, ftype))
    by_initial = _forms_by_initial(known)
    for code, form, ftype in forms.itertuples(index=False):
        if ftype in ("capital", "metonym") and not metonyms:
            if _inner_form(form, known, by_initial) is not None:
                for key in _variants(form, upper=True):
                    table.setdefault(key, _Entry(_BLOCK, len(key)))
            continue
        for key in _variants(form, upper=ftype != "abbreviation"):
            person = key in context.person_forms or key.title() in context.person_forms
            plain = _is_plain(key, code, ftype)
            language = key in context.language_adjectives
            before_words, after_words = _fast_triggers(ftype in ("name", "alias"), language)
            entry = _Entry(
                _FORM,
                len(key),
                code,
                ftype,
                person=person,
                plain=plain,
                language=language,
                before_words=before_words,
                after_words=after_words,
                placename=ftype in ("name", "alias"),
                town=key in context.us_town_forms,
                org_shortcut=plain and not person,
            )
            table.setdefault(key, entry)
    # Phrases win over the forms they contain (same key: the phrase entry replaces the form).
    for phrase in context.not_country:
        for key in _variants(phrase, upper=True):
            table[key] = _Entry(_BLOCK, len(key))
    for phrase in context.embedded_names:
        inner = _inner_form(phrase, known, by_initial)
        if inner is None:
            continue
        code, start, end = inner
        for key in _variants(phrase, upper=True):
            table[key] = _Entry(_EMBEDDED, len(key), code, "embedded", start, end)
    return table


_SPECIAL_SURFACES: Final = frozenset(
    {"US", "America", "Turkey", "Turkeys", "Indian", "Indians", "Georgia", "Georgian"}
)


def _is_plain(key: str, code: str, ftype: str) -> bool:
    """Whether only the general context checks apply to a form (see ``_fast_path``)."""
    context = context_lists()
    if ftype not in ("name", "alias", "adjective", "abbreviation"):
        return False
    if key.isupper() and len(key) > 3:
        return key.title() not in context.us_town_forms and key.title() not in _SPECIAL_SURFACES
    return key not in _SPECIAL_SURFACES


@lru_cache(maxsize=4)
def _fast_triggers(
    placename: bool, language: bool
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Words before and after a hit that need a rule, keyed by the letter next to the hit.

    Keying by the letter just before the space (before) or just after it (after) keeps each
    ``endswith``/``startswith`` test to a handful of candidates.
    """
    context = context_lists()
    before = set(context.name_before)
    after = set(context.food_after | context.us_place_after_lower)
    if language:
        before |= context.language_before | {"and", "or"}
        after |= context.language_after | {"and", "or"}
    return _keyed(before, last=True, pad="{} "), _keyed(after, last=False, pad=" {}")


def _keyed(words: set[str], *, last: bool, pad: str) -> dict[str, tuple[str, ...]]:
    keyed: dict[str, list[str]] = {}
    for word in sorted(words):
        keyed.setdefault(word[-1] if last else word[0], []).append(pad.format(word))
    return {key: tuple(values) for key, values in keyed.items()}


_FULL: Final = 0
_ACCEPT: Final = 1
_ORG_CHECK: Final = 2


def _fast_path(text: str, start: int, end: int, entry: _Entry) -> int:
    """Triage a plain form: accept it, check only for a name after it, or run the rule chain.

    Every rule of ``_resolve`` that can fire for a plain form needs one of: a hyphenated
    prefix, ", " or a listed word just before; a comma, "$", hyphen, capitalised word or
    listed lower-case word after. Most hits in news text have none, so this keeps the
    matcher fast; any doubt falls back to the full rule chain (``_FULL``).
    """
    before = text[start - 2 : start]
    last = before[-1:]
    if last in _URL_CHARS:
        return _FULL
    if last == "-":
        if _in_url(text, start) or _word_ending_at(text, start - 1) in _prefix_words():
            return _FULL
    elif last == " ":
        if before == ", " and entry.placename and _after_age_or_address(text, start):
            return _FULL
        words = entry.before_words.get(text[start - 2 : start - 1])
        if words and text.endswith(words, max(0, start - 16), start):
            return _FULL
        if entry.placename and text.endswith(("of ", "of the "), max(0, start - 7), start):
            if entry.town or _of_head(text, start) in context_lists().us_place_before_of:
                return _FULL  # "City of Lebanon", "Galen Miller of Palestine"
        if entry.person and _word_before_is_capitalised(text, start - 1):
            return _FULL
    after = text[end : end + 2]
    first = after[:1]
    if first == " ":
        if after[1:].isupper():
            return _ORG_CHECK if entry.org_shortcut else _FULL
        words = entry.after_words.get(after[1:])
        if words and text.startswith(words, end):
            return _FULL
    elif first == ",":
        if entry.person or (entry.placename and _state_after(text, end)):
            return _FULL
    elif first == "$":
        if entry.form == "abbreviation":
            return _FULL
    elif first == "-" and entry.language:
        return _FULL
    return _ACCEPT


def _after_age_or_address(text: str, start: int) -> bool:
    """Matches ", 22, Lebanon" or "Main St., Lebanon": the text before a hit that marks a town."""
    window = max(0, start - 20)
    age = _AGE_BEFORE.search(text, window, start)
    return bool(age or _ADDRESS_BEFORE.search(text, window, start))


def _of_head(text: str, start: int) -> str:
    """The capitalised word before "of (the)" ending at ``start`` ("City" in "City of ...")."""
    match = _OF_BEFORE.search(text, max(0, start - 40), start)
    return match.group(1) if match else ""


def _in_url(text: str, start: int) -> bool:
    """Whether a hit is part of a web address ("news.com/2018/Japan-s-ban", "North+America")."""
    left = max(0, start - 300)
    token_start = max(text.rfind(" ", left, start), text.rfind("\n", left, start)) + 1
    token = text[max(token_start, left) : start]
    return "/" in token and ("." in token or "%" in token)


_URL_CHARS: Final = frozenset("/+=_%")


@lru_cache(maxsize=1)
def _prefix_words() -> frozenset[str]:
    context = context_lists()
    return context.not_country_prefix | context.name_before


def _name_after(entry: _Entry, organisation: str | None) -> tuple[str, str]:
    """What a capitalised word after a plain form means (mirrors ``_name_around``)."""
    if organisation in ("us_place", "us_place_lower"):
        if entry.placename:
            return _US_PLACE
        return (entry.country, entry.form if organisation == "us_place_lower" else "embedded")
    if organisation == "embedded":
        return (entry.country, "embedded")
    return (entry.country, entry.form)


def _word_before_is_capitalised(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` starts with a capital (a possible first name)."""
    space = text.rfind(" ", max(0, end - 25), end)
    word = text[space + 1 : end] if space >= 0 else text[max(0, end - 25) : end]
    return word.lstrip("(\"'\u201c\u2018[").istitle() or "\n" in word


def _inner_form(
    phrase: str,
    known: Mapping[str, tuple[str, str]],
    by_initial: Mapping[str, list[tuple[str, str, str]]] | None = None,
) -> tuple[str, int, int] | None:
    """Find the longest country form inside a name: ``(code, start, end)`` within the phrase.

    ``by_initial`` (see :func:`_forms_by_initial`) holds the forms of ``known`` by their first
    character: only those can start at a word, so only those are tried there, in the same
    order (the first of the longest forms wins, as in a scan of all of ``known``).
    """
    best: tuple[str, int, int] | None = None
    for match in _WORD.finditer(phrase):
        forms = (
            by_initial.get(phrase[match.start()], [])
            if by_initial is not None
            else [(form, code, ftype) for form, (code, ftype) in known.items()]
        )
        for form, code, ftype in forms:
            if ftype in ("capital", "metonym") or not phrase.startswith(form, match.start()):
                continue
            end = match.start() + len(form)
            if end < len(phrase) and phrase[end].isalnum():
                continue
            if best is None or len(form) > best[2] - best[1]:
                best = (code, match.start(), end)
    return best


def _forms_by_initial(
    known: Mapping[str, tuple[str, str]],
) -> dict[str, list[tuple[str, str, str]]] | None:
    """``known``'s forms as (form, code, type) by their first character, in ``known``'s order.

    ``None`` if a form is empty (it would start anywhere): :func:`_inner_form` then tries all.
    """
    index: dict[str, list[tuple[str, str, str]]] = {}
    for form, (code, ftype) in known.items():
        if not form:
            return None
        index.setdefault(form[0], []).append((form, code, ftype))
    return index


def _candidate_spans(text: str, metonyms: bool = False) -> list[tuple[int, int, _Entry]]:
    """Word-bounded automaton hits, longest first, without overlaps, in text order.

    Found by the C matcher (``analysis._native.KeyMatcher``, 3x faster than pyahocorasick's
    matches and the selection here) where it is built, else by :func:`_candidate_spans_python`.
    """
    matcher = _matcher(metonyms)
    if matcher is not None:
        spans: list[tuple[int, int, _Entry]] = matcher.spans(text)
        return spans
    return _candidate_spans_python(text, metonyms)


def _candidate_spans_python(text: str, metonyms: bool = False) -> list[tuple[int, int, _Entry]]:
    """:func:`_candidate_spans` from pyahocorasick's matches."""
    hits: list[tuple[int, int, _Entry]] = []
    append = hits.append
    size = len(text)
    reach = -1
    overlapping = False
    for last, entry in _automaton(metonyms).iter(text):
        start = last - entry.length + 1
        end = last + 1
        if (start and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
            continue
        append((start, end, entry))
        if start < reach:
            overlapping = True
        reach = end
    if not overlapping:
        return hits
    hits.sort(key=lambda hit: (hit[0], -hit[1]))
    chosen: list[tuple[int, int, _Entry]] = []
    reach = -1
    for hit in hits:
        if hit[0] >= reach:
            chosen.append(hit)
            reach = hit[1]
    return chosen


class _ArticleContext:
    """Lazily computed article-level evidence (only when an ambiguous form is hit)."""

    __slots__ = ("text", "_votes")

    def __init__(self, text: str) -> None:
        self.text = text
        self._votes: dict[str, bool] = {}

    def georgia_is_state(self) -> bool:
        """Vote of US-state cues against country cues for "Georgia" in this article."""
        if "georgia" not in self._votes:
            context = context_lists()
            state = _count_words(self.text, context.georgia_state_cues)
            state += _count_words(self.text, tuple(sorted(context.us_states)))
            country = _count_words(self.text, context.georgia_country_cues)
            self._votes["georgia"] = state >= country
        return self._votes["georgia"]

    def indian_is_native(self) -> bool:
        """Vote of Native American cues against India cues for "Indian(s)" in this article."""
        if "indian" not in self._votes:
            context = context_lists()
            native = _count_words(self.text.lower(), context.native_cues)
            india = _count_words(self.text, context.india_cues)
            self._votes["indian"] = native > india
        return self._votes["indian"]


def _count_words(text: str, words: tuple[str, ...]) -> int:
    return len(_words_pattern(words).findall(text))


@lru_cache(maxsize=16)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of whole words or phrases, longest first."""
    ordered = sorted(words, key=lambda word: (-len(word), word))
    parts = [re.escape(w) + (r"(?!\w)" if w[-1].isalnum() else "") for w in ordered]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")


def _next_token(text: str, end: int) -> tuple[str, str]:
    """Return ``(joiner, word)`` right after ``end`` on the same line ("-" for hyphens)."""
    match = _TOKEN_AFTER.match(text, end)
    if match is None:
        return "", ""
    return match.group(1), match.group(2)


def _bare(word: str) -> str:
    """A token without trailing periods or possessive ("said." -> "said", "Grill's" -> "Grill")."""
    for suffix in ("'s", "\u2019s"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    return word.rstrip(".")


def _previous_token(text: str, start: int) -> str:
    match = _TOKEN_BEFORE.search(text, max(0, start - 40), start)
    return match.group(1) if match else ""


def _is_title_case(text: str, start: int, end: int) -> bool:
    """Whether the sentence around a hit is a headline in title case (long words capitalised)."""
    left = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start), start - 100) + 1
    stops = [i for i in (text.find("\n", end), text.find(". ", end)) if i >= 0]
    right = min([*stops, end + 100])
    url = text.find("http", end, right)
    right = url if url >= 0 else right
    words = [
        w
        for w in _CAPS_WORD.findall(text, left, start) + _CAPS_WORD.findall(text, end, right)
        if len(w) > 3
    ]
    if ", " in text[left:start] or ", " in text[end:right]:
        return False  # a list of names, not a headline
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _is_all_caps(text: str, start: int, end: int) -> bool:
    left = max(0, start - 40)
    words = _CAPS_WORD.findall(text, left, start) + _CAPS_WORD.findall(text, end, end + 40)
    words = [w for w in words if len(w) > 1]
    return len(words) >= 2 and all(w.isupper() for w in words)


_FUNCTION_AFTER: Final = frozenset(
    {
        "and",
        "or",
        "but",
        "with",
        "to",
        "as",
        "when",
        "while",
        "at",
        "in",
        "is",
        "are",
        "was",
        "were",
        "fluently",
        "well",
        "for",
        "so",
        "because",
        "before",
        "after",
    }
)


def _is_language(surface: str, text: str, start: int, end: int) -> bool:
    """Whether a language adjective names the language ("speaks Spanish", "Spanish class")."""
    context = context_lists()
    if surface not in context.language_adjectives:
        return False
    joiner, after = _next_token(text, end)
    if _bare(after).lower() in context.language_after:
        return True
    if after in ("and", "or"):
        return _language_pair_after(text, end)
    previous = _previous_token(text, start)
    if previous in ("and", "or") and _language_pair_before(text, start, end):
        return True
    if previous.lower() not in context.language_before:
        return False
    return _ends_phrase(text, end)


def _ends_phrase(text: str, end: int) -> bool:
    """Whether nothing a modifier could modify follows: punctuation or a function word."""
    rest = text[end : end + 12].lstrip(" \t")
    if not rest or rest[0] in ".,;:)!?\"\u201d'\u2019\n":
        return True
    _, after = _next_token(text, end)
    return after in _FUNCTION_AFTER


def _language_pair_after(text: str, end: int) -> bool:
    """Matches "French and Farsi when ...": the word after "and" is a language ending the phrase."""
    _, conjunction = _next_token(text, end)
    position = text.index(conjunction, end) + len(conjunction)
    _, other = _next_token(text, position)
    if other not in context_lists().languages:
        return False
    return _ends_phrase(text, text.index(other, position) + len(other))


def _language_pair_before(text: str, start: int, end: int) -> bool:
    """Matches "Farsi and French.": a language before "and", and the phrase ends here."""
    match = re.search(r"([A-Z][a-z]+)\s+(?:and|or)\s+$", text[max(0, start - 40) : start])
    if match is None:
        return False
    return match.group(1) in context_lists().languages and _ends_phrase(text, end)


def _org_after(text: str, end: int, *, town: bool = False) -> str | None:
    """Classify the words after a form: "us_place", "us_place_lower", "embedded" or None.

    "us_place_lower" ("a Lebanon woman") is only considered for ``town`` forms, country
    names that are also common US town names.
    """
    context = context_lists()
    words = text[end + 1 : end + 80].split(" ", 6)[:5]
    first = words[0] if words else ""
    if not first:
        return None
    if not first[0].isupper():
        lower = town and _bare(first) in context.us_place_after_lower
        return "us_place_lower" if lower else None
    if first in context.us_place_after:
        return "us_place"
    for word in words:
        if word in ("and", "&", "of", "for"):
            continue
        if not word[:1].isupper():
            return None
        head = word.split("-")[0].rstrip(",;:)")
        if head in context.name_heads or _bare(head) in context.name_heads:
            return "embedded"
        if word[-1:] in ",;:\n" or "\n" in word or word.endswith(("'s", "\u2019s")):
            return None  # the name ends at a comma, a line end or a possessive
    return None


def _state_after(text: str, end: int) -> bool:
    """Whether ``, <US state>`` follows the hit ("Lebanon, Ohio", "Palestine, Texas")."""
    match = _STATE_AFTER.match(text, end)
    if match is None:
        return False
    states = context_lists().us_states
    words = match.group(1)
    candidates = (words, words.rstrip("."), words.split(" ")[0], words.split(" ")[0].rstrip("."))
    if not any(candidate in states for candidate in candidates):
        return False
    # "Hawaii and Guam, Louisiana, Nevada": a list of places, not "Town, State".
    listed = _LISTED_AFTER.match(text, match.end())
    return not (listed and listed.group(1) in states)


_ADDRESS_BEFORE: Final = re.compile(
    r"(?:\b(?:St|Ave|Rd|Dr|Blvd|Ln|Hwy|Pkwy|Ct|Pl)\.|\b(?:Street|Avenue|Road|Drive|Boulevard"
    r"|Lane|Pike|Highway|Parkway|Court|Place)),\s*$"
)
_DATELINE_AFTER: Final = re.compile(r"\s*(?:\([A-Z][\w .]*\)\s*)?[-\u2013\u2014]")


def _is_local_place(surface: str, text: str, start: int, end: int) -> bool:
    """A US town of that name: street address before it, or an ALL-CAPS dateline."""
    if text[start - 2 : start] == ", " and _ADDRESS_BEFORE.search(text, max(0, start - 20), start):
        return True
    if not surface.isupper() or surface.title() not in context_lists().us_town_forms:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    at_start = not text[line_start:start].strip(" .") or text[max(0, start - 2) : start] == ". "
    return at_start and bool(_DATELINE_AFTER.match(text, end))


def _person_sense(surface: str, text: str, start: int, end: int) -> str:
    """Whether a form is part of a person's name.

    Returns:
        "surname" ("Monica French", "Mr. Jordan": later "French said" is the same person),
        "given" ("Jordan Henderson", "Chad, 23,") or "" (not a person).
    """
    context = context_lists()
    previous = _previous_token(text, start)
    if previous in context.person_titles:
        return "surname"
    if _AGE_AFTER.match(text, end):
        return "given"
    if _is_title_case(text, start, end):
        return ""
    joiner, after = _next_token(text, end)
    if text[end : end + 1] == " " and not joiner and _CAP_WORD.fullmatch(after):
        if _is_name_word(after):
            return "given"
    gap_before = text[start - 1 : start] == " "
    if gap_before and bool(_CAP_WORD.fullmatch(previous)) and _is_name_word(previous):
        return "surname"
    return ""


def _is_name_word(word: str) -> bool:
    """Whether a capitalised neighbour could be part of a person's name."""
    context = context_lists()
    if word in context.not_first_names or word in context.name_heads:
        return False
    return word not in _known_forms()


@lru_cache(maxsize=1)
def _known_forms() -> frozenset[str]:
    return frozenset(gazetteer()["form"])


def _is_bird(surface: str, text: str, start: int, end: int) -> bool:
    if surface not in ("Turkey", "TURKEY", "Turkeys"):
        return False
    birds = context_lists().bird_words
    _, after = _next_token(text, end)
    return _bare(after).lower() in birds or _bare(_previous_token(text, start)).lower() in birds


_DROP: Final = ("drop", "")
_US_PLACE: Final = ("us_place", "")
_PERSON: Final = ("person", "")


def _resolve(
    text: str, start: int, end: int, entry: _Entry, article: _ArticleContext, options: _Options
) -> tuple[str, str]:
    """Decide what a form hit means: ``(code, form)`` or a reason ("drop", "us_place", ...)."""
    form = entry.form
    if form in ("capital", "metonym") and not options.metonyms:
        return _DROP
    if text[start - 1 : start] in ("/", "+", "=", "_", "%", "-") and _in_url(text, start):
        return _DROP
    if form.startswith("constituent"):
        if not options.constituent_countries:
            return _DROP
        form = "adjective" if form.endswith("adjective") else "alias"
    surface = text[start:end]
    if form == "abbreviation":
        if text[end : end + 1] == "$" or (surface == "US" and _is_all_caps(text, start, end)):
            return _DROP
    placename = form in ("name", "alias", "capital")
    after = text[end : end + 1]
    if placename and (
        (after == "," and _state_after(text, end)) or _is_local_place(surface, text, start, end)
    ):
        return _US_PLACE
    named = _name_around(text, start, end, placename, after == " ")
    if named is not None:
        return (
            named
            if named[0] in ("us_place", "drop")
            else _georgia_or(surface, entry.country, named[1], article)
        )
    person = _person_sense(surface, text, start, end) if entry.person else ""
    if person == "surname":
        return _PERSON
    if person == "given":
        return _DROP
    if _is_bird(surface, text, start, end):
        return _DROP
    if form == "adjective" and _is_adjective_sense_other(surface, text, start, end, article):
        return _DROP
    return _georgia_or(surface, entry.country, form, article)


def _name_around(
    text: str, start: int, end: int, placename: bool, word_follows: bool
) -> tuple[str, str] | None:
    """Names containing the form: ("", "embedded"), a US town, or None."""
    context = context_lists()
    before = text[max(0, start - 4) : start]
    before_of = None
    if before.endswith("of ") or before == "the ":
        before_of = _OF_BEFORE.search(text, max(0, start - 40), start)
    if before_of is not None:
        head = before_of.group(1)
        if head in context.us_place_before_of and placename:
            return _US_PLACE
        # "Bank of America", "Future Farmers of America": America in a US organisation's name;
        # "Bank of Canada", "Embassy of France" name the country's own institutions.
        america = text[start:end] in ("America", "AMERICA")
        if america and (head in context.name_before_of or _is_plural_name_head(text, head)):
            return ("", "embedded")
    if placename and _is_resident_of(text, start, end):
        return _US_PLACE
    if placename and before.endswith(", ") and _AGE_BEFORE.search(text, max(0, start - 12), start):
        return _US_PLACE  # "Joyce Doe, 22, Lebanon, ...": a person's age, then their town
    joiner = before[-1:]
    if joiner in (" ", "-"):
        word = _word_ending_at(text, start - 1)
        if joiner == "-" and word in context.not_country_prefix:
            return _DROP
        if word in context.name_before:
            return ("", "embedded")
    if not word_follows or not (placename or text[end + 1 : end + 2].isupper()):
        return None
    town = text[start:end] in context.us_town_forms
    organisation = _org_after(text, end, town=town)
    if organisation in ("us_place", "us_place_lower"):
        if placename:
            return _US_PLACE
        return None if organisation == "us_place_lower" else ("", "embedded")
    if organisation == "embedded":
        return ("", "embedded")
    return None


def _word_ending_at(text: str, end: int) -> str:
    """The letters right before ``end`` (up to 12 characters), e.g. "Mid" in "Mid-America"."""
    match = _LETTERS_END.search(text, max(0, end - 12), end)
    return match.group() if match else ""


def _is_resident_of(text: str, start: int, end: int) -> bool:
    """Matches "Galen Miller of Palestine": a person of a US town that shares a country's name."""
    if text[start:end] not in context_lists().us_town_forms:
        return False
    match = _PERSON_OF.search(text, max(0, start - 60), start)
    if match is None:
        return False
    return all(_is_name_word(word) for word in match.groups())


def _is_plural_name_head(text: str, head: str) -> bool:
    """Matches "Future Farmers of America": a capitalised plural noun before "of"."""
    return head.endswith("s") and not head.endswith("ss")


def _is_adjective_sense_other(
    surface: str, text: str, start: int, end: int, article: _ArticleContext
) -> bool:
    """A language, a cuisine, or Native Americans rather than the country."""
    if _is_language(surface, text, start, end):
        return True
    _, after = _next_token(text, end) if text[end : end + 1] == " " else ("", "")
    if after and _bare(after).lower() in context_lists().food_after:
        return True
    if surface == "Indians" and _CAP_WORD.fullmatch(_previous_token(text, start)):
        return _previous_token(text, start) not in _known_forms()  # "Caddo Indians"
    if surface in ("Indian", "Indians"):
        native = _bare(after).lower() in context_lists().native_after
        return native or article.indian_is_native()
    return False


def _georgia_or(surface: str, country: str, form: str, article: _ArticleContext) -> tuple[str, str]:
    """Apply the article-level Georgia vote to "Georgia"; pass everything else through."""
    if country == "GEO" and surface in ("Georgia", "GEORGIA") and article.georgia_is_state():
        return _DROP
    return country, form


@dataclass(frozen=True)
class _Options:
    metonyms: bool = False
    constituent_countries: bool = False


@lru_cache(maxsize=4)
def _options(metonyms: bool, constituent_countries: bool) -> _Options:
    """One shared options record per combination (built once, not per article)."""
    return _Options(metonyms, constituent_countries)


def find_country_mentions(
    text: str,
    *,
    doc: Document | None = None,
    metonyms: bool = False,
    constituent_countries: bool = False,
) -> list[CountryMention]:
    """Return the country mentions of ``text`` in text order.

    Args:
        text: The article text.
        doc: Its segmentation; gives the paragraph and sentence index of each mention
            (-1 without it).
        metonyms: Also report capitals and seats of government (forms ``capital`` and
            ``metonym``) as their country.
        constituent_countries: Also report England, Scotland, Wales and Northern Ireland
            (and their adjectives) as the United Kingdom.

    Returns:
        Mentions, including those inside names (form ``embedded``).
    """
    article = _ArticleContext(text)
    options = _options(metonyms, constituent_countries)
    found: list[tuple[int, int, str, str]] = []
    keep = found.append
    fast_path = _fast_path
    other_sense: dict[str, str] = {}
    for start, end, entry in _candidate_spans(text, metonyms):
        if entry.plain:
            path = fast_path(text, start, end, entry)
            if path == _ACCEPT:
                keep((start, end, entry.country, entry.form))
                continue
            if path == _ORG_CHECK:
                code, form = _name_after(entry, _org_after(text, end))
                if form == "adjective" and _is_adjective_sense_other(
                    text[start:end], text, start, end, article
                ):
                    continue
                if code == "us_place":
                    other_sense.setdefault(text[start:end], code)
                else:
                    found.append((start, end, code, form))
                continue
        kind = entry.kind
        if kind == _BLOCK:
            continue
        if kind == _EMBEDDED:
            found.append(
                (start + entry.inner_start, start + entry.inner_end, entry.country, "embedded")
            )
            continue
        if not metonyms and entry.form in ("capital", "metonym"):
            continue
        code, form = _resolve(text, start, end, entry, article, options)
        if code in ("us_place", "person"):
            other_sense.setdefault(text[start:end], code)
        elif code != "drop":
            found.append((start, end, code, form))
    if other_sense:
        found = [m for m in found if not _same_other_sense(text, m, other_sense)]
    if doc is None:
        return [CountryMention(s, e, text[s:e], code, form) for s, e, code, form in found]
    return _locate(text, doc, found)


def _same_other_sense(
    text: str, mention: tuple[int, int, str, str], other_sense: Mapping[str, str]
) -> bool:
    """One sense per article: a town or person named "Lebanon"/"French" once stays so.

    A person sense carries over only where the form stands alone as a name would
    ("French said", "... Jordan."), not where it modifies a noun.
    """
    start, end, _, form = mention
    sense = other_sense.get(text[start:end])
    if sense is None or form == "embedded":
        return False
    if sense == "us_place":
        return True
    _, after = _next_token(text, end)
    speech = _bare(after) in context_lists().speech_verbs
    if form != "adjective":
        # "Holland recalled" after "Bob Holland", but not "the board in India said"
        previous = _previous_token(text, start)
        inside_sentence = previous[:1].islower() and not previous.endswith((".", "!", "?"))
        return speech and not inside_sentence
    return speech or text[end : end + 1] in (",", ".", ";")


def _locate(
    text: str, doc: Document, found: list[tuple[int, int, str, str]]
) -> list[CountryMention]:
    """Attach the paragraph and sentence index of each mention (binary search on starts)."""
    sentence_starts = [span[0] for span in doc.sentences]
    paragraph_starts = [span[0] for span in doc.paragraphs]
    located = []
    for start, end, country, form in found:
        sentence = bisect_right(sentence_starts, start) - 1
        if sentence >= 0:
            paragraph = doc.sentence_paragraph[sentence]
        else:
            paragraph = bisect_right(paragraph_starts, start) - 1
        located.append(
            CountryMention(start, end, text[start:end], country, form, paragraph, sentence)
        )
    return located


@dataclass(frozen=True)
class ArticleCountries:
    """Per-article result of the countries extractor (picklable)."""

    article_id: str
    mentions: tuple[CountryMention, ...]
    n_sentences: int
    n_paragraphs: int

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by fields: a cache entry of one build (compiled, pure) loads in the other."""
        fields = (self.article_id, self.mentions, self.n_sentences, self.n_paragraphs)
        return (ArticleCountries, fields)


@dataclass
class CountriesAccumulator:
    """Mention rows plus bounded co-mention counts."""

    rows: RowRuns
    comentions: ComentionAccumulator


class CountriesExtractor:
    """The ``countries`` analysis: mentions table and co-mention counts."""

    name = "countries"
    version = "1"

    def extract(
        self, article: Article, doc: Document, options: Mapping[str, Any]
    ) -> ArticleCountries:
        """Find the mentions of one article."""
        mentions = find_country_mentions(
            article.text,
            doc=doc,
            metonyms=bool(options.get("metonyms", False)),
            constituent_countries=bool(options.get("constituent_countries", False)),
        )
        return ArticleCountries(
            article.article_id, tuple(mentions), len(doc.sentences), len(doc.paragraphs)
        )

    def start(self, options: Mapping[str, Any]) -> CountriesAccumulator:
        """Return an empty accumulator for the window size in ``options``."""
        include = bool(options.get("include_embedded", False))
        rows = RowRuns("country_mentions", None, options.get(SPOOL_OPTION))
        return CountriesAccumulator(rows, ComentionAccumulator.empty(_window(options), include))

    def add(
        self, acc: CountriesAccumulator, article: Article, result: ArticleCountries
    ) -> CountriesAccumulator:
        """Fold one article's mentions into the accumulator."""
        for m in result.mentions:
            acc.rows.append(
                (
                    result.article_id,
                    m.paragraph,
                    m.sentence,
                    m.start,
                    m.end,
                    m.surface,
                    m.country,
                    m.form,
                )
            )
        units = unit_country_sets(
            [(m.sentence, m.paragraph, m.country, m.form) for m in result.mentions],
            n_sentences=result.n_sentences,
            n_paragraphs=result.n_paragraphs,
            window=acc.comentions.window,
            include_embedded=acc.comentions.include_embedded,
        )
        acc.comentions.add_article(units)
        return acc

    def merge(self, acc: CountriesAccumulator, other: CountriesAccumulator) -> CountriesAccumulator:
        """Merge two accumulators (order-independent: rows are sorted in ``finish``)."""
        acc.rows.merge(other.rows)
        acc.comentions.merge(other.comentions)
        return acc

    def finish(
        self, acc: CountriesAccumulator, options: Mapping[str, Any]
    ) -> dict[str, pd.DataFrame]:
        """Return the ``country_mentions`` and ``comentions`` tables."""
        return {
            "country_mentions": mention_frame(list(acc.rows.sorted_rows())),
            "comentions": comention_table(acc.comentions),
        }

    def finish_to(
        self, acc: CountriesAccumulator, options: Mapping[str, Any], folder: Path
    ) -> dict[str, Any]:
        """Write ``country_mentions`` as a row file in ``folder``; ``comentions`` stays a frame."""
        return {
            "country_mentions": finish_rows(
                acc.rows,
                folder,
                mention_frame,
                plain=PlainColumns(tuple(MENTION_COLUMNS), none_is_empty=False),
                render=bool(options.get(RENDER_OPTION)),
            ),
            "comentions": comention_table(acc.comentions),
        }


def mention_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Return mention rows (already sorted) as the ``country_mentions`` frame."""
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype(
        {
            "article_id": str,
            "paragraph": "int64",
            "sentence": "int64",
            "start": "int64",
            "end": "int64",
            "surface": str,
            "country": str,
            "form": str,
        }
    )


def _window(options: Mapping[str, Any]) -> int:
    window = int(options.get("window", 3))
    return max(1, window)


COUNTRIES: Final = CountriesExtractor()
