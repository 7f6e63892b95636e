"""Sphinx extension: what a reader's browser loads works offline and without errors.

- plotly.js is served once, from the book's ``_static`` folder (the copy shipped
  in the installed plotly package), for the figures of ``aecourse.interactive``.
- The duplicate inline scripts that Sphinx 7.4 writes for some extensions are
  dropped (a repeated ``const`` declaration throws in the browser).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx


def _copy_plotly_js(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import plotly

    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", static / "plotly.min.js")


def _drop_duplicate_inline_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # Sphinx 7.4 lists inline scripts that extensions add after the builder
    # starts twice; sphinx-thebe's `const` declaration then throws in the browser.
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # The copies differ only in filename: None in one, "" in the other.
        filename = getattr(script, "filename", None) or ""
        key = (filename, getattr(script, "priority", 0), repr(sorted(getattr(script, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique


def setup(app: Sphinx) -> dict:
    app.add_js_file("plotly.min.js")
    app.connect("html-page-context", _drop_duplicate_inline_scripts, priority=500)
    app.connect("build-finished", _copy_plotly_js)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
