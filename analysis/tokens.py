"""Word tokens for news text: possessives, abbreviations, hyphens and apostrophes done right.

Rules (each covered by ``tests/test_tokens.py``):

* A token is a run of word characters with inner hyphens or apostrophes ("ex-Soviet",
  "US-friendly", "don't" stay whole), a dotted abbreviation ("U.S.", "U.N.-led"), or one
  punctuation mark. Curly apostrophes (U+2019, U+02BC) are read as straight ones.
* Possessive "'s" is dropped ("Russia's" -> "russia", never a lone "s"); a trailing
  apostrophe is never part of a word ("Belarus'" -> "belarus"). Contractions that are
  stopwords ("don't", "let's") are matched whole before the possessive rule applies.
* Case folding (default on) lowers every token except all-capitals abbreviations of two or
  more letters ("NATO", "US"); an upper-case dotted abbreviation loses its periods ("U.S." ->
  "US"), so "U.S." and "US" are one term, distinct from the pronoun "us" (a stopword).
  An all-capitals token whose lower-case form is a stopword ("THE", "IT") is a stopword
  unless listed in ``resources/capitals_not_stopwords.txt`` ("US", "WHO"). In an article
  written entirely in capitals nothing can be told apart, so everything is lowered there
  (and "US" becomes the stopword "us"); dotted "U.S." is still "US".
* Dotted abbreviations lose their periods and are upper-cased ("u.s." -> "US"), unless the
  dotted form is a stopword ("a.m.", "e.g." are in the built-in list).
* Numbers (tokens that start with a digit, "5.93" and "155,221" whole) and punctuation are
  excluded unless ``keep_numbers``; words shorter than ``min_length`` are dropped like
  stopwords. Letters then digits stay one word ("G7", "COVID-19").
* Optional Porter / Snowball stemming (NLTK, no data needed) or WordNet lemmatisation (needs
  NLTK's ``wordnet`` data; a :class:`~analysis.errors.ParameterError` says how to get it)
  apply to lower-case terms only, never to abbreviations.

Speed: white space never occurs inside a token, so the text is split on white space by
``str.split`` (C speed) and each distinct chunk ("Moscow,", "Russia's") is tokenized once
and remembered (:meth:`Tokenizer.items`); a test checks that this gives the same terms as
one pass of the token pattern over the text (:meth:`Tokenizer.tokens`, which also gives
offsets). The cache is cleared when it exceeds :data:`CHUNK_CACHE_LIMIT` entries, which
bounds memory on huge corpora.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

from analysis.errors import ParameterError
from analysis.resources import word_list

STOP = ""
"""Marker in a term sequence for a word that was removed (stopword, too short)."""

CHUNK_CACHE_LIMIT = 1_000_000
"""Distinct white-space chunks remembered per tokenizer before the cache is cleared."""

STOPWORD_SOURCES = ("builtin", "nltk", "none")
STEMMERS = ("none", "porter", "snowball")

_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}(?:-\w+)*"  # dotted abbreviation: U.S., a.m., U.S.-led
    r"|\d+(?:[.,]\d+)+"  # number with decimal or thousands separators: 5.93, 155,221
    r"|\w+(?:[-'\u2019\u02bc]\w+)*"  # word with inner hyphens / apostrophes
    r"|[^\w\s]"  # one punctuation mark: a barrier for n-grams
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})

TermOrBarrier = str | None
"""A term, :data:`STOP` for a removed word, or ``None`` for punctuation / numbers."""


@dataclass(frozen=True)
class Token:
    """One token of an article with its character offsets.

    Attributes:
        start: Offset of the first character in the text.
        end: Offset after the last character (exclusive).
        surface: The text as written, ``text[start:end]``.
        term: The normalised term, :data:`STOP` if removed, ``None`` for punctuation/numbers.
    """

    start: int
    end: int
    surface: str
    term: TermOrBarrier


@lru_cache(maxsize=1)
def builtin_stopwords() -> frozenset[str]:
    """Return the project's English stopword list (``resources/stopwords_en.txt``)."""
    return frozenset(word_list("stopwords_en.txt"))


