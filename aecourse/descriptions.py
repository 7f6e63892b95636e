"""Text descriptions of figures, for readers who cannot see them.

Every figure of the book carries a description: the ``alt`` text of a
matplotlib image, the ``aria-label`` of an interactive figure. This module
says what a description must be (:func:`check_description`), what counts as a
generic one that tells a reader nothing (:func:`is_generic`, also used by the
browser test on the built pages), and formats numbers for descriptions the
same way everywhere (:func:`number`).
"""

from __future__ import annotations

import re

#: Words that name the kind of thing rather than what it shows.
GENERIC_WORDS = frozenset({
    "", "figure", "fig", "image", "img", "picture", "pic", "photo", "plot", "graph", "chart", "diagram",
    "png", "jpg", "jpeg", "svg", "gif", "output", "untitled", "alt", "description", "none", "null",
})
#: Below this many characters a description cannot say what a figure shows.
MIN_LENGTH = 20
_FILE_NAME = re.compile(r"^[\w./\\-]+\.(png|jpe?g|gif|svg|webp|pdf)$", re.IGNORECASE)
_HASH = re.compile(r"^[0-9a-f]{16,}$", re.IGNORECASE)


def is_generic(text: str | None, min_length: int = MIN_LENGTH) -> bool:
    """True when ``text`` is missing, empty, a file name, a hash, generic words only, or shorter than ``min_length``.

    For example ``"figure"``, ``"Plot 3"``, ``"a1b2...c3.png"`` and ``""`` are
    generic; ``"Training and validation loss per epoch"`` is not. A figure's
    description needs ``MIN_LENGTH`` characters; the label of a small icon
    (``"Colab logo"``, beside the word it illustrates) may be shorter: give
    ``min_length=1``.
    """
    if text is None:
        return True
    stripped = " ".join(text.split())
    if len(stripped) < max(1, min_length):
        return True
    if _FILE_NAME.match(stripped) or _HASH.match(stripped):
        return True
    # "Figure 3", "image: output_12_0.png"...: generic words, numbers and punctuation only.
    words = re.findall(r"[A-Za-z]+", stripped.lower())
    return all(word in GENERIC_WORDS for word in words)


def check_description(text: str) -> str:
    """``text`` with its white space collapsed, or a ``ValueError`` saying why it describes nothing.

    A description says what the figure shows, e.g. "Validation images (top
    row) and their reconstructions (bottom row)", in at least
    ``MIN_LENGTH`` characters.
    """
    if not isinstance(text, str):
        raise TypeError(f"a figure's description must be a string, got {type(text).__name__}.")
    stripped = " ".join(text.split())
    if is_generic(stripped):
        raise ValueError(
            f"the figure's description {text!r} does not say what the figure shows: write a sentence of at "
            f"least {MIN_LENGTH} characters for a reader who cannot see it (not 'figure', a file name or a title "
            "number)."
        )
    return stripped


def number(value: float, digits: int = 4) -> str:
    """A number as descriptions write it: integers with thousands separators, others with ``digits`` significant digits."""
    if float(value).is_integer() and abs(value) >= 1:
        return f"{int(value):,}"
    return f"{float(value):.{digits}g}"


def join(*parts: str) -> str:
    """Sentences joined with one space, each ending with a full stop; empty parts dropped.

    A sentence that starts with a lower-case Latin letter gets a capital; one
    that starts with a symbol (``"β 0.1, 1"``) is left as it is.
    """
    sentences = []
    for part in parts:
        part = " ".join(part.split())
        if part:
            if "a" <= part[0] <= "z":  # not a symbol: "β 0.1, 1" stays as it is
                part = part[0].upper() + part[1:]
            sentences.append(part if part.endswith((".", "!", "?")) else part + ".")
    return " ".join(sentences)
