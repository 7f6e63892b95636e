import io
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest

from aecourse.models import build_stacked_autoencoder
from aecourse.seeding import seed_everything
from aecourse.training import fit_autoencoder


def _weights_after_training(seed: int) -> list[np.ndarray]:
    seed_everything(seed)
    x = np.random.random((64, 8, 8)).astype("float32")  # drawn after seeding: seeded too
    ae = build_stacked_autoencoder((16, 4), image_shape=(8, 8))
    ae.model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy")
    fit_autoencoder(ae.model, x, epochs=2, batch_size=16)
    return [np.array(w) for w in ae.model.get_weights()]


def test_same_seed_gives_the_same_weights_after_training():
    first, second = _weights_after_training(7), _weights_after_training(7)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


def test_other_seed_gives_other_weights():
    first, second = _weights_after_training(7), _weights_after_training(8)
    assert any(not np.array_equal(a, b) for a, b in zip(first, second, strict=True))


def test_same_seed_gives_the_same_weights_in_another_process():
    # Without TensorFlow's op determinism (Keras turns XLA off under it), the
    # package's settings must still make training reproducible across processes.
    code = (
        "import aecourse, sys, numpy as np; sys.path.insert(0, %r); from test_seeding import _weights_after_training; "
        "np.save(sys.stdout.buffer, np.concatenate([w.ravel() for w in _weights_after_training(7)]))"
    ) % str(Path(__file__).parent)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True).stdout
    other = np.load(io.BytesIO(out))
    np.testing.assert_array_equal(np.concatenate([w.ravel() for w in _weights_after_training(7)]), other)


@pytest.mark.parametrize("seed", [-1, 1.5, "42", True])
def test_bad_seed_is_refused(seed):
    with pytest.raises(ValueError, match="seed"):
        seed_everything(seed)
