"""Every page of the built book passes axe-core, in the light and in the dark theme.

axe-core (bundled by ``axe-playwright-python``) runs in Debian's Chromium on
each page of a quick build, served offline as in ``test_browser``, once with
the reader's system set to light and once to dark (the book's theme follows
it: ``default_mode: auto``). A violation of impact *serious* or *critical*
fails the test, unless ``tests/a11y_theme_issues.json`` lists it: a problem of
the theme that the book's own CSS and templates cannot fix, with the axe rule,
the element's selector, the reason and a link to the theme's issue. A listed
issue that no page shows any more fails the test too, so the list stays
current. The whole report (every violation, whatever its impact) goes to
``_build/a11y.json``.

Each page is loaded once. axe runs every rule on it in the light theme; then
the reader's system switches to dark, the theme follows (``data-theme``), and
axe runs again. The theme's dark mode only changes CSS colours: the document
(elements, attributes, text, names) stays the same, so only the rules that
read colours can find something new there (:data:`COLOUR_RULES`), and only
those run in the dark. That reason is checked on every page, not assumed: if
the document changed when the theme did, every rule runs in the dark too.

The checker itself is tested on tiny hand-written pages.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from test_browser import (  # noqa: F401 - book_browser is a fixture
    PAGE, PLOTS_DRAWN_JS, READY_JS, READY_TIMEOUT_MS, SETTLE_MS, TIMEOUT_MS, VIEWPORT, BookBrowser, _built,
    book_browser, book_pages, redirect_target, serve,
)

from axe_playwright_python.sync_playwright import Axe  # a test dependency (requirements.lock)
from playwright import sync_api

pytestmark = pytest.mark.browser

KNOWN_ISSUES = ROOT / "tests" / "a11y_theme_issues.json"
REPORT = ROOT / "_build" / "a11y.json"
BLOCKING = ("serious", "critical")
SCHEMES = ("light", "dark")
AXE = Axe()


@dataclass(frozen=True)
class KnownIssue:
    """A violation that comes from the theme and that the book cannot fix."""

    rule: str
    selector: str
    reason: str
    link: str


def load_known_issues(path: Path) -> list[KnownIssue]:
    """The list in ``path`` (a JSON list of objects with ``rule``, ``selector``, ``reason`` and ``link``).

    Raises ``ValueError`` naming the entry when a field is missing or empty, or
    the link is not an https address.
    """
    entries = json.loads(path.read_text(encoding="utf-8"))
    issues = []
    for index, entry in enumerate(entries):
        fields = {name: str(entry.get(name, "")).strip() for name in ("rule", "selector", "reason", "link")}
        missing = [name for name, value in fields.items() if not value]
        if missing or not fields["link"].startswith("https://"):
            raise ValueError(f"{path.name}, entry {index}: give rule, selector, reason and an https link to the "
                             f"theme's issue (missing or empty: {missing or ['link']}).")
        issues.append(KnownIssue(**fields))
    return issues


def _selector(target: list) -> str:
    # axe gives a list of selectors, one per frame or shadow root; nested lists for shadow DOM.
    return " >>> ".join(" ".join(part) if isinstance(part, list) else str(part) for part in target)


def violations(response: dict, page: str, scheme: str) -> list[dict]:
    """One record per element and rule from axe's ``response``: page, scheme, rule, impact, selector, html, help."""
    found = []
    for violation in response.get("violations", []):
        for node in violation["nodes"]:
            found.append({
                "page": page, "scheme": scheme, "rule": violation["id"],
                "impact": node.get("impact") or violation.get("impact"), "selector": _selector(node["target"]),
                "html": node.get("html", "")[:300], "help": violation.get("help", ""),
                "summary": node.get("failureSummary", ""),
            })
    return found


def blocking_unlisted(found: list[dict], known: list[KnownIssue]) -> list[dict]:
    """The serious and critical violations in ``found`` that no known issue lists (same rule and selector)."""
    listed = {(issue.rule, issue.selector) for issue in known}
    return [v for v in found if v["impact"] in BLOCKING and (v["rule"], v["selector"]) not in listed]


def unused(found: list[dict], known: list[KnownIssue]) -> list[KnownIssue]:
    """The known issues that match no violation in ``found``: fixed, or never there."""
    seen = {(v["rule"], v["selector"]) for v in found}
    return [issue for issue in known if (issue.rule, issue.selector) not in seen]


