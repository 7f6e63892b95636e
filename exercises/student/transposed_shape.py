"""Exercise (convolutional autoencoder chapter): the size of a transposed convolution's output.

A transposed convolution spreads each input position ``stride`` apart and lays
a window over each: it undoes the shrinking of a strided convolution. Keras
gives ``n * stride`` outputs with ``"same"`` padding and
``(n - 1) * stride + kernel`` with ``"valid"`` padding (for ``kernel >= stride``).
"""

from __future__ import annotations


def transposed_conv_output_size(n: int, kernel: int, stride: int, padding: str) -> int:
    """The output length along one axis of a transposed convolution, as Keras computes it.

    Args:
        n: input length (positive).
        kernel: window length (positive, at least ``stride``).
        stride: spacing of the input positions in the output (positive).
        padding: ``"valid"``: ``(n - 1) * stride + kernel``; ``"same"``: ``n * stride``.

    Returns:
        The output length, an int. Example: ``transposed_conv_output_size(3, 3, 2, "valid")``
        is 7, which undoes the pooling of a 7×7 map to 3×3.

    Raises:
        ValueError: for a non-positive size, ``kernel < stride``, or an unknown padding.
    """
    raise NotImplementedError("Check the arguments, including kernel >= stride; 'valid': (n - 1) * stride + kernel; 'same': n * stride.")