@lru_cache(maxsize=1)
def capitals_not_stopwords() -> frozenset[str]:
    """Return the all-capitals forms kept although their lower case is a stopword ("US")."""
    return frozenset(word_list("capitals_not_stopwords.txt"))


@dataclass(frozen=True)
class TokenizerSettings:
    """How raw tokens become terms.

    Attributes:
        stopwords: Lower-case words to remove.
        case_fold: Lower-case words (all-capitals abbreviations excepted).
        min_length: Shortest term kept, in characters.
        keep_numbers: Keep tokens that start with a digit as terms.
        stem: "none", "porter" or "snowball".
        lemmatize: Lemmatise with NLTK's WordNet (requires the ``wordnet`` data).
        capitals_kept: All-capitals forms kept although their lower-case form is a stopword.
    """

    stopwords: frozenset[str] = field(default_factory=builtin_stopwords)
    case_fold: bool = True
    min_length: int = 2
    keep_numbers: bool = False
    stem: str = "none"
    lemmatize: bool = False
    capitals_kept: frozenset[str] = field(default_factory=capitals_not_stopwords)


def nltk_stopwords() -> frozenset[str]:
    """Return NLTK's English stopwords, or raise ParameterError if its data is not installed."""
    try:
        from nltk.corpus import stopwords

        words = stopwords.words("english")
    except LookupError as error:
        raise ParameterError(
            "stopwords='nltk' needs NLTK's 'stopwords' data, which is not installed. "
            "Install it with `python -m nltk.downloader stopwords` (or point NLTK_DATA at a "
            "folder that has it), or use stopwords='builtin'."
        ) from error
    return frozenset(word.lower() for word in words)


