# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Corpus overview
#
# What the corpus holds: how many articles, from which sources, over what period, and how long
# they are. Every later chapter counts within these articles.

# %% tags=["parameters"]
corpus: str = ""  # corpus path; empty: the bundled demo corpus
tables_dir: str = ""  # folder of precomputed tables; empty: extract now (cached)
time_unit: str = "M"  # bin of the timeline: W (week), M (month) or Y (year)
top_sources: int = 15  # how many sources to show

# %%
from IPython.display import display

from analysis.pipeline import load_tables
from analysis.plots import corpus as plots
from analysis.tables import corpus_summary, source_summary

tables = load_tables(corpus, tables_dir=tables_dir, analyses=())
articles = tables["articles"]

# %% [markdown]
# ## At a glance

# %%
display(corpus_summary(articles))

# %% [markdown]
# ## Articles over time
#
# Number of articles per period, by publication date (articles without a date are left out).

# %%
display(plots.articles_over_time(articles, freq=time_unit))

# %% [markdown]
# ## Sources
#
# The largest sources by number of articles, with their share of the corpus and their dates.

# %%
display(plots.articles_by_source(articles, top_n=top_sources))
if articles["source"].notna().any():  # else the figure says that no article names one
    display(source_summary(articles).head(top_sources))

# %% [markdown]
# ## Article length
#
# Distribution of article length in words; very short items are often briefs or captions.

# %%
display(plots.length_distribution(articles))
