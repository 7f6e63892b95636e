"""Public tests of the exercise principal_angles (linear autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "principal_angles"


@pytest.mark.points(2)
def test_two_lines_in_3d(student):
    a = np.array([[1.0], [0.0], [0.0]])
    b = np.array([[np.cos(np.radians(30))], [np.sin(np.radians(30))], [0.0]])
    result = student.principal_angles(a, b)
    assert isinstance(result, np.ndarray)
    assert result.shape == (1,)
    np.testing.assert_allclose(result, [30.0], atol=1e-6)
    # Scaling a column does not change the space.
    np.testing.assert_allclose(student.principal_angles(5 * a, -2 * b), [30.0], atol=1e-6)


@pytest.mark.points(2)
def test_plane_and_line(student):
    plane = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])  # the xy-plane
    inside = np.array([[1.0], [1.0], [0.0]])
    normal = np.array([[0.0], [0.0], [3.0]])
    np.testing.assert_allclose(student.principal_angles(plane, inside), [0.0], atol=1e-5)
    np.testing.assert_allclose(student.principal_angles(plane, normal), [90.0], atol=1e-6)
    # Two planes meeting at 45 degrees: a common line (0) and 45 degrees.
    tilted = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    np.testing.assert_allclose(student.principal_angles(plane, tilted), [0.0, 45.0], atol=1e-5)
