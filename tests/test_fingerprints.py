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
