"""Runs one student's exercise module and answers calls from the grader.

Started by :mod:`aecourse.grading.proxy`, normally inside a sandbox, as a
plain script: ``python worker.py MODULE_DIR EXERCISE REQUEST_FD RESPONSE_FD``.
It imports nothing from aecourse (only ``wire``, copied beside it), so the
sandbox needs to show it no more than the student's file and Python.

Protocol, over two pipes: the worker first sends ``{"ready": true}`` or
``{"import_error": "..."}``; then, for each request ``{"function", "args",
"kwargs"}``, it answers ``{"value": ...}`` or ``{"error": {"type", "message"}}``.
"""

from __future__ import annotations

import importlib
import os
import random
import sys
import traceback

import wire

CALL_SEED = 0


def _describe(error: BaseException) -> dict:
    if isinstance(error, SystemExit):
        return {"type": "SystemExit", "message": f"the code called sys.exit({error.code!r})"}
    frames = traceback.extract_tb(error.__traceback__)
    where = ""
    for frame in reversed(frames):
        if frame.filename.endswith(".py") and os.path.basename(os.path.dirname(frame.filename)) == "submission":
            where = f" (line {frame.lineno} of {os.path.basename(frame.filename)})"
            break
    if isinstance(error, SyntaxError):
        where = ""  # its message already names the file and line
    return {"type": type(error).__name__, "message": f"{error}{where}"[:2000]}


def _seed_everything() -> None:
    random.seed(CALL_SEED)
    import numpy as np

    np.random.seed(CALL_SEED)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(CALL_SEED)


def main() -> int:
    module_dir, exercise, request_fd, response_fd = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    requests = os.fdopen(request_fd, "rb")
    responses = os.fdopen(response_fd, "wb")
    sys.stdin = open(os.devnull)
    sys.path.insert(0, module_dir)
    try:
        module = importlib.import_module(exercise)
    except BaseException as error:  # noqa: BLE001  (a student's module may raise anything)
        wire.send(responses, {"import_error": _describe(error)})
        return 0
    wire.send(responses, {"ready": True})
    while True:
        try:
            request = wire.receive(requests)
        except EOFError:
            return 0
        name = request.get("function", "")
        function = getattr(module, name, None)
        if not callable(function):
            known = sorted(n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n)))
            wire.send(responses, {"error": {"type": "AttributeError",
                                            "message": f"{exercise}.py has no function {name!r} (it has: {', '.join(known) or 'none'})"}})
            continue
        try:
            args = wire.decode(request.get("args", []))
            kwargs = wire.decode(request.get("kwargs", {"__dict__": {}}))
            _seed_everything()
            value = function(*args, **kwargs)
            answer = {"value": wire.encode(value)}
        except BaseException as error:  # noqa: BLE001
            answer = {"error": _describe(error)}
        wire.send(responses, answer)


if __name__ == "__main__":
    sys.exit(main())
