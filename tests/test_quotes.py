"""Quote extraction: one invented sentence per construction -> (kind, speaker)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import ParameterError
from analysis.model import Article
from analysis.quotes import (
    _CREDIT,
    _NOUN_USE,
    _SCARE_BEFORE,
    _SCARE_PHRASES,
    _WORD,
    KINDS,
    QUOTE_COLUMNS,
    QUOTES,
    Quote,
    _at_least,
    _credit_spans,
    _cues,
    _Extraction,
    _verbs,
    extract_quotes,
)
from analysis.segment import count_words, segment


def _only(text: str) -> Quote:
    quotes = extract_quotes(text)
    assert len(quotes) == 1, [(text[q.start : q.end], q.speaker) for q in quotes]
    return quotes[0]


def _spans(text: str) -> list[tuple[str, str, str]]:
    return [(text[q.start : q.end], q.kind, q.speaker) for q in extract_quotes(text)]


CONSTRUCTIONS = [
    # direct quotes, straight and curly marks, cue after / before
    ('"We will build the bridge next year," Marta Kowalczyk said.', "direct", "Marta Kowalczyk"),
    ("\u201cWe will build the bridge next year,\u201d Marta Kowalczyk said.", "direct",
     "Marta Kowalczyk"),
    ('"The plan is ready," said Tomas Eriksen, the city engineer.', "direct", "Tomas Eriksen"),
    ('Tomas Eriksen said: "The plan is ready and the money is there."', "direct",
     "Tomas Eriksen"),
    # titles and roles stripped
    ('"The talks went well," presidential advisor Sergei Volkonsky said.', "direct",
     "Sergei Volkonsky"),
    ('"The border stays open," Freedonian President Anton Lebrecht told reporters.', "direct",
     "Anton Lebrecht"),
    # indirect speech
    ("Marta Kowalczyk said that the bridge would open in May.", "indirect", "Marta Kowalczyk"),
    ("Marta Kowalczyk said the bridge would open in May.", "indirect", "Marta Kowalczyk"),
    ("The bridge would open in May, Marta Kowalczyk said.", "indirect", "Marta Kowalczyk"),
    ("The bridge would open in May, said Marta Kowalczyk.", "indirect", "Marta Kowalczyk"),
    ("Marta Kowalczyk told reporters that the bridge would open in May.", "indirect",
     "Marta Kowalczyk"),
    ("Marta Kowalczyk told the city council the bridge would open in May.", "indirect",
     "Marta Kowalczyk"),
    ("According to Marta Kowalczyk, the bridge will open in May.", "indirect",
     "Marta Kowalczyk"),
    ("The bridge will open in May, according to Marta Kowalczyk.", "indirect",
     "Marta Kowalczyk"),
    ("Marta Kowalczyk warned that the bridge could open late.", "indirect", "Marta Kowalczyk"),
    ("Marta Kowalczyk insisted the costs were under control.", "indirect", "Marta Kowalczyk"),
    ("Marta Kowalczyk, the city engineer, argued that the costs were under control.",
     "indirect", "Marta Kowalczyk"),
    # partial quotes inside reported speech
    ('Anton Lebrecht gushed that the neighbours had acted "beautifully" and "wisely" this year.',
     "partial", "Anton Lebrecht"),
    ('The vote was "a disaster for everyone," Anton Lebrecht told parliament.', "partial",
     "Anton Lebrecht"),
    # organisations and unnamed sources
    ("The Ministry of Transport said the bridge would open in May.", "indirect",
     "The Ministry of Transport"),
    ("Officials said the bridge would open in May.", "indirect", "Officials"),
    ("A source said the bridge would open in May.", "indirect", "A source"),
    ("Analysts note that the bridge could open late.", "indirect", "Analysts"),
    # a cue followed by an adverb and a comma, then the quote
    ('A neighbour shouted angrily, "Get off my lawn!"', "direct", "A neighbour"),
    # a content clause after a short prepositional phrase and "that"
    ("Marta Kowalczyk said in her weekly radio address that the bridge would open in May.",
     "indirect", "Marta Kowalczyk"),
    ("Marta Kowalczyk said at a campaign stop in Gdansk, Poland, that the bridge would open.",
     "indirect", "Marta Kowalczyk"),
    ("The firm's lawyers have argued in court documents that the claims were made too late.",
     "indirect", "lawyers"),
    # "the" and a one-word name before a verb-only cue: no noun use ("the IMF report")
    ("Growth in rich nations is offset by faster growth elsewhere, the IMF said.", "indirect",
     "the IMF"),
    # a subject shared by two verbs with an auxiliary or adverb before the second
    ("Norman's lawyers will be heard in March, and have alleged in court documents that the "
     "case was political.", "indirect", "Norman's lawyers"),
    # "have (for years) been saying" is the subject's; "it has been reported" has no speaker
    ("Researchers have for years been saying that governments need to act.", "indirect",
     "Researchers"),
    ("Ana Ruiz called the report false on Thursday and in a carefully worded response said "
     "she never issued directions.", "indirect", "Ana Ruiz"),
    # a month after the cue: "said in December (1986) that", "..., the company wrote in a
    # report in December."
    ("The ministry said in December 1986 that it would not pursue the law.", "indirect",
     "The ministry"),
    ("Revenues fell by 16 per cent this year, the company wrote in a report in December.",
     "indirect", "the company"),
    # a time between the subject and the cue
    ("Marta Kowalczyk on Tuesday said the bridge would open in May.", "indirect",
     "Marta Kowalczyk"),
    # a subject shared by two verbs: "X did Y and said Z"
    ("A senior ministry official met the bankers and said the bridge would open in May.",
     "indirect", "A senior ministry official"),
    ("Dealers cited some caution and said activity focused on short-dated deposits.",
     "indirect", "Dealers"),
    # a participle clause: the sentence's subject speaks, also a common noun phrase
    ("A Superior Court of Ontario judge chastised the station on Friday, saying the station "
     "had been playing games.", "indirect", "A Superior Court of Ontario judge"),
    ("Foreign ministry spokeswoman Lina Haddad shot back on Tuesday, saying the talks "
     "would go on.", "indirect", "Lina Haddad"),
    # "..., ROLE NAME said.": the role (and its owner) before the name belong to the subject
    ("Sales of the tractors fell sharply in Poland this year, Harbour chief executive Ana "
     "Ruiz said.", "indirect", "Ana Ruiz"),
    ("Sales of the tractors fell sharply in Poland this year, Harbour's chief executive Ana "
     "Ruiz said.", "indirect", "Ana Ruiz"),
    ("Sales of the tractors fell sharply in Poland this year, its chief executive Ana Ruiz "
     "said.", "indirect", "Ana Ruiz"),
    ("Sales of the tractors fell sharply in Poland this year, said Harbour's chief executive "
     "Ana Ruiz.", "indirect", "Ana Ruiz"),
    ('"Sales are down," Harbour\u2019s U.K. managing director Ana Ruiz said.', "direct",
     "Ana Ruiz"),
    # a role of an organisation speaks, not the organisation: "a spokesman for the ministry"
    ("The bridge will open in May, a spokesman for the ministry said.", "indirect",
     "a spokesman for the ministry"),
    # "..., X told ADDRESSEE.": the one told is no content
    ("The bridge will open in May, Ms. Kowalczyk told the Harbour Gazette.", "indirect",
     "Kowalczyk"),
    ("The bridge will open in May, the 54-year-old told reporters on Tuesday.", "indirect",
     "the 54-year-old"),
    ("The bridge will open in May, a ministry spokeswoman said on condition of anonymity.",
     "indirect", "a ministry spokeswoman"),
    # "NAME, ROLE told" without the appositive's second comma: the name speaks
    ("The bridge will open in May, Marta Kowalczyk, the party's election strategist told "
     "reporters.", "indirect", "Marta Kowalczyk"),
    # where, or in what, the words were said ends the sentence after the cue
    ("The bridge will open in May, Kowalczyk said at a news conference in Lyon.", "indirect",
     "Kowalczyk"),
    ("The bridge will open in May, Kowalczyk told reporters in Lyon.", "indirect", "Kowalczyk"),
    ("The bridge will open in May, Kowalczyk said in a statement released Monday.",
     "indirect", "Kowalczyk"),
    ("The bridge will open in May, Kowalczyk wrote in a blog post.", "indirect", "Kowalczyk"),
    # "sources close to X" speak, not X; "both" is no part of the subject
    ("The bridge will open in May, sources close to Ms. Kowalczyk said.", "indirect",
     "sources close to Ms. Kowalczyk"),
    ("Kowalczyk and Tomasz Nowak both said the bridge would open in May.", "indirect",
     "Tomasz Nowak"),
    # words between commas that make a clause are no appositive of the word before them
    ("Somehow, the family will find a way, adds Marta Kowalczyk.", "indirect",
     "Marta Kowalczyk"),
    ("The bridge will open in May, Marta Kowalczyk, an engineer who has worked on it for "
     "years, said.", "indirect", "Marta Kowalczyk"),
    ("Kowalczyk, speaking to reporters after she was appointed, promised a clear statement "
     "of policy would be made within days.", "indirect", "Kowalczyk"),
    # a description cut short by a modifier the parser stops at keeps its determiner
    ("Grain prices rose sharply in the third quarter, one commercial trader said.", "indirect",
     "one commercial trader"),
    ("Grain prices rose sharply, a Harbour Securities currency trader said.", "indirect",
     "a Harbour Securities currency trader"),
    # "on condition of anonymity" after a comma is not the end of the sentence
    ("Nobody took the passes, he said, on condition of anonymity to speak freely.", "indirect",
     ""),
    ("Harbour Credit Corp, a unit of Harbour Bank, is raising 100 mln dlrs through an issue, "
     "said lead manager Tomasz Nowak.", "indirect", "Tomasz Nowak"),
    # "one ..." after the cue is an unnamed source, not the capitalised word inside it
    ('"We are falling by our own hand," said one Republican political strategist.', "direct",
     "one Republican political strategist"),
    # a given name set off after a relation: "Kowalczyk's father, Jan, says"
    ("Kowalczyk's father, Joseph, says his son grew up in Lyon and studied in Paris.", "indirect",
     "Joseph"),
    # "including ..." between commas gives examples: the group before them speaks
    ("Critics, including councillor Tomasz Nowak, say the bridge will cost too much.",
     "indirect", "Critics"),
    # a document's issuer speaks: "according to a news release from the Harbour Agency"
    ("The bridge will open in May, according to a news release from the Harbour Agency.",
     "indirect", "the Harbour Agency"),
    # a direct quote sourced after it: '"...," according to X.'
    ('"The bridge will open in May," according to Marta Kowalczyk.', "direct",
     "Marta Kowalczyk"),
    # a phrase set off by commas between the subject and its cue is no inverted subject
    ("The prime minister, speaking in Lyon, said the bridge would open in May.", "indirect",
     "The prime minister"),
    ("The ministry, in a statement, said the bridge would open in May.", "indirect",
     "The ministry"),
    ("The minister, who took office in May, said the bridge would open in June.", "indirect",
     "The minister"),
    ("The newspaper, citing two officials, reported that the bridge would open in May.",
     "indirect", "The newspaper"),
    ("The company, however, said the bridge would open in May.", "indirect", "The company"),
    ("The senator, a Democrat from Ohio, said the bridge would open in May.", "indirect",
     "The senator"),
    ("Residents, many of whom lost their homes, said the aid came too late.", "indirect",
     "Residents"),
    ("Analysts, asked about the outlook, said growth would slow.", "indirect", "Analysts"),
    ("After the vote, the mayor, visibly upset, said the council had erred.", "indirect",
     "the mayor"),
    ("His lawyers, Tomasz Nowak and Marta Kowalczyk, have said they might seek a change of "
     "venue.", "indirect", "Marta Kowalczyk"),
    # a bracketed acronym inside the role after a name
    ("Marta Kowalczyk, head of marketing at Transport for Lyon (TfL), said the posters "
     "worked.", "indirect", "Marta Kowalczyk"),
    # "admits in this instance, there were ...": a short phrase and a comma after the cue
    ("Kowalczyk admits in this instance, there were fatalities.", "indirect", "Kowalczyk"),
    ('"Someone has to find the money," the official, who asked not to be named, told '
     "Reuters.", "direct", "the official"),
    # an inverted subject ends before a verb or a spaced dash
    ("The plan would cut bills, says the party - and insulation could cut them further.",
     "indirect", "the party"),
    # a noun taken for a cue ("report") before "said": the phrase with the noun speaks
    ("Some newspaper reports said the losses were caused by a failure to hedge.", "indirect",
     "Some newspaper reports"),
    ("Market reports on Friday said the agency had booked two cargoes.", "indirect",
     "Market reports"),
    ("The ministry in March said the plant would close.", "indirect", "The ministry"),
    # Reuters' capitalised verb after an abbreviation is no part of the name
    ("The U.S. Has said it will not allow the strait to be closed.", "indirect", "The U.S."),
    # "said as lead manager": the role in which it was said, not the content
    ("Harbour Foods is issuing a 100 mln dlr eurobond due 1992, Harbour Securities Ltd said "
     "as lead manager.", "indirect", "Harbour Securities Ltd"),
    # expressive verbs of speech
    ('"We are still talking about that?" Mr. Kowalczyk fumed.', "direct", "Kowalczyk"),
    # singular unnamed sources, and a group at an organisation
    ("Prices will rise, one dealer said.", "indirect", "one dealer"),
    ("Prices will rise, a dealer at a Japanese bank said.", "indirect",
     "a dealer at a Japanese bank"),
    ("Prices will rise, economists at the bank said.", "indirect", "economists at the bank"),
    # an owner before a description: "the singer's agent"
    ("The singer is to marry in June, the singer's agent said.", "indirect",
     "the singer's agent"),
    # "was quoted as saying"; a document's issuer that is no name
    ("Tom Berg was quoted as saying the mill would close in June.", "indirect", "Tom Berg"),
    ("The mill will close in June, according to a statement from the company.", "indirect",
     "the company"),
    # a group owned by a document speaks, not the document
    ("The plan will fail, according to the report's authors.", "indirect",
     "the report's authors"),
]


@pytest.mark.parametrize(("text", "kind", "speaker"), CONSTRUCTIONS)
def test_construction(text: str, kind: str, speaker: str) -> None:
    quote = _only(text)
    assert (quote.kind, quote.speaker) == (kind, speaker)


@pytest.mark.parametrize(
    "text",
    [
        "The prime minister, speaking in Lyon, said the cuts were unavoidable.",
        "The company's chief executive, in a letter to staff, said the cuts were unavoidable.",
        "His lawyers, Tomasz Nowak and Marta Kowalczyk, said the cuts were unavoidable.",
    ],
)
def test_interrupted_subject_is_not_taken_for_the_content(text: str) -> None:
    # the words after "said" are the content, not an inverted subject ("said the cuts")
    quote = _only(text)
    assert text[quote.start : quote.end] == "the cuts were unavoidable"
    assert "cuts" not in quote.speaker


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # "report" is a noun here: the content does not open with "said"
        ("A press report today said Harbour Foods has agreed to buy the mill.",
         "Harbour Foods has agreed to buy the mill"),
        # a doubled cue is a typo: the content starts after it
        ("The agency said said the recall affects 315,000 packages.",
         "the recall affects 315,000 packages"),
    ],
)
def test_the_content_never_opens_with_said(text: str, content: str) -> None:
    quote = _only(text)
    assert text[quote.start : quote.end] == content


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("In addition, the company said, the contracts require the utility to buy power.",
         "the contracts require the utility to buy power"),
        ("At one point, Kowalczyk said, the crowd began to chant.", "the crowd began to chant"),
        ("For instance, he said, in a version of the game a player who misunderstood was lost.",
         "in a version of the game a player who misunderstood was lost"),
    ],
)
def test_an_opening_adverbial_before_the_cue_is_no_content(text: str, content: str) -> None:
    quote = _only(text)
    assert text[quote.start : quote.end] == content


def test_a_relative_clause_after_an_inverted_subject_is_no_content() -> None:
    # "..., said Tom Berg, who has run it since 1990.": the clause is about the speaker
    text = "The mill will close in June, said Tom Berg, who has run it since 1990."
    assert _spans(text) == [("The mill will close in June", "indirect", "Tom Berg")]


def test_the_role_after_said_is_no_content() -> None:
    # "..., X said as lead manager.": the sentence before the cue is the content
    text = ("Harbour Foods is issuing a 100 mln dlr eurobond due 1992, Harbour Securities Ltd "
            "said as lead manager.")
    quote = _only(text)
    assert text[quote.start : quote.end] == "Harbour Foods is issuing a 100 mln dlr eurobond due 1992"


def test_an_interrupter_after_a_clause_keeps_the_inverted_subject() -> None:
    # "He left the company, citing ..., said a spokesman": the spokesman, not the company
    text = "He left the company, citing health reasons, said a spokesman."
    assert _only(text).speaker == "a spokesman"


def test_direct_span_includes_the_marks() -> None:
    text = '"We will build the bridge next year," Marta Kowalczyk said.'
    quote = _only(text)
    assert text[quote.start : quote.end] == '"We will build the bridge next year,"'
    assert quote.cue == "said"


def test_indirect_span_is_the_clause_without_that_and_period() -> None:
    text = "Marta Kowalczyk said that the bridge would open in May."
    quote = _only(text)
    assert text[quote.start : quote.end] == "the bridge would open in May"


def test_split_quote_gives_two_quotes_with_one_speaker() -> None:
    text = '"We expect a decision soon," Pavel Orlov said, "but nothing is certain yet."'
    assert _spans(text) == [
        ('"We expect a decision soon,"', "direct", "Pavel Orlov"),
        ('"but nothing is certain yet."', "direct", "Pavel Orlov"),
    ]


def test_wire_quote_over_paragraphs_gives_one_quote_per_paragraph() -> None:
    text = (
        '"The first part of the plan is done," Pavel Orlov said. "The second part starts\n\n'
        '"in spring, when the ground is soft enough to dig."'
    )
    spans = _spans(text)
    assert [s[2] for s in spans] == ["Pavel Orlov"] * 3
    assert spans[1][0] == '"The second part starts'
    assert spans[2][0] == '"in spring, when the ground is soft enough to dig."'


def test_quote_without_cue_inherits_the_previous_speaker() -> None:
    text = (
        '"The river is rising," Ines Duarte said.\n\n'
        '"We have moved the families to the school and we will stay there tonight."'
    )
    assert [s[2] for s in _spans(text)] == ["Ines Duarte", "Ines Duarte"]


@pytest.mark.parametrize(
    "text",
    [
        'Relations improved after the so-called "reset" of last spring.',
        'She read "The Long Walk Home" twice before the trip.',
        'The "experts" on the evening news were wrong again.',
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(text: str) -> None:
    assert extract_quotes(text) == []


def test_naming_verb_a_few_words_before_the_quote_makes_a_partial_quote() -> None:
    text = "At a fundraiser, Ines Duarte called half of the mayor's supporters \u201cdeplorables.\u201d"
    assert [(s[0], s[2]) for s in _spans(text)] == [
        ("\u201cdeplorables.\u201d", "Ines Duarte")
    ]
    assert _spans('The bill would close what some call the "loophole" in the law.') == []


def test_a_paragraph_signed_with_a_name_is_its_quote() -> None:
    pull = (
        "Morgan Lind was 24 when she learned she had cancer.\n\n"
        "I'm not happy I have cancer, but I'm thankful for what it brought me. Morgan Lind\n\n"
        "Lind turned down a number of offers."
    )
    assert [(pull[q.start : q.end], q.kind, q.speaker) for q in extract_quotes(pull)] == [
        ("I'm not happy I have cancer, but I'm thankful for what it brought me", "indirect",
         "Morgan Lind"),
    ]
    tweet = (
        "Waits are long in the region.\n\nCalls to 9-1-1 have increased each year, and "
        "there are too few units. pic.twitter.com/Ab12Cd — Alicia Draus (@Alicia_Draus) "
        "January 14, 2019\n\nMore follows."
    )
    quotes = extract_quotes(tweet)
    assert [(tweet[q.start : q.end], q.speaker) for q in quotes] == [
        ("Calls to 9-1-1 have increased each year, and there are too few units", "Alicia Draus")
    ]
    # a closing name that is no person the article names signs nothing
    for text in (
        "Woods won at Augusta.\n\nWoods thrives at this layout, and we expect more of the "
        "same. PGA Championship\n\nThe PGA Championship is next.",
        "It was a long night for the team.\n\nArticle Continued Below\n\nThe coach left.",
    ):
        assert extract_quotes(text) == []


def test_photo_captions_are_not_quoted_twice() -> None:
    text = (
        "The minister spoke on Monday.\n\n"
        "In September, Veterans Minister Ana Ruiz said future benefits would not be paid to "
        "family members. (Adrian Wyld/Canadian Press)\n\n"
        "In an email, officials said the change was final."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["officials"]


def test_according_to_after_a_quote_keeps_the_description_out() -> None:
    text = '"The system is broken," according to Dr. Lina Haddad, a family doctor at the centre.'
    assert [(text[q.start : q.end], q.speaker) for q in extract_quotes(text)] == [
        ('"The system is broken,"', "Lina Haddad")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In the years before 2011, the agency charged a premium of around 1 per cent.",
        "The regulator charged Harbour Bank with fraud in a suit filed on Monday.",
        "He won this tournament in 2007 and boasts a pair of other top five finishes.",
        "Ana Ruiz wrote a book that inspired the documentary about the strike.",
        "Wales maintained their superb start to this year's tournament on Saturday.",
        "The ministry reiterated its support for the airport expansion plans.",
    ],
)
def test_verbs_with_a_noun_object_are_no_quotes(text: str) -> None:
    assert extract_quotes(text) == []


def test_a_passive_report_has_no_speaker() -> None:
    assert [q.speaker for q in extract_quotes("It has been reported that the firm will close.")] in (
        [],
        [""],
    )


def test_told_about_is_a_topic_not_a_quote() -> None:
    assert extract_quotes("Ana Ruiz told reporters about the plan to build a new bridge.") == []


def test_naming_verb_with_a_subject_is_a_partial_quote() -> None:
    text = ('Ines Duarte spoke of the night of the flood, in what she called '
            '"the longest night of my life."')
    quotes = extract_quotes(text)
    assert [(text[q.start : q.end], q.kind, q.speaker) for q in quotes] == [
        ('"the longest night of my life."', "partial", "Ines Duarte")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "READ MORE: Harbour mayor says the bridge will open in May",
        "The ministry released a report that found the bridge was unsafe.",
        "The agency's latest report shows costs have doubled.",
    ],
)
def test_link_lines_and_noun_cues_are_not_quotes(text: str) -> None:
    assert extract_quotes(text) == []


def test_quoted_word_lists_are_not_quotes() -> None:
    text = 'Words on the list include "synergy," "pivot," "circle back" and "bandwidth."'
    assert extract_quotes(text) == []


def test_negated_cue_is_not_a_quote() -> None:
    assert extract_quotes("Marta Kowalczyk has not said the bridge would open in May.") == []


# ninth round: progressive and contracted auxiliaries, objects before "that", free relatives
NINTH_ROUND = [
    # a progressive or contracted auxiliary between the subject and the cue
    ("The ministry is warning that fuel prices will rise.",
     [("fuel prices will rise", "The ministry")]),
    ("Harbour officials are saying that the ferry will not run.",
     [("the ferry will not run", "Harbour officials")]),
    ("Mayor Marta Kowalczyk lost the vote. She's claiming that the vote was rigged.",
     [("the vote was rigged", "Marta Kowalczyk")]),
    ("Mayor Marta Kowalczyk lost the vote. She's said that the vote was rigged.",
     [("the vote was rigged", "Marta Kowalczyk")]),
    ("The mayor now says the bridge will open in June.",
     [("the bridge will open in June", "The mayor")]),
    # whom it was told, however long, comes before "that"
    ("Tomas Kerr told a general assembly of the Harbour Growers Federation that the harvest "
     "was late.", [("the harvest was late", "Tomas Kerr")]),
    ("Ines Duarte told customers at a busy breakfast spot in Lisbon that she needed their votes.",
     [("she needed their votes", "Ines Duarte")]),
    ("Tomas Kerr told a symposium sponsored by Harbour University that spending could be cut.",
     [("spending could be cut", "Tomas Kerr")]),
    ("The ferry will run again in May, Tomas Kerr told shareholders at the company's annual "
     "meeting.", [("The ferry will run again in May", "Tomas Kerr")]),
    ("Environmental groups warned lawmakers that the lake may have to be drained.",
     [("the lake may have to be drained", "Environmental groups")]),
    # "what X said" has the predicate of "what" as its content, or the clause after "was that"
    ("The firm published what it said were the plans for the new bridge.",
     [("were the plans for the new bridge", "")]),
    ("What Tomas Kerr said was that the harbour would close.",
     [("the harbour would close", "Tomas Kerr")]),
    # a role after "In addition, X will report to NAME," is no content; a clause is
    ("In any case, harbour officials say, President Ruiz remains opposed to the toll.",
     [("President Ruiz remains opposed to the toll", "harbour officials")]),
    # a short aside between the cue and "that"; "about" and a number open a clause
    ("Tomas Kerr said, however, that the harbour would stay open.",
     [("the harbour would stay open", "Tomas Kerr")]),
    ("Several experts cautioned, as did the ministry itself, that the plan might change.",
     [("the plan might change", "Several experts")]),
    ("The ministry said about 300 lawsuits are pending.",
     [("about 300 lawsuits are pending", "The ministry")]),
    ("The city demanded that the campaign stop using the photographs.",
     [("the campaign stop using the photographs", "The city")]),
    # groups: attached to a person, from somewhere, owned by someone
    ("Aides to Mr. Kerr say the mayor has grown impatient.",
     [("the mayor has grown impatient", "Aides to Mr. Kerr")]),
    ("Senior officials from both parties say he has earned a reputation as a hard worker.",
     [("he has earned a reputation as a hard worker", "Senior officials from both parties")]),
    ("But in recent days, harbour officials say, the mayor has grown impatient.",
     [("the mayor has grown impatient", "harbour officials")]),
    ("And the first step, the Texas senator's allies say, will be to win back the seat.",
     [("And the first step", "the Texas senator's allies"),
      ("will be to win back the seat", "the Texas senator's allies")]),
    ("Mr. Kerr is counting on his supporters in Iowa, which, his advisers believe, would lead "
     "to a surge in donations.",
     [("would lead to a surge in donations", "his advisers")]),
    # a participle between commas is another cue: the clause before the first cue stays
    ("The main factor is the new escrow account, the company said, adding, that there may be "
     "no payment in May.",
     [("The main factor is the new escrow account", "the company"),
      ("there may be no payment in May", "the company")]),
    # a relative clause's content ends before the main clause's verb; "and said" ends one
    ("Tomas Kerr, who says the mayor is attacking him, said voters should back the plan.",
     [("the mayor is attacking him", "Tomas Kerr"), ("voters should back the plan", "Tomas Kerr")]),
    ("Ines Duarte, who said the ferry sank in 1978, recounted the night on television.",
     [("the ferry sank in 1978", "Ines Duarte")]),
    ("Tomas Kerr said the port was not for sale and said the ferry would run in May.",
     [("the port was not for sale", "Tomas Kerr"), ("the ferry would run in May", "Tomas Kerr")]),
    # a subject before an aside between dashes
    ("Ana Ruiz -- co-author of a book on the harbour -- said the ferry would run in May.",
     [("the ferry would run in May", "Ana Ruiz")]),
    # a pronoun's own cue after "but" or "and" ends a content; "that," before an aside
    ("Tomas Kerr said the port was safe, and he added that the ferry would run in May.",
     [("the port was safe", "Tomas Kerr"), ("the ferry would run in May", "Tomas Kerr")]),
    ('Tomas Kerr added that, based on what he has seen, the judge "has been fair."',
     [('based on what he has seen, the judge "has been fair."', "Tomas Kerr")]),
    ("Tomas Kerr said he saw no need to change course, telling reporters that the plan "
     "would work.",
     [("he saw no need to change course", "Tomas Kerr"), ("the plan would work", "Tomas Kerr")]),
    # whom it was told, then "he's ..."; a description, then the name between commas
    ("Ana Ruiz told the Harbour Post he's already received hundreds of letters.",
     [("he's already received hundreds of letters", "Ana Ruiz")]),
    ("Another ally of the mayor, Harbour Secretary Tom Berg, told reporters that the ferry "
     "would run.", [("the ferry would run", "Tom Berg")]),
    ("On Monday, the union tweeted out that only one ambulance was available.",
     [("only one ambulance was available", "the union")]),
    ("The Harbour Forecaddie advises that Kerr may well be the next to break out.",
     [("Kerr may well be the next to break out", "The Harbour Forecaddie")]),
    # a one-word opening before "X said,": the clause after the cue
    ("But, the former CEO of Harbour Foods added, it's not the way to win.",
     [("it's not the way to win", "the former CEO of Harbour Foods")]),
]


@pytest.mark.parametrize(("text", "expected"), NINTH_ROUND)
def test_ninth_round_constructions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s[0], s[2]) for s in _spans(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # the clause after "that" belongs to the rumours, the questioner, the story
        "Tomas Kerr responded to rumours in the market that the firm was in trouble.",
        "Tomas Kerr responded to a questioner who noted that the bank had cut rates.",
        "It told the story of Harbour tomato pickers - a labour issue that Kerr had raised.",
        # "that" is a pronoun; "than are needed" is no clause; a relative "what"
        "Ines Duarte hoped for far more than that and will have to fight on.",
        "Some believe the bank added fewer reserves than are needed to hold rates.",
        "So embarrassed was Kerr by much of what he wrote that he used another name.",
        "Kerr peeked around and saw what he thought was a shotgun and dove to his left.",
        # not speech: a passive, reading, reporting to someone
        "It's predicted that by 2030 two billion people will own a drone.",
        "Many people are reading their news on phones and tablets.",
        "In addition, the Harbour Corp will report to Ana Ruiz, vice chairman of the group.",
        "Kerr had been diagnosed with cancer and told he had months to live \u2014 that day, "
        "the clock ran out.",
        "Having said that, there are economists who argue that the toll is too low.",
        # "state" before a noun: a modifier, not a cue
        "The West Harbour state central bank president Ana Ruiz spoke to journalists.",
    ],
)
def test_ninth_round_non_quotes(text: str) -> None:
    assert extract_quotes(text) == []


# Tenth round: adverbs and verb phrases before a cue, openings before a subject, verbs of
# manner after a quote, people of a place, what X called Y, shares of those polled, groups
# with a restrictive relative, subordinate clauses.
TENTH_ROUND = [
    # an adverb between the subject and the cue
    ('Tomas Kerr jokingly said that the ferry was his second home.',
     [('the ferry was his second home', 'Tomas Kerr')]),
    ('Ines Duarte jokingly said, "I am becoming mainstream."',
     [('"I am becoming mainstream."', 'Ines Duarte')]),
    ('Marta Kowalczyk, exasperated, famously responded: "What difference does it make?"',
     [('"What difference does it make?"', 'Marta Kowalczyk')]),
    ('The harbour board flatly denied that it had sold the pier.',
     [('it had sold the pier', 'The harbour board')]),
    # a verb phrase between the subject and the cue
    ('Tomas Kerr went on to say that the pier would be rebuilt.',
     [('the pier would be rebuilt', 'Tomas Kerr')]),
    ('Ines Duarte continued by saying that the vote had been fair.',
     [('the vote had been fair', 'Ines Duarte')]),
    ('Ana Ruiz was quoted by the agency as saying the talks had failed.',
     [('the talks had failed', 'Ana Ruiz')]),
    ('Marta Kowalczyk took to Twitter to say that the count was wrong.',
     [('the count was wrong', 'Marta Kowalczyk')]),
    ('Tomas Kerr concluded by saying, "We will win."',
     [('"We will win."', 'Tomas Kerr')]),
    # the subject after an opening adverbial or a dateline
    ('At Sunday\'s debate, Ines Duarte compared herself to Kerr, saying, "I take no fees."',
     [('"I take no fees."', 'Ines Duarte')]),
    ('Before the vote, Harbour Police Chief Ana Ruiz lobbied for a ban, saying that the '
     'fewer guns, the better.',
     [('the fewer guns, the better', 'Ana Ruiz')]),
    ('In a long interview last year, Tomas Kerr said he welcomed the inquiry and added, "I '
     'will plead guilty."',
     [('he welcomed the inquiry', 'Tomas Kerr'), ('"I will plead guilty."', 'Tomas Kerr')]),
    ('PORTO, Portugal — Ines Duarte on Wednesday criticised the plan and said it was the '
     'same old scheme.',
     [('it was the same old scheme', 'Ines Duarte')]),
    # verbs of manner right after a quote
    ('"Go back to the ferry," Tomas Kerr barked.',
     [('"Go back to the ferry,"', 'Tomas Kerr')]),
    ('"This is fantastic!" beamed Ana Ruiz of Porto.',
     [('"This is fantastic!"', 'Ana Ruiz')]),
    ('Tomas Kerr replied, "No," smiled, waved and walked away.',
     [('"No,"', 'Tomas Kerr')]),
    # a person of a place
    ('Senator Ines Duarte of Madeira said she had called Kerr.',
     [('she had called Kerr', 'Ines Duarte')]),
    ('Harbour Chairman T.J. Kerr of North Carolina said he was outraged.',
     [('he was outraged', 'T.J. Kerr')]),
    ('Ana Ruiz of Harbour Capital said the deal was done.',
     [('the deal was done', 'Ana Ruiz')]),
    # what a subject called someone, without quote marks
    ('They called it a bandage solution that will not close the gap.',
     [('a bandage solution that will not close the gap', '')]),
    ('The Harbour Institute, a think tank, called the program one of the biggest '
     'commitments in its history.',
     [('one of the biggest commitments in its history', 'The Harbour Institute')]),
    ('Tomas Kerr went further, calling Duarte a fraud.',
     [('a fraud', 'Tomas Kerr')]),
    ("His concern lies in what he calls the council's taking away of free speech.",
     [("the council's taking away of free speech", '')]),
    ('Ana Ruiz is excited about working for Kerr, who she calls a good sailor and a great '
     'friend.',
     [('a good sailor and a great friend', 'Ana Ruiz')]),
    # shares of those polled, and groups with a restrictive relative
    ('Kerr leads the race, though 32 percent said they had no opinion of him.',
     [('they had no opinion of him', '32 percent')]),
    ('Nearly a third say they do not know.',
     [('they do not know', 'Nearly a third')]),
    ('Six in 10 say he is at least somewhat decisive.',
     [('he is at least somewhat decisive', 'Six in 10')]),
    ('Fishing groups that have endorsed Kerr say they believe the quota should rise.',
     [('they believe the quota should rise', 'Fishing groups')]),
    ('Harbour activists clamoring to block the bridge say they are winning.',
     [('they are winning', 'Harbour activists')]),
    ('Residents who lost their homes in the fire say they have received no help.',
     [('they have received no help', 'Residents')]),
    # a role in a place is no person "Brussels"; an owner's officer keeps its article
    ('The ferry will not run on Sunday, a spokesman in Porto said.',
     [('The ferry will not run on Sunday', 'a spokesman in Porto')]),
    ("Grain output fell 3 pct, the Harbour Agriculture Department's officer said.",
     [('Grain output fell 3 pct', "the Harbour Agriculture Department's officer")]),
    ('The harbour supported the ferry line although critics have said it was a waste of '
     'money.',
     [('it was a waste of money', 'critics')]),
    # a pair of modifiers or groups before the head
    ('Public health and environmental researchers say that the city needs more parks.',
     [('the city needs more parks', 'Public health and environmental researchers')]),
    ('But federal and state officials say the ferry will run.',
     [('the ferry will run', 'federal and state officials')]),
    # subjects
    ('Although Harbour Bank officials have maintained that they had no plans to raise the '
     'rate, many in the markets have thought otherwise.',
     [('they had no plans to raise the rate', 'Harbour Bank officials')]),
    ('That is why critics say the plan will fail.',
     [('the plan will fail', 'critics')]),
    ('Witnesses heard him tell Kerr that he owed him $7.',
     [('he owed him $7', '')]),
    ('Of course, she admits, she could have looked in the local paper.',
     [('she could have looked in the local paper', '')]),
    # a participle's subject after an opening adverbial; "written" after "a" is an adjective
    ('In an interview with Harbour TV, Tomas Kerr continued to question the plan, saying the '
     'bridge could not be built.',
     [('the bridge could not be built', 'Tomas Kerr')]),
    ('Tomas Kerr told the Harbour Post in a written statement, "I do not want his '
     'endorsement."',
     [('"I do not want his endorsement."', 'Tomas Kerr')]),
    # a person named as a topic, later by the last word alone, is whom "she" refers to
    ('For Ines Marta Duarte and thousands of other ferry workers, the strike has come to an '
     'end. Duarte is one of 2,000 workers at the port.\n\n"I am not a striker any more," '
     'she said.',
     [('"I am not a striker any more,"', 'Ines Marta Duarte')]),
    # a paragraph that only signs the quote above it
    ('Ines Duarte spoke for an hour.\n\n"The pier is older than the town."\n\n- Duarte.',
     [('"The pier is older than the town."', 'Ines Duarte')]),
    # an opening participle phrase before the subject of "saying"
    ('Continuing to explain his view, Tomas Kerr rejected the plan, saying that he would fix '
     'the pier.',
     [('he would fix the pier', 'Tomas Kerr')]),
    # a person opening a paragraph as its subject, with "he" in that sentence, is whom "he"
    # refers to in the next (not the speaker quoted before)
    ('Tomas Kerr, who runs a ferry firm, said he hid under a desk. "We heard the shots," he '
     'said.\n\nOyelaran Dia was on a business trip from Porto when he ended up in a room with '
     'two guests.\n\n"They told us by text that the police knew we were there," he said.',
     [
        ('he hid under a desk', 'Tomas Kerr'),
        ('"We heard the shots,"', 'Tomas Kerr'),
        ('"They told us by text that the police knew we were there,"', 'Oyelaran Dia'),
     ]),
    ('"If she gets to pick the judges, nothing you can do," Kerr said before adding: '
     '"Though maybe there is."',
     [
        ('"If she gets to pick the judges, nothing you can do,"', 'Kerr'),
        ('"Though maybe there is."', 'Kerr'),
     ]),
]


TENTH_ROUND_NON_QUOTES = [
    # "declined to say" says nothing
    'The mayor declined to say whether the plan would go ahead.',
    # "called" for, on the phone, an idiom, a common phrase
    'The senator called for an inquiry into the deal.',
    'She called him on Tuesday to ask about the deal.',
    'The team called it a day after six hours.',
    'The bill would close what some call the loophole in the law.',
    # the subject of a relative clause whose object is the cue's ("a charge that X denied")
    'The front-runner complained about the count, a charge that Harbour Party leaders '
    'denied.',
    # "states" is a noun before a relative "that"
    'The summit brings together more than 50 member states that have French as a common '
    'language.',
]


@pytest.mark.parametrize(("text", "expected"), TENTH_ROUND)
def test_tenth_round_constructions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s[0], s[2]) for s in _spans(text)] == expected


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        # a Swedish, Italian or Dutch legal suffix makes a company
        ("Harbour Sugar AB said on Monday that it would pay a dividend.",
         "Harbour Sugar AB", "organisation"),
        ("Porto Cementi SpA said on Monday that it would close a plant.",
         "Porto Cementi SpA", "organisation"),
        # those polled are an unnamed source
        ("Nearly a third say they do not know.", "Nearly a third", "unnamed"),
    ],
)
def test_tenth_round_speaker_kinds(text: str, speaker: str, kind: str) -> None:
    assert [(q.speaker, q.speaker_kind) for q in extract_quotes(text)] == [(speaker, kind)]


@pytest.mark.parametrize("text", TENTH_ROUND_NON_QUOTES)
def test_tenth_round_non_quotes(text: str) -> None:
    assert extract_quotes(text) == []


ELEVENTH_ROUND = [
    # a quote that ends its sentence, then a subject and cue with a content of their own: the
    # cue is no attribution of the quote, which takes the paragraph's speaker
    ('"It shows a lack of character." Tomas Kerr said both ferries are too slow.',
     [('"It shows a lack of character."', 'Tomas Kerr'),
      ('both ferries are too slow', 'Tomas Kerr')]),
    ('"The pier is safe," Ines Duarte said. "It was built well." Tomas Kerr said the pier was '
     'unsafe.',
     [('"The pier is safe,"', 'Ines Duarte'), ('"It was built well."', 'Ines Duarte'),
      ('the pier was unsafe', 'Tomas Kerr')]),
    ('Tomas Kerr said: "The ferry will stop." Ines Duarte said she would appeal.',
     [('"The ferry will stop."', 'Tomas Kerr'), ('she would appeal', 'Ines Duarte')]),
    # a sentence with quoted words takes the next cue's speaker, and that cue keeps its content
    ('Ana Ruiz released a statement condemning "a reckless plan." She said the ferry would '
     'stop.',
     [('Ana Ruiz released a statement condemning "a reckless plan."', 'Ana Ruiz'),
      ('the ferry would stop', 'Ana Ruiz')]),
    # an attribution has no content: it stays the quote's
    ('"We will win this." Tomas Kerr said on Monday.',
     [('"We will win this."', 'Tomas Kerr')]),
    ('"We will win this." Tomas Kerr told reporters in Lisbon.',
     [('"We will win this."', 'Tomas Kerr')]),
    # a bare singular role after a name set off by a comma is its appositive, even without
    # the closing comma (Reuters style)
    ('Ferry traffic will grow, Tomas Kerr, manager of the Harbour Authority said.',
     [('Ferry traffic will grow', 'Tomas Kerr')]),
    ('Ferry traffic will grow, Tomas Kerr, analyst at Harbour Capital said.',
     [('Ferry traffic will grow', 'Tomas Kerr')]),
    # groups named by their trade
    ('Security specialists say the pier is a realistic target.',
     [('the pier is a realistic target', 'Security specialists')]),
    ('Fund managers said the harbour bonds were cheap.',
     [('the harbour bonds were cheap', 'Fund managers')]),
    # a name after its role between commas
    ('His wife, longtime aide Ana Ruiz, announced they were separated.',
     [('they were separated', 'Ana Ruiz')]),
    ('A media empire that, under Tomas Kerr, asserted itself in Lisbon was sold.', []),
    # "As X reported, CONTENT": the main clause
    ('As the Harbour Gazette reported, the ferry will not run in winter.',
     [('the ferry will not run in winter', 'the Harbour Gazette')]),
    ('As Tomas Kerr spoke, protesters chanted outside.', []),
    # after ", X says,": a second predicate of the content, or its elaboration; not what the
    # speaker did
    ('The ferry was late, she says, and lost its place in the harbour.',
     [('The ferry was late', ''), ('and lost its place in the harbour', '')]),
    ('The fees are high for refugees, Ana Ruiz said, especially those who arrived this year.',
     [('The fees are high for refugees', 'Ana Ruiz'),
      ('especially those who arrived this year', 'Ana Ruiz')]),
    ('The pier will close in May, Tomas Kerr said, but declined to give details.',
     [('The pier will close in May', 'Tomas Kerr')]),
    # more groups and shares; a coordinated predicate after ", then"
    ('One attendee, who spoke on the condition of anonymity, said the ferry would stop.',
     [('the ferry would stop', 'One attendee')]),
    ('Nearly three in five said they would vote for Kerr.',
     [('they would vote for Kerr', 'Nearly three in five')]),
    ('Tomas Kerr offered the man a job, then says he will welcome advice from anyone.',
     [('he will welcome advice from anyone', 'Tomas Kerr')]),
    # a person of an organisation between commas; "itself", "himself" after the subject
    ('Another pollster, Tomas Kerr of Harbour University, said his survey showed support.',
     [('his survey showed support', 'Tomas Kerr')]),
    ('Tomas Kerr himself said the ferry would stop.',
     [('the ferry would stop', 'Tomas Kerr')]),
    # a plural cue form after a count or quantifier is a noun
    ('Majorities in all five states say they are satisfied.',
     [('they are satisfied', 'Majorities in all five states')]),
    ('EU member states are failing to report fraud in the harbour funds.', []),
    ('Those remarks allowed the harbour board to delay the vote.', []),
    # a share of those polled written in words
    ('Sixty-six percent said the ferry made no difference to them.',
     [('the ferry made no difference to them', 'Sixty-six percent')]),
    ('In the poll, fifteen percent said they would vote for Kerr.',
     [('they would vote for Kerr', 'fifteen percent')]),
]


@pytest.mark.parametrize(("text", "expected"), ELEVENTH_ROUND)
def test_eleventh_round_constructions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s[0], s[2]) for s in _spans(text)] == expected


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        # a one-word firm name with a firm's ending; news agencies and papers
        ("Harbourcorp said on Monday that it would pay a dividend.", "Harbourcorp",
         "organisation"),
        ("Portobank said the loans were safe.", "Portobank", "organisation"),
        ("Yonhap said the talks had ended.", "Yonhap", "organisation"),
        ("The Harbour Daily said the talks had ended.", "The Harbour Daily", "organisation"),
        ("Kerr Brothers said the bonds were cheap.", "Kerr Brothers", "organisation"),
        ("Harbour Express said the parcels were late.", "Harbour Express", "organisation"),
        ("Harbour Associates L.P. said it had sold the shares.", "Harbour Associates L.P.",
         "organisation"),
    ],
)
def test_eleventh_round_speaker_kinds(text: str, speaker: str, kind: str) -> None:
    assert [(q.speaker, q.speaker_kind) for q in extract_quotes(text)] == [(speaker, kind)]


def test_eleventh_round_paragraph_subject_since_last_quote() -> None:
    """A woman opening a paragraph as its subject, after another woman was quoted, is "she"."""
    text = (
        '"The clinic is full every night," said Dr. Tara Gomez.\n\n'
        "Ana Ruiz now lives in a small house outside Lisbon.\n\n"
        "Her memories of her son are vivid.\n\n"
        "Her message now is simple.\n\n"
        "After the funeral, she wrote to the police.\n\n"
        "He made his own choice, she says, and lost his life over $7."
    )
    speakers = {text[q.start : q.end]: q.speaker for q in extract_quotes(text)}
    assert speakers["He made his own choice"] == "Ana Ruiz"
    assert speakers["and lost his life over $7"] == "Ana Ruiz"
    assert speakers['"The clinic is full every night,"'] == "Tara Gomez"


def test_kinds_filter_and_min_words() -> None:
    text = 'Marta Kowalczyk said the bridge would open. "It is ready," she added.'
    assert {q.kind for q in extract_quotes(text, kinds=("direct",))} == {"direct"}
    assert extract_quotes(text, min_words=10) == []


def test_offsets_point_into_the_text_and_doc_is_reused() -> None:
    text = "First line.\n\nMarta Kowalczyk said the bridge would open in May."
    quotes = extract_quotes(text, doc=segment(text))
    assert text[quotes[0].start : quotes[0].end] == "the bridge would open in May"


def test_extract_is_deterministic() -> None:
    text = ('"The river is rising," Ines Duarte said. Officials said the road was closed. '
            "According to the police, two villages were cut off.")
    assert extract_quotes(text) == extract_quotes(text)


def _articles() -> list[Article]:
    return [
        Article("b", 'Officials said the road was closed. "It will reopen soon," Ines Duarte '
                     "said.", source="Daily"),
        Article("a", '"The river is rising," Ines Duarte said. Duarte said the water was cold.',
                source="Weekly"),
        Article("c", '"We are ready," Tomas Kerr said.\n\nKerr said the team was tired.'),
        Article("d", '"We are not ready," Kerr said.'),
    ]


def _run(articles: list[Article], options: dict[str, object] | None = None) -> dict:
    options = options or {}
    acc = QUOTES.start(options)
    for article in articles:
        acc = QUOTES.add(acc, article, QUOTES.extract(article, segment(article.text), options))
    return QUOTES.finish(acc, options)


def test_extractor_tables_have_the_documented_columns() -> None:
    tables = _run(_articles())
    assert list(tables["quotes"].columns) == QUOTE_COLUMNS
    assert list(tables["speaker_share"].columns) == [
        "speaker", "speaker_kind", "quotes", "quoted_words", "articles", "share_quotes",
        "share_words",
    ]
    quotes = tables["quotes"]
    assert set(quotes["kind"]) <= set(KINDS)
    assert quotes["article_id"].tolist() == sorted(quotes["article_id"].tolist())


def test_speaker_share_merges_full_names_across_articles_only() -> None:
    share = _run(_articles())["speaker_share"].set_index("speaker", drop=False)
    assert share.loc["Ines Duarte", "quotes"] == 3
    assert share.loc["Ines Duarte", "articles"] == 2
    # "Kerr" alone in article d is not merged with Tomas Kerr of article c
    brooks = share[share["speaker"].str.contains("Kerr")]
    assert sorted(brooks["speaker"]) == ["Kerr", "Tomas Kerr"]
    assert share["share_quotes"].sum() == pytest.approx(1.0)
    assert share["quotes"].is_monotonic_decreasing


def test_merge_is_order_independent() -> None:
    articles = _articles()
    options: dict[str, object] = {}
    results = [(a, QUOTES.extract(a, segment(a.text), options)) for a in articles]
    left = QUOTES.start(options)
    right = QUOTES.start(options)
    for article, result in results[:2]:
        left = QUOTES.add(left, article, result)
    for article, result in results[2:]:
        right = QUOTES.add(right, article, result)
    merged = QUOTES.finish(QUOTES.merge(right, left), options)
    serial = _run(list(reversed(articles)))
    pd.testing.assert_frame_equal(merged["quotes"], serial["quotes"])
    pd.testing.assert_frame_equal(merged["speaker_share"], serial["speaker_share"])


def test_options_select_kinds() -> None:
    tables = _run(_articles(), {"quotes_kinds": ("indirect",)})
    assert set(tables["quotes"]["kind"]) == {"indirect"}


def test_kinds_option_as_text_and_bad_kind() -> None:
    tables = _run(_articles(), {"quotes_kinds": "direct, partial"})
    assert set(tables["quotes"]["kind"]) <= {"direct", "partial"}
    with pytest.raises(ParameterError, match="quotes_kinds"):
        _run(_articles(), {"quotes_kinds": "direct,quoted"})


def test_empty_corpus_gives_empty_tables() -> None:
    tables = _run([])
    assert tables["quotes"].empty and tables["speaker_share"].empty
    assert list(tables["speaker_share"].columns)[0] == "speaker"


@pytest.mark.slow
def test_speaker_share_notebook_runs_on_the_demo_corpus(tmp_path: Path) -> None:
    import papermill

    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "03-speaker-share.ipynb"
    declared = papermill.inspect_notebook(str(notebook))
    assert {"corpus", "tables_dir", "top_n", "kinds", "persons_only", "group_by"} <= set(declared)
    papermill.execute_notebook(
        str(notebook), str(tmp_path / "out.ipynb"),
        parameters={"top_n": 5, "kinds": ["direct"], "persons_only": True},
        kernel_name="python3", progress_bar=False,
    )  # fmt: skip
    executed = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
    assert not any(o.get("output_type") == "error" for o in outputs)
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 5


def test_two_apostrophes_are_read_as_a_quote_mark() -> None:
    text = "''We will appeal the ruling,'' Ana Ribeiro said."
    quote = _only(text)
    assert (quote.kind, quote.speaker) == ("direct", "Ana Ribeiro")
    assert text[quote.start : quote.end] == "'We will appeal the ruling,''"


# --- fast paths agree with the plain computations ----------------------------------------

_WORDY_PIECES = [
    "a", "Bo", "_", "1", "'", "\u2019", ".", "-", " ", ",", "\u00e9", "\n", "--", "x.y", "..",
    "(", ")", "/", "Ana Ruiz", "/Reuters", "(photo)", "\t",
]
_WORDY_TEXTS = st.lists(st.sampled_from(_WORDY_PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_WORDY_TEXTS, st.integers(min_value=-1, max_value=7))
def test_at_least_agrees_with_counting_words(text: str, count: int) -> None:
    assert _at_least(text, count) == (len(_WORD.findall(text)) >= count)
    assert _at_least(text, count) == (count_words(text) >= count)


@settings(max_examples=400, deadline=None)
@given(_WORDY_TEXTS)
def test_credit_spans_are_the_credit_pattern_matches(text: str) -> None:
    assert _credit_spans(text) == [match.span() for match in _CREDIT.finditer(text)]


_CUE_PIECES = ["said", "says", "told", "adding", "unsaid", "saying", "-", "_", " ", "\n", "\t",
               '"', "'", ".", ",", "(", "x", "S", "1", "&", "\x00", "\x7f", "\u201c", "\u00e9"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=20).map("".join))
def test_cues_are_the_cue_pattern_matches(text: str) -> None:
    # the fast scan of ASCII texts finds what the cue pattern finds (and so do the others)
    verbs = _verbs()
    expected = [(m.group(), m.start(), m.end()) for m in verbs.pattern.finditer(text)]
    assert _cues(text, verbs) == expected


_NOUN_PIECES = ["the", "a", "(the", "their", "Canada", "Acme", "2019", "\u0663", "he", "report",
                " ", "  ", "\n", "\t", ",", "-", ".", "x", "\u00c9"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_NOUN_PIECES), max_size=24).map("".join))
def test_noun_use_test_is_the_noun_use_pattern(text: str) -> None:
    # the pre-test on the last word never hides a match of the pattern
    extraction = _Extraction(text, segment(text))
    for cue_start in range(len(text) + 1):
        expected = _NOUN_USE.search(text, max(0, cue_start - 40), cue_start) is not None
        assert extraction._is_noun_use(cue_start) == expected


def test_min_words_drops_short_quotes() -> None:
    text = 'Maria Lopez said: "No way."\n\nMaria Lopez said the plan would cost too much money.'
    assert [q.kind for q in extract_quotes(text, min_words=3)] == ["indirect"]
    assert [q.kind for q in extract_quotes(text, min_words=2)] == ["direct", "indirect"]


_SCARE_PIECES = ["so-called", "So Called", "THE WORD", "the", " ", "\n", "known", "as", "x",
                 "titled", "En", "report", "\u00e9", "\u017f", "-", "."]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_SCARE_PIECES), max_size=12).map("".join))
def test_scare_phrase_pre_test_never_hides_a_match(before: str) -> None:
    # _is_title_or_scare skips the search for an ASCII window that does not end with a phrase
    if before.isascii() and not before.rstrip().lower().endswith(_SCARE_PHRASES):
        assert _SCARE_BEFORE.search(before) is None


def test_a_participle_after_a_comma_and_before_takes_the_subject() -> None:
    text = '"The bridge will open in May," Kowalczyk said, before adding: "It is our pride."'
    assert [speaker for _, _, speaker in _spans(text)] == ["Kowalczyk", "Kowalczyk"]


def test_a_participle_after_a_closing_quote_ends_the_content() -> None:
    text = (
        'Kowalczyk said she was "a long way from a decision," noting that she had served '
        "the city for 40 years."
    )
    assert _spans(text) == [
        ('she was "a long way from a decision,"', "partial", "Kowalczyk"),
        ("she had served the city for 40 years", "indirect", "Kowalczyk"),
    ]


def test_a_noun_phrase_then_quoted_words_after_adding_is_a_partial_quote() -> None:
    text = '"It is hard for kids," Kowalczyk said, adding the cuts "worry me as a parent."'
    assert _spans(text) == [
        ('"It is hard for kids,"', "direct", "Kowalczyk"),
        ('the cuts "worry me as a parent."', "partial", "Kowalczyk"),
    ]


def test_a_relation_before_a_name_is_no_quote_but_a_split_quote_is() -> None:
    assert _spans("Her neighbour, Tomasz Nowak, agreed.") == []
    text = "His decision, Tomasz Nowak said, was not related to the merger."
    assert [speaker for _, _, speaker in _spans(text)] == ["Tomasz Nowak", "Tomasz Nowak"]


_JOINT_PIECES = [" but ", ", but ", " and ", ",and ", ", and\n", " as ", "\tas\t", " while ",
                 " whereas ", ",", " ", "x", "But", " ,", "and", "as", "\u00a0and ", ", as,"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_JOINT_PIECES), max_size=20).map("".join), st.integers(0, 40),
       st.integers(0, 80))
def test_joints_are_the_matches_of_the_joint_pattern(text: str, start: int, end: int) -> None:
    from analysis.quotes import _JOINT, _joints

    assert _joints(text, start, end) == [m.span() for m in _JOINT.finditer(text, start, end)]



def _pieces_by_paragraph(text: str, doc: Any) -> list[tuple[int, int, bool, int]]:
    """The quote pieces found paragraph by paragraph (what `_pieces` must give)."""
    from analysis.quotes import _CLOSE, _MARKS, _OPEN, _closes

    pieces = []
    for index, (start, end) in enumerate(doc.paragraphs):
        open_at = -1
        for match in _MARKS.finditer(text, start, end):
            position, mark = match.start(), match.group()
            if open_at < 0:
                if mark == '"' and _closes(text, position, start):
                    pieces.append((start, position + 1, True, index))
                elif mark != _CLOSE:
                    open_at = position
            elif mark != _OPEN:
                pieces.append((open_at, position + 1, True, index))
                open_at = -1
        if open_at >= 0 and end - open_at > 1:
            pieces.append((open_at, end, False, index))
    return pieces


_MARK_PIECES = ['"', "\u201c", "\u201d", "a", " ", "\n\n", ".", ",", "He said", "\n", "  \n \n "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_MARK_PIECES), max_size=16).map("".join))
def test_quote_pieces_are_found_paragraph_by_paragraph(text: str) -> None:
    from analysis.quotes import _pieces

    doc = segment(text)
    found = [(p.start, p.end, p.closed, p.paragraph) for p in _pieces(text, doc)]
    assert found == _pieces_by_paragraph(text, doc)


def test_c_cue_scan_checks_its_arguments_and_finds_whole_runs() -> None:
    try:
        from analysis._native import word_filter, words_in_set
    except ImportError:
        pytest.skip("pure-Python install: no C cue scan (tests/test_compiled.py runs this)")
    words = frozenset({"said", "says"})
    known = word_filter(words)
    text = "He said-so, she said. Said says_ said (says)"
    second, last = text.index(" said "), text.index("(says)")
    assert words_in_set(text, words, known, 4, 4) == [
        ("said", 16, 20), ("said", second + 1, second + 5), ("says", last + 1, last + 5),
    ]  # fmt: skip
    assert text[16:20] == "said"
    assert words_in_set(text, words, word_filter(set()), 4, 4) == []  # nothing looked up
    assert words_in_set(text, words, known, 5, 9) == []  # no form of that length
    with pytest.raises(TypeError):
        words_in_set("caf\u00e9 said", words, known, 4, 4)  # ASCII texts only
    with pytest.raises(TypeError):
        words_in_set(text, ["said"], known, 4, 4)
    with pytest.raises(TypeError):
        words_in_set(text, words, b"s", 4, 4)
    with pytest.raises(TypeError):
        word_filter({"caf\u00e9"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MARK_PIECES), max_size=16).map("".join))
def test_mark_positions_are_the_mark_pattern_matches(text: str) -> None:
    from analysis.quotes import _MARKS, _mark_positions

    assert _mark_positions(text) == [match.start() for match in _MARKS.finditer(text)]


# --- checks written without a pattern: each is its pattern's answer -----------------------

_CHECK_TEXT = st.lists(
    st.sampled_from(
        list("aAnNtThHeEiIrRsSwWdD _'\u2019.-,\n\t\u00a0\u2003\u00e9\u0130\u017f\"\u201c$(9")
        + ["the ", "What ", "what\n", "an ", "their ", "its ", "said", "talked", "READ MORE:"]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_CHECK_TEXT, st.integers(0, 32), st.integers(0, 32))
def test_checks_without_patterns_answer_as_the_patterns(text: str, a: int, b: int) -> None:
    from analysis import quotes

    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert quotes._ends_with_what(text, start, end) == bool(
        quotes._FREE_RELATIVE.search(text, start, end)
    )
    assert quotes._ends_with_determiner(text, start, end) == bool(
        quotes._DETERMINER_BEFORE_CUE.search(text, start, end)
    )
    word = text[start:end]
    assert quotes._is_verb_form(word) == (quotes._VERB_ONLY.fullmatch(word) is not None)
    for char in word[:3]:
        assert quotes._opens_subject(char) == (quotes._SUBJECT_START.match(char) is not None)
    label = quotes._LINK_LABEL.match(text, start) is not None
    if label:  # the first letter's check lets every label through
        assert text[start : start + 1].lower() in quotes._LINK_INITIALS


@settings(max_examples=2000, deadline=None)
@given(_CHECK_TEXT, st.sampled_from(["", "-based", "-Based", "-led\n", "-run\n\n", "-allied"]))
def test_adjectival_check_answers_as_its_pattern(text: str, ending: str) -> None:
    from analysis import speakers

    word = text + ending
    assert speakers._is_adjectival(word) == bool(speakers._ADJECTIVAL.search(word))


_ADVERBIAL_TEXT = st.lists(
    st.sampled_from(
        [" ", ",", "\n", "\u00a0", "x", "O", "in", " a statement", " to reporters", " to the Post",
         "also", " out", " that", "that ", " on condition of anonymity", "Monday", " last",
         " week", " on", " Tuesday", "'s", " in", " March", " 12", ", 2019", "earlier",
         " via", " email", " during", " court filings", "the", " This", "further", " by"]
    ),
    max_size=10,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_ADVERBIAL_TEXT, st.integers(0, 40), st.integers(0, 80))
def test_pattern_matches_run_only_where_they_can_start_are_the_same(
    text: str, a: int, b: int
) -> None:
    from analysis import quotes

    start, end = min(a, len(text)), min(max(a, b), len(text))
    span = lambda match: match and match.span()  # noqa: E731
    assert span(quotes._adverbial_at(text, start, end)) == span(
        quotes._ADVERBIAL.match(text, start, end)
    )
    assert span(quotes._that_at(text, start, end)) == span(quotes._THAT.match(text, start, end))
    assert span(quotes._late_that_at(text, start, end)) == span(
        quotes._LATE_THAT.match(text, start, end)
    )


_PHRASE_TEXT = st.lists(
    st.sampled_from(
        [" ", "  ", "\n", ",", ", ", ";", " -", "- ", " \u2014 ", "\u2013", "a", "an ", "the ",
         "The ", "his ", "its ", "Their ", "one ", "Apple's ", "Texas ", "senator's ", "x'",
         "(", "chief ", "executive ", "director", "U.S. ", "&", "saying ", "adding", "said ",
         "and ", "but ", "Tom ", "Berg"]
    ),
    max_size=14,
).map("".join)


_LONG_PHRASE = st.tuples(
    _PHRASE_TEXT,
    st.sampled_from(
        ["a ", "one ", "another ", "the Texas senator's ", "The U.S. Agriculture Department's ",
         "the Big Red Co's ", "The New York Red Co's ", "His ", "its ", "Tom Berg's ", "",
         "x, then ", "x,then ", " and has since ", " but quickly "]
    ),
    st.lists(st.sampled_from(["longtime ", "press ", "agent ", "U.S. ", "Red ", "x-y "]), max_size=7),
    st.sampled_from([" ", "  ", "\n", ", ", ""]),
).map(lambda parts: parts[0] + parts[1] + "".join(parts[2]) + parts[3])


@settings(max_examples=3000, deadline=None)
@given(_PHRASE_TEXT | _LONG_PHRASE, st.integers(0, 60), st.integers(0, 120))
def test_searches_from_the_last_words_find_what_the_whole_window_finds(
    text: str, a: int, b: int
) -> None:
    from analysis import quotes, speakers

    start, end = min(a, len(text)), min(max(a, b), len(text))
    if b % 2:  # the whole text, as most windows end where the name or the role starts
        start, end = 0, len(text)
    span = lambda match: match and match.span()  # noqa: E731
    for pattern, words in [
        (quotes._DETERMINER_BEFORE, quotes._DETERMINER_WORDS),
        (quotes._OWNER_BEFORE, quotes._OWNER_WORDS),
        (speakers._ROLE_BEFORE_NAME, speakers._ROLE_WORDS),
    ]:
        window = speakers.last_words_start(text, start, end, words)
        assert span(pattern.search(text, window, end)) == span(pattern.search(text, start, end))
    assert span(quotes._clause_cut(text, start, end)) == span(
        quotes._CLAUSE_CUT.search(text, start, end)
    )
    assert span(quotes._conjunction_before(text, start, end)) == span(
        quotes._CONJUNCTION_BEFORE.search(text, start, end)
    )


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet='ab "\u201c\u201d\u2019\'', max_size=12), st.integers(0, 14), st.integers(0, 14))
def test_quote_mark_check_is_the_marks_pattern(text: str, a: int, b: int) -> None:
    from analysis import quotes

    start, end = min(a, b), max(a, b)
    assert quotes._has_mark(text, start, end) == (quotes._MARKS.search(text, start, end) is not None)
