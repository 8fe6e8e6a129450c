"""Tables written as CSV and read back (as notebooks do) feed the chapter functions."""

from pathlib import Path

import pandas as pd

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
