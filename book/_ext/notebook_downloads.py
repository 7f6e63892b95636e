"""Sphinx extension: each executed chapter can be downloaded as a notebook.

The page's download menu then offers the ``.ipynb`` that MyST-NB executed, with
its outputs, beside the chapter's MyST source.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx


def _offer_executed_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # MyST-NB writes the notebooks it executed beside the HTML output folder.
    notebook = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not notebook.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(notebook, target)
    # sphinx-book-theme adds an ".ipynb" download button when this is set.
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict:
    # Before sphinx-book-theme builds its header buttons (priority 501).
    app.connect("html-page-context", _offer_executed_notebook, priority=500)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
