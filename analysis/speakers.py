"""Speaker mentions and their resolution to canonical speakers, and the speaker-share table.

A quote's cue has a subject: a name with titles ("Belarussian President Alexander
Lukashenko"), a surname ("Prikhodko"), a pronoun ("he"), a role ("the president"), an
organisation ("the ministry", "Izvestia") or an unnamed source ("officials"). This module
parses that subject from the text next to the cue (:func:`mention_before`,
:func:`mention_after`) and resolves it within one article (:class:`SpeakerResolver`) to a
canonical speaker and a kind (``person``, ``organisation``, ``unnamed``, ``unknown``).

Resolution is rule based and linear: the resolver keeps, in text order, the people and
organisations the article has named (every capitalised name run is an entity mention, not only
speakers) and picks, for a surname, the person with that surname; for ``he``/``she`` the most
recent person of a compatible gender (from honorifics, role words and a first-name list); for a
role the person last given that role; for ``the ministry`` or ``the statement`` the organisation
named last. The word lists live in ``analysis/resources/`` (``speaker_titles.txt``,
``pronouns.txt``, ``unnamed_sources.txt``, ``organisation_cues.txt``, ``first_names.txt``).

:func:`speaker_share` builds the corpus table: one row per canonical speaker, where people are
merged across articles only when their full names agree (a surname alone is never merged).
"""

from __future__ import annotations

import bisect
import heapq
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import pandas as pd

from analysis import native_function
from analysis.errors import ParameterError
from analysis.model import UNKNOWN_GROUP
from analysis.resources import sectioned_list, word_list
from analysis.spool import RowRuns

PERSON: Final = "person"
ORGANISATION: Final = "organisation"
UNNAMED: Final = "unnamed"
UNKNOWN: Final = "unknown"
SPEAKER_KINDS: Final = (PERSON, ORGANISATION, UNNAMED, UNKNOWN)

SHARE_COLUMNS: Final = [
    "speaker",
    "speaker_kind",
    "quotes",
    "quoted_words",
    "articles",
    "share_quotes",
    "share_words",
]

_TOKEN: Final = re.compile(r"[^\W_][\w'\u2019.\-&]*|[,;:()\"\u201c\u201d\u2014\u2013&]")
_CONNECTORS: Final = frozenset(
    "of for and the de del della di da du des la le van von der den al el bin ibn st".split()
)
_DETERMINERS: Final = frozenset(
    "the a an some many several most both all other two three four five six seven eight nine "
    "ten twelve dozens hundreds thousands few its his her their "
    "our your this that these those one another each any numerous various".split()
)
_SKIPPABLE: Final = frozenset(
    "also has had have later previously repeatedly recently then would will may might could "
    "did does do once often still just publicly privately earlier further again already only "
    "simply firmly always never subsequently initially ultimately officially reportedly "
    "separately frequently clearly quickly has since long both now itself himself herself "
    "themselves".split()
)
_PHRASE_BREAKERS: Final = frozenset(
    "is are was were be been why how what although though while because whereas unless".split()
)
"""Words that end a noun phrase read backwards from its head ("That is why critics")."""
_LY_NOT_ADVERBS: Final = frozenset(
    "family ally assembly rally supply reply daily weekly monthly quarterly yearly hourly "
    "nightly elderly anomaly monopoly bully belly fly jelly lily folly homily melancholy "
    "panoply gully tally".split()
)
"""Lower-case words ending in "-ly" that are no adverb: "the family said", "an ally says"."""


def _is_adverb_before_cue(word: str, before: str) -> bool:
    """Whether ``word`` is an adverb between a subject and its cue ("Trump jokingly said").

    The listed ones (:data:`_SKIPPABLE`), and any lower-case "-ly" word that is not a noun
    (:data:`_LY_NOT_ADVERBS`) and follows no determiner ("the elderly say").
    """
    if word in _SKIPPABLE:
        return True
    return (
        len(word) > 4
        and word.endswith("ly")
        and word.islower()
        and word.isalpha()
        and word not in _LY_NOT_ADVERBS
        and before.lower() not in _DETERMINERS
    )
_STOP_BEFORE_NAME: Final = frozenset(
    "The A An In On At As But And Or If When While After Before Since Although Though Because "
    "During From For With Without By To Of Under Over Last Next This That These Those It Its "
    "He She They We I His Her Their Our Then So Yet Now Still Also Meanwhile However Besides "
    "Despite Unlike Like Among Amid Even Including Inside Outside Following According Asked "
    "Given Once Unless Until Upon Via Whether Both Either Neither Each Every Some Many Most "
    "Several Such Only Just Later Earlier Today Tonight Yesterday Tomorrow Instead Indeed "
    "Perhaps Maybe Not No Nor Where Why How What Who Whom Whose Which Dear Hey Oh Yes First "
    "Second Third Finally Lastly Next Eventually Overall Ultimately Initially".split()
)
_WEEKDAYS: Final = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split()
)
_DAY_NAMES: Final = frozenset(
    day.capitalize() for day in _WEEKDAYS - {"today", "yesterday", "tonight"}
)  # as written in a name
_NAME_PARTICLE: Final = re.compile(r"^(?:al|el|de|van|von|da|di|du|la|le|bin|ibn|st)$")
# The first word is written "[A-Zae](?:(?<![ae])|l-[A-Z])" rather than "(?:al-|el-)?[A-Z]" (the
# same matches): a pattern that opens with a character class lets the regex engine skip every
# other character quickly, which makes this scan over each article about twice as fast.
_CAPITAL_STRETCH: Final = re.compile(
    r"[A-Zae](?:(?<![ae])|l-[A-Z])[\w'\u2019.&-]*(?:(?:[ \t]+(?:(?:of|for|on|and|the|a|de|del|"
    r"della|di|da|du|des|la|le|van|von|der|den|al|el|bin|ibn|st|&)[ \t]+)*"
    # a comma inside a company's name: "Sears, Roebuck and Co"
    r"|,[ \t]+(?=[A-Z][\w.&-]*[ \t]+and[ \t]+(?:Co|Company|Cos)\b))"
    r"(?:al-|el-)?[A-Z][\w'\u2019.&-]*)*"
)
_ADJECTIVAL: Final = (
    re.compile(r"-(?:linked|based|born|owned|backed|led|run|funded|affiliated|allied)$")
)
_ADJECTIVAL_ENDINGS: Final = tuple(
    f"-{word}" for word in "linked based born owned backed led run funded affiliated allied".split()
)


def _is_adjectival(word: str) -> bool:
    """``_ADJECTIVAL.search(word)``, without the pattern: "Oslo-based", "Kremlin-backed".

    As the pattern's ``$``, the ending may come before a last line feed.
    """
    if word.endswith("\n"):
        word = word[:-1]
    return word.endswith(_ADJECTIVAL_ENDINGS)
_WORD_BEFORE: Final = re.compile(r"([\w'\u2019-]+|[,;:.!?\"\u201c\u201d])\s*$")


def _word_before(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(text, start, end)``: a match is the last chunk at most."""
    return _WORD_BEFORE.search(text, last_words_start(text, start, end, 1), end)
_SUBJECT_INTRODUCERS: Final = frozenset(
    "but while when as after because since although though then so yet once if".split()
)
_BUSINESS_NOUNS: Final = frozenset(
    "company firm carmaker automaker retailer manufacturer insurer lender operator producer "
    "airline bank miner developer".split()
)
# Organisation nouns that say what kind of organisation speaks: "the union" is no company
# named before it, unless that one's name holds the word ("the United Auto Workers union").
_KIND_NOUNS: Final = frozenset(
    "union ministry party university hospital court police military army church embassy "
    "council committee commission league club team charity school federation coalition "
    "campaign".split()
)
# Labels that open a paragraph with a colon without naming a speaker.
_NOT_SPEAKER_LABELS: Final = frozenset(
    "update note editor editor's breaking correction clarification watch read more related "
    "q a question answer warning disclaimer photo video source sources".split()
)
_RECENT_WINDOW: Final = 30_000  # characters looked back for an antecedent
_RECENT_EVENTS: Final = 400  # mentions and quotes looked back for an antecedent
_OUTLET_WORDS: Final = frozenset(
    "news press globe times post herald tribune gazette star telegraph journal magazine radio "
    "television tv broadcasting channel".split()
)
_SURNAME_ORG_WORDS: Final = (
    frozenset("house hall church bank banks post star king mission court".split())
)
_NAME_SEQUENCE: Final = re.compile(
    r"[A-Z][\w'\u2019.-]*(?:,?[ \t]+(?:(?:of|and|for|the|on|in|&)[ \t]+)*[A-Z][\w'\u2019.-]*)+"
)
_NAME_WORD: Final = re.compile(r"[A-Za-z][\w'\u2019.-]*|&")
_AGE: Final = re.compile(r"\b\d+-year-old\b")
_LOWER_WORD: Final = re.compile(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]*")
_MALE_PRONOUN: Final = re.compile(r"\b(?:he|his|him|He|His)\b")
_FEMALE_PRONOUN: Final = re.compile(r"\b(?:she|her|hers|She|Her)\b")
# he/his/him and she/her/hers in one scan (a match is a whole word: group 1 holds it when it
# is male, "" when female), but not a speech cue's subject ("..., he said" is someone quoted,
# maybe not the person named in that sentence)
_PRONOUN_ACTING: Final = re.compile(
    r"\b(?:(he|his|him|He|His)|she|her|hers|She|Her)\b(?!\s+(?:said|says|told|tells|added|adds)\b)"
)
# a full name opening a paragraph as its subject: "Mamadou Dia was on a business trip ..."
_LEADING_NAME: Final = re.compile(
    r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,2}\s+"
    r"(?:is|was|has|had|will|would|can|could|did|does|[a-z]{3,}ed|[a-z]{3,}[^s]s)\b"
)
_POSSESSIVE: Final = re.compile(r"['\u2019]s?$")
_PARTY_LABEL: Final = re.compile(r"[A-Z]-[A-Z]")  # "R-Ohio", "D-N.Y.", "I-Vt."
_CONTRACTION: Final = re.compile(r"['\u2019](?:s|t|ll|re|ve|d|m)$", re.IGNORECASE)
_ACRONYM_LOOKUPS: Final = 4  # acronyms looked up one by one before all initials are indexed
# words looked up one by one before an article's lower-case words are listed
_LOWER_LOOKUPS: Final = 8


class Mention:
    """A speaker as written next to a cue (a value: compared and hashed by its fields).

    Attributes:
        text: The mention as written, titles included ("presidential advisor Sergei Prikhodko").
        start: Offset of the mention in the article text.
        end: End offset (exclusive).
        form: ``name``, ``pronoun``, ``role``, ``organisation``, ``document`` or ``unnamed``.
        name: The name with honorifics and roles stripped ("Sergei Prikhodko"), the pronoun, or
            the head noun phrase, depending on ``form``.
        role: Role words given with the name ("advisor", "principal researcher at ..."), if any.

    A plain class rather than a dataclass: compiled by mypyc, its ``__init__`` is native code,
    while a dataclass' generated ``__init__`` stays interpreted (3-4% of quote extraction, for
    the mentions parsed at every cue). Nothing changes a mention once made.
    """

    __slots__ = ("text", "start", "end", "form", "name", "role")

    def __init__(
        self, text: str, start: int, end: int, form: str, name: str, role: str = ""
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.form = form
        self.name = name
        self.role = role

    def _fields(self) -> tuple[str, int, int, str, str, str]:
        return (self.text, self.start, self.end, self.form, self.name, self.role)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mention):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Mention(text={self.text!r}, start={self.start!r}, end={self.end!r}, "
            f"form={self.form!r}, name={self.name!r}, role={self.role!r})"
        )


@dataclass(frozen=True)
class Lexicon:
    """The word lists used to parse and resolve speakers (loaded once from resources)."""

    honorifics: frozenset[str]
    roles: frozenset[str]
    male_words: frozenset[str]
    female_words: frozenset[str]
    pronouns: dict[str, str]
    unnamed: frozenset[str]
    org_name_words: frozenset[str]
    outlets: frozenset[str]
    org_nouns: frozenset[str]
    documents: frozenset[str]
    male_names: frozenset[str]
    female_names: frozenset[str]
    place_words: frozenset[str]
    company_words: frozenset[str]
    place_names: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Return the speaker word lists from ``analysis/resources/`` (cached)."""
    titles = sectioned_list("speaker_titles.txt")
    orgs = sectioned_list("organisation_cues.txt")
    names = sectioned_list("first_names.txt")
    pronouns = {}
    for line in word_list("pronouns.txt"):
        word, antecedent = line.split("\t")
        pronouns[word] = antecedent
    roles = frozenset(word for entry in titles["role"] for word in entry.split())
    return Lexicon(
        honorifics=frozenset(titles["honorific"]),
        roles=roles,
        male_words=frozenset(titles["gender_male"]),
        female_words=frozenset(titles["gender_female"]),
        pronouns=pronouns,
        unnamed=frozenset(word_list("unnamed_sources.txt")),
        org_name_words=frozenset(orgs["name_word"]),
        outlets=frozenset(orgs["outlet"]),
        org_nouns=frozenset(orgs["noun"]),
        documents=frozenset(orgs["document"]),
        male_names=frozenset(names["male"]) - frozenset(names["female"]),
        female_names=frozenset(names["female"]) - frozenset(names["male"]),
        place_words=frozenset(orgs["place_word"]),
        company_words=frozenset(orgs["company_word"]),
        place_names=frozenset(orgs.get("place_name", ())),
    )


_KEPT_ABBREVIATIONS: Final = frozenset("co inc corp ltd bros jr sr mt del".split())
# Titles recognised only with their period: "Del. Stacey Plaskett" (a delegate to the US
# House), but "Del Monte" and "Del Potro" are names.
_DOTTED_TITLES: Final = frozenset(["Del."])
_PERSON_PARTICLES: Final = frozenset(
    "de del della di da du des la le van von der den al el bin ibn st".split()
)
_RUN_JOINERS: Final = frozenset("of for on and the".split())
_MONTHS: Final = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_PLACE_ADJECTIVE: Final = re.compile(r"-(?:based|born|area|headquartered|listed|owned|made|run)$")
_OPENING_PREPOSITIONS: Final = frozenset("on in at during".split())
_OPENING_ADVERBIALS: Final = _OPENING_PREPOSITIONS | frozenset(
    "earlier later meanwhile yesterday today separately also still".split()
)
AUXILIARIES: Final = (
    frozenset("is are was were be been has have had will would do does did".split())
)
"""Auxiliary verbs: a subject's phrase stops before them."""
_TITLE_SURNAMES: Final = frozenset(("major", "pope", "lord"))
"""Honorifics that are also surnames: alone before a cue, "Major said" is Robert Major."""
_OFFICES: Final = frozenset(
    "minister leader chancellor president premier governor secretary chairman chairwoman "
    "chair mayor senator ambassador commissioner director chief head king queen".split()
)
"""Role words of an office: "the minister" is the holder named before, not a source."""
_NOT_SUBJECT_WORDS: Final = frozenset(
    "after as at before but by during for from if in into on since so than then though through "
    "to under until when where whether which while who whom whose with without yet".split()
)


def _is_capitalised(token: str) -> bool:
    if not token:
        return False
    code = ord(token[0])
    if 65 <= code <= 90 or (code >= 128 and token[0].isupper()):  # "A" to "Z", or "É"
        return True
    if "-" not in token:
        return False
    head = token.split("-")[0]
    return head in ("al", "el") and token.split("-")[1][:1].isupper()


def _bare(token: str) -> str:
    return token.rstrip(".").lower()


_NATIVE_TOKENS: Final = native_function("name_tokens")  # the C module of a regular install
_NATIVE_LOWER: Final = native_function("lower_words")  # `_LOWER_WORD.findall` in C
_NATIVE_PRONOUNS: Final = native_function("pronoun_counts")  # `_PRONOUN_ACTING`, counted


def last_words_start(text: str, start: int, end: int, words: int) -> int:
    """Where the last ``words`` chunks (between white space) of ``text[start:end]`` begin.

    ``start`` when it has fewer. A pattern that matches at most ``words`` chunks up to
    ``end`` (it ends with white space and ``$``) finds the same match searched from here as
    from ``start``, without trying every position of a long window.
    """
    window = text[start:end]
    parts = window.rsplit(None, words)
    if len(parts) <= words:
        return start
    return start + window.find(parts[1], len(parts[0]))


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Tokens with offsets; a final period is dropped unless the token is an abbreviation.

    In C where the C module is built (3-4x faster; the same tokens, see
    ``tests/test_speakers.py``), else :func:`_tokens_python`.
    """
    if _NATIVE_TOKENS is not None:
        tokens: list[tuple[str, int, int]] = _NATIVE_TOKENS(
            text, start, end, lexicon().honorifics, _KEPT_ABBREVIATIONS
        )
        return tokens
    return _tokens_python(text, start, end)


def _tokens_python(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """:func:`_tokens` in Python: the matches of ``_TOKEN``, split as the docstring says."""
    honorifics = lexicon().honorifics
    tokens: list[tuple[str, int, int]] = []
    append = tokens.append
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        last = word[-1]
        if last == "." or last == "s":
            begin, finish = match.span()
            if (
                last == "."
                and len(word) > 2
                and "." not in word[:-1]
                and word[:-1].lower() not in honorifics
                and word[:-1].lower() not in _KEPT_ABBREVIATIONS
            ):
                append((word[:-1], begin, finish - 1))
                append((".", finish - 1, finish))
                continue
            if len(word) > 3 and word[-2] in "'\u2019":
                append((word[:-2], begin, finish - 2))
                append((word[-2:], finish - 2, finish))
                continue
            append((word, begin, finish))
        else:
            append((word, match.start(), match.end()))
    return tokens


def _is_org_word(word: str) -> bool:
    return _bare(word) in lexicon().org_name_words


def _is_name_token(word: str) -> bool:
    return (
        _is_capitalised(word)
        and word[:1] not in "\"\u201c\u201d"
        and not _ends_possessive(word)
    )


def _ends_possessive(word: str) -> bool:
    """``_POSSESSIVE.search(word)`` without the regex: whether ``word`` ends with ' or 's.

    Or ends so before a final newline, where "$" matches too. Characters are compared one
    by one: compiled, that is several times faster than ``str.endswith`` with a tuple.
    """
    end = len(word)
    if end and word[end - 1] == "\n":
        end -= 1
    if end == 0:
        return False
    last = word[end - 1]
    if last == "'" or last == "\u2019":
        return True
    if last != "s" or end < 2:
        return False
    mark = word[end - 2]
    return mark == "'" or mark == "\u2019"


# as written (case-sensitive): "Maria Sa" is no company, "Vale SA" is
_LEGAL_SUFFIXES: Final = frozenset(
    "Inc INC Corp CORP Co CO Cos Ltd LTD LLC Llc Plc PLC AG SA NV GmbH Company AB SpA SPA BV Oy "
    "ASA LP L.P LLP Bros".split()
)
# What follows a dateline's place: "WASHINGTON -- ", "FARGO, N.D. -- ", "OTTAWA (Reuters) - "
_DATELINE_TAIL: Final = re.compile(
    r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?(?:\s+\([^()\n]{1,40}\))?\s+[\u2014\u2013-]"
)
DATELINE: Final = re.compile(
    r"\s*[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+)*" + _DATELINE_TAIL.pattern + r"[\u2014\u2013-]?\s+"
)
"""A dateline before a story's first sentence: "WASHINGTON -- ", "LAKE BUENA VISTA, Fla. -- "."""
# A share of those polled before a cue: "32 percent said", "Just over a quarter, 26 percent,
# say", "A third of independents, 33%, say", "Six in 10 say"
_SHARE_HINT: Final = re.compile(
    r"percent|per cent|%|\bpct\b| in (?:10|ten|five|four)\b|third|half|quarter|"
    r"majority|plurality|fifths?\b"
)
_SHARE: Final = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:and|but|while|though|although|whereas|with|which|whom)\s+)"
    r"((?:(?:[Nn]early|[Aa]lmost|[Jj]ust over|[Jj]ust under|[Aa]bout|[Oo]nly|[Mm]ore than|"
    r"[Ll]ess than|[Ff]ewer than|[Oo]ver|[Uu]nder|[Aa]round|[Rr]oughly)\s+)?"
    r"(?:(?:\d+(?:\.\d+)?|(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|five|six|seven|eight|nine))"
    r"\s*(?:percent|per cent|%|pct)"
    r"|[Hh]alf|[Aa]\s+(?:third|quarter|fifth|majority|plurality|minority)"
    r"|(?:[Tt]wo|[Tt]hree|[Ff]our)-(?:thirds|quarters|fifths)"
    r"|(?:[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|\d)\s+in\s+"
    r"(?:10|ten|five|four|three))"
    r"(?:\s+of\s+(?:the\s+|those\s+)?(?!(?:and|but|or)\b)[\w-]+"
    r"(?:\s+(?!(?:and|but|or)\b)[a-z][\w-]*){0,2}?)?)"
    r"(?:,\s*\d+(?:\.\d+)?\s*(?:percent|per cent|%),?)?\s*$"
)
_SHARE_WORDS: Final = 14
"""Chunks (between white space) of a _SHARE match at most: its 13 white-space runs, as in
", just over 32 per cent of the voters polled here, 40 per cent" (one more chunk)."""
_OBJECT_PRONOUNS: Final = {"him": "he", "her": "she", "them": "they"}
# verbs whose object is the subject of a bare infinitive: "Witnesses heard him tell Kody ..."
_PERCEPTION_VERBS: Final = frozenset(
    "heard hear hears hearing saw see sees seeing watched watch watches watching let lets "
    "letting made make makes making had have has having helped help helps helping".split()
)
_LEGAL_SUFFIXES_LOWER: Final = frozenset(suffix.lower() for suffix in _LEGAL_SUFFIXES)


