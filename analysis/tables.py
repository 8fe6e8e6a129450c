"""Small summary tables for the report chapters (DataFrame in, DataFrame out)."""

from __future__ import annotations

import pandas as pd


def corpus_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """Return a two-column table of the corpus's size, period and sources."""
    dates = articles["date"].dropna()
    rows = [
        ("articles", f"{len(articles):,}"),
        ("words", f"{int(articles['n_words'].sum()):,}"),
        (
            "median words per article",
            f"{articles['n_words'].median():,.0f}" if len(articles) else "0",
        ),
        ("paragraphs", f"{int(articles['n_paragraphs'].sum()):,}"),
        ("sentences", f"{int(articles['n_sentences'].sum()):,}"),
        ("first date", str(dates.min()) if len(dates) else "-"),
        ("last date", str(dates.max()) if len(dates) else "-"),
        ("articles without a date", f"{int(articles['date'].isna().sum()):,}"),
        ("sources", f"{articles['source'].dropna().nunique():,}"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def source_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """Return one row per source: articles, share, words, first and last date."""
    frame = articles.assign(source=articles["source"].fillna("(no source)"))
    grouped = frame.groupby("source", sort=False)
    table = pd.DataFrame(
        {
            "articles": grouped.size(),
            "words": grouped["n_words"].sum(),
            "first_date": grouped["date"].min(),
            "last_date": grouped["date"].max(),
        }
    )
    table["share"] = (table["articles"] / max(len(frame), 1)).map("{:.1%}".format)
    table = table.reset_index().sort_values(["articles", "source"], ascending=[False, True])
    columns = ["source", "articles", "share", "words", "first_date", "last_date"]
    return table[columns].fillna("").reset_index(drop=True)
