"""Exercise (convolutional autoencoder chapter): the size of a convolution's output.

A convolution or pooling layer with a square window slides it over the input
in steps of ``stride``. With ``"valid"`` padding the window stays inside the
input; with ``"same"`` padding the input is padded so that every step has a
window, and the output has ``ceil(n / stride)`` positions.
"""

from __future__ import annotations


def conv_output_size(n: int, kernel: int, stride: int, padding: str) -> int:
    """The output length along one axis of a convolution or pooling layer, as Keras computes it.

    Args:
        n: input length (positive).
        kernel: window length (positive).
        stride: step between windows (positive).
        padding: ``"valid"``: ``floor((n - kernel) / stride) + 1``, the windows
            that fit inside the input; ``"same"``: ``ceil(n / stride)``.

    Returns:
        The output length, an int. Example: ``conv_output_size(7, 2, 2, "valid")``
        is 3 (a 2×2 max-pooling of a 7×7 map).

    Raises:
        ValueError: for a non-positive size, an unknown padding, or a
            ``"valid"`` window longer than the input (no output, which Keras refuses too).
    """
    # BEGIN SOLUTION hint="Check the arguments; 'valid': (n - kernel) // stride + 1 (refuse kernel > n); 'same': -(-n // stride)."
    for name, value in (("n", n), ("kernel", kernel), ("stride", stride)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if padding == "valid":
        if kernel > n:
            raise ValueError(f"a window of {kernel} does not fit in {n}")
        return (n - kernel) // stride + 1
    if padding == "same":
        return -(-n // stride)
    raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    # END SOLUTION