# The axe rules whose result depends on colours: text contrast, and links told
# from the text around them by colour alone.
COLOUR_RULES = ("color-contrast", "link-in-text-block")
THEME_JS = "document.documentElement.dataset.theme || null"
# The document without the theme's own attributes on <html>: what dark mode must not change.
DOCUMENT_JS = "document.body.outerHTML"


@contextlib.contextmanager
def _opened(checker: BookBrowser, url: str, allowed_prefix: str, scheme: str) -> Iterator[sync_api.Page]:
    """The page at ``url``, loaded and drawn, in a new context whose system colour scheme is ``scheme``."""
    context = checker.browser.new_context(viewport=VIEWPORT, service_workers="block", color_scheme=scheme)
    try:
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith((allowed_prefix, "data:", "blob:")) else route.abort())
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
        page.evaluate(READY_JS)
        try:
            page.wait_for_function(PLOTS_DRAWN_JS, timeout=READY_TIMEOUT_MS)
        except sync_api.TimeoutError:
            pass  # test_browser reports undrawn figures; axe checks what is there
        page.wait_for_timeout(SETTLE_MS)
        yield page
    finally:
        context.close()


def audit(checker: BookBrowser, url: str, allowed_prefix: str, scheme: str) -> tuple[dict, str | None]:
    """axe's response (every rule) for the page at ``url`` seen with the colour scheme ``scheme``, and its theme."""
    with _opened(checker, url, allowed_prefix, scheme) as page:
        return AXE.run(page).response, page.evaluate(THEME_JS)


def audit_light_then_dark(checker: BookBrowser, url: str, allowed_prefix: str) -> dict[str, tuple[dict, str | None]]:
    """axe's responses for the page at ``url``, by scheme: every rule in light, then the colour rules in dark.

    The page is loaded once; the system's scheme then turns dark and the theme
    follows. If the document changed with it (more than colours), every rule
    runs in the dark too. Each response carries ``dark_rules``: the rules run
    in the dark (``"all"`` or the colour rules).
    """
    with _opened(checker, url, allowed_prefix, "light") as page:
        light = AXE.run(page).response, page.evaluate(THEME_JS)
        before = page.evaluate(DOCUMENT_JS)
        page.emulate_media(color_scheme="dark")
        if light[1] is not None:  # a page of the theme: wait until it has followed
            with contextlib.suppress(sync_api.TimeoutError):
                page.wait_for_function(f"({THEME_JS}) === 'dark'", timeout=READY_TIMEOUT_MS)
        page.wait_for_timeout(SETTLE_MS)
        same_document = page.evaluate(DOCUMENT_JS) == before
        options = {"resultTypes": ["violations"]}
        if same_document:
            options["runOnly"] = {"type": "rule", "values": list(COLOUR_RULES)}
        dark = AXE.run(page, options=options).response, page.evaluate(THEME_JS)
        dark[0]["dark_rules"] = list(COLOUR_RULES) if same_document else "all"
        return {"light": light, "dark": dark}


def audit_site(checker: BookBrowser, html_dir: Path, pages: list[str]) -> dict:
    """Audit every page (redirects excepted) in both schemes; the report written to ``_build/a11y.json``."""
    found, themes, dark_rules, axe_version = [], {}, {}, None
    with serve(html_dir) as base:
        for page in pages:
            if redirect_target(html_dir, page) is not None:
                continue
            for scheme, (response, theme) in audit_light_then_dark(checker, base + page, base).items():
                axe_version = response.get("testEngine", {}).get("version", axe_version)
                themes[f"{page} ({scheme})"] = theme
                found += violations(response, page, scheme)
                if scheme == "dark":
                    dark_rules[page] = response["dark_rules"]
    return {"axe_version": axe_version, "schemes": list(SCHEMES), "themes": themes, "dark_rules": dark_rules,
            "violations": found}


def _format(records: list[dict]) -> str:
    return "\n".join(f"{v['page']} ({v['scheme']}): {v['rule']} [{v['impact']}] {v['selector']}: {v['help']}"
                     for v in records)


# --- the built book ------------------------------------------------------------
@pytest.mark.book
@pytest.mark.dataset
def test_every_page_passes_axe_in_light_and_dark_mode(quick_book, book_browser):
    html = _built(quick_book)
    known = load_known_issues(KNOWN_ISSUES)
    report = audit_site(book_browser, html, book_pages(html))
    report["unlisted"] = blocking_unlisted(report["violations"], known)
    report["known_theme_issues"] = [asdict(issue) for issue in known]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    # The pages were seen in both themes, so the dark one was audited too.
    wrong = {key: theme for key, theme in report["themes"].items() if theme != key.rsplit("(", 1)[1].rstrip(")")}
    assert report["themes"] and not wrong, wrong
    assert not report["unlisted"], f"axe, serious or critical (report in {REPORT}):\n" + _format(report["unlisted"])
    stale = unused(report["violations"], known)
    assert not stale, f"listed in {KNOWN_ISSUES.name} but no longer found, remove them: {stale}"


