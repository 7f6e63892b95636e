import pytest

from aecourse.config import PROFILE_ENV_VAR, PROFILES, Recipe, get_profile


def test_default_profile_is_full(monkeypatch):
    monkeypatch.delenv(PROFILE_ENV_VAR, raising=False)
    assert get_profile().name == "full"


def test_a_recipe_defaults_to_the_source_split():
    recipe = Recipe(epochs=20)
    assert (recipe.n_train, recipe.n_val, recipe.n_test) == (55_000, 5_000, 10_000)


def test_the_full_profile_runs_a_recipe_as_written():
    recipe = Recipe(epochs=25, n_train=1_000)
    assert PROFILES["full"].apply(recipe) == recipe


def test_the_quick_profile_caps_epochs_and_data():
    quick = PROFILES["quick"].apply(Recipe(epochs=20))
    assert (quick.epochs, quick.n_train, quick.n_val, quick.n_test) == (2, 2_000, 500, 500)
    assert PROFILES["quick"].apply(Recipe(epochs=1, n_train=100)).n_train == 100  # caps, never grows


def test_the_quick_profile_caps_repeats_and_the_full_one_keeps_them():
    assert PROFILES["quick"].apply(Recipe(epochs=1, repeats=5)).repeats == 2
    assert PROFILES["quick"].apply(Recipe(epochs=1)).repeats == 1
    assert PROFILES["full"].apply(Recipe(epochs=1, repeats=5)).repeats == 5


def test_a_cheap_recipe_is_the_same_on_every_profile():
    recipe = Recipe(epochs=400, n_train=60, same_on_every_profile=True)
    assert PROFILES["quick"].apply(recipe) == recipe


@pytest.mark.parametrize("field", ["epochs", "n_train", "n_val", "n_test", "repeats"])
@pytest.mark.parametrize("value", [0, -1, 2.5, True])
def test_a_recipe_refuses_bad_sizes(field, value):
    kwargs = {"epochs": 1, field: value}
    with pytest.raises(ValueError, match=f"Recipe.{field}"):
        Recipe(**kwargs)


def test_environment_variable_selects_profile(monkeypatch):
    monkeypatch.setenv(PROFILE_ENV_VAR, "quick")
    assert get_profile().name == "quick"


def test_unknown_profile_names_the_known_ones(monkeypatch):
    monkeypatch.setenv(PROFILE_ENV_VAR, "fast")
    with pytest.raises(ValueError, match=r"'fast'.*full, quick"):
        get_profile()