_COMPANY_AND: Final = frozenset(("Co", "Company", "Cos"))  # "Sears, Roebuck and Co"


def _company_end(tokens: list[tuple[str, int, int]], start: int, hi: int) -> int | None:
    """The last index of a company's name from ``start`` on, ended by a legal suffix.

    "Co", "Gamble Co", "Poor 's Corp" (the possessive split off by :func:`_tokens`, after the
    first word only), "Investors Service Inc".
    """
    end = start
    while end < hi and end - start < 6:
        word = tokens[end][0]
        if word in ("'s", "\u2019s") and end == start + 1:
            end += 1
            continue
        if not _is_name_token(word):
            return None
        if word.rstrip(".") in _LEGAL_SUFFIXES:
            return end
        end += 1
    return None


_STATE_NOUNS: Final = frozenset(
    "government administration authorities regime country nation state cabinet".split()
)


def _is_country(name: str) -> bool:
    """Whether a name is a country's ("the UK", "US", "France")."""
    return name.removeprefix("the ").removeprefix("The ") in _country_modifiers()


def _is_country_or_capital(name: str) -> bool:
    """A country's name or adjective, or a place ("Belgrade" is no author of a report)."""
    return _is_country(name) or _is_place_name(name.removeprefix("the ").removeprefix("The "))


def _is_place_name(name: str) -> bool:
    """A country, a capital, or a state, province or city of several words ("Nova Scotia")."""
    return name in _place_names() or name.lower() in lexicon().place_names


def _is_initials(word: str) -> bool:
    """One to three capital letters ("S", "AT"): joined by "and" they name one company."""
    return len(word) <= 3 and word.isalpha() and word.isupper()


@lru_cache(maxsize=1)
def _country_forms() -> dict[str, frozenset[str]]:
    """The country gazetteer's forms by type ("name", "adjective", ...)."""
    from analysis.countries import gazetteer  # the one reader of country_forms.tsv

    table = gazetteer()
    return {str(kind): frozenset(rows["form"]) for kind, rows in table.groupby("type")}


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Country names and capitals.

    "Britain's Cadbury Schweppes Plc" is Cadbury Schweppes Plc, not a company of that name.
    """
    forms = _country_forms()
    return frozenset().union(*(forms.get(kind, ()) for kind in ("name", "alias", "capital")))


@lru_cache(maxsize=1)
def _country_modifiers() -> frozenset[str]:
    """Country names, abbreviations and adjectives ("U.S.", "Western" is no country)."""
    forms = _country_forms()
    kinds = ("name", "alias", "abbreviation", "adjective", "constituent_adjective")
    return frozenset().union(*(forms.get(kind, ()) for kind in kinds))


_ABBREVIATION_VERBS: Final = frozenset(
    "has have had is are was were would could should does did".split()
)
"""Verbs Reuters capitalises after an abbreviation ("The U.S. Has said"): no part of a name.
("May" and "Will" are left out: "Ms. May said" is Theresa May.)"""


def _runs(tokens: list[tuple[str, int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """Maximal capitalised runs in ``tokens[lo:hi]``, as inclusive (first, last) indices.

    A lower-case particle ("de", "van", "al") joins a person's name; "of", "for", "on", "and",
    "the" join only after an organisation word ("Ministry of Health", "Institute on ..."); a
    company's name ended by a legal suffix joins across "and" and a possessive ("Sears,
    Roebuck and Co", "Standard and Poor's Corp", "Moody's Investors Service Inc").
    """
    runs: list[tuple[int, int]] = []
    index = lo
    while index < hi:
        if not _is_name_token(tokens[index][0]):
            index += 1
            continue
        first = last = index
        index += 1
        while index < hi:
            word = tokens[index][0]
            low = word.lower()
            if _is_name_token(word) and not (
                low in _ABBREVIATION_VERBS and tokens[index - 1][0].endswith(".")
            ):  # Reuters' capitalised verb after an abbreviation: "The U.S. Has said"
                last = index
                index += 1
                continue
            if (
                word in ("'s", "\u2019s")
                and last == index - 1
                and tokens[last][0].rstrip(".") not in _LEGAL_SUFFIXES  # "Boeing Co's unit"
                and not (len(tokens[last][0]) > 1 and tokens[last][0].isupper())  # "CSX's"
                and " ".join(t[0] for t in tokens[first:index]) not in _place_names()
            ):
                company = _company_end(tokens, index + 1, hi)  # "Moody's Investors Service Inc"
                if company is not None:
                    last = index = company
                    index += 1
                    continue
            joiner = word == "&" or low in _PERSON_PARTICLES or (  # "Procter & Gamble"
                low in _RUN_JOINERS and any(_is_org_word(t[0]) for t in tokens[first : last + 1])
            )
            if (
                low == "and"
                and index + 1 < hi
                and _is_initials(tokens[last][0])
                and _is_initials(tokens[index + 1][0])
            ):
                last = index = index + 1  # "S and P", "AT and T"
                index += 1
                continue
            if (
                not joiner
                and low == "and"
                and index + 1 < hi
                and tokens[last][0].rstrip(".") not in _LEGAL_SUFFIXES  # two companies
            ):
                company = _company_end(tokens, index + 1, hi)
                if company is not None:
                    last = index = company
                    index += 1
                    continue
            if (
                word == ","
                and index + 3 < hi
                and last - first <= 1
                and _is_name_token(tokens[index + 1][0])
                and tokens[index + 1][0].rstrip(".") not in _LEGAL_SUFFIXES
                and tokens[index + 2][0] == "and"
                and tokens[index + 3][0].rstrip(".") in _COMPANY_AND
            ):
                # "Sears, Roebuck and Co", "Kidder, Peabody and Co": one company
                last = index = index + 3
                if index + 1 < hi and tokens[index + 1][0].rstrip(".") in _LEGAL_SUFFIXES:
                    last = index = index + 1  # "Goldman, Sachs and Co Inc"
                index += 1
                continue
            following = index + 1
            while joiner and following < hi and (
                tokens[following][0].lower() in _RUN_JOINERS or tokens[following][0] in ("a", "an")
            ):
                following += 1  # "Committee for a Responsible Federal Budget"
            if joiner and following < hi and _is_name_token(tokens[following][0]):
                last = following
                index = following + 1
                continue
            break
        runs.append((first, last))
    return runs


def _strip_titles(words: list[str], lex: Lexicon) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (title words, name words) at the last title or role word.

    Leading adjectival compounds ("Oslo-based", "army-backed") are dropped too.
    """
    cut = 0
    for index, word in enumerate(words[:-1]):
        bare = _bare(word)
        if bare in lex.roles and bare in lex.org_name_words and words[index + 1] in _RUN_JOINERS:
            continue  # an organisation's name, not a role: "Center for Public Integrity"
        if (
            bare in lex.honorifics
            or bare in lex.roles
            or word in _DOTTED_TITLES
            or _is_adjectival(word)
        ):
            cut = index + 1
    if cut and all(_bare(word) in lex.org_name_words for word in words[cut:]):
        return [], words  # "Justice Department": the role word names the organisation
    if cut and words[-1].rstrip(".") in _LEGAL_SUFFIXES:
        # "General Binding Corp": a company, not General Binding ("London-based" dropped)
        lead = 0
        while lead < len(words) - 1 and _is_adjectival(words[lead]):
            lead += 1
        return words[:lead], words[lead:]
    return words[:cut], words[cut:]


_FIRM_ENDINGS: Final = ("corp", "bank", "soft")
"""Endings of one-word firm names ("Citicorp", "Citibank", "Microsoft"); no surname has them."""


def _is_organisation(words: list[str], lex: Lexicon, after_the: bool) -> bool:
    lowered = [_bare(w) for w in words]
    if (
        len(words) == 2
        and (lowered[0] in lex.male_names or lowered[0] in lex.female_names)
        and lowered[1] in _SURNAME_ORG_WORDS
    ):
        return False  # "Anna House" is a person
    if any(w in lex.org_name_words for w in lowered) or words[-1].rstrip(".") in _LEGAL_SUFFIXES:
        return True
    if "&" in words:
        return True  # "Procter & Gamble", "Marks & Spencer": a firm, never a person
    if len(words) == 3 and words[1] == "and" and _is_initials(words[0]) and _is_initials(words[2]):
        return True  # "S and P", "AT and T"
    if len(words) == 1:
        word = words[0]
        if lowered[0] in lex.outlets:
            return True
        if len(lowered[0]) >= 6 and lowered[0].endswith(_FIRM_ENDINGS):
            return True  # "Citicorp", "Keycorp", "Citibank": a firm's one-word name
        letters = word.replace(".", "").replace("-", "")
        if len(letters) >= 2 and letters.isupper() and not ("." in word and len(letters) <= 2):
            return True  # an acronym ("RCMP"), but not a dotted place ("B.C.", "U.S.")
    return after_the


def _is_common_word(word: str, lex: Lexicon) -> bool:
    """A capitalised word that is not a name on its own ("Some", "Former", "Tuesday")."""
    low = _bare(word)
    return (
        low in _DETERMINERS
        or low in lex.unnamed
        or low in lex.honorifics
        or low in lex.pronouns
        or low in _WEEKDAYS
        or low in _MONTHS
        or low in _NOT_SUBJECT_WORDS
        or low in _SKIPPABLE
        or word in _STOP_BEFORE_NAME
        or _CONTRACTION.search(word) is not None  # "Don't", "It's", "We'll"; not "O'Brien"
    )


def _has_proper_name(phrase: str) -> bool:
    """Whether a phrase has a capitalised word beyond a leading determiner ("The team": no).

    A place in a compound adjective names nothing: "The Calgary-based railway" is a railway
    named before, not a railway of that name.
    """
    words = phrase.split()
    definite = bool(words) and words[0].lower() in ("the", "this")
    if words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return any(
        _is_capitalised(w) and not (definite and _PLACE_ADJECTIVE.search(w)) for w in words
    )


_PARTY_LABELS: Final = frozenset(
    "republican republicans democrat democrats democratic gop labour tory conservative liberal "
    "socialist communist green independent".split()
)


def _trim_person_run(words: list[str], lex: Lexicon) -> list[str]:
    """Drop leading words that are not part of a person's name ("Harbour Times Anna Berg").

    A run of three or more words that contains a known given name after its start begins at
    that given name; a leading capitalised gerund ("Knowing Lund") is dropped.
    """
    if (
        len(words) >= 2
        and words[0].lower().endswith("ing")
        # "Downing Street", "Reading Road": a place's name, not "Knowing Lund"
        and _bare(words[-1]) not in lex.place_words
    ):
        words = words[1:]
    if len(words) >= 3:
        lead = _bare(words[0])
        for index in range(1, len(words) - 1):
            low = words[index].lower()
            if low in lex.male_names or low in lex.female_names:
                if (
                    index >= 2
                    or lead in lex.org_name_words
                    or lead in lex.outlets
                    or lead in _PARTY_LABELS  # "Republican Donald Trump"
                ):
                    return words[index:]
                break
    return words


def _classify_common(head: str, lex: Lexicon) -> str | None:
    if head in lex.unnamed:
        return UNNAMED
    if head in lex.roles:
        return "role"
    if head in lex.org_nouns:
        return ORGANISATION
    if head in lex.documents:
        return "document"
    return None


@lru_cache(maxsize=4096)
def _heads_name(noun: str, name: str) -> bool:
    """Whether ``noun`` is the head of an organisation's name.

    Its last word ("the exchange": "The New York Mercantile Exchange"), before a legal suffix
    ("Deutsche Bank AG") or before "of"/"for" ("the bank": "Bank of Japan"); not a word inside
    it ("Securities and Exchange Commission").
    """
    words = [word.rstrip(".,") for word in name.lower().split()]
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES_LOWER:
        words.pop()
    if words and words[-1] == noun:
        return True
    return any(
        word == noun and following in ("of", "for")
        for word, following in zip(words, words[1:], strict=False)
    )


_QUALIFIERS: Final = frozenset("familiar close briefed knowledgeable".split())


def _qualified_group(
    text: str, tokens: list[tuple[str, int, int]], last: int, lex: Lexicon
) -> Mention | None:
    """A group qualified by what it knows or where it is from, before a cue.

    "sources familiar with the talks", "senior officials from both parties".
    """
    for head in range(last - 1, max(-1, last - 7), -1):
        low = tokens[head][0].lower()
        if not tokens[head][0].isalpha() or low in AUXILIARIES:
            return None
        if low in lex.unnamed and (
            tokens[head + 1][0].lower() in _QUALIFIERS
            # "senior officials from both parties", "residents of nearby villages"
            or (
                tokens[head + 1][0].lower() in _GROUP_LINKS
                and low.endswith("s")
                and head + 1 < last  # a word after the link
                and tokens[last][0].isalpha()  # not "voters in 5"
                # nor a link, "and", "or" or "five" last: "voters in five states said"
                and tokens[last][0].lower() not in _UNFINISHED_GROUP
            )
        ):
            first = _noun_phrase_start(tokens, head, lex, 0)
            start, end = tokens[first][1], tokens[last][2]
            return Mention(text[start:end], start, end, UNNAMED, text[start:end])
    return None


def _common_noun_phrase(
    tokens: list[tuple[str, int, int]], last: int, lex: Lexicon, lower: int = 0
) -> tuple[int, str] | None:
    """Parse "the ministry", "some residents", "a source" ending at ``last``."""
    head = tokens[last][0].lower()
    form = _classify_common(head, lex)
    if form is None:
        return None
    first = _noun_phrase_start(tokens, last, lex, lower)
    if form == UNNAMED and head in lex.roles and tokens[first][0].lower() in ("the", "this"):
        form = "role"  # "the resident said": a person named before, not an unnamed source
    return first, form


def _noun_phrase_start(
    tokens: list[tuple[str, int, int]], last: int, lex: Lexicon, lower: int
) -> int:
    """Index of the first word of the noun phrase ending at ``last`` (determiner included)."""
    first = last
    index = last - 1
    if tokens[last][0].lower() in _DETERMINERS:
        # a quantity is the whole phrase: "several said", "the two said" (not "the research
        # service issued several")
        if index >= lower and tokens[index][0].lower() in _DETERMINERS:
            return index
        return last
    while index >= lower and last - index <= 5:
        word = tokens[index][0]
        low = word.lower()
        if word in _CLAUSE_OPENERS or low in _PHRASE_BREAKERS:
            break  # "Although Bank of Japan officials", "That is why critics"
        if low == "that" and tokens[last][0].endswith("s"):
            break  # a relative clause: "a charge that Colorado Republican leaders denied"
        if low in _DETERMINERS:
            first = index
            break
        if word in ("'s", "\u2019s") and index > lower and _is_name_token(tokens[index - 1][0]):
            runs = _runs(tokens, max(lower, index - 6), index)
            if runs and runs[-1][1] == index - 1:
                first = runs[-1][0]
            break
        age = word[:1].isdigit() and _AGE.fullmatch(word) is not None  # "the 26-year-old striker"
        if (
            low in ("of", "for")
            and index > lower
            and _is_name_token(tokens[index - 1][0])
            and _is_name_token(tokens[index + 1][0])
        ):
            first = index  # inside a name: "a Superior Court of Ontario judge"
            index -= 1
            continue
        if not (word[:1].isalpha() or age) or low in _CONNECTORS:
            break
        if low in _SKIPPABLE:
            break
        if low in _NOT_SUBJECT_WORDS or low in lex.documents or low in ("said", "says"):
            break
        first = index
        index -= 1
    return first


def _appositive_subject(
    tokens: list[tuple[str, int, int]], comma: int, lex: Lexicon
) -> tuple[int, int, str] | None:
    """For "NAME, ROLE, said" return (name first, name last, role) given the final comma.

    A person's name that opens the clause and is followed by a comma wins over names inside
    the appositive ("Maria Lopez, co-founder of Blue Harbour Foods, a company based in
    Porto, Portugal, says").
    """
    opening = _opening_name(tokens, comma, lex)
    if opening is not None:
        return opening
    return _nearest_appositive(tokens, comma, lex)


_INTERRUPTER_OPENERS: Final = frozenset(
    "who whose which in at on during after before from with through via like for "
    "according however meanwhile though too also".split()
)
"""First words of a phrase set off by commas between a subject and its verb ("The minister,
speaking in Ottawa, said"; ", in a letter to staff,"; ", who took office in May,")."""
_OWNER_ENDINGS: Final = ("'s", "\u2019s", "'", "\u2019")
_DESCRIPTION_OPENERS: Final = frozenset("a an another his her their its one".split())
"""First words of a description before a name between commas: "A longtime friend, Tom Berg,"."""
_NOT_INTERRUPTERS: Final = frozenset(("including", "among"))
"""Examples, not interrupters: "Critics, including X, say" is the critics (see `_mention_in`)."""


def _interrupted_subject(
    text: str, tokens: list[tuple[str, int, int]], comma: int
) -> Mention | None:
    """For "HEAD, INTERRUPTER, said" return the head, given the final comma.

    The interrupter is a participle ("speaking in Ottawa", "citing two officials", "released
    Monday", "visibly upset"), a relative clause ("who took office in May", "many of whom
    lost their homes"), a prepositional phrase ("in a letter to staff"), an adverb
    ("however"), an indefinite appositive ("a Democrat from Ohio") or a pair of full names
    ("His lawyers, Ana Ruiz and Tom Berg,": the names speak). The head must open the window,
    after at most a conjunction, a short opening adverbial, a determiner or an owner ("The
    company's chief executive"), so that "He left the company, citing health reasons, said a
    spokesman" keeps its inverted subject.
    """
    opening = next((i for i in range(comma - 1, max(-1, comma - 16), -1) if tokens[i][0] == ","),
                   None)
    if opening is None or opening == 0 or comma - opening < 2:
        return None
    inside = tokens[opening + 1 : comma]
    if any(t[0] in ";:\"\u201c\u201d()" for t in inside):
        return None
    first = inside[0][0]
    low = first.lower()
    names = _runs(tokens, opening + 1, comma)
    if (
        len(names) == 2
        and names[0][0] == opening + 1
        and names[1][1] == comma - 1
        and tokens[names[0][1] + 1][0] == "and"
        and names[1][0] == names[0][1] + 2
        and names[1][1] > names[1][0]  # "Simon and Schuster" is a firm
    ):
        # "His lawyers, Ana Ruiz and Tom Berg, said": the names speak
        found = _mention_in(text[: tokens[comma][1]].rstrip(", "))
        return found if found is not None and found.start >= tokens[opening + 1][1] else None
    if (
        len(names) == 2
        and names[0][0] == opening + 1
        and names[0][1] > names[0][0]
        and names[1][1] == comma - 1
        and tokens[names[0][1] + 1][0] in ("of", "at", "from")
        and names[1][0] in (names[0][1] + 2, names[0][1] + 3)
        and 2 <= opening <= 5
        and tokens[0][0].lower() in _DESCRIPTION_OPENERS
        and all(t[0][:1].islower() for t in tokens[1:opening])
    ):
        # "Another pollster, David Woodard of Clemson University, said": the person
        found = _mention_in(text[: tokens[names[0][1]][2]])
        return found if found is not None and found.form == "name" else None
    if (
        len(names) == 1
        and names[0] == (opening + 1, comma - 1)
        and 2 <= opening <= 5
        and tokens[0][0].lower() in _DESCRIPTION_OPENERS
        and all(t[0][:1].islower() or _is_name_token(t[0]) for t in tokens[1:opening])
    ):
        # "Another Clinton ally, Agriculture Secretary Tom Vilsack, told": the name speaks
        found = _mention_in(text[: tokens[comma][1]].rstrip(", "))
        return found if found is not None and found.form in ("name", ORGANISATION) else None
    participle = first == low and (
        (len(low) > 4 and low.endswith(("ing", "ed", "ly")))
        # a short or irregular participle before "by": "led by ...", "struck by ...", "hit by"
        or (len(inside) > 2 and inside[1][0] == "by" and low.isalpha())
    )
    relative = (
        len(inside) > 3
        and inside[1][0] == "of"
        and inside[2][0] in ("whom", "which")
        and low in _DETERMINERS
    )  # "Residents, many of whom lost their homes,"
    indefinite = low in ("a", "an") and first == low  # "The senator, a Democrat from Ohio,"
    if (
        not (participle or relative or indefinite or low in _INTERRUPTER_OPENERS)
        or low in _NOT_INTERRUPTERS
    ):
        return None
    if (participle or indefinite) and len(inside) < 2:
        return None
    head = _mention_in(text[: tokens[opening][1]])
    if head is None or (head.form == "pronoun" and head.start > 0):
        return None
    before = text[: head.start].split()
    if before and before[0] in _CLAUSE_OPENERS:
        # "But the minister", "Even the field's biggest hawks", "After the vote, the mayor"
        cut = next((i for i, w in enumerate(before[:6]) if w.endswith(",")), None)
        before = before[cut + 1 :] if cut is not None else before[1:]
    if before and before[0].lower() in _DETERMINERS:
        before = before[1:]
    if len(before) == 1 and before[0].lower().endswith(_OWNER_ENDINGS):
        before = []  # "The company's chief executive", "its chairman"
    return None if before else head


