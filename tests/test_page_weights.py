"""The page-weights extension measures pages on a tiny hand-made HTML folder (no Sphinx build)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import load_book_extension

page_weights = load_book_extension("page_weights")


def _write(path: Path, content: bytes | str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    return len(data)


@pytest.fixture
def site(tmp_path) -> tuple[Path, dict[str, int]]:
    """A fake HTML build, and the sizes of the files it is made of."""
    out = tmp_path / "html"
    size = {}
    size["_images/fig1.png"] = _write(out / "_images" / "fig1.png", b"\x89PNG" + b"1" * 996)
    size["_images/fig2.png"] = _write(out / "_images" / "fig2.png", b"\x89PNG" + b"2" * 1996)
    size["_images/unused.png"] = _write(out / "_images" / "unused.png", b"3" * 5000)
    size["book/local.svg"] = _write(out / "book" / "local.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    size["_static/logo.png"] = _write(out / "_static" / "logo.png", b"4" * 300)
    size["_static/plotly.min.js"] = _write(out / "_static" / "plotly.min.js", b"5" * 7000)
    size["_static/nested/font.woff2"] = _write(out / "_static" / "nested" / "font.woff2", b"6" * 700)
    size["_sources/book/a.md"] = _write(out / "_sources" / "book" / "a.md", "# a\n")
    size["book/a.html"] = _write(out / "book" / "a.html", (
        '<html><body><img src="../_images/fig1.png" alt="1">'
        '<img src="../_images/fig1.png?v=2#x" alt="again, counted once">'
        '<img alt="2" src="../_images/fig%32.png">'
        '<img src="local.svg"><img src="../_static/logo.png" alt="shared">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">'
        '<img src="https://example.org/remote.png" alt="remote">'
        '<img src="../_images/missing.png" alt="missing">'
        '<img src="../../outside.png" alt="outside the build">'
        "</body></html>"
    ))
    size["book/b.html"] = _write(out / "book" / "b.html", '<p>no image</p><picture><source srcset="../_images/fig2.png 2x">'
                                 '<img src="../_static/logo.png"></picture>')
    size["index.html"] = _write(out / "index.html", '<meta http-equiv="Refresh" content="0; url=book/a.html" />')
    size["_static/page.html"] = _write(out / "_static" / "page.html", "<p>a static page</p>")
    _write(tmp_path / "outside.png", b"7" * 10_000)
    return out, size


def test_measure_counts_each_page_and_its_own_images(site):
    out, size = site
    weights = page_weights.measure(out)
    assert weights["pages"] == {
        "book/a.html": size["book/a.html"] + size["_images/fig1.png"] + size["_images/fig2.png"] + size["book/local.svg"],
        "book/b.html": size["book/b.html"] + size["_images/fig2.png"],
        "index.html": size["index.html"],
    }
    shared = sum(value for name, value in size.items() if name.startswith("_static/"))
    assert weights["shared_static_bytes"] == shared
    assert weights["limit_bytes"] == 1_500_000
    json.dumps(weights)  # ready for page-weights.json


def test_over_limit_lists_heavy_pages_only(site):
    out, size = site
    weights = page_weights.measure(out, limit_bytes=size["book/b.html"] + size["_images/fig2.png"])
    assert page_weights.over_limit(weights) == {"book/a.html": weights["pages"]["book/a.html"]}
    assert page_weights.over_limit(page_weights.measure(out)) == {}


def test_measure_of_an_empty_build(tmp_path):
    assert page_weights.measure(tmp_path) == {"pages": {}, "shared_static_bytes": 0, "limit_bytes": 1_500_000}


class _Recorder:
    def __init__(self):
        self.infos, self.warnings = [], []

    def info(self, message, *args, **kwargs):
        self.infos.append(message % args)

    def warning(self, message, *args, **kwargs):
        self.warnings.append((message % args, kwargs))


def test_build_finished_writes_the_report_and_warns_on_heavy_pages(site, monkeypatch):
    out, size = site
    recorder = _Recorder()
    monkeypatch.setattr(page_weights, "logger", recorder)
    big = _write(out / "book" / "big.html", "<p>" + "x" * 6_000 + "</p>")
    app = SimpleNamespace(outdir=str(out), builder=SimpleNamespace(format="html"),
                          config=SimpleNamespace(page_weights_limit_bytes=5_000))

    page_weights._report(app, None)

    report = json.loads((out / "page-weights.json").read_text())
    assert report["pages"]["book/big.html"] == big
    assert report["limit_bytes"] == 5_000
    assert len(recorder.infos) == 4 and all("page weight:" in line for line in recorder.infos)
    assert len(recorder.warnings) == 1
    message, kwargs = recorder.warnings[0]
    assert "book/big.html" in message and str(big) in message
    assert kwargs == {"type": "page_weights", "subtype": "over_limit"}


def test_build_finished_does_nothing_after_a_failure_or_for_other_builders(site):
    out, _ = site
    page_weights._report(SimpleNamespace(outdir=str(out), builder=SimpleNamespace(format="html")), RuntimeError())
    page_weights._report(SimpleNamespace(outdir=str(out), builder=SimpleNamespace(format="latex")), None)
    assert not (out / "page-weights.json").exists()


def test_setup_runs_after_the_other_build_finished_handlers():
    calls, config = [], []
    app = SimpleNamespace(connect=lambda event, handler, priority=500: calls.append((event, handler, priority)),
                          add_config_value=lambda name, default, rebuild, types=(): config.append((name, default)))
    metadata = page_weights.setup(app)
    assert calls == [("build-finished", page_weights._report, 900)]
    assert config == [("page_weights_limit_bytes", 1_500_000)]
    assert metadata["parallel_read_safe"] and metadata["parallel_write_safe"]
