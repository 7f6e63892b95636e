"""Exercise (all the autoencoders side by side): does a result meet a published figure?"""

from __future__ import annotations


def meets_reference(value: float, reference: float, tolerance: float, higher_is_better: bool) -> bool:
    """Whether ``value`` meets the published ``reference``, allowing ``tolerance`` on the wrong side.

    If higher is better (an accuracy), ``value`` meets the reference when it
    is at least ``reference - tolerance``; if lower is better (a loss), when
    it is at most ``reference + tolerance``. Both bounds count as met.

    Args:
        value: this build's figure.
        reference: the published figure.
        tolerance: how far on the wrong side still counts (non-negative).
        higher_is_better: ``True`` for an accuracy, ``False`` for a loss.

    Raises:
        ValueError: if ``tolerance`` is negative.
    """
    raise NotImplementedError('Check the tolerance; then compare value with reference - tolerance or reference + tolerance.')
