"""Hidden tests of the exercise balanced_subset (learning from few labels)."""

import numpy as np
import pytest

EXERCISE = "balanced_subset"
LABELS = np.random.default_rng(11).integers(0, 10, 3000)


@pytest.mark.points(2)
def test_fashion_mnist_sized_draw(student):
    chosen = np.asarray(student.balanced_subset(LABELS, 50, seed=5))
    assert chosen.shape == (500,) and len(np.unique(chosen)) == 500
    assert np.all(np.diff(chosen) > 0) and chosen.min() >= 0 and chosen.max() < len(LABELS)
    assert np.bincount(LABELS[chosen], minlength=10).tolist() == [50] * 10


@pytest.mark.points(1)
def test_the_seed_decides_the_draw(student):
    first = np.asarray(student.balanced_subset(LABELS, 20, seed=1))
    again = np.asarray(student.balanced_subset(LABELS, 20, seed=1))
    other = np.asarray(student.balanced_subset(LABELS, 20, seed=2))
    assert first.tolist() == again.tolist() and first.tolist() != other.tolist()


@pytest.mark.points(1)
def test_every_image_can_be_drawn(student):
    # Drawing all the images of the smallest class must work and return them all.
    smallest = int(np.bincount(LABELS).min())
    chosen = np.asarray(student.balanced_subset(LABELS, smallest, seed=3))
    assert len(chosen) == 10 * smallest
