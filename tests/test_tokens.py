from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import ParameterError
from analysis.tokens import (
    STOP,
    Tokenizer,
    TokenizerSettings,
    builtin_stopwords,
    load_stopwords,
    split_item,
    tokenize,
)

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # possessive dropped, never a lone "s"
        ("Russia's army moved", ["russia", "army", "moved"]),
        ("Russia\u2019s army moved", ["russia", "army", "moved"]),
        ("RUSSIA'S Army", ["RUSSIA", "army"]),
        # trailing apostrophe of a plural / s-final possessive
        ("Belarus' border", ["belarus", "border"]),
        ("the farmers' union", ["farmers", "union"]),
        # hyphenated words stay whole, capitals kept per part
        ("an ex-Soviet state", ["ex-soviet", "state"]),
        ("a US-friendly regime", ["US-friendly", "regime"]),
        ("U.S.-led forces", ["US-led", "forces"]),
        # the country: U.S. and US are one term, the pronoun us is a stopword
        ("The U.S. told us that the US would act", ["US", "told", "US", "act"]),
        ("Us and them", []),
        # all-capitals abbreviations kept, other words folded
        ("NATO and the EU met in Brussels", ["NATO", "EU", "met", "brussels"]),
        ("The WHO said IT failed", ["WHO", "failed"]),
        # numbers and punctuation excluded
        ("In 1987, 5.93 mln bags (60 kilos) were sold!", ["mln", "bags", "kilos", "sold"]),
        ("G7 leaders and COVID-19", ["G7", "leaders", "COVID-19"]),
        # dotted abbreviations: "a.m." and "e.g." are stopwords, "u.s." is the country
        ("At 10 a.m. e.g. today", ["today"]),
        ("the u.s. and the U.K. envoys", ["US", "UK", "envoys"]),
        # dashes and slashes separate words
        ("Moscow/Kiev talks -- war--peace", ["moscow", "kiev", "talks", "war", "peace"]),
    ],
)
def test_news_tokenization(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_no_lone_s_token_from_possessives() -> None:
    terms = tokenize("Russia's, China's and Belarus' leaders", stopwords="none")
    assert "s" not in terms
    assert terms == ["russia", "china", "and", "belarus", "leaders"]


def test_contractions_are_handled_consistently() -> None:
    straight = tokenize("I don't know", stopwords="none", min_length=1)
    curly = tokenize("I don\u2019t know", stopwords="none", min_length=1)
    assert straight == curly == ["i", "don't", "know"]
    # with the builtin list both spellings are stopwords
    assert tokenize("don't DON'T don\u2019t Don't") == []
    # "let's" is a stopword as a whole, not "let" + possessive
    assert tokenize("let's go") == ["go"]


def test_us_country_never_merged_with_pronoun() -> None:
    terms = tokenize("US and U.S. and us and Us", stopwords="none")
    assert terms.count("US") == 2
    assert terms.count("us") == 2


def test_all_capitals_article_is_folded() -> None:
    assert tokenize("NATO TROOPS ENTER THE U.S. SECTOR") == [
        "nato",
        "troops",
        "enter",
        "US",
        "sector",
    ]
    # the shouted pronoun cannot be told from the country
    assert tokenize("LET US GO") == ["let", "go"]


def test_case_folding_can_be_switched_off() -> None:
    assert tokenize("Apple and NATO", case_fold=False) == ["Apple", "NATO"]


def test_min_length() -> None:
    assert tokenize("ox and bull", min_length=3) == ["bull"]
    assert tokenize("ox and bull", min_length=1) == ["ox", "bull"]


def test_keep_numbers() -> None:
    assert tokenize("1987 was 5.9 mln", keep_numbers=True) == ["1987", "5.9", "mln"]


def test_extra_stopwords_extend_the_list() -> None:
    assert tokenize("Reuters reported rain", extra_stopwords=["reuters", "Reported"]) == ["rain"]


def test_stopword_file_replaces_the_list(tmp_path: Path) -> None:
    path = tmp_path / "stop.txt"
    path.write_text("# my list\nrain\n", encoding="utf-8")
    tokenizer = Tokenizer(TokenizerSettings(stopwords=load_stopwords(file=path)))
    assert tokenizer.terms("the rain in spain") == ["the", "in", "spain"]


def test_unreadable_stopword_file_is_a_parameter_error(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="stopwords_file"):
        load_stopwords(file=tmp_path / "missing.txt")


def test_unknown_stopword_source() -> None:
    with pytest.raises(ParameterError, match="stopwords must be one of"):
        load_stopwords("klingon")


def test_builtin_list_is_owned_and_attributed() -> None:
    from analysis.resources import read_resource

    header = read_resource("stopwords_en.txt").splitlines()[:6]
    assert any("Snowball" in line for line in header)
    words = builtin_stopwords()
    assert {"the", "us", "said", "don't"} <= words
    assert "US" not in words


@pytest.mark.shared
def test_nltk_stopwords_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = SHARED / "data" / "nltk_data"
    if not data.exists():
        pytest.skip("../shared/data/nltk_data is absent")
    import nltk

    monkeypatch.setattr(nltk.data, "path", [str(data.resolve())])
    words = load_stopwords("nltk")
    assert "the" in words and "ourselves" in words
    assert tokenize("the army of ourselves", stopwords="nltk") == ["army"]


def test_nltk_stopwords_missing_gives_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import nltk.corpus

    class MissingCorpus:
        """Stands in for NLTK's lazy corpus loader when its data is not installed."""

        def words(self, *_args: object) -> list[str]:
            raise LookupError("Resource stopwords not found.")

    # Replace the loader itself: touching the real one would try to load its data.
    monkeypatch.setattr(nltk.corpus, "stopwords", MissingCorpus())
    with pytest.raises(ParameterError, match="nltk.downloader stopwords"):
        load_stopwords("nltk")


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("porter", ["run", "run", "gener", "NATO"]),
        ("snowball", ["run", "run", "general", "NATO"]),
    ],
)
def test_stemming_needs_no_data_and_spares_abbreviations(stem: str, expected: list[str]) -> None:
    assert tokenize("running runs generally NATO", stem=stem) == expected


