"""Exercise (all the autoencoders side by side): the models that no other model beats."""

from __future__ import annotations

from collections.abc import Sequence


def pareto_front(costs: Sequence[float], scores: Sequence[float]) -> list[int]:
    """The indices, in increasing order, of the models that no other model dominates.

    Model ``j`` dominates model ``i`` if ``costs[j] <= costs[i]`` and
    ``scores[j] >= scores[i]``, with at least one of the two strict: it is
    at least as cheap and at least as good, and better on one count. Two
    models with the same cost and score do not dominate each other.

    Args:
        costs: one cost per model (parameters, seconds, ...): lower is better.
        scores: one score per model (accuracy, ...): higher is better.

    Raises:
        ValueError: if the two sequences differ in length.
    """
    raise NotImplementedError('For each model, look for another that is no worse on both counts and strictly better on one.')
