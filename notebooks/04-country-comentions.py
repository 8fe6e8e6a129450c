# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Countries and how they occur together
#
# Every mention of a country (names, abbreviations such as "U.S.", adjectives such as
# "Russian"; capitals and seats of government such as "the Kremlin" only when `metonyms` is
# on) is mapped to its ISO 3166-1 code. Two countries co-occur when both are named in the same
# unit: a sentence, a paragraph, an article, or a window of a few sentences.

# %% tags=["parameters"]
corpus: str = ""  # corpus path; empty: the bundled demo corpus
tables_dir: str = ""  # folder of precomputed tables; empty: extract now (cached)
unit: str = "sentence"  # co-mention unit: sentence, paragraph, article or window
window: int = 3  # sentences per window when unit is "window"
measure: str = "npmi"  # count, jaccard, dice, cosine, pmi, npmi or log_likelihood
min_count: int = 0  # pairs co-mentioned in fewer units are left out; 0: by corpus size
top_k: int = 25  # how many countries (by mentions) in the matrix, and pairs in the network
metonyms: bool = False  # count capitals and seats of government ("the Kremlin") as countries
period: str = "auto"  # change over time per year, month, or auto (month if under 3 years)

# %%
from IPython.display import Markdown, display

from analysis.comentions import (
    auto_min_count,
    auto_period,
    comention_matrix,
    mentions_per_country,
    pairs_by_period,
    top_pairs,
    unit_name,
)
from analysis.countries import country_names
from analysis.pipeline import load_tables
from analysis.plots import countries as plots

tables = load_tables(
    corpus,
    tables_dir=tables_dir,
    analyses=("countries",),
    options={"metonyms": metonyms, "window": window},
)
mentions = tables["country_mentions"]
comentions = tables["comentions"]
articles = tables["articles"]
names = country_names()
unit_label = unit_name(unit, window)
min_count = min_count or auto_min_count(comentions, unit=unit_label)

# %% [markdown]
# ## Mentions per country
#
# How often each country is named in the corpus (mentions inside names such as "Bank of
# America" are not counted), with the number of articles that name it.

# %%
per_country = mentions_per_country(mentions, top_k=top_k)
display(plots.mentions_bar(per_country, names=names))
display(per_country.assign(name=per_country["country"].map(names)).head(top_k))

# %% [markdown]
# ## Which countries occur together
#
# The co-mention matrix of the most mentioned countries for the chosen unit and measure;
# rows and columns are ordered by clustering, so countries that are named together sit side
# by side. Empty cells are pairs below `min_count`.

# %%
display(Markdown(f"Pairs co-mentioned in fewer than {min_count} units are left out "
                 "(`min_count`)."))
matrix = comention_matrix(
    comentions, unit=unit_label, measure=measure, min_count=min_count, top_k=top_k
)
display(plots.comention_heatmap(matrix, measure=measure, unit=unit_label, names=names))

# %% [markdown]
# ## The strongest pairs
#
# The pairs with the highest value of the measure, drawn as a network (edge width: the
# measure; node size: units naming the country) and listed with all measures. `count` is the
# number of units naming both countries, `count_a` and `count_b` those naming each.

# %%
strongest = top_pairs(comentions, unit=unit_label, measure=measure, min_count=min_count, n=top_k)
display(plots.comention_network(strongest, measure=measure, names=names))
if len(strongest):
    # the unit and the number of units are the same on every row: said once, here
    units = int(strongest["n_units"].iloc[0])
    display(Markdown(f"Unit: {unit_label}; {units:,} units in the corpus."))
display(strongest.drop(columns=["unit", "n_units"]).head(top_k))

# %% [markdown]
# ## Change over time
#
# For the five strongest pairs: the share of dated articles naming any country that name
# both countries of the pair, per period (year or month).

# %%
dates = dict(zip(articles["article_id"].astype(str), articles["date"]))
leading = list(zip(strongest["country_a"].head(5), strongest["country_b"].head(5)))
chosen_period = auto_period(articles["date"]) if period == "auto" else period
by_period = pairs_by_period(mentions, dates, pairs=leading, period=chosen_period)
display(plots.pairs_over_time(by_period, names=names))
if len(by_period):
    display(by_period)