def test_unknown_stemmer() -> None:
    with pytest.raises(ParameterError, match="stem must be one of"):
        tokenize("x", stem="lancaster")


def test_lemmatize_without_wordnet_gives_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from nltk.stem import WordNetLemmatizer

    def missing(self: object, word: str, pos: str = "n") -> str:
        raise LookupError("Resource wordnet not found.")

    monkeypatch.setattr(WordNetLemmatizer, "lemmatize", missing)
    with pytest.raises(ParameterError, match="nltk.downloader wordnet"):
        tokenize("geese", lemmatize=True)


def test_lemmatize_with_wordnet_when_installed() -> None:
    from nltk.stem import WordNetLemmatizer

    try:
        WordNetLemmatizer().lemmatize("geese")
    except LookupError:
        pytest.skip("NLTK wordnet data not installed")
    assert tokenize("geese flew", lemmatize=True) == ["goose", "flew"]


def test_tokens_carry_offsets_into_the_text() -> None:
    text = "The U.S.\u2019 envoy said: Russia\u2019s ex-Soviet allies"
    tokens = list(Tokenizer().tokens(text))
    for token in tokens:
        assert text[token.start : token.end] == token.surface
    kept = [(token.surface, token.term) for token in tokens if token.term]
    assert kept == [
        ("U.S.", "US"),
        ("envoy", "envoy"),
        ("Russia\u2019s", "russia"),
        ("ex-Soviet", "ex-soviet"),
        ("allies", "allies"),
    ]


def test_items_join_and_split() -> None:
    items = Tokenizer().items("Moscow, (Reuters) the")
    assert [split_item(item) for item in items] == [
        ("moscow", None),
        (None, "reuters", None),
        (STOP,),
    ]


TEXT_PIECES = st.sampled_from(
    [
        "Russia",
        "'s",
        "\u2019",
        "-",
        ".",
        "U.S.",
        "us",
        "US",
        "the",
        "NATO",
        "ex",
        "7",
        "1987",
        " ",
        "  ",
        "\n",
        ",",
        "(",
        ")",
        "a",
        "don't",
        "B",
        "--",
        "\u00e9t\u00e9",
        "_",
        "\u0301",  # combining accent: not a word character
        "\u02bc",  # modifier-letter apostrophe: a letter to str.isalpha
        "A.",
        "THE",
        "'",
        "!",
        "5.9",
        "G7",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT_PIECES, max_size=30).map("".join))
def test_fast_path_equals_offset_path(text: str) -> None:
    """Chunk-wise tokenizing (white-space split + cache) equals one pass over the text."""
    tokenizer = Tokenizer()
    assert tokenizer.sequence(text) == [token.term for token in tokenizer.tokens(text)]
