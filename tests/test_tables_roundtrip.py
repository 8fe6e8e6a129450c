"""Tables written as CSV and read back (as notebooks do) feed the chapter functions."""

from pathlib import Path

import pandas as pd
import pytest

from analysis import speakers
from analysis.pipeline import read_tables, write_tables


def test_quotes_without_speaker_survive_the_csv_round_trip(tmp_path: Path) -> None:
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "quote_id": ["a:0", "a:1", "b:0"],
            "kind": ["direct", "indirect", "direct"],
            "speaker": ["Ana Lopez", "", "Ana Lopez"],
            "speaker_kind": ["person", "unknown", "person"],
            "cue": ["said", "", "said"],
            "start": [0, 10, 0],
            "end": [5, 20, 5],
            "text": ['"Hi"', "it rains", '"Yo"'],
            "n_words": [1, 2, 1],
        }
    )
    write_tables({"quotes": quotes}, tmp_path)
    back = read_tables(tmp_path)["quotes"]
    assert back["speaker"].isna().any()  # what pandas gives back for ""
    chosen = speakers.select_quotes(back)
    share = speakers.speaker_share(chosen)
    assert share.iloc[0]["speaker"] == "Ana Lopez" and share.iloc[0]["quotes"] == 2
    assert set(share["speaker"]) == {"Ana Lopez", ""}


def test_articles_table_has_the_grouping_fields_every_chapter_uses(tmp_path: Path) -> None:
    import pytest

    from analysis.errors import ParameterError
    from analysis.pipeline import extract

    corpus = tmp_path / "c"
    for folder in ("sport", "tech"):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "a.txt").write_text(
            f'Nordic Wire\nMarch 3 2024\n\n"We won," coach Ana Lopez said about {folder}.\n',
            encoding="utf-8",
        )
    tables = extract(corpus, engine="serial", use_cache=False).tables
    articles = tables["articles"]
    assert list(articles["folder"]) == ["sport", "tech"]
    assert list(articles["month"]) == ["2024-03", "2024-03"] and list(articles["year"]) == [
        "2024",
        "2024",
    ]
    quotes = speakers.select_quotes(tables["quotes"])
    by_folder = speakers.share_by_group(quotes, articles, group_by="folder")
    assert len(by_folder) == 2
    with pytest.raises(ParameterError, match="'nope' is not an article field"):
        speakers.share_by_group(quotes, articles, group_by="nope")


def test_share_by_group_keeps_the_groups_with_most_quotes() -> None:
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "b", "c", "c"],
            "speaker": ["Ana Lopez", "Ana Lopez", "Tom Berg", "Tom Berg", "Ana Lopez", "Li Wei"],
            "speaker_kind": ["person"] * 6,
            "n_words": [3, 4, 5, 6, 7, 8],
        }
    )
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "topic": ["grain", "oil", "gold"]})
    every = speakers.share_by_group(quotes, articles, group_by="topic", top_n=2)
    assert list(every.index) == ["gold", "grain", "oil"] and "groups_total" not in every.attrs
    kept = speakers.share_by_group(quotes, articles, group_by="topic", top_n=2, max_groups=2)
    assert list(kept.index) == ["gold", "grain"]  # 3 and 2 quotes; "oil" has one
    assert kept.attrs["groups_total"] == 3
    assert kept.loc["grain", "Ana Lopez"] == pytest.approx(2 / 3)
    assert kept.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])


def test_share_by_group_counts_quotes_of_no_known_speaker_as_other() -> None:
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "b"],
            "speaker": ["", "", "Tom Berg", ""],
            "speaker_kind": ["unknown", "unknown", "person", "unknown"],
            "n_words": [3, 4, 5, 6],
        }
    )
    articles = pd.DataFrame({"article_id": ["a", "b"], "topic": ["grain", "oil"]})
    shares = speakers.share_by_group(quotes, articles, group_by="topic", top_n=2)
    assert list(shares.columns) == ["Tom Berg", "other"]  # no speaker named ""
    assert shares.loc["grain", "other"] == pytest.approx(2 / 3)


def test_top_speaker_quotes_name_speakers_and_cut_long_texts() -> None:
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "quote_id": ["a:0", "a:1", "b:0"],
            "kind": ["direct", "indirect", "indirect"],
            "speaker": ["", "Tom Berg", "Tom Berg"],
            "speaker_kind": ["unknown", "person", "person"],
            "text": ["nobody's words", "the harvest was late this year in the north", "yes"],
            "n_words": [2, 9, 1],
        }
    )
    share = speakers.speaker_share(quotes)
    table = speakers.top_speaker_quotes(quotes, share, top_n=5, per_speaker=1, max_chars=20)
    assert list(table["speaker"]) == ["Tom Berg"]  # no row for quotes of no known speaker
    assert list(table["text"]) == ["the harvest was late\u2026"]


def test_top_speaker_quotes_prefer_quotes_of_up_to_sixty_words() -> None:
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "a"],
            "quote_id": ["a:0", "a:1", "a:2"],
            "kind": ["indirect"] * 3,
            "speaker": ["Tom Berg"] * 3,
            "speaker_kind": ["person"] * 3,
            "text": ["a run-on span", "a clean quote", "a short one"],
            "n_words": [140, 40, 5],
        }
    )
    share = speakers.speaker_share(quotes)
    table = speakers.top_speaker_quotes(quotes, share, top_n=1, per_speaker=2)
    assert list(table["text"]) == ["a clean quote", "a short one"]
