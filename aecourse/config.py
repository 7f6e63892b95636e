"""Training profiles: how much data and how many epochs the chapters use.

``AECOURSE_PROFILE=full`` (the default) uses the data sizes and epochs of the
source chapter; ``AECOURSE_PROFILE=quick`` uses small subsets and a few epochs so
that the whole book builds in a few minutes (the tests use it). Chapters read
every size and epoch count from :func:`get_profile`, never from constants.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

PROFILE_ENV_VAR = "AECOURSE_PROFILE"
DEFAULT_PROFILE = "full"


@dataclass(frozen=True)
class Profile:
    """Data sizes and epoch counts for one way of building the book.

    Attributes:
        name: ``"full"`` or ``"quick"``.
        n_points_3d: number of points of the generated 3-D data set.
        linear_epochs: epochs of the source's short linear-autoencoder run.
        linear_long_epochs: epochs of the long run that must approach PCA.
        n_train, n_val, n_test: Fashion-MNIST images used from each split.
        stacked_epochs: epochs of the stacked autoencoder.
        vae_epochs: epochs of the variational autoencoder.
    """

    name: str
    n_points_3d: int
    linear_epochs: int
    linear_long_epochs: int
    n_train: int
    n_val: int
    n_test: int
    stacked_epochs: int
    vae_epochs: int


PROFILES: dict[str, Profile] = {
    "full": Profile(
        name="full",
        n_points_3d=60,
        linear_epochs=20,
        linear_long_epochs=400,
        n_train=55_000,
        n_val=5_000,
        n_test=10_000,
        stacked_epochs=20,
        vae_epochs=25,
    ),
    "quick": Profile(
        name="quick",
        n_points_3d=60,
        linear_epochs=20,
        linear_long_epochs=400,
        n_train=2_000,
        n_val=500,
        n_test=500,
        stacked_epochs=2,
        vae_epochs=2,
    ),
}


def get_profile(name: str | None = None) -> Profile:
    """Return the profile called ``name``, or the one named by ``AECOURSE_PROFILE``.

    Raises:
        ValueError: if the name is not one of :data:`PROFILES`.
    """
    if name is None:
        name = os.environ.get(PROFILE_ENV_VAR, "").strip() or DEFAULT_PROFILE
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(
            f"Unknown training profile {name!r} (from {PROFILE_ENV_VAR} or the "
            f"argument). Known profiles: {known}. Unset {PROFILE_ENV_VAR} to use "
            f"{DEFAULT_PROFILE!r}."
        ) from None
