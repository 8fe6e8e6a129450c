"""Quotes in news text: direct, partial and indirect speech, each with a cue and a speaker.

What counts as a quote (following the SFU Gender Gap Tracker annotation convention: the span
of a direct quote includes its quote marks, the span of reported speech is the reported clause
without "that" and without the final period):

* ``direct``: text in straight or curly double quote marks that stands as an utterance (it
  opens a sentence or follows a cue, or ends in punctuation inside the marks). Wire-style
  quotes running over several paragraphs give one quote per paragraph; quotes split by their
  attribution (``"We expect," X said, "that ..."``) give two quotes with the same speaker.
* ``partial``: reported speech that contains quoted words (``X said Moscow had acted
  "beautifully"``), a quote that opens mid-sentence and ends before its cue (``The vote was
  "a defeat," X said``) and quoted words after a naming verb (``what he called "..."``).
* ``indirect``: ``X said (that) ...``, ``..., X said.``, ``..., said X.``, ``X told Y (that)
  ...``, ``according to X, ...`` / ``..., according to X`` with the reporting verbs of
  ``resources/speech_verbs.txt``.
* Scare quotes and titles in quote marks (``the so-called "reset"``, a short Title Case
  phrase) are not quotes.

The speaker is the subject of the cue, resolved within the article by
:mod:`analysis.speakers`; a direct quote without a cue takes the speaker of the nearest quote in
its paragraph, else of the previous quote.

Options (keys of the flat extraction options dict):
    ``quotes_kinds``: tuple of kinds to keep (default all three).
    ``quotes_min_words``: minimum words in a quote (default 1).

Tables returned by ``QUOTES.finish``:
    ``quotes``: article_id, quote_id, kind, speaker, speaker_kind, cue, start, end, text,
    n_words (offsets into ``Article.text``, end exclusive).
    ``speaker_share``: see :func:`analysis.speakers.speaker_share`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Final

import pandas as pd

from analysis import native_function
from analysis.errors import ParameterError
from analysis.model import Article, Document
from analysis.resources import sectioned_list
from analysis.segment import count_words, segment
from analysis.speakers import (
    AUXILIARIES,
    DATELINE,
    UNKNOWN,
    UNNAMED,
    Mention,
    SpeakerResolver,
    SpeakerTally,
    last_words_start,
    lexicon,
    mention_after,
    mention_before,
    share_frame,
)
from analysis.spool import (
    RENDER_OPTION,
    SPOOL_OPTION,
    PlainColumns,
    RowRuns,
    RowTable,
    finish_rows,
    write_rows,
)

DIRECT: Final = "direct"
PARTIAL: Final = "partial"
INDIRECT: Final = "indirect"
KINDS: Final = (DIRECT, PARTIAL, INDIRECT)

QUOTE_COLUMNS: Final = [
    "article_id",
    "quote_id",
    "kind",
    "speaker",
    "speaker_kind",
    "cue",
    "start",
    "end",
    "text",
    "n_words",
]
_QUOTE_PLAIN: Final = PlainColumns(tuple(QUOTE_COLUMNS))  # quote_frame only types the columns

_OPEN: Final = "\u201c"
_CLOSE: Final = "\u201d"
_MARKS: Final = re.compile(r"[\"\u201c\u201d]")
_WORD: Final = re.compile(r"\w+(?:['\u2019.-]\w+)*")
_ACCORDING: Final = re.compile(r"\b[Aa]ccording to\s+")
_LEADING_GAP: Final = re.compile(r"^[\s,\u2014\u2013-]*$")
# The owner of a role written before a name: "Apple's" (chief executive Tim Cook), "its"
_OWNER_BEFORE: Final = re.compile(
    r"(?:\b(?:[Ii]ts|[Tt]heir)|(?<![\w.'\u2019-])(?:[Tt]he\s+)?(?:[A-Z][\w.&-]*\s+){0,3}"
    r"[A-Z][\w.&-]*(?:'s|\u2019s|s'|s\u2019))\s+$"
)
_NOT_MODIFIERS: Final = frozenset(
    "while as the of in on at to for with and or but that which who when after before is was "
    "are were be been has had have by from into than if because".split()
)
_DETERMINER_BEFORE: Final = re.compile(
    r"(?<![\w'\u2019-])(?:a|an|one|another)\s+(?:[\w.&'\u2019-]+\s+){0,5}$"
    # "the singer's agent", "the Texas senator's allies", "her longtime agent": an owner
    # before the description
    r"|(?<![\w'\u2019-])(?:(?:[Tt]he\s+(?:[A-Z][\w-]*\s+){0,2})?[\w-]+(?:'s|\u2019s)|[Hh]is|[Hh]er|"
    r"[Ii]ts|[Tt]heir)\s+"
    r"(?:[\w-]+\s+){0,3}$"
    # "the U.S. Agriculture Department's officer": the article before a phrase the parser
    # opened at a capitalised owner
    r"|(?<![\w'\u2019-])[Tt]he\s+$"
)
_DETERMINER_WORDS: Final = 7  # chunks of a match at most: "the Texas senator's longtime aide"
_OWNER_WORDS: Final = 5  # "The U.S. Agriculture Department's"
_DOTTED: Final = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # "U.K.", "U.S.": no sentence end in a role
_SCARE_PHRASES: Final = (
    "so-called", "so called", "the word", "the term", "the phrase", "the slogan", "hashtag",
    "titled", "entitled", "headlined", "nicknamed", "known as", "billed as", "the book",
    "the film", "the movie", "the song", "the album", "the show", "the series", "the play",
    "the novel", "the report", "the program", "the campaign",
)  # fmt: skip
_SCARE_BEFORE: Final = re.compile(r"(?:" + "|".join(_SCARE_PHRASES) + r")\s*$", re.IGNORECASE)
# "that", or a short aside between commas and "that": "cautioned, as did the campaign, that"
# (not a participle: "the company said, adding, that ..." is another cue)
_THAT: Final = re.compile(
    r"\s*(?:,\s*(?:(?=\S)(?![a-z]+ing\b)[^,;:\"\u201c\u201d.?!]{1,50}?,\s*)?)?that,?\s+"
)
# "said in the show's opening on Sunday night that ...", "says at a campaign stop in Toledo,
# Ohio, that ...": a short phrase before "that"
_LATE_THAT: Final = re.compile(
    r"\s+(?:in|on|at|during|after|before|to|for|through|via|with)\s+[^;:\"\u201c\u201d\u2014\u2013]{1,60}?"
    r",?\s+that\s+"
)
# "admits in this instance, there were ...", "said at the time, the figures were ...": a
# short phrase and a comma before a that-less clause (which must open like one, see
# `_forward_content`)
_COMMA_ASIDE: Final = re.compile(
    r"\s+(?:in|on|at|after|before|during|for|since|by|under|with|without|despite|as|like)\s+"
    r"[^,;:\"\u201c\u201d()]{1,40}?,\s+(?=[\w\u201c\"])"
)
_ADVERBIAL: Final = re.compile(
    r"\s*(?:,\s*)?(?:(?:on|late|early|earlier|last|this|next)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|"
    r"week|month|year|morning|afternoon|evening|night)\b(?!['\u2019]s)(?:\s+(?:morning|"
    r"afternoon|evening|night))?"
    r"|\s*(?:,\s*)?(?:in|on|last|early|late)\s+(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b(?:\s+\d{1,2}\b)?(?:,?\s+\d{4}\b)?"
    r"|\s*(?:,\s*)?(?:in|on|at|during|through|via|by|over)\s+(?:a|an|the|his|her|its|their|"
    r"Monday's|Tuesday's|Wednesday's|Thursday's|Friday's|Saturday's|Sunday's)?\s*"
    r"(?:[\w.'\u2019-]+\s+){0,4}?(?:statement|interview|release|email|e-mail|post|posts|"
    r"letter|tweet|tweets|speech|conference|call|briefing|message|video|filing|note|report|"
    r"Twitter|Facebook|Instagram|broadcast|podcast|blog|documents|hearing|address|appearance|"
    r"op-ed|column|editorial|remarks|response|affidavit|submission"
    r"|court(?:\s+(?:documents|filings?|papers|records|submissions))?)\b"
    r"(?:\s+(?:post|posts|page|account|feed|message|update)\b)?"  # "in a blog post"
    r"|\s*(?:,\s*)?to\s+(?:reporters|journalists|the media|media|the press|CBC News|"
    r"the [A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}|[A-Z][\w.'\u2019-]*"
    r"(?:\s+[A-Z][\w.'\u2019-]*){0,3})"
    r"|\s*(?:,\s*)?(?:also|further|previously|recently|repeatedly|again|then|later|publicly|"
    r"privately|separately|earlier)\b"
    r"|\s+out(?=\s+that\b)"  # "tweeted out that ..."
    r"|\s+on (?:the )?condition of anonymity\b(?:\s+(?:to|because|as)\b[^;:\"\u201c\u201d]*)?"
)
# Whom a cue addressed, ending the sentence: "..., Mr. Berg told the Globe and Mail."
_ADDRESSEE: Final = re.compile(
    r"\s+(?:(?:the|a|an|his|her|its|their)\s+)?(?:[\w.'\u2019&-]+\s+){0,4}?[\w'\u2019&-]+"
    r"(?=\s*(?:[,.;!?)]|$)|\s+(?:on|in|at|during|after|last|this|early|late)\s)"
)
# A prepositional phrase that ends a sentence after its cue: where, or in what, X said it
_PLACE_TAIL: Final = re.compile(
    r"\s+(?:(?:in|at|on|during|after|before|from|via|through|outside|inside|near|as)\s+"
    r"|(?:released|issued|posted|published|filed|sent|e-?mailed)\b)"  # "a statement released"
    r"[^,;:\"\u201c\u201d.?!()]{1,80}?(?=\s*(?:[,.;!?)]|$))"
)
_PAST_FORMS: Final = frozenset(
    "lost took made gave went came saw told found got left kept held brought bought thought "
    "felt ran began became fell won paid sent spent met led built sold stood wrote drove rose "
    "broke chose hid hit put set cut let shot struck threw grew knew drew fought caught taught "
    "sought meant heard wore spoke stole forgot ate sat slept fled swore woke".split()
)
"""Irregular past tenses: "..., she says, and lost his life" continues the content."""
_SPEAKER_ACTS: Final = frozenset(
    "declined refused gave offered provided stopped failed withheld refrained elaborated "
    "went spoke made".split()
)
"""Past tenses that tell what the speaker did: "..., he said, but gave no details"."""
_ELABORATING_ADVERBS: Final = frozenset(
    "especially particularly mainly mostly largely partly primarily chiefly notably "
    "probably possibly likely certainly clearly simply only".split()
)
"""Adverbs that open an elaboration of a content after ", X said,"."""
# A clause's opening adverbial alone before "X said,": "In addition, the company said, ..."
_OPENING_ADVERBIAL: Final = re.compile(
    r"\s*(?:(?:And|But|Also|Still|Yet|However|Meanwhile|Indeed|Moreover|Instead|Overall|"
    r"Separately|Later|Earlier|Now|Then|Today|Yesterday|Eventually|Finally|Ultimately|"
    r"Of course|Even so|Nevertheless|Nonetheless|Besides|Otherwise|Thus|Therefore|Sometimes|"
    r"Often|Unfortunately|Fortunately|Clearly|Obviously|Certainly|Frankly|Honestly|Similarly|"
    r"Likewise|Additionally|Importantly|Ironically|Interestingly|Surprisingly|Basically|"
    r"Essentially|Generally|Typically|Usually|Traditionally|Historically|Currently|Recently|"
    r"Previously|Originally|Initially|Increasingly|Personally|Hopefully|Sadly|Luckily|Notably|"
    r"Specifically|Realistically|Ideally|Consequently|Accordingly|Admittedly|Apparently|"
    r"Arguably|Presumably|Privately|Publicly|Technically|Practically|Politically|Economically)"
    r"|(?:(?:And|But|Yet|So)\s+(?=[a-z]))?"  # "But in recent days, officials say, ..."
    r"(?:[Ii]n|[Aa]t|[Oo]n|[Oo]ver|[Ff]or|[Aa]fter|[Bb]efore|[Dd]uring|[Ss]ince|[Tt]hrough|[Bb]y|"
    r"[Uu]nder|[Ww]ith|[Ww]ithout|[Aa]s)"
    r"(?:\s+[\w'\u2019-]+){1,4})"
    r"\s*,\s*"
)
# A sentence's opening adverbial before its subject: "At Sunday's debate, Sanders ...", "In a
# wide-ranging interview last year, Lazar ..."
_LEADING_ADVERBIAL: Final = re.compile(
    r"\s*(?:(?:And|But|Yet|So)\s+)?(?:In|At|On|Over|For|After|Before|During|Since|Through|By|"
    r"Under|With|Without|As|Despite|Following|Amid|Among|Unlike|Like|Speaking|Asked|Later|"
    r"Earlier|Here|There|[A-Z][a-z]{2,}ing)\b[^,;:\"\u201c\u201d\n]{1,70},\s*"
)
# "..., adding", "..., before adding": a participle clause after a comma
_PARTICIPLE_AFTER_COMMA: Final = re.compile(
    r",[\"\u201d\u2019']?(?:\s+(?:before|after|then|while|also))?\s*$"
    r"|\s(?:said|says|added|adds)\s+(?:before|after|while|then)\s+$"  # "X said before adding"
)
# The start of a description right after a quote: '"...," the lanky, (bespectacled ...)'
_DESCRIPTION_OPENING: Final = re.compile(r"\s*((?:the|a|an)\s+[a-z][\w-]*,)\s*")
_MOSTLY_CLAUSE: Final = frozenset(
    "add admit acknowledge claim confirm declare maintain reiterate stress".split()
)
_QUOTED_CLAUSE_OPENERS: Final = frozenset(
    "the a an this that these those his her its their our my".split()
)
# Verbs that only say: a place after them ends the sentence ("added from the spot" may not)
_PLACED: Final = frozenset(("say", "tell", "write", "state", "tweet"))
_ADDRESSING: Final = frozenset(("tell", "assure", "remind", "inform", "warn"))
_OBJECT_WORD: Final = re.compile(r"\s+([\w.'\u2019-]+)")
_APOSTROPHE: Final = re.compile("['\u2019]")  # "he's" opens a clause as "he" does
# an object of up to ten words (no punctuation but a parenthesis), then "that"
_OBJECT_THAT: Final = re.compile(
    r"(\s+(?:[\w.'\u2019&()\"\u201c\u201d-]+\s+){0,9}?[\w.'\u2019&()\"\u201c\u201d-]+)(?=\s+that\s)"
)
_OBJECT_PREPOSITIONS: Final = frozenset(
    "at in on of from after before during for with near to by about under over between among "
    "including outside inside and into against across through behind within toward towards "
    "around".split()
)
_TIME_UNITS: Final = frozenset("day days week weeks month months year years".split())
_TOLD_STORIES: Final = frozenset("story stories tale tales".split())
# "responded to rumours in the market that ...": the clause is the rumours', not the speaker's
_TO_CONTENT_NOUN: Final = re.compile(
    r"\s+to\s+(?:[\w'\u2019-]+\s+){0,3}?(?:rumou?rs?|reports?|comments?|claims?|questions?|"
    r"suggestions?|allegations?|criticism|charges?|accusations?|speculation|concerns?|fears?|"
    r"assertions?|remarks?|news|announcements?|statements?|calls?|warnings?|threats?)\b"
)
_FREE_RELATIVE: Final = re.compile(r"\b[Ww]hat\s+$")
# "called" + its object, then the complement that names it: "called it a bandage solution",
# "calling Trump a fascist", "called the program one of the biggest ..."
_CALLED_OBJECT: Final = re.compile(
    r"\s+(?:(?:it|him|her|them|this|that|himself|herself|themselves|itself|us|me|you)"
    r"|[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}"
    r"|(?:the|this|that|his|her|their|its|our)"
    r"(?:\s+(?!(?:of|by|for|in|on|to|with|from|at|as|into|about|over|against|under|through|"
    r"and|or|but|than)\b)[\w'\u2019-]+){1,4}?)"
    r"(?=\s+(?:a|an|the|one|his|her|their|its|our)\s)"
)
# where a complement of "called" ends: "calling her a liar, and then tweeted ...", "called him a
# political opportunist ..., and urged him to resign", "calling Trump his friend, meeting ..."
_COMPLEMENT_END: Final = re.compile(
    r",?\s+and\s+(?:then\s+)?(?:[a-z]+ed|said|told|wrote|made|took|gave|sent|went|urged)\b"
    r"|,\s+[a-z]+ing\b|;"
)
# cue forms that are also plural nouns, before a relative "that": "member states that have ..."
_PLURAL_NOUN_CUES: Final = frozenset(
    "states reports notes claims comments remarks tweets posts answers replies warnings".split()
)
# a count or quantifier before a plural cue form makes it a noun: "in all five states say",
# "two reports", "many posts"
_COUNT_BEFORE: Final = re.compile(
    r"\b(?:\d+(?:[.,]\d+)*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"thirty|forty|fifty|hundred|dozen|all|both|several|many|some|few|other|these|those|"
    r"various|numerous|member)\s+$",
    re.IGNORECASE,
)
# "described X as ...": an object of up to eight words, then "as"
_DESCRIBED_AS: Final = re.compile(r"(?:\s+[\w'\u2019.\"\u201c\u201d-]+){1,8}?\s+as\s+")
_AS_CLAUSE: Final = re.compile(
    r"(?:he|she|they|it|we|i|you)\b|(?:the\s+)?[a-z]+\s+(?:[a-z]+ed|is|are|was|were|has|have|had|"
    r"will|would|can|could)\b"
)
_CLAUSE_PREPOSITIONS: Final = frozenset("before after while since without by".split())
_GENERIC_SOME: Final = frozenset("some many others few most".split())
_CALLED_IDIOM: Final = re.compile(r"\s+it\s+a\s+(?:day|night)\b")  # "called it a day"
# a relative before the subject of "calls": "what he calls ...", "who he calls ..."; a noun
# before a pronoun: "a practice she calls ..."
_RELATIVE_NAMING: Final = re.compile(r"\b(?:[Ww]hat|who|whom)\s+$")
_NOUN_BEFORE: Final = re.compile(
    r"\b(?!(?:and|but|or|that|which|when|where|because|if|as|so|after|before|since|until|"
    r"while|though|although|once|then|also|even|just|why|how|than|whether)\b)[a-z]{3,}\s+$"
)
# what a relative's "calls" may not be followed by: "what he called for", "who he called on"
_CALLED_PARTICLE: Final = re.compile(
    r"\s*(?:for|on|off|out|into|up|in|back|upon|at|to|by|from|with|about|after)\b"
)
_CLEFT: Final = (
    re.compile(r"\s+(?:(?:also|then|later|publicly|privately)\s+)?(?:was|is)\s+(?:that\s+)?")
)
# "to a questioner who noted that"
_LATE_RELATIVE: Final = re.compile(r"\b(?:who|whom|which|than)\s")
_JOINING: Final = frozenset("and or but nor".split())
_NOT_PREDICATE: Final = frozenset("as its his this us".split())
_CONTENT_OPENERS: Final = frozenset(
    "that he she they it we i you there this these those the a an his her their its our some "
    "no all many".split()
)
_CLAUSE_CUT: Final = re.compile(r",[\"\u201d\u2019]?\s+"
                         r"(?:adding|noting|saying|citing|explaining|arguing|insisting|"
                         r"suggesting|warning|stressing|predicting|claiming|telling|"
                         r"acknowledging|admitting|conceding|recalling|"
                         # "Cruz, who says ..., said ...": the next predicate
                         r"said|says|told|tells)\b"
                         r"|;\s|\s[\u2014\u2013-]{1,2}\s(?:[a-z]+ing|and|but)\b")
_SENTENCE_END: Final = re.compile(r"[a-z0-9\u201d\")][.?!]\s+[A-Z\u201c\"]")
_OWNERS: Final = frozenset("his her their its our my your".split())
_NP_OPENERS: Final = frozenset(
    "a an the some many several most both all two three four five few other another one those "
    "these each any numerous various".split()
)
_AGE: Final = re.compile(r"\b\d+-year-old\b")
# photo credits and asides: "(Kali Madej/CBC)", "Jane Doe/Reuters"
_CREDIT: Final = re.compile(
    r"\([^()\n]{0,160}\)|[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3}[ \t]*/[ \t]*[A-Z]"
)
# A photo caption ends with its credit: "... says the project began. (Adrian Wyld/Canadian Press)"
_CAPTION_CREDIT: Final = re.compile(r"\(\s*[A-Z][^()\n]{0,80}/[^()\n]{1,60}\)[ \t]*$")
_ASIDE: Final = re.compile(r"\([^()\n]{0,160}\)")  # the first half of _CREDIT: a text without "/"
_RELATIVE: Final = re.compile(r"\s(?:who|whom|whose|which|that|but|and who)\s")


_DOUBLED_MARKS: Final = {"''": '"', "``": '"', "\u2019\u2019": _CLOSE, "\u2018\u2018": _OPEN}
_NOUN_DETERMINERS: Final = tuple(
    "a an the its his her their our this that these those latest new recent last".split()
)
_BEEN_BEFORE: Final = (
    re.compile(r"\sbeen\s+$|\s(?:was|is|were|are|been)\s+(?:\w+ly\s+)?quoted\s+as\s+$")
)
# a sentence opening with a subordinate clause, and where its main clause begins
_SUBORDINATOR: Final = re.compile(
    r"\s*(?:Although|Though|Even though|While|Whereas|Because|Since|If|Even if|Unless|When|"
    r"After|Before|As)\s"
)
_MAIN_CLAUSE: Final = re.compile(
    r",\s+(?=(?:the|a|an|many|most|some|few|others|nobody|none|everyone|he|she|they|it|we|you|"
    r"I|this|there|[A-Z][\w.'\u2019-]*)\s)"
)
_AUXILIARY_END: Final = re.compile(r"\b(?:is|are|was|were|be|been|am|being)$")
_DETERMINER_BEFORE_CUE: Final = re.compile(r"(?<![\w'\u2019.-])(?:an?|the|his|her|its|their)\s+$")
_BARE_GROUPS: Final = frozenset("those anyone everyone people".split())
# the start of a restrictive relative clause or participle phrase after a subject: "groups that
# have endorsed him say", "activists clamoring to block Trump say"
_RESTRICTIVE: Final = re.compile(
    r"(?<=[a-z]) (?:that|who|(?!(?:meeting|building|briefing|hearing|morning|evening|spending|"
    r"funding|ruling|finding|training|housing|thing|king|spring|string|ring|wing|ceiling|"
    r"wedding|offering|rating|setting|feeling|beginning|ending|warning|opening|crossing|"
    r"shooting|bombing|killing|landing|timing|saving|pricing|trading|lending|banking|"
    r"marketing|engineering|manufacturing|mining|shipping|clothing|gathering|uprising|"
    r"during|nothing|something|anything|everything|according|including|excluding|regarding|"
    r"concerning|following|involving|surrounding|pending)\b)[a-z]{3,}ing) (?=[a-z])"
)
# A verb phrase between a subject and its cue: "Bryne went on to say", "Husted continued by
# saying", "Lopez was quoted by the agency as saying", "Trump took to Twitter to say" (not
# "declined to say" nor "refused to say": those say nothing)
_LINK_BEFORE: Final = re.compile(
    r"\s(?:went|goes|go)\s+(?:on|so\s+far\s+as)\s+to\s+$"
    r"|\s(?:continued|continues|concluded|concludes|ended|ends|began|begins|started|starts|"
    r"opened|opens|closed|closes|responded|responds|replied|replies|reacted|reacts)"
    r"(?:\s+[\w'\u2019-]+){0,4}?\s+by\s+$"
    r"|\s(?:was|is|were|are|been)\s+(?:\w+ly\s+)?quoted\s+(?:by\s+[^,;:\"\u201c\u201d]{1,40}?\s+)?"
    r"as\s+$"
    r"|\s(?:took|takes|take)\s+to\s+(?:[\w'\u2019-]+\s+){1,2}to\s+$"
    r"|\s(?:was|were|is|are)\s+quick\s+to\s+$"
    r"|\s(?:took|takes)\s+(?:pains|care|the\s+time|the\s+opportunity)\s+to\s+$"
    r"|\s(?:seemed|seems|appeared|appears|wanted|wants|tried|tries|sought|seeks|hastened|"
    r"hastens|rushed|moved|proceeded|proceeds|decided|chose|dared)\s+to\s+$"
)
# a progressive or contracted auxiliary before a cue: "He is saying", "officials are warning",
# "she's claiming", "he's said" ("'s" only after a pronoun: "the company's warning" is a noun)
_PROGRESSIVE_BEFORE: Final = re.compile(
    r"\s(?:is|are|was|were|am)\s+(?:(?:also|now|still|again|\w+ly)\s+)?$"
)
_CONTRACTED_BEFORE: Final = re.compile(
    r"\b(he|she|it|they|we|i|you)['\u2019](s|re|m|ve|d)\s+(?:(?:also|now|still|again|\w+ly)\s+)?$",
    re.IGNORECASE,
)
_TIME_BEFORE: Final = re.compile(
    r"\s(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?|yesterday|today|tonight"
    r"|(?:last|this|earlier\s+this)\s+(?:week|month|year|morning|night)"
    r"|in\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)(?:\s+\d{4})?"
    r"|for\s+(?:years|months|weeks|decades|some\s+time)(?:\s+(?:been|now))?)\s+$"
)
# cue forms that are never nouns: "the IMF said" is no noun use as "the IMF report" is
_VERB_ONLY: Final = re.compile(r"\w+ed|said|says|told|tells|wrote|spoke|thought")
_NOUN_USE: Final = re.compile(
    r"\b(?:" + "|".join(_NOUN_DETERMINERS) + r")"
    r"(?:\s+[A-Z][\w.'\u2019-]*|\s+\d[\w-]*)?\s+$"
)
_LINK_LABEL: Final = re.compile(
    r"(?:READ MORE|WATCH|RELATED|LISTEN|SEE ALSO|ALSO READ|MORE|CLICK HERE)\s*:", re.IGNORECASE
)
_JOINT: Final = re.compile(r",?\s(?:but|and|while|as|whereas)\s")
# `_JOINT` without its comma: a pattern that opens with white space, which the regex engine
# skips to (see `_joints`)
_JOINT_WORD: Final = re.compile(r"\s(?:but|and|while|as|whereas)\s")
_SUBJECT_ONLY: Final = re.compile(
    r"(?:(?:he|she|they|we|i)\s+|(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+){1,3}|"
    r"(?:the|some|many|other)\s+[a-z]+\s+)(?:\w+ly\s+)?"
)
_ABOUT: Final = re.compile(r"\babout\s*$")
_ABOUT_NEXT: Final = re.compile(r"\s*about\b")
_NUMBER_NEXT: Final = re.compile(r"\s+[$\u00a3\u20ac]?\d")
_OPENING_CONJUNCTIONS: Final = frozenset(("", "But", "And", "So", "Yet", "Still"))
# A paragraph signed with a name: a pull quote ("... what it's brought me. Morgan McNeely",
# "... knocking on their doors. Matt Danison, Rentals.ca") or an embedded tweet ("...
# pic.twitter.com/x — Alicia Draus (@Alicia_Draus) January 14, 2019").
_NAME_WORDS: Final = r"(?:[A-Z][\w'\u2019-]*[ \t]+){1,3}[A-Z][\w'\u2019-]+"
_SIGNATURE: Final = re.compile(
    rf"(?<=[.?!)])[ \t]+({_NAME_WORDS})(?:,[ \t]+([^,\n]{{1,40}}?))?[ \t]*$"
)
_TWEET_SIGNATURE: Final = re.compile(
    r"(?:[ \t]*pic\.twitter\.com/\S+)?[ \t]*[\u2014\u2013]+[ \t]*"
    r"((?:[A-Z][\w'\u2019.-]*[ \t]+){0,3}[A-Z][\w'\u2019-]+)[ \t]*\(@\w+\)"
)
# a paragraph that only signs the quote above it: "- Sanders.", "-President Obama, tweeting
# after Clinton's speech.", "— Michelle Marks, Philadelphia."
_DASH_SIGNATURE: Final = re.compile(
    r"[ \t]*[-\u2014\u2013]{1,2}[ \t]*((?:[A-Z][\w'\u2019.-]*[ \t]+){0,3}[A-Z][\w'\u2019-]+)"
    r"(?:,[ \t]*[^\n]{1,80}?)?[ \t]*\.?[ \t]*$"
)
_SIGNATURE_TAIL_WORDS: Final = frozenset("of the and for at in on".split())
_OPENING_WORD: Final = re.compile(r"\s*([A-Z][a-z]+)\s+(?=[A-Z])")  # "Said Ellis", "Added Ruiz"
_CUE_TAIL: Final = re.compile(
    r"(?:\s+to\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)?)?(?:\s+\w+ly)?\s*[,:]?\s*$"
)
_NOT_CLAUSE_START: Final = frozenset(
    "and or nor to for of with at by from up out off about on in into against over after before "
    "during exclusively just only also yet still even back down away through across around".split()
)
_FINITE: Final = re.compile(
    r"\b(?:is|are|was|were|will|would|could|should|can|may|might|must|has|have|had|did|does|"
    r"do|won't|wouldn't|isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't|didn't|doesn't|can't)\b"
)
# a verb in an object: "a conference members agreed" (not "a symposium sponsored by")
_OBJECT_VERB: Final = re.compile(_FINITE.pattern + r"|\b[a-z]+ed\b(?!\s+by\b)")
_NEGATION: Final = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+)?$")
# A transcript turn quoted as it was printed: '"WALLACE: Let's start ...', '"PENCE: Well, ...'.
_TRANSCRIPT_LABEL: Final = (
    re.compile(r"[\"\u201c]?\s*([A-Z][A-Z'\u2019-]+(?: [A-Z][A-Z'\u2019-]+)?):\s")
)
_CONJUNCTION_BEFORE: Final = re.compile(
    r"(?:\b(?:and|but)\s+(?:\w+ly\s+)?(?:(?:has|have|had|also|later|then|has\s+since)\s+)?"
    r"|,\s*then\s+)"  # "Kasich offered the man a job, then says he'll ..."
    r"(?:\w+ly\s+)?$"
)
# forms that are only verbs: a content opening with one follows a noun taken for a cue ("An
# Italian press report today said ..."), not a cue ("reports that ...", "claims are ...")
_SAYING_FORMS: Final = frozenset("say said says told tells wrote writes".split())
_SAYING_NEXT: Final = re.compile(r"(?:also\s+)?(?:said|says|told|tells|added|adds)\b")
_RELATIVE_HEAD: Final = re.compile(r",\s+(?:which|who)\s*,\s*$")
_RELATIVE_CLOSE: Final = re.compile(
    r",\s+(?:[a-z]+ed|is|are|was|were|has|have|had|will|would|can|could|should|may|might|must)\b"
)
# an aside that the comma of _RELATIVE_CLOSE closes: "Mr. Jager, under fire for ..., would"
_ASIDE_BEFORE: Final = re.compile(
    r",\s+(?:under|in|at|on|with|for|from|who|which|whose|a|an|the|his|her|its|their|"
    r"[a-z]+ing)\b[^,]*$"
)
_RELATIVE_OPEN: Final = re.compile(r",\s+(?:who|which)\s+(?:\w+\s+)?$")
_RELATIVE_APPOSITIVE: Final = re.compile(r",\s+(?:who|whose|which)\b[^,]*,\s*$")
_INFINITIVE: Final = re.compile(
    r"(?:\s+(?:him|her|them|us|me|(?:the\s+|all\s+|its\s+|his\s+|her\s+)?[\w'\u2019-]+"
    r"(?:\s+[\w'\u2019-]+){0,4}?))?\s+[\"\u201c]?(to\s+(?!the\b|a\b|an\b)[a-z]+\b)"
)
# how far back or ahead a clause may reach from its cue (longer is not a reported clause, and
# the bound keeps pathological texts linear)
_LOOK_BACK: Final = 1500
_NEIGHBOURS: Final = 12  # quotes looked at on either side when a quote inherits a speaker
_LOOK_AHEAD: Final = 2000
_ADVERBS: Final = frozenset("also later previously repeatedly recently long since already".split())
_AUXILIARY: Final = AUXILIARIES | {"being"}
_CLAUSE_OPENERS: Final = frozenset("he she they it we i you there this".split())
_SUBJECT_START: Final = re.compile(r"[\w\"\u201c\u2018'$\u00a3\u20ac(]")
_SUBJECT_OPENERS: Final = "_\"\u201c\u2018'$\u00a3\u20ac("
_VERB_WORDS: Final = frozenset(("said", "says", "told", "tells", "wrote", "spoke", "thought"))
_CUE_DETERMINERS: Final = ("an", "a", "the", "his", "her", "its", "their")
_LINK_INITIALS: Final = frozenset("rwlsamc\u017f")  # READ, WATCH, ... (and "\u017f", an s)


def _opens_subject(char: str) -> bool:
    """``_SUBJECT_START.match(char)`` for one character, without the pattern."""
    return char.isalnum() or char in _SUBJECT_OPENERS


def _is_verb_form(word: str) -> bool:
    """``_VERB_ONLY.fullmatch(word) is not None``, without the pattern.

    Its first alternative: one or more word characters (``str.isalnum`` or "_"), then "ed".
    """
    if word in _VERB_WORDS:
        return True
    return len(word) > 2 and word.endswith("ed") and word[:-2].replace("_", "a").isalnum()


def _after_word(text: str, start: int) -> bool:
    """Whether no word character is right before ``start`` (a word boundary, for a word there)."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


