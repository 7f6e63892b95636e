"""The pinned packages that some Python files need: found from their imports, versions from the lock.

The student handout (``aecourse release``) and the Gradescope autograder
(``aecourse gradescope``) each ship a ``requirements.txt``. Both are made here
the same way: the top-level modules that the shipped files import, minus the
standard library and the course's own modules, are mapped to the installed
distributions that provide them; those distributions and everything they
depend on are pinned at the versions of ``requirements.lock``, and nothing else
is. So the exercises run with the versions the course is tested with, and a
student installs NumPy, SciPy, Keras, TensorFlow and pytest, not the book's
packages.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK_NAME = "requirements.lock"
# Keras 3 imports its backend by name at run time, so no file imports it.
KERAS_BACKEND = "tensorflow"
# tensorflow-cpu has no wheels for macOS, where the same version of the
# tensorflow package is a CPU build.
MACOS_TENSORFLOW = "tensorflow"
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)\s*$")


class RequirementsError(ValueError):
    """The requirements cannot be worked out (a module is not installed, or not in the lock)."""


def read_lock(path: Path) -> dict[str, tuple[str, str]]:
    """Canonical name → (name as written, version), for every ``name==version`` line of ``path``.

    Raises:
        RequirementsError: if ``path`` is not a file.
    """
    if not Path(path).is_file():
        raise RequirementsError(f"no {LOCK_NAME} at {path}: the exercises folder must sit in the course's "
                                "repository, beside its requirements.lock.")
    pins: dict[str, tuple[str, str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[canonicalize_name(match["name"])] = (match["name"], match["version"])
    return pins


def imported_modules(paths: Iterable[Path]) -> set[str]:
    """Top-level names of the modules that ``paths`` import absolutely (anywhere in the file)."""
    names: set[str] = set()
    for path in paths:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def third_party_modules(paths: Iterable[Path], local: Iterable[str]) -> set[str]:
    """The modules ``paths`` import that are neither the standard library's nor in ``local``.

    With Keras among them, its backend (TensorFlow) too.
    """
    modules = imported_modules(paths) - set(sys.stdlib_module_names) - set(local) - {"__future__"}
    if "keras" in modules:
        modules.add(KERAS_BACKEND)
    return modules


def distributions_of(modules: Iterable[str], lock: dict[str, tuple[str, str]]) -> set[str]:
    """Canonical names of the locked distributions that provide ``modules``.

    Raises:
        RequirementsError: for a module that no locked distribution provides.
    """
    providers = metadata.packages_distributions()
    found: set[str] = set()
    for module in sorted(modules):
        locked = [canonicalize_name(d) for d in providers.get(module, []) if canonicalize_name(d) in lock]
        if not locked:
            raise RequirementsError(
                f"the exercises import {module!r}, which no package of requirements.lock provides "
                "(or it is not installed here): add it to pyproject.toml and run 'make lock'."
            )
        found.update(locked)
    return found


def pinned_closure(roots: Iterable[str], lock: dict[str, tuple[str, str]]) -> dict[str, str | None]:
    """Canonical name → environment marker (``None``: everywhere) for ``roots`` and their dependencies.

    Dependencies are read from the installed distributions' metadata, which
    matches the lock in the course's environment. A dependency behind an extra
    is skipped; one behind another marker keeps it (pip then installs it only
    where the marker holds); one that is not in the lock (needed only on
    another platform) is left to pip to resolve.
    """
    reached: dict[str, set[str] | None] = {}
    queue: list[tuple[str, str | None]] = [(canonicalize_name(r), None) for r in roots]
    while queue:
        name, marker = queue.pop()
        known = reached.get(name, set())
        if name in reached and (known is None or marker in known):
            continue
        reached[name] = None if marker is None else known | {marker}
        try:
            requires = metadata.distribution(lock[name][0]).requires or []
        except metadata.PackageNotFoundError:
            raise RequirementsError(
                f"{lock[name][0]} is in requirements.lock but not installed here: run 'make setup'."
            ) from None
        for text in requires:
            requirement = Requirement(text)
            dependency = canonicalize_name(requirement.name)
            condition = str(requirement.marker) if requirement.marker else None
            if dependency not in lock or (condition and "extra" in condition):
                continue
            if condition and not requirement.marker.evaluate():
                continue  # not installed with the lock: not pinned for elsewhere either
            queue.append((dependency, _joined("and", [m for m in (marker, condition) if m])))
    return {name: None if found is None else _joined("or", sorted(found)) for name, found in reached.items()}


def _joined(operator: str, markers: list[str]) -> str | None:
    """``markers`` joined by ``operator`` (``None`` for none, unchanged for one)."""
    if len(markers) < 2:
        return markers[0] if markers else None
    return f" {operator} ".join(f"({m})" for m in markers)


def requirement_lines(markers: dict[str, str | None], lock: dict[str, tuple[str, str]]) -> list[str]:
    """``name==version[; marker]`` lines, sorted by name; tensorflow-cpu gets its macOS twin."""
    lines = []
    for name in sorted(markers):
        written, version = lock[name]
        marker = markers[name]
        if name == "tensorflow-cpu":
            base = f"({marker}) and " if marker else ""
            lines.append(f'{written}=={version}; {base}sys_platform != "darwin"')
            lines.append(f'{MACOS_TENSORFLOW}=={version}; {base}sys_platform == "darwin"')
        else:
            lines.append(f"{written}=={version}" + (f"; {marker}" if marker else ""))
    return lines


def requirements_text(paths: Iterable[Path], lock_path: Path, local: Iterable[str], purpose: str) -> str:
    """The text of a ``requirements.txt`` for the files ``paths``.

    Args:
        paths: the Python files that will run (exercise modules, tests, grader).
        lock_path: the course's ``requirements.lock``.
        local: top-level module names that ship with the files (not installed).
        purpose: a line saying what the requirements are for, for the header.
    """
    lock = read_lock(lock_path)
    modules = third_party_modules(list(paths), local)
    roots = distributions_of(modules, lock)
    lines = requirement_lines(pinned_closure(roots, lock), lock)
    header = [
        f"# {purpose}",
        f"# The packages they import ({', '.join(sorted(modules))}) and their dependencies, at the",
        "# versions of the course's requirements.lock. Written by aecourse; do not edit.",
    ]
    return "\n".join([*header, *lines]) + "\n"