def _in_short_parenthesis(tokens: list[tuple[str, int, int]], index: int) -> bool:
    """Whether a bracket encloses one word: "Transport for London (TfL)"."""
    word = tokens[index][0]
    if word == "(":
        return index + 2 < len(tokens) and tokens[index + 2][0] == ")"
    if word == ")":
        return index >= 2 and tokens[index - 2][0] == "("
    return False


def _opening_name(
    tokens: list[tuple[str, int, int]], comma: int, lex: Lexicon
) -> tuple[int, int, str] | None:
    start = 0
    opener = tokens[0][0].lower() if comma else ""
    if opener in _OPENING_ADVERBIALS:
        # "On Tuesday, Donald Tusk, the president of the council, urged ...": past the
        # opening adverbial and its comma ("Earlier," at once; "On Tuesday," within 4 words)
        reach = 5 if opener in _OPENING_PREPOSITIONS else 2
        inner = next((i for i in range(1, min(reach, comma)) if tokens[i][0] == ","), None)
        if inner is not None and not any(
            t[0].lower() in _POSSESSIVE_PRONOUNS for t in tokens[1:inner]
        ):  # "In his new book, Lawless World, Philippe Sands": the book is named next
            start = inner + 1
    while start < comma and tokens[start][0] in _STOP_BEFORE_NAME:
        start += 1
    if comma - start > 40 or any(
        t[0] in ";:\"\u201c\u201d()" and not _in_short_parenthesis(tokens, i)
        for i, t in enumerate(tokens[start:comma], start)
    ):
        return None
    runs = _runs(tokens, start, comma)
    if not runs or runs[0][0] != start or runs[0][1] == runs[0][0]:
        return None
    first, last = runs[0]
    words = [t[0] for t in tokens[first : last + 1]]
    if last + 1 >= comma or tokens[last + 1][0] != "," or _is_organisation(words, lex, False):
        return None
    return first, last, " ".join(t[0] for t in tokens[last + 2 : comma])


_ROLE_PHRASE_BREAKS: Final = frozenset(
    "and or but by under of for with from in at on to as including includes which who whom "
    "led the a an".split()
)
"""Words that end a role before a name ("under Rupert Murdoch", "and investor Erik Vik")."""


def _nearest_appositive(
    tokens: list[tuple[str, int, int]], comma: int, lex: Lexicon
) -> tuple[int, int, str] | None:
    index = comma - 1
    while index >= 0 and comma - index <= 25:
        word = tokens[index][0]
        if word in ";:\"\u201c\u201d()":
            return None
        if word == ",":
            inner = _runs(tokens, index + 1, comma)
            if (
                len(inner) == 1
                and inner[0] == (index + 1, comma - 1)
                and comma - index - 1 >= 2
                and not any(_bare(t[0]) in lex.roles for t in tokens[index + 1 : comma])
            ):
                role = " ".join(t[0] for t in tokens[max(0, index - 8) : index])
                if not any(_is_org_word(t[0]) for t in tokens[index + 1 : comma]):
                    return index + 1, comma - 1, role
            if (
                len(inner) == 1
                and inner[0][1] == comma - 1
                and inner[0][1] > inner[0][0]
                and 1 <= inner[0][0] - index - 1 <= 4
                and index > 0
                and tokens[index - 1][0].isalpha()
                and tokens[index - 1][0].islower()
                and all(
                    t[0].isalpha() and t[0].islower() and t[0] not in _ROLE_PHRASE_BREAKS
                    for t in tokens[index + 1 : inner[0][0]]
                )
                and _bare(tokens[inner[0][0] - 1][0]) in lex.roles
                and not _is_organisation(
                    [t[0] for t in tokens[inner[0][0] : comma]], lex, False
                )
            ):
                # "His wife, longtime aide Huma Abedin, announced": the name after its role
                role = " ".join(t[0] for t in tokens[index + 1 : inner[0][0]])
                return inner[0][0], inner[0][1], role
            if (
                comma - index == 2
                and index > 0
                and _bare(tokens[index - 1][0]) in lex.roles
                and tokens[index - 1][0].islower()
                and tokens[index + 1][0].lower() in _given_names()
            ):
                # "Spindler's father, Joseph, says": a given name after a relation or role
                return index + 1, index + 1, tokens[index - 1][0]
            before = index - 1
            if before < 0 or not _is_name_token(tokens[before][0]):
                return None
            runs = _runs(tokens, max(0, before - 8), before + 1)
            if not runs or runs[-1][1] != before:
                return None
            single = runs[-1][0] == runs[-1][1]
            if single and not _is_org_word(tokens[before][0]):
                # "Ana Ruiz, Minister of Trade, Industry ..., said": look further back
                further = _nearest_appositive(tokens, index, lex)
                if further is not None and further[1] > further[0]:
                    return further[0], further[1], " ".join(t[0] for t in tokens[index + 1 : comma])
            role = " ".join(t[0] for t in tokens[index + 1 : comma])
            if _is_clause(tokens[index + 1 : comma]):
                return None  # "Somehow, the family will find a way, adds ...": no appositive
            first, last = runs[-1]
            link = first - 1
            if (
                len(runs) >= 2
                and link >= 0
                and tokens[link][0] in ("of", "from")
                and runs[-2][1] == link - 1
                and runs[-2][1] > runs[-2][0]
            ):
                first, last = runs[-2]  # "Sen. Ana Ruiz of Ohio, the chair, said"
            elif (
                link >= 0
                and tokens[link][0].lower() in _PLACE_PREPOSITIONS
                and all(t[0][:1].isupper() for t in tokens[index + 1 : comma])
            ):
                # "in Porto, Portugal,": a place, not "NAME, ROLE,"
                if (
                    len(inner) == 1
                    and inner[0] == (index + 1, comma - 1)
                    and any(_is_org_word(t[0]) for t in tokens[index + 1 : comma])
                ):
                    return index + 1, comma - 1, ""  # "based in London, EuroRatings Ltd, said"
                index -= 1  # "Dome, which is based in Calgary, Alberta, said": further back
                continue
            while first < last and tokens[first][0] in _CLAUSE_OPENERS:
                first += 1  # "But Dome, which ..., said" (not "First" of "First Boston")
            return first, last, role
        index -= 1
    return None


_CLAUSE_AUXILIARIES: Final = frozenset(
    "will would is are was were has have had can could should may might must".split()
)
_RELATIVE_OPENERS: Final = frozenset("who whose whom which that".split())


def _is_clause(tokens: list[tuple[str, int, int]]) -> bool:
    """Whether words between commas make a clause: an auxiliary among its first four words.

    Not a participle phrase ("speaking to reporters after he was appointed") and not when a
    relative pronoun holds the verb ("a farmer who has lived here"): appositives.
    """
    words = [t[0].lower() for t in tokens[:4]]
    if not words or words[0].endswith("ing"):
        return False
    for word in words:
        if word in _RELATIVE_OPENERS:
            return False
        if word in _CLAUSE_AUXILIARIES:
            return True
    return False


def _pronoun_before(text: str, lower: int, cue_start: int, lex: Lexicon) -> Mention | None:
    """Fast path for the commonest subject, a pronoun: "he said", "it also said"."""
    window_start = max(lower, cue_start - 24)
    words = text[window_start:cue_start].split()
    while words and (
        words[-1] in _SKIPPABLE
        or (words[-1][-2:] == "ly"
            and _is_adverb_before_cue(words[-1], words[-2] if len(words) > 1 else ""))
    ):
        words.pop()
    if (
        len(words) >= 2
        and words[-1] in _OBJECT_PRONOUNS
        and words[-2].lower() in _PERCEPTION_VERBS
    ):
        # "Witnesses heard him tell Kody that ...": he told
        word = words[-1]
        start = text.rfind(word, window_start, cue_start)
        return Mention(word, start, start + len(word), "pronoun", _OBJECT_PRONOUNS[word])
    if not words or words[-1].lower() not in lex.pronouns:
        return None
    word = words[-1]
    start = text.rfind(word, window_start, cue_start)
    if start > window_start and (text[start - 1].isalnum() or text[start - 1] in "'\u2019-"):
        return None
    return Mention(word, start, start + len(word), "pronoun", word.lower())


_DASHES: Final = ("\u2014", "\u2013", "--")
_DASH_ASIDE: Final = re.compile(
    r"\s+(?:\u2014|\u2013|--)\s+[^\u2014\u2013\n]{1,90}?\s+(?:\u2014|\u2013|--)\s*$"
)
"""An aside between dashes right before a cue: "Ed Kall -- co-editor of a book -- said"."""


def mention_before(text: str, lower: int, cue_start: int) -> Mention | None:
    """Parse the subject that ends just before a cue at ``cue_start`` (not before ``lower``).

    Handles "NAME said", "Title NAME said", "NAME, role, said", "he also said",
    "the ministry said", "some officials say".

    Args:
        text: The article text.
        lower: Offset the subject may not start before (sentence or clause start).
        cue_start: Offset of the cue verb.

    Returns:
        The mention, or ``None`` when no subject is found.
    """
    quick = _pronoun_before(text, lower, cue_start, lexicon())
    if quick is not None:
        return quick
    if text[max(lower, cue_start - 4) : cue_start].rstrip().endswith(_DASHES):
        aside = _DASH_ASIDE.search(text, max(lower, cue_start - 120), cue_start)
        if aside is not None:
            # "Democrats -- and some Republicans -- say", "Ed Kall -- co-editor of a book --
            # said": the subject before the aside
            return mention_before(text, lower, aside.start())
    if (lower == 0 or text[lower - 1] == "\n") and text[lower : lower + 2].isupper():
        dateline = DATELINE.match(text, lower, cue_start)
        if dateline is not None:
            lower = dateline.end()  # "MIRAMICHI, N.B. -- Justin Trudeau is warning ...,"
    begin = max(lower, cue_start - 200)
    found = _mention_in(text[begin:cue_start])
    if found is None:
        return None
    return Mention(found.text, found.start + begin, found.end + begin, found.form, found.name,
                   found.role)


