from aecourse.config import PROFILES
from aecourse.seeding import seed_everything
from aecourse.source_models import STACKED_RECIPE, train_source_stacked_autoencoder
from aecourse.training_cache import CACHE_DIR_ENV_VAR


def test_the_source_stacked_autoencoder_trains_with_the_source_recipe(tmp_path, monkeypatch):
    import numpy as np

    monkeypatch.delenv(CACHE_DIR_ENV_VAR, raising=False)
    seed_everything(0)
    x = np.random.default_rng(0).random((64, 28, 28)).astype("float32")
    stacked = train_source_stacked_autoencoder(x, x[:16], PROFILES["quick"])
    assert stacked.model.count_params() == 163_814
    assert stacked.model.optimizer.learning_rate.numpy() == np.float32(1.5)
    assert stacked.model.optimizer.iterations.numpy() == PROFILES["quick"].apply(STACKED_RECIPE).epochs * 2  # 64 / 32
    assert STACKED_RECIPE.epochs == 20
