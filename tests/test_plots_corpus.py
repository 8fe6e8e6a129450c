"""The corpus chapter's figures say why they are empty instead of drawing one bar of nothing."""

import pandas as pd
from matplotlib.figure import Figure

from analysis.plots import corpus as plots


def _texts(figure: Figure) -> list[str]:
    return [text.get_text() for axes in figure.axes for text in axes.texts]


def test_sources_figure_says_when_no_article_names_a_source() -> None:
    nameless = pd.DataFrame({"source": [None, None], "n_words": [10, 20]})
    assert "No article names its source" in " ".join(_texts(plots.articles_by_source(nameless)))
    named = pd.DataFrame({"source": ["Wire", None, "Wire"], "n_words": [10, 20, 30]})
    figure = plots.articles_by_source(named)
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert labels == ["(no source)", "Wire"] and not _texts(figure)
