"""The GitHub workflows in ``.github/workflows/`` are valid and call what exists.

- ``actionlint`` (from ``requirements.lock``) finds nothing wrong in them. It runs
  with the ``shellcheck`` of the same environment, so that the shell scripts of
  their ``run:`` steps are checked too, on every machine alike (actionlint skips
  that check silently when no shellcheck is on ``PATH``).
- every ``make`` target that they call is a target of the Makefile;
- the book workflow publishes with the official Pages actions and the Pages
  permissions, and keeps the build cache between runs.

They need no network and no GitHub: they read the files.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
TEST_WORKFLOW = WORKFLOWS / "test.yml"
BOOK_WORKFLOW = WORKFLOWS / "book.yml"
BIN = Path(sys.executable).parent


def _tool(name: str) -> Path:
    path = BIN / name
    if not path.is_file():
        pytest.fail(f"{name} is not installed in this environment ({path} is missing): "
                    "install requirements.lock, e.g. with 'make setup'.", pytrace=False)
    return path


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _uses(workflow: dict) -> list[str]:
    return [step["uses"] for step in _steps(workflow) if "uses" in step]


# --- actionlint -------------------------------------------------------------------


def test_the_workflows_are_the_two_expected():
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["book.yml", "test.yml"]


def test_actionlint_finds_nothing():
    actionlint, shellcheck = _tool("actionlint"), _tool("shellcheck")
    result = subprocess.run(
        [str(actionlint), "-shellcheck", str(shellcheck), "-pyflakes=", "-no-color",
         str(TEST_WORKFLOW), str(BOOK_WORKFLOW)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_runs_shellcheck_on_the_run_scripts(tmp_path):
    """The check above would miss shell mistakes if shellcheck did not run: show that it does."""
    actionlint, shellcheck = _tool("actionlint"), _tool("shellcheck")
    broken = tmp_path / "broken.yml"
    broken.write_text(TEST_WORKFLOW.read_text().replace("make test PYTHON=python", "make test PYTHON=$(ls *.txt)"))
    result = subprocess.run([str(actionlint), "-shellcheck", str(shellcheck), "-pyflakes=", "-no-color", str(broken)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "SC2046" in result.stdout, result.stdout + result.stderr


def test_actions_are_pinned_by_major_version():
    for path in (TEST_WORKFLOW, BOOK_WORKFLOW):
        for action in _uses(_load(path)):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", action), f"{path.name}: {action}"


# --- make targets -----------------------------------------------------------------


def makefile_targets(makefile: str) -> set[str]:
    """The explicit targets of a Makefile (rule lines ``name ...: ...``, not variables)."""
    targets = set()
    for line in makefile.splitlines():
        match = re.match(r"^([A-Za-z0-9_.%/-]+(?:[ \t]+[A-Za-z0-9_.%/-]+)*)[ \t]*::?(?!=)", line)
        if match:
            targets.update(match.group(1).split())
    return targets - {".PHONY"}


def make_calls(workflow: str) -> list[list[str]]:
    """The targets of each ``make`` command in the ``run:`` scripts of a workflow (``[]``: the default goal)."""
    calls = []
    for step in _steps(yaml.safe_load(workflow)):
        for line in step.get("run", "").splitlines():
            words = shlex.split(line, comments=True)
            for index, word in enumerate(words):
                if word == "make" and (index == 0 or words[index - 1] in {"&&", "||", ";", "then", "do", "sudo"}):
                    arguments = []
                    for argument in words[index + 1:]:
                        if argument in {"&&", "||", ";", "|"}:
                            break
                        arguments.append(argument)
                    calls.append([a for a in arguments if not a.startswith("-") and "=" not in a])
    return calls


def missing_make_targets(workflow: str, makefile: str) -> list[str]:
    """What a workflow asks of ``make`` that the Makefile does not have."""
    targets = makefile_targets(makefile)
    missing = []
    for call in make_calls(workflow):
        if not call:
            missing.append("(no target: make's default goal)")
        missing += [target for target in call if target not in targets]
    return missing


def test_the_makefile_parser_finds_the_targets():
    targets = makefile_targets((ROOT / "Makefile").read_text())
    assert {"book", "test", "data", "setup", "test-system-packages", "clean-all"} <= targets
    assert not {"PYTHON", "VENV", "BUILD_FLAGS", "TEST_COMMANDS"} & targets  # variables are not targets


def test_a_made_up_target_is_caught():
    makefile = (ROOT / "Makefile").read_text()
    workflow = (
        "on: push\n"
        "jobs:\n"
        "  j:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: make test PYTHON=python\n"
        "      - run: |\n"
        "          echo make is not called here\n"
        "          cd . && make -j2 tset book # the typo is the point\n"
        "      - run: make\n"
    )
    assert make_calls(workflow) == [["test"], ["tset", "book"], []]
    assert missing_make_targets(workflow, makefile) == ["tset", "(no target: make's default goal)"]


@pytest.mark.parametrize("path", [TEST_WORKFLOW, BOOK_WORKFLOW], ids=lambda p: p.name)
def test_every_make_target_called_exists(path):
    workflow = path.read_text()
    assert make_calls(workflow), f"{path.name} calls no make target"
    assert missing_make_targets(workflow, (ROOT / "Makefile").read_text()) == []


# --- what each workflow does ---------------------------------------------------------


def test_the_test_workflow_runs_make_test_on_pushes_and_pull_requests():
    text = TEST_WORKFLOW.read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert "push" in triggers and "pull_request" in triggers
    assert ["test"] in make_calls(text)
    runners = {job["runs-on"] for job in workflow["jobs"].values()}
    assert runners == {"ubuntu-latest"}


def test_the_book_workflow_publishes_with_the_official_pages_actions():
    text = BOOK_WORKFLOW.read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow[True]
    assert triggers["push"] == {"branches": ["main"]} and "workflow_dispatch" in triggers
    assert ["book"] in make_calls(text)
    names = {action.split("@")[0] for action in _uses(workflow)}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= names
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"]
    upload = next(s for s in _steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"


def test_the_book_workflow_keeps_the_build_cache_keyed_on_what_makes_it_stale():
    workflow = _load(BOOK_WORKFLOW)
    caches = [s for s in _steps(workflow) if s.get("uses", "").startswith("actions/cache@")
              and s["with"]["path"] == "_build/.cache"]
    assert len(caches) == 1
    settings = caches[0]["with"]
    hashed = re.search(r"hashFiles\(([^)]*)\)", settings["key"])
    assert hashed, settings["key"]
    inputs = {part.strip().strip("'\"") for part in hashed.group(1).split(",")}
    assert inputs == {"requirements.lock", "aecourse/**", "book/**", "_config.yml", "_toc.yml"}
    # A partial match restores an older cache (safe: its entries are keyed themselves).
    prefix = settings["key"][: hashed.start()].removesuffix("${{ ")
    assert settings["restore-keys"].strip() == prefix
    # The cache step comes before the build, which it would not help after.
    steps = _steps(workflow)
    build = next(i for i, s in enumerate(steps) if "make book" in s.get("run", ""))
    assert steps.index(caches[0]) < build
