"""Exercise (tied weights chapter): how many parameters tying saves.

A symmetric dense autoencoder ``n_inputs → h1 → … → hk → … → h1 → n_inputs``
has a kernel and a bias per layer. Tying the decoder's kernels to the
encoder's (transposed) leaves the decoder only its biases.
"""

from __future__ import annotations


def parameter_counts(n_inputs: int, hidden_sizes: list[int]) -> dict[str, int]:
    """Parameters of the untied and the tied symmetric dense autoencoder.

    The encoder has one dense layer per entry of ``hidden_sizes`` (kernel and
    bias); the decoder mirrors it back to ``n_inputs``. Untied, each decoder
    layer has a kernel and a bias; tied, only a bias.

    Args:
        n_inputs: the input size, e.g. 784.
        hidden_sizes: the encoder's layer sizes, e.g. ``[100, 30]`` (the last is the code size).

    Returns:
        ``{"untied": …, "tied": …}`` as ints; 784 and ``[100, 30]`` give
        163,814 and 82,414.

    Raises:
        ValueError: if ``n_inputs`` or a hidden size is not a positive int, or
            ``hidden_sizes`` is empty.
    """
    # BEGIN SOLUTION hint="Count the encoder's kernels and biases layer by layer; the untied decoder mirrors them, the tied one has only the biases of the sizes it maps to."
    sizes = [n_inputs, *hidden_sizes]
    if not hidden_sizes or any(isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in sizes):
        raise ValueError(f"sizes must be positive ints with at least one hidden size, got {n_inputs!r}, {hidden_sizes!r}")
    encoder = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    untied_decoder = sum(b * a + a for a, b in zip(sizes[:-1], sizes[1:]))
    tied_decoder = sum(sizes[:-1])
    return {"untied": encoder + untied_decoder, "tied": encoder + tied_decoder}
    # END SOLUTION