def _spaced_tail(text: str, start: int, end: int) -> str | None:
    """``text[start:end]`` without the white space that ends it, or None if none ends it."""
    window = text[start:end]
    stripped = window.rstrip()
    return stripped if len(stripped) < len(window) else None


def _ends_with_what(text: str, start: int, end: int) -> bool:
    """``_FREE_RELATIVE.search(text, start, end)``, without the pattern.

    "what" or "What" (a word on its own), then white space, ends ``text[start:end]``.
    """
    head = _spaced_tail(text, start, end)
    if head is None or not head.endswith(("what", "What")):
        return False
    return _after_word(text, start + len(head) - 4)


# the words that open an _ADVERBIAL's alternatives ("on", "Monday", "in", "to", "also", ...)
_ADVERBIAL_OPENERS: Final = frozenset(
    "on late early earlier last this next Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday today yesterday tonight week month year morning afternoon evening night in at "
    "during through via by over to also further previously recently repeatedly again then "
    "later publicly privately separately out".split()
)
_ASCII_LETTERS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _adverbial_at(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_ADVERBIAL.match(text, start, end)``, the pattern run only where a word of it opens.

    It opens with white space and a comma at most: past them (within ``end``), one of the
    words that open its alternatives must follow, whole (white space, or a character that
    is no letter, ends each of them in the pattern).
    """
    at = start
    while at < end and text[at].isspace():
        at += 1
    if at < end and text[at] == ",":
        at += 1
        while at < end and text[at].isspace():
            at += 1
    word_end = at
    while word_end < end and text[word_end] in _ASCII_LETTERS:
        word_end += 1
    if text[at:word_end] not in _ADVERBIAL_OPENERS:
        return None
    return _ADVERBIAL.match(text, start, end)


def _that_at(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_THAT.match(text, start, end)``, the pattern run only where "that" is ahead."""
    return _THAT.match(text, start, end) if text.find("that", start, end) >= 0 else None


def _late_that_at(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_LATE_THAT.match(text, start, end)``, the pattern run only where "that" is ahead."""
    return _LATE_THAT.match(text, start, end) if text.find("that", start, end) >= 0 else None


def _conjunction_before(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_CONJUNCTION_BEFORE.search(text, start, end)``, not searched where it cannot match.

    A match has "and", "but" or "then": a range without any is not searched.
    """
    for word in ("and", "but", "then"):
        if text.find(word, start, end) >= 0:
            return _CONJUNCTION_BEFORE.search(text, start, end)
    return None


def _clause_cut(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_CLAUSE_CUT.search(text, start, end)``, the pattern tried only where it can open.

    Every match opens at a comma or a semicolon, or at the white space right before a dash:
    those places are tried in text order (the first match is the search's), and a range
    without any is not searched.
    """
    places: list[int] = []
    for mark in ",;-\u2014\u2013":
        at = text.find(mark, start, end)
        while at >= 0:
            if mark in ",;":
                places.append(at)
            elif at > start and text[at - 1].isspace():
                places.append(at - 1)
            at = text.find(mark, at + 1, end)
    for place in sorted(places):
        found = _CLAUSE_CUT.match(text, place, end)
        if found is not None:
            return found
    return None


def _ends_with_determiner(text: str, start: int, end: int) -> bool:
    """``_DETERMINER_BEFORE_CUE.search(text, start, end)``, without the pattern.

    A determiner ("a", "the", "its", ...) then white space ends ``text[start:end]``, with no
    word character, apostrophe, period or hyphen right before it.
    """
    head = _spaced_tail(text, start, end)
    if head is None:
        return False
    for determiner in _CUE_DETERMINERS:
        if head.endswith(determiner):
            at = start + len(head) - len(determiner)
            if at >= start and (at == 0 or not (
                text[at - 1].isalnum() or text[at - 1] in "_'\u2019.-"
            )):
                return True
    return False


@dataclass(frozen=True)
class Quote:
    """One quote in an article.

    Attributes:
        start: Offset of the quote span in the article text (direct quotes include their marks).
        end: End offset (exclusive).
        kind: ``direct``, ``partial`` or ``indirect``.
        cue: The reporting verb or phrase as written ("said", "according to"), or "".
        cue_start: Offset of the cue, or -1 when the quote has none.
        speaker: Canonical speaker name ("" when unknown).
        speaker_kind: ``person``, ``organisation``, ``unnamed`` or ``unknown``.
        mention: The speaker as written next to the cue ("presidential advisor Sergei
            Prikhodko", "he"), or "".
    """

    start: int
    end: int
    kind: str
    cue: str = ""
    cue_start: int = -1
    speaker: str = ""
    speaker_kind: str = UNKNOWN
    mention: str = ""


class _Piece:
    """A span between quote marks inside one paragraph (``closed`` when its mark closes).

    Plain classes here rather than dataclasses: compiled by mypyc, their ``__init__`` is
    native code (a dataclass' generated one stays interpreted).
    """

    __slots__ = ("start", "end", "closed", "paragraph")

    def __init__(self, start: int, end: int, closed: bool, paragraph: int) -> None:
        self.start = start
        self.end = end
        self.closed = closed
        self.paragraph = paragraph


class _Found:
    """A quote with its speaker, the fields of :class:`Quote`.

    A plain class: made for each quote and changed in place by `_inherit_speakers`, it costs
    less than the frozen dataclass, which the extractor does not need.
    """

    __slots__ = ("start", "end", "kind", "cue", "cue_start", "speaker", "speaker_kind", "mention")

    def __init__(
        self,
        start: int,
        end: int,
        kind: str,
        cue: str,
        cue_start: int,
        speaker: str,
        speaker_kind: str,
        mention: str,
    ) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.cue = cue
        self.cue_start = cue_start
        self.speaker = speaker
        self.speaker_kind = speaker_kind
        self.mention = mention


class _Candidate:
    """A quote found, before its speaker is resolved."""

    __slots__ = ("start", "end", "kind", "cue", "cue_start", "subject", "paragraph", "inherit")

    def __init__(
        self,
        start: int,
        end: int,
        kind: str,
        cue: str = "",
        cue_start: int = -1,
        subject: Mention | None = None,
        paragraph: int = 0,
        inherit: bool = False,
    ) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.cue = cue
        self.cue_start = cue_start
        self.subject = subject
        self.paragraph = paragraph
        self.inherit = inherit


@dataclass(frozen=True)
class _Verbs:
    forms: dict[str, str]
    clause: frozenset[str]
    that_only: frozenset[str]
    inverted: frozenset[str]
    naming: frozenset[str]
    object: frozenset[str]
    infinitive: frozenset[str]
    pattern: re.Pattern[str]
    # a verb form after a space, the space included: the cues of a text spaced by `_cues`
    spaced: re.Pattern[str]
    # the forms of [verb] and [after_quote] (verbs of manner: '"Go back," Trump barked')
    after_quote: re.Pattern[str]
    after_forms: dict[str, str]


def _trie_pattern(words: list[str]) -> str:
    """A regular expression matching exactly ``words``, factored by common prefixes.

    Python's regex engine tries alternatives one by one; a prefix tree makes the cue scan
    over every article several times faster than a flat alternation of ~400 verb forms.
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(tree)


@lru_cache(maxsize=1)
def _verbs() -> _Verbs:
    sections = sectioned_list("speech_verbs.txt")
    forms: dict[str, str] = {}
    for line in sections["verb"]:
        words = line.split()
        for form in words:
            forms.setdefault(form, words[0])

    def lemmas(name: str) -> frozenset[str]:
        return frozenset(word for line in sections[name] for word in line.split())

    alternation = _trie_pattern(sorted(forms))
    after_forms = dict(forms)
    for line in sections.get("after_quote", ()):
        words = line.split()
        for form in words:
            after_forms.setdefault(form, words[0])
    return _Verbs(
        forms=forms,
        clause=lemmas("clause"),
        that_only=lemmas("that_only"),
        inverted=lemmas("inverted") | frozenset(
            line.split()[0] for line in sections.get("after_quote", ())
        ),
        naming=lemmas("name"),
        object=lemmas("object"),
        infinitive=lemmas("infinitive"),
        pattern=re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"),
        spaced=re.compile(rf" (?:{alternation})(?![\w-])"),
        after_quote=re.compile(rf"(?<![\w-])(?:{_trie_pattern(sorted(after_forms))})(?![\w-])"),
        after_forms=after_forms,
    )


# every ASCII character that is neither a word character nor "-" (what may stand before a cue)
_SPACED: Final = (
    str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c in "_-")})
)


def _cues(text: str, verbs: _Verbs) -> list[tuple[str, int, int]]:
    """The matches of ``verbs.pattern`` in ``text``: (cue, start, end), in text order.

    An ASCII text (most wire copy) is scanned as a space and its copy with every character
    other than a letter, digit, "_" or "-" made a space: the pattern's look-behind then only
    needs a space before the verb, a literal that the regex engine skips to quickly instead of
    testing the look-behind at every character (the cue scan of Reuters: 0.49 s instead of
    0.64 s). The verbs are letters, so the look-ahead after them reads the same either way.
    """
    if not text.isascii():
        return [(match.group(), match.start(), match.end()) for match in
                verbs.pattern.finditer(text)]
    if _NATIVE_CUES is not None:
        # in C: the runs of letters, digits, "_" and "-" that are verb forms (those are the
        # matches: a form after a space and before one, in the spaced copy)
        words, word_filter, shortest, longest = _cue_index()
        if words:
            found: list[tuple[str, int, int]] = _NATIVE_CUES(
                text, words, word_filter, shortest, longest
            )
            return found
    spaced = " " + text.translate(_SPACED)
    cues = []
    for match in verbs.spaced.finditer(spaced):
        start, end = match.span()  # offsets into ``spaced``: one more than into ``text``
        cues.append((text[start : end - 1], start, end - 1))
    return cues


_NATIVE_CUES: Final = native_function("words_in_set")  # the C module of a regular install


@lru_cache(maxsize=1)
def _cue_index() -> tuple[frozenset[str], bytes, int, int]:
    """The verb forms for ``_native.words_in_set``: (forms, filter, shortest, longest).

    The forms empty if one of them holds a character other than a letter, digit, "_" or "-"
    (it would not be one run), or if the C module is not built: :func:`_cues` then scans
    with the regex.
    """
    forms = frozenset(_verbs().forms)
    make_filter = native_function("word_filter")
    if (
        make_filter is None
        or not forms
        or not all(re.fullmatch(r"[A-Za-z0-9_-]+", form) for form in forms)
    ):
        return frozenset(), b"", 0, 0
    return forms, make_filter(forms), min(map(len, forms)), max(map(len, forms))


def speech_verb_forms() -> frozenset[str]:
    """Every inflected form of the reporting verbs the extractor knows."""
    return frozenset(_verbs().forms)


# --- quote marks -------------------------------------------------------------------------


def _has_mark(text: str, start: int, end: int) -> bool:
    """``_MARKS.search(text, start, end) is not None``: a quote mark in the range."""
    return (
        text.find('"', start, end) >= 0
        or text.find(_OPEN, start, end) >= 0
        or text.find(_CLOSE, start, end) >= 0
    )


def _mark_positions(text: str) -> list[int]:
    """The offsets of the quote marks of ``text`` (the matches of ``_MARKS``), in order.

    Each kind of mark is found with ``str.find``, which skips to it far faster than the
    regex engine tests each character.
    """
    positions: list[int] = []
    kinds = 0
    for mark in ('"', _OPEN, _CLOSE):
        position = text.find(mark)
        if position >= 0:
            kinds += 1
        while position >= 0:
            positions.append(position)
            position = text.find(mark, position + 1)
    if kinds > 1:
        positions.sort()
    return positions


def _pieces(text: str, doc: Document) -> list[_Piece]:
    """Pair quote marks paragraph by paragraph; an unclosed quote runs to its paragraph end."""
    pieces: list[_Piece] = []
    if '"' not in text and _OPEN not in text and _CLOSE not in text:
        return pieces  # no quote mark (the characters of _MARKS) at all: most wire copy
    # one scan of the text for its marks (a mark is one character), each taken in its
    # paragraph: the paragraphs are in order and do not overlap
    paragraphs = doc.paragraphs
    index, start, end = -1, 0, -1
    open_at = -1
    for position in _mark_positions(text):
        if position >= end:
            if open_at >= 0 and end - open_at > 1:
                pieces.append(_Piece(open_at, end, False, index))
            open_at = -1
            while index + 1 < len(paragraphs) and paragraphs[index + 1][1] <= position:
                index += 1  # paragraphs without a mark
            if index + 1 >= len(paragraphs):
                start = end = len(text) + 1
                continue  # after the last paragraph: no mark is taken any more
            start, end = paragraphs[index + 1]
            index += 1
        if position < start:
            continue  # between paragraphs
        mark = text[position]
        if open_at < 0:
            if mark == '"' and _closes(text, position, start):
                # the end of a quote whose opening mark is in an earlier paragraph
                pieces.append(_Piece(start, position + 1, True, index))
            elif mark != _CLOSE:
                open_at = position
        elif mark != _OPEN:
            pieces.append(_Piece(open_at, position + 1, True, index))
            open_at = -1
    if open_at >= 0 and end - open_at > 1:
        pieces.append(_Piece(open_at, end, False, index))
    return pieces


@lru_cache(maxsize=64)
def _words_prefix(count: int) -> re.Pattern[str]:
    """A pattern matching the first ``count`` words of a text (the words of ``_WORD``).

    Each atomic group takes the non-word characters before one word and that whole word, as
    ``_WORD.finditer`` does; no backtracking can split a word in two.
    """
    return re.compile(r"(?>\W*" + _WORD.pattern + "){" + str(count) + "}")


_NATIVE_COUNT: Final = native_function("count_words")  # the C module of a regular install


def _at_least(text: str, count: int) -> bool:
    """Whether ``text`` has at least ``count`` words (stops counting there).

    The words of ``_WORD``, which are those of :func:`analysis.segment.count_words`: counted
    in C where the C module is built, else matched by :func:`_words_prefix`.
    """
    if count <= 0:
        return True
    if _NATIVE_COUNT is not None:
        found: int = _NATIVE_COUNT(text, 0, len(text), count)
        return found >= count
    return _words_prefix(count).match(text) is not None


def _closes(text: str, position: int, paragraph_start: int) -> bool:
    """A straight mark after a word and before a space or the end closes a quote.

    Only the first mark of a paragraph that does not open with a quote mark is tested: wire
    copy sometimes continues a quote into a new paragraph without reopening it.
    """
    if position == paragraph_start or text[position - 1] not in ",.?!":
        return False
    after = text[position + 1 : position + 2]
    return (after == "" or after.isspace()) and text[paragraph_start] not in "\"\u201c"


def _ends_sentence(gap: str) -> bool:
    """Whether a sentence ends inside ``gap`` (a period after "Mr" or an initial does not)."""
    for match in _SENTENCE_END.finditer(gap):
        word = gap[: match.start() + 1].split()[-1:] or [""]
        bare = word[0].strip("\"\u201d)").lower()
        if bare not in lexicon().honorifics and len(bare) > 1:
            return True
    return False


def _is_subject_gap(gap: str) -> bool:
    """Whether the words between a quote and its cue's subject are at most a short role."""
    if _LEADING_GAP.match(gap):
        return True
    stripped = gap.lstrip(" ,\u2014\u2013-")
    marks = _DOTTED.sub("", stripped) if "." in stripped else stripped  # "U.K. managing director"
    return gap[: len(gap) - len(stripped)].strip(" ") in ("", ",") and len(
        _WORD.findall(stripped)) <= 6 and not any(c in marks for c in ".?!;:")


def _is_title_or_scare(text: str, piece: _Piece, para_start: int) -> bool:
    inner = text[piece.start + 1 : piece.end - 1 if piece.closed else piece.end].strip()
    before = text[max(para_start, piece.start - 40) : piece.start]
    # a match is one of the phrases and white space: an ASCII text (where IGNORECASE is
    # lower()) that does not end so is not searched
    if (
        not before.isascii() or before.rstrip().lower().endswith(_SCARE_PHRASES)
    ) and _SCARE_BEFORE.search(before):
        return True
    words = inner.split()
    if not words or len(words) > 8 or inner[-1:] in ",.?!":
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or w.lower() in ("of", "the", "and", "a"))
    return len(words) >= 2 and capitals == len(words) and words[0][:1].isupper()


def _is_object(phrase: str) -> bool:
    """Whether the words between "told" and "that" are one noun phrase: whom it was told.

    Not when they hold a verb, or a new phrase opens other than after a preposition ("a
    business meeting the Soviet Union produces few items that": a clause), or a story is
    told ("the story of tomato pickers - a labour issue that").
    """
    if _OBJECT_VERB.search(phrase):
        return False
    words = phrase.lower().split()
    for index, word in enumerate(words):
        if word in _TOLD_STORIES:
            return False
        if (
            index
            and (word in _NP_OPENERS or word in _CLAUSE_OPENERS or word in _OWNERS)
            and words[index - 1] not in _OBJECT_PREPOSITIONS
            and (index + 1 == len(words) or words[index + 1] not in _TIME_UNITS)
        ):
            return False
    return True


def _at_most_words(gap: str, count: int) -> bool:
    """Whether ``gap`` (between a subject and its cue) is a few words and no punctuation."""
    return len(gap.split()) <= count and not any(mark in gap for mark in ",;:")


def _is_predicate(word: str) -> bool:
    """Whether ``word`` may open the predicate of "what X said": "were", "amounted", "frightens"."""
    low = word.lower()
    return _FINITE.fullmatch(low) is not None or (
        low.endswith(("ed", "s")) and low not in _NOT_PREDICATE and not word[:1].isupper()
    )


def _has_finite(window: str) -> bool:
    """Whether an auxiliary verb opens a clause in ``window`` ("fewer than are needed": no)."""
    return any(
        not window[: found.start()].rstrip().endswith("than") for found in _FINITE.finditer(window)
    )


def _opens_with_role(phrase: str) -> bool:
    """Whether a phrase is a role ("vice chairman of ...", "the chief executive, ...").

    The role ends the phrase or a preposition follows it ("the trial judge overruled" and
    "President Reagan remains" are clauses).
    """
    words = [word.lower().rstrip(",") for word in phrase.split(None, 4)[:4]]
    if words and words[0] in ("the", "a", "an", "its", "his", "her", "their"):
        words = words[1:]
    roles = lexicon().roles
    for index, word in enumerate(words[:2]):
        if word in roles:
            following = words[index + 1] if index + 1 < len(words) else ""
            return following in ("", "of", "at", "for", "and")
    return False


def _is_utterance(text: str, piece: _Piece, clause_start: int) -> bool:
    """Tell a stand-alone quote from quoted words inside a sentence."""
    if not piece.closed:
        return True
    inner = text[piece.start + 1 : piece.end - 1].rstrip()
    before = text[max(clause_start, piece.start - 200) : piece.start].rstrip()
    if before == "" and clause_start > 1 and text[clause_start - 1] in "\"\u201d":
        # right after another quote: a new utterance only if that one ended a sentence
        before = text[max(0, clause_start - 200) : clause_start].rstrip()
    at_start = before == "" or before[-1] in ":.?!" or (
        before[-1] in "\"\u201d" and before[-2:-1] in (".", "?", "!")
    )
    ends_punct = inner[-1:] in ",.?!\u2026" or inner.endswith(("...", "--"))
    if at_start:
        return ends_punct or _at_least(inner, 4)
    if before[-1] == ",":
        return ends_punct and _at_least(inner, 3)
    return False


def _joints(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``_JOINT.finditer(text, start, end)``, found twice as fast.

    ``_JOINT`` opens with an optional comma, so the regex engine tries it at every character;
    ``_JOINT_WORD``, the same without the comma, opens with white space, which it skips to.
    A comma right before a match (inside the range) is the one ``_JOINT`` takes: matches end
    with white space, so that comma never belongs to the match before
    (``tests/test_quotes.py`` compares both).
    """
    spans = []
    for match in _JOINT_WORD.finditer(text, start, end):
        begin = match.start()
        if begin > start and text[begin - 1] == ",":
            begin -= 1
        spans.append((begin, match.end()))
    return spans


# --- extraction --------------------------------------------------------------------------


class _Extraction:
    """The per-article state of :func:`extract_quotes`."""

    def __init__(self, text: str, doc: Document) -> None:
        self.text = text
        self.doc = doc
        self.verbs = _verbs()
        self.sentences = doc.sentences
        self.paragraphs = doc.paragraphs
        self.sentence_starts = [s for s, _ in self.sentences]
        self.paragraph_starts = [s for s, _ in self.paragraphs]
        self.pieces = _pieces(text, doc)
        self.piece_starts = [p.start for p in self.pieces]
        self.used_cues: set[int] = set()
        self.candidates: list[_Candidate] = []
        self.speakers_without_quote: list[tuple[int, Mention]] = []

    # helpers ---------------------------------------------------------------------------

    def sentence_of(self, offset: int) -> tuple[int, int]:
        index = max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)
        if not self.sentences:
            return 0, len(self.text)
        return self.sentences[index]

    def paragraph_of(self, offset: int) -> int:
        return max(bisect.bisect_right(self.paragraph_starts, offset) - 1, 0)

    def is_link_line(self, offset: int) -> bool:
        """Whether ``offset`` is on a "READ MORE: ..." line (a link to another story)."""
        window = max(0, offset - 300)
        line_start = self.text.rfind("\n", window, offset) + 1
        if line_start == 0 and window > 0:
            return False  # the line began long before: not a short link line
        if self.text[line_start : line_start + 1].lower() not in _LINK_INITIALS:
            return False  # no label's first letter (with its case variants): no label
        return _LINK_LABEL.match(self.text, line_start) is not None

    def piece_at(self, offset: int) -> _Piece | None:
        index = bisect.bisect_right(self.piece_starts, offset) - 1
        if index >= 0 and self.pieces[index].start <= offset < self.pieces[index].end:
            return self.pieces[index]
        return None

    def lemma(self, cue: str) -> str:
        return self.verbs.forms.get(cue, cue)

    # direct quotes ---------------------------------------------------------------------

    def direct_quotes(self) -> None:
        text = self.text
        previous_end = -1
        previous_paragraph = -1
        for index, piece in enumerate(self.pieces):
            para_start, para_end = self.paragraphs[piece.paragraph]
            if piece.paragraph != previous_paragraph:
                previous_end = para_start
            sentence_start = max(self.sentence_of(piece.start)[0], previous_end)
            next_start = para_end
            if index + 1 < len(self.pieces) and self.pieces[index + 1].paragraph == piece.paragraph:
                next_start = self.pieces[index + 1].start
            previous_end, previous_paragraph = piece.end, piece.paragraph
            if _is_title_or_scare(text, piece, para_start):
                continue
            after = self._cue_after(piece.end, next_start)
            if after is not None and after[2] is None:
                # 'Peabody said: "...," adding that ...': a cue with its subject, then a colon,
                # introduces the quote; the cue after it (no subject of its own) goes on
                before = self._cue_before(sentence_start, piece.start)
                if (
                    before is not None
                    and before[2] is not None
                    and text[before[0] + len(before[1]) : piece.start].rstrip().endswith(":")
                ):
                    after = None
            utterance = _is_utterance(text, piece, sentence_start)
            own_report = after is not None and self._opens_own_report(piece, after)
            if own_report and (utterance or self._introduced(sentence_start, piece)):
                after, own_report = None, False  # the quote's speaker comes from elsewhere
            if after is None and not utterance:
                before = self._cue_before(sentence_start, piece.start)
                if before is not None and _CUE_TAIL.match(
                    text, before[0] + len(before[1]), piece.start
                ):
                    self.used_cues.add(before[0])
                    naming = self.lemma(before[1]) in self.verbs.naming
                    self.candidates.append(
                        _Candidate(piece.start, piece.end, PARTIAL if naming else DIRECT,
                                   before[1], before[0], before[2], piece.paragraph)
                    )
                    continue
                self._naming_quote(piece, sentence_start)
                continue
            start, kind = piece.start, DIRECT
            if after is not None and not utterance:
                if not self._is_mid_sentence_quote(piece, sentence_start):
                    continue
                start, kind = self.sentence_of(piece.start)[0], PARTIAL
            candidate = _Candidate(start, piece.end, kind, paragraph=piece.paragraph)
            found = after or self._cue_before(sentence_start, piece.start)
            if found is not None:
                candidate.cue_start, candidate.cue, candidate.subject = found
                if not own_report:
                    # ('Obama condemned "what appears to be ..." He said he had ...': the
                    # sentence has that speaker, and the cue its own content too)
                    self.used_cues.add(candidate.cue_start)
            else:
                candidate.inherit = True
            self.candidates.append(candidate)

    def _opens_own_report(self, piece: _Piece, after: tuple[int, str, Mention | None]) -> bool:
        """'"It shows a lack of character." Reid said both men are weak.': not the quote's cue.

        The quote ended its sentence, and the subject and cue after it open a new one with
        a content of its own (an attribution has none: '"..." Reid said on Monday.').
        """
        cue_start, cue, subject = after
        if subject is None or subject.start > cue_start or self.text[piece.end - 2] not in ".?!":
            return False
        end = self.sentence_of(cue_start)[1]
        return self._forward_content(self.lemma(cue), cue_start + len(cue), end) is not None

    def _introduced(self, sentence_start: int, piece: _Piece) -> bool:
        """'She said: "..."': a cue with its subject right before the quote."""
        before = self._cue_before(sentence_start, piece.start)
        return (
            before is not None
            and before[2] is not None
            and _CUE_TAIL.match(self.text, before[0] + len(before[1]), piece.start) is not None
        )

    def _is_mid_sentence_quote(self, piece: _Piece, sentence_start: int) -> bool:
        inner = self.text[piece.start + 1 : piece.end - 1].rstrip()
        return inner[-1:] in ",.?!" and self._find_cue(sentence_start, piece.start) is None

    def _find_cue(self, start: int, end: int) -> re.Match[str] | None:
        last = None
        for match in self.verbs.pattern.finditer(self.text, start, end):
            last = match
        return last

    def _cue_after(self, quote_end: int, limit: int) -> tuple[int, str, Mention | None] | None:
        """Find "..." X said / "..." said X right after a quote."""
        text = self.text
        window_end = min(limit, quote_end + 320)
        for match in self.verbs.after_quote.finditer(text, quote_end, window_end):
            gap = text[quote_end : match.start()]
            if _ends_sentence(gap):
                return None
            if _at_least(gap, 37) or any(c in gap for c in "\"\u201c\u201d?!;"):
                return None
            if _RELATIVE_OPEN.search(gap):
                continue  # '"...," the official, who asked not to be named, told Reuters'
            lemma = self.verbs.after_forms.get(match.group(), match.group())
            manner = match.group() not in self.verbs.forms  # '"No," smiled, waved': no cue
            if _LEADING_GAP.match(gap) and lemma in self.verbs.inverted:
                subject = mention_after(text, match.end(), window_end)
                if subject is None and manner:
                    return None
                return match.start(), match.group(), subject
            subject = mention_before(text, quote_end, match.start())
            if subject is not None and subject.form in ("role", "unnamed"):
                subject = self._with_adjectives(quote_end, subject)
                # '"...," the singer's longtime agent said': the owner is the description's
                subject = self._described(subject, self._subject_phrase_start(subject, quote_end))
            if subject is not None and _is_subject_gap(text[quote_end : subject.start]):
                return match.start(), match.group(), subject
            return None
        return None

    def _described(self, subject: Mention, phrase_start: int) -> Mention:
        """A role or unnamed subject widened to its whole phrase, from ``phrase_start``."""
        if phrase_start >= subject.start or subject.form not in ("role", "unnamed"):
            return subject
        phrase = self.text[phrase_start : subject.end]
        name = subject.name if subject.form == "role" else phrase
        return Mention(phrase, phrase_start, subject.end, subject.form, name)

    def _with_adjectives(self, quote_end: int, subject: Mention) -> Mention:
        """'"...," the lanky, bespectacled professor said': the whole description speaks.

        (The phrase parser stops at the comma between the adjectives; right after a quote
        the words before it can only be the description's.)
        """
        opening = _DESCRIPTION_OPENING.fullmatch(self.text, quote_end, subject.start)
        if opening is None:
            return subject
        start = opening.start(1)
        phrase = self.text[start : subject.end]
        return Mention(phrase, start, subject.end, "role", phrase.split()[-1].strip(",.").lower())

    def _cue_before(self, lower: int, quote_start: int) -> tuple[int, str, Mention | None] | None:
        """Find X said: "..." / X said "..." right before a quote."""
        text = self.text
        match = self._find_cue(lower, quote_start)
        if match is not None and _ends_with_determiner(
            text, max(0, match.start() - 6), match.start()
        ):
            # "told the Post in a written statement, "..."": the cue before the adjective
            match = self._find_cue(lower, match.start())
        if match is None:
            return self._opening_cue(lower, quote_start)
        tail = text[match.end() : quote_start]
        if _at_least(tail, 9):
            return None
        if tail.strip() and tail.strip()[-1] not in ",:" and _THAT.match(tail) is None:
            if _at_least(tail, 5):
                return None
        participle = match.group().endswith("ing") and _PARTICIPLE_AFTER_COMMA.search(
            text, max(0, match.start() - 20), match.start()
        ) is not None
        sentence_start = self.sentence_of(match.start())[0]
        # 'Here in Columbia, Sanders stepped up ..., saying, "..."': the clause's subject first
        subject = (
            self._fallback_subject(match.group(), lower, match.start(), sentence_start)
            if participle
            else None
        )
        if subject is None:
            subject = mention_before(text, lower, match.start()) or self._linked_subject(
                lower, match.start()
            )
        if subject is None and not participle:
            subject = self._fallback_subject(match.group(), lower, match.start(), sentence_start)
        if subject is None and self.lemma(match.group()) in self.verbs.inverted:
            subject = mention_after(text, match.end(), quote_start)
        return match.start(), match.group(), subject

    def _linked_subject(self, lower: int, cue_start: int) -> Mention | None:
        """The subject before a verb phrase that leads to the cue (:data:`_LINK_BEFORE`).

        Or a group before a restrictive relative clause or a participle phrase: "Progressive
        organizations that have endorsed him say", "Republican activists clamoring to block
        Donald Trump from the GOP nomination say".
        """
        text = self.text
        # every link ends with "to", "by" or "as" before the cue
        if text.endswith((" to ", " by ", " as "), max(0, cue_start - 4), cue_start):
            link = _LINK_BEFORE.search(text, max(lower, cue_start - 70), cue_start)
            if link is not None:
                return mention_before(text, lower, link.start() + 1)
        return self._relative_head(lower, cue_start)

    def _relative_head(self, lower: int, cue_start: int) -> Mention | None:
        """A group opening the clause before a restrictive relative or participle phrase."""
        text = self.text
        window = max(lower, cue_start - 90)
        if (
            text.find(" that ", window, cue_start) < 0
            and text.find(" who ", window, cue_start) < 0
            and text.find("ing ", window, cue_start) < 0
        ):
            return None  # most windows: no relative, no participle
        opening = self._past_opening(lower, cue_start)
        for relative in _RESTRICTIVE.finditer(text, window, cue_start):
            if (
                relative.end() >= cue_start
                or any(mark in text[relative.start() : cue_start] for mark in ",;:\"\u201c\u201d()")
                # "are taking legal action": a progressive, no participle phrase
                or _AUXILIARY_END.search(text, max(0, relative.start() - 8), relative.start())
            ):
                continue  # (not "people who write": the cue is the relative clause's verb)
            head = mention_before(text, lower, relative.start())
            if (
                head is not None
                and head.end == relative.start()
                # the group opens its clause ("But farmers who lost crops say", not
                # "Microsoft's Windows operating system has long been ... people who write")
                and (not text[opening : head.start].strip()
                     or text[opening : head.start].strip() in _OPENING_CONJUNCTIONS)
            ) and (
                head.form in ("unnamed", "organisation")
                # "Democrats who attended the meeting said"
                or (head.form == "name" and " " not in head.text and head.text.endswith("s"))
            ):
                if head.text.lower() in _BARE_GROUPS:
                    # "Those who bought tickets say": the whole phrase names the group
                    phrase = text[head.start : cue_start].rstrip()
                    return Mention(phrase, head.start, head.start + len(phrase), UNNAMED, phrase)
                return head
            break
        return None

    def _opening_cue(self, lower: int, quote_start: int) -> tuple[int, str, Mention] | None:
        """'Said Ellis: "..."': a capitalised verb of saying opens the sentence, a name follows.

        Only a verb that may come before its subject ("said", "added", "asked", ...), and only
        when a colon or a comma ends the few words between the name and the quote.
        """
        text = self.text
        opening = _OPENING_WORD.match(text, lower, quote_start)
        if opening is None:
            return None
        word = opening.group(1)
        if self.lemma(word.lower()) not in self.verbs.inverted:
            return None
        tail = text[opening.end() : quote_start].rstrip()
        if not tail.endswith((":", ",")) or _at_least(tail, 7):
            return None
        subject = mention_after(text, opening.end(1), quote_start)
        if subject is None:
            return None
        return opening.start(1), word, subject

    def _naming_quote(self, piece: _Piece, sentence_start: int) -> None:
        """Quoted words after a naming verb with a subject: 'what he called "..."'."""
        text = self.text
        window = max(sentence_start, piece.start - 80)
        before = text[window : piece.start]
        match = None
        for found in self.verbs.pattern.finditer(before):
            match = found
        if match is None or self.lemma(match.group()) not in self.verbs.naming:
            return
        cue_start = window + match.start()
        between = text[cue_start + len(match.group()) : piece.start]
        if len(_WORD.findall(between)) > 6 or any(mark in between for mark in ".;:!?"):
            return  # "called half of Donald Trump's supporters "deplorables"" is near enough
        subject = mention_before(text, sentence_start, cue_start)
        if subject is None or subject.form not in ("pronoun", "name", "organisation", UNNAMED):
            return
        opener = subject.text.split()[0]
        after_what = text[max(0, subject.start - 5) : subject.start].lower() == "what "
        if subject.form == UNNAMED and after_what and len(subject.text.split()) == 1:
            return  # "what some call the "loophole"": a common phrase, no one's words
        if subject.form == UNNAMED and not (
            opener[:1].isupper() or opener in _NP_OPENERS or opener in _OWNERS
            or after_what  # "what former employees have called "...""
        ):
            return  # "close what some call": no group opens with a verb
        self.used_cues.add(cue_start)
        self.candidates.append(
            _Candidate(piece.start, piece.end, PARTIAL, match.group(), cue_start, subject,
                       piece.paragraph)
        )

    # reported speech -------------------------------------------------------------------

    def reported_speech(self) -> None:
        for cue, cue_start, cue_end in _cues(self.text, self.verbs):
            if cue_start in self.used_cues or self.piece_at(cue_start) is not None:
                continue
            self._reported(cue, cue_start, cue_end)
        if "ccording to" not in self.text:
            return  # a fast test: most articles have no "according to" to scan for
        for match in _ACCORDING.finditer(self.text):
            if self.piece_at(match.start()) is None:
                self._according(match)

    def signed_paragraphs(self) -> None:
        """Paragraphs signed with a person's name: pull quotes and embedded tweets.

        "I'm not happy I have cancer, but I'm still thankful for what it's brought me. Morgan
        McNeely" (a pull quote set in the page) is McNeely's; "... missing the mark.
        pic.twitter.com/x — Alicia Draus (@Alicia_Draus)" is the tweet of Alicia Draus. A
        pull quote's signature must be a person the article names elsewhere (by a known given
        name, or by a surname that a reporting verb follows), so that "... at Augusta. PGA
        Championship" or "Article Continued Below" sign nothing. The paragraph is an indirect
        quote (it has no quote marks; one with marks is left to the direct quotes).
        """
        text = self.text
        for index, (start, end) in enumerate(self.paragraphs):
            if index and text[start : start + 3].lstrip()[:1] in ("-", "\u2014", "\u2013"):
                dash = _DASH_SIGNATURE.match(text, start, end)
                if dash is not None:
                    self._sign_quotes_above(index - 1, dash.start(1), dash.end(1))
                    continue
            if "(@" in text[start:end]:
                match = _TWEET_SIGNATURE.search(text, start, end)
                if match is not None:
                    self._add_signed(start, match.start(), match.start(1), match.end(1))
                continue
            if not text[end - 1].isalnum() or text[start] in "\"\u201c":
                continue  # no name at the end (most paragraphs end with a mark)
            match = _SIGNATURE.search(text, start, end)
            if match is None or not self._signs(match, start, end):
                continue
            self._add_signed(start, match.start(), match.start(1), match.end(1))

    def _sign_quotes_above(self, paragraph: int, name_start: int, name_end: int) -> None:
        """Give the direct quotes without a cue of ``paragraph`` the signature's name."""
        name = self.text[name_start:name_end]
        if name.split()[0].lower() in lexicon().honorifics or name.isupper():
            name_start = self.text.index(name.split()[-1], name_start)
        subject = Mention(self.text[name_start:name_end], name_start, name_end, "name",
                          self.text[name_start:name_end])
        for candidate in self.candidates:
            if candidate.paragraph == paragraph and candidate.kind == DIRECT and not candidate.cue:
                candidate.subject = subject
                candidate.inherit = False

    def _signs(self, match: re.Match[str], start: int, end: int) -> bool:
        """Whether a paragraph's closing name (and short tail) is a person's signature."""
        text = self.text
        words = match.group(1).split()
        tail = match.group(2) or ""
        if any(w[:1].islower() and w not in _SIGNATURE_TAIL_WORDS for w in tail.split()):
            return False  # "..., a Halifax radiation oncologist": no signature
        if len(tail.split()) > 5 or any(w.isupper() and len(w) > 1 for w in words):
            return False  # a headline in capitals
        before = text[start : match.start()].rstrip(".?!) ").split()
        lex = lexicon()
        if not before or before[-1].rstrip(".").lower() in lex.honorifics:
            return False  # "... said Dr. Robert Rutledge"
        outside = text[:start] + "\n" + text[end:]
        surname = words[-1]
        if not re.search(rf"\b{re.escape(surname)}\b", outside):
            return False
        if words[0].lower() in lex.male_names or words[0].lower() in lex.female_names:
            return True
        if " ".join(words) not in outside:
            return False
        # the surname speaks somewhere: a reporting verb within three words after it
        forms = speech_verb_forms()
        return any(
            not forms.isdisjoint(after.group(1).split())
            for after in re.finditer(rf"\b{re.escape(surname)}((?:\s+\w+){{1,3}})", outside)
        )

    def _add_signed(self, start: int, body_end: int, name_start: int, name_end: int) -> None:
        """Add the paragraph before its signature (without a final period) as a quote."""
        text = self.text
        while body_end > start and text[body_end - 1].isspace():
            body_end -= 1
        if body_end > start and text[body_end - 1] == ".":
            body_end -= 1
        body = text[start:body_end]
        if _MARKS.search(body) or not _at_least(body, 4) or _at_least(body, 200):
            return
        if any(c.start < body_end and start < c.end for c in self.candidates):
            return
        name = text[name_start:name_end]
        subject = Mention(name, name_start, name_end, "name", name)
        self.candidates.append(
            _Candidate(start, body_end, INDIRECT, "", -1, subject, self.paragraph_of(start))
        )

    def _is_noun_use(self, cue_start: int) -> bool:
        """Whether ``_NOUN_USE`` matches the 40 characters before the cue.

        The match ends the window: its last word is the determiner (or ends with it, after a
        mark: "(the") or a capitalised or numeric word after one. A window whose last word is
        neither ("he said", "the company said") is not searched.
        """
        start = max(0, cue_start - 40)
        words = self.text[start:cue_start].rsplit(None, 1)
        if not words:
            return False
        last = words[-1]
        if not (last[0].isupper() or last[0].isdigit() or last.endswith(_NOUN_DETERMINERS)):
            return False
        return _NOUN_USE.search(self.text, start, cue_start) is not None

    def _clause_start(self, sentence_start: int, offset: int) -> int:
        """Start of the clause before ``offset``: after the last closed quote in the sentence."""
        start = max(sentence_start, offset - _LOOK_BACK)
        index = bisect.bisect_right(self.piece_starts, offset) - 1
        # a few pieces back at most: the clause is short, and 10,000 quote marks in one
        # "sentence" must not make this quadratic
        for _ in range(8):
            if index < 0 or self.pieces[index].end <= start:
                break
            piece = self.pieces[index]
            if piece.end <= offset and _is_utterance(self.text, piece, start):
                start = max(start, piece.end)
                break
            index -= 1
        return start

    def _reported(self, cue: str, cue_start: int, cue_end: int) -> None:
        text = self.text
        if _ends_with_determiner(text, max(0, cue_start - 6), cue_start):
            return  # "a written statement", "the stated goal", "a reported 5 percent"
        if not _is_verb_form(cue.lower()) and self._is_noun_use(cue_start):
            return  # "a report that ...", "the agency's report found": the cue word is a noun
        if self.is_link_line(cue_start):
            return
        if cue in _PLURAL_NOUN_CUES and _COUNT_BEFORE.search(
            text, max(0, cue_start - 12), cue_start
        ):
            return  # "Majorities of Democrats in five states going to the polls say": a noun
        if cue == "state" and not _THAT.match(text, cue_end):
            return  # "West Berlin state central bank president", "Texas state court": a noun
        if (
            text[max(0, cue_start - 7) : cue_start].lower() == "having "
            and text.startswith(" that,", cue_end)
        ):
            return  # "Having said that, ...": an idiom
        lemma = self.lemma(cue)
        sentence_start, sentence_end = self.sentence_of(cue_start)
        sentence_start = max(sentence_start, cue_start - _LOOK_BACK)
        sentence_end = min(sentence_end, cue_end + _LOOK_AHEAD)
        lower = self._clause_start(sentence_start, cue_start)
        window = max(lower, cue_start - 20)
        if (
            # every match has "not", "n't" or "never": most windows need no search
            (text.find("not", window, cue_start) >= 0 or text.find("n't", window, cue_start) >= 0
             or text.find("never", window, cue_start) >= 0)
            and _NEGATION.search(text, window, cue_start)
        ):
            return  # "has not said", "did not tell"
        subject = self._chained_subject(cue, cue_start)
        if (
            subject is None
            and cue.endswith("ing")
            and _PARTICIPLE_AFTER_COMMA.search(text, max(0, cue_start - 20), cue_start)
        ):
            # "In an interview with CNN, Donald Trump continued to ..., saying": the clause's
            # subject, not an appositive reading of "CNN, Donald Trump ..."
            subject = self._fallback_subject(cue, lower, cue_start, sentence_start)
        if subject is None:
            subject = mention_before(text, lower, cue_start)
        if (
            subject is not None
            and subject.start > lower + 2
            and text[subject.start - 2] not in ",;:"  # not "..., the company said"
        ):
            # "Fishing groups that have endorsed Kerr say": the groups, not Kerr
            group = self._relative_head(lower, cue_start)
            if group is not None and group.end < subject.start:
                subject = group
        if subject is None and cue.endswith("ing"):
            # "Researchers have been saying", "Berg was quoted as saying" (not "It has been
            # reported": a passive has no speaker)
            been = _BEEN_BEFORE.search(text, max(lower, cue_start - 40), cue_start)
            if been is not None:
                subject = mention_before(text, lower, been.start() + 1)
        if subject is None:
            subject = self._linked_subject(lower, cue_start)
        if subject is None:
            # "He is saying", "officials are warning"; "she's claiming", "he's said"
            auxiliary = (
                _PROGRESSIVE_BEFORE.search(text, max(lower, cue_start - 30), cue_start)
                if cue.endswith("ing") and lemma != "read"  # "people are reading their work"
                else None
            )
            if auxiliary is not None:
                subject = mention_before(text, lower, auxiliary.start() + 1)
            else:
                contracted = _CONTRACTED_BEFORE.search(text, max(lower, cue_start - 30), cue_start)
                if contracted is not None and (
                    cue.endswith("ing")
                    # before a participle "'s" and "'re" make a passive ("it's said that")
                    # unless "'s" is "has" after a person ("he's said")
                    or contracted.group(2) in ("ve", "d")
                    or (contracted.group(2) == "s" and contracted.group(1).lower() in ("he", "she"))
                ):
                    subject = mention_before(text, lower, contracted.end(1))
        if subject is None:
            # "Sanders on Tuesday said", "The ministry last week said": the time between
            when = _TIME_BEFORE.search(text, max(lower, cue_start - 40), cue_start)
            if when is not None and when.start() > lower:
                subject = mention_before(text, lower, when.start())
        if subject is None:
            subject = self._fallback_subject(cue, lower, cue_start, sentence_start)
        if subject is None:
            # no subject before the cue: only an inverted one ("..., said X") can make a quote,
            # so the content after the cue is not looked for
            if lemma in self.verbs.inverted and not cue.endswith("ing"):
                # ("..., saying the station" is no inverted "..., said the station")
                head = text[lower:cue_start].rstrip()
                if head.endswith(",") or head.endswith(("\u201d", '"')):
                    inverted = mention_after(text, cue_end, sentence_end)
                    tail = self._after_cue(cue_end, sentence_end, inverted)
                    if inverted is not None and tail is not None:
                        self._add_backward(lower, cue_start, cue, cue_start, inverted)
                        self._add_continuation(tail, sentence_end, cue, cue_start, inverted)
            return
        described_as = None
        if lemma == "describe":
            described = _DESCRIBED_AS.match(text, cue_end, sentence_end)
            if described is not None:
                # "described his leadership skills as a "work in progress"": what follows "as"
                start = described.end()
                end = self._content_end(start, sentence_end)
                if (
                    _at_least(text[start:end], 1)
                    and not _CALLED_PARTICLE.match(text, start)
                    # not "described the scene as police arrived": "as" opens a clause
                    and not _AS_CLAUSE.match(text, start, end)
                ):
                    described_as = (start, end)
        if lemma == "call":
            if not self._called(cue, cue_start, cue_end, sentence_end, subject) and (
                subject.form in ("name", "unnamed", "organisation")
            ):
                # "The Aspen Institute ... called for new research. It predicted ...": the
                # subject spoke, "it" may refer to it
                self.speakers_without_quote.append((cue_start, subject))
            return
        if _ends_with_what(
            text, max(lower, subject.start - 12), subject.start
        ) and _at_most_words(text[subject.end : cue_start], 2):
            # "what it said were specifications": the predicate of "what" is the content (the
            # clause after the cue goes on as usual); "What he said was that ...": the clause
            # after "that"; otherwise the cue is in a relative clause ("much of what he wrote
            # that ...", "what she said when she resigned") and has no content
            cleft = _CLEFT.match(text, cue_end, sentence_end)
            if cleft is not None and cleft.group().rstrip().endswith("that"):
                end = self._content_end(cleft.end(), sentence_end)
                if _at_least(text[cleft.end() : end], 3):
                    self._add_reported((cleft.end(), end), cue, cue_start, subject)
                return
            predicate = _WORD.match(text, cue_end + 1)
            if predicate is None or not _is_predicate(predicate.group()):
                return
        forward = described_as or self._forward_content(lemma, cue_end, sentence_end)
        if forward is None and lemma in self.verbs.infinitive:
            forward = self._infinitive_content(cue_end, sentence_end)
        if (
            forward is not None
            and cue in _PLURAL_NOUN_CUES
            and text[cue_end : forward[0]].strip() == "that"
            and _FINITE.match(text, forward[0]) is not None
        ):
            return  # "50 member states that have French as a common language": a noun
        if forward is not None:
            said = self._saying_opening(forward[0])
            if said is not None:
                if (
                    said.start() != forward[0]
                    or said.group().lower() != cue.lower()
                    or text[cue_end : forward[0]].strip()
                ):
                    return  # "An Italian press report today said ...": "report" was a noun
                following = _WORD.search(text, said.end(), forward[1])
                if following is None:
                    return
                forward = (following.start(), forward[1])  # "The FDA said said ...": a typo
            if _RELATIVE_OPEN.search(text, max(lower, cue_start - 30), cue_start):
                # "Broaddrick, who said Clinton raped her, recounted ...": the relative clause
                # ends before the main clause's verb
                closing = _RELATIVE_CLOSE.search(text, forward[0], forward[1])
                if closing is not None and _ASIDE_BEFORE.search(
                    text, forward[0], closing.start()
                ):
                    closing = None  # "who suggested that Mr. Jager, under fire ..., would"
                if closing is not None and _at_least(text[forward[0] : closing.start()], 3):
                    forward = (forward[0], closing.start())
            opener = _SUBORDINATOR.match(text, sentence_start)
            if (
                opener is not None
                and opener.end() <= subject.start
                and "," not in text[opener.end() : cue_start]  # the cue is in that clause
            ):
                # "Although bank officials have maintained that rates will stay, the market
                # doubts it": the content ends with the subordinate clause (at the first comma
                # a clause follows, not a list: "that the ferry, the bridge and the pier were
                # safe, nobody believed him")
                for main in _MAIN_CLAUSE.finditer(text, forward[0], forward[1]):
                    next_comma = text.find(",", main.end(), forward[1])
                    segment = text[main.end() : next_comma if next_comma >= 0 else forward[1]]
                    if " and " in segment or " or " in segment:
                        continue
                    if _at_least(text[forward[0] : main.start()], 2):
                        forward = (forward[0], main.start())
                    break
            self._add_reported(forward, cue, cue_start, subject)
            return
        tail = self._after_cue(
            cue_end, sentence_end, None, addressee=lemma in _ADDRESSING, place=lemma in _PLACED
        )
        phrase_start = self._subject_phrase_start(subject, lower)
        # "..., one commercial trader said": the description with its determiner
        subject = self._described(subject, phrase_start)
        if (
            tail is not None
            and text[sentence_start:phrase_start].strip() == "As"
            and text[tail:sentence_end].lstrip().startswith(",")
        ):
            # "As The Washington Post reported, Trump was also accused ...": the main clause
            self._add_continuation(tail, sentence_end, cue, cue_start, subject, main_clause=True)
            return
        opening = (
            _OPENING_ADVERBIAL.fullmatch(text, lower, phrase_start) if tail is not None else None
        )
        if (
            tail is not None
            # (a one-word opening too: "But, the former chief executive added, ...")
            and (self._is_backward_cue(phrase_start, lower) or opening is not None)
            and not (
                self._is_relation_head(lower, phrase_start)
                and not text[tail:sentence_end].lstrip().startswith(",")
            )
        ):
            if opening is None:
                # "..., which, his advisers believe, would lead to ...": the relative clause
                # after the cue is the content, not the clause it hangs on
                opening = _RELATIVE_HEAD.search(text, lower, phrase_start)
            if opening is None:
                self._add_backward(lower, phrase_start, cue, cue_start, subject)
            # "In addition, the company said, the contracts require ...": the adverbial is no
            # content, what follows the cue is all of it
            self._add_continuation(tail, sentence_end, cue, cue_start, subject,
                                   main_clause=opening is not None)
            return
        if subject.form in ("name", "unnamed", "organisation"):
            # no quote here, but the subject spoke: "they" or "he" later may refer to it
            self.speakers_without_quote.append((cue_start, subject))

    def _chained_subject(self, cue: str, cue_start: int) -> Mention | None:
        """The subject of the cue just before a participle: "X said, adding that ..." (X).

        Only when a comma alone (and the inverted subject, if any) separates the cues; the
        words before "adding" may otherwise read as an appositive ("Goldstrike, the company
        said, adding").
        """
        if not cue.endswith("ing") or not self.candidates:
            return None
        previous = self.candidates[-1]
        if previous.subject is None:
            return None
        end = max(previous.cue_start + len(previous.cue), previous.subject.end)
        if 0 <= cue_start - end <= 3 and self.text[end:cue_start].strip() == ",":
            return previous.subject
        return None

    def _fallback_subject(
        self, cue: str, lower: int, cue_start: int, sentence_start: int
    ) -> Mention | None:
        """A subject the phrase parser missed.

        "..., adding that ..." takes the subject of the cue before it in the sentence;
        "A person familiar with the talks said" (a short clause opening with a determiner)
        is an unnamed source as written.
        """
        text = self.text
        if cue.endswith("ing") and _PARTICIPLE_AFTER_COMMA.search(
            text, max(0, cue_start - 20), cue_start
        ):
            for candidate in reversed(self.candidates):
                if sentence_start <= candidate.cue_start < cue_start and candidate.subject:
                    return candidate.subject
            # "At Sunday's debate, Sanders compared himself to Clinton, saying": past the
            # opening adverbial
            clause_start = self._past_opening(sentence_start, cue_start)
            named = mention_after(text, clause_start, cue_start)
            if named is not None and named.form not in ("name", "pronoun"):
                named = None
            opening = self._sentence_subject(clause_start, cue_start)
            if opening is not None and (
                len(opening.text.split()) > 6
                # "The poster shows X ...", but "But Clooney ..."
                or text[clause_start : opening.start].strip() not in _OPENING_CONJUNCTIONS
                or text[sentence_start] in "\"\u201c\u2018'"  # '"There is ...," X said, adding'
            ):
                opening = None
            if opening is None or (named is not None and self._titled_opening(named)):
                # "Foreign ministry spokeswoman Hua Chunying shot back, saying ...": the name
                return named
            return opening  # "An Ontario judge chastised the station, saying ..."
        if _conjunction_before(
            text, max(sentence_start, cue_start - 24), cue_start
        ) or self._conjoined_after_adverbial(sentence_start, cue_start):
            # "The agency gave no details, but said ...": the clause's subject
            for candidate in reversed(self.candidates):
                if sentence_start <= candidate.cue_start < cue_start and candidate.subject:
                    return candidate.subject
            clause_start = self._past_opening(sentence_start, cue_start)
            subject = self._sentence_subject(clause_start, cue_start)
            if subject is not None:
                return subject  # "The senator criticised the plan and said ..."
            subject = mention_after(text, clause_start, cue_start)
            if subject is not None and subject.form in ("name", "pronoun", "organisation"):
                return subject
            return None
        # a match has "wh": most clauses have none and are not searched
        has_wh = text.find("wh", lower, cue_start) >= 0
        appositive = _RELATIVE_APPOSITIVE.search(text, lower, cue_start) if has_wh else None
        if appositive is not None:
            # "A resident, whose name was withheld, wrote": the head before it
            cue_start = appositive.start()
        head_start = max(lower, text.rfind(",", lower, cue_start) + 1)
        phrase = text[head_start:cue_start].strip()
        words = phrase.split()
        if words and words[0] in _OPENING_CONJUNCTIONS:
            phrase = phrase[len(words[0]) :].strip()
            words = words[1:]
        while words and words[-1].lower() in _AUXILIARY | _ADVERBS:
            phrase = phrase[: len(phrase) - len(words[-1])].rstrip()  # "... have said"
            words = words[:-1]
        opener = words[0].lower() if words else ""
        unnamed = lexicon().unnamed
        if not 2 <= len(words) <= 8 or (opener not in _NP_OPENERS and opener not in unnamed):
            return None
        if any(c in phrase for c in "\"\u201c\u201d;:") or self.verbs.pattern.search(phrase):
            return None
        lowered = [w.lower().strip(".,") for w in words]
        if any(w in _AUXILIARY for w in lowered) or lowered[-1] in _NOT_CLAUSE_START:
            return None
        if not (words[-1][:1].isupper() or lowered[-1].endswith("s") or _AGE.search(phrase)
                or len(words) >= 3):
            return None
        begin = text.index(phrase, head_start)
        form = "role" if _AGE.search(phrase) else "unnamed"
        return Mention(phrase, begin, begin + len(phrase), form, phrase)

    def _past_opening(self, sentence_start: int, cue_start: int) -> int:
        """Where a sentence's subject may start: past a dateline and an opening adverbial.

        "WASHINGTON — Sen. Chuck Grassley on Wednesday downplayed ..., saying", "At
        Sunday's debate, Sanders compared himself to Clinton, saying".
        """
        dateline = DATELINE.match(self.text, sentence_start, cue_start)
        start = dateline.end() if dateline is not None else sentence_start
        adverbial = _LEADING_ADVERBIAL.match(self.text, start, cue_start)
        return adverbial.end() if adverbial is not None else start

    def _titled_opening(self, named: Mention) -> bool:
        """Whether a name follows its title, and the title opens the sentence."""
        if not named.role or named.role.split()[-1].lower() not in lexicon().roles:
            return False
        sentence_start = self.sentence_of(named.start)[0]
        return self.text[sentence_start : named.start].strip() == named.role

    def _conjoined_after_adverbial(self, sentence_start: int, cue_start: int) -> bool:
        """A conjunction, then an adverbial: "... and in a carefully worded response said"."""
        text = self.text
        joint = text.rfind(" and ", max(sentence_start, cue_start - 70), cue_start)
        if joint < 0:
            return False
        adverbial = _adverbial_at(text, joint + 4, cue_start)
        return adverbial is not None and not text[adverbial.end() : cue_start].strip()

    def _sentence_subject(self, sentence_start: int, cue_start: int) -> Mention | None:
        """The subject that opens the sentence: "The senator criticised the plan and said ...".

        The phrase from the sentence's first word that parses as a subject, grown word by word
        while it still does ("A senior ministry official", not "A senior ministry"; "Dealers",
        not "Dealers cited some"), within the first ten words and followed by a lower-case
        word (its verb).
        """
        text = self.text
        words = list(_WORD.finditer(text, sentence_start, cue_start))[:10]
        if not words:
            return None
        first = words[0].start()
        found: Mention | None = None
        for word in words:
            subject = mention_before(text, sentence_start, word.end())
            if subject is not None and subject.start <= first + 4 and subject.form != "pronoun":
                found = subject
            elif found is not None and word.group().lower() not in ("of", "for"):
                break  # the verb: "Dealers cited some" is no subject ("Bank of" goes on)
        if found is None:
            return None
        following = _WORD.search(text, found.end, cue_start)
        if following is None or not following.group()[:1].islower():
            return None  # a verb follows the subject
        return found

    def _after_cue(
        self,
        cue_end: int,
        sentence_end: int,
        subject: Mention | None,
        *,
        addressee: bool = False,
        place: bool = False,
    ) -> int | None:
        """Where the text after "X said" goes on, or ``None`` if the cue takes an object.

        Returns the offset after the cue (and inverted subject and adverbials) when only the
        sentence end or a comma follows; used to accept "CONTENT, X said[, CONTENT].". With
        ``addressee``, the one addressed may come first ("..., X told reporters."); with
        ``place``, where it was said may end the sentence ("..., X said in Lyon.").
        """
        position = cue_end if subject is None else max(cue_end, subject.end)
        if addressee:
            told = _ADDRESSEE.match(self.text, position, sentence_end)
            if told is not None and not _MARKS.search(told.group()):
                position = told.end()
        for _ in range(3):
            adverbial = _adverbial_at(self.text, position, sentence_end)
            if adverbial is None or adverbial.end() == position:
                break
            position = adverbial.end()
        rest = self.text[position:sentence_end]
        where = _PLACE_TAIL.match(rest) if place else None
        if where is not None and not _FINITE.search(where.group()):
            # "..., X said at a news conference in Lyon.", "in a statement released Monday"
            position += where.end()
            rest = rest[where.end() :]
        stripped = rest.lstrip()
        if not stripped or stripped[0] in ".,;!?\u2014\u2013-)":
            return position
        if subject is not None and stripped[0] in ",":
            return position
        return None

    def _add_continuation(self, position: int, sentence_end: int, cue: str, cue_start: int,
                          subject: Mention | None, *, main_clause: bool = False) -> None:
        """The part of a quote after its cue: "CONTENT, X says, CONTENT2.".

        With ``main_clause`` (only an opening adverbial came before the cue), any clause that
        opens like one is the content.
        """
        text = self.text
        rest = text[position:sentence_end]
        if not rest.lstrip().startswith(","):
            return
        start = position + rest.index(",") + 1
        while start < sentence_end and text[start] == " ":
            start += 1
        if self.piece_at(start) is not None:
            return
        end = self._content_end(start, sentence_end)
        rest = text[start:end]
        first = _WORD.match(rest)
        if first is not None and first.group().lower() in ("who", "whose", "whom"):
            return  # "..., said Tom Berg, who has run it since 1990.": about the speaker
        if (
            first is not None
            and first.group().endswith("ing")
            and self.verbs.pattern.match(text, start)
            and _THAT.match(text, start + first.end())
        ):
            return  # "..., the company said, adding, that ...": the participle's own content
        clause = _FINITE.search(rest) or (
            first is not None and first.group().lower().split("'")[0] in _CLAUSE_OPENERS)
        if main_clause and not clause:
            clause = (
                _at_least(rest, 3)
                and self._looks_like_clause(start, end)
                # "..., will report to James Welch, vice chairman of ...": an appositive
                and not _opens_with_role(rest)
            )
        if not clause and first is not None and subject is not None and subject.end <= cue_start:
            # "CONTENT, she says, and lost his life over $7 ...": a second predicate of the
            # content; "..., she said, especially those still suffering ...": its elaboration
            word = first.group().lower()
            second = _WORD.search(rest, first.end())
            following = second.group() if second is not None else ""
            clause = (
                word in ("and", "but")
                and following.islower()
                and (following.endswith("ed") or following in _PAST_FORMS)
                # "..., he said, but declined to elaborate": the speaker's own act
                and following not in _SPEAKER_ACTS
                and following not in self.verbs.forms
            ) or (word in _ELABORATING_ADVERBS and _at_least(rest, 3))
        if _at_least(rest, 2) and clause:
            # an appositive after an inverted subject ("said Mark Weiss, executive director of
            # the guild") is not a continuation of the quote
            self._add_reported((start, end), cue, cue_start, subject)

    def _subject_phrase_start(self, subject: Mention, lower: int) -> int:
        """Where the subject's phrase starts, with the role written before the name.

        "..., Apple's chief executive Tim Cook said": the mention starts at the name; its
        role ("chief executive") and the role's owner ("Apple's", "its") come before it.
        """
        text = self.text
        start = subject.start
        if subject.form in ("role", "unnamed") and (
            subject.text.split(" ", 1)[0].lower() not in _NP_OPENERS
        ):
            # "one commercial trader", "a Nikko Securities Co Ltd currency trader": the phrase
            # parser stopped at a modifier; the determiner before it opens the description
            window = last_words_start(text, max(lower, start - 60), start, _DETERMINER_WORDS)
            opening = _DETERMINER_BEFORE.search(text, window, start)
            if opening is None:
                return start
            between = text[opening.start() : start].split()[1:]
            if any(word.lower() in _NOT_MODIFIERS for word in between):
                return start  # "an unseen Scott while police said": another clause
            return opening.start()
        if not subject.role:
            return start
        end = start
        while end > lower and text[end - 1] in " \t":
            end -= 1
        role_start = end - len(subject.role)
        if role_start < lower or text[role_start:end] != subject.role:
            return start  # the role is elsewhere: "Tim Cook, Apple's chief executive, said"
        if role_start > lower and text[role_start - 1].isalnum():
            return start
        window = last_words_start(text, max(lower, role_start - 80), role_start, _OWNER_WORDS)
        owner = _OWNER_BEFORE.search(text, window, role_start)
        return owner.start() if owner is not None else role_start

    def _is_relation_head(self, lower: int, subject_start: int) -> bool:
        """Whether the words before "NAME, said" only name a relation.

        "Her neighbour, Tom Berg, agreed." has no content before its subject ("His decision,
        X said, was ..." has: the caller keeps a quote that goes on after the cue).
        """
        words = self.text[lower:subject_start].strip(" ,").split()
        return 0 < len(words) <= 2 and (
            words[0].lower() in _OWNERS or words[0].endswith(("'s", "\u2019s"))
        )

    def _is_backward_cue(self, subject_start: int, lower: int) -> bool:
        head = self.text[lower:subject_start].rstrip()
        return head.endswith(",") and _at_least(head, 2)

    def _forward_content(
        self, lemma: str, cue_end: int, sentence_end: int
    ) -> tuple[int, int] | None:
        """Span of the reported clause after a cue ("said (that) ...")."""
        text = self.text
        verbs = self.verbs
        if lemma not in verbs.clause and lemma not in verbs.that_only:
            return None
        position = cue_end
        if lemma == "tell":
            after_object = self._after_object(position, sentence_end)
            if after_object is None:
                return None
            if _ABOUT.search(text, cue_end, after_object) or _ABOUT_NEXT.match(text, after_object):
                return None  # "told reporters about the plan": a topic, not what was said
            position = after_object
        for _ in range(3):
            adverbial = _adverbial_at(text, position, sentence_end)
            if adverbial is None or adverbial.end() == position:
                break
            position = adverbial.end()
        that = _that_at(text, position, sentence_end)
        if that is None:
            that = _late_that_at(text, position, sentence_end)
            if that is not None and (
                # (but "said, in response to a question, that ...": the comma ends the noun)
                (_TO_CONTENT_NOUN.match(text, position, that.end()) and "," not in that.group())
                or _LATE_RELATIVE.search(text, position, that.end())
            ):
                return None  # "responded to rumours that ...", "to a questioner who noted that"
        if that is None and lemma in _ADDRESSING and lemma != "tell":
            # "warned lawmakers that ...": whom the cue addressed, then its clause
            after_object = self._after_object(position, sentence_end)
            if after_object is not None:
                that = _that_at(text, after_object, sentence_end)
        if that is not None:
            position = that.end()
            first = _WORD.match(text, position)
            if first is not None and first.group().lower() in _JOINING:
                return None  # "hoped for more than that and will ...": "that" was a pronoun
        elif lemma in verbs.that_only:
            return None
        else:
            aside = _COMMA_ASIDE.match(text, position, sentence_end)
            if aside is not None and not _FINITE.search(aside.group()):
                first = _WORD.match(text, aside.end())
                window = text[aside.end() : min(sentence_end, aside.end() + 60)]
                if (
                    first is not None
                    and first.group().lower().split("'")[0] in _CONTENT_OPENERS
                    and _FINITE.search(window)
                ):
                    position = aside.end()
        while position < sentence_end and text[position] == " ":
            position += 1
        if position >= sentence_end or not _opens_subject(text[position]):
            return None
        if that is None and text[position] in "\"\u201c":
            piece = self.piece_at(position)
            if piece is not None and _is_utterance(text, piece, position):
                return None
        end = self._content_end(position, sentence_end)
        if not _at_least(text[position:end], 3):
            return None
        if (
            text.startswith("as ", position)
            and not _at_least(text[position:end], 7)
            and not _FINITE.search(text, position, end)
        ):
            return None  # "..., Salomon Brothers said as lead manager.": a role, not content
        if that is None and not self._looks_like_clause(position, end):
            return None
        if that is None and lemma in verbs.object:
            first = _WORD.match(text, position)
            opener = first is not None and first.group().lower().split("'")[0] in _CLAUSE_OPENERS
            comma = text.find(",", position, end)
            window = text[position : min(end, position + 80, comma if comma >= 0 else end)]
            quoted = text[position] in "\"\u201c" or (
                # 'adding the potential cuts "worry me"': a noun phrase, then quoted words,
                # after a verb that rarely takes a noun ("posted a rise in "other
                # securities"" is no quote)
                lemma in _MOSTLY_CLAUSE
                and first is not None
                and first.group().lower() in _QUOTED_CLAUSE_OPENERS
                and _MARKS.search(window) is not None
            )
            if not (opener or quoted) and not (first is not None and _has_finite(window)):
                return None
        return position, end

    def _after_object(self, position: int, sentence_end: int) -> int | None:
        """Skip the object of "told" ("told reporters", "told the city council").

        The object is the shortest run of one to five words after which the reported clause
        opens ("that", a pronoun, a determiner or a capitalised word).
        """
        text = self.text
        start = position
        before_that = _OBJECT_THAT.match(text, position, sentence_end)
        if before_that is not None and _is_object(before_that.group(1)):
            return before_that.end(1)  # "told a general assembly of the federation that"
        previous = ""
        for _ in range(8):
            word = _OBJECT_WORD.match(text, position, sentence_end)
            if word is None:
                return None
            position = word.end()
            following = _OBJECT_WORD.match(text, position, sentence_end)
            if following is None:
                return None
            token = following.group(1)
            if word.group(1).lower() == "her" and token.lower() in _CLAUSE_OPENERS:
                return position  # "told her she did not need ...": "her" is the object
            lowered = word.group(1).lower()
            if lowered in ("who", "which", "whom", "whose", "surrounding", "-", "--") or (
                lowered in _TOLD_STORIES
                # "told an audience about the first time ...", not "told Reuters about half"
                or (lowered == "about" and not (token[:1].isdigit() or token.lower() == "half"))
            ) or (
                previous in _CLAUSE_PREPOSITIONS and len(lowered) > 4 and lowered.endswith("ing")
            ):
                # "told sugar operators who have bought its sugar ...", "told workers in a
                # speech before driving the ...", "told an audience about the first time he
                # ...": no clause after the object
                return None
            previous = lowered
            if word.group(1).lower() in _NP_OPENERS or word.group(1).lower() in ("his", "her"):
                continue
            if _late_that_at(text, position, sentence_end) is not None and not _FINITE.search(
                text, start, position
            ):
                return position  # "told customers at a breakfast spot that ..."
            if word.group(1).lower() in _OBJECT_PREPOSITIONS:
                continue  # "told attendees at ...": the object goes on
            if _APOSTROPHE.split(token.lower(), 1)[0] in _CONTENT_OPENERS or (
                token[:1].isupper() and word.group(1)[:1].islower()
            ):
                return position
        return None

    def _infinitive_content(self, cue_end: int, sentence_end: int) -> tuple[int, int] | None:
        """"urged residents to stay home": the "to ..." part of a directive."""
        found = _INFINITIVE.match(self.text, cue_end, sentence_end)
        if found is None:
            return None
        start = found.start(1)
        end = self._content_end(start, sentence_end)
        return (start, end) if _at_least(self.text[start:end], 2) else None

    def _looks_like_clause(self, start: int, end: int) -> bool:
        """Reject "added two goals": a that-less clause must start like a subject."""
        first = _WORD.match(self.text, start)
        if first is None:
            return self.text[start] in "\"\u201c"
        if first.group().lower() == "about" and _NUMBER_NEXT.match(self.text, first.end()):
            return True  # "said about 20 people have ...": a number, not a topic
        return first.group().lower() not in _NOT_CLAUSE_START

    def _content_end(self, start: int, sentence_end: int) -> int:
        text = self.text
        cut = _clause_cut(text, start, sentence_end)
        end = cut.start() if cut is not None else sentence_end
        for joint_start, after in _joints(text, start, end):
            # "..., but Ortiz says ...": another speaker's cue ends this content, and so does
            # the same speaker's ("... and said Manafort was not involved")
            limit = min(end, after + 40)
            if _SAYING_NEXT.match(text, after, limit) is not None:
                end = joint_start
                break
            if _SUBJECT_ONLY.match(text, after, limit) is None:
                continue  # no subject opens the words after the joint: no cue can follow it
            cue = self.verbs.pattern.search(text, after, limit)
            if cue is not None and _SUBJECT_ONLY.fullmatch(text, after, cue.start()):
                end = joint_start
                break
        while end > start and text[end - 1] in " .":
            if text[end - 1] == "." and text[end - 3 : end - 2] == "." and text[end - 2] != " ":
                break  # an abbreviation at the end: "U.S."
            end -= 1
        piece = self.piece_at(end - 1) if end > start else None
        if piece is not None and piece.end > end and piece.closed:
            end = piece.end
        return end

    def _saying_opening(self, start: int) -> re.Match[str] | None:
        """The "said" (or the like) a content opens with, after auxiliaries ("has said")."""
        text = self.text
        word = _WORD.match(text, start)
        while word is not None and word.group().lower() in _AUXILIARY:
            word = _WORD.search(text, word.end())
        return word if word is not None and word.group() in _SAYING_FORMS else None

    def _opens_with_cue(self, start: int, end: int) -> bool:
        cue = self.verbs.pattern.search(self.text, start, min(end, start + 50))
        if cue is None:
            return False
        gap = self.text[start : cue.start()].strip()
        return _SUBJECT_ONLY.fullmatch(gap + " ") is not None

    def _called(
        self, cue: str, cue_start: int, cue_end: int, sentence_end: int, subject: Mention
    ) -> bool:
        """What a subject called someone or something, without quote marks (whether found).

        "They called it [a bandage solution that won't ...]", "calling Trump [a fascist]",
        "called the program [one of the biggest ...]"; after a relative, all that follows:
        "what he calls [the UN's taking away of ...]", "a practice she calls [nonstopping]".
        Not "called for", "called him on Tuesday", "called a press conference", "called it a
        day", nor a passive ("a group called ...": no subject of its own before the cue).
        """
        text = self.text
        before = max(0, subject.start - 12)
        if _at_most_words(text[subject.end : cue_start], 2) and (
            _RELATIVE_NAMING.search(text, before, subject.start)
            or (
                subject.form == "pronoun"
                and not text[subject.end : cue_start].strip()  # "she calls", not "she will call"
                and _NOUN_BEFORE.search(text, before, subject.start)
            )
        ):
            if _CALLED_PARTICLE.match(text, cue_end) or subject.text.lower() in _GENERIC_SOME:
                return False  # "what he called for"; "what some call the loophole": an idiom
            start = cue_end
            while start < sentence_end and text[start] == " ":
                start += 1
            end = self._content_end(start, sentence_end)
            if (
                end > start
                and _WORD.match(text, start)
                and not _adverbial_at(text, cue_end, len(text))
            ):
                self._add_reported((start, end), cue, cue_start, subject)
                return True
            return False
        if _CALLED_IDIOM.match(text, cue_end):
            return False
        called = _CALLED_OBJECT.match(text, cue_end, sentence_end)
        if called is None:
            return False
        start = called.end() + 1
        end = self._content_end(start, sentence_end)
        complement_end = _COMPLEMENT_END.search(text, start, end)
        if complement_end is not None:
            end = complement_end.start()
        if not _at_least(text[start:end], 2):
            return False
        self._add_reported((start, end), cue, cue_start, subject)
        return True

    def _add_reported(self, span: tuple[int, int], cue: str, cue_start: int,
                      subject: Mention | None) -> None:
        start, end = span
        kind = PARTIAL if _has_mark(self.text, start, end) else INDIRECT
        self.used_cues.add(cue_start)
        self.candidates.append(
            _Candidate(start, end, kind, cue, cue_start, subject, self.paragraph_of(start))
        )

    def _add_backward(self, lower: int, comma_end: int, cue: str, cue_start: int,
                      subject: Mention | None) -> None:
        text = self.text
        end = comma_end
        while end > lower and text[end - 1] in " ,\u2014\u2013-":
            end -= 1
        start = lower
        while start < end and text[start] in " ,":
            start += 1
        if not _at_least(text[start:end], 2):
            return
        self._add_reported((start, end), cue, cue_start, subject)

    def _according(self, match: re.Match[str]) -> None:
        text = self.text
        if self.is_link_line(match.start()):
            return
        sentence_start, sentence_end = self.sentence_of(match.start())
        sentence_start = max(sentence_start, match.start() - _LOOK_BACK)
        sentence_end = min(sentence_end, match.end() + _LOOK_AHEAD)
        source_end = text.find(",", match.end(), sentence_end)
        phrase_end = source_end if source_end >= 0 else sentence_end
        subject = mention_after(text, match.end(), phrase_end)
        if subject is None:
            phrase = _RELATIVE.split(text[match.end() : phrase_end], maxsplit=1)[0]
            phrase = phrase.strip().rstrip(".")
            if not phrase:
                return
            start = match.end()
            subject = Mention(phrase, start, start + len(phrase), "unnamed", phrase)
        cue = match.group().strip()
        lower = self._clause_start(sentence_start, match.start())
        head = text[lower : match.start()]
        parenthetical = source_end >= 0 and head.rstrip().endswith(",") and bool(head.strip(" ,"))
        short = not _at_least(head, 3) and not (parenthetical and head.strip()[:1].isupper())
        if short or head.strip() in ("But", "And", "Yet", "So"):
            if source_end >= 0 and self._opens_with_cue(source_end + 1, sentence_end):
                return  # "According to X, Major said ...": the cue has its own quote
            after_quote = text[max(0, match.start() - 3) : match.start()].rstrip()
            quoted_before = after_quote.endswith((",\"", ",\u201d", "\u201d,", "\","))
            if source_end >= 0:
                end = self._content_end(source_end + 1, sentence_end)
                start = source_end + 1
                while start < end and text[start] == " ":
                    start += 1
                if quoted_before and (
                    text[start : start + 4].lower().startswith(("a ", "an ", "the "))
                ):
                    # '"...," according to Dr. Keith Ahamad, a family doctor at ...': the
                    # words after the source describe it; the quote before is what was said
                    self._attribute_quote_before(match.start(), subject, cue)
                    return
                if _at_least(text[start:end], 3):
                    self._add_reported((start, end), cue, match.start(), subject)
            elif quoted_before:  # '"...," according to X.'
                self._attribute_quote_before(match.start(), subject, cue)
            return
        self._add_backward(lower, match.start(), cue, match.start(), subject)
        if source_end >= 0 and self._opens_with_cue(source_end + 1, sentence_end):
            return
        if source_end >= 0 and _at_least(text[source_end:sentence_end], 3):
            end = self._content_end(source_end + 1, sentence_end)
            self._add_reported((source_end + 2, end), cue, match.start(), subject)

    def _attribute_quote_before(self, cue_start: int, subject: Mention, cue: str) -> None:
        """Give the quote that ends just before ``cue_start`` (and has no speaker) its source."""
        for candidate in self.candidates:
            if 0 <= cue_start - candidate.end <= 3 and candidate.subject is None:
                candidate.subject, candidate.cue = subject, cue
                candidate.cue_start, candidate.inherit = cue_start, False

    # speakers --------------------------------------------------------------------------

    def resolve(self) -> list[_Found]:
        """Resolve the speakers in the order of the cues, then fill in cue-less quotes."""
        candidates = sorted(self._deduplicated(), key=lambda c: (c.start, c.end))
        if not candidates:
            return []  # nothing to resolve (speakers without a quote only serve later quotes)
        resolver = SpeakerResolver(self.text, self.sentence_starts)
        pieces = [(p.start, p.end) for p in self.pieces]
        resolver.exclude(lambda: pieces + _credit_spans(self.text))
        speakers: dict[int, tuple[str, str]] = {}
        in_cue_order = sorted(
            range(len(candidates)),
            key=lambda i: (candidates[i].cue_start if candidates[i].cue_start >= 0
                           else candidates[i].start, candidates[i].start),
        )
        silent = sorted(self.speakers_without_quote, key=lambda item: item[0])
        for index in in_cue_order:
            candidate = candidates[index]
            offset = candidate.cue_start if candidate.cue_start >= 0 else candidate.start
            while silent and silent[0][0] < offset:
                resolver.resolve(silent[0][1], silent[0][0])
                silent.pop(0)
            if candidate.inherit:
                label = _TRANSCRIPT_LABEL.match(self.text, candidate.start)
                labelled = resolver.labelled_speaker(label.group(1), candidate.start) if (
                    label is not None) else None
                if labelled is not None:
                    speakers[index] = labelled  # '"WALLACE: Let's start ...' in a transcript
                    continue
                since = candidates[index - 1].end if index > 0 else 0
                speakers[index] = resolver.sentence_subject(candidate.start, since) or (
                    "", UNKNOWN)
                continue
            offset = candidate.cue_start if candidate.cue_start >= 0 else candidate.start
            before = (candidate.start, candidate.end) if candidate.end <= offset else None
            speakers[index] = resolver.resolve(candidate.subject, offset, before)
        quotes = [
            _Found(
                c.start,
                c.end,
                c.kind,
                c.cue,
                c.cue_start,
                speakers[i][0],
                speakers[i][1],
                c.subject.text if c.subject is not None else "",
            )
            for i, c in enumerate(candidates)
        ]
        _inherit_speakers(quotes, [c.paragraph for c in candidates])
        return quotes

    def _is_caption(self, paragraph: int) -> bool:
        """Whether a paragraph is a photo caption, which ends with its credit.

        A caption restates the story ("Veterans Affairs Minister Seamus O'Regan said ...
        (Adrian Wyld/Canadian Press)"): its quote would count the speaker twice.
        """
        if paragraph >= len(self.paragraphs):
            return False
        start, end = self.paragraphs[paragraph]
        if self.text[end - 1] != ")" or "/" not in self.text[max(start, end - 150) : end]:
            return False
        return _CAPTION_CREDIT.search(self.text, max(start, end - 150), end) is not None

    def _deduplicated(self) -> list[_Candidate]:
        """Drop quotes contained in a longer quote (the reported clause wins over its parts).

        Quotes in photo captions are dropped too (see :meth:`_is_caption`).
        """
        captions = {p for p in {c.paragraph for c in self.candidates} if self._is_caption(p)}
        candidates = [c for c in self.candidates if c.paragraph not in captions]
        ordered = sorted(candidates, key=lambda c: (c.start, -c.end))
        kept: list[_Candidate] = []
        for candidate in ordered:
            if kept and candidate.start < kept[-1].end:
                last = kept[-1]
                overlap = min(last.end, candidate.end) - candidate.start
                if overlap >= 0.5 * (candidate.end - candidate.start):
                    if last.subject is None and candidate.subject is not None:
                        last.subject, last.cue, last.cue_start = (
                            candidate.subject, candidate.cue, candidate.cue_start)
                        last.inherit = False
                    continue
                candidate.start = last.end
            kept.append(candidate)
        return kept


def _credit_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the photo credits and asides of ``text`` (the matches of ``_CREDIT``).

    A credit needs a "/" and an aside a "(": a text without them is not scanned (most wire
    copy), and one without "/" is scanned for asides only, which finds the same spans faster.
    """
    if "/" in text:
        pattern = _CREDIT
    elif "(" in text:
        pattern = _ASIDE
    else:
        return []
    return [match.span() for match in pattern.finditer(text)]


def _inherit_speakers(quotes: list[_Found], paragraphs: list[int]) -> None:
    """Give cue-less quotes the speaker of the nearest quote in the paragraph, else the last one.

    Each search looks at a few quotes either side only, so that a text of thousands of
    speakerless quotes stays linear. The quotes are changed in place: those given a speaker
    have no cue, and the quotes read after them (``quotes[other]``, ahead) are read for their
    cue's speaker, so they read as they were found.
    """
    result = quotes
    for index, quote in enumerate(result):
        if quote.cue_start >= 0 or quote.speaker:
            continue
        speaker = None
        for other in range(index - 1, max(-1, index - 1 - _NEIGHBOURS), -1):
            if paragraphs[other] != paragraphs[index]:
                break
            if result[other].speaker:
                speaker = result[other]
                break
        if speaker is None:
            for other in range(index + 1, min(len(result), index + 1 + _NEIGHBOURS)):
                if paragraphs[other] != paragraphs[index]:
                    break
                if quotes[other].speaker and quotes[other].cue_start >= 0:
                    speaker = quotes[other]
                    break
        if speaker is None:
            for other in range(index - 1, max(-1, index - 1 - _NEIGHBOURS), -1):
                if result[other].speaker:
                    if paragraphs[index] - paragraphs[other] <= 3:
                        speaker = result[other]
                    break
        if speaker is None:
            # a quote that opens the story or a new voice: its cue may come next paragraph
            for other in range(index + 1, min(len(result), index + 1 + _NEIGHBOURS)):
                if paragraphs[other] - paragraphs[index] > 1:
                    break
                if quotes[other].speaker and quotes[other].cue_start >= 0:
                    speaker = quotes[other]
                    break
        if speaker is not None:
            quote.speaker, quote.speaker_kind = speaker.speaker, speaker.speaker_kind


def _normalise_marks(text: str) -> str:
    """Read two apostrophes (''), two backticks (``) or two curly single marks as a double mark.

    Some archives (the New York Times, Penn Treebank style) write quotes that way. The
    replacement keeps every offset: each pair becomes a space and a straight double quote.
    """
    if not ("''" in text or "``" in text or "\u2019\u2019" in text or "\u2018\u2018" in text):
        return text  # the pairs of _DOUBLED_MARKS, tested without a generator
    for pair, mark in _DOUBLED_MARKS.items():
        text = text.replace(pair, " " + mark)
    return text


def extract_quotes(
    text: str,
    *,
    doc: Document | None = None,
    kinds: tuple[str, ...] = KINDS,
    min_words: int = 1,
) -> list[Quote]:
    """Return the quotes of one article, with resolved speakers, in text order.

    Args:
        text: The article text.
        doc: Its segmentation, if already computed (else :func:`analysis.segment.segment`).
        kinds: Kinds to keep (``direct``, ``partial``, ``indirect``).
        min_words: Drop quotes with fewer words.

    Returns:
        The quotes sorted by ``(start, end)``.
    """
    document = doc if doc is not None else segment(text)
    return [
        Quote(q.start, q.end, q.kind, q.cue, q.cue_start, q.speaker, q.speaker_kind, q.mention)
        for q in _found_quotes(text, document, kinds, min_words)
    ]


def _found_quotes(
    text: str, doc: Document, kinds: tuple[str, ...], min_words: int
) -> list[_Found]:
    """:func:`extract_quotes` as :class:`_Found` quotes (what the extractor reads)."""
    extraction = _Extraction(_normalise_marks(text), doc)
    extraction.direct_quotes()
    extraction.reported_speech()
    extraction.signed_paragraphs()
    quotes = extraction.resolve()
    # counting stops at ``min_words``: the same test as count_words(...) >= min_words, as
    # both count the same words
    return [
        q
        for q in quotes
        if q.kind in kinds and (min_words <= 0 or _at_least(text[q.start : q.end], min_words))
    ]


# --- the extractor -----------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleQuotes:
    """The per-article result of :data:`QUOTES`: the quote rows of one article."""

    article_id: str
    rows: tuple[tuple[Any, ...], ...]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by fields: a cache entry of one build (compiled, pure) loads in the other."""
        return (ArticleQuotes, (self.article_id, self.rows))


def _kinds_option(value: Any) -> tuple[str, ...]:
    """Read ``quotes_kinds`` given as a list or as a comma-separated string.

    Raises:
        ParameterError: When a kind is not one of ``direct``, ``partial``, ``indirect``.
    """
    kinds = tuple(k.strip() for k in value.split(",")) if isinstance(value, str) else tuple(value)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ParameterError(
            f"quotes_kinds: unknown kind(s) {', '.join(unknown)}; use {', '.join(KINDS)}"
        )
    return kinds


class QuotesExtractor:
    """Quotes and speaker share as an :class:`analysis.model.Extractor`."""

    name = "quotes"
    version = "2"

    def extract(self, article: Article, doc: Document, options: Mapping[str, Any]) -> ArticleQuotes:
        """Return the quote rows of one article (speakers resolved within the article)."""
        kinds = _kinds_option(options.get("quotes_kinds", KINDS))
        min_words = int(options.get("quotes_min_words", 1))
        text = article.text
        rows = []
        for number, quote in enumerate(_found_quotes(text, doc, kinds, min_words)):
            span = text[quote.start : quote.end]
            rows.append(
                (
                    article.article_id,
                    f"{article.article_id}:{number}",
                    quote.kind,
                    quote.speaker,
                    quote.speaker_kind,
                    quote.cue,
                    quote.start,
                    quote.end,
                    span,
                    count_words(span),
                )
            )
        return ArticleQuotes(article.article_id, tuple(rows))

    def start(self, options: Mapping[str, Any]) -> QuotesAccumulator:
        """Return an empty accumulator (rows spooled to the run's spool folder, if any)."""
        spool = options.get(SPOOL_OPTION)
        return QuotesAccumulator(
            RowRuns("quotes", _quote_order, spool), SpeakerTally.empty(spool)
        )

    def add(
        self, acc: QuotesAccumulator, article: Article, result: ArticleQuotes
    ) -> QuotesAccumulator:
        """Add one article's quotes."""
        for row in result.rows:
            acc.rows.append(row)
        acc.speakers.add_article(
            result.article_id, ((row[3], row[4], row[9]) for row in result.rows)
        )
        return acc

    def merge(self, acc: QuotesAccumulator, other: QuotesAccumulator) -> QuotesAccumulator:
        """Merge two accumulators (article ids are unique, so order does not matter)."""
        acc.rows.merge(other.rows)
        acc.speakers.merge(other.speakers)
        return acc

    def finish(self, acc: QuotesAccumulator, options: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
        """Return the ``quotes`` and ``speaker_share`` tables."""
        totals = acc.speakers.totals()
        return {
            "quotes": quote_frame(list(acc.rows.sorted_rows())),
            "speaker_share": share_frame(list(acc.speakers.rows()), totals),
        }

    def finish_to(
        self, acc: QuotesAccumulator, options: Mapping[str, Any], folder: Path
    ) -> dict[str, RowTable]:
        """Write the ``quotes`` and ``speaker_share`` tables as sorted row files in ``folder``."""
        build_share = partial(share_frame, totals=acc.speakers.totals())
        target = folder / "speaker_share.rows"
        count = write_rows(target, acc.speakers.rows())
        return {
            "quotes": finish_rows(
                acc.rows, folder, quote_frame, plain=_QUOTE_PLAIN,
                render=bool(options.get(RENDER_OPTION)),
            ),  # fmt: skip
            "speaker_share": RowTable(target, build_share, count),
        }


@dataclass
class QuotesAccumulator:
    """Quote rows (spooled to disk in a run) and the speaker-share counts."""

    rows: RowRuns
    speakers: SpeakerTally


def _quote_order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # (article_id, start, end); a stable sort keeps an article's order for equal spans
    return (row[0], row[6], row[7])


def quote_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Return quote rows (already in table order) as the ``quotes`` frame."""
    quotes = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    quotes = quotes.astype({"start": "int64", "end": "int64", "n_words": "int64"})
    return quotes.reset_index(drop=True)


QUOTES: Final = QuotesExtractor()
