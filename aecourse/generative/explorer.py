"""A latent explorer: drag a point across a VAE's 2-D latent plane, see its decoded image.

:func:`latent_explorer` returns an object whose ``_repr_html_`` is a
self-contained HTML fragment (MyST-NB puts it in the page as a ``text/html``
output): the latent plane with the validation codes drawn as a scatter coloured
by class, a marker that the reader drags (mouse, touch or pen) or moves with the
arrow keys, and the image that the decoder makes of the marker's code. The
decoder runs in the browser, in plain JavaScript (``latent_explorer.js``, inlined
into every fragment): no library, no kernel, no network, so it works offline and
from ``file://``.

:func:`export_decoder` turns the decoder into the JSON the script reads: dense
layers only (``Dense`` with a SELU, ReLU, sigmoid, tanh or linear activation,
and ``Reshape``/``Flatten``/``InputLayer``, which only change shapes), weights
rounded to float16, base64-encoded. The 2 → 100 → 150 → 784 decoder of
:func:`~aecourse.models.build_variational_autoencoder` (133,834 parameters)
makes a fragment of about 0.4 MB.

Images are drawn as :func:`~aecourse.plots.plot_image_grid` draws them, with
matplotlib's ``binary`` map: pixel value 0 (background) white, 1 (ink) black.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import keras
import numpy as np

FORMAT = "aecourse-dense-decoder/1"
# Keras's SELU constants (keras.activations.selu).
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0.0),
    "sigmoid": lambda x: np.exp(-np.logaddexp(0.0, -x)),  # 1 / (1 + exp(-x)), without overflow
    "tanh": np.tanh,
    "selu": lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0.0))),
}
SHAPE_ONLY = (keras.layers.InputLayer, keras.layers.Reshape, keras.layers.Flatten)
MAX_POINTS = 2000
# Paul Tol's "muted" qualitative scheme, designed to stay distinct with colour-blindness,
# and a dark grey for a tenth class (Tol's pale grey would vanish on white). With ten
# classes no scheme keeps every pair apart for every reader: the legend names them.
PALETTE = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933",
           "#DDCC77", "#CC6677", "#882255", "#AA4499", "#555555")
SCRIPT = Path(__file__).with_name("latent_explorer.js")

_rendered: Counter[str] = Counter()  # how many fragments of each content this process made


# --- the decoder as JSON ---------------------------------------------------------
def _dense_layers(model: keras.Model) -> list[keras.layers.Dense]:
    """The ``Dense`` layers of ``model`` in order, nested models flattened; anything else is an error."""
    found = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            found += _dense_layers(layer)
        elif type(layer) is keras.layers.Dense:
            name = layer.activation.__name__
            if name not in ACTIVATIONS:
                raise ValueError(f"layer {layer.name!r}: activation {name!r} is not supported; "
                                 f"the explorer's script knows {sorted(ACTIVATIONS)}.")
            found.append(layer)
        elif not isinstance(layer, SHAPE_ONLY):
            raise ValueError(f"layer {layer.name!r} ({type(layer).__name__}) is not supported: the explorer's "
                             "script evaluates Dense layers only (plus InputLayer, Reshape and Flatten).")
    return found


def _image_shape(output_shape: tuple) -> tuple[int, int]:
    """``(height, width)`` of an output ``(h, w)``, ``(h, w, 1)`` or ``(h·w,)`` with ``h = w``."""
    if len(output_shape) == 2 or (len(output_shape) == 3 and output_shape[2] == 1):
        return int(output_shape[0]), int(output_shape[1])
    if len(output_shape) == 1 and round(output_shape[0] ** 0.5) ** 2 == output_shape[0]:
        side = round(output_shape[0] ** 0.5)
        return side, side
    raise ValueError(f"the decoder's output shape {output_shape} is not a grey-level image "
                     "((h, w), (h, w, 1), or a flat square image).")


def _forward(layers: Sequence[tuple[np.ndarray, np.ndarray, str]], codes: np.ndarray) -> np.ndarray:
    """Flat outputs ``(n, n_out)`` of codes ``(n, n_in)``; a layer is ``(kernel (n_in, n_out), bias, activation)``."""
    x = np.asarray(codes, dtype=np.float64)
    for kernel, bias, activation in layers:
        x = ACTIVATIONS[activation](x @ kernel + bias)
    return x


def _numpy(weights) -> np.ndarray:
    """A variable or tensor as a float64 array (``.numpy()``: ``convert_to_numpy`` warns on variables)."""
    return np.asarray(weights.numpy(), dtype=np.float64)


def _b64_float16(array: np.ndarray, where: str) -> str:
    with np.errstate(over="ignore"):
        half = np.ascontiguousarray(array, dtype="<f2")
    if not np.isfinite(half).all():
        raise ValueError(f"{where} has values beyond float16's range (±65504).")
    return base64.b64encode(half.tobytes()).decode("ascii")


def _from_b64_float16(text: str, shape: Sequence[int]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f2").astype(np.float64).reshape(shape)


def export_decoder(decoder: keras.Model) -> dict:
    """A JSON-able description of a dense decoder, for the explorer's script.

    Returns ``{"format", "input_dim", "output_shape", "image_shape", "layers"}``;
    each layer is ``{"name", "activation", "shape": [n_in, n_out], "kernel",
    "bias"}``, with the kernel (row-major ``(n_in, n_out)``) and the bias
    ``(n_out,)`` as little-endian float16 bytes, base64-encoded.
    ``image_shape`` is ``[height, width]``: the flat output, in row-major order.

    Raises:
        ValueError: a layer other than ``Dense`` (with a supported activation),
            ``InputLayer``, ``Reshape`` or ``Flatten``; a weight beyond float16's
            range; or layers that do not compute the decoder's output when
            chained in order (e.g. a layer used twice).
    """
    dense = _dense_layers(decoder)
    if not dense:
        raise ValueError(f"{decoder.name!r} has no Dense layer.")
    input_dim = int(np.prod(decoder.input_shape[1:]))
    output_shape = tuple(int(d) for d in decoder.output_shape[1:])
    image_shape = _image_shape(output_shape)
    weights = []
    for layer in dense:
        kernel = _numpy(layer.kernel)
        bias = _numpy(layer.bias) if layer.use_bias else np.zeros(kernel.shape[1])
        weights.append((kernel, bias, layer.activation.__name__))
    # The chain must be the decoder: checked on a few codes, with the weights not yet rounded.
    probe = np.random.default_rng(0).normal(size=(8, input_dim)).astype("float32")
    expected = keras.ops.convert_to_numpy(decoder(probe.reshape((8, *decoder.input_shape[1:])))).reshape(8, -1)
    chained = _forward(weights, probe)
    if chained.shape != expected.shape or not np.allclose(chained, expected, rtol=1e-3, atol=1e-4):
        raise ValueError(f"the Dense layers of {decoder.name!r}, chained in order, do not compute its output: "
                         "the explorer needs a plain chain of layers.")
    return {
        "format": FORMAT,
        "input_dim": input_dim,
        "output_shape": list(output_shape),
        "image_shape": list(image_shape),
        "layers": [
            {"name": layer.name, "activation": activation, "shape": list(kernel.shape),
             "kernel": _b64_float16(kernel, f"layer {layer.name!r}'s kernel"),
             "bias": _b64_float16(bias, f"layer {layer.name!r}'s bias")}
            for layer, (kernel, bias, activation) in zip(dense, weights, strict=True)
        ],
    }


def decode_exported(exported: dict, codes: np.ndarray) -> np.ndarray:
    """What the explorer's script computes: images ``(n, *output_shape)`` from codes ``(n, input_dim)``.

    Uses the float16 weights of ``exported`` (from :func:`export_decoder`), in float64.
    """
    layers = [(_from_b64_float16(layer["kernel"], layer["shape"]), _from_b64_float16(layer["bias"], layer["shape"][1:]),
               layer["activation"]) for layer in exported["layers"]]
    codes = np.asarray(codes, dtype=np.float64).reshape(-1, exported["input_dim"])
    return _forward(layers, codes).reshape(len(codes), *exported["output_shape"])


# --- the explorer ----------------------------------------------------------------
def _extent(codes: np.ndarray) -> float:
    """Half-width of the plane: the codes' 0.5/99.5 percentiles, symmetrical, rounded up to 0.5."""
    if len(codes) == 0:
        return 3.5
    reach = float(np.max(np.abs(np.percentile(codes, [0.5, 99.5], axis=0))))
    return max(0.5, float(np.ceil(reach * 2) / 2))


