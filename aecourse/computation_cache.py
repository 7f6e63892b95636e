"""Results of slow, deterministic computations, kept between builds of the book.

A chapter that runs again because a plotting helper changed should not spend
minutes recomputing a t-SNE map or a nearest-neighbour search whose inputs did
not change. :func:`cached_call` runs ``function(*args, **kwargs)`` once and
stores its result under a key made of:

- the function's qualified name and the source of the course modules it
  comes from or uses (a change to the code computes again);
- every argument: arrays by dtype, shape and bytes, other values by ``repr``;
- the versions of Python, NumPy and scikit-learn.

The store is ``$AECOURSE_COMPUTATION_CACHE`` (the book build sets it, beside
the training cache); without it, the function simply runs. A result is a NumPy
array or a frozen dataclass of numbers; it is written to a temporary file and
renamed, checked against its SHA-256 when read, and computed again when an
entry is damaged. A stored result keeps the timings measured when it was
computed, as a cached training run does.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import platform
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from aecourse.fingerprints import code_fingerprint, data_fingerprint

CACHE_DIR_ENV_VAR = "AECOURSE_COMPUTATION_CACHE"
Result = TypeVar("Result")


def _argument_fingerprint(value: object) -> str:
    if isinstance(value, np.ndarray):
        return "array:" + data_fingerprint(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_argument_fingerprint(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k!r}:{_argument_fingerprint(v)}" for k, v in sorted(value.items())) + "}"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise TypeError(f"cannot key a cached computation on a {type(value).__name__}; pass arrays, numbers or strings.")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def computation_key(function: Callable, args: tuple, kwargs: dict) -> str:
    """The key of ``function(*args, **kwargs)``: a hex digest (see the module docstring)."""
    parts = {
        "function": f"{function.__module__}.{function.__qualname__}",
        "source": code_fingerprint([function]),
        "args": [_argument_fingerprint(a) for a in args],
        "kwargs": {k: _argument_fingerprint(v) for k, v in sorted(kwargs.items())},
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "scikit-learn": _version("scikit-learn")},
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:40]


def _encode(result: object) -> bytes:
    if isinstance(result, np.ndarray):
        buffer = io.BytesIO()
        np.save(buffer, result, allow_pickle=False)
        return b"array\n" + buffer.getvalue()
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        values = dataclasses.asdict(result)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values.values()):
            raise TypeError(f"only dataclasses of numbers can be cached, got {values}.")
        return b"dataclass\n" + json.dumps(values, sort_keys=True).encode()
    raise TypeError(f"a cached computation must return an array or a dataclass of numbers, not {type(result).__name__}.")


def _decode(blob: bytes, template: type | None) -> object:
    kind, _, payload = blob.partition(b"\n")
    if kind == b"array":
        return np.load(io.BytesIO(payload), allow_pickle=False)
    if kind == b"dataclass" and template is not None:
        return template(**json.loads(payload))
    raise ValueError("unknown entry")


def cached_call(function: Callable[..., Result], *args: Any, returns: type | None = None, **kwargs: Any) -> Result:
    """``function(*args, **kwargs)``, from the computation cache when it holds it.

    ``returns`` names the dataclass that ``function`` returns, if it returns one
    (to rebuild it from the store); arrays need nothing.
    """
    folder = os.environ.get(CACHE_DIR_ENV_VAR, "").strip()
    if not folder:
        return function(*args, **kwargs)
    folder = Path(folder)
    entry = folder / computation_key(function, args, kwargs)
    if entry.is_file():
        blob = entry.read_bytes()
        digest, _, body = blob.partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() == digest:
            try:
                return _decode(body, returns)  # type: ignore[return-value]
            except (ValueError, TypeError, OSError):
                pass
        entry.unlink(missing_ok=True)  # damaged: computed again below
    result = function(*args, **kwargs)
    body = _encode(result)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".", delete=False) as stream:
        stream.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    os.replace(stream.name, entry)
    return result