# --- the checker catches failures ----------------------------------------------
def _page(tmp_path: Path, body: str) -> Path:
    (tmp_path / "page.html").write_text(PAGE.format(title="page", body="<main>" + body + "</main>"), encoding="utf-8")
    return tmp_path


def _audit_one(book_browser, site: Path, scheme: str = "light") -> list[dict]:
    with serve(site) as base:
        response, _ = audit(book_browser, base + "page.html", base, scheme)
    return violations(response, "page.html", scheme)


def test_axe_reports_an_image_without_alt_and_low_contrast(tmp_path, book_browser):
    site = _page(tmp_path, '<img src="data:image/png;base64,iVBORw0KGgo=" width="4" height="4">'
                           '<p style="color:#bbb;background:#fff">faint text</p>')
    found = _audit_one(book_browser, site)
    rules = {v["rule"]: v for v in blocking_unlisted(found, [])}
    assert "image-alt" in rules and rules["image-alt"]["impact"] == "critical", found
    assert "color-contrast" in rules and rules["color-contrast"]["impact"] == "serious", found


def test_dark_mode_is_audited_with_its_own_colours(tmp_path, book_browser):
    # Readable in light, unreadable in dark: only the dark audit may find it.
    style = "<style>@media (prefers-color-scheme: dark) { p { color:#333; background:#222 } }</style>"
    site = _page(tmp_path, style + "<p>text that vanishes in the dark</p>")
    assert not [v for v in _audit_one(book_browser, site, "light") if v["rule"] == "color-contrast"]
    assert [v for v in _audit_one(book_browser, site, "dark") if v["rule"] == "color-contrast"]
    # The same page, loaded once and switched to dark, as the book's pages are audited.
    with serve(site) as base:
        both = audit_light_then_dark(book_browser, base + "page.html", base)
    assert not [v for v in violations(both["light"][0], "page.html", "light") if v["rule"] == "color-contrast"]
    assert [v for v in violations(both["dark"][0], "page.html", "dark") if v["rule"] == "color-contrast"]
    assert both["dark"][0]["dark_rules"] == list(COLOUR_RULES)  # the document did not change


def test_a_page_whose_document_changes_in_the_dark_gets_every_rule_there(tmp_path, book_browser):
    # A script that adds an image without alt text when the system turns dark:
    # only a full audit in the dark can see it, and the check of the document asks for one.
    script = ("<script>matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => {"
              " if (e.matches) document.querySelector('main').insertAdjacentHTML('beforeend',"
              " '<img src=\"data:image/png;base64,iVBORw0KGgo=\" width=\"4\" height=\"4\">'); });</script>")
    site = _page(tmp_path, "<p>a page</p>" + script)
    with serve(site) as base:
        both = audit_light_then_dark(book_browser, base + "page.html", base)
    assert both["dark"][0]["dark_rules"] == "all"
    assert not [v for v in violations(both["light"][0], "page.html", "light") if v["rule"] == "image-alt"]
    assert [v for v in violations(both["dark"][0], "page.html", "dark") if v["rule"] == "image-alt"]


def test_a_listed_theme_issue_is_allowed_and_an_unused_one_is_reported(tmp_path):
    found = [{"rule": "color-contrast", "selector": ".theme-footer", "impact": "serious"},
             {"rule": "image-alt", "selector": "img", "impact": "critical"},
             {"rule": "region", "selector": "p", "impact": "moderate"}]
    known = [KnownIssue("color-contrast", ".theme-footer", "theme colour", "https://github.com/x/y/issues/1"),
             KnownIssue("list", "ul", "fixed since", "https://github.com/x/y/issues/2")]
    assert blocking_unlisted(found, known) == [found[1]]  # moderate ones are reported but do not fail
    assert unused(found, known) == [known[1]]


def test_the_list_of_theme_issues_is_well_formed(tmp_path):
    assert all(isinstance(issue, KnownIssue) for issue in load_known_issues(KNOWN_ISSUES))
    bad = tmp_path / "issues.json"
    bad.write_text(json.dumps([{"rule": "color-contrast", "selector": "a", "reason": "theme"}]))
    with pytest.raises(ValueError, match="entry 0"):
        load_known_issues(bad)
