"""Country mentions: the gazetteer, the matcher and every disambiguation trap of the issue."""

from __future__ import annotations

import pickle
from typing import Any

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.countries import (
    COUNTRIES,
    MENTION_COLUMNS,
    country_table,
    find_country_mentions,
    gazetteer,
)
from analysis.model import Article
from analysis.segment import segment

from .conftest import shared_path


def found(text: str, **options: bool) -> list[tuple[str, str, str]]:
    return [(m.surface, m.country, m.form) for m in find_country_mentions(text, **options)]


# Each row: an invented sentence and every (surface, code, form) expected, in text order.
TRAPS = [
    # names, official names, aliases and former names
    (
        "Russia and the Russian Federation signed.",
        [("Russia", "RUS", "name"), ("Russian Federation", "RUS", "name")],
    ),
    ("Burma is now Myanmar.", [("Burma", "MMR", "alias"), ("Myanmar", "MMR", "name")]),
    ("He moved to Ivory Coast.", [("Ivory Coast", "CIV", "alias")]),
    (
        "Swaziland renamed itself Eswatini.",
        [("Swaziland", "SWZ", "alias"), ("Eswatini", "SWZ", "name")],
    ),
    ("Turkey is now called Türkiye.", [("Turkey", "TUR", "name"), ("Türkiye", "TUR", "name")]),
    (
        "The Czech Republic, or Czechia, voted.",
        [("Czech Republic", "CZE", "name"), ("Czechia", "CZE", "name")],
    ),
    ("Tulips from Holland arrived.", [("Holland", "NLD", "alias")]),
    # abbreviations and case rules
    (
        "The U.S. and the US and the USA agreed.",
        [
            ("U.S.", "USA", "abbreviation"),
            ("US", "USA", "abbreviation"),
            ("USA", "USA", "abbreviation"),
        ],
    ),
    ("Tell us what you think.", []),
    ("The U.K. and the UK left.", [("U.K.", "GBR", "abbreviation"), ("UK", "GBR", "abbreviation")]),
    (
        "The UAE hosted the DPRK and the PRC.",
        [
            ("UAE", "ARE", "abbreviation"),
            ("DPRK", "PRK", "abbreviation"),
            ("PRC", "CHN", "abbreviation"),
        ],
    ),
    ("It cost US$5 million.", []),
    ("RUSSIA WARNS OF SANCTIONS", [("RUSSIA", "RUS", "name")]),
    ("Chad held elections.", [("Chad", "TCD", "name")]),
    ("The hanging chad was counted.", []),
    ("We ate turkey and stuffing.", []),
    ("Turkey dinner was served at noon.", []),
    # adjectives and demonyms with variant spellings
    (
        "Belarussian, Belarusian and Byelorussian troops.",
        [
            ("Belarussian", "BLR", "adjective"),
            ("Belarusian", "BLR", "adjective"),
            ("Byelorussian", "BLR", "adjective"),
        ],
    ),
    (
        "Kyrgyz, Tajik and Uzbek envoys met Filipino ones.",
        [
            ("Kyrgyz", "KGZ", "adjective"),
            ("Tajik", "TJK", "adjective"),
            ("Uzbek", "UZB", "adjective"),
            ("Filipino", "PHL", "adjective"),
        ],
    ),
    (
        "Many Russians and Israelis agreed.",
        [("Russians", "RUS", "adjective"), ("Israelis", "ISR", "adjective")],
    ),
    # longest match first and names inside names
    (
        "From Guinea-Bissau to Guinea.",
        [("Guinea-Bissau", "GNB", "name"), ("Guinea", "GIN", "name")],
    ),
    ("Papua New Guinea voted.", [("Papua New Guinea", "PNG", "name")]),
    ("South Sudan split from Sudan.", [("South Sudan", "SSD", "name"), ("Sudan", "SDN", "name")]),
    ("She lives in New Mexico.", []),
    ("He banks with Bank of America.", [("America", "USA", "embedded")]),
    ("The journal Russia in Global Affairs printed it.", [("Russia", "RUS", "embedded")]),
    ("The Canadian Cancer Society raised funds.", [("Canadian", "CAN", "embedded")]),
    # Georgia the US state, and people named after countries
    ("Fans came to Atlanta, Georgia, for the game.", []),
    ("He was born in Macon, Ga., and lives in Georgia.", []),
    ("She studied at Georgia Tech.", [("Georgia", "GEO", "embedded")]),
    ("Storms hit Georgia and Alabama overnight.", []),
    (
        "Russian tanks entered Georgia near Tbilisi.",
        [("Russian", "RUS", "adjective"), ("Georgia", "GEO", "name")],
    ),
    ("Georgia Stevens won the prize.", []),
    ("Jordan Henderson scored twice.", []),
    ("Chad Smith played drums.", []),
    ("Michael Jordan retired.", []),
    ("Chad, 23, was arrested.", []),
    ("Jordan welcomed refugees from Syria.", [("Jordan", "JOR", "name"), ("Syria", "SYR", "name")]),
    # US towns named after countries
    ("He grew up in Palestine, Texas.", []),
    ("The fair in Lebanon, Ohio, opened.", []),
    ("A Lebanon woman won the lottery.", []),
    ("Israel bombed targets in Lebanon.", [("Israel", "ISR", "name"), ("Lebanon", "LBN", "name")]),
    # language, cuisine and Native American senses
    ("She speaks Spanish.", []),
    ("A Spanish-language paper.", []),
    ("The Spanish government fell.", [("Spanish", "ESP", "adjective")]),
    ("We ordered Italian food.", []),
    ("The Indian tribe sued the state.", []),
    (
        "Indian troops crossed into Pakistan.",
        [("Indian", "IND", "adjective"), ("Pakistan", "PAK", "name")],
    ),
    # Kosovo and partially recognised entities
    (
        "Kosovo and Taiwan and Palestine.",
        [("Kosovo", "XKX", "name"), ("Taiwan", "TWN", "name"), ("Palestine", "PSE", "name")],
    ),
    (
        "Abkhazia and South Ossetia.",
        [("Abkhazia", "XAB", "name"), ("South Ossetia", "XSO", "name")],
    ),
    (
        "Northern Cyprus, Transnistria and Western Sahara.",
        [
            ("Northern Cyprus", "XNC", "name"),
            ("Transnistria", "XTR", "name"),
            ("Western Sahara", "ESH", "name"),
        ],
    ),
    # web addresses and regions named after a country
    ("See http://news.example.com/2018/japan-s-ban/Japan-s-ban-on-beef.", []),
    ("Peace on the Korean Peninsula.", []),
    # word boundaries
    ("The woman from Indiana reached Nigeria.", [("Nigeria", "NGA", "name")]),
    ("Perugia beat Roma.", []),
    ("Omani ships docked.", [("Omani", "OMN", "adjective")]),
]


