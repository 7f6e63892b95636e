import io

import numpy as np
import pytest

from aecourse.grading.wire import HEADER, WireError, decode, encode, receive, send


@pytest.mark.parametrize(
    "value",
    [None, True, 3, 2.5, "text", [1, 2], (1, "a"), {"k": [1.0, None]}],
)
def test_plain_values_round_trip(value):
    assert decode(encode(value)) == value


def test_arrays_round_trip_with_dtype_and_shape():
    for array in (np.arange(6, dtype=np.int32).reshape(2, 3), np.linspace(0, 1, 5), np.array([True, False])):
        back = decode(encode(array))
        assert back.dtype == array.dtype and back.shape == array.shape
        np.testing.assert_array_equal(back, array)
    assert decode(encode(np.float32(0.5))) == 0.5


def test_object_arrays_and_unknown_types_are_refused():
    with pytest.raises(WireError, match="dtype object"):
        encode(np.array([object()]))
    with pytest.raises(WireError, match="cannot be returned"):
        encode(lambda: 1)


def test_decoding_refuses_forged_data():
    with pytest.raises(WireError, match="dtype"):
        decode({"__ndarray__": "", "dtype": "object", "shape": [0]})
    with pytest.raises(WireError, match="shape"):
        decode({"__ndarray__": "AAAA", "dtype": "uint8", "shape": [10]})
    with pytest.raises(WireError, match="unexpected form"):
        decode({"__pickle__": "..."})


def test_keras_model_round_trip():
    import keras

    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2, activation="selu")])
    back = decode(encode(model))
    assert back.count_params() == 8
    x = np.ones((1, 3), dtype="float32")
    np.testing.assert_allclose(back.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_messages_are_framed():
    stream = io.BytesIO()
    send(stream, {"a": 1})
    send(stream, {"b": [2]})
    stream.seek(0)
    assert receive(stream) == {"a": 1} and receive(stream) == {"b": [2]}
    with pytest.raises(EOFError):
        receive(stream)


def test_deeply_nested_messages_and_values_are_refused_not_crashing():
    """json and decode give up on deep nesting with RecursionError, which is not a ValueError."""
    depth = 100_000
    stream = io.BytesIO()
    payload = ('{"value": ' + "[" * depth + "]" * depth + "}").encode()
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.seek(0)
    with pytest.raises(WireError, match="nested too deeply"):
        receive(stream)
    nested: list = []
    for _ in range(depth):
        nested = [nested]
    with pytest.raises(WireError, match="nested too deeply"):
        decode(nested)
