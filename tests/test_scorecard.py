import numpy as np
import pytest

import aecourse  # noqa: F401

from aecourse.models import build_stacked_autoencoder, build_variational_autoencoder
from aecourse.report import BOOK_BUILD_ENV_VAR
from aecourse.scorecard import FIELDS, Scorecard, make_scorecard, publish_scorecard, read_scorecards
from aecourse.training import TrainingRun

RUN = TrainingRun(history={"loss": [0.5, 0.4], "val_loss": [0.45, 0.35], "val_rounded_accuracy": [0.8, 0.9]},
                  seconds=12.5)


def test_scorecard_of_a_model_holds_its_counts_and_the_runs_figures():
    ae = build_stacked_autoencoder((5, 2), image_shape=(4, 4))
    x = np.random.default_rng(0).random((3, 4, 4)).astype("float32")
    card = make_scorecard("small", ae, RUN, x)
    assert (card.params, card.code_size, card.epochs, card.training_seconds) == (ae.model.count_params(), 2, 2, 12.5)
    assert (card.val_loss, card.val_rounded_accuracy) == (0.35, 0.9)
    expected_mse = np.mean((np.asarray(ae.model(x), dtype=np.float64) - x) ** 2)
    assert card.test_mse == pytest.approx(expected_mse, rel=1e-5)
    several_phases = make_scorecard("small", ae, RUN, x, epochs=30, training_seconds=100.0)
    assert (several_phases.epochs, several_phases.training_seconds) == (30, 100.0)


def test_the_code_of_a_vae_is_its_sampled_codings():
    vae = build_variational_autoencoder(latent_dim=3, hidden_sizes=(8,), image_shape=(4, 4))
    assert make_scorecard("v", vae, RUN, np.zeros((2, 4, 4), dtype="float32")).code_size == 3


def test_published_scorecards_read_back_the_same(monkeypatch, capsys):
    monkeypatch.delenv(BOOK_BUILD_ENV_VAR, raising=False)  # publish prints name = value
    ae = build_stacked_autoencoder((5, 2), image_shape=(4, 4))
    card = publish_scorecard("small", ae, RUN, np.zeros((2, 4, 4), dtype="float32"))
    printed = dict(line.split(" = ") for line in capsys.readouterr().out.splitlines())
    assert set(printed) == {f"small_{field}" for field in FIELDS}
    results = {name: float(value) for name, value in printed.items()}
    assert read_scorecards(results, ["small"]) == [card]
    phases = publish_scorecard("phases", ae, RUN, np.zeros((2, 4, 4), dtype="float32"), epochs=30, training_seconds=9.0)
    assert (phases.epochs, phases.training_seconds) == (30, 9.0)
    assert "phases_epochs = 30" in capsys.readouterr().out


def test_missing_figures_are_named():
    results = {f"a_{field}": 1 for field in FIELDS if field != "test_mse"}
    with pytest.raises(KeyError, match="a_test_mse.*b_params"):
        read_scorecards(results, ["a", "b"])


def test_a_name_must_prefix_names():
    ae = build_stacked_autoencoder((5, 2), image_shape=(4, 4))
    with pytest.raises(ValueError, match="identifier"):
        make_scorecard("not a name", ae, RUN, np.zeros((1, 4, 4), dtype="float32"))
    assert isinstance(read_scorecards({f"ok_{f}": 1 for f in FIELDS}, ["ok"])[0], Scorecard)