@pytest.mark.parametrize(("text", "expected"), TRAPS, ids=[row[0][:40] for row in TRAPS])
def test_trap_table(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


METONYMS = [
    ("Moscow denied it.", [("Moscow", "RUS", "capital")]),
    ("The Kremlin denied it.", [("Kremlin", "RUS", "metonym")]),
    (
        "Washington and the White House agreed.",
        [("Washington", "USA", "capital"), ("White House", "USA", "metonym")],
    ),
    (
        "Beijing and Tbilisi responded.",
        [("Beijing", "CHN", "capital"), ("Tbilisi", "GEO", "capital")],
    ),
    ("Downing Street declined to comment.", [("Downing Street", "GBR", "metonym")]),
]


@pytest.mark.parametrize(("text", "expected"), METONYMS, ids=[row[0][:30] for row in METONYMS])
def test_metonyms_only_with_the_option(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == []
    assert found(text, metonyms=True) == expected


def test_uk_constituent_countries_are_opt_in() -> None:
    text = "Scotland and Wales voted; the Welsh and Scottish MPs left."
    assert found(text) == []
    assert [code for _, code, _ in found(text, constituent_countries=True)] == ["GBR"] * 4
    assert found("Belfast is in Northern Ireland.") == []


def test_one_sense_per_article_for_us_towns() -> None:
    text = "Lebanon, Ohio, held a parade. Later Lebanon hosted a fair."
    assert found(text) == []


def test_surname_sense_carries_over_within_an_article() -> None:
    text = "Officer Monica French said the report was late. French said it was fixed."
    assert found(text) == []
    text = "Reporter Bob Holland covered the trial. Holland recalled the verdict."
    assert found(text) == []
    text = "Star India bought the rights, the board in India said."
    assert found(text) == [("India", "IND", "name")]


def test_offsets_point_into_the_text() -> None:
    text = "Talks between the U.S. and China, then Russia's reply."
    for mention in find_country_mentions(text):
        assert text[mention.start : mention.end] == mention.surface
    assert [m.surface for m in find_country_mentions(text)] == ["U.S.", "China", "Russia"]


def test_document_gives_paragraph_and_sentence_indices() -> None:
    text = "France voted. Spain abstained.\n\nItaly left."
    mentions = find_country_mentions(text, doc=segment(text))
    assert [(m.surface, m.paragraph, m.sentence) for m in mentions] == [
        ("France", 0, 0),
        ("Spain", 0, 1),
        ("Italy", 1, 2),
    ]


def test_every_iso_country_is_in_the_gazetteer_with_a_name() -> None:
    codes = set(country_table()["code"])
    named = set(gazetteer().query("type == 'name'")["code"])
    for country in pycountry.countries:
        assert country.alpha_3 in codes
        assert country.alpha_3 in named, country.name


def test_partially_recognised_entities_are_flagged() -> None:
    table = country_table().set_index("code")
    for code in ("XKX", "XAB", "XSO", "XNC", "XTR", "TWN", "PSE", "ESH"):
        assert table.loc[code, "recognition"] == "partial"
    assert table.loc["XKX", "code_status"] == "user-assigned"
    assert table.loc["FRA", "recognition"] == "full"


def test_gazetteer_types_are_known() -> None:
    allowed = {
        "name",
        "alias",
        "abbreviation",
        "adjective",
        "capital",
        "metonym",
        "constituent",
        "constituent_adjective",
    }
    assert set(gazetteer()["type"]) <= allowed


def _articles() -> list[Article]:
    return [
        Article("b", "Spain and France met.\n\nGermany watched from Berlin."),
        Article("a", "The Bank of America lent to Peru. Peru repaid it."),
    ]


def test_extractor_tables_are_tidy_and_deterministic() -> None:
    options: dict[str, object] = {}
    acc = COUNTRIES.start(options)
    for article in _articles():
        result = COUNTRIES.extract(article, segment(article.text), options)
        assert pickle.loads(pickle.dumps(result)) == result  # results travel between processes
        acc = COUNTRIES.add(acc, article, result)
    tables = COUNTRIES.finish(acc, options)
    mentions = tables["country_mentions"]
    assert list(mentions.columns) == MENTION_COLUMNS
    assert list(mentions["article_id"]) == ["a", "a", "a", "b", "b", "b"]
    assert list(mentions["form"]) == ["embedded", "name", "name", "name", "name", "name"]
    assert set(tables["comentions"]["unit"]) == {"sentence", "paragraph", "article", "window-3"}


def test_extractor_merge_is_order_independent() -> None:
    options: dict[str, object] = {"window": 2}
    accumulators = []
    for article in _articles():
        acc = COUNTRIES.start(options)
        result = COUNTRIES.extract(article, segment(article.text), options)
        accumulators.append(COUNTRIES.add(acc, article, result))
    first = COUNTRIES.finish(COUNTRIES.merge(COUNTRIES.start(options), accumulators[0]), options)
    forward = COUNTRIES.finish(COUNTRIES.merge(accumulators[0], accumulators[1]), options)
    assert len(first["country_mentions"]) == 3
    accumulators = []
    for article in reversed(_articles()):
        acc = COUNTRIES.start(options)
        result = COUNTRIES.extract(article, segment(article.text), options)
        accumulators.append(COUNTRIES.add(acc, article, result))
    backward = COUNTRIES.finish(COUNTRIES.merge(accumulators[0], accumulators[1]), options)
    assert forward["country_mentions"].equals(backward["country_mentions"])
    assert forward["comentions"].equals(backward["comentions"])


def test_metonyms_option_reaches_the_extractor() -> None:
    article = Article("x", "Berlin and Paris disagreed.")
    doc = segment(article.text)
    assert COUNTRIES.extract(article, doc, {}).mentions == ()
    with_metonyms = COUNTRIES.extract(article, doc, {"metonyms": True}).mentions
    assert [m.country for m in with_metonyms] == ["DEU", "FRA"]


def test_empty_corpus_gives_typed_empty_tables() -> None:
    acc = COUNTRIES.start({})
    article = Article("empty", "")
    acc = COUNTRIES.add(acc, article, COUNTRIES.extract(article, segment(""), {}))
    tables = COUNTRIES.finish(acc, {})
    assert tables["country_mentions"].empty
    assert str(tables["country_mentions"]["start"].dtype) == "int64"
    assert tables["comentions"].empty


def test_inner_forms_found_by_initial_are_those_of_a_full_scan() -> None:
    from analysis.countries import _forms_by_initial, _inner_form, context_lists, gazetteer

    known: dict[str, tuple[str, str]] = {}
    for code, form, ftype in gazetteer().itertuples(index=False):
        known.setdefault(form, (code, ftype))
    by_initial = _forms_by_initial(known)
    assert by_initial is not None
    phrases = [*context_lists().embedded_names, *known, "New South Wales", "Niger Delta",
               "the Congo Basin", "Guinea-Bissau", "", "x", "United States Steel"]
    found = 0
    for phrase in phrases:
        fast = _inner_form(phrase, known, by_initial)
        assert fast == _inner_form(phrase, known), phrase
        found += fast is not None
    assert found > 100  # the phrases do hold country forms
    assert _forms_by_initial({"": ("XX", "name")}) is None


# --- the C matcher (analysis._native.KeyMatcher): built by a regular install --------------


def _native_matcher(metonyms: bool) -> Any:
    from analysis.countries import _matcher

    matcher = _matcher(metonyms)
    if matcher is None:
        pytest.skip("analysis._native is not built (pure-Python install)")
    return matcher


_MATCH_TEXTS = [
    "",
    "U.S.",
    "The U.S.-Russia talks: Russians, RUSSIA and russia (not Russia2 or xRussia).",
    "Mexico City and Mexico; New Mexico; Papua New Guinea, Guinea-Bissau, Guinea.",
    "the Kremlin said; the United States and the States, the Emirates \u2019s",
    "C\u00f4te d\u2019Ivoire, Cote d'Ivoire and S\u00e3o Tom\u00e9 \U0001f600 China\u2019s",
    "Indians in India; Georgia, Georgian wine; Turkey and turkeys.",
]


@pytest.mark.parametrize("metonyms", [False, True])
def test_c_matcher_finds_the_spans_of_pyahocorasick(metonyms: bool) -> None:
    from analysis.corpus import demo_corpus_path, iter_articles
    from analysis.countries import _candidate_spans_python

    matcher = _native_matcher(metonyms)
    texts = [*_MATCH_TEXTS, *(a.text for a in iter_articles(demo_corpus_path()))]
    for text in texts:
        assert matcher.spans(text) == _candidate_spans_python(text, metonyms), text


@pytest.mark.parametrize("metonyms", [False, True])
def test_c_matcher_on_the_shared_corpora(metonyms: bool) -> None:
    import json

    from analysis.countries import _candidate_spans_python

    reuters = shared_path("data", "corpora", "reuters-21578", "reuters-21578.jsonl")
    bbc = shared_path("data", "corpora", "bbc-news-2225", "text")
    matcher = _native_matcher(metonyms)
    with reuters.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in bbc.rglob("*.txt")]
    differing = [t for t in texts if matcher.spans(t) != _candidate_spans_python(t, metonyms)]
    assert not differing


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_c_matcher_on_random_texts_of_forms(data: st.DataObject) -> None:
    from analysis.countries import _candidate_spans_python, _form_table

    metonyms = data.draw(st.booleans())
    matcher = _native_matcher(metonyms)
    forms = sorted(_form_table(metonyms))
    pieces = st.one_of(
        st.sampled_from(forms),
        st.text(alphabet=" .-,'\u2019aZ9\u00e9\u0100\U0001f600", max_size=3),
        st.sampled_from(forms).map(lambda form: form[: max(1, len(form) // 2)]),
    )
    text = "".join(data.draw(st.lists(pieces, max_size=12)))
    assert matcher.spans(text) == _candidate_spans_python(text, metonyms)


def test_c_matcher_arguments() -> None:
    from analysis import native_function

    matcher_type = native_function("KeyMatcher")
    if matcher_type is None:
        pytest.skip("analysis._native is not built (pure-Python install)")
    matcher = matcher_type(["ab", "b", "abc", "x\u00e9", "\u2019s"], [1, 2, 3, 4, 5])
    assert matcher.spans("ab b abc x\u00e9 \u2019s abcd") == [
        (0, 2, 1), (3, 4, 2), (5, 8, 3), (9, 11, 4), (12, 14, 5),
    ]  # fmt: skip
    assert matcher_type([], []).spans("anything") == []
    with pytest.raises(ValueError):
        matcher_type(["a"], [])
    with pytest.raises(TypeError):
        matcher_type([""], [1])
    with pytest.raises(TypeError):
        matcher.spans(b"ab")
