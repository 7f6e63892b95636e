import base64
import json
import re

import keras
import numpy as np
import pytest

from aecourse.generative.explorer import MAX_POINTS, decode_exported, export_decoder, latent_explorer
from aecourse.seeding import seed_everything

CLASSES = [f"class {i}" for i in range(10)]


def small_decoder(seed: int = 0) -> keras.Model:
    """2 → 16 (SELU) → 784 (sigmoid) → (28, 28), random weights with large biases (as if trained)."""
    seed_everything(seed)
    decoder = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(16, activation="selu"),
                                keras.layers.Dense(784, activation="sigmoid"), keras.layers.Reshape((28, 28))],
                               name="decoder")
    rng = np.random.default_rng(seed)
    decoder.set_weights([rng.normal(scale=1.0, size=w.shape).astype("float32") for w in decoder.get_weights()])
    return decoder


def keras_images(decoder: keras.Model, codes) -> np.ndarray:
    return keras.ops.convert_to_numpy(decoder(np.asarray(codes, dtype="float32")))


def max_error(a, b) -> float:
    return float(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)).max())


def some_codes(n: int = 3000, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2)), rng.integers(0, 10, size=n)


def explorer_html(decoder: keras.Model, description: str = "The latent plane of a small decoder", **kwargs) -> str:
    codes, labels = some_codes()
    return latent_explorer(decoder, codes, labels, CLASSES, description=description, **kwargs)._repr_html_()


# --- export ----------------------------------------------------------------------------
def test_export_round_trip_gives_the_weights_rounded_to_float16():
    decoder = small_decoder()
    exported = json.loads(json.dumps(export_decoder(decoder)))  # JSON-able
    assert exported["input_dim"] == 2
    assert exported["output_shape"] == [28, 28] and exported["image_shape"] == [28, 28]
    assert [(layer["activation"], layer["shape"]) for layer in exported["layers"]] == [("selu", [2, 16]),
                                                                                       ("sigmoid", [16, 784])]
    weights = decoder.get_weights()
    for index, layer in enumerate(exported["layers"]):
        kernel = np.frombuffer(base64.b64decode(layer["kernel"]), dtype="<f2").reshape(layer["shape"])
        bias = np.frombuffer(base64.b64decode(layer["bias"]), dtype="<f2")
        for decoded, original in ((kernel, weights[2 * index]), (bias, weights[2 * index + 1])):
            assert decoded.shape == original.shape
            np.testing.assert_array_equal(decoded, original.astype(np.float16))  # row-major (n_in, n_out)
            np.testing.assert_allclose(decoded, original, rtol=2.0**-11, atol=2.0**-24)


def test_the_exported_decoder_computes_what_keras_computes():
    decoder = small_decoder()
    codes = np.random.default_rng(2).normal(scale=2, size=(20, 2))
    exported = export_decoder(decoder)
    assert max_error(decode_exported(exported, codes), keras_images(decoder, codes)) < 1e-2


@pytest.mark.parametrize("activation", ["relu", "tanh", "linear", None])
def test_every_supported_activation_and_nested_models(activation):
    inner = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(784, activation="sigmoid")], name="inner")
    decoder = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(8, activation=activation), inner,
                                keras.layers.Reshape((28, 28, 1))])
    exported = export_decoder(decoder)
    assert exported["layers"][0]["activation"] == (activation or "linear")
    assert exported["output_shape"] == [28, 28, 1] and exported["image_shape"] == [28, 28]
    codes = np.random.default_rng(3).normal(size=(5, 2))
    assert max_error(decode_exported(exported, codes), keras_images(decoder, codes)) < 1e-2


def test_a_flat_square_output_is_drawn_as_a_square_image():
    decoder = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(784, activation="sigmoid")])
    assert export_decoder(decoder)["image_shape"] == [28, 28]
    with pytest.raises(ValueError, match="not a grey-level image"):
        export_decoder(keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(10)]))


