"""The data that crosses between the grader and a student's process.

Only plain data travels, as JSON: ``None``, bools, numbers, strings, lists,
tuples, dicts with string keys, NumPy arrays of numeric or bool dtype, and Keras
models (as their configuration and weights). Nothing is unpickled, so whatever
the student's process sends, decoding it cannot run code.
"""

from __future__ import annotations

import base64
import json
import struct
from typing import Any, BinaryIO

import numpy as np

ALLOWED_DTYPES = frozenset(
    ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64"]
)
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
HEADER = struct.Struct(">Q")


class WireError(ValueError):
    """A value cannot cross the process boundary, or a message is malformed."""


def encode(value: Any) -> Any:
    """Turn ``value`` into JSON-ready data (see the module docstring for what is allowed)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, np.generic):
        return encode(value.item())
    if isinstance(value, np.ndarray):
        if value.dtype.name not in ALLOWED_DTYPES:
            raise WireError(f"arrays of dtype {value.dtype} cannot be returned; use a numeric dtype.")
        data = np.ascontiguousarray(value)
        return {"__ndarray__": base64.b64encode(data.tobytes()).decode("ascii"),
                "dtype": data.dtype.name, "shape": list(data.shape)}
    if isinstance(value, (list, tuple)):
        return {"__tuple__": [encode(v) for v in value]} if isinstance(value, tuple) else [encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise WireError("only dicts with string keys can cross to the grader.")
        return {"__dict__": {k: encode(v) for k, v in value.items()}}
    if _is_keras_model(value):
        return {"__keras_model__": value.to_json(), "weights": [encode(np.asarray(w)) for w in value.get_weights()]}
    if hasattr(value, "numpy") and callable(value.numpy):  # a TensorFlow or Keras tensor
        return encode(np.asarray(value.numpy()))
    raise WireError(f"a value of type {type(value).__name__} cannot be returned to the grader.")


def decode(data: Any) -> Any:
    """Inverse of :func:`encode`; raises :class:`WireError` on anything else (nested too deeply included)."""
    try:
        return _decode(data)
    except RecursionError:
        raise WireError("refused a value nested too deeply.") from None


def _decode(data: Any) -> Any:
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [_decode(v) for v in data]
    if isinstance(data, dict):
        if "__ndarray__" in data:
            dtype = str(data.get("dtype"))
            if dtype not in ALLOWED_DTYPES:
                raise WireError(f"refused an array of dtype {dtype!r}.")
            shape = tuple(int(s) for s in data["shape"])
            array = np.frombuffer(base64.b64decode(data["__ndarray__"]), dtype=dtype)
            if array.size != int(np.prod(shape, dtype=np.int64)):
                raise WireError("array data does not match its shape.")
            return array.reshape(shape).copy()
        if "__tuple__" in data:
            return tuple(_decode(v) for v in data["__tuple__"])
        if "__dict__" in data:
            return {str(k): _decode(v) for k, v in data["__dict__"].items()}
        if "__keras_model__" in data:
            return _rebuild_keras_model(data["__keras_model__"], [_decode(w) for w in data["weights"]])
    raise WireError(f"refused a value of unexpected form ({type(data).__name__}).")


def _is_keras_model(value: Any) -> bool:
    module = type(value).__module__
    if not module.startswith(("keras", "tf_keras", "tensorflow")):
        return False
    import keras

    return isinstance(value, keras.Model)


def _rebuild_keras_model(config_json: str, weights: list[np.ndarray]):
    import keras

    try:
        # Keras's safe mode (on by default) refuses lambda layers and other code
        # hidden in a configuration; unknown custom classes fail to deserialise.
        model = keras.models.model_from_json(config_json)
        model.set_weights(weights)
    except Exception as error:
        raise WireError(f"the returned Keras model could not be rebuilt: {type(error).__name__}: {error}") from None
    return model


def send(stream: BinaryIO, message: dict) -> None:
    """Write one length-prefixed JSON message and flush."""
    payload = json.dumps(message).encode("utf-8")
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.flush()


def receive(stream: BinaryIO) -> dict:
    """Read one message written by :func:`send`; raises EOFError if the stream ended."""
    header = _read_exactly(stream, HEADER.size)
    (length,) = HEADER.unpack(header)
    if length > MAX_MESSAGE_BYTES:
        raise WireError(f"message of {length} bytes is over the limit of {MAX_MESSAGE_BYTES}.")
    return parse(_read_exactly(stream, length))


def parse(payload: bytes) -> dict:
    """The message in ``payload``; raises :class:`WireError` if it is not a JSON object (or nested too deeply)."""
    try:
        message = json.loads(payload.decode("utf-8"))
    except RecursionError:  # not a ValueError: json gives up on deep nesting this way
        raise WireError("a message nested too deeply.") from None
    except ValueError as error:  # UnicodeDecodeError included
        raise WireError(f"a message that is not JSON ({error}).") from None
    if not isinstance(message, dict):
        raise WireError("a message must be a JSON object.")
    return message


def _read_exactly(stream: BinaryIO, n: int) -> bytes:
    chunks, remaining = [], n
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError("the other process closed the channel")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
