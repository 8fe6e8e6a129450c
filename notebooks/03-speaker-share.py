# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Speaker share
#
# Who gets to speak in the news: every quote in every article (direct, partial and reported
# speech), attributed to a canonical speaker, and each speaker's share of all quotes. Quotes and
# speakers are found by rules (see the README for their measured accuracy against human
# annotation); treat single attributions with care and shares as estimates.

# %% tags=["parameters"]
corpus: str = ""  # corpus path; empty: the bundled demo corpus
tables_dir: str = ""  # folder of precomputed tables; empty: extract now (cached)
top_n: int = 15  # how many speakers to show
kinds: list[str] = ["direct", "partial", "indirect"]  # which quote kinds count
persons_only: bool = False  # count only quotes of named people (no organisations or unnamed)
group_by: str = "source"  # articles column to compare groups by (e.g. source)
time_unit: str = "M"  # bin of the timeline: W (week), M (month) or Y (year)
quotes_per_speaker: int = 2  # example quotes per top speaker in the table

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis import speakers as tables
from analysis.model import UNKNOWN_GROUP
from analysis.pipeline import load_tables
from analysis.plots import speakers as plots

data = load_tables(corpus, tables_dir=tables_dir, analyses=("quotes",))
articles = data["articles"]
quotes = tables.select_quotes(data["quotes"], kinds=kinds, persons_only=persons_only)
share = tables.speaker_share(quotes)

# %% [markdown]
# ## Top speakers
#
# The speakers quoted most often, as a share of all counted quotes. Organisations and unnamed
# sources ("officials") are marked in brackets.

# %%
ranked, unknown_quotes, unknown_share = tables.split_unknown(share)
display(plots.top_speakers(ranked, top_n=top_n))
display(ranked.head(top_n))
if unknown_quotes:
    display(Markdown(
        f"{unknown_quotes:,} quotes ({unknown_share:.1%}) have no speaker that the rules could "
        "find: they are left out of this ranking, and counted in every share."
    ))

# %% [markdown]
# ## Share by speaker kind
#
# How much of the quoting goes to named people, to organisations and to unnamed sources, by
# number of quotes and by quoted words.

# %%
by_kind = tables.share_by_kind(quotes)
display(plots.share_by_kind(by_kind))
display(by_kind)

# %% [markdown]
# ## Share by group
#
# Within each group of articles (by default each source), the part of its quotes that goes to
# the corpus's top speakers; grey is everyone else.

# %%
by_group = tables.share_by_group(
    quotes, articles, group_by=group_by, top_n=min(top_n, 6), max_groups=20
)
groups_total = by_group.attrs.get("groups_total", len(by_group))
if list(by_group.index) == [UNKNOWN_GROUP]:
    display(Markdown(f"No article has a value for `{group_by}`, so there is one group only: "
                     "set the `group_by` parameter to another article field to compare groups."))
else:
    if groups_total > len(by_group):
        display(Markdown(f"{groups_total:,} groups of {group_by}: the {len(by_group)} with "
                         "most quotes are shown."))
    display(plots.share_by_group(by_group, title=f"Top speakers' share by {group_by}"))

# %% [markdown]
# ## Over time
#
# The top speakers' share of the quotes in each period (articles without a date are left out).

# %%
over_time = tables.share_by_group(quotes, articles, group_by="date", top_n=min(top_n, 6),
                                  freq=time_unit)
if over_time.drop(columns=["other"], errors="ignore").empty:
    display(Markdown("No quote comes from a dated article, so there is nothing to show over "
                     "time."))
else:
    display(plots.share_over_time(over_time))

# %% [markdown]
# ## Concentration
#
# How much of all quoting the most-quoted speakers take: the cumulative share of quotes as more
# speakers are added, and the share of the top 10.

# %%
display(plots.concentration_curve(share, top=10))
display(tables.concentration_table(share, top=10))

# %% [markdown]
# ## What the top speakers said
#
# The longest quotes of each top speaker (of up to 60 words, when it has such quotes: longer
# spans are more often misread), with the article they come from.

# %%
examples = tables.top_speaker_quotes(
    quotes, share, top_n=top_n, per_speaker=quotes_per_speaker, max_chars=300
)
with pd.option_context("display.max_colwidth", None):
    display(examples)
