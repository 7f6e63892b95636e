"""Training profiles and recipes: how much data and how many epochs the chapters use.

Each chapter states its own :class:`Recipe`, the data sizes and epochs of its
source (``Recipe(epochs=20)``), and asks the current profile for the version to
run: ``recipe = get_profile().apply(Recipe(epochs=20))``. Adding a chapter adds
no field anywhere else.

``AECOURSE_PROFILE=full`` (the default) runs every recipe as written.
``AECOURSE_PROFILE=quick`` applies one rule to every recipe, so that the whole
book builds in a few minutes (the tests use it): at most 2 epochs and
2,000 / 500 / 500 Fashion-MNIST images, and at most 2 repeats of a measurement
made with several seeds. A recipe that is cheap on every
profile (``same_on_every_profile=True``, such as the 60 points of the linear
chapter) is left as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from aecourse.validation import positive_int

PROFILE_ENV_VAR = "AECOURSE_PROFILE"
DEFAULT_PROFILE = "full"


@dataclass(frozen=True)
class Recipe:
    """What one training run uses, as the source gives it.

    Attributes:
        epochs: passes over the training data.
        n_train, n_val, n_test: examples used from each split (Fashion-MNIST:
            55,000 / 5,000 / 10,000, the source's split).
        repeats: how many times a measurement is made, with a different seed
            each time (to report a mean and a standard deviation).
        same_on_every_profile: the run is cheap: no profile shrinks it.
    """

    epochs: int
    n_train: int = 55_000
    n_val: int = 5_000
    n_test: int = 10_000
    repeats: int = 1
    same_on_every_profile: bool = False

    def __post_init__(self) -> None:
        for name in ("epochs", "n_train", "n_val", "n_test", "repeats"):
            positive_int(f"Recipe.{name}", getattr(self, name))


@dataclass(frozen=True)
class Profile:
    """A rule that every chapter's recipe goes through.

    Attributes:
        name: ``"full"`` or ``"quick"``.
        max_epochs: epochs are capped at this (``None``: no cap).
        max_train, max_val, max_test: data sizes are capped at these (``None``: no cap).
        max_repeats: repeats are capped at this (``None``: no cap).
    """

    name: str
    max_epochs: int | None = None
    max_train: int | None = None
    max_val: int | None = None
    max_test: int | None = None
    max_repeats: int | None = None

    def apply(self, recipe: Recipe) -> Recipe:
        """``recipe`` as this profile runs it."""
        if recipe.same_on_every_profile:
            return recipe

        def cap(value: int, limit: int | None) -> int:
            return value if limit is None else min(value, limit)

        return replace(
            recipe,
            epochs=cap(recipe.epochs, self.max_epochs),
            n_train=cap(recipe.n_train, self.max_train),
            n_val=cap(recipe.n_val, self.max_val),
            n_test=cap(recipe.n_test, self.max_test),
            repeats=cap(recipe.repeats, self.max_repeats),
        )


PROFILES: dict[str, Profile] = {
    "full": Profile(name="full"),
    "quick": Profile(name="quick", max_epochs=2, max_train=2_000, max_val=500, max_test=500,
                     max_repeats=2),
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
