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

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from analysis.resources import sectioned_list, word_list

PERSON = "person"
ORGANISATION = "organisation"
UNNAMED = "unnamed"
UNKNOWN = "unknown"
SPEAKER_KINDS = (PERSON, ORGANISATION, UNNAMED, UNKNOWN)

SHARE_COLUMNS = [
    "speaker",
    "speaker_kind",
    "quotes",
    "quoted_words",
    "articles",
    "share_quotes",
    "share_words",
]

_TOKEN = re.compile(r"[^\W_][\w'\u2019.\-&]*|[,;:()\"\u201c\u201d\u2014\u2013]")
_CONNECTORS = frozenset(
    "of for and the de del della di da du des la le van von der den al el bin ibn st".split()
)
_DETERMINERS = frozenset(
    "the a an some many several most both all other two three four five few its his her their "
    "our your this that these those one another each any numerous various".split()
)
_SKIPPABLE = frozenset(
    "also has had have later previously repeatedly recently then would will may might could "
    "did does do once often still just publicly privately earlier further again already only "
    "simply firmly always never subsequently initially ultimately officially reportedly "
    "separately frequently clearly quickly has since long".split()
)
_STOP_BEFORE_NAME = frozenset(
    "The A An In On At As But And Or If When While After Before Since Although Though Because "
    "During From For With Without By To Of Under Over Last Next This That These Those It Its "
    "He She They We I His Her Their Our Then So Yet Now Still Also Meanwhile However".split()
)
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split()
)
_NAME_PARTICLE = re.compile(r"^(?:al|el|de|van|von|da|di|du|la|le|bin|ibn|st)$")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(frozen=True)
class Mention:
    """A speaker as written next to a cue.

    Attributes:
        text: The mention as written, titles included ("presidential advisor Sergei Prikhodko").
        start: Offset of the mention in the article text.
        end: End offset (exclusive).
        form: ``name``, ``pronoun``, ``role``, ``organisation``, ``document`` or ``unnamed``.
        name: The name with honorifics and roles stripped ("Sergei Prikhodko"), the pronoun, or
            the head noun phrase, depending on ``form``.
        role: Role words given with the name ("advisor", "principal researcher at ..."), if any.
    """

    text: str
    start: int
    end: int
    form: str
    name: str
    role: str = ""


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
    )


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper() or bool(_NAME_PARTICLE.match(token.split("-")[0]) and "-" in token)


def _bare(token: str) -> str:
    return token.rstrip(".").lower()


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _name_run_backwards(tokens: list[tuple[str, int, int]], last: int) -> int:
    """Return the index of the first token of the capitalised run ending at ``last``."""
    first = last
    index = last - 1
    while index >= 0:
        word = tokens[index][0]
        if _is_capitalised(word) and not _POSSESSIVE.search(word) and word not in "\"\u201c\u201d":
            if word in _STOP_BEFORE_NAME and (index == 0 or not _is_capitalised(tokens[index - 1][0])):
                break
            first = index
        elif word.lower() in _CONNECTORS and index > 0 and _is_capitalised(tokens[index - 1][0]):
            if word.lower() == "the" or word.lower() == "and":
                break
            first = index
        else:
            break
        index -= 1
    while first < last and tokens[first][0].lower() in _CONNECTORS:
        first += 1
    return first


