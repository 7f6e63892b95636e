import logging

import keras
import numpy as np
import pytest

from aecourse.inference import BATCH_SIZE, many_models, run_in_batches


def test_outputs_in_batches_equal_one_call_and_use_inference_mode():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dropout(0.9), keras.layers.Dense(2)])
    x = np.random.default_rng(0).random((BATCH_SIZE + 7, 4)).astype("float32")
    outputs = run_in_batches(model, x)
    # Batches may sum each 4-term dot product in another order: a few float32 ulps of terms of order 1
    # (~1e-7), not of the result, which can be near 0; hence an atol as well as an rtol.
    np.testing.assert_allclose(outputs, keras.ops.convert_to_numpy(model(x, training=False)), rtol=1e-5, atol=1e-6)
    assert outputs.shape == (BATCH_SIZE + 7, 2)
    with pytest.raises(ValueError, match="no images"):
        run_in_batches(model, x[:0])


def test_a_model_with_several_outputs_gives_one_array_per_output():
    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, [keras.layers.Dense(2)(inputs), keras.layers.Dense(3)(inputs)])
    x = np.random.default_rng(1).random((BATCH_SIZE + 5, 4)).astype("float32")
    first, second = run_in_batches(model, x)
    expected = model(x)
    assert first.shape == (BATCH_SIZE + 5, 2) and second.shape == (BATCH_SIZE + 5, 3)
    np.testing.assert_allclose(second, keras.ops.convert_to_numpy(expected[1]), rtol=1e-5, atol=1e-6)  # as above


def test_many_models_hides_tensorflow_warnings_only_inside(caplog):
    logger = logging.getLogger("tensorflow")
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        with many_models():
            logger.warning("5 out of the last 5 calls triggered tf.function retracing")
            logger.error("a real error")
        logger.warning("a warning after")
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["a real error", "a warning after"]