def test_unsupported_layers_and_activations_are_named():
    codes = keras.Input(shape=(2,))
    h = keras.layers.Reshape((28, 28, 1))(keras.layers.Dense(784)(codes))
    images = keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="smoothing")(h)
    with pytest.raises(ValueError, match=r"'smoothing' \(Conv2D\) is not supported"):
        export_decoder(keras.Model(codes, images))
    gelu = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(784, activation="gelu", name="pixels")])
    with pytest.raises(ValueError, match="'pixels': activation 'gelu' is not supported"):
        export_decoder(gelu)


def test_a_layer_used_twice_is_not_taken_for_a_chain():
    codes = keras.Input(shape=(2,))
    twice = keras.layers.Dense(2, activation="tanh")
    images = keras.layers.Dense(784, activation="sigmoid")(twice(twice(codes)))
    with pytest.raises(ValueError, match="plain chain"):
        export_decoder(keras.Model(codes, images))


def test_weights_beyond_float16_are_an_error():
    decoder = small_decoder()
    decoder.layers[0].bias.assign(np.full(16, 1e6))
    with pytest.raises(ValueError, match="float16"):
        export_decoder(decoder)


# --- the HTML fragment ------------------------------------------------------------------
def test_the_fragment_has_its_label_role_code_and_script_and_no_outside_address():
    html = explorer_html(small_decoder(), description='Codes of "small" <decoder> & co')
    root = re.match(r'<div id="(aecourse-latent-[0-9a-f]+)" [^>]*>', html)
    assert root is not None, html[:300]
    assert 'role="group"' in root.group(0)
    assert 'aria-label="Codes of &quot;small&quot; &lt;decoder&gt; &amp; co"' in root.group(0)
    assert 'data-code="0.0,0.0"' in root.group(0)
    assert f"aecourseLatentExplorer({json.dumps(root.group(1))}, " in html
    assert html.count("<script") == 1 and html.count("</script>") == 1 and html.endswith("</script>")
    assert not re.search(r"https?://", html)
    assert not re.search(r"""\b(?:src|href)\s*=""", html)


def test_each_fragment_has_an_id_of_its_own_and_the_same_content_the_same_id_first():
    decoder = small_decoder()
    ids = [re.match(r'<div id="([^"]+)"', explorer_html(decoder, description=d)).group(1)
           for d in ("one", "one", "two")]
    assert len(set(ids)) == 3
    assert ids[1].startswith(ids[0] + "-")


def test_the_scatter_is_a_fixed_subsample_and_the_plane_symmetrical():
    decoder = small_decoder()
    rng = np.random.default_rng(4)
    codes, labels = rng.uniform(-1.2, 2.7, size=(5000, 2)), rng.integers(0, 10, size=5000)
    first = latent_explorer(decoder, codes, labels, CLASSES, description="d")
    second = latent_explorer(decoder, codes, labels, CLASSES, description="d")
    points = first.spec["points"]
    assert len(points["x"]) == len(points["y"]) == len(points["label"]) == MAX_POINTS
    assert points == second.spec["points"]
    assert first.spec["extent"] == 3.0  # 99.5th percentile ≈ 2.68, rounded up to 0.5
    assert latent_explorer(decoder, codes[:50], labels[:50], CLASSES, description="d").spec["points"]["x"] == \
        np.round(codes[:50, 0], 2).tolist()
    assert latent_explorer(decoder, codes, labels, CLASSES, description="d", extent=5).spec["extent"] == 5.0


def test_wrong_inputs():
    decoder = small_decoder()
    codes, labels = some_codes(100)
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        latent_explorer(decoder, np.zeros((100, 3)), labels, CLASSES, description="d")
    with pytest.raises(ValueError, match="class names"):
        latent_explorer(decoder, codes, labels, CLASSES[:5], description="d")
    three_d = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(784, activation="sigmoid")])
    with pytest.raises(ValueError, match="2-D codes"):
        latent_explorer(three_d, codes, labels, CLASSES, description="d")


