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


def test_the_convolutional_autoencoder_trains_with_its_reference_recipe(monkeypatch):
    import numpy as np

    from aecourse.models import build_convolutional_autoencoder
    from aecourse.source_models import CONVOLUTIONAL_RECIPE, train_source_convolutional_autoencoder

    monkeypatch.delenv(CACHE_DIR_ENV_VAR, raising=False)
    seed_everything(0)
    x = np.random.default_rng(0).random((64, 28, 28)).astype("float32")
    conv, run = train_source_convolutional_autoencoder(x, x[:16], PROFILES["quick"])
    assert conv.model.count_params() == 46_529 and CONVOLUTIONAL_RECIPE.epochs == 5
    assert conv.model.optimizer.learning_rate.numpy() == np.float32(1.0)
    assert run.epochs == PROFILES["quick"].apply(CONVOLUTIONAL_RECIPE).epochs
    # A chapter that built the model itself gets that very model back, trained.
    mine = build_convolutional_autoencoder()
    trained, _ = train_source_convolutional_autoencoder(x, x[:16], PROFILES["quick"], autoencoder=mine)
    assert trained is mine and mine.model.optimizer.iterations.numpy() > 0