def read_stopwords_file(path: str | Path) -> frozenset[str]:
    """Return the stopwords of a user file: one per line, ``#`` starts a comment line."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise ParameterError(f"stopwords_file {file}: cannot be read ({error}).") from error
    lines = (line.strip() for line in text.splitlines())
    return frozenset(_straight(line).lower() for line in lines if line and not line.startswith("#"))


def load_stopwords(
    source: str = "builtin", *, file: str | Path = "", extra: Iterable[str] = ()
) -> frozenset[str]:
    """Return the stopword set chosen by the options.

    Args:
        source: "builtin" (the project's list), "nltk" (NLTK's list, if installed) or "none".
        file: A stopword file that replaces ``source`` when given.
        extra: Further words to remove (case-insensitive).

    Returns:
        Lower-case stopwords with straight apostrophes.

    Raises:
        ParameterError: For an unknown source, an unreadable file or missing NLTK data.
    """
    if file:
        base = read_stopwords_file(file)
    elif source == "builtin":
        base = builtin_stopwords()
    elif source == "nltk":
        base = nltk_stopwords()
    elif source == "none":
        base = frozenset()
    else:
        raise ParameterError(f"stopwords must be one of {STOPWORD_SOURCES}, not {source!r}.")
    return base | frozenset(_straight(word).strip().lower() for word in extra if word.strip())


def _straight(text: str) -> str:
    return text.translate(_APOSTROPHES)


def _stemmer(settings: TokenizerSettings) -> Callable[[str], str] | None:
    """Return the function applied to lower-case terms (stem or lemma), if any."""
    if settings.stem not in STEMMERS:
        raise ParameterError(f"stem must be one of {STEMMERS}, not {settings.stem!r}.")
    if settings.lemmatize:
        return _wordnet_lemmatizer()
    if settings.stem == "porter":
        from nltk.stem import PorterStemmer

        return PorterStemmer().stem
    if settings.stem == "snowball":
        from nltk.stem import SnowballStemmer

        return SnowballStemmer("english").stem
    return None


def _wordnet_lemmatizer() -> Callable[[str], str]:
    from nltk.stem import WordNetLemmatizer

    lemmatizer = WordNetLemmatizer()
    try:
        lemmatizer.lemmatize("tests")
    except LookupError as error:
        raise ParameterError(
            "lemmatize=True needs NLTK's 'wordnet' data, which is not installed. Install it "
            "with `python -m nltk.downloader wordnet` (or point NLTK_DATA at a folder that has "
            "it), or use stem='porter' / 'snowball', which need no data."
        ) from error
    return lemmatizer.lemmatize


ChunkItem = str | None
"""What one white-space chunk becomes: its single term or marker, or several of them
joined by :data:`ITEM_SEPARATOR` (``None`` written as :data:`BARRIER_TEXT`)."""

ITEM_SEPARATOR = "\x1f"
"""Joins the terms of a multi-token chunk; never inside a term (``str.split`` splits on it)."""
BARRIER_TEXT = "\x00"
"""Stands for ``None`` inside a joined item; never a term (it is not a word character)."""


def join_item(terms: tuple[TermOrBarrier, ...]) -> ChunkItem:
    """Return the item of a chunk made of these terms (see :data:`ChunkItem`).

    A joined item is one string so that its hash is cached, which keeps counting fast.
    """
    if len(terms) == 1:
        return terms[0]
    return ITEM_SEPARATOR.join(BARRIER_TEXT if term is None else term for term in terms)


def split_item(item: ChunkItem) -> tuple[TermOrBarrier, ...]:
    """Return the terms of a chunk item (inverse of :func:`join_item`)."""
    if item is None or ITEM_SEPARATOR not in item:
        return (item,)
    return tuple(None if part == BARRIER_TEXT else part for part in item.split(ITEM_SEPARATOR))


class _ChunkCache(dict[str, ChunkItem]):
    """White-space chunk -> its item (see :data:`ChunkItem`), computed on first sight."""

    def __init__(self, tokenizer: Tokenizer, shouting: bool) -> None:
        super().__init__()
        self._tokenizer = tokenizer
        self._shouting = shouting

    def __missing__(self, chunk: str) -> ChunkItem:
        item = self._tokenizer.chunk_item(chunk, shouting=self._shouting)
        self[chunk] = item
        return item


class Tokenizer:
    """Turns news text into terms according to :class:`TokenizerSettings`.

    One instance caches the terms of every white-space chunk it has seen, so reuse it for a
    whole corpus (see :func:`tokenizer_for`).
    """

    def __init__(self, settings: TokenizerSettings | None = None) -> None:
        """Build a tokenizer (loads the stemmer or lemmatizer once)."""
        self.settings = settings or TokenizerSettings()
        self._transform = _stemmer(self.settings)
        self._caches = {False: _ChunkCache(self, False), True: _ChunkCache(self, True)}

    def term(self, raw: str, *, shouting: bool = False) -> TermOrBarrier:
        """Return the term of one raw token (a match of the token pattern).

        Args:
            raw: The token as written.
            shouting: The token comes from an article written entirely in capitals.

        Returns:
            The term, :data:`STOP` for a removed word, ``None`` for punctuation or a number.
        """
        first = raw[0]
        if not (first.isalnum() or first == "_"):
            return None
        if first.isdigit():
            return raw.lower() if self.settings.keep_numbers else None
        token = raw.translate(_APOSTROPHES)
        if "." in token:
            return self._dotted(token)
        lower = token.lower()
        stopwords = self.settings.stopwords
        if lower.endswith("'s") and lower not in stopwords:
            token, lower = token[:-2], lower[:-2]
        if lower in stopwords:
            if shouting or token not in self.settings.capitals_kept:
                return STOP
        term = self._fold(token, shouting) if self.settings.case_fold else token
        return self._finish(term)

    def _dotted(self, token: str) -> TermOrBarrier:
        """Return the term of a dotted abbreviation ("U.S.", "u.s.", "a.m.", "U.S.-led")."""
        head, _, rest = token.partition("-")
        if head.lower() in self.settings.stopwords:  # "a.m.", "e.g."
            return STOP
        # Letters with periods are an abbreviation whatever their case: "u.s." is "US" too.
        letters = head.replace(".", "")
        letters = letters.upper() if self.settings.case_fold else letters
        folded = self._fold(rest, False) if rest and self.settings.case_fold else rest
        return self._finish(letters + ("-" + folded if rest else ""))

    def _fold(self, token: str, shouting: bool) -> str:
        if shouting:
            return token.lower()
        if "-" not in token:
            return token if _is_capitals(token) else token.lower()
        return "-".join(part if _is_capitals(part) else part.lower() for part in token.split("-"))

    def _finish(self, term: str) -> str:
        if len(term) < self.settings.min_length:
            return STOP
        if self._transform is not None and term.islower() and "." not in term:
            term = self._transform(term)
        return term

    def chunk_item(self, chunk: str, *, shouting: bool = False) -> ChunkItem:
        """Return the item of one white-space chunk (uncached; see :meth:`items`)."""
        if chunk.isalpha():  # most chunks are one plain word: no need for the pattern
            return self._word_item(chunk, shouting)
        last = chunk[-1]
        if chunk[:-1].isalpha() and not (last.isalnum() or last == "_"):
            # a word and one punctuation mark ("said," "Belarus'"): what the pattern gives
            return join_item((self._word_item(chunk[:-1], shouting), None))
        term = self.term
        return join_item(tuple(term(raw, shouting=shouting) for raw in _TOKEN.findall(chunk)))

    def _word_item(self, word: str, shouting: bool) -> TermOrBarrier:
        # U+02BC is a letter to str.isalpha but an apostrophe to us: leave it to term()
        if self._transform is None and word.islower() and "\u02bc" not in word:
            too_short = len(word) < self.settings.min_length
            return STOP if too_short or word in self.settings.stopwords else word
        return self.term(word, shouting=shouting)

    def items(self, text: str) -> list[ChunkItem]:
        """Return one item per white-space chunk of ``text`` (the fast path used for counting).

        An item is a term, :data:`STOP`, ``None``, or those joined when the chunk holds
        several tokens ("Moscow," -> "moscow", separator, barrier; see :func:`split_item`). No
        offsets are computed.
        """
        cache = self._caches[text.isupper()]
        if len(cache) > CHUNK_CACHE_LIMIT:
            cache.clear()
        return list(map(cache.__getitem__, text.split()))

    def sequence(self, text: str) -> list[TermOrBarrier]:
        """Return the terms of ``text`` in order, with :data:`STOP` and ``None`` markers."""
        return list(chain.from_iterable(map(split_item, self.items(text))))

    def query(self, text: str) -> list[TermOrBarrier]:
        """Return the terms of a user's search words (never read as an all-capitals article)."""
        return [self.term(raw) for raw in _TOKEN.findall(text)]

    def terms(self, text: str) -> list[str]:
        """Return the kept terms of ``text`` in order (stopwords, numbers, punctuation removed)."""
        return [term for term in self.sequence(text) if term]

    def tokens(self, text: str) -> Iterator[Token]:
        """Yield every token of ``text`` with offsets and its term (slower; for concordances)."""
        shouting = text.isupper()
        for match in _TOKEN.finditer(text):
            raw = match.group()
            yield Token(match.start(), match.end(), raw, self.term(raw, shouting=shouting))


