"""MyST Markdown rewritten as plain Markdown, for notebooks read outside the book.

Jupyter and Colab render CommonMark with ``$`` math, not MyST's roles and
directives. :func:`myst_to_markdown` rewrites one Markdown cell of a chapter:

- citations (``{cite:t}``, ``{cite:p}``) as "Kingma and Welling (2013)";
- links to other chapters (``{doc}``) as Markdown links to the given addresses;
- glued numbers (``{glue:text}`name:.4f```) as their formatted values when they
  are known (the book's own build), else as their names in code font;
- ``{exercise}`` blocks as a bold title and the text; solutions and the
  bibliography left out.

A role or directive it does not know is an error rather than raw text.

:func:`without_solutions` removes the ``{solution}`` blocks from a chapter's
MyST source and keeps the rest as it is: the student edition's download.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

_ROLE = re.compile(r"\{(?P<role>[a-z][\w:-]*)\}`(?P<content>[^`]*)`")
_FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<directive>[\w-]+)\}\s*(?P<argument>.*)$")
TITLE = re.compile(r"^# (?P<title>.+)$", re.MULTILINE)
# Directives whose whole block is left out.
_DROPPED_DIRECTIVES = {"solution", "bibliography", "exercise-solution-code"}


class MarkdownError(ValueError):
    """MyST syntax that has no plain-Markdown rewriting (or refers to nothing)."""


def chapter_title(markdown: str) -> str:
    """The text of the first level-1 heading of a MyST document."""
    match = TITLE.search(markdown)
    if match is None:
        raise MarkdownError("the chapter has no '# Title' heading.")
    return match["title"].strip()


def read_citations(bib_file: Path) -> dict[str, tuple[str, str]]:
    """``key: (authors, year)`` for each entry of a BibTeX file, authors as in "Kingma and Welling"."""
    import latexcodec  # noqa: F401  (registers the "latex" codec)
    from pybtex.database import parse_file

    citations = {}
    for key, entry in parse_file(str(bib_file)).entries.items():
        surnames = [
            " ".join(person.last_names).encode("utf-8").decode("latex").replace("{", "").replace("}", "")
            for person in entry.persons.get("author", [])
        ]
        if len(surnames) > 2:
            authors = f"{surnames[0]} et al."
        else:
            authors = " and ".join(surnames)
        citations[key] = (authors, entry.fields.get("year", "n.d."))
    return citations


@dataclass(frozen=True)
class MarkdownContext:
    """What rewriting a chapter's text needs besides the text.

    Attributes:
        links: ``chapter name: (title, address)``, for links to other chapters.
        citations: ``key: (authors, year)``, from :func:`read_citations`.
        where: the place of the text, for error messages (``"linear.md, markdown cell 3"``).
        glued: the values of glued numbers by name, or ``None`` to show their names.
    """

    links: Mapping[str, tuple[str, str]]
    citations: Mapping[str, tuple[str, str]]
    where: str
    glued: Mapping[str, int | float | str] | None = field(default=None)


def _role(match: re.Match, context: MarkdownContext) -> str:
    role, content = match["role"], match["content"]
    if role in ("cite:t", "cite:p"):
        cited = []
        for key in (k.strip() for k in content.split(",")):
            if key not in context.citations:
                raise MarkdownError(f"{context.where}: no reference {key!r} in the bibliography.")
            authors, year = context.citations[key]
            cited.append(f"{authors} ({year})" if role == "cite:t" else f"{authors}, {year}")
        return "; ".join(cited) if role == "cite:t" else f"({'; '.join(cited)})"
    if role == "doc":
        explicit = re.fullmatch(r"(?P<text>.+?)\s*<(?P<target>[^>]+)>", content)
        text, target = (explicit["text"], explicit["target"]) if explicit else (None, content)
        name = Path(target.strip()).name
        if name not in context.links:
            raise MarkdownError(f"{context.where}: {{doc}}`{content}` names no chapter.")
        title, address = context.links[name]
        return f"[{text or title}]({address})"
    if role in ("glue", "glue:text"):
        name, _, spec = content.partition(":")
        if context.glued is None:
            return f"`{name}`"
        if name not in context.glued:
            raise MarkdownError(f"{context.where}: no number was published as {name!r}.")
        return format(context.glued[name], spec)
    raise MarkdownError(f"{context.where}: the Colab notebook has no rendering for the role {{{role}}}.")


def _replace_roles(line: str, context: MarkdownContext) -> str:
    return _ROLE.sub(lambda match: _role(match, context), line)


def _closing_fence(lines: list[str], start: int, fence: str, where: str) -> int:
    for index in range(start + 1, len(lines)):
        if lines[index].rstrip() == fence:
            return index
    raise MarkdownError(f"{where}: the {fence} block opened on line {start + 1} is never closed.")


def without_solutions(text: str, where: str = "the chapter") -> str:
    """``text`` (a MyST chapter or cell) without its ``{solution}`` blocks, fences and options included.

    Everything else is kept as it is, so the student edition's download of a
    chapter is its source minus the solutions. A blank line that followed a
    removed block goes with it.

    Raises:
        MarkdownError: if a solution block is never closed (``where`` names the text).
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    index = 0
    while index < len(lines):
        opened = _FENCE_OPEN.match(lines[index].rstrip("\r\n"))
        if opened is None or opened["directive"] != "solution":
            out.append(lines[index])
            index += 1
            continue
        index = _closing_fence(lines, index, opened["fence"], where) + 1
        if index < len(lines) and not lines[index].strip() and (not out or not out[-1].strip()):
            index += 1
    return "".join(out)


def myst_to_markdown(text: str, context: MarkdownContext) -> str:
    """Rewrite one Markdown cell of a MyST chapter as Markdown that Colab renders.

    Raises:
        MarkdownError: for a role or directive this function does not know, so
            that a new one is added here rather than shown raw in Colab.
    """
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        opened = _FENCE_OPEN.match(lines[index])
        if opened is None:
            out.append(_replace_roles(lines[index], context))
            index += 1
            continue
        end = _closing_fence(lines, index, opened["fence"], context.where)
        directive, body = opened["directive"], lines[index + 1 : end]
        if directive == "exercise":
            body = [line for line in body if not line.startswith(":")]  # options such as :label:
            title = _replace_roles(opened["argument"].strip(), context)
            out.append(f"**Exercise: {title}**" if title else "**Exercise**")
            out.extend(_replace_roles(line, context) for line in body)
        elif directive not in _DROPPED_DIRECTIVES:
            raise MarkdownError(f"{context.where}: the Colab notebook has no rendering for the directive {{{directive}}}.")
        index = end + 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
