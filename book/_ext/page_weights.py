"""Sphinx extension: how many bytes each page of the book weighs.

At the end of an HTML build it measures, for every HTML page, the page's own
bytes: the HTML file plus the local images its ``<img>`` tags load that are not
shared static files (for instance ``_images/*.png``; images embedded as
``data:`` URIs are already part of the HTML). The shared files under
``_static/`` (theme, plotly.js, MathJax, ...) are counted once, separately,
since a browser downloads them once for the whole book.

The numbers go to ``<html>/page-weights.json``::

    {"pages": {"book/intro.html": 24207, ...},
     "shared_static_bytes": 9876543,
     "limit_bytes": 1500000}

Each page gets a one-line summary in the build log, and a page whose own bytes
exceed ``limit_bytes`` (1.5 MB, or the ``page_weights_limit_bytes`` setting)
raises a Sphinx warning, so the strict (``-W``) build fails.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

LIMIT_BYTES = 1_500_000
REPORT_NAME = "page-weights.json"
STATIC_DIR = "_static"
# Not pages: Sphinx's copies of the sources, and the static and image folders.
NOT_PAGES = {STATIC_DIR, "_sources", "_images"}


class _ImageSources(HTMLParser):
    """Collects the URLs of the images a page loads: ``<img src>`` and ``srcset`` candidates."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("img", "source"):
            return
        values = dict(attrs)
        if tag == "img" and values.get("src"):
            self.urls.append(values["src"])
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])


def _local_file(outdir: Path, page: Path, url: str) -> Path | None:
    """The file inside ``outdir`` that ``url``, found in ``page``, points to; None if none."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path:  # data:, http:, //host/..., "#frag"
        return None
    relative = unquote(parts.path)
    base = outdir if relative.startswith("/") else page.parent
    target = (base / relative.lstrip("/")).resolve()
    try:
        target.relative_to(outdir)
    except ValueError:
        return None
    return target if target.is_file() else None


def _is_shared_static(outdir: Path, path: Path) -> bool:
    return path.relative_to(outdir).parts[0] == STATIC_DIR


def html_pages(outdir: Path) -> list[Path]:
    """Every HTML page under ``outdir``, outside ``_static``, ``_sources`` and ``_images``."""
    return sorted(
        path for path in outdir.rglob("*.html")
        if path.is_file() and not NOT_PAGES.intersection(path.relative_to(outdir).parts[:-1])
    )


def page_bytes(outdir: Path, page: Path) -> int:
    """The HTML file plus each distinct non-shared local image it loads."""
    parser = _ImageSources()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    images = {_local_file(outdir, page, url) for url in parser.urls}
    images = {image for image in images if image is not None and not _is_shared_static(outdir, image)}
    return page.stat().st_size + sum(image.stat().st_size for image in images)


def measure(outdir: Path, limit_bytes: int = LIMIT_BYTES) -> dict:
    """The weights of the pages of the HTML build in ``outdir`` (see the module's docstring)."""
    outdir = Path(outdir).resolve()
    static = outdir / STATIC_DIR
    shared = sum(path.stat().st_size for path in static.rglob("*") if path.is_file()) if static.is_dir() else 0
    pages = {page.relative_to(outdir).as_posix(): page_bytes(outdir, page) for page in html_pages(outdir)}
    return {"pages": pages, "shared_static_bytes": shared, "limit_bytes": limit_bytes}


def over_limit(weights: dict) -> dict[str, int]:
    """The pages whose own bytes exceed the limit."""
    return {page: size for page, size in weights["pages"].items() if size > weights["limit_bytes"]}


def _kb(size: int) -> str:
    return f"{size / 1000:,.1f} kB"


def _report(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    weights = measure(outdir, limit_bytes=app.config.page_weights_limit_bytes)
    (outdir / REPORT_NAME).write_text(json.dumps(weights, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for page, size in weights["pages"].items():
        logger.info("page weight: %s %s (+ %s shared static files)", page, _kb(size),
                    _kb(weights["shared_static_bytes"]))
    for page, size in over_limit(weights).items():
        logger.warning(
            "page %s weighs %s (%d bytes), over the %s limit (shared static files not counted)",
            page, _kb(size), size, _kb(weights["limit_bytes"]),
            type="page_weights", subtype="over_limit",
        )


def setup(app: Sphinx) -> dict:
    # After the other build-finished handlers (default priority 500), e.g. the
    # one of offline_assets that copies plotly.js into _static.
    app.add_config_value("page_weights_limit_bytes", LIMIT_BYTES, "html", types=[int])
    app.connect("build-finished", _report, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