def _subsample(n: int, at_most: int) -> np.ndarray:
    """At most ``at_most`` indices of ``range(n)``, in order, the same on every call."""
    if n <= at_most:
        return np.arange(n)
    return np.sort(np.random.default_rng(0).choice(n, size=at_most, replace=False))


class LatentExplorer:
    """The explorer, ready to display: ``_repr_html_`` gives the fragment (see the module docstring).

    Attributes:
        spec: everything the script reads (the decoder from :func:`export_decoder`,
            the scatter, the plane's extent, sizes and colours), JSON-able.
        description: the fragment's ``aria-label``.
    """

    def __init__(self, spec: dict, description: str) -> None:
        self.spec = spec
        self.description = description

    def _repr_html_(self) -> str:
        """A ``<div>`` (``role="group"``, ``aria-label``, ``data-code="x,y"``) and its inline script.

        The id comes from the content, numbered when this process has made the
        same fragment before, so each explorer on a page has its own and a
        rebuild gives the same HTML. The script registers the explorer as
        ``window.aecourseLatentExplorers[id]``: ``state()`` returns ``{code: [x,
        y], pixels: Float32Array}`` (the decoder's flat output), ``setCode(x, y)``
        moves the marker.
        """
        spec_json = json.dumps(self.spec, separators=(",", ":"))
        digest = hashlib.sha256((self.description + spec_json).encode()).hexdigest()[:12]
        count = _rendered[digest]
        _rendered[digest] += 1
        root_id = f"aecourse-latent-{digest}" + (f"-{count}" if count else "")
        x, y = self.spec["start"]
        script = SCRIPT.read_text(encoding="utf-8")
        data = spec_json.replace("</", "<\\/")  # "</" would end the <script> element early
        return (
            f'<div id="{root_id}" class="aecourse-latent-explorer" role="group" '
            f'aria-label="{html.escape(self.description)}" data-code="{x!r},{y!r}">'
            '<p class="aecourse-latent-nojs">The latent explorer needs JavaScript.</p></div>\n'
            f'<script type="text/javascript">\n(function () {{\n{script}\n'
            f'aecourseLatentExplorer({json.dumps(root_id)}, {data});\n}})();\n</script>'
        )


