"""Sphinx extension: a "Colab" launch button on each chapter that has a Colab notebook.

sphinx-book-theme's own Colab button points Colab at the page's source file,
which for a MyST chapter is a ``.md`` file that Colab cannot open. This button
points at the chapter's generated notebook instead, ``book/colab/<name>.ipynb``
in the repository named by ``repository.url`` and ``repository.branch`` of
``_config.yml`` (see :mod:`aecourse.colab`). It is a plain link: nothing is
requested from outside until a reader clicks it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from aecourse.colab import COLAB_FOLDER, Repository


def _add_colab_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    options = app.config.html_theme_options
    if not options.get("repository_url"):
        return
    chapter = Path(pagename).name
    if not (Path(app.srcdir) / COLAB_FOLDER / f"{chapter}.ipynb").is_file():
        return
    repository = Repository(url=options["repository_url"], branch=options.get("repository_branch") or "main")
    context["header_buttons"].append(
        {
            "type": "group",
            "tooltip": "Run this chapter",
            "icon": "fas fa-rocket",
            "label": "launch-buttons",
            "buttons": [
                {
                    "type": "link",
                    "text": "Colab",
                    "tooltip": "Run this chapter in Google Colab",
                    "icon": "_static/images/logo_colab.png",
                    "url": repository.colab_url(chapter),
                }
            ],
        }
    )


def setup(app: Sphinx) -> dict:
    # After sphinx-book-theme has made the list of header buttons (priority 501).
    app.connect("html-page-context", _add_colab_button, priority=502)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