def _is_capitals(part: str) -> bool:
    """Return True for an all-capitals abbreviation of two or more characters ("NATO", "G7")."""
    return len(part) >= 2 and part.isupper()


def tokenize(
    text: str,
    *,
    stopwords: str = "builtin",
    extra_stopwords: Iterable[str] = (),
    case_fold: bool = True,
    min_length: int = 2,
    keep_numbers: bool = False,
    stem: str = "none",
    lemmatize: bool = False,
) -> list[str]:
    """Return the terms of ``text`` (convenience wrapper; see the module docstring).

    Args:
        text: Any text.
        stopwords: "builtin", "nltk" or "none".
        extra_stopwords: Words removed in addition.
        case_fold: Lower-case words, keeping all-capitals abbreviations.
        min_length: Shortest term kept.
        keep_numbers: Keep numbers as terms.
        stem: "none", "porter" or "snowball".
        lemmatize: Lemmatise with WordNet (needs NLTK data).

    Returns:
        The kept terms in text order.
    """
    settings = TokenizerSettings(
        stopwords=load_stopwords(stopwords, extra=extra_stopwords),
        case_fold=case_fold,
        min_length=min_length,
        keep_numbers=keep_numbers,
        stem=stem,
        lemmatize=lemmatize,
    )
    return Tokenizer(settings).terms(text)