def _strip_titles(words: list[str], lex: Lexicon) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (title words, name words) at the last title or role word."""
    cut = 0
    for index, word in enumerate(words[:-1]):
        bare = _bare(word)
        if bare in lex.honorifics or bare in lex.roles:
            cut = index + 1
    return words[:cut], words[cut:]


def _is_organisation(words: list[str], lex: Lexicon, after_the: bool) -> bool:
    lowered = [_bare(w) for w in words]
    if any(w in lex.org_name_words for w in lowered):
        return True
    if len(words) == 1:
        word = words[0]
        if lowered[0] in lex.outlets:
            return True
        if len(word) >= 2 and word.replace(".", "").replace("-", "").isupper():
            return True  # an acronym: "RCMP", "U.N."
    return after_the


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


def _common_noun_phrase(
    tokens: list[tuple[str, int, int]], last: int, lex: Lexicon
) -> tuple[int, str] | None:
    """Parse "the ministry", "some residents", "a source" ending at ``last``."""
    head = tokens[last][0].lower()
    form = _classify_common(head, lex)
    if form is None:
        return None
    first = last
    index = last - 1
    while index >= 0 and last - index <= 5:
        word = tokens[index][0]
        low = word.lower()
        if low in _DETERMINERS:
            first = index
            break
        if not word[:1].isalpha() or low in _CONNECTORS or low in _SKIPPABLE:
            break
        if low in lex.unnamed or low in lex.documents or low in ("said", "says"):
            break
        first = index
        index -= 1
    return first, form


def _appositive_subject(
    tokens: list[tuple[str, int, int]], comma: int, lex: Lexicon
) -> tuple[int, int, str] | None:
    """For "NAME, ROLE, said" return (name first, name last, role) given the final comma."""
    index = comma - 1
    while index >= 0 and comma - index <= 25:
        word = tokens[index][0]
        if word in ";:\"\u201c\u201d()":
            return None
        if word == ",":
            before = index - 1
            if before < 0 or not _is_capitalised(tokens[before][0]):
                return None
            first = _name_run_backwards(tokens, before)
            role = " ".join(t[0] for t in tokens[index + 1 : comma])
            return first, before, role
        index -= 1
    return None


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
    lex = lexicon()
    tokens = _tokens(text, max(lower, cue_start - 300), cue_start)
    last = len(tokens) - 1
    while last >= 0 and (tokens[last][0].lower() in _SKIPPABLE or tokens[last][0] == "not"):
        last -= 1
    if last < 0:
        return None
    word = tokens[last][0]
    low = word.lower()
    if low in lex.pronouns:
        return Mention(word, tokens[last][1], tokens[last][2], "pronoun", low)
    if word == "," and last > 0:
        found = _appositive_subject(tokens, last, lex)
        if found is None:
            return None
        first, name_last, role = found
        return _name_mention(text, tokens, first, name_last, lex, role)
    if _is_capitalised(word) and word not in "\"\u201c\u201d":
        first = _name_run_backwards(tokens, last)
        if tokens[first][0] in _STOP_BEFORE_NAME and first == last:
            return None
        return _name_mention(text, tokens, first, last, lex, "")
    if word[:1].isalpha():
        found = _common_noun_phrase(tokens, last, lex)
        if found is None:
            return None
        first, form = found
        start, end = tokens[first][1], tokens[last][2]
        return Mention(text[start:end], start, end, form, text[start:end])
    return None


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
    if not name:
        return None
    if len(name) == 1 and _bare(name[0]) in lex.roles and not titles:
        return Mention(text[start:end], start, end, "role", name[0].lower(), role)
    if not titles and _is_organisation(name, lex, after_the):
        org = " ".join(name)
        if after_the and words[0].lower() != "the":
            start = tokens[first - 1][1]
        return Mention(text[start:end], start, end, ORGANISATION, org, role)
    return Mention(text[start:end], start, end, "name", " ".join(name), role)


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
    first = 0
    if tokens[0][0].lower() in lex.pronouns:
        word = tokens[0]
        return Mention(word[0], word[1], word[2], "pronoun", word[0].lower())
    last = first
    while last < len(tokens) and (tokens[last][0][:1].isalpha() or tokens[last][0] == "-"):
        word = tokens[last][0]
        if last > first and not _is_capitalised(word) and word.lower() not in _CONNECTORS:
            if word.lower() in lex.roles or word.lower() in lex.unnamed:
                last += 1
                continue
            break
        last += 1
    last -= 1
    while last > first and tokens[last][0].lower() in _CONNECTORS | _WEEKDAYS:
        last -= 1
    if last < first:
        return None
    words = [t[0] for t in tokens[first : last + 1]]
    if words[0].lower() in _DETERMINERS:
        found = _common_noun_phrase(tokens, last, lex)
        if found is not None:
            start, end = tokens[first][1], tokens[last][2]
            return Mention(text[start:end], start, end, found[1], text[start:end])
        # "said the rookie defenceman, younger brother of ..." or "said the Canadian Press"
        caps = [i for i in range(first + 1, last + 1) if _is_capitalised(tokens[i][0])]
        if caps and caps[-1] == last:
            return _name_mention(text, tokens, caps[0], last, lex, "")
        roles = [i for i in range(first + 1, last + 1) if _bare(tokens[i][0]) in lex.roles]
        if roles:
            start, end = tokens[first][1], tokens[roles[-1]][2]
            return Mention(text[start:end], start, end, "role", tokens[roles[-1]][0].lower())
        return None
    caps = [i for i in range(first, last + 1) if _is_capitalised(tokens[i][0])]
    if not caps:
        found = _common_noun_phrase(tokens, last, lex)
        if found is None:
            return None
        start, end = tokens[first][1], tokens[last][2]
        return Mention(text[start:end], start, end, found[1], text[start:end])
    name_first = caps[0]
    run_last = name_first
    while run_last + 1 <= last and (
        _is_capitalised(tokens[run_last + 1][0])
        or (
            tokens[run_last + 1][0].lower() in _CONNECTORS
            and run_last + 2 <= last
            and _is_capitalised(tokens[run_last + 2][0])
        )
    ):
        run_last += 1
    role = " ".join(t[0] for t in tokens[first:name_first])
    return _name_mention(text, tokens, name_first, run_last, lex, role)


# --- resolution within one article -------------------------------------------------------


@dataclass
class _Entity:
    name: str
    kind: str
    gender: str = ""
    roles: set[str] = field(default_factory=set)


_NAME_RUN = re.compile(
    r"(?<![\w'\u2019.])(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen|Prof|Lt|Col|Sgt|Capt)\.\s+)?"
    r"[A-Z][\w'\u2019\-]*(?:\s+(?:(?:de|van|von|da|di|du|la|le|al|bin|of|for)\s+)?"
    r"(?:[A-Z]\.\s+)?[A-Z][\w'\u2019\-]*\.?)*"
)


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
        starts = frozenset(sentence_starts)
        self._entities: dict[str, _Entity] = {}
        # (offset, entity key) of every person or organisation mention, in text order
        self._mentions: list[tuple[int, str]] = []
        self._speakers: list[tuple[int, str]] = []
        self._scan_names(starts)

    # inventory -------------------------------------------------------------------------

    def _scan_names(self, sentence_starts: frozenset[int]) -> None:
        """Collect the people and organisations named anywhere in the article."""
        lex = self.lex
        text = self.text
        for match in _NAME_RUN.finditer(text):
            words = match.group().split()
            start = match.start()
            while words and (words[0] in _STOP_BEFORE_NAME or words[0].lower() in _CONNECTORS):
                start = text.index(words[0], start) + len(words[0])
                words = words[1:]
            words = [_POSSESSIVE.sub("", w) if w.endswith(("'s", "\u2019s")) else w for w in words]
            if not words:
                continue
            after_the = text[max(0, start - 4) : start].lower().strip() == "the"
            titles, name = _strip_titles(words, lex)
            if not name:
                continue
            if not titles and _is_organisation(name, lex, after_the and len(name) > 0):
                if len(name) > 1 or _is_organisation(name, lex, False):
                    self._add_mention(start, " ".join(name), ORGANISATION, titles)
                continue
            if len(name) >= 2 and not any(_bare(w) in lex.roles for w in name):
                self._add_mention(start, " ".join(n.rstrip(".") if len(n) > 2 else n for n in name),
                                  PERSON, titles)
            elif len(name) == 1 and (titles or start not in sentence_starts):
                key = self._surname_entity(name[0], start)
                if key is not None:
                    self._mentions.append((start, key))
        self._mentions.sort()

    def _add_mention(self, offset: int, name: str, kind: str, titles: list[str]) -> str:
        key = canonical_key(name)
        entity = self._entities.get(key)
        if entity is None:
            entity = _Entity(name=name, kind=kind, gender=self._gender(name, titles))
            self._entities[key] = entity
        elif not entity.gender:
            entity.gender = self._gender(name, titles)
        for title in titles:
            entity.roles.add(_bare(title))
        self._mentions.append((offset, key))
        return key

    def _gender(self, name: str, titles: Iterable[str]) -> str:
        lex = self.lex
        for title in titles:
            bare = _bare(title)
            if bare in lex.male_words:
                return "male"
            if bare in lex.female_words:
                return "female"
        first = name.split()[0].lower() if name else ""
        if first in lex.male_names:
            return "male"
        if first in lex.female_names:
            return "female"
        return ""

    def _surname_entity(self, word: str, offset: int) -> str | None:
        """Return the person whose surname (or given name) is ``word``, nearest before."""
        word = _POSSESSIVE.sub("", word) if word.endswith(("'s", "\u2019s")) else word
        best: tuple[int, str] | None = None
        for key, entity in self._entities.items():
            if entity.kind != PERSON:
                continue
            parts = entity.name.split()
            if len(parts) > 1 and parts[-1] == word:
                first_at = min(o for o, k in self._mentions if k == key)
                rank = (0 if first_at <= offset else 1, abs(offset - first_at))
                if best is None or rank < (best[0], 0) or rank[0] < best[0]:
                    best = (rank[0], key)
        return None if best is None else best[1]

    # resolution ------------------------------------------------------------------------

    def resolve(self, mention: Mention | None, offset: int) -> tuple[str, str]:
        """Return ``(speaker, speaker_kind)`` for a mention of a cue at ``offset``.

        Args:
            mention: The parsed subject of the cue, or ``None``.
            offset: Where the cue is (resolution looks back from here).

        Returns:
            The canonical speaker name (empty when unknown) and its kind.
        """
        if mention is None:
            return "", UNKNOWN
        form = mention.form
        if form == "name":
            return self._resolve_name(mention, offset)
        if form == "pronoun":
            return self._resolve_pronoun(mention.name, offset)
        if form == ORGANISATION and mention.name[:1].isupper():
            key = canonical_key(mention.name)
            self._remember(offset, key, mention.name, ORGANISATION)
            return mention.name, ORGANISATION
        if form == "role":
            return self._resolve_role(mention, offset)
        if form in (ORGANISATION, "document"):
            return self._resolve_organisation(mention, offset)
        return mention.text, UNNAMED

    def _remember(self, offset: int, key: str, name: str, kind: str) -> None:
        if key not in self._entities:
            self._entities[key] = _Entity(name=name, kind=kind)
        self._speakers.append((offset, key))

    def _resolve_name(self, mention: Mention, offset: int) -> tuple[str, str]:
        name = mention.name
        parts = name.split()
        if len(parts) == 1:
            key = self._surname_entity(name, offset)
            if key is not None:
                self._speakers.append((offset, key))
                entity = self._entities[key]
                self._add_role(entity, mention.role)
                return entity.name, PERSON
            key = canonical_key(name)
            self._remember(offset, key, name, PERSON)
            return name, PERSON
        key = canonical_key(name)
        if key not in self._entities:
            self._entities[key] = _Entity(name=name, kind=PERSON, gender=self._gender(name, []))
        self._add_role(self._entities[key], mention.role)
        self._speakers.append((offset, key))
        return self._entities[key].name, PERSON

    def _add_role(self, entity: _Entity, role: str) -> None:
        for word in role.split():
            bare = _bare(word)
            if bare in self.lex.roles:
                entity.roles.add(bare)
            if not entity.gender:
                if bare in self.lex.male_words:
                    entity.gender = "male"
                elif bare in self.lex.female_words:
                    entity.gender = "female"

    def _recent(self, offset: int) -> list[str]:
        """Entity keys mentioned before ``offset``, most recent first (speakers weigh more)."""
        events = [m for m in self._mentions if m[0] < offset] + [
            s for s in self._speakers if s[0] <= offset
        ]
        events.sort(reverse=True)
        return [key for _, key in events]

    def _resolve_pronoun(self, pronoun: str, offset: int) -> tuple[str, str]:
        antecedent = self.lex.pronouns.get(pronoun, "")
        if antecedent in ("male", "female"):
            for key in self._recent(offset):
                entity = self._entities[key]
                if entity.kind == PERSON and entity.gender in ("", antecedent):
                    self._speakers.append((offset, key))
                    return entity.name, PERSON
            return "", UNKNOWN
        if antecedent == "plural":
            for _, key in sorted(self._speakers, reverse=True):
                entity = self._entities[key]
                if entity.kind in (ORGANISATION, UNNAMED):
                    return entity.name, entity.kind
        return "", UNKNOWN

    def _resolve_role(self, mention: Mention, offset: int) -> tuple[str, str]:
        role = mention.name
        for key in self._recent(offset):
            entity = self._entities[key]
            if entity.kind == PERSON and role in entity.roles:
                self._speakers.append((offset, key))
                return entity.name, PERSON
        return mention.text, UNNAMED

    def _resolve_organisation(self, mention: Mention, offset: int) -> tuple[str, str]:
        head = mention.text.split()[-1].lower()
        recent = self._recent(offset)
        for key in recent:
            entity = self._entities[key]
            if entity.kind == ORGANISATION and head in entity.name.lower().split():
                return entity.name, ORGANISATION
        if mention.form == "document":
            for _, key in sorted(self._speakers, reverse=True):
                if key in self._entities and self._entities[key].kind == ORGANISATION:
                    return self._entities[key].name, ORGANISATION
        for key in recent:
            entity = self._entities[key]
            if entity.kind == ORGANISATION:
                return entity.name, ORGANISATION
        return mention.text, ORGANISATION if mention.form == ORGANISATION else UNNAMED

    def note_speaker(self, speaker: str, kind: str, offset: int) -> None:
        """Record that ``speaker`` was quoted at ``offset`` (for later pronouns)."""
        if not speaker:
            return
        key = canonical_key(speaker)
        if key not in self._entities:
            self._entities[key] = _Entity(name=speaker, kind=kind)
        self._speakers.append((offset, key))


# --- corpus-wide identity and share ------------------------------------------------------


def canonical_key(name: str) -> str:
    """Return the comparison key of a speaker name: accents, case, punctuation and 's removed."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = re.sub(r"['\u2019]s\b", "", folded)
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def speaker_identity(article_id: str, speaker: str, kind: str) -> str:
    """Return the corpus-wide identity of a speaker.

    People with a full name (two or more words) and organisations merge across articles by
    name; a single-word person name (a surname that could not be resolved) stays within its
    article, so that two people sharing a surname are never merged; unnamed sources merge by
    their wording.
    """
    key = canonical_key(speaker)
    if kind == PERSON and len(key.split()) < 2:
        return f"{kind}:{key}@{article_id}"
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
            for a, s, k in zip(quotes["article_id"], quotes["speaker"], quotes["speaker_kind"])
        ]
    )
    grouped = frame.groupby("identity", sort=True)
    table = pd.DataFrame(
        {
            "speaker": grouped["speaker"].agg(_most_common),
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


def _most_common(names: pd.Series) -> str:
    counts = names.value_counts()
    best = counts[counts == counts.max()].index
    return str(sorted(best)[0])


def _share_dtype(column: str) -> str:
    if column in ("speaker", "speaker_kind"):
        return "object"
    if column.startswith("share"):
        return "float64"
    return "int64"
