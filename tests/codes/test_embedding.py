import numpy as np
import pytest

from aecourse.codes.embedding import map_trustworthiness, tsne_map


def _clusters(n=120):
    rng = np.random.default_rng(0)
    return np.concatenate([rng.normal(c, 0.2, (n // 3, 10)) for c in (0, 3, 6)])


def test_tsne_map_is_2d_and_the_same_for_the_same_seed():
    codes = _clusters()
    first, second = tsne_map(codes, seed=1, perplexity=10), tsne_map(codes, seed=1, perplexity=10)
    assert first.shape == (120, 2) and np.allclose(first, second)
    with pytest.raises(ValueError, match="more than"):
        tsne_map(codes[:20], seed=1, perplexity=10)


def test_trustworthiness_of_a_faithful_and_a_shuffled_map():
    codes = _clusters()
    faithful = codes[:, :2]  # the clusters stay apart
    shuffled = np.random.default_rng(1).permutation(faithful)
    assert map_trustworthiness(codes, faithful) > 0.9 > map_trustworthiness(codes, shuffled)
    with pytest.raises(ValueError, match="shape"):
        map_trustworthiness(codes, faithful[:10])
