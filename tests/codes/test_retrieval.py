import numpy as np
import pytest

from aecourse.codes.retrieval import as_vectors, majority_vote, nearest_neighbours, precision_at_k, search_scores


def test_codes_of_any_shape_become_rows():
    assert as_vectors(np.zeros((4, 3, 3, 64))).shape == (4, 576)
    with pytest.raises(ValueError, match="n ≥ 1"):
        as_vectors(np.zeros(5))


def test_nearest_neighbours_nearest_first():
    index = np.array([[0.0], [1.0], [5.0], [2.0]])
    indices, seconds = nearest_neighbours(index, np.array([[1.9], [4.0]]), k=2)
    assert indices.tolist() == [[3, 1], [2, 3]] and seconds >= 0
    with pytest.raises(ValueError, match="k must be"):
        nearest_neighbours(index, np.array([[0.0]]), k=5)
    with pytest.raises(ValueError, match="numbers"):
        nearest_neighbours(index, np.zeros((1, 2)), k=1)


def test_majority_vote_breaks_ties_towards_the_smallest_label():
    assert majority_vote(np.array([[2, 2, 1], [3, 1, 1], [4, 0, 9]])).tolist() == [2, 1, 0]


def test_precision_at_k_hand_computed():
    assert precision_at_k(np.array([[1, 1, 0], [2, 0, 0]]), np.array([1, 0])) == pytest.approx(4 / 6)
    with pytest.raises(ValueError):
        precision_at_k(np.zeros((2, 3)), np.zeros(3))


def test_search_scores_on_two_clusters():
    rng = np.random.default_rng(0)
    index = np.concatenate([rng.normal(0, 0.1, (30, 2)), rng.normal(5, 0.1, (30, 2))])
    labels = np.repeat([0, 1], 30)
    queries = np.array([[0.0, 0.0], [5.0, 5.0], [0.1, -0.1]])
    scores = search_scores(index, labels, queries, np.array([0, 1, 1]))  # the third is mislabelled on purpose
    assert scores.knn1_accuracy == pytest.approx(2 / 3) and scores.knn5_accuracy == pytest.approx(2 / 3)
    assert scores.precision_at_10 == pytest.approx(2 / 3) and scores.seconds_per_query >= 0
    with pytest.raises(ValueError, match="one label"):
        search_scores(index, labels[:5], queries, np.array([0, 1, 1]))
