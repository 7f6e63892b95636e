import numpy as np
import pytest

from aecourse.codes.hashing import (bit_entropies, hamming_search_scores, pca_sign_bits, random_bits,
                                    saturated_share, to_bits)
from aecourse.pca import fit_pca


def test_bits_are_codes_above_one_half():
    assert to_bits(np.array([[0.2, 0.7], [0.5, 0.51]])).tolist() == [[False, True], [False, True]]
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        to_bits(np.array([[1.5]]))
    with pytest.raises(ValueError, match="n_bits"):
        to_bits(np.zeros(3))


def test_saturated_share_counts_values_near_either_end():
    assert saturated_share(np.array([[0.05, 0.5], [0.95, 0.9]])) == pytest.approx(0.5)  # 0.9 is not above 0.9


def test_entropy_of_a_fair_a_constant_and_a_skewed_bit():
    bits = np.array([[True, True, True], [False, True, False], [True, True, False], [False, True, False]])
    entropies = bit_entropies(bits)
    p = 0.25
    assert entropies.tolist() == pytest.approx([1.0, 0.0, -p * np.log2(p) - (1 - p) * np.log2(1 - p)])
    assert not np.signbit(entropies[1])  # 0, not -0, for a constant bit
    with pytest.raises(ValueError, match="bool"):
        bit_entropies(np.zeros((2, 2)))


def test_random_bits_are_fair_and_seeded():
    bits = random_bits(20_000, 16, seed=3)
    assert bits.shape == (20_000, 16) and bits.dtype == bool
    assert np.all(np.abs(bits.mean(axis=0) - 0.5) < 0.02)
    assert np.array_equal(bits, random_bits(20_000, 16, seed=3))
    assert not np.array_equal(bits, random_bits(20_000, 16, seed=4))


def test_pca_sign_bits_are_the_signs_of_the_codes_of_a_fitted_pca():
    rng = np.random.default_rng(0)
    along_x = np.c_[rng.normal(0, 10, 500), rng.normal(0, 0.1, 500)]
    bits = pca_sign_bits(np.array([[5.0, 0.0], [-5.0, 0.0]]), *fit_pca(along_x, k=1))
    assert bits[0, 0] != bits[1, 0]  # the first component is the x axis, up to its sign
    assert pca_sign_bits(along_x[:3], *fit_pca(along_x, k=2)).shape == (3, 2)


def test_hamming_search_finds_the_addresses_that_differ_least():
    index = np.array([[0, 0, 0, 0], [1, 1, 1, 1], [1, 1, 1, 0]] * 4, dtype=bool)
    labels = np.array([0, 1, 1] * 4)
    scores = hamming_search_scores(index, labels, np.array([[1, 1, 1, 1], [0, 0, 0, 1]], dtype=bool),
                                   np.array([1, 0]))
    # Query 1: the 8 images at distance 0 or 1 are of class 1, then 2 of class 0 at distance 4: 8 of 10.
    # Query 2: 4 images of class 0 at distance 1, then class-1 images at distance 2 or 3: 4 of 10.
    assert scores.precision_at_10 == pytest.approx((8 + 4) / 20)
    assert scores.knn1_accuracy == 1.0
    with pytest.raises(ValueError, match="bool"):
        hamming_search_scores(index.astype(float), labels, index[:1], labels[:1])
