import pytest

from aecourse.config import PROFILE_ENV_VAR, PROFILES, get_profile


def test_default_profile_is_full(monkeypatch):
    monkeypatch.delenv(PROFILE_ENV_VAR, raising=False)
    assert get_profile().name == "full"


def test_full_profile_matches_the_source_recipe():
    full = PROFILES["full"]
    assert (full.n_train, full.n_val, full.n_test) == (55_000, 5_000, 10_000)
    assert (full.linear_epochs, full.stacked_epochs, full.vae_epochs) == (20, 20, 25)
    assert full.n_points_3d == 60


def test_quick_profile_is_smaller():
    quick, full = PROFILES["quick"], PROFILES["full"]
    assert quick.n_train < full.n_train and quick.stacked_epochs < full.stacked_epochs


def test_environment_variable_selects_profile(monkeypatch):
    monkeypatch.setenv(PROFILE_ENV_VAR, "quick")
    assert get_profile().name == "quick"


def test_unknown_profile_names_the_known_ones(monkeypatch):
    monkeypatch.setenv(PROFILE_ENV_VAR, "fast")
    with pytest.raises(ValueError, match=r"'fast'.*full, quick"):
        get_profile()
