"""Sphinx extension: each executed chapter can be downloaded as a notebook that reads well.

The page's download menu offers the ``.ipynb`` that MyST-NB executed, with its
outputs, beside the chapter's MyST source. Its text is rewritten as plain
Markdown (:mod:`aecourse.plain_markdown`), since Jupyter shows MyST's roles and
directives raw: glued numbers become the values this build computed, citations
"Author (year)", links to other chapters links to their downloaded notebooks,
and the exercises' solutions are left out.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from aecourse.plain_markdown import MarkdownContext, MarkdownError, myst_to_markdown, read_citations
from executed_results import glued_results

logger = logging.getLogger(__name__)


def readable_notebook(notebook: dict, context: MarkdownContext) -> dict:
    """``notebook`` (nbformat 4) with each Markdown cell rewritten as plain Markdown."""
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = myst_to_markdown(source, replace(context, where=f"{context.where}, markdown cell {number}"))
    return notebook


@cache
def _text_context(app: Sphinx) -> MarkdownContext:
    # The same for every page of a build: made once, when the first page is written.
    return MarkdownContext(
        links={Path(name).name: (app.env.titles[name].astext(), f"{Path(name).name}.ipynb")
               for name in app.env.found_docs},
        citations={key: value for bib in app.config.bibtex_bibfiles
                   for key, value in read_citations(Path(app.srcdir) / bib).items()},
        where="",
        glued=glued_results(app),
    )


def _offer_executed_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # MyST-NB writes the notebooks it executed beside the HTML output folder.
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    text_context = replace(_text_context(app), where=app.env.doc2path(pagename, base=False))
    try:
        notebook = readable_notebook(json.loads(executed.read_text(encoding="utf-8")), text_context)
    except MarkdownError as error:
        logger.warning(f"the downloadable notebook of {pagename}: {error}", location=pagename)
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    # sphinx-book-theme adds an ".ipynb" download button when this is set.
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict:
    # Before sphinx-book-theme builds its header buttons (priority 501).
    app.connect("html-page-context", _offer_executed_notebook, priority=500)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
