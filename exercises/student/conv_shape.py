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
    raise NotImplementedError("Check the arguments; 'valid': (n - kernel) // stride + 1 (refuse kernel > n); 'same': -(-n // stride).")
