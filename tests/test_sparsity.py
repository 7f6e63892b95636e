import math

import numpy as np
import pytest

import aecourse  # noqa: F401

import keras

from aecourse.models import build_stacked_autoencoder
from aecourse.sparsity import (
    KLSparsityRegularizer,
    bernoulli_kl,
    kl_sparsity_penalty,
    mean_activations,
    share_near_zero,
)


def test_bernoulli_kl_matches_a_hand_computed_case():
    # KL(0.1 ‖ 0.5) = 0.1 ln(0.1/0.5) + 0.9 ln(0.9/0.5)
    expected = 0.1 * math.log(0.2) + 0.9 * math.log(1.8)
    # float32 logs of order 0.5 (TensorFlow's, CPU-dependent in the last ulp) against float64: 2.8e-7 apart here.
    assert float(bernoulli_kl(0.1, 0.5)) == pytest.approx(expected, rel=1e-5)
    assert float(bernoulli_kl(0.1, 0.1)) == pytest.approx(0.0, abs=1e-7)


def test_bernoulli_kl_stays_finite_at_zero_and_one():
    values = np.asarray(bernoulli_kl(0.1, np.array([0.0, 1.0])))
    assert np.all(np.isfinite(values)) and np.all(values > 1.0)


def test_penalty_uses_each_units_mean_over_the_batch():
    # Unit 0 has mean 0.1 (no penalty), unit 1 has mean 0.5.
    codes = np.array([[0.0, 0.25], [0.2, 0.75]], dtype="float32")
    expected = 0.1 * math.log(0.2) + 0.9 * math.log(1.8)
    assert float(kl_sparsity_penalty(codes, 0.1)) == pytest.approx(expected, rel=1e-5)


def test_regularizer_weights_the_penalty_and_round_trips():
    codes = np.array([[0.0, 0.25], [0.2, 0.75]], dtype="float32")
    regularizer = KLSparsityRegularizer(target=0.1, weight=0.05)
    assert float(regularizer(codes)) == pytest.approx(0.05 * float(kl_sparsity_penalty(codes, 0.1)), rel=1e-6)
    again = keras.regularizers.deserialize(keras.regularizers.serialize(regularizer))
    assert isinstance(again, KLSparsityRegularizer)
    assert (again.target, again.weight) == (0.1, 0.05)


@pytest.mark.parametrize("target", [0.0, 1.0, -0.1, 1.5])
def test_a_target_outside_zero_one_is_refused(target):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        KLSparsityRegularizer(target=target)


def test_a_negative_weight_is_refused():
    with pytest.raises(ValueError, match="non-negative"):
        KLSparsityRegularizer(weight=-1.0)


def test_keras_adds_the_penalty_divided_by_the_batch_size():
    # What the chapter says about the weight: an activity regularizer's value is
    # divided by the batch size before it joins the loss.
    codes = np.array([[0.0, 0.25], [0.2, 0.75]], dtype="float32")
    layer = keras.layers.Activation("linear", activity_regularizer=KLSparsityRegularizer(0.1, 0.05))
    layer(codes)
    expected = 0.05 * float(kl_sparsity_penalty(codes, 0.1)) / 2
    assert float(sum(layer.losses)) == pytest.approx(expected, rel=1e-5)


def test_a_sparse_autoencoder_has_a_regularized_sigmoid_coding_layer():
    sparse = build_stacked_autoencoder((100, 300), coding_activation="sigmoid",
                                       coding_regularizer=KLSparsityRegularizer(0.1, 0.05))
    coding = sparse.encoder.layers[-1]
    assert coding.units == 300 and coding.activation.__name__ == "sigmoid"
    assert isinstance(coding.activity_regularizer, KLSparsityRegularizer)
    assert sparse.encoder.layers[-2].activation.__name__ == "selu"
    codes = np.asarray(sparse.encoder(np.zeros((3, 28, 28), dtype="float32")))
    assert codes.shape == (3, 300) and np.all((codes >= 0) & (codes <= 1))
    sparse.model(np.zeros((3, 28, 28), dtype="float32"))
    assert len(sparse.model.losses) == 1


def test_activation_statistics():
    codes = np.array([[0.0, 0.5], [0.05, 1.0]])
    np.testing.assert_allclose(mean_activations(codes), [0.025, 0.75])
    assert share_near_zero(codes) == 0.5
    assert share_near_zero(codes, threshold=0.01) == 0.25


@pytest.mark.parametrize("codes", [np.zeros(3), np.zeros((0, 4)), np.zeros((2, 2, 2))])
def test_activation_statistics_refuse_other_shapes(codes):
    with pytest.raises(ValueError, match="n_images"):
        mean_activations(codes)
    with pytest.raises(ValueError, match="n_images"):
        share_near_zero(codes)
