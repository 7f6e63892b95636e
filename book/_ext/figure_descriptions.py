"""Sphinx extension: every image of the book has ``alt`` text that says what it shows.

MyST-NB writes a code cell's PNG output to a file and makes an image node
without ``alt`` text (it takes ``alt`` only from each cell's metadata, and
Sphinx would then write the file's name as the ``alt``). The course's figures
(:mod:`aecourse.plots`) store their description in the PNG itself, in the
``Description`` text chunk, so a figure carries its description wherever it
goes and no cell needs metadata. After each page is read, this extension sets
every image's ``alt`` to that description.

An image with no description, or a generic one (``"figure"``, a file name;
see :func:`aecourse.descriptions.is_generic`), raises a Sphinx warning, which
fails the strict (``-W``) build: every figure is described or the book does
not build.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from PIL import Image
from sphinx.application import Sphinx
from sphinx.util import logging

from aecourse.descriptions import is_generic
from aecourse.plots import DESCRIPTION_KEY

logger = logging.getLogger(__name__)


def png_description(path: Path) -> str | None:
    """The ``Description`` text chunk of the PNG at ``path``, or ``None`` (no chunk, or not a PNG)."""
    try:
        with Image.open(path) as image:
            if image.format != "PNG":
                return None
            return image.text.get(DESCRIPTION_KEY)
    except (OSError, ValueError):
        return None


def image_path(app: Sphinx, node: nodes.image, docname: str) -> Path:
    """The file an image node shows.

    Sphinx's image collector, which runs on the same event, may already have
    made ``uri`` relative to the source folder (and recorded it in
    ``candidates``); before it runs, ``uri`` is relative to the page, or to the
    source folder when it starts with ``/`` (as MyST-NB writes it).
    """
    candidate = node.get("candidates", {}).get("*")
    if candidate:
        return Path(app.srcdir) / candidate
    return Path(app.env.relfn2path(node["uri"], docname)[1])


def describe_images(app: Sphinx, doctree: nodes.document) -> None:
    """Give each image of the page its PNG's description as ``alt``; warn about any left undescribed."""
    docname = app.env.docname
    for node in doctree.findall(nodes.image):
        uri = node.get("uri", "")
        if not is_generic(node.get("alt")):
            continue
        description = None
        if "://" not in uri and not uri.startswith("data:"):
            description = png_description(image_path(app, node, docname))
        if description is not None and not is_generic(description):
            node["alt"] = " ".join(description.split())
            continue
        logger.warning(
            "image %s has no description (alt text %r): draw it with a plotting helper of aecourse.plots and "
            "pass description=..., or give a static image alt text that says what it shows.",
            uri, node.get("alt"), location=node, type="aecourse", subtype="figure_description",
        )


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", describe_images)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
