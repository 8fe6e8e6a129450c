# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Word frequencies
#
# Which words the corpus uses most, how chosen words rise and fall over time, which words set
# one group of articles apart from the others, and which words go together. Counts leave out
# stopwords, numbers and punctuation; "Russia's" counts as "russia" and "U.S." as "US".

# %% tags=["parameters"]
corpus: str = ""  # corpus path; empty: the bundled demo corpus
tables_dir: str = ""  # folder of precomputed tables; empty: extract now (cached)
top_n: int = 25  # number of terms in the charts and tables
ngram: int = 2  # longest word sequence counted: 1 (words only), 2 (pairs) or 3 (triples)
group_by: str = "source"  # article field whose groups are compared: source, year, folder, or a metadata key
group: str = ""  # group whose distinctive words are shown; empty: the largest group with a value
terms: list[str] = []  # words followed over time; empty: the 5 most frequent
extra_stopwords: list[str] = []  # words removed in addition to the built-in stopword list
stem: str = "none"  # none, porter or snowball (stems of words are counted)

# %%
from IPython.display import Markdown, display

from analysis.frequencies import choose_terms, compare_group, glance_table, term_trends
from analysis.pipeline import load_tables
from analysis.plots import words as plots

options = {
    "group_by": [group_by],
    "ngram": ngram,
    "extra_stopwords": extra_stopwords,
    "stem": stem,
}
tables = load_tables(corpus, tables_dir=tables_dir, analyses=("words",), options=options)
frequencies = tables["word_frequencies"]
by_group = tables["word_frequencies_by_group"]
totals = tables["word_group_totals"]

# %% [markdown]
# ## At a glance
#
# Articles, running words (all words, stopwords included) and counted terms, for the corpus
# and for each group that is compared below.

# %%
glance, glance_note = glance_table(totals, group_by)
if glance_note:
    display(Markdown(glance_note))
display(glance)

# %% [markdown]
# ## Most frequent terms
#
# Occurrences per 10,000 running words; the label gives the number of articles that use the
# term, which tells a word spread over the corpus from one repeated in a few articles.

# %%
display(plots.top_terms(frequencies, top_n=top_n))
display(frequencies.head(top_n).round(2))

# %% [markdown]
# ## Terms over time
#
# Monthly rate of the chosen terms per 10,000 running words (articles without a date are
# left out of this chart).

# %%
followed = choose_terms(frequencies, terms, options=options)
trends = term_trends(by_group, followed, group_by="month", options=options)
dated = trends[trends["group"] != "(unknown)"]
if dated.empty:
    display(Markdown("No article of this corpus has a date, so there is nothing to show over "
                     "time."))
else:
    display(plots.terms_over_time(dated))

# %% [markdown]
# ## Distinctive words
#
# Words used more by one group than by the others, by the weighted log-odds ratio with an
# informative Dirichlet prior (Monroe, Colaresi & Quinn 2008): the z-score is high when a
# word is both frequent and lopsided. Dotted lines mark |z| = 1.96.

# %%
comparison = compare_group(by_group, totals, group_by=group_by, group=group)
display(Markdown(comparison.note))
if len(comparison.distinctive):
    display(
        plots.fightin_words(comparison.distinctive, group=comparison.group, other=comparison.other)
    )
    display(Markdown(
        "The most distinctive words of the group, and of the rest (bottom of the table), with "
        "the log-likelihood (G2) keyness as a second opinion: |G2| above 10.83 means p < 0.001."
    ))
    display(comparison.distinctive.head(top_n // 2).round(3))
    display(comparison.distinctive.tail(top_n // 2).iloc[::-1].round(3))
    keyness = comparison.keyness.head(top_n // 2)
    # p-values of strong keyness are far below 0.001: shown as written (1e-247), not 0.0
    display(keyness.round({column: 3 for column in keyness.columns if column != "p_value"}))

# %% [markdown]
# ## Collocations
#
# Word pairs that occur together more often than their frequencies predict: pointwise mutual
# information favours rare fixed pairs, the likelihood ratio frequent ones. Only pairs seen
# at least a few times are scored.

# %%
collocations = tables["collocations"]
display(collocations[collocations["measure"] == "likelihood_ratio"].head(top_n).round(1))
display(collocations[collocations["measure"] == "pmi"].head(top_n).round(2))

# %% [markdown]
# ## Frequent word sequences

# %%
display(tables["ngrams"].head(top_n))
