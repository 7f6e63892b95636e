import numpy as np
import pytest

from aecourse.pca import (
    fit_pca,
    pca_project,
    pca_reconstruct,
    pca_reconstruction_error,
    principal_angles,
    principal_components,
)


def _anisotropic_data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 3)) * np.array([3.0, 1.0, 0.1]) + np.array([5.0, -2.0, 1.0])


def test_error_is_the_variance_left_out():
    x = _anisotropic_data()
    centred = x - x.mean(axis=0)
    eigenvalues = np.sort(np.linalg.eigvalsh(centred.T @ centred / len(x)))
    # Keeping 2 of 3 directions leaves the smallest eigenvalue, averaged over 3 coordinates.
    assert pca_reconstruction_error(x, 2) == pytest.approx(eigenvalues[0] / 3)
    assert pca_reconstruction_error(x, 3) == pytest.approx(0.0, abs=1e-20)


def test_components_are_the_high_variance_axes():
    basis = principal_components(_anisotropic_data(), 2)
    assert basis.shape == (3, 2)
    angles = principal_angles(basis, np.eye(3)[:, :2])
    assert np.all(angles < 3.0)


def test_reconstruct_matches_the_error():
    x = _anisotropic_data()
    mean, components = fit_pca(x, 2)
    reconstructed = pca_reconstruct(x, mean, components)
    assert np.mean((reconstructed - x) ** 2) == pytest.approx(pca_reconstruction_error(x, 2))


def test_principal_angles_of_same_and_orthogonal_spaces():
    e = np.eye(3)
    np.testing.assert_allclose(principal_angles(e[:, :2], e[:, :2] @ [[2, 1], [0, 1]]), [0, 0], atol=1e-6)
    np.testing.assert_allclose(principal_angles(e[:, :1], e[:, 1:2]), [90.0])


@pytest.mark.parametrize("k", [0, 4, 1.5])
def test_bad_k_is_refused(k):
    with pytest.raises(ValueError, match="k must be"):
        pca_reconstruction_error(_anisotropic_data(), k)


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match=r"\(n, d\)"):
        pca_reconstruction_error(np.zeros(5), 1)
    with pytest.raises(ValueError, match="matrices"):
        principal_angles(np.zeros((3, 2)), np.zeros((4, 2)))


def test_pca_project_gives_centred_coordinates_with_decreasing_variance():
    rng = np.random.default_rng(6)
    x = rng.normal(size=(500, 4)) * np.array([5.0, 2.0, 1.0, 0.1]) + 3.0
    z = pca_project(x, 2)
    assert z.shape == (500, 2)
    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-9)
    assert z[:, 0].var() == pytest.approx(25.0, rel=0.15) and z[:, 1].var() == pytest.approx(4.0, rel=0.15)


def test_pca_codes_are_the_coordinates_about_the_mean():
    from aecourse.pca import fit_pca, pca_codes, pca_reconstruct

    x = np.random.default_rng(3).normal(size=(50, 4))
    mean, components = fit_pca(x, k=2)
    codes = pca_codes(x, mean, components)
    assert codes.shape == (50, 2)
    np.testing.assert_allclose(mean + codes @ components.T, pca_reconstruct(x, mean, components))
    np.testing.assert_allclose(codes.mean(axis=0), 0.0, atol=1e-12)
    with pytest.raises(ValueError, match="shape"):
        pca_codes(x[:, :3], mean, components)
