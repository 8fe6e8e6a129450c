from analysis.render import render_notebook, render_report, sanitize_html

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_sanitizer_escapes_text_and_drops_active_markup() -> None:
    cleaned = sanitize_html(
        '<table class="dataframe" onclick="x()"><tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td>'
        '<td><img src=x onerror="alert(2)"><a href="javascript:x">link</a></td></tr></table>'
        "<style>td{}</style><script>evil()</script>"
    )
    assert "<script" not in cleaned and "onerror" not in cleaned and "onclick" not in cleaned
    assert "<img" not in cleaned and "javascript" not in cleaned and "evil" not in cleaned
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in cleaned
    assert '<table class="dataframe">' in cleaned


def test_notebook_outputs_are_escaped_and_code_hidden() -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Chapter\n\n## Part"},
            {
                "cell_type": "code",
                "metadata": {},
                "source": "secret_code()",
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": HOSTILE},
                    {"output_type": "display_data", "data": {"text/plain": HOSTILE}},
                    {"output_type": "display_data", "data": {"text/html": f"<p>{HOSTILE}</p>"}},
                ],
            },
        ]
    }
    rendered = render_notebook(notebook, prefix="c1")
    assert "secret_code" not in rendered.body
    assert "<script>" not in rendered.body and "<img" not in rendered.body
    assert "&lt;script&gt;" in rendered.body
    assert [(level, text) for level, _, text in rendered.headings] == [(1, "Chapter"), (2, "Part")]
    page = render_report("T <b>", [("Corpus", HOSTILE)], [rendered], "<p>appendix</p>")
    assert page.count("<script") == 0
    assert 'href="#c1-Chapter"' in page and 'id="c1-Chapter"' in page


def test_tables_that_fit_a_page_are_marked_to_stay_whole() -> None:
    def table(rows: int, text: str = "") -> dict:
        body = "".join(f"<tr><td>{n}</td><td>{text}</td></tr>" for n in range(rows))
        html_table = f"<table class='dataframe'><thead><tr><th>n</th></tr></thead>{body}</table>"
        return {"output_type": "display_data", "data": {"text/html": html_table}}

    quote = "the harvest was late this year " * 10  # 310 characters: wraps to 6 lines
    outputs = [table(25), table(80), table(10, quote), table(4, quote)]
    cell = {"cell_type": "code", "metadata": {}, "source": "", "outputs": outputs}
    body = render_notebook({"cells": [cell]}, prefix="c").body
    # 25 rows and 4 rows of long text fit a page; 80 rows and 10 rows of long text (60 lines) do
    # not, and may break across pages instead of leaving their heading alone on a blank page
    assert body.count('class="output-table short"') == 2
    assert body.count('class="output-table"') == 2
