"""Fingerprints that caches key their entries on: of arrays, and of the course code that computes.

Both the training cache (:mod:`aecourse.training_cache`) and the computation
cache (:mod:`aecourse.computation_cache`) must notice when their inputs or the
code that turns inputs into results change, and only then.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
from pathlib import Path
from types import ModuleType

import numpy as np

#: Packages whose code is keyed by their versions, not their source.
FRAMEWORK_PACKAGES = frozenset({"builtins", "keras", "tensorflow", "numpy", "tf_keras", "jax", "torch"})


def data_fingerprint(x: np.ndarray | None) -> str:
    """A hex digest of an array's dtype, shape and bytes (``"none"`` for ``None``)."""
    if x is None:
        return "none"
    x = np.ascontiguousarray(x)
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{x.dtype.str}{x.shape}".encode())
    digest.update(memoryview(x).cast("B"))
    return digest.hexdigest()


def _top_package(module: ModuleType) -> str:
    return module.__name__.split(".")[0]


def _course_modules(objects: list[object]) -> list[ModuleType]:
    """The non-framework modules that define ``objects``, and the modules of their package they use."""
    found: dict[str, ModuleType] = {}
    pending: list[ModuleType] = []
    for obj in objects:
        module = inspect.getmodule(obj if inspect.isclass(obj) or inspect.isroutine(obj) else type(obj))
        if module is not None and _top_package(module) not in FRAMEWORK_PACKAGES:
            pending.append(module)
    while pending:
        module = pending.pop()
        if module.__name__ in found:
            continue
        found[module.__name__] = module
        if hasattr(module, "__path__"):
            # A package's attributes include every submodule imported anywhere
            # (a plotting module too): its own source counts, not its attributes.
            continue
        package = _top_package(module)
        for value in vars(module).values():
            used = value if isinstance(value, ModuleType) else inspect.getmodule(value) if (
                inspect.isclass(value) or inspect.isroutine(value)) else None
            if used is not None and _top_package(used) == package and used.__name__ not in found:
                pending.append(used)
    return [found[name] for name in sorted(found)]


def code_text(source: str) -> str:
    """What of a module's ``source`` runs: its syntax tree without docstrings (comments and layout are not in it).

    An edit to a docstring, a comment or the layout leaves it unchanged, so
    that caches keyed on it do not compute again for prose; any change to
    what runs changes it. Source that does not parse is returned as it is.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


def _source_fingerprint(modules: list[ModuleType]) -> dict[str, str]:
    sources = {}
    for module in modules:
        path = getattr(module, "__file__", None)
        if path is None:  # a module without a file (built in the session): its name is all we have
            sources[module.__name__] = "no source file"
            continue
        text = code_text(Path(path).read_text(encoding="utf-8"))
        sources[module.__name__] = hashlib.sha256(text.encode()).hexdigest()
    return sources


def code_fingerprint(objects: list[object]) -> dict[str, str]:
    """Module name → SHA-256 of the code (:func:`code_text`), for each course module that defines one of ``objects`` or that they use."""
    return _source_fingerprint(_course_modules(objects))
