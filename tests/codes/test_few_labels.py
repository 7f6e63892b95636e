import keras
import numpy as np
import pytest

from aecourse.codes.few_label_steps import steps_for
from aecourse.codes.few_labels import (balanced_subset, build_classifier, copy_encoder, passes_for,
                                       starting_classifier, train_classifier)
from aecourse.seeding import seed_everything


def trained_encoder() -> keras.Model:
    """A small encoder whose weights are not Keras's initial ones (as if trained)."""
    seed_everything(0)
    encoder = keras.Sequential([keras.Input(shape=(6, 6)), keras.layers.Flatten(),
                                keras.layers.Dense(8, activation="selu"), keras.layers.Dense(3)], name="encoder")
    rng = np.random.default_rng(1)
    encoder.set_weights([rng.normal(size=w.shape).astype("float32") for w in encoder.get_weights()])
    return encoder


def same_weights(a: keras.Model, b: keras.Model) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a.get_weights(), b.get_weights(), strict=True))


def test_copy_has_the_trained_weights_and_a_clone_alone_does_not():
    encoder = trained_encoder()
    copy = copy_encoder(encoder, trained_weights=True)
    assert same_weights(copy, encoder)
    assert not same_weights(copy_encoder(encoder, trained_weights=False), encoder)
    copy.layers[-1].kernel.assign(np.zeros((8, 3)))  # the copy shares no variable with the original
    assert not same_weights(copy, encoder)


@pytest.mark.parametrize("start, trained", [("scratch", False), ("frozen", True), ("finetuned", True)])
def test_each_start_copies_the_weights_it_should_and_freezes_them(start, trained):
    encoder = trained_encoder()
    classifier = starting_classifier(encoder, start, n_classes=4)
    assert same_weights(classifier.layers[0], encoder) == trained
    assert classifier.layers[0].trainable == (start == "scratch")
    assert classifier.output_shape == (None, 4)


def test_training_a_classifier_leaves_the_autoencoders_encoder_unchanged():
    encoder = trained_encoder()
    before = [w.copy() for w in encoder.get_weights()]
    rng = np.random.default_rng(2)
    x, y = rng.random((40, 6, 6)).astype("float32"), np.arange(40) % 4
    for start in ("scratch", "frozen", "finetuned"):
        score = train_classifier(encoder, start, x, y, x, y, epochs=4, seed=0)
        assert 0 <= score.accuracy <= 1 and score.seconds > 0
    assert all(np.array_equal(a, b) for a, b in zip(before, encoder.get_weights()))


def test_a_frozen_encoder_stays_frozen_in_training_and_a_finetuned_one_moves():
    encoder = trained_encoder()
    rng = np.random.default_rng(3)
    x, y = rng.random((64, 6, 6)).astype("float32"), np.arange(64) % 2
    for start, moves in (("frozen", False), ("finetuned", True)):
        classifier = starting_classifier(encoder, start, n_classes=2)
        classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        classifier.fit(x, y, epochs=1, verbose=0)
        if start == "finetuned":  # what train_classifier does for the second half
            classifier.layers[0].trainable = True
            classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            classifier.fit(x, y, epochs=1, verbose=0)
        assert (not same_weights(classifier.layers[0], encoder)) == moves


def test_train_classifier_is_reproducible_and_checks_its_arguments():
    encoder = trained_encoder()
    rng = np.random.default_rng(4)
    x, y = rng.random((30, 6, 6)).astype("float32"), np.arange(30) % 3
    first = train_classifier(encoder, "scratch", x, y, x, y, epochs=2, seed=5)
    assert train_classifier(encoder, "scratch", x, y, x, y, epochs=2, seed=5).accuracy == first.accuracy
    with pytest.raises(ValueError, match="start must be"):
        train_classifier(encoder, "pretrained", x, y, x, y, epochs=2, seed=5)
    with pytest.raises(ValueError, match="epochs"):
        train_classifier(encoder, "frozen", x, y, x, y, epochs=1, seed=5)
    with pytest.raises(ValueError, match="one label per"):
        train_classifier(encoder, "frozen", x, y[:-1], x, y, epochs=2, seed=5)


def test_head_and_classes():
    with pytest.raises(ValueError, match="n_classes"):
        build_classifier(trained_encoder(), n_classes=1)
    assert build_classifier(trained_encoder(), n_classes=10).count_params() > 0


def test_passes_give_about_the_same_number_of_steps():
    assert [passes_for(n) for n in (100, 500, 2_000, 55_000)] == [512, 102, 26, 2]


def test_steps_count_what_training_runs():
    assert [steps_for(n, passes_for(n)) for n in (100, 500, 2_000, 55_000)] == [1600, 1598, 1625, 3438]
    assert steps_for(55_000, 2, "finetuned") == 3438  # two phases of one pass each
    assert steps_for(100, 3, "finetuned") == 4 + 7  # 1 pass of 4 batches, then 2 passes as one epoch of 7
    with pytest.raises(ValueError, match="start"):
        steps_for(100, 2, "pretrained")


@pytest.mark.parametrize("n, passes", [(100, 512), (500, 102), (2_000, 26), (55_000, 2), (100, 3), (37, 7)])
def test_steps_for_counts_the_batches_that_fit_runs(n, passes):
    from aecourse.codes import few_labels

    class Recorder:
        steps = 0

        def fit(self, x, y, *, epochs, batch_size, verbose):
            self.steps += epochs * -(-len(x) // batch_size)

    recorder = Recorder()
    few_labels._fit(recorder, np.zeros((n, 1)), np.zeros(n), passes)
    assert steps_for(n, passes) == recorder.steps
    with pytest.raises(ValueError):
        passes_for(0)


def test_balanced_subset():
    labels = np.repeat(np.arange(4), 10)
    chosen = balanced_subset(labels, 3, seed=0)
    assert np.bincount(labels[chosen]).tolist() == [3, 3, 3, 3] and np.all(np.diff(chosen) > 0)
    assert np.array_equal(chosen, balanced_subset(labels, 3, seed=0))
    assert not np.array_equal(chosen, balanced_subset(labels, 3, seed=1))
    with pytest.raises(ValueError, match="fewer"):
        balanced_subset(labels, 11, seed=0)
