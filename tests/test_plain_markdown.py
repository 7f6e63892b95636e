import pytest

from aecourse.plain_markdown import (MarkdownContext, MarkdownError, chapter_title, myst_to_markdown, read_citations,
                                     without_solutions)
from conftest import ROOT

CITATIONS = {"smith2020": ("Smith and Jones", "2020"), "lee2019": ("Lee et al.", "2019")}
LINKS = {"linear": ("A linear chapter", "https://example.org/linear")}


def _convert(text: str, glued: dict | None = None) -> str:
    return myst_to_markdown(text, MarkdownContext(LINKS, CITATIONS, where="test.md", glued=glued))


# --- roles and directives --------------------------------------------------------------------
def test_citations_read_from_bibtex():
    citations = read_citations(ROOT / "book" / "references.bib")
    assert citations["geron2019hands"] == ("Géron", "2019")
    assert citations["kingma2013auto"] == ("Kingma and Welling", "2013")
    assert citations["klambauer2017self"] == ("Klambauer et al.", "2017")


def test_roles_become_plain_markdown():
    text = ("As {cite:t}`smith2020` and others {cite:p}`smith2020,lee2019` say, see {doc}`linear` "
            "and {doc}`the start <./linear>`; it has {glue:text}`n_points:,` points.")
    assert _convert(text) == (
        "As Smith and Jones (2020) and others (Smith and Jones, 2020; Lee et al., 2019) say, "
        "see [A linear chapter](https://example.org/linear) "
        "and [the start](https://example.org/linear); it has `n_points` points."
    )


def test_math_and_braces_are_left_alone():
    text = r"$$f(x) = \begin{cases} x \\ 0 \end{cases}$$ and $\text{latent}$"
    assert _convert(text) == text


def test_exercises_kept_and_solutions_dropped():
    text = """Before.

```{exercise} Write it (file.py)
:label: ex-file

Do {cite:t}`lee2019` things.
```

````{solution} ex-file
:class: dropdown

```{exercise-solution-code} ../exercises/solutions/file.py
:function: f
```
````

After."""
    assert _convert(text) == "Before.\n\n**Exercise: Write it (file.py)**\n\nDo Lee et al. (2019) things.\n\nAfter."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("See {numref}`fig-1`.", r"role \{numref\}"),
        ("```{note}\nHi.\n```", r"directive \{note\}"),
        ("{cite:t}`nobody2000`", "no reference 'nobody2000'"),
        ("{doc}`nowhere`", "names no chapter"),
        ("```{exercise} Open\nNever closed.", "never closed"),
    ],
)
def test_unknown_syntax_is_an_error_not_raw_text(text, message):
    with pytest.raises(MarkdownError, match=message):
        _convert(text)


def test_glued_numbers_formatted_when_known():
    text = "Loss {glue:text}`loss:.3f`, {glue:text}`count:,` images, model {glue:text}`name`."
    glued = {"loss": 0.123456, "count": 55000, "name": "vae"}
    assert _convert(text, glued) == "Loss 0.123, 55,000 images, model vae."
    with pytest.raises(MarkdownError, match="no number was published as 'other'"):
        _convert("{glue:text}`other:.2f`", glued)


def test_chapter_title():
    assert chapter_title("---\nx: 1\n---\n\n# The title\n\n## Part\n") == "The title"
    with pytest.raises(MarkdownError, match="no '# Title'"):
        chapter_title("## Only a section\n")


# --- the student edition's sources --------------------------------------------
SOLVED = """Before.

```{exercise} Write it (file.py)
:label: ex-file

Do it.
```

````{solution} ex-file
:class: dropdown

```{exercise-solution-code} ../exercises/solutions/file.py
:function: f
```
````

:::{solution} ex-other
Colon fences too.
:::

After.
"""


def test_solution_blocks_removed_and_the_rest_kept():
    assert without_solutions(SOLVED) == SOLVED.replace(SOLVED[SOLVED.index("````{solution}"):SOLVED.index("After.")], "")
    assert without_solutions("No solution here.\n") == "No solution here.\n"


def test_a_solution_never_closed_is_an_error():
    with pytest.raises(MarkdownError, match="book/x.md: the ```` block opened on line 1 is never closed"):
        without_solutions("````{solution} ex\nOpen.\n", "book/x.md")


def test_every_chapter_loses_its_solutions_and_nothing_else():
    for chapter in sorted((ROOT / "book").glob("*.md")):
        source = chapter.read_text(encoding="utf-8")
        stripped = without_solutions(source, chapter.name)
        assert "{solution}" not in stripped and "exercise-solution-code" not in stripped, chapter.name
        for kept in ("{exercise}", "{code-cell}", "{glue:text}"):
            assert stripped.count(kept) == source.count(kept), (chapter.name, kept)
        # Removing lines only: the stripped text's lines appear in order in the source.
        remaining = iter(source.splitlines())
        assert all(line in remaining for line in stripped.splitlines()), chapter.name
