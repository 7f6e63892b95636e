"""How many gradient steps the classifiers of :mod:`aecourse.codes.few_labels` take.

A module of its own, so that the classifiers' computation cache, which keys on
the source of :mod:`aecourse.codes.few_labels`, does not depend on it.
"""

from __future__ import annotations

from aecourse.codes.few_labels import BATCH_SIZE, IMAGES_PER_EPOCH, STARTS, Start
from aecourse.validation import positive_int


def repeats_per_epoch(n_labelled: int, passes: int) -> int:
    """How many times ``few_labels._fit`` repeats ``n_labelled`` images in one Keras epoch, for ``passes`` passes.

    The largest divisor ``r`` of ``passes`` with ``r * n_labelled`` at most
    :data:`~aecourse.codes.few_labels.IMAGES_PER_EPOCH` (or 1).
    """
    return max(r for r in range(1, passes + 1)
               if passes % r == 0 and (r == 1 or r * n_labelled <= IMAGES_PER_EPOCH))


def _steps(n_labelled: int, passes: int) -> int:
    repeats = repeats_per_epoch(n_labelled, passes)
    return (passes // repeats) * -(-repeats * n_labelled // BATCH_SIZE)


def steps_for(n_labelled: int, epochs: int, start: Start = "scratch") -> int:
    """The gradient steps that ``few_labels.train_classifier`` takes for ``n_labelled`` images and ``epochs`` passes.

    A Keras epoch ends with a smaller batch when its images do not fill the
    last one, so the steps are a little more than ``epochs * n_labelled / 32``;
    the fine-tuned classifier's two phases are counted apart. With
    ``passes_for``'s passes: about 1,600 steps for 100 to 2,000 images, and
    3,438 for 55,000, which take the minimum of 2 passes.
    """
    n_labelled, epochs = positive_int("n_labelled", n_labelled), positive_int("epochs", epochs)
    if start not in STARTS:
        raise ValueError(f"start must be one of {', '.join(STARTS)}, got {start!r}.")
    if start == "finetuned":
        return _steps(n_labelled, epochs // 2) + _steps(n_labelled, epochs - epochs // 2)
    return _steps(n_labelled, epochs)
