import numpy as np

from aecourse.fingerprints import code_fingerprint, data_fingerprint


def _data(seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((64, 6, 6)).astype("float32")


def test_data_fingerprint_sees_dtype_shape_and_content():
    x = _data()
    assert data_fingerprint(x) == data_fingerprint(x.copy())
    assert data_fingerprint(x) != data_fingerprint(x.astype("float64"))
    assert data_fingerprint(x) != data_fingerprint(x.reshape(64, 36))
    y = x.copy()
    y[0, 0, 0] += 1e-3
    assert data_fingerprint(x) != data_fingerprint(y)
    assert data_fingerprint(None) == "none"


def test_code_fingerprint_covers_the_course_modules_used_and_not_the_frameworks():
    from aecourse.codes.retrieval import search_scores

    modules = code_fingerprint([search_scores])
    assert {"aecourse.codes.retrieval", "aecourse.computation_cache", "aecourse.fingerprints"} <= set(modules)
    assert not any(name.startswith(("numpy", "sklearn")) for name in modules)
    assert all(len(digest) == 64 for digest in modules.values())


def test_code_text_ignores_docstrings_comments_and_layout_but_not_code():
    from aecourse.fingerprints import code_text

    base = '"""Module."""\nimport math\n\n\ndef f(x):\n    """Doc."""\n    return math.sqrt(x)\n'
    same = ('"""Module, edited."""\n# a comment\nimport math\n\ndef f(x):  # another\n'
            '    """Doc, edited\n    at length."""\n\n    return math.sqrt( x )\n')
    assert code_text(base) == code_text(same) == code_text(base.replace('    """Doc."""\n', ""))
    for changed in (base.replace("sqrt", "exp"),
                    base.replace('    """Doc."""\n', '    x = x\n    """Doc."""\n'), base + "\nY = 1\n"):
        assert code_text(changed) != code_text(base), changed
    assert code_text("def broken(:\n") == "def broken(:\n"


def test_code_fingerprint_follows_code_edits_only(tmp_path, monkeypatch):
    import importlib
    import sys

    monkeypatch.syspath_prepend(str(tmp_path))
    module_file = tmp_path / "minifinger.py"

    def fingerprint(text: str) -> str:
        module_file.write_text(text)
        sys.modules.pop("minifinger", None)
        importlib.invalidate_caches()
        return code_fingerprint([importlib.import_module("minifinger").f])["minifinger"]

    first = fingerprint('def f(x):\n    """Twice x."""\n    return 2 * x\n')
    assert fingerprint('def f(x):\n    """Twice x, in words."""\n    return 2 * x  # doubled\n') == first
    assert fingerprint('def f(x):\n    """Twice x."""\n    return 3 * x\n') != first