def test_the_fragment_for_the_courses_vae_decoder_stays_small():
    from aecourse.models import build_variational_autoencoder

    decoder = build_variational_autoencoder(latent_dim=2, seed=0).decoder  # 2 → 100 → 150 → 784
    assert decoder.count_params() == 133_834
    codes, labels = some_codes(10_000)
    explorer = latent_explorer(decoder, codes, labels, CLASSES, description="The VAE's latent plane")
    size = len(explorer._repr_html_().encode("utf-8"))
    print(f"fragment for the {decoder.count_params():,}-parameter decoder: {size:,} bytes")
    # float16 weights in base64: 133,834 × 2 × 4/3 ≈ 357 kB, plus 2,000 points and the script.
    assert 357_000 < size < 450_000, size


# --- in a browser --------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>explorers</title></head>
<body><h1>Two explorers</h1>{first}<p>Between them.</p>{second}</body></html>
"""
STATE_JS = """(id) => {
  const state = window.aecourseLatentExplorers[id].state();
  return {code: state.code, pixels: Array.from(state.pixels),
          dataCode: document.getElementById(id).dataset.code,
          text: document.querySelector("#" + id + " .aecourse-latent-code").textContent};
}"""


@pytest.fixture(scope="module")
def browser():
    from test_browser import launch  # Debian's Chromium, as the book's browser tests launch it

    with launch() as checker:
        yield checker.browser


@pytest.mark.browser
def test_dragging_or_keying_the_marker_decodes_in_the_browser_as_keras_does(tmp_path, browser):
    decoder = small_decoder()
    fragments = [explorer_html(decoder, description=name) for name in ("first explorer", "second explorer")]
    ids = [re.match(r'<div id="([^"]+)"', fragment).group(1) for fragment in fragments]
    page_file = tmp_path / "page.html"
    page_file.write_text(PAGE.format(first=fragments[0], second=fragments[1]), encoding="utf-8")

    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    outside, errors = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else (outside.append(route.request.url), route.abort())[1])
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(page_file.as_uri(), wait_until="load")

        def state(index: int = 0) -> dict:
            found = page.evaluate(STATE_JS, ids[index])
            x, y = (float(v) for v in found["dataCode"].split(","))
            assert found["code"] == [x, y]  # data-code is the code the script decoded
            found["pixels"] = np.array(found["pixels"]).reshape(28, 28)
            found["expected"] = keras_images(decoder, [[x, y]])[0]
            return found

        start = state()
        assert start["code"] == [0, 0] and start["text"] == "z = (0.00, 0.00)"
        assert max_error(start["pixels"], start["expected"]) < 1e-2

        marker = page.locator(f"#{ids[0]} .aecourse-latent-marker")
        box = marker.bounding_box()
        x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x0, y0)
        page.mouse.down()
        page.mouse.move(x0 + 70, y0 - 45, steps=6)
        page.mouse.up()
        dragged = state()
        x, y = dragged["code"]
        assert x > 0.5 and y > 0.3, dragged["code"]  # right and up
        assert dragged["text"] == f"z = ({x:.2f}, {y:.2f})"
        assert max_error(dragged["pixels"], start["pixels"]) > 0.1
        assert max_error(dragged["pixels"], dragged["expected"]) < 1e-2
        assert state(1)["code"] == [0, 0]  # the other explorer did not move

        marker.focus()
        page.keyboard.press("ArrowLeft")
        keyed = state()
        extent = latent_explorer(decoder, *some_codes(), CLASSES, description="d").spec["extent"]
        assert keyed["code"][0] == pytest.approx(x - extent / 20) and keyed["code"][1] == y
        assert max_error(keyed["pixels"], keyed["expected"]) < 1e-2
        page.keyboard.press("Home")
        assert state()["code"] == [0, 0]
    finally:
        context.close()
    assert errors == [] and outside == []
