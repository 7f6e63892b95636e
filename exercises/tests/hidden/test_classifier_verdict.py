"""Hidden tests of the exercise classifier_verdict (judging generated images)."""

import math

import numpy as np
import pytest

from . import load_expected

EXERCISE = "classifier_verdict"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_probabilities_of_several_shapes(student):
    # The probabilities are Dirichlet draws, and in the last case multiples of 1/8 with many ties. The expected
    # values were computed with Python loops (the first index of each row's highest probability, math.fsum).
    for case in EXPECTED["cases"]:
        probabilities = np.array(case["probabilities"])
        n_classes = probabilities.shape[1]
        confidence, shares = student.classifier_verdict(probabilities)
        assert isinstance(confidence, float)
        assert confidence == pytest.approx(case["confidence"], rel=1e-12)
        assert shares.shape == (n_classes,) and shares.dtype == np.float64
        np.testing.assert_allclose(shares, case["class_shares"], rtol=0, atol=1e-12)


@pytest.mark.points(1)
def test_n_classes_when_given(student):
    case = EXPECTED["cases"][1]
    probabilities = np.array(case["probabilities"])
    confidence, shares = student.classifier_verdict(probabilities, n_classes=probabilities.shape[1])
    assert confidence == pytest.approx(case["confidence"], rel=1e-12)
    np.testing.assert_allclose(shares, case["class_shares"], rtol=0, atol=1e-12)
    with pytest.raises(ValueError):
        student.classifier_verdict(probabilities, n_classes=probabilities.shape[1] + 1)


@pytest.mark.points(1)
def test_invalid_probabilities(student):
    for probabilities in [np.full(3, 1 / 3),  # not 2-D
                          np.full((2, 2, 2), 0.5),  # not 2-D
                          np.zeros((0, 3)),  # no image
                          np.zeros((3, 0)),  # no class
                          np.array([[1.25, -0.25], [0.5, 0.5]]),  # a negative value, in a row that sums to 1
                          np.array([[0.5, 0.5], [0.0, 1.5]]),  # a value above 1
                          np.array([[math.nan, 1.0]])]:  # NaN
        with pytest.raises(ValueError):
            student.classifier_verdict(probabilities)