def _without_party_labels(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop a short parenthesis after a name: "Rep. Jim Jordan (R-Ohio), a member, said".

    Its tokens are left out of the parse (the others keep their offsets), so the appositive
    after it reads as it would without it. Only one to three words right after a capitalised
    word: any such parenthesis just before the cue ("The Stock Exchange (Amex) said"), and a
    party label ("R-Ohio", "D-N.Y.") before a comma; an acronym before a comma stays ("the
    Rubber Agreement (INRA), Manaspas Xuto, said" is no appositive of the agreement).
    """
    kept: list[tuple[str, int, int]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token[0] == "(" and kept and _is_name_token(kept[-1][0]):
            close = next(
                (i for i in range(index + 1, min(index + 5, len(tokens))) if tokens[i][0] == ")"),
                None,
            )
            if (
                close is not None
                and close > index + 1
                and all(tokens[i][0] not in "()" for i in range(index + 1, close))
                and (
                    close + 1 == len(tokens)
                    or (tokens[close + 1][0] == "," and _PARTY_LABEL.match(tokens[index + 1][0]))
                    # inside a company's name: "Industrial Equity (Pacific) Ltd"
                    or _company_end(tokens, close + 1, min(len(tokens), close + 4)) is not None
                )
            ):
                index = close + 1
                continue
        kept.append(token)
        index += 1
    return kept


@lru_cache(maxsize=4096)  # the windows written often ("The company "); more holds little
def _mention_in(text: str) -> Mention | None:
    """The subject that ends ``text`` (the words before a cue), with offsets into ``text``.

    :func:`mention_before` after its pronoun fast path: the parse reads the window's tokens
    and text only, so a window written in many articles ("The company ") is parsed once.
    """
    lex = lexicon()
    tail = text[-70:]
    if (
        ("per" in tail or "%" in tail or "pct" in tail or " in " in tail or "third" in tail
         or "half" in tail or "quarter" in tail or "major" in tail or "plural" in tail
         or "fifth" in tail)
        and _SHARE_HINT.search(tail)
    ):
        share = _SHARE.search(text, last_words_start(text, 0, len(text), _SHARE_WORDS))
        if share is not None:
            # "32 percent said", "Nearly a third say", "Six in 10 say": those polled
            phrase = share.group(1)
            return Mention(phrase, share.start(1), share.end(1), UNNAMED, phrase)
    tokens = _tokens(text, 0, len(text))
    if "(" in text:
        tokens = _without_party_labels(tokens)
    last = len(tokens) - 1
    while last >= 0 and (
        tokens[last][0] in _SKIPPABLE
        or (tokens[last][0][-2:] == "ly"
            and _is_adverb_before_cue(tokens[last][0], tokens[last - 1][0] if last else ""))
        or tokens[last][0] == "not"
        # Reuters' capitalised verb after an abbreviation: "The U.S. Has said"
        or (last > 0 and tokens[last][0].lower() in _ABBREVIATION_VERBS
            and tokens[last - 1][0].endswith("."))
    ):
        last -= 1
    if last >= 2 and tokens[last][0] == ")":
        # "Gov. Mike Pence (R-IN) said": skip a short parenthesis after the name
        opening = max((i for i in range(max(0, last - 6), last) if tokens[i][0] == "("),
                      default=-1)
        if opening > 0:
            last = opening - 1
    if last < 0:
        return None
    word = tokens[last][0]
    low = word.lower()
    if low in lex.pronouns:
        return Mention(word, tokens[last][1], tokens[last][2], "pronoun", low)
    if low == "who" and last >= 2 and tokens[last - 1][0] == ",":
        # "That was Lund, who finally admitted that ...": the relative's antecedent
        runs = _runs(tokens, max(0, last - 8), last - 1)
        if runs and runs[-1][1] == last - 2:
            return _name_mention(text, tokens, runs[-1][0], runs[-1][1], lex, "")
        return None
    if word == "," and last > 0:
        examples = next(
            (i for i in range(last - 1, max(-1, last - 12), -1) if tokens[i][0] == ","), None
        )
        if (
            examples is not None
            and examples + 1 < last
            and tokens[examples + 1][0].lower() in ("including", "among")
        ):
            # "Critics, including councillor Tom Berg, say": the group before the examples
            return _mention_in(text[: tokens[examples][1]])
        found = _appositive_subject(tokens, last, lex)
        if found is None:
            return _interrupted_subject(text, tokens, last)
        first, name_last, role = found
        apposed = _name_mention(text, tokens, first, name_last, lex, role)
        if apposed is None and first == 0 and name_last == 0:
            return _interrupted_subject(text, tokens, last)  # "Analysts, asked about ...,"
        return apposed
    if _is_name_token(word):
        runs = _runs(tokens, max(0, last - 12), last + 1)
        if not runs or runs[-1][1] != last:
            return None
        first = runs[-1][0]
        while first < last and tokens[first][0] in _STOP_BEFORE_NAME:
            first += 1
        role_of = _role_of_organisation(text, tokens, first, last, lex)
        if role_of is not None:
            return role_of
        link = first - 1
        if (
            len(runs) >= 2
            and link > 0
            and tokens[link][0] == "in"
            and runs[-2][1] == link - 1
            and (
                _is_organisation([t[0] for t in tokens[runs[-2][0] : link]], lex, False)
                or " ".join(t[0] for t in tokens[first : last + 1]) in _place_names()
            )
        ):
            # "The Russian Embassy in London said", "Ana Ruiz in Paris said": not the place
            return _name_mention(text, tokens, runs[-2][0], runs[-2][1], lex, "")
        conjunct = _first_conjunct(tokens, runs, first, lex)
        if conjunct is not None:
            return _name_mention(text, tokens, conjunct[0], conjunct[1], lex, "")
        if _is_name_pair_at(tokens, runs, first, last, lex):
            # "Duff and Phelps said": a firm named after two people, or two people named by
            # their surnames (resolved against the article's people, see `_resolve_pair`)
            start, end = tokens[first - 2][1], tokens[last][2]
            return Mention(text[start:end], start, end, ORGANISATION, text[start:end])
        titled = _name_after_title_of(tokens, first, last, lex)
        if titled is not None:
            title = " ".join(t[0] for t in tokens[_noun_phrase_start(tokens, first - 2, lex, 0)
                                                  : titled])  # fmt: skip
            return _name_mention(text, tokens, titled, last, lex, title)
        person = _affiliated_person(tokens, runs, first, lex)
        if person is not None:
            return _name_mention(text, tokens, person[0], person[1], lex,
                                 " ".join(t[0] for t in tokens[person[1] + 1 : last + 1]))
        if first == last and _is_common_word(word, lex):
            phrase = _common_noun_phrase(tokens, last, lex)
            if phrase is None and _bare(word) in _TITLE_SURNAMES and (
                last == 0 or tokens[last - 1][0].lower() not in _DETERMINERS
            ):
                # a surname that is also a title: "Major said" of Robert Major
                return Mention(word, tokens[last][1], tokens[last][2], "role", _bare(word))
            if phrase is None:
                return None
            start, end = tokens[phrase[0]][1], tokens[last][2]
            return Mention(text[start:end], start, end, phrase[1], text[start:end])
        return _name_mention(text, tokens, first, last, lex, "")
    if word[:1].isalpha():
        if last >= 2 and tokens[last - 1][0] == "of" and low in _COUNTS:
            word = tokens[last - 2][0]  # "the mother of two": the noun before "of"
            phrase = _common_noun_phrase(tokens, last - 2, lex)
        else:
            phrase = _common_noun_phrase(tokens, last, lex)
        if phrase is None:
            return _qualified_group(text, tokens, last, lex)
        first, form = phrase
        opener = 1 if tokens and tokens[0][0] in _CLAUSE_OPENERS else 0  # "But ..."
        if (
            form == UNNAMED
            and opener + 2 <= first <= opener + 4
            and last - first >= 1
            and tokens[first - 1][0] in ("and", "or")
            and all(
                t[0].isalpha() and t[0].lower() not in _DETERMINERS
                and t[0].lower() not in lex.pronouns
                for t in tokens[opener : first - 1]
            )
            and all(t[0].islower() for t in tokens[opener + 1 : first - 1])
        ):
            # "Public health and environmental researchers say", "Federal and state officials
            # say": the pair of modifiers or groups
            first = opener
        owned = first
        if (
            first >= 3
            and tokens[first - 1][0] in ("'s", "\u2019s")
            and tokens[first - 3][0].lower() in _DETERMINERS
        ):
            owned = first - 3  # "the party's election strategist"
        if (
            form in ("role", UNNAMED)
            and owned >= 3
            and tokens[owned - 1][0] == ","
            and _bare(tokens[last][0]) in lex.roles  # one person's role, not "officials"
        ):
            named = _name_before_role(tokens, owned, lex)
            if named is not None:  # "..., Alan Milburn, Labour's strategist told reporters"
                role = text[tokens[owned][1] : tokens[last][2]]
                return _name_mention(text, tokens, named[0], named[1], lex, role)
        if form == ORGANISATION and tokens[last][0].lower() in _UNIT_NOUNS:
            named = _named_unit(tokens, first, last)
            if named is not None:  # "GM Corp's Hughes Aircraft Co subsidiary": Hughes
                start, end = tokens[named[0]][1], tokens[named[1]][2]
                return Mention(text[start:end], start, end, ORGANISATION, text[start:end])
        if form == ORGANISATION:
            role_of = _role_of_organisation(text, tokens, first, last, lex)
            if role_of is not None:  # "a spokesman for the ministry said": not the ministry
                return role_of
        start, end = tokens[first][1], tokens[last][2]
        owner = tokens[first][0].lower()
        if form == ORGANISATION and owner in _POSSESSIVE_PRONOUNS:
            return Mention(text[start:end], start, end, UNNAMED, text[start:end])  # "her office"
        if form == "document" and owner in _POSSESSIVE_PRONOUNS:
            # "her statement said": the statement's owner speaks
            return Mention(text[start:end], start, end, "pronoun", _POSSESSIVE_PRONOUNS[owner])
        if form == "document":
            possessive = next(
                (i for i in range(first + 1, last) if tokens[i][0] in ("'s", "\u2019s")), None
            )
            if (
                possessive is not None
                and tokens[first][0] not in ("The", "the")  # "The People's Daily editorial"
                and all(_is_name_token(tokens[i][0]) for i in range(first, possessive))
            ):
                # "Mr Peston's book says", "Ivana Trump's statement said": the owner speaks
                return _name_mention(text, tokens, first, possessive - 1, lex, "")
        if form == "document" and owner in ("a", "an") and first > 1:
            # "Clinton issued a statement saying": the subject of the verb that made it
            verb = first - 1
            if tokens[verb][0] in ("out", "up") and verb > 1:
                verb -= 1  # "put out a statement"
            if _is_issuing_verb(tokens[verb][0]):
                issuer = _mention_in(text[: tokens[verb][1]])
                if issuer is not None:
                    return issuer
        name = _bare(word) if form == "role" else text[start:end]
        return Mention(text[start:end], start, end, form, name)
    return None


def _name_before_role(
    tokens: list[tuple[str, int, int]], first: int, lex: Lexicon
) -> tuple[int, int] | None:
    """A person's full name set off by commas before a role phrase opening at ``first``.

    "..., Alan Milburn, Labour's election strategist told ...": the appositive's second comma
    is missing, the name still speaks. Only a name of two or more words that is no
    organisation, after a comma (the caller checks that the phrase names one person's role).
    """
    runs = _runs(tokens, max(0, first - 6), first - 1)
    if not runs or runs[-1][1] != first - 2:
        return None
    begin, end = runs[-1]
    if end == begin or begin == 0 or tokens[begin - 1][0] != ",":
        return None
    if _is_organisation([t[0] for t in tokens[begin : end + 1]], lex, False):
        return None
    return begin, end


# "Ana Ruiz, the mayor of Lyon," / "Tom Berg, a city councillor,": the role words (group 1)
# of an appositive closed by a comma ("Volcker, a spokesman for the bank said" is none)
_APPOSITIVE_ROLE: Final = re.compile(
    r",\s+(?:the|a|an|its|his|her|their)\s+((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)"
    r"(?:\s+(?:of|at|for|with|in|from)\s+[^,.;:!?\"\u201c\u201d()]{1,60})?,"
)
# "the agency's director, Tom Berg" / "city councillor Tom Berg": the role (group 1) and
# the word before it
_ROLE_BEFORE_NAME: Final = re.compile(r"(?<![\w-])((?:[A-Za-z][\w-]*\s+)?[a-z][\w-]*),?\s+$")
_ROLE_WORDS: Final = 2  # chunks of a _ROLE_BEFORE_NAME match at most: the role, a word before
_COUNTS: Final = frozenset("two three four five six seven eight nine ten".split())
_ANONYMOUS_DETERMINERS: Final = frozenset(("one", "another", "some", "several", "a", "an"))
_OTHER_HOLDER: Final = frozenset(
    "shadow former ex deputy vice assistant acting outgoing late future incoming".split()
)
_UNIT_NOUNS: Final = frozenset("unit subsidiary division arm branch affiliate".split())
_UNIT_NAME_JOINERS: Final = frozenset("of and for".split())


def _named_unit(
    tokens: list[tuple[str, int, int]], first: int, last: int
) -> tuple[int, int] | None:
    """The name of a company's unit between its owner's possessive and the noun at ``last``.

    "General Motors Corp's Hughes Aircraft Co subsidiary", "BankAmerica Corp's Bank of
    America unit": the unit's own name. None for "the Exxon Corp unit" (no possessive).
    """
    begin = last
    while begin - 1 >= 0 and last - begin < 8:
        word = tokens[begin - 1][0]
        if not (_is_name_token(word) or word in _UNIT_NAME_JOINERS):
            break
        begin -= 1
    while begin < last and not _is_name_token(tokens[begin][0]):
        begin += 1  # the name starts with a name word
    if begin == last or begin < 2 or tokens[begin - 1][0] not in ("'s", "\u2019s"):
        return None
    if not _is_name_token(tokens[last - 1][0]):
        return None
    return begin, last - 1


_ROLE_LINKS: Final = frozenset("of at for to in".split())
_GROUP_LINKS: Final = frozenset("in at from of for with inside across near".split())
_UNFINISHED_GROUP: Final = _GROUP_LINKS | _CONNECTORS | _DETERMINERS | {"or"}


_ISSUING_VERBS: Final = frozenset(
    "issued released posted published sent put wrote tweeted filed distributed circulated "
    "issues releases posts publishes sends puts writes tweets files".split()
)


def _is_issuing_verb(word: str) -> bool:
    """A verb whose object ("a statement", "a tweet") carries the subject's words."""
    return word in _ISSUING_VERBS


_AT_ORGANISATION: Final = frozenset(("at", "with", "from"))
"""Links of a group to the organisation it works for: "economists at the bank"."""
_ATTACHED_GROUPS: Final = frozenset("aides advisers advisors allies confidants".split())
"""Groups attached to a person: "aides to Mr. Obama said" (the aides speak, not Mr. Obama)."""


def _role_of_organisation(
    text: str, tokens: list[tuple[str, int, int]], first: int, last: int, lex: Lexicon
) -> Mention | None:
    """The holder of a role, or a group, linked to the name before a cue.

    "The former treasurer of the Harbour Club said", "the mayor of Springfield said", "an
    aide to Ms. Ruiz said": the role's holder speaks, not the place, organisation or person
    named. "Diplomats in Brussels said", "analysts at Harbour Capital said": an unnamed group
    speaks (a group at a recognised organisation stays that organisation's, as "officials at
    the ministry" does).
    """
    link = first - 1
    if link >= 0 and tokens[link][0].lower() == "the":
        link -= 1
    if link < 1:
        return None
    linker = tokens[link][0].lower()
    noun = tokens[link - 1][0]
    # "Mayor of London Sadiq Khan" is a title; "the former CEO of Hewlett-Packard" a role
    lower_case = noun[:1].islower() or (noun.isupper() and _bare(noun) in lex.roles)
    opening = link == 1 or not tokens[link - 2][0][:1].isalnum()  # "Diplomats in Brussels"
    if not lower_case and not opening:
        return None
    parts = [_bare(part) for part in noun.split("-")]
    begin = _noun_phrase_start(tokens, link - 1, lex, 0)
    start, end = tokens[begin][1], tokens[last][2]
    if lower_case and linker in _ROLE_LINKS and any(part in lex.roles for part in parts):
        role = next(part for part in parts if part in lex.roles)
        if begin >= 3 and tokens[begin - 1][0] == "," and tokens[begin][0].lower() not in (
            _DETERMINERS
        ):
            # "..., Bernard Reed, manager of the London options exchange said": a bare role
            # is the appositive of the name before it, which speaks
            appositive = _name_before_role(tokens, begin, lex)
            if appositive is not None:
                first_name, last_name = appositive
                return _name_mention(text, tokens, first_name, last_name, lex, text[start:end])
        return Mention(text[start:end], start, end, "role", role)
    if (
        linker == "to"
        and noun == "close"
        and link >= 2
        and _bare(tokens[link - 2][0]) in lex.unnamed
    ):
        # "sources close to Ms. Ruiz said": the group speaks, not the person it is close to
        begin = _noun_phrase_start(tokens, link - 2, lex, 0)
        start = tokens[begin][1]
        return Mention(text[start:end], start, end, UNNAMED, text[start:end])
    if (
        linker in _GROUP_LINKS or (linker == "to" and _bare(noun) in _ATTACHED_GROUPS)
    ) and _bare(noun) in lex.unnamed:
        if tokens[first][0].lower() in ("a", "an", "one"):
            # "a dealer at a Japanese bank": no organisation the reader knows
            return Mention(text[start:end], start, end, UNNAMED, text[start:end])
        organisation = _is_organisation([t[0] for t in tokens[first : last + 1]], lex, False)
        if organisation and linker not in _AT_ORGANISATION:
            return None  # "officials of the ministry", "a member of the council"
        if organisation or (
            tokens[first][0].lower() == "the"
            and linker in _AT_ORGANISATION  # not "in the province", "member of the council"
            and _classify_common(_bare(tokens[last][0]), lex) == ORGANISATION
        ):
            # "officials at the ministry", "economists at the bank": the organisation's (the
            # phrase from the group on, so that "..., economists at the bank said." is read)
            owner = first - 1 if first and tokens[first - 1][0].lower() == "the" else first
            named = text[tokens[owner][1] : end]
            return Mention(text[start:end], start, end, ORGANISATION, named)
        return Mention(text[start:end], start, end, UNNAMED, text[start:end])
    return None


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Every given name of ``first_names.txt``, whatever its gender."""
    names = sectioned_list("first_names.txt")
    return frozenset(names["male"]) | frozenset(names["female"])


def _is_personal_name(words: list[str], lex: Lexicon) -> bool:
    """Whether a run is surely a person's name, not "Trade", "Duff" or "Pratt".

    A title and a name ("Mr. Grassley", "Sen. Roe"), or a known given name and more ("Tom
    Carper").
    """
    titles, name = _strip_titles(words, lex)
    if not name or _is_organisation(name, lex, False):
        return False
    if titles:
        return True
    return len(name) >= 2 and name[0].lower() in _given_names()


def _first_conjunct(
    tokens: list[tuple[str, int, int]], runs: list[tuple[int, int]], first: int, lex: Lexicon
) -> tuple[int, int] | None:
    """For "Mr. Grassley and Mr. Leahy say", "Ana Ruiz, Tom Berg and Ian Roe said": the first.

    A coordinated subject's head is its first conjunct (as a dependency parse has it); each
    conjunct is a capitalised run that is no organisation, listed with commas and "and".
    """
    if first < 2 or tokens[first - 1][0] != "and" or len(runs) < 2:
        return None
    link = first - 1
    found: tuple[int, int] | None = None
    for run in reversed(runs[:-1]):
        if run[1] == link - 1 or (run[1] == link - 2 and tokens[link - 1][0] == ","):
            words = [t[0] for t in tokens[run[0] : run[1] + 1]]
            listed = tokens[run[0] - 1][0] == "," if run[0] > 0 else False
            if not (  # inside a list ", X, Y and Z" two capitalised words are enough
                _is_personal_name(words, lex)
                or (listed and len(words) >= 2 and not _is_organisation(words, lex, False))
            ):
                break
            found = run
            link = run[0] - 1
            if link < 1 or tokens[link][0] != ",":
                break
        else:
            break
    if found is None or not _is_personal_name(
        [t[0] for t in tokens[found[0] : found[1] + 1]], lex
    ):
        return None
    if not _is_personal_name([t[0] for t in tokens[first : runs[-1][1] + 1]], lex):
        return None
    before = found[0] - 1
    if before >= 0 and tokens[before][0].lower() in _LINKING:
        return None  # "a meeting with Ruiz and Weber": the pair is no subject
    return found


def _is_name_pair_at(
    tokens: list[tuple[str, int, int]], runs: list[tuple[int, int]], first: int, last: int,
    lex: Lexicon,
) -> bool:
    """Whether the subject is two single names joined by "and": "Duff and Phelps".

    Not in a list (", Duff and Phelps"), not after a linking word ("with Duff and Phelps"),
    and neither name a given name, a title, a common word or a place.
    """
    if first != last or first < 2 or tokens[first - 1][0] != "and" or len(runs) < 2:
        return False
    if runs[-2] != (first - 2, first - 2):
        return False
    before = first - 3
    if before >= 0 and (tokens[before][0] == "," or tokens[before][0].lower() in _LINKING):
        return False
    given = _given_names()
    places = _place_names()
    if _COMPASS.match(tokens[last][0]):
        return False  # "West and Southwest"
    for word in (tokens[first - 2][0], tokens[last][0]):
        bare = _bare(word)
        if (
            not word[:1].isupper()
            or not word[1:].islower()
            or word.lower() in given
            or bare in lex.honorifics
            or bare in lex.roles
            or _is_common_word(word, lex)
            or word in places
            or word in _country_modifiers()
        ):
            return False
    return True


_COMPASS: Final = re.compile(r"^(?:North|South|East|West|Mid)", re.IGNORECASE)


def _is_name_pair(name: str) -> bool:
    """Whether an organisation's name is a pair of names made by `_is_name_pair_at`."""
    words = name.split()
    return (
        len(words) == 3
        and words[1] == "and"
        and not _is_initials(words[0])
        and words[2].rstrip(".") not in _LEGAL_SUFFIXES  # "Jefferies and Co" is one company
    )


def _name_after_title_of(
    tokens: list[tuple[str, int, int]], first: int, last: int, lex: Lexicon
) -> int | None:
    """For "Secretary of State John Kerry said": where the name starts in the run after "of".

    The run after a capitalised role and "of" (or a chain of them: "Secretary of State for
    Trade and Industry Ana Ruiz") holds the role's object, then the name: the name starts at
    its first known first name, else it is the run's last two words.
    """
    if last - first < 2 or _is_organisation([tokens[last][0]], lex, False):
        return None  # "... and Bethlehem Steel Corp" is a company
    link = first - 1
    if link >= 1 and tokens[link][0] == "the":
        link -= 1  # "Speaker of the House Nancy Pelosi"
    titled = False
    for _ in range(4):  # "of State", "for Trade", "and Industry": back to the title
        if link < 1 or tokens[link][0] not in ("of", "for", "and"):
            return None
        title = tokens[link - 1][0]
        if tokens[link][0] != "and" and title[:1].isupper() and _bare(title) in lex.roles:
            titled = True
            break
        before = link - 1  # back over the capitalised object ("International Trade")
        while before >= 0 and link - before <= 4 and _is_capitalised(tokens[before][0]):
            before -= 1
        if before == link - 1:
            return None
        link = before
    if not titled:
        return None
    first_names = _given_names()
    for index in range(first + 1, last):
        if tokens[index][0].lower() in first_names:
            return index
    return last - 1


def _affiliated_person(
    tokens: list[tuple[str, int, int]], runs: list[tuple[int, int]], first: int, lex: Lexicon
) -> tuple[int, int] | None:
    """For "Ana Ruiz with the Harbour Health Authority says": the person's run.

    Applies when the run before the cue is an organisation linked by with/of/from/at/for
    (and an optional "the") to a two- or three-word name before it; or a place after "of" or
    "from" ("G.K. Butterfield of North Carolina said") when that name is a person's
    (:func:`_classify_run`).
    """
    words = [t[0] for t in tokens[first : runs[-1][1] + 1]]
    if len(runs) < 2:
        return None
    organisation = _is_organisation(words, lex, False)
    link = first - 1
    if link >= 0 and tokens[link][0].lower() == "the":
        link -= 1
    if link < 1 or tokens[link][0].lower() not in ("with", "of", "from", "at", "for"):
        return None
    if not organisation and (
        tokens[link][0].lower() not in ("of", "from") or tokens[first - 1][0].lower() == "the"
    ):
        return None
    person = runs[-2]
    name = [t[0] for t in tokens[person[0] : person[1] + 1]]
    if person[1] != link - 1 or _is_organisation(name, lex, False):
        return None
    if not organisation:
        # titles apart ("CBC Chairman G.K. Butterfield"); a first name, an initial or a title
        # tells a person from a firm ("Saab-Scania AB of Sweden")
        kind, titles, bare, _ = _classify_run(tuple(name))
        given = bare[0].lower() if bare else ""
        known = (
            bool(titles)
            or given in lex.male_names
            or given in lex.female_names
            or re.fullmatch(r"(?:[A-Z]\.){1,3}", bare[0] if bare else "") is not None
        )
        return person if kind == "person" and 2 <= len(bare) <= 3 and known else None
    return person if 2 <= len(name) <= 3 else None


@lru_cache(maxsize=65536)
def _is_leading_stop(word: str) -> bool:
    """A capitalised word that cannot open a name ("The", "Former" is a title and stays)."""
    lex = lexicon()
    bare = _bare(word)
    is_title = bare in lex.honorifics or bare in lex.roles
    return word in _STOP_BEFORE_NAME or (_is_common_word(word, lex) and not is_title)


@lru_cache(maxsize=65536)
def _classify_run(
    words: tuple[str, ...],
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Classify a capitalised run: (kind, titles, name, person name).

    ``kind`` is ``organisation``, ``person`` (two or more name words), ``single`` (one word:
    a surname reference), or ``none`` (a place, a date, a role without a name).
    """
    lex = lexicon()
    titles, name = _strip_titles(list(words), lex)
    if not name:
        return "none", tuple(titles), (), ()
    adjectival = all(_is_adjectival(title) for title in titles)  # "Oslo-based"
    if adjectival and _is_organisation(name, lex, False):
        return ORGANISATION, (), tuple(name), ()
    person = _trim_person_run(name, lex)
    if _bare(person[-1]) in lex.place_words or _is_group(person, lex):
        return "none", tuple(titles), tuple(name), ()
    if len(person) >= 2 and _is_place_name(" ".join(person)):
        return "none", tuple(titles), tuple(name), ()  # "Nova Scotia", "West Germany"
    if len(person) >= 2:
        if any(_bare(w) in lex.roles for w in person):
            return "none", tuple(titles), tuple(name), ()
        if person[0].lower() in _MONTHS or _bare(person[0]) in _WEEKDAYS:
            return "none", tuple(titles), tuple(name), ()
        return PERSON, tuple(titles), tuple(name), tuple(person)
    return "single", tuple(titles), tuple(name), tuple(person)


class _RunPlan:
    """The article-independent facts of one capitalised run of a stretch (see `_stretch_plan`).

    Offsets are relative to the stretch. ``words`` and ``starts`` are the run's words from its
    first word that is not a leading stop word, and their starts; ``the_before`` tells whether
    the token before that word is "the" (``None`` at the stretch start: the article decides).
    ``may_be_common`` holds the lower-case forms of the leading words that may be common words
    (`_may_be_common`, never the last word): only these are looked up in the article's
    lower-case words. ``classified`` is `_classify_run` of ``words``, for a run whose words are
    all kept (the common case).

    Plain classes rather than named tuples: compiled by mypyc, they are made by native code
    (a named tuple's ``__new__`` stays interpreted) and their fields read directly.
    """

    __slots__ = ("run_start", "run_end", "words", "starts", "the_before", "may_be_common",
                 "classified")

    def __init__(
        self,
        run_start: int,
        run_end: int,
        words: tuple[str, ...],
        starts: tuple[int, ...],
        the_before: bool | None,
        may_be_common: tuple[str, ...],
        classified: tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]],
    ) -> None:
        self.run_start = run_start
        self.run_end = run_end
        self.words = words
        self.starts = starts
        self.the_before = the_before
        self.may_be_common = may_be_common
        self.classified = classified


class _StretchPlan:
    """A stretch of capitalised words, tokenised and split into runs once for all articles.

    ``lone`` is the word of a one-word stretch (its possessive and final period dropped) and
    ``lone_organisation`` whether that word alone is an organisation; ``None`` and False for
    a stretch of several words. ``lone_skippable`` is ``lone is not None and not
    lone_organisation`` (the stretch is skipped when the article knows no name with that word).
    """

    __slots__ = ("lone", "lone_organisation", "runs", "lone_skippable")

    def __init__(
        self, lone: str | None, lone_organisation: bool, runs: tuple[_RunPlan, ...]
    ) -> None:
        self.lone = lone
        self.lone_organisation = lone_organisation
        self.runs = runs
        self.lone_skippable = lone is not None and not lone_organisation


@lru_cache(maxsize=16384)  # about 800 bytes a plan: 13 MB when full
def _stretch_plan(found: str) -> _StretchPlan | None:
    """Tokenise a stretch and find its runs: ``None`` when it holds no name at all.

    Everything here depends on the stretch's words only (tokens are found the same in the
    stretch as in the article), so a name written in many articles is parsed once.
    """
    if found in _STOP_BEFORE_NAME:
        return None
    lone: str | None = None
    lone_organisation = False
    if " " not in found and "\t" not in found:
        lone = _POSSESSIVE.sub("", found.rstrip("."))
        if _is_leading_stop(lone):
            return None  # one capitalised function word ("However", "Some")
        lone_organisation = _classify_run((lone,))[0] == ORGANISATION
    tokens = _tokens(found, 0, len(found))
    runs: list[_RunPlan] = []
    for first, last in _runs(tokens, 0, len(tokens)):
        run_start, run_end = tokens[first][1], tokens[last][2]
        # "Mayor of Springfield Ana Ruiz": the name is "Ana Ruiz"
        first = _name_after_title_of(tokens, first, last, lexicon()) or first
        # "Growers Distributing Corp", "Manufacturers National Bank of Detroit": an
        # organisation's name keeps its first word, whatever the article writes in lower case
        company = _is_organisation([t[0] for t in tokens[first : last + 1]], lexicon(), False)
        while first <= last and (
            _is_leading_stop(tokens[first][0])
            if not company
            else tokens[first][0] in _STOP_BEFORE_NAME
            or _bare(tokens[first][0]) in _MONTHS
            or _bare(tokens[first][0]) in _WEEKDAYS
        ):
            first += 1
        # "The Globe and Mail Thursday", "the Commission on Thursday": no day ends a name
        # ("Mike Friday" may)
        while last > first and tokens[last][0] in _DAY_NAMES and (
            last - first >= 2 or tokens[last - 1][0] == "on"
        ):
            last -= 1
            while last > first and tokens[last][0] in _RUN_JOINERS:
                last -= 1
            run_end = tokens[last][2]
        if first > last:
            continue
        span = tokens[first : last + 1]
        words = tuple(t[0] for t in span)
        common = 0
        while common < len(words) - 1 and _may_be_common(words[common]):
            common += 1
        runs.append(
            _RunPlan(
                run_start,
                run_end,
                words,
                tuple(t[1] for t in span),
                tokens[first - 1][0].lower() == "the" if first > 0 else None,
                tuple(word.lower() for word in words[:common]),
                _classify_run(words),
            )
        )
    return _StretchPlan(lone, lone_organisation, tuple(runs))


@lru_cache(maxsize=65536)
def _may_be_common(word: str) -> bool:
    """Whether ``word`` is a common word when the article also writes it in lower case.

    Given names, organisation words and titles never are (see `SpeakerResolver._is_common`).
    """
    lex = lexicon()
    low = word.lower()
    bare = _bare(word)
    return (
        low not in lex.male_names
        and low not in lex.female_names
        and bare not in lex.org_name_words
        and bare not in lex.honorifics
        and bare not in lex.roles
    )


def _initials_index(text: str) -> dict[str, str]:
    """Map the initials of every run of capitalised words to the run, first one kept.

    "Immigration, Refugees and Citizenship Canada" -> "IRCC": an acronym the article uses is
    resolved to the name it spells out. Connectors ("of", "and", "for", "the", "&") and the
    commas of a list inside the name are skipped.
    """
    index: dict[str, str] = {}
    for match in _NAME_SEQUENCE.finditer(text):
        words = [w for w in _NAME_WORD.findall(match.group())]
        capitals = [i for i, w in enumerate(words) if w[:1].isupper()]
        for start_at, first in enumerate(capitals):
            for end_at in range(start_at + 1, min(start_at + 7, len(capitals))):
                last = capitals[end_at]
                initials = "".join(words[i][0] for i in capitals[start_at : end_at + 1])
                if initials not in index:
                    begin = match.start() + _word_offset(match.group(), words, first)
                    finish = match.start() + _word_offset(match.group(), words, last)
                    index[initials] = text[begin : finish + len(words[last])]
    return index


def _spelled_out(text: str, acronym: str) -> str | None:
    """The run :func:`_initials_index` maps ``acronym`` to, found without indexing them all.

    The runs are visited in the same order and only the one span of each start whose length
    fits the acronym is compared, so the first match is the index's entry.
    """
    size = len(acronym)
    for match in _NAME_SEQUENCE.finditer(text):
        words = _NAME_WORD.findall(match.group())
        capitals = [i for i, w in enumerate(words) if w[:1].isupper()]
        for start_at in range(len(capitals) - size + 1):
            chosen = capitals[start_at : start_at + size]
            if all(words[i][0] == letter for i, letter in zip(chosen, acronym, strict=True)):
                first, last = chosen[0], chosen[-1]
                begin = match.start() + _word_offset(match.group(), words, first)
                finish = match.start() + _word_offset(match.group(), words, last)
                return text[begin : finish + len(words[last])]
    return None


def _word_offset(phrase: str, words: list[str], position: int) -> int:
    offset = 0
    for index in range(position + 1):
        offset = phrase.index(words[index], offset)
        if index < position:
            offset += len(words[index])
    return offset


@lru_cache(maxsize=1)
def _speech_forms() -> frozenset[str]:
    """The inflected reporting verbs of ``speech_verbs.txt`` (for inverted subjects)."""
    return frozenset(w for line in sectioned_list("speech_verbs.txt")["verb"] for w in line.split())


def _needs_inventory(mention: Mention) -> bool:
    """Whether resolving ``mention`` looks at the other names of the article."""
    if mention.form == UNNAMED:
        return False
    words = mention.name.split()
    if mention.form == "name":
        return len(words) == 1 or words[0].lower() in _PERSON_PARTICLES
    if mention.form == ORGANISATION:
        return len(words) == 1 or not _has_proper_name(mention.name) or _is_name_pair(mention.name)
    return True


def _role_before(tokens: list[tuple[str, int, int]], first: int, lex: Lexicon) -> str:
    """Return lower-case role words right before a name ("presidential advisor")."""
    words: list[str] = []
    index = first - 1
    while index >= 0 and first - index <= 4:
        word = tokens[index][0]
        if not word[:1].isalpha() or word.lower() in _DETERMINERS or word.lower() in _CONNECTORS:
            break
        words.insert(0, word)
        index -= 1
    if any(_bare(w) in lex.roles for w in words):
        return " ".join(words)
    return ""


_NOUN_BEFORE: Final = re.compile(r"\b([a-z][a-z-]+) \Z")  # "firm " right before a name


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _name_positions(text: str, name: str, *, end_boundary: bool) -> Iterator[int]:
    r"""Offsets where ``name`` starts as a word (``\bNAME``; ``\bNAME\b`` with ``end_boundary``).

    Found with ``str.find``: no regular expression to compile for each name.
    """
    size = len(text)
    position = text.find(name)
    while position >= 0:
        end = position + len(name)
        before = position > 0 and _is_word_char(text[position - 1])
        starts = before != _is_word_char(name[0])
        if starts and end_boundary:
            after = end < size and _is_word_char(text[end])
            starts = after != _is_word_char(name[-1])
        if starts:
            yield position
        position = text.find(name, position + 1)


def _nouns_before(text: str, name: str) -> Iterator[str]:
    """The lower-case word right before each occurrence of ``name`` ("firm Gartner")."""
    for position in _name_positions(text, name, end_boundary=True):
        lower = max(0, position - 64)
        found = _NOUN_BEFORE.search(text, lower, position)
        if found is not None and (found.start() > lower or lower == 0):
            yield found.group(1)


_FIRM_NOUNS: Final = frozenset(
    "giant maker carrier chain conglomerate brewer supplier distributor startup "
    "start-up outfit label studio provider drugmaker chipmaker consultancy publisher "
    "brokerage miner refiner utility trust".split()
)
_BUSINESS_POSSESSIONS: Final = (
    "shareholders|stockholders|subsidiary|subsidiaries|unit|units|earnings|"
    "profits?|revenues?|sales|dividends?|chairman|analysts?|economists?|executives?|"
    "employees|workforce|headquarters|plants?|factory|factories|customers"
)
_NAME_NOUNS: Final = (
    "agency|newspaper|daily|company|firm|bank|airline|insurer|lender|retailer|group"
)


_AFTER_NAME: Final = re.compile(
    # "Nova, the Canadian company that ...": an apposition and its head noun
    r",\s+(?:the|a|an)\s+(?P<appositive>[^,.;:()\"]{1,60}?)"
    r"(?=[,.;:]|\s+(?:that|which|who|whose|of|in|at|for|from|with|on)\b)"
    # "the Tanjug news agency"
    rf"|\s+(?:news\s+)?(?P<noun>{_NAME_NOUNS})\b"
    # "Novartis' profits"
    rf"|(?:'s|\u2019s|'|\u2019)\s+(?:[a-z-]+\s+){{0,2}}?(?P<business>{_BUSINESS_POSSESSIONS})\b"
    # "(Adsteam)" after a company's name (checked by the caller)
    r"|(?P<alias>\))"
)
"""What follows a name and says it is an organisation (see `_described_as_organisation`)."""


_PARTY_NAMES: Final = frozenset(
    "Democrats Republicans Conservatives Tories Liberals Socialists Communists Greens "
    "Nationalists Unionists Sandinistas Peronists Gaullists "
    # parties and movements named by one word
    "Labour Likud Kadima Fatah Hamas Hezbollah Taliban Syriza Podemos Fidesz".split()
)  # "Democrats said", "Labour said": the party (its members), spoken of as the party
_COMPANY_BEFORE_ALIAS: Final = re.compile(
    r"(?:\b(?:Inc|Corp|Co|Cos|Ltd|LLC|Plc|PLC|AG|SA|NV|A/S|Company)\.?|>)\s*\($"
)
_COMPANY_CASE: Final = re.compile(r"^(?P<head>[A-Z][a-z]+)[A-Z][a-z]+$")
_NAME_PREFIXES: Final = frozenset("Mc Mac De Di Da Du Le La Van Von Fitz St".split())


def _is_company_cased(name: str) -> bool:
    """A name with a capital inside as companies write theirs ("GenCorp", "PolitiFact").

    Not a surname with a prefix ("McCain", "DeLay", "LaGuardia").
    """
    match = _COMPANY_CASE.match(name)
    return match is not None and match.group("head") not in _NAME_PREFIXES


_PERSON_OR_FIRM: Final = frozenset("producer operator developer team club campaign".split())
_GROUP_MODIFIERS: Final = frozenset(
    "western eastern northern southern senior top other foreign local federal state "
    "government industry military security intelligence administration party opposition "
    "rebel trade banking diplomatic official labour tory conservative democratic republican "
    "liberal socialist communist".split()
)


def _is_group(name: list[str], lex: Lexicon) -> bool:
    """Whether a capitalised run is an unnamed group, not a person.

    A plural unnamed-source noun after country or common words: "U.S. Officials", "Other
    Western Diplomats" ("Metal Traders", a company's short name, is not).
    """
    head = name[-1]
    if head[-1:] != "s" or _bare(head) not in lex.unnamed:
        return False
    modifiers = _country_modifiers()
    return all(
        word in modifiers or _bare(word) in _GROUP_MODIFIERS or _is_common_word(word, lex)
        for word in name[:-1]
    )


def _name_mention(
    text: str,
    tokens: list[tuple[str, int, int]],
    first: int,
    last: int,
    lex: Lexicon,
    role: str,
) -> Mention | None:
    words = [t[0] for t in tokens[first : last + 1]]
    start, end = tokens[first][1], tokens[last][2]
    after_the = first > 0 and tokens[first - 1][0].lower() == "the"
    titles, name = _strip_titles(words, lex)
    role = " ".join(filter(None, [_role_before(tokens, first, lex), " ".join(titles), role]))
    while len(name) > 1 and (_bare(name[0]) in _WEEKDAYS or _bare(name[0]) in _MONTHS):
        name = name[1:]  # "On Wednesday Acme said"
    if not name:
        return None
    if len(name) == 1 and _bare(name[0]) in lex.roles and not titles:
        if after_the:
            start = tokens[first - 1][1]
        return Mention(text[start:end], start, end, "role", _bare(name[0]), role)
    adjectival = all(_is_adjectival(title) for title in titles)  # "Oslo-based Acme Ltd"
    if adjectival and _is_organisation(name, lex, after_the):
        if after_the:
            start = tokens[first - 1][1]
        if titles:
            start = tokens[first + len(titles)][1]
        return Mention(text[start:end], start, end, ORGANISATION, text[start:end], role)
    if len(name) == 1 and _is_common_word(name[0], lex) and not titles:
        return None  # "Some said" (but "Ms. Rose said" is a person)
    described = tokens[first - 1][0] if first > 0 and not titles else ""
    if (
        described[:1].islower()
        and (described in lex.org_nouns or described in _FIRM_NOUNS)
        and described not in _PERSON_OR_FIRM
        and described not in _UNIT_NOUNS  # "the ministry's division Frans Engering"
    ):
        # "research firm Gartner", "oil giant Yukos": the noun says what the name is
        if len(name) <= 3 and name[0].lower() not in _given_names():
            return Mention(text[start:end], start, end, ORGANISATION, text[start:end], role)
    if _is_group(name, lex):
        return Mention(text[start:end], start, end, UNNAMED, text[start:end], role)
    name = _trim_person_run(name, lex)
    return Mention(text[start:end], start, end, "name", " ".join(name), role)


_POSSESSIVE_PRONOUNS: Final = {"his": "he", "her": "she", "its": "it", "their": "they"}
_LINKING: Final = frozenset("of for at with from in on and to by".split())
# Capitalised words that open a clause before its subject's name ("But Dome", "On Thursday")
# and never begin an organisation's name ("First", "Next" and "The" may).
_CLAUSE_OPENERS: Final = frozenset(
    "But And Or Yet So Even Also Still Then Now Meanwhile However Like Unlike Of On In At For "
    "With From By After Before When While Since Although Though Because If As Despite Among "
    "Amid Including".split()
)
# Words before a name that make it a place or an object, never the subject of a clause.
_PLACE_PREPOSITIONS: Final = (
    frozenset("in at near into from across outside inside throughout".split())
)
_AFTER_STOP: Final = frozenset(
    "who which that in at during after before as when while about to told said says adding "
    "noting saying according but whose obtained released published cited quoted".split()
)


_FINITE_AFTER: Final = AUXILIARIES | frozenset("can could should may might must shall".split())
"""Verbs that end an inverted subject: "..., said the cuts were unavoidable" has none."""


def _relation_name(
    tokens: list[tuple[str, int, int]], start: int
) -> tuple[int, int] | None:
    """For "partner, Peter Weber" after an owner's 's: the run of the name after the comma.

    Without the comma, a role's words and a full name: "managing director Stephen Norman".
    """
    index = start
    while index < len(tokens) and index - start < 3 and tokens[index][0][:1].islower():
        index += 1
    if index == start or index >= len(tokens):
        return None
    if tokens[index][0] != ",":
        roles = lexicon().roles
        if any(_bare(tokens[i][0]) in roles for i in range(start, index)):
            runs = _runs(tokens, index, min(len(tokens), index + 5))
            if runs and runs[0][0] == index and runs[0][1] > index:
                return runs[0]
        return None
    runs = _runs(tokens, index + 1, min(len(tokens), index + 5))
    if runs and runs[0][0] == index + 1:
        return runs[0]
    return None


def mention_after(text: str, cue_end: int, upper: int) -> Mention | None:
    """Parse an inverted subject after a cue: '..., said Alexander Lukashenko, who ...'.

    Args:
        text: The article text.
        cue_end: End offset of the cue verb.
        upper: Offset the subject may not reach (sentence end).

    Returns:
        The mention, or ``None`` when the words after the cue are not a subject.
    """
    lex = lexicon()
    tokens = _tokens(text, cue_end, min(upper, cue_end + 200))
    if not tokens:
        return None
    if tokens[0][0].lower() in lex.pronouns:
        pronoun = tokens[0]
        return Mention(pronoun[0], pronoun[1], pronoun[2], "pronoun", pronoun[0].lower())
    stop = len(tokens)
    for index, (word, _, _) in enumerate(tokens):
        low = word.lower()
        if word in ("'s", "\u2019s"):
            if index + 1 < len(tokens) and not _is_name_token(tokens[index + 1][0]):
                named = _relation_name(tokens, index + 1)
                if named is not None:
                    # "says Lopez's partner, Peter Weber": the name after the relation
                    return _name_mention(text, tokens, named[0], named[1], lex, "")
                if _bare(tokens[index + 1][0]) in lex.unnamed:
                    continue  # "according to the report's authors": the authors
                stop = index  # "a Texas school's latest list": the owner is the phrase
                break
            continue
        if word == "&" and 0 < index < len(tokens) - 1 and _is_name_token(tokens[index + 1][0]):
            continue  # "according to Bradford & Bingley"
        if not word[:1].isalnum() or (
            index > 0
            and (
                low in _AFTER_STOP
                or low in _WEEKDAYS
                or (word == low and low in _FINITE_AFTER)
                or "-" in text[tokens[index - 1][2] : tokens[index][1]]  # "the party - and"
            )
        ):
            stop = index
            break
    if stop == 0:
        return None
    runs = _runs(tokens, 0, stop)
    # a title that opens a name's run ("Representative Charles B. Rangel of New York") is the
    # name's: _name_mention strips it; only a role outside such a run points past itself
    roles = [
        i
        for i in range(stop)
        if _bare(tokens[i][0]) in lex.roles and not any(r[0] <= i < r[1] for r in runs)
    ]
    owners = [r for r in runs if r[1] + 1 < stop and tokens[r[1] + 1][0] in ("'s", "\u2019s")]
    runs = [r for r in runs if r not in owners]
    if owners and not runs:
        # "according to the Harbour Agency's database": the owner speaks
        return _name_mention(text, tokens, owners[0][0], owners[0][1], lex, "")
    if runs and roles:
        after_role = [r for r in runs if r[0] > roles[-1]]
        if after_role and tokens[after_role[0][0] - 1][0].lower() not in _LINKING | {"the"}:
            return _name_mention(text, tokens, after_role[0][0], after_role[0][1], lex, "")
        if after_role and tokens[0][0].lower() in ("the", "this"):
            named = _relation_name(tokens, stop) if stop < len(tokens) else None
            if named is None and stop < len(tokens) and tokens[stop][0] == ",":
                following = _runs(tokens, stop + 1, min(len(tokens), stop + 5))
                if following and following[0][0] == stop + 1 and following[0][1] > stop + 1:
                    named = following[0]
            if named is not None:
                # "says the founder of Harbour Press, Peter Weber": the name after the comma
                return _name_mention(text, tokens, named[0], named[1], lex, "")
            # "says the 40-year-old founder of Harbour Press": a person described by role
            start, end = tokens[0][1], tokens[stop - 1][2]
            return Mention(text[start:end], start, end, "role", _bare(tokens[roles[-1]][0]))
    if (
        runs
        and runs[0][0] > 0
        and runs[0][1] + 1 < stop
        and tokens[0][0].lower() in ("a", "an", "the", "one", "another")
    ):
        follower = tokens[runs[0][1] + 1][0]
        if follower[:1].islower() and follower not in _LINKING:
            # "a Texas school", "the retired Porto resident": a modifier
            runs = [r for r in runs if r[0] > runs[0][1] + 1]
    if runs:
        chosen = runs[0]
        for later in runs[1:]:
            between = [t[0].lower() for t in tokens[chosen[1] + 1 : later[0]]]
            if (
                chosen[1] == chosen[0]
                and later[1] > later[0]
                and between
                and not any(w in _LINKING for w in between)
            ):
                chosen = later  # "says Porto cartoonist Ana Ruiz"
            break
        if roles:
            after_role = [r for r in runs if r[0] > roles[-1]]
            if after_role:
                chosen = after_role[0]
        first, last = chosen
        prefix = [t[0].lower() for t in tokens[:first]]
        if len(prefix) <= 6 and not any(w in _LINKING for w in prefix):
            # "said Harbour head coach Tom Berg", "says architect Ana Paz Ruiz"
            return _name_mention(text, tokens, first, last, lex, "")
    # a common noun phrase: "the rookie defenceman", "a spokesperson for the ministry"
    head = stop - 1
    for index in range(stop):
        if tokens[index][0].lower() in ("of", "for", "with", "from", "at") and index > 0:
            head = index - 1
            break
    link = next((i for i in range(1, stop - 1) if tokens[i][0].lower() in ("from", "by")), None)
    if link is not None and _bare(tokens[link - 1][0]) in lex.documents:
        # "according to a news release from the Harbour Agency": the issuer speaks
        issuer = link + 2 if tokens[link + 1][0].lower() == "the" else link + 1
        issued = [r for r in runs if r[0] == issuer]
        if issued:
            return _name_mention(text, tokens, issued[0][0], issued[0][1], lex, "")
        if (
            issuer == link + 2
            and stop - issuer <= 3
            and _classify_common(_bare(tokens[stop - 1][0]), lex) == ORGANISATION
        ):
            # "according to a statement from the company": the company
            start, end = tokens[link + 1][1], tokens[stop - 1][2]
            return Mention(text[start:end], start, end, ORGANISATION, text[start:end])
    form = _classify_common(_bare(tokens[head][0]), lex)
    definite = tokens[0][0].lower() in ("the", "this") and head > 0
    if definite and (form is None or (form == UNNAMED and _bare(tokens[head][0]) in lex.roles)):
        form = "role"  # "says the affable proprietor": a definite description of a person
    if form is None:
        return None
    while stop > head + 1 and tokens[stop - 1][0].lower() in _LINKING | {"the", "a", "an"}:
        stop -= 1  # "wrote the authors of the "Growth ..."": the phrase before the quote
    start, end = tokens[0][1], tokens[stop - 1][2]
    if form == "role":
        return Mention(text[start:end], start, end, "role", _bare(tokens[head][0]))
    return Mention(text[start:end], start, end, form, text[start:end])


# --- resolution within one article -------------------------------------------------------


class _Entity:
    """A person or organisation of one article (a plain class: see :class:`Mention`)."""

    __slots__ = ("name", "kind", "gender", "roles", "quoted", "pronoun_gender",
                 "surname_references", "male_votes", "female_votes", "leads")

    def __init__(self, name: str, kind: str, gender: str = "") -> None:
        self.name = name
        self.kind = kind
        self.gender = gender
        self.roles: set[str] = set()
        self.quoted = False
        self.pronoun_gender = ""
        self.surname_references = 0
        self.male_votes = 0
        self.female_votes = 0
        self.leads = 0  # paragraphs it opens as the subject

    def is_salient_person(self) -> bool:
        """A person a pronoun may refer to: quoted, titled, or with a known given name.

        A gender guessed from nearby pronouns counts only for a name the article also uses
        by its last word alone ("Lund"), which places and organisations rarely are.
        """
        if self.kind != PERSON:
            return False
        if self.male_votes > 0 and self.male_votes >= 2 * self.female_votes:
            self.pronoun_gender = "male"
        elif self.female_votes > 0 and self.female_votes >= 2 * self.male_votes:
            self.pronoun_gender = "female"
        if self.pronoun_gender and not self.gender and (
            self.quoted or self.surname_references or self.leads
        ):
            self.gender = self.pronoun_gender
        if " " not in self.name and not self.gender and not self.roles:
            # a lone unresolved word ("Ottawa") is a poor antecedent; one with a title or role
            # ("President Reagan", "spokesman Wallis") is a person
            return False
        return self.quoted or bool(self.gender) or bool(self.roles)


_NATIVE_STRETCHES: Final = native_function("capital_stretches")  # `_CAPITAL_STRETCH` in C


def _stretch_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``_CAPITAL_STRETCH.finditer(text)``, in text order.

    In C where the C module is built (all at once: one pass over the text costs less than
    the regex's first stretches), else the regex's, as they are needed.
    """
    if _NATIVE_STRETCHES is not None:
        spans: list[tuple[int, int]] = _NATIVE_STRETCHES(text)
        return iter(spans)
    return (match.span() for match in _CAPITAL_STRETCH.finditer(text))


class SpeakerResolver:
    """Resolve speaker mentions to canonical speakers within one article, in text order.

    Args:
        text: The article text.
        sentence_starts: Start offsets of the sentences (to tell sentence-initial capitals
            from names).
    """

    def __init__(self, text: str, sentence_starts: Iterable[int] = ()) -> None:
        self.text = text
        self.lex = lexicon()
        self._entities: dict[str, _Entity] = {}
        # (offset, entity key) of every person or organisation mention, in text order
        self._mentions: list[tuple[int, str]] = []
        self._speakers: list[tuple[int, str]] = []
        self._company_names: dict[str, bool] = {}  # see `_described_as_company`
        self._organisation_names: dict[str, bool] = {}  # see `_described_as_organisation`
        self._content: tuple[int, int] | None = None  # see `resolve`
        self._first_seen: dict[str, int] = {}
        self._lower_vocabulary: frozenset[str] | None = None
        self._lower_checked: dict[str, bool] = {}
        self._stretches: Iterator[tuple[int, int]] | None = None
        self._pending: tuple[int, int] | None = None
        self._scanned_upto = 0
        self._sentence_start_set: frozenset[int] = frozenset()
        self._counted_at = -1
        self._counted = (0, 0)
        self._initials: dict[str, str] | None = None
        self._acronyms: dict[str, str | None] = {}
        self._run_spans: dict[int, tuple[int, int]] = {}
        self._object_like: dict[int, bool] = {}
        self._by_word: dict[str, list[str]] = {}
        self.excluded: list[tuple[int, int]] = []
        self.excluded_starts: list[int] = []
        self._excluded_source: Callable[[], Iterable[tuple[int, int]]] | None = None
        self._sentence_starts = sorted(sentence_starts)

    @property
    def _lower_words(self) -> frozenset[str]:
        """Words the article also writes in lower case: not names ("Even", "Knowing")."""
        if self._lower_vocabulary is None:
            found = _NATIVE_LOWER(self.text) if _NATIVE_LOWER is not None else (
                _LOWER_WORD.findall(self.text))
            self._lower_vocabulary = frozenset(found)
        return self._lower_vocabulary

    def _writes_lower(self, low: str) -> bool:
        """Whether ``low`` is one of :attr:`_lower_words`, looked up without listing them all.

        Most articles ask about a few words only: each is searched for with ``str.find`` and
        checked with ``_LOWER_WORD`` where found (a match there is a match of the full scan,
        since that pattern cannot start inside another of its matches). After
        ``_LOWER_LOOKUPS`` words the full list is built, which keeps long texts linear.
        """
        if self._lower_vocabulary is not None:
            return low in self._lower_vocabulary
        known = self._lower_checked.get(low)
        if known is not None:
            return known
        if len(self._lower_checked) >= _LOWER_LOOKUPS:
            return low in self._lower_words
        text = self.text
        found = False
        position = text.find(low) if low else -1
        while position >= 0:
            match = _LOWER_WORD.match(text, position)
            if match is not None and match.end() == position + len(low):
                found = True
                break
            position = text.find(low, position + 1)
        self._lower_checked[low] = found
        return found

    def _ensure_inventory(self, upto: int | None = None) -> None:
        """Scan the article's names up to a little after ``upto`` (all of them when None).

        Resolution runs in text order and looks back, so the scan goes only as far as the
        cues that need it; a full name or an unnamed source needs no scan at all. Both keep
        extraction fast on wire copy.
        """
        limit = len(self.text) if upto is None else min(len(self.text), upto + 400)
        if limit <= self._scanned_upto:
            return
        if self._stretches is None:
            self._stretches = _stretch_spans(self.text)
            self._sentence_start_set = frozenset(self._sentence_starts)
        text = self.text
        mentions = self._mentions
        sorted_upto = len(mentions)
        pending, self._pending = self._pending, None
        if pending is not None and pending[0] >= limit:
            self._pending = pending
        else:
            if pending is not None:
                self._scan_one(text[pending[0] : pending[1]], pending[0])
            scan_one = self._scan_one
            for start, end in self._stretches:
                if start >= limit:
                    self._pending = (start, end)
                    break
                scan_one(text[start:end], start)
            else:
                limit = len(text)
        self._scanned_upto = limit
        # the mentions before this scan are sorted already: sort the new ones only (sorting
        # the whole list at each cue made a text with thousands of names quadratic)
        if len(mentions) > sorted_upto:
            mentions[sorted_upto:] = sorted(mentions[sorted_upto:])
            if sorted_upto and mentions[sorted_upto - 1] > mentions[sorted_upto]:
                mentions.sort()

    # inventory -------------------------------------------------------------------------

    def _scan_one(self, found: str, start: int) -> None:
        """Collect the people and organisations of one stretch ``found`` at ``start``."""
        plan = _stretch_plan(found)
        if plan is None:
            return
        if (
            (start == 0 or self.text[start - 1] == "\n")
            and found.isupper()
            and _DATELINE_TAIL.match(self.text, start + len(found)) is not None
        ):
            return  # a dateline, "FARGO, N.D. -- ", names no one
        if (
            plan.lone_skippable
            and plan.lone not in self._by_word
            and self.text[max(start - 4, 0) : start].lower() != "the "
        ):
            return  # a lone word that is no known name's word and no organisation
        for run in plan.runs:
            self._scan_run(run, start)

    def _tally(self, position: int, key: str) -> None:
        """Count the he/his/him and she/her of the sentence where a person is named."""
        entity = self._entities[key]
        if entity.kind != PERSON or entity.gender:
            return
        male, female = self._pronoun_counts(position)
        entity.male_votes += male
        entity.female_votes += female

    def _pronoun_counts(self, position: int) -> tuple[int, int]:
        """The he/his/him and she/her/hers from ``position`` to its sentence end (250 at most)."""
        if self._counted_at == position:
            return self._counted
        index = bisect.bisect_right(self._sentence_starts, position)
        end = self._sentence_starts[index] if index < len(self._sentence_starts) else position + 250
        self._counted_at = position
        if _NATIVE_PRONOUNS is not None:  # the same count in C, without the window's copy
            counted: tuple[int, int] = _NATIVE_PRONOUNS(
                self.text, position, min(end, position + 250)
            )
            self._counted = counted
            return counted
        window = self.text[position : min(end, position + 250)]
        found = _PRONOUN_ACTING.findall(window)
        female = found.count("")
        self._counted = (len(found) - female, female)
        return self._counted

    def _scan_run(self, run: _RunPlan, base: int) -> None:
        """Record the person or organisation of one run of a stretch starting at ``base``."""
        skip = 0
        words = run.words
        for low in run.may_be_common:  # the leading words that may be common words
            if not self._writes_lower(low):
                break
            skip += 1
        if skip:
            words = words[skip:]
        offset = base + run.starts[skip]
        self._run_spans[offset] = (base + run.run_start, base + run.run_end)
        if skip:
            after_the = run.words[skip - 1].lower() == "the"
        elif run.the_before is not None:
            after_the = run.the_before
        else:
            after_the = self.text[max(base - 4, 0) : base].lower() == "the "
        if len(words) == 1 and words[0].isupper() and (
            len(words[0]) >= 6 or self._writes_lower(words[0].lower())
        ):
            return  # a dateline ("OTTAWA") or a label ("READ MORE"), not an acronym
        kind, titles, name, person = _classify_run(words) if skip else run.classified
        if kind == ORGANISATION:
            article = self.text[offset - 4 : offset - 1] + " " if after_the else ""
            joined = " ".join(name).replace(" 's", "'s").replace(" \u2019s", "\u2019s")
            joined = joined.replace(" , ", ", ")  # "Sears, Roebuck and Co"
            self._add_mention(offset, article + joined, ORGANISATION, [])  # "Poor's", one word
        elif after_the:
            if len(name) == 1 and name[0].endswith("s") and name[0][:1].isupper():
                article = self.text[offset - 4 : offset - 1]
                self._add_mention(offset, f"{article} {name[0]}", ORGANISATION, [])  # the Liberals
        elif kind == PERSON:
            longer = self._surname_entity(" ".join(person), offset) if len(person) == 2 else None
            if longer is not None:
                self._mentions.append((offset, longer))
                self._tally(offset, longer)
                return
            added = self._add_mention(offset, " ".join(person), PERSON, list(titles))
            if len(person) >= 2 and (
                titles or person[0].lower() in _given_names()
            ):  # surely a person: "Goldman Sachs, a bank," is not
                role = self._role_around(base + run.run_start, base + run.run_end)
                if role:
                    self._add_role(self._entities[added], role)
        elif kind == "single" and (
            titles or offset not in self._sentence_start_set or not self._is_common(person[0])
        ):
            key = self._surname_entity(person[0], offset)
            if key is not None:
                self._mentions.append((offset, key))
                self._tally(offset, key)
                self._entities[key].surname_references += 1
                if titles:
                    self._add_role(self._entities[key], " ".join(titles))

    def _role_around(self, start: int, end: int) -> str:
        """Role words written next to a name outside a quote's cue, lower case.

        An appositive after it ("Ana Ruiz, the mayor of Lyon,", "Tom Berg, a city
        councillor,") or a role just before it ("the agency's director, Tom Berg", "city
        councillor Tom Berg"), so that "the mayor said" later finds the person.
        """
        text = self.text
        after = _APPOSITIVE_ROLE.match(text, end, min(len(text), end + 100))
        window = last_words_start(text, max(0, start - 60), start, _ROLE_WORDS)
        before = _ROLE_BEFORE_NAME.search(text, window, start)
        words = after.group(1).split() if after else []
        roles = [
            _bare(word)
            for index, word in enumerate(words)
            # "shadow chancellor", "former mayor": not who "the chancellor" is
            if _bare(word) in self.lex.roles
            and (index == 0 or words[index - 1] not in _OTHER_HOLDER)
        ]
        if before is not None:
            *modifier, word = before.group(1).lower().split()
            if _bare(word) in self.lex.roles and not set(modifier) & _OTHER_HOLDER:
                roles.append(_bare(word))  # only the word next to the name: not "aide to"
        return " ".join(roles)

    def _is_title(self, word: str) -> bool:
        bare = _bare(word)
        return bare in self.lex.honorifics or bare in self.lex.roles

    def _is_common(self, word: str) -> bool:
        """A capitalised word the article also uses in lower case, and not a given name."""
        low = word.lower()
        return (
            self._writes_lower(low)
            and low not in self.lex.male_names
            and low not in self.lex.female_names
            and not _is_org_word(word)
        )

    def _is_object_mention(self, offset: int) -> bool:
        if offset not in self._object_like:
            span = self._run_spans.get(offset)
            self._object_like[offset] = span is not None and self._is_object_like(*span)
        return self._object_like[offset]

    def _is_object_like(self, start: int, end: int) -> bool:
        """Whether a name stands where an object or an appositive stands, not a subject.

        "lawmakers and Berg", "a letter to Ana Silva", "his friend, Tom Berg, gave":
        a pronoun rarely refers back to such a name when a subject is nearby.
        """
        line_start = self.text.rfind("\n", max(0, start - 80), start) + 1
        before = _word_before(self.text, max(line_start, start - 40), start)
        for _ in range(4):
            # past a title ("Immigration lawyer Ronalee Carey", "of Communist Party chief Hu
            # Yaobang"): the word before the title tells
            if before is None or before.group(1) not in self.lex.roles:
                break
            while True:
                previous = _word_before(
                    self.text, max(line_start, before.start(1) - 40), before.start(1)
                )
                if previous is None or not previous.group(1)[:1].isupper():
                    break
                before = previous  # a capitalised word of the title ("Communist Party")
            before = previous
        if before is None:
            return False
        word = before.group(1)
        if word in (",",):
            return self.text[end : end + 1] == ","
        if word in _speech_forms():
            head = self.text[max(0, before.start(1) - 3) : before.start(1)].rstrip()
            if head.endswith((",", "\"", "\u201d")):
                return False  # an inverted subject: "..., said Mark Weiss"
        return word[:1].islower() and word not in _SUBJECT_INTRODUCERS

    def _add_mention(self, offset: int, name: str, kind: str, titles: list[str]) -> str:
        key = canonical_key(name)
        entity = self._entities.get(key)
        if entity is None:
            entity = _Entity(name=name, kind=kind, gender=self._gender(name, titles))
            if kind == PERSON and not entity.gender:
                entity.pronoun_gender = self._pronoun_gender(offset)
            self._entities[key] = entity
            self._index(key, entity)
            self._first_seen[key] = offset
        elif not entity.gender:
            entity.gender = self._gender(name, titles)
        if titles:
            self._add_role(entity, " ".join(titles))
        self._mentions.append((offset, key))
        if (
            kind == PERSON
            and (offset == 0 or self.text[offset - 1] == "\n")
            and " " in name
            and _LEADING_NAME.match(self.text, offset) is not None
        ):
            entity.leads += 1
        self._tally(offset, key)
        return key

    def _pronoun_gender(self, offset: int) -> str:
        """Guess a person's gender from the pronouns in the sentence of their first mention.

        Only that sentence: a pronoun in a later sentence is what this guess helps resolve.
        """
        male, female = self._pronoun_counts(offset)
        if male > female:
            return "male"
        if female > male:
            return "female"
        return ""

    def _gender(self, name: str, titles: Iterable[str]) -> str:
        """A person's gender: from an honorific, else the given name, else a role word.

        "Mr" and "Mrs" decide; "chairman", used of women too, yields to a given name.
        """
        lex = self.lex
        by_role = ""
        for title in titles:
            bare = _bare(title)
            gender = (
                "male" if bare in lex.male_words else "female" if bare in lex.female_words else ""
            )
            if gender and bare in lex.honorifics:
                return gender
            by_role = by_role or gender
        first = name.split()[0].lower() if name else ""
        if first in lex.male_names:
            return "male"
        if first in lex.female_names:
            return "female"
        return by_role

    def _index(self, key: str, entity: _Entity) -> None:
        """Index a new entity by each word of its name (for surname look-ups)."""
        by_word = self._by_word
        for word in dict.fromkeys(entity.name.split()):
            keys = by_word.get(word)
            if keys is None:
                by_word[word] = [key]
            else:
                keys.append(key)

    def _surname_entity(self, word: str, offset: int) -> str | None:
        """Return the person whose surname (else given name) is ``word``, nearest before.

        ``word`` may be several words ("Al Amin"): they must end the person's name.
        """
        word = _POSSESSIVE.sub("", word) if word.endswith(("'s", "\u2019s")) else word
        wanted = word.split()
        for position in (-1, 0):
            best: tuple[tuple[int, int, int], str] | None = None
            keys = self._by_word.get(wanted[-1] if position == -1 else word, ())
            counts = self._mention_counts(keys, offset) if len(keys) > 1 else None
            for key in keys:
                entity = self._entities[key]
                if entity.kind != PERSON:
                    continue
                parts = entity.name.split()
                if len(parts) <= len(wanted):
                    continue
                if position == -1 and parts[-len(wanted) :] != wanted:
                    continue
                if position == 0 and (len(wanted) > 1 or parts[0] != word):
                    continue
                first_at = self._first_seen.get(key, offset)
                # named before first; of two such ("Robert Major", "Brenden Major"), the one
                # named more often so far (the story's own), then the one named nearest
                often = -counts[key] if counts is not None else 0
                rank = (0 if first_at <= offset else 1, often, abs(offset - first_at))
                if best is None or rank < best[0]:
                    best = (rank, key)
            if best is not None:
                return best[1]
        return None

    def _mention_counts(self, keys: Iterable[str], offset: int) -> dict[str, int]:
        """How often each of ``keys`` is named before ``offset``."""
        wanted = set(keys)
        counts = dict.fromkeys(wanted, 0)
        for position, key in self._mentions:
            if position >= offset:
                break
            if key in wanted:
                counts[key] += 1
        return counts

    # resolution ------------------------------------------------------------------------

    def resolve(
        self, mention: Mention | None, offset: int, content: tuple[int, int] | None = None
    ) -> tuple[str, str]:
        """Return ``(speaker, speaker_kind)`` for a mention of a cue at ``offset``.

        Args:
            mention: The parsed subject of the cue, or ``None``.
            offset: Where the cue is (resolution looks back from here).
            content: The span of what the speaker said, when it comes before the cue: a
                person named there is no antecedent of the cue's "he" ("Macharia and some
                colleagues hid under desks, he said" is not Macharia's).

        Returns:
            The canonical speaker name (empty when unknown) and its kind.
        """
        if mention is None:
            return "", UNKNOWN
        self._content = content
        form = mention.form
        if _needs_inventory(mention):
            self._ensure_inventory(offset)
        if form == "name":
            return self._resolve_name(mention, offset)
        if form == "pronoun":
            return self._resolve_pronoun(mention.name, offset)
        if form == ORGANISATION and _is_name_pair(mention.name):
            # the first of two people named before ("Cummings and Conyers"), as a coordinated
            # subject is headed; else the firm ("Duff and Phelps")
            key = self._surname_entity(mention.name.split()[0], offset)
            if key is not None:
                return self._speak(offset, self._entities[key].name, PERSON)
            named = [  # the firm named in full before: "Gulf and Western Inc"
                entity.name for entity in self._entities.values()
                if entity.kind == ORGANISATION and entity.name.startswith(mention.name + " ")
            ]  # fmt: skip
            return self._speak(offset, min(named, default=mention.name), ORGANISATION)
        if form == ORGANISATION and len(mention.name.split()) == 1:
            key = self._surname_entity(mention.name, offset)
            if key is not None:
                return self._speak(offset, self._entities[key].name, PERSON)
        if form == ORGANISATION and _has_proper_name(mention.name):
            return self._speak(offset, self._expand_acronym(mention.name, offset), ORGANISATION)
        if form == "role":
            return self._resolve_role(mention, offset)
        if form in (ORGANISATION, "document"):
            return self._resolve_organisation(mention, offset)
        return self._speak(offset, mention.text, UNNAMED)

    def _speak(self, offset: int, name: str, kind: str) -> tuple[str, str]:
        """Record ``name`` as quoted at ``offset`` and return its canonical form."""
        if kind == ORGANISATION:
            name = self._expand_acronym(name, offset)
        key = canonical_key(name)
        entity = self._entities.get(key)
        if entity is None:
            entity = _Entity(name=name, kind=kind, gender=self._gender(name, []))
            self._entities[key] = entity
            self._index(key, entity)
            self._first_seen[key] = offset
        entity.quoted = True
        bisect.insort(self._speakers, (offset, key))
        return entity.name, entity.kind

    def _resolve_name(self, mention: Mention, offset: int) -> tuple[str, str]:
        words = mention.name.split()
        while len(words) > 1 and self._is_common(words[0]):
            words = words[1:]
        name = " ".join(words)
        if len(words) == 1 and name.endswith("ing") and self._is_common(name):
            return "", UNKNOWN  # "Looking out at the crowd, Trump read ...": no name
        key = None
        if len(words) == 1 or (len(words) == 2 and self._may_be_longer(name)):
            self._ensure_inventory(offset)
            key = self._surname_entity(name, offset)
        if key is None and len(words) == 1:
            key = self._organisation_starting(name)
            if key is not None:
                return self._speak(offset, self._entities[key].name, ORGANISATION)
            if self._described_as_organisation(name):
                return self._speak(offset, name, ORGANISATION)
        if key is None and len(words) >= 2 and _is_place_name(name):
            return self._speak(offset, name, ORGANISATION)  # "West Germany said"
        if key is not None:
            name = self._entities[key].name
        speaker = self._speak(offset, name, PERSON)
        self._add_role(self._entities[canonical_key(name)], mention.role)
        return speaker

    def _described_as_organisation(self, name: str) -> bool:
        """Whether a one-word name that no person of the article bears is an organisation.

        Said of a country or a capital ("Iraq said", "Tokyo told": its government), of a
        name written as companies are ("GenCorp", "PolitiFact"), and of a name the article
        describes as one:

        - after a noun saying so: "research firm Gartner", "oil giant Yukos";
        - in an apposition headed by one: "Nova, the Canadian company that ...";
        - before one: "the official Tanjug news agency";
        - owning what only a business has: "Novartis' profits", "Gartner's principal analyst";
        - as the short name of a company: "Adelaide Steamship Co Ltd (Adsteam)".

        Each name is looked up once per article (a firm may speak many times).
        """
        found = self._organisation_names.get(name)
        if found is None:
            found = self._organisation_names[name] = self._describes_organisation(name)
        return found

    def _describes_organisation(self, name: str) -> bool:
        """The look-up of :meth:`_described_as_organisation`."""
        if name.lower() in _given_names():
            return False
        if name in _place_names() or _is_company_cased(name) or name in _PARTY_NAMES:
            return True
        if name not in self.text:
            return False
        text = self.text
        for noun in _nouns_before(text, name):
            if self._is_organisation_noun(noun):
                return True
            if noun.endswith("s") and noun in self.lex.unnamed and noun[:-1] in self.lex.unnamed:
                return True  # "technology analysts Gartner": a group of people is a firm
        for start in _name_positions(text, name, end_boundary=False):
            match = _AFTER_NAME.match(text, start + len(name))
            if match is None:
                continue
            if match.group("noun") is not None or match.group("business") is not None:
                return True
            if match.group("alias") is not None:
                if _COMPANY_BEFORE_ALIAS.search(self.text, max(0, start - 40), start):
                    return True
                continue
            appositive = match.group("appositive")
            head = appositive.split()[-1] if appositive and appositive.split() else ""
            if head.islower() and self._is_organisation_noun(head):
                return True
        return False

    def _is_organisation_noun(self, noun: str) -> bool:
        """A noun that says a name is an organisation ("firm", "giant"; not "producer")."""
        lex = self.lex
        return (
            (noun in lex.org_nouns or noun in _FIRM_NOUNS)
            and noun not in _PERSON_OR_FIRM
            and noun not in _UNIT_NOUNS
        )

    def _may_be_longer(self, name: str) -> bool:
        """Whether the article also writes ``name`` after another capitalised word."""
        text = self.text
        position = text.find(name)
        while position > 0:
            before = text[max(0, position - 40) : position]
            words = before.split()
            if before[-1:] in (" ", "\t") and words and words[-1][:1].isupper():
                return True
            position = text.find(name, position + 1)
        return False

    def _organisation_starting(self, word: str) -> str | None:
        """An organisation named in full whose name starts with ``word`` ("Samsung").

        Else a company whose name holds it ("Lilly": "Eli Lilly and Co").
        """
        holding = None
        for key, entity in sorted(self._entities.items()):
            parts = entity.name.split()
            if parts and parts[0].lower() == "the":
                parts = parts[1:]
            if entity.kind != ORGANISATION or len(parts) < 2 or _is_name_pair(entity.name):
                continue
            if parts[0].rstrip(",") == word:  # "Sears, Roebuck and Co"
                return key
            if (
                holding is None
                and parts[-1].rstrip(".") in _LEGAL_SUFFIXES
                and word in (part.removesuffix("'s").removesuffix("\u2019s") for part in parts)
            ):
                holding = key
        return holding

    def _expand_acronym(self, name: str, offset: int) -> str:
        """The full name an acronym stands for, if the article spells it out ("HPA").

        Initials joined by "and" ("S and P", "AT and T") stand for the company named in full
        whose words start with those letters ("Standard and Poor's Corp").
        """
        words = name.split()
        if len(words) == 3 and words[1] == "and" and _is_initials(words[0]):
            if _is_initials(words[2]):
                self._ensure_inventory(offset)  # the companies named before
                return self._company_of_initials(words[0] + words[2]) or name
        bare = words[-1]
        if not (2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper()):
            return name
        if self._initials is None and len(self._acronyms) < _ACRONYM_LOOKUPS:
            # a few acronyms are looked up one by one; more, and all runs are indexed once
            if bare not in self._acronyms:
                self._acronyms[bare] = _spelled_out(self.text, bare)
            return self._acronyms[bare] or name
        if self._initials is None:
            self._initials = _initials_index(self.text)
        return self._initials.get(bare) or name

    def _company_of_initials(self, letters: str) -> str | None:
        """The organisation named so far whose capitalised words start with ``letters``."""
        for entity in list(self._entities.values()):
            initials = "".join(
                word[0] for word in entity.name.split() if word[:1].isupper() and word != "The"
            )
            if entity.kind == ORGANISATION and len(initials) > len(letters):
                if initials.startswith(letters):
                    return entity.name
        return None

    def _add_role(self, entity: _Entity, role: str) -> None:
        previous = ""
        for word in role.split():
            bare = _bare(word)
            if bare in self.lex.roles and previous not in _OTHER_HOLDER:
                entity.roles.add(bare)  # not "Shadow Chancellor": "the chancellor" is another
            previous = bare
            if not entity.gender:
                if bare in self.lex.male_words:
                    entity.gender = "male"
                elif bare in self.lex.female_words:
                    entity.gender = "female"

    def _recent(self, offset: int) -> Iterator[str]:
        """Entity keys mentioned before or quoted at ``offset``, most recent first.

        Only the last :data:`_RECENT_EVENTS` events within :data:`_RECENT_WINDOW` characters
        count: an antecedent further back is unlikely, and the bound keeps long texts linear.
        """
        mentions = self._mentions
        speakers = self._speakers
        m = bisect.bisect_left(mentions, (offset, "")) - 1
        p = bisect.bisect_right(speakers, (offset, "\uffff")) - 1
        floor = offset - _RECENT_WINDOW
        for _ in range(_RECENT_EVENTS):
            take_mention = m >= 0 and (p < 0 or mentions[m] > speakers[p])
            if take_mention:
                position, key = mentions[m]
                m -= 1
            elif p >= 0:
                position, key = speakers[p]
                p -= 1
            else:
                return
            if position < floor:
                return
            yield key

    def _mentions_between(self, lower: int, upper: int) -> list[tuple[int, str]]:
        """Mentions with ``lower <= position < upper``, in text order."""
        first = bisect.bisect_left(self._mentions, (lower, ""))
        last = bisect.bisect_left(self._mentions, (upper, ""))
        return self._mentions[first:last]

    def _speakers_before(self, offset: int) -> Iterator[tuple[int, str]]:
        """Speaker events before ``offset``, latest first, bounded like :meth:`_recent`."""
        index = bisect.bisect_left(self._speakers, (offset, "")) - 1
        floor = offset - _RECENT_WINDOW
        for _ in range(_RECENT_EVENTS):
            if index < 0 or self._speakers[index][0] < floor:
                return
            yield self._speakers[index]
            index -= 1

    def _resolve_pronoun(self, pronoun: str, offset: int) -> tuple[str, str]:
        antecedent = self.lex.pronouns.get(pronoun, "")
        if antecedent in ("male", "female"):
            key = self._pronoun_antecedent(antecedent, offset)
            if key is None:
                return "", UNKNOWN
            return self._speak(offset, self._entities[key].name, self._entities[key].kind)
        if antecedent in ("plural", "thing"):
            recent = list(dict.fromkeys(self._recent(offset)))  # bounded
            for key in recent:
                entity = self._entities[key]
                # "they": a group ("officials", "the Liberals") before an organisation
                if antecedent == "plural" and (
                    (entity.kind == UNNAMED and not self._is_singular(entity.name))
                    or (entity.kind == ORGANISATION
                        and entity.name.endswith("s")
                        and not self._is_outlet(entity))
                ):
                    return self._speak(offset, entity.name, entity.kind)
            # "it": the organisation quoted last ("Acme Corp said it would buy Beta Inc. It
            # said ..."), else one named near, a country or capital only when no other is (a
            # country is often named as the object of what a company or agency says)
            last = self._last_speaker(offset)
            if antecedent == "thing" and last in recent:
                entity = self._entities[last]
                if entity.kind == ORGANISATION and not _is_country_or_capital(entity.name):
                    return self._speak(offset, entity.name, entity.kind)
            for places in (False, True):
                for key in recent:
                    entity = self._entities[key]
                    if (
                        entity.kind == ORGANISATION
                        and (entity.quoted or not self._is_outlet(entity))
                        and _is_country_or_capital(entity.name) == places
                    ):
                        return self._speak(offset, entity.name, entity.kind)
        return "", UNKNOWN

    def _is_singular(self, name: str) -> bool:
        """Whether an unnamed source is one person, whom "they" does not refer to.

        "A spokeswoman for YouTube", "the official": not "officials", "traders in Tokyo".
        """
        words = name.split()
        if words[0].lower() in ("a", "an", "one", "another", "each"):
            return True
        link = next((i for i, word in enumerate(words) if i and word in _GROUP_LINKS), len(words))
        head = _bare(words[link - 1])
        return head + "s" in self.lex.unnamed or (head in self.lex.roles and head[-1:] != "s")

    def _pronoun_antecedent(self, gender: str, offset: int) -> str | None:
        """The person "he"/"she" at ``offset`` refers to.

        First the nearest person named as a subject (not as an object or an appositive, and
        not inside quote marks) in this paragraph or the two before it; else a person who
        opened a paragraph as its subject since the person of this gender quoted last was last
        named; else the person quoted last; else the person named last. Each must fit the
        pronoun's gender (a person of unknown gender fits both; known genders are tried first
        in the fallbacks).
        """
        def fits(key: str, genders: tuple[str, ...]) -> bool:
            entity = self._entities[key]
            return entity.is_salient_person() and entity.gender in genders

        sentence_start = self._sentence_start(offset)
        last = next(self._speakers_before(offset), None)
        source = self._unnamed_source(last, offset, gender)
        if last is not None and not fits(last[1], (gender,)):
            last = None  # of a known gender only: a firm taken for a person has none
        for position, key in self._subject_mentions(offset):
            if source is not None and source[0] > position:
                break  # "A security guard told Reuters ... The gunmen fled, he said."
            if last is not None and last[0] > position and last[1] != key:
                # the person quoted since the subject was named ("Goodwin said ... Attorney
                # General Loretta Lynch, who told Congress: '...' She added"): Lynch
                return last[1]
            entity = self._entities[key]
            if fits(key, (gender, "")) or (
                position >= sentence_start and entity.kind == PERSON and not entity.gender
            ):
                return key
        if source is not None:
            return source[1]
        # a person of this gender who opened a paragraph as its subject since the last quote
        # of one ("Wendy Golden now lives ... She used to ... After Kody died, she urged")
        quoted = next(
            ((p, key) for p, key in self._speakers_before(offset) if fits(key, (gender,))),
            (-1, ""),
        )
        # (after the quoted person was last named too: "As envisioned by Heller, ...")
        since = self._mentions_between(max(quoted[0], offset - _RECENT_WINDOW), offset)
        floor = max([quoted[0]] + [p for p, key in since if key == quoted[1]])
        for position, key in self._subject_mentions(offset, floor=floor + 1):
            if (
                (position == 0 or self.text[position - 1] == "\n")
                and self._entities[key].kind == PERSON
                and fits(key, (gender,))
            ):
                return key
        for genders in ((gender,), ("",)):
            for _, key in self._speakers_before(offset):
                if fits(key, genders):
                    return key
            for key in self._recent(offset):
                if fits(key, genders):
                    return key
        # last resort: a person named in full as a subject nearby, of no known gender ("For
        # Fouzia Al Hashish ..., the time has come ... "...," she said"), when no other fits
        for _, key in self._subject_mentions(offset):
            entity = self._entities[key]
            if (
                entity.kind == PERSON
                and not entity.gender
                and 2 <= len(entity.name.split()) <= 3
                and entity.pronoun_gender in ("", gender)
                # a name the article also uses by its last word ("Al Hashish is among ..."):
                # a person, not "Sri Lankan" nor "Panama Canal"
                and entity.surname_references > 0
            ):
                return key
        return None

    def _unnamed_source(
        self, last: tuple[int, str] | None, offset: int, gender: str
    ) -> tuple[int, str] | None:
        """``last`` (the last quote's speaker event), if one unnamed person of this gender.

        "A spokeswoman" quoted in this paragraph or the two before it, like the subjects a
        pronoun refers to.
        """
        if last is None:
            return None
        floor = self._previous_paragraph_start(self._previous_paragraph_start(offset))
        entity = self._entities[last[1]]
        if last[0] < floor or entity.kind != UNNAMED or not self._is_singular(entity.name):
            return None
        named = entity.name.split()
        link = next((i for i, word in enumerate(named) if i and word in _GROUP_LINKS), len(named))
        head = _bare(named[link - 1])
        if named[0].lower() not in ("a", "an", "one", "another") and (
            head + "s" not in self.lex.unnamed or head in _OFFICES
        ):
            return None  # "the chancellor", "the trade minister": someone named before
        words = {_bare(word) for word in named}
        other = self.lex.female_words if gender == "male" else self.lex.male_words
        if words & other or words & {"they", "their", "his", "her", "its"}:
            return None  # "a spokeswoman" is no "he"; "his father" is someone's
        return last

    def _subject_mentions(self, offset: int, floor: int | None = None) -> list[tuple[int, str]]:
        """``(position, key)`` of the names before ``offset`` used as subjects, nearest first.

        From ``floor`` on (default: this paragraph and the two before it); not as an object
        or an appositive, and not inside quote marks or the content of the quote resolved.
        """
        if floor is None:
            floor = self._previous_paragraph_start(self._previous_paragraph_start(offset))
        content = self._content or (offset, offset)
        named = [
            (p, k) for p, k in self._mentions_between(max(floor, offset - _RECENT_WINDOW), offset)
            if not self._in_excluded(p) and not self._is_object_mention(p)
            and not content[0] <= p < content[1]
        ]
        return sorted(named, reverse=True)

    def _sentence_start(self, offset: int) -> int:
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        return self._sentence_starts[index] if index >= 0 else 0

    def _previous_paragraph_start(self, offset: int) -> int:
        """Start of the paragraph before the one holding ``offset``."""
        text = self.text
        position = text.rfind("\n", 0, offset)
        while position > 0 and text[position - 1].isspace():
            position -= 1
        return text.rfind("\n", 0, max(position, 0)) + 1

    def labelled_speaker(self, label: str, offset: int) -> tuple[str, str] | None:
        """The person a transcript label names ("WALLACE: ..."), if the article names them.

        The label is matched, whatever its case, to the last word of a person named in full
        in the article ("Chris Wallace"). A label the article does not otherwise name is a
        speaker only when it opens two turns or more and is no word the article writes in
        lower case; "UPDATE:", "NOTE:" and the like never are.
        """
        self._ensure_inventory()
        wanted = label.split()[-1].lower()
        found = [
            key
            for key, entity in self._entities.items()
            if entity.kind == PERSON
            and len(entity.name.split()) > 1
            and entity.name.split()[-1].lower() == wanted
        ]
        if len(found) == 1:
            return self._speak(offset, self._entities[found[0]].name, PERSON)
        if found or label.lower() in _NOT_SPEAKER_LABELS or self._writes_lower(wanted):
            return None  # two people of that name, or "UPDATE:", "NOTE:": no one named
        turns = re.findall(rf"(?:^|\n)[\"\u201c]?\s*{re.escape(label)}:\s", self.text)
        if len(turns) < 2:
            return None  # one label alone is no transcript
        # a transcript's speaker the article does not otherwise name ("WALLACE:" of Fox News);
        # the inventory took the capitalised label for an acronym's organisation
        entity = self._entities.get(canonical_key(label))
        if entity is not None and entity.kind == ORGANISATION and entity.name == label:
            entity.kind, entity.name = PERSON, label.title()
        return self._speak(offset, label.title(), PERSON)

    def sentence_subject(self, start: int, since: int) -> tuple[str, str] | None:
        """The person opening the sentence just before a cue-less quote, in its paragraph.

        "Lund did not hesitate. "I'm ready ..."": the quote belongs to the
        person the narrative has just made its subject. Only a name that opens a sentence
        after ``since`` (the previous quote's end) and in the quote's paragraph counts.
        """
        self._ensure_inventory(start)
        paragraph = self.text.rfind("\n", 0, start) + 1
        lower = max(since, paragraph)
        for position, key in reversed(self._mentions_between(lower, start)):
            entity = self._entities[key]
            if entity.kind == PERSON and self._sentence_start(position) == position:
                return self._speak(start, entity.name, PERSON)
        return None

    def exclude(self, spans: Callable[[], Iterable[tuple[int, int]]]) -> None:
        """Do not take antecedents from these spans (quotes, credits); computed when needed."""
        self._excluded_source = spans
        self.excluded = []
        self.excluded_starts = []

    def _load_excluded(self) -> None:
        source = self._excluded_source
        merged: list[tuple[int, int]] = []
        for start, end in sorted(source() if source is not None else ()):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.excluded = merged
        self.excluded_starts = [start for start, _ in merged]
        self._excluded_source = None

    def _in_excluded(self, offset: int) -> bool:
        if self._excluded_source is not None:
            self._load_excluded()
        index = bisect.bisect_right(self.excluded_starts, offset) - 1
        return index >= 0 and offset < self.excluded[index][1]

    def _resolve_role(self, mention: Mention, offset: int) -> tuple[str, str]:
        role = mention.name
        if " " not in mention.text and mention.text[:1].isupper():
            # "King said", "Major said": the surname of a person named before, if any
            self._ensure_inventory(offset)
            key = self._surname_entity(mention.text, offset)
            if key is not None:
                return self._speak(offset, self._entities[key].name, PERSON)
        words = mention.text.split()
        anonymous = words[0].lower() in _ANONYMOUS_DETERMINERS  # "one longtime adviser"
        for key in () if anonymous else self._recent(offset):
            entity = self._entities[key]
            if entity.kind == PERSON and role in entity.roles:
                return self._speak(offset, entity.name, PERSON)
        definite = words[0].lower() in ("the", "this")
        if definite:
            # "the (SEC) official": the unnamed source of that role quoted before, with the
            # same modifiers ("An SEC official in Washington said", not "A spokesman" for "the
            # police spokesman"); "his father" is someone's, not any father
            wanted = {_bare(word) for word in words[1:]}
            for key in self._recent(offset):
                entity = self._entities[key]
                named = entity.name.split()
                if (
                    entity.kind == UNNAMED
                    and entity.quoted
                    and named[0].lower() not in _POSSESSIVE_PRONOUNS
                    and role in wanted
                    and wanted <= {_bare(word) for word in named}
                ):
                    return self._speak(offset, entity.name, UNNAMED)
        owned = any(word.endswith(("'s", "\u2019s")) for word in words[1:-1])
        if _AGE.search(mention.text) or (
            # not "the firm's arbitrageur", "the singer's agent": someone of another
            definite and len(words) > 2 and not owned and not self._links_to_person(words)
        ):
            # a definite description ("the rookie defenceman", "the 32-year-old") refers to
            # the person just named: first one named as the subject of the sentence before
            # ("Niederreiter has four goals since Minnesota traded him for Victor Rask. The
            # 26-year-old right wing said"), else the last one named
            anchor = min(offset, self._content[0]) if self._content else offset
            index = bisect.bisect_right(self._sentence_starts, anchor) - 2
            floor = self._sentence_starts[index] if index >= 0 else 0
            for _, key in self._subject_mentions(offset, floor):
                if self._entities[key].is_salient_person():
                    return self._speak(offset, self._entities[key].name, PERSON)
            for key in self._recent(offset):
                if self._entities[key].is_salient_person():
                    return self._speak(offset, self._entities[key].name, PERSON)
        return self._speak(offset, mention.text, UNNAMED)

    def _links_to_person(self, words: list[str]) -> bool:
        """Whether a role is linked to a person or a place ("the aide to Lyng").

        Such a description is of someone else, not of the person just named ("the governor
        of Sao Paulo" is whoever holds that office); "the former sergeant-at-arms of the
        House of Commons" may well be.
        """
        link = next((i for i, word in enumerate(words) if i and word in _ROLE_LINKS), None)
        if link is None:
            return False
        capitalised = [word for word in words[link + 1 :] if word[:1].isupper()]
        if capitalised and _is_place_name(" ".join(word.strip(",.;:") for word in capitalised)):
            return True
        named = {_bare(word) for word in capitalised}
        return any(
            entity.kind == PERSON and named & {_bare(word) for word in entity.name.split()}
            for entity in self._entities.values()
        )

    def _resolve_organisation(self, mention: Mention, offset: int) -> tuple[str, str]:
        """"The ministry", "the statement": the organisation named last that fits.

        An organisation whose name holds the head noun wins; then one already quoted; then
        any. News outlets are skipped unless quoted: they are usually a credit or a byline.
        """
        if mention.form == "document":
            issuer = self._document_issuer(mention.text, offset)
            if issuer is not None:
                return issuer
        head = _bare(mention.text.split()[-1])
        recent = [
            key for key in dict.fromkeys(self._recent(offset))
            if self._entities[key].kind == ORGANISATION
            and (self._entities[key].quoted or not self._is_outlet(self._entities[key]))
            # "the report" is not the UK's, but "the government" may be Canada's
            and (head in _STATE_NOUNS or not _is_country_or_capital(self._entities[key].name))
        ]
        holding = [key for key in recent if head in self._entities[key].name.lower().split()]
        for key in holding:
            # a name that ends with the noun first: "the exchange" is the New York Mercantile
            # Exchange before the Securities and Exchange Commission
            if _heads_name(head, self._entities[key].name):
                return self._speak(offset, self._entities[key].name, ORGANISATION)
        if holding:
            return self._speak(offset, self._entities[holding[0]].name, ORGANISATION)
        if head in _BUSINESS_NOUNS:
            # the company quoted before (the article's subject) over one named since as an
            # object ("Synergen Inc said it agreed to supply Ciba-Geigy AG ... The company")
            companies = [key for key in recent if self._is_company(self._entities[key])]
            if companies:
                last = self._last_speaker(offset)
                chosen = last if last in companies else companies[0]
                return self._speak(offset, self._entities[chosen].name, ORGANISATION)
        if head in _KIND_NOUNS and mention.form == ORGANISATION:
            # "the union", "the party": not a company named before (General Motors Corp)
            recent = [key for key in recent if not self._is_company(self._entities[key])]
            if not recent:
                return self._speak(offset, mention.text, ORGANISATION)
        for key in recent:
            if self._entities[key].quoted or mention.form == ORGANISATION:
                return self._speak(offset, self._entities[key].name, ORGANISATION)
        if recent:
            return self._speak(offset, self._entities[recent[0]].name, ORGANISATION)
        return self._speak(offset, mention.text, ORGANISATION if mention.form == ORGANISATION
                           else UNNAMED)

    def _document_issuer(self, phrase: str, offset: int) -> tuple[str, str] | None:
        """"the Globe report", "the Airbus statement": the name before the noun issued it.

        That is the organisation named so far whose name holds the name's words ("the
        Finance Ministry statement": the Finance Ministry), or the one an acronym stands for
        ("the SEC report"), or the person of that name ("the Clinton ad"), or else the
        name itself, as an organisation. None (the document is resolved as any other) when
        no name stands between "the" and the noun, when the name is a place, a country's
        adjective or a month ("the Paris statement", "the French statement", "the March
        survey": whoever issued it is looked for as before), and for a filing ("the SEC
        filing" is a company's, filed with the SEC).
        """
        words = phrase.split()
        head = _bare(words[-1])
        if (
            len(words) < 3
            or words[0] not in ("the", "The")
            or head not in self.lex.documents
            or head in ("filing", "filings")
        ):
            return None
        qualifier = words[1:-1]
        if not all(_is_name_token(word) for word in qualifier):
            return None
        name = " ".join(qualifier)
        if _is_country_or_capital(name) or name.lower() in _MONTHS:
            return None
        lowered = {word.lower() for word in qualifier}
        self._ensure_inventory(offset)
        for key in dict.fromkeys(self._recent(offset)):
            entity = self._entities[key]
            if entity.kind == ORGANISATION and lowered <= set(entity.name.lower().split()):
                return self._speak(offset, entity.name, ORGANISATION)
        expanded = self._expand_acronym(name, offset)
        if expanded != name:
            return self._speak(offset, expanded, ORGANISATION)
        if len(qualifier) == 1:
            bearer = self._surname_entity(name, offset)
            person = self._entities[bearer] if bearer is not None else None
            parts = person.name.split() if person is not None else []
            if (
                person is not None
                and person.kind == PERSON
                and 2 <= len(parts) <= 3  # a person's name, not a misread firm's
                and name in (parts[0], parts[-1])  # "the Wim report", "the Clinton ad"
            ):
                return self._speak(offset, person.name, PERSON)
        return self._speak(offset, name, ORGANISATION)

    def _last_speaker(self, offset: int) -> str | None:
        """The key of the speaker of the last quote before ``offset``, if near enough."""
        return next(self._speakers_before(offset), (0, None))[1]

    def _is_company(self, entity: _Entity) -> bool:
        words = entity.name.split()
        return (
            (len(words) > 1 and words[-1].rstrip(".") in _LEGAL_SUFFIXES)
            or "&" in words  # "Procter & Gamble"
            or any(_bare(word) in self.lex.company_words for word in words)
            or (len(words) == 1 and self._described_as_company(entity.name))
        )

    def _described_as_company(self, name: str) -> bool:
        """Whether the article writes a business noun before a one-word name ("firm GroupM")."""
        found = self._company_names.get(name)
        if found is None:
            found = self._company_names[name] = any(
                noun in _BUSINESS_NOUNS or noun in _FIRM_NOUNS
                for noun in _nouns_before(self.text, name)
            )
        return found

    def _is_outlet(self, entity: _Entity) -> bool:
        words = [_bare(w) for w in entity.name.split()]
        return any(w in self.lex.outlets or w in _OUTLET_WORDS for w in words)


# --- corpus-wide identity and share ------------------------------------------------------


_KEY_POSSESSIVE: Final = re.compile(r"['\u2019]s\b")
_KEY_WORD: Final = re.compile(r"[a-z0-9]+")
_KEY_SPACES: Final = {
    code: " " for code in range(128) if not ("a" <= chr(code) <= "z" or "0" <= chr(code) <= "9")
}


@lru_cache(maxsize=65536)
def canonical_key(name: str) -> str:
    """Return the comparison key of a speaker name: accents, case, punctuation and 's removed."""
    if name.isascii():
        folded = name.lower()  # what the decomposition below leaves of an ASCII name
        if "'s" in folded:
            folded = _KEY_POSSESSIVE.sub("", folded)
        # the runs of _KEY_WORD, an ASCII text's other characters made spaces
        words = folded.translate(_KEY_SPACES).split()
    else:
        folded = unicodedata.normalize("NFKD", name)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
        folded = _KEY_POSSESSIVE.sub("", folded)
        words = _KEY_WORD.findall(folded)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def speaker_identity(article_id: str, speaker: str, kind: str) -> str:
    """Return the corpus-wide identity of a speaker.

    People with a full name (two or more words) and organisations merge across articles by
    name; a single-word person name (a surname that could not be resolved) stays within its
    article, so that two people sharing a surname are never merged, and so does an
    organisation named by a common noun only ("the company" whose name was not found);
    unnamed sources merge by their wording.
    """
    key = canonical_key(speaker)
    if kind == PERSON and len(key.split()) < 2:
        return f"{kind}:{key}@{article_id}"
    if kind == ORGANISATION and not _has_proper_name(speaker):
        return f"{kind}:{key}@{article_id}"  # "the company" not found: this article's
    return f"{kind}:{key}"


def speaker_share(quotes: pd.DataFrame) -> pd.DataFrame:
    """Return the speaker-share table from a quotes table.

    Args:
        quotes: Rows of ``quotes.csv`` (needs article_id, speaker, speaker_kind, n_words).

    Returns:
        One row per speaker with :data:`SHARE_COLUMNS`, sorted by quotes (descending), then
        quoted words, then speaker. Quotes without a speaker count as speaker "" (unknown).
    """
    if quotes.empty:
        return pd.DataFrame({c: pd.Series(dtype=_share_dtype(c)) for c in SHARE_COLUMNS})
    frame = quotes.assign(
        identity=[
            speaker_identity(a, s, k)
            for a, s, k in zip(
                quotes["article_id"], quotes["speaker"], quotes["speaker_kind"], strict=True
            )
        ]
    )
    grouped = frame.groupby("identity", sort=True)
    table = pd.DataFrame(
        {
            "speaker": _most_common_names(frame),
            "speaker_kind": grouped["speaker_kind"].first(),
            "quotes": grouped.size(),
            "quoted_words": grouped["n_words"].sum(),
            "articles": grouped["article_id"].nunique(),
        }
    ).reset_index(drop=True)
    table["share_quotes"] = table["quotes"] / max(int(table["quotes"].sum()), 1)
    table["share_words"] = table["quoted_words"] / max(int(table["quoted_words"].sum()), 1)
    table = table.sort_values(
        ["quotes", "quoted_words", "speaker", "speaker_kind"],
        ascending=[False, False, True, True],
        kind="mergesort",
    ).reset_index(drop=True)
    return table[SHARE_COLUMNS]


def split_unknown(share: pd.DataFrame) -> tuple[pd.DataFrame, int, float]:
    """Split a speaker-share table into its speakers and the quotes nobody was found for.

    Returns the rows of found speakers (shares unchanged: still of all quotes), and the number
    and share of quotes without a speaker, for a ranking that names speakers only.
    """
    unknown = share["speaker_kind"] == UNKNOWN
    found = share[~unknown].reset_index(drop=True)
    return found, int(share.loc[unknown, "quotes"].sum()), float(
        share.loc[unknown, "share_quotes"].sum()
    )


@dataclass
class SpeakerTally:
    """Speaker-share counts folded article by article (the extractor's form of the table).

    Speakers merged across articles (full names, organisations, unnamed sources) are counted
    in memory: their number is bounded by the people a corpus quotes, not by its size. A
    speaker that stays within its article (a surname alone, "the company" whose name was not
    found) is complete once its article is added: its finished row goes to ``local`` (rows
    spooled to disk, see :mod:`analysis.spool`). :meth:`rows` yields the ``speaker_share``
    rows in table order and :func:`share_frame` makes them a frame identical to
    :func:`speaker_share` of the quotes.
    """

    local: RowRuns
    # identity -> [quotes, quoted words, articles, {speaker as written: quotes}]
    shared: dict[str, list] = field(default_factory=dict)
    total_quotes: int = 0
    total_words: int = 0

    @classmethod
    def empty(cls, spool: str | None = None) -> SpeakerTally:
        """Return a tally with no quotes (local rows spooled to ``spool`` when given)."""
        return cls(RowRuns("speaker_share", _share_order, spool))

    def add_article(self, article_id: str, quotes: Iterable[tuple[str, str, int]]) -> None:
        """Count one article's quotes, given as ``(speaker, speaker_kind, n_words)``."""
        here: dict[str, list] = {}
        for speaker, kind, n_words in quotes:
            identity = speaker_identity(article_id, speaker, kind)
            entry = here.setdefault(identity, [0, 0, 1, {}])
            entry[0] += 1
            entry[1] += n_words
            entry[3][speaker] = entry[3].get(speaker, 0) + 1
            self.total_quotes += 1
            self.total_words += n_words
        for identity, entry in here.items():
            if "@" in identity.partition(":")[2]:  # complete with its article
                kind = identity.partition(":")[0]
                self.local.append(_share_row(identity, kind, entry))
            else:
                self._add_shared(identity, entry)

    def _add_shared(self, identity: str, entry: list) -> None:
        known = self.shared.get(identity)
        if known is None:
            self.shared[identity] = entry
            return
        known[0] += entry[0]
        known[1] += entry[1]
        known[2] += entry[2]
        for name, count in entry[3].items():
            known[3][name] = known[3].get(name, 0) + count

    def merge(self, other: SpeakerTally) -> SpeakerTally:
        """Add the counts of ``other`` (articles disjoint from this tally's)."""
        self.local.merge(other.local)
        for identity, entry in other.shared.items():
            self._add_shared(identity, entry)
        self.total_quotes += other.total_quotes
        self.total_words += other.total_words
        return self

    def rows(self) -> Iterator[tuple]:
        """Yield rows ``(speaker, kind, quotes, words, articles, identity)`` in table order."""
        shared = sorted(
            (_share_row(identity, identity.partition(":")[0], entry)
             for identity, entry in self.shared.items()),
            key=_share_order,
        )  # fmt: skip
        return heapq.merge(self.local.sorted_rows(), shared, key=_share_order)

    def totals(self) -> tuple[int, int]:
        """Return the corpus's quotes and quoted words."""
        return self.total_quotes, self.total_words


def _share_row(identity: str, kind: str, entry: list) -> tuple:
    names: dict[str, int] = entry[3]
    most = max(names.values())
    speaker = min(name for name, count in names.items() if count == most)
    return (speaker, kind, entry[0], entry[1], entry[2], identity)


def _share_order(row: tuple) -> tuple:
    # the order of speaker_share: ties of the sort columns fall back to the identity
    return (-row[2], -row[3], row[0], row[1], row[5])


def share_frame(rows: list[tuple], totals: tuple[int, int]) -> pd.DataFrame:
    """Return ``speaker_share`` rows (from :meth:`SpeakerTally.rows`) as the table's frame."""
    if not rows and not totals[0]:
        return pd.DataFrame({c: pd.Series(dtype=_share_dtype(c)) for c in SHARE_COLUMNS})
    table = pd.DataFrame(
        [row[:5] for row in rows], columns=SHARE_COLUMNS[:5]
    ).astype({"quotes": "int64", "quoted_words": "int64", "articles": "int64"})
    table["share_quotes"] = table["quotes"] / max(totals[0], 1)
    table["share_words"] = table["quoted_words"] / max(totals[1], 1)
    return table[SHARE_COLUMNS]


def _most_common_names(frame: pd.DataFrame) -> pd.Series:
    """Return each identity's most frequent speaker name (ties: the first in sort order).

    One sort over (identity, name) counts: a per-group function costs pandas overhead for
    each of the (many thousands of) speakers.
    """
    pairs = frame.groupby(["identity", "speaker"], sort=True).size().reset_index(name="n")
    pairs = pairs.sort_values(
        ["identity", "n", "speaker"], ascending=[True, False, True], kind="mergesort"
    )
    best = pairs.drop_duplicates("identity")
    return pd.Series(best["speaker"].astype(str).to_numpy(), index=best["identity"].to_numpy())


def _share_dtype(column: str) -> str:
    if column in ("speaker", "speaker_kind"):
        return "object"
    if column.startswith("share"):
        return "float64"
    return "int64"


# --- chapter tables ----------------------------------------------------------------------


def select_quotes(
    quotes: pd.DataFrame, *, kinds: Iterable[str] = ("direct", "partial", "indirect"),
    persons_only: bool = False,
) -> pd.DataFrame:
    """Return the quotes of the given kinds (and only those of people, if asked).

    Text columns read back from CSV hold NaN where the speaker or cue was empty; they are
    made "" again here, so every later table sees strings.
    """
    quotes = quotes.fillna({"speaker": "", "cue": "", "speaker_kind": UNKNOWN, "text": ""})
    chosen = quotes[quotes["kind"].isin(list(kinds))]
    if persons_only:
        chosen = chosen[chosen["speaker_kind"] == PERSON]
    return chosen.reset_index(drop=True)


def share_by_kind(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes and quoted words by speaker kind, with their shares (one row per kind)."""
    grouped = quotes.groupby("speaker_kind")
    table = pd.DataFrame({"quotes": grouped.size(), "quoted_words": grouped["n_words"].sum()})
    table = table.reindex([k for k in SPEAKER_KINDS if k in table.index]).fillna(0)
    table["share_quotes"] = table["quotes"] / max(float(table["quotes"].sum()), 1.0)
    table["share_words"] = table["quoted_words"] / max(float(table["quoted_words"].sum()), 1.0)
    return table.rename_axis("speaker_kind").reset_index()


def share_by_group(
    quotes: pd.DataFrame, articles: pd.DataFrame, *, group_by: str = "source", top_n: int = 5,
    freq: str | None = None, max_groups: int | None = None,
) -> pd.DataFrame:
    """Each top speaker's share of the quotes within each group of articles.

    Args:
        quotes: The quotes table.
        articles: The articles table (for the grouping column).
        group_by: An articles column ("source", "date", a metadata field).
        top_n: Speakers to keep (by quotes over the whole corpus); the rest is "other".
        freq: For dates, a pandas period ("M", "W", "Y") to bin by.
        max_groups: Keep only the groups with most quotes (ties by name); the number of
            groups there were is then in ``attrs["groups_total"]`` of the result.

    Returns:
        A wide table: one row per group, one column per speaker (shares summing to 1).

    Raises:
        ParameterError: If ``group_by`` is not a column of the articles table.
    """
    if group_by not in articles.columns:
        choices = ", ".join(c for c in articles.columns if c not in ("article_id", "path"))
        raise ParameterError(f"group_by {group_by!r} is not an article field: use one of {choices}")
    keys = articles[["article_id", group_by]].rename(columns={group_by: "group"})
    frame = quotes.merge(keys, on="article_id", how="left")
    if freq is not None:
        dates = pd.to_datetime(frame["group"], errors="coerce")
        frame = frame.assign(group=dates.dt.to_period(freq).astype(str)).loc[dates.notna()]
    frame = frame.assign(group=frame["group"].fillna(UNKNOWN_GROUP).astype(str))
    share = split_unknown(speaker_share(frame))[0]  # quotes of no known speaker are "other"
    top = list(share["speaker"].head(top_n))
    frame = frame.assign(who=frame["speaker"].where(frame["speaker"].isin(top), "other"))
    counts = pd.crosstab(frame["group"], frame["who"])
    counts = counts.reindex(columns=[c for c in top + ["other"] if c in counts.columns])
    total = len(counts)
    if max_groups is not None and total > max_groups:
        sizes = counts.sum(axis=1).rename("quotes").rename_axis("group").reset_index()
        kept = sizes.sort_values(["quotes", "group"], ascending=[False, True])["group"]
        counts = counts.loc[counts.index.isin(kept.head(max_groups))]
    result = counts.div(counts.sum(axis=1), axis=0).sort_index()
    if max_groups is not None:
        result.attrs["groups_total"] = total
    return result


def concentration(share: pd.DataFrame, *, top: int = 10) -> dict[str, float]:
    """How much the ``top`` speakers take: their share of quotes and of quoted words.

    Also the Herfindahl-Hirschman index of the quote shares (1/speakers when even, 1 when one
    speaker has every quote).
    """
    head = share.head(top)
    return {
        "speakers": float(len(share)),
        f"top{top}_share_quotes": float(head["share_quotes"].sum()),
        f"top{top}_share_words": float(head["share_words"].sum()),
        "hhi_quotes": float((share["share_quotes"] ** 2).sum()),
    }


def concentration_table(share: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """:func:`concentration` as a two-column table (measure, value) for a reader."""
    values = concentration(share, top=top)
    rows = [
        ("speakers", f"{int(values['speakers']):,}"),
        (f"share of quotes by the top {top}", f"{values[f'top{top}_share_quotes']:.1%}"),
        (f"share of quoted words by the top {top}", f"{values[f'top{top}_share_words']:.1%}"),
        ("Herfindahl-Hirschman index of quote shares", f"{values['hhi_quotes']:.3f}"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


EXAMPLE_WORDS: Final = 60
"""Longest quote shown first as a top speaker's example (see :func:`top_speaker_quotes`)."""


def top_speaker_quotes(
    quotes: pd.DataFrame,
    share: pd.DataFrame,
    *,
    top_n: int = 10,
    per_speaker: int = 2,
    max_chars: int | None = None,
) -> pd.DataFrame:
    """The longest quotes of each of the ``top_n`` named speakers, for a table in the report.

    Quotes of up to :data:`EXAMPLE_WORDS` words come first: the longest spans are more often
    misread (a paragraph taken for one reported clause). Quotes of no known speaker are left
    out. With ``max_chars``, a longer text is cut at a word boundary and ends with an ellipsis.
    """
    top = list(split_unknown(share)[0]["speaker"].head(top_n))
    chosen = quotes[quotes["speaker"].isin(top)].copy()
    chosen["rank"] = chosen["speaker"].map({s: i for i, s in enumerate(top)})
    chosen["too_long"] = chosen["n_words"] > EXAMPLE_WORDS
    chosen = chosen.sort_values(
        ["rank", "too_long", "n_words", "quote_id"], ascending=[True, True, False, True]
    )
    chosen = chosen.groupby("speaker", sort=False).head(per_speaker)
    if max_chars is not None:
        chosen["text"] = [_shortened(str(text), max_chars) for text in chosen["text"]]
    return chosen[["speaker", "kind", "article_id", "text"]].reset_index(drop=True)


def _shortened(text: str, max_chars: int) -> str:
    """``text`` cut at the last word boundary before ``max_chars``, with an ellipsis."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    if not text[max_chars].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # no half word
    return cut.rstrip(" ,;:") + "\u2026"
