"""Sphinx extension: the book's HTML fixes that its CSS cannot make.

docutils writes a bibliography as ``<div role="list">`` around entries of role
``doc-biblioentry``, a role that WAI-ARIA's digital-publishing module has
deprecated and that is not allowed inside a list: axe-core reports the list as
critical (``aria-required-children``: a list whose items are not list items).
Each entry becomes ``role="listitem"``, which a screen reader announces as the
n-th of m entries of the list.

tests/test_accessibility.py checks every page of the book with axe-core.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: Markup written by docutils → the book's replacement.
REPLACEMENTS = {'role="doc-biblioentry"': 'role="listitem"'}


def fix_markup(body: str) -> str:
    """``body`` (a page's HTML) with each of :data:`REPLACEMENTS` applied."""
    for old, new in REPLACEMENTS.items():
        body = body.replace(old, new)
    return body


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" in context:
        context["body"] = fix_markup(context["body"])


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", on_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
