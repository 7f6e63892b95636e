"""Reading and writing IDX files, the simple array format of (Fashion-)MNIST.

An IDX file is a 4-byte magic number followed by one big-endian ``uint32`` per
dimension and then the payload in C order. The magic number is two zero
bytes, a type code (``0x08`` for unsigned bytes, the only type supported
here) and the number of dimensions. So images (``n, rows, cols``) have the
magic number ``0x00000803`` and labels (``n,``) have ``0x00000801``.

Only the format is checked here; what the arrays should contain (image size,
label range) is the caller's business.
"""

from __future__ import annotations

import struct

import numpy as np

__all__ = [
    "IDXError",
    "IMAGES_MAGIC",
    "LABELS_MAGIC",
    "UBYTE_TYPE_CODE",
    "encode_idx",
    "parse_idx",
    "parse_images",
    "parse_labels",
]

UBYTE_TYPE_CODE = 0x08
IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801


class IDXError(ValueError):
    """The bytes are not a well-formed IDX file of the expected kind."""


def parse_idx(data: bytes, ndim: int) -> np.ndarray:
    """Parse the bytes of an unsigned-byte IDX file with ``ndim`` dimensions.

    Parameters
    ----------
    data : bytes
        The whole (decompressed) file content.
    ndim : int
        The expected number of dimensions, between 1 and 255.

    Returns
    -------
    numpy.ndarray
        Array of dtype ``uint8`` and the shape given in the header. It is a
        read-only view of ``data``.

    Raises
    ------
    IDXError
        If the magic number is not ``0x000008<ndim>``, the header is cut short
        or the payload length differs from the product of the dimensions.
    """
    if not 1 <= ndim <= 255:
        raise ValueError(f"ndim must be between 1 and 255, got {ndim!r}.")
    expected_magic = (UBYTE_TYPE_CODE << 8) | ndim
    if len(data) < 4:
        raise IDXError(f"IDX data is {len(data)} bytes long, too short for a magic number.")
    (magic,) = struct.unpack_from(">I", data, 0)
    if magic != expected_magic:
        raise IDXError(
            f"Expected IDX magic number 0x{expected_magic:08x} (unsigned bytes, "
            f"{ndim} dimension{'s' if ndim > 1 else ''}), found 0x{magic:08x}."
        )
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise IDXError(
            f"IDX data is {len(data)} bytes long, shorter than the {header_size}-byte "
            f"header of a {ndim}-dimensional IDX file."
        )
    shape = struct.unpack_from(f">{ndim}I", data, 4)
    n_items = int(np.prod(shape, dtype=np.int64))
    payload = len(data) - header_size
    if payload != n_items:
        raise IDXError(
            f"IDX header gives the shape {shape}, i.e. {n_items} bytes of data, "
            f"but the payload is {payload} bytes long."
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(shape)


def parse_images(data: bytes) -> np.ndarray:
    """Parse an IDX image file (magic ``0x00000803``).

    Returns a read-only ``uint8`` array of shape ``(n, rows, cols)``, pixel
    intensities 0..255. Raises :class:`IDXError` on malformed data.
    """
    return parse_idx(data, 3)


def parse_labels(data: bytes) -> np.ndarray:
    """Parse an IDX label file (magic ``0x00000801``).

    Returns a read-only ``uint8`` array of shape ``(n,)``. Raises
    :class:`IDXError` on malformed data.
    """
    return parse_idx(data, 1)


def encode_idx(array: np.ndarray) -> bytes:
    """Encode a ``uint8`` array (1 to 255 dimensions) as IDX bytes.

    The inverse of :func:`parse_idx`; handy to write small test files.
    """
    array = np.asarray(array)
    if array.dtype != np.uint8:
        raise ValueError(f"Only uint8 arrays can be encoded, got dtype {array.dtype}.")
    if not 1 <= array.ndim <= 255:
        raise ValueError(f"array must have 1 to 255 dimensions, got {array.ndim}.")
    header = struct.pack(
        f">I{array.ndim}I", (UBYTE_TYPE_CODE << 8) | array.ndim, *array.shape
    )
    return header + np.ascontiguousarray(array).tobytes()