def latent_explorer(
    decoder: keras.Model,
    codes: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
    *,
    description: str,
    size_px: int = 280,
    extent: float | None = None,
    start: tuple[float, float] = (0.0, 0.0),
    max_points: int = MAX_POINTS,
) -> LatentExplorer:
    """A latent plane to explore with the mouse, a finger or the keyboard, the decoded image beside it.

    Args:
        decoder: a dense decoder from 2-D codes to grey-level images with values
            in ``[0, 1]`` (see :func:`export_decoder` for the layers allowed).
        codes: validation codes ``(n, 2)`` (e.g. the encoder's means), drawn as a
            scatter under the marker; at most ``max_points`` of them, picked the
            same way every time.
        labels: class of each code ``(n,)``, integers indexing ``class_names``.
        class_names: the legend's names, one per class (at most 10: one colour each).
        description: what the explorer shows, for screen readers (``aria-label``).
        size_px: side of the plane and of the image, in CSS pixels.
        extent: the plane spans ``[-extent, extent]`` on both axes; by default
            the codes' 0.5 and 99.5 percentiles, symmetrical, rounded up to 0.5.
        start: the marker's first code.
        max_points: how many codes the scatter shows at most.
    """
    codes = np.asarray(codes, dtype=float)
    labels = np.asarray(labels)
    if codes.ndim != 2 or codes.shape[1] != 2:
        raise ValueError(f"codes must have shape (n, 2), got {codes.shape}.")
    if labels.shape != (len(codes),):
        raise ValueError(f"labels must have shape ({len(codes)},), got {labels.shape}.")
    if not 0 < len(class_names) <= len(PALETTE):
        raise ValueError(f"give 1 to {len(PALETTE)} class names, got {len(class_names)}.")
    if labels.size and (labels.min() < 0 or labels.max() >= len(class_names)):
        raise ValueError(f"labels must index the {len(class_names)} class names.")
    exported = export_decoder(decoder)
    if exported["input_dim"] != 2:
        raise ValueError(f"the decoder must take 2-D codes, {decoder.name!r} takes {exported['input_dim']}-D ones.")
    extent = _extent(codes) if extent is None else float(extent)
    chosen = _subsample(len(codes), max_points)
    spec = {
        "decoder": exported,
        "extent": extent,
        "start": [float(np.clip(start[0], -extent, extent)), float(np.clip(start[1], -extent, extent))],
        "size": int(size_px),
        "points": {"x": np.round(codes[chosen, 0], 2).tolist(), "y": np.round(codes[chosen, 1], 2).tolist(),
                   "label": labels[chosen].astype(int).tolist()},
        "classes": list(class_names),
        "colours": list(PALETTE[: len(class_names)]),
    }
    return LatentExplorer(spec, description)
