"""Finding, checking, downloading and loading the Fashion-MNIST data set.

Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017) is four IDX files. They are
looked for, in this order, in

1. the directory named by the environment variable ``AECOURSE_DATA_DIR``;
2. the Keras cache ``~/.keras/datasets/fashion-mnist``;
3. ``/usr/share/datasets/fashion-mnist`` (Debian's ``dataset-fashion-mnist``).

The first directory that holds all four files (each as ``NAME.gz`` or as an
uncompressed ``NAME``) is used. Every file's *decompressed* content is checked
against its known size and SHA-256 before use. A corrupt file is never used
and never silently skipped: loading stops with :class:`CorruptDataError`.

Command line::

    python -m aecourse.fashion_mnist locate [--dir DIR ...]
    python -m aecourse.fashion_mnist check [--dir DIR ...]
    python -m aecourse.fashion_mnist download [--dest DIR] [--base-url URL]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
import tempfile
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from aecourse.idx import IDXError, parse_images, parse_labels
from aecourse.validation import positive_int

__all__ = [
    "CHECKSUMS",
    "CLASS_NAMES",
    "CorruptDataError",
    "DATA_DIR_ENV",
    "DEBIAN_DIR",
    "DataNotFoundError",
    "DownloadError",
    "FILE_NAMES",
    "FashionMNIST",
    "FileChecksum",
    "IMAGE_SHAPE",
    "OFFICIAL_URL",
    "candidate_dirs",
    "check",
    "download",
    "keras_cache_dir",
    "load_fashion_mnist",
    "locate",
    "main",
]

DATA_DIR_ENV = "AECOURSE_DATA_DIR"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
OFFICIAL_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"

TRAIN_IMAGES = "train-images-idx3-ubyte"
TRAIN_LABELS = "train-labels-idx1-ubyte"
TEST_IMAGES = "t10k-images-idx3-ubyte"
TEST_LABELS = "t10k-labels-idx1-ubyte"
FILE_NAMES: tuple[str, ...] = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

IMAGE_SHAPE: tuple[int, int] = (28, 28)
DEFAULT_N_VAL = 5000

CLASS_NAMES: tuple[str, ...] = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

_HOW_TO_GET = (
    "To get the data, do one of:\n"
    "  - run `make data` in the course repository;\n"
    "  - run `python -m aecourse.fashion_mnist download`;\n"
    "  - install Debian's package: `sudo apt-get install dataset-fashion-mnist`;\n"
    f"  - set {DATA_DIR_ENV} to a directory holding the four files "
    "(NAME.gz or uncompressed NAME)."
)


@dataclass(frozen=True)
class FileChecksum:
    """Size in bytes and SHA-256 (lower-case hex) of a *decompressed* file."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> FileChecksum:
        """The checksum of ``data``."""
        return cls(len(data), hashlib.sha256(data).hexdigest())


CHECKSUMS: Mapping[str, FileChecksum] = {
    TRAIN_IMAGES: FileChecksum(
        47040016, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"
    ),
    TRAIN_LABELS: FileChecksum(
        60008, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"
    ),
    TEST_IMAGES: FileChecksum(
        7840016, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"
    ),
    TEST_LABELS: FileChecksum(
        10008, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"
    ),
}


class DataNotFoundError(FileNotFoundError):
    """No directory holds all four Fashion-MNIST files."""


class CorruptDataError(ValueError):
    """A Fashion-MNIST file is damaged: bad gzip, size, SHA-256 or IDX header."""


class DownloadError(OSError):
    """A Fashion-MNIST file could not be fetched."""


# --------------------------------------------------------------------------
# Finding the files


def keras_cache_dir() -> Path:
    """``~/.keras/datasets/fashion-mnist``, where Keras caches the data set."""
    return Path.home() / ".keras" / "datasets" / "fashion-mnist"


def candidate_dirs() -> list[Path]:
    """The directories searched for the data set, in order of preference.

    ``$AECOURSE_DATA_DIR`` (if set and not empty), the Keras cache, then
    Debian's ``/usr/share/datasets/fashion-mnist``. The directories need not
    exist.
    """
    dirs = []
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        dirs.append(Path(env).expanduser())
    dirs += [keras_cache_dir(), DEBIAN_DIR]
    return dirs


def _find_file(directory: Path, name: str) -> Path | None:
    """``directory/NAME.gz`` if it is a file, else ``directory/NAME``, else None."""
    for candidate in (directory / f"{name}.gz", directory / name):
        if candidate.is_file():
            return candidate
    return None


def locate(dirs: Sequence[Path | str] | None = None) -> Path:
    """The first directory that holds all four Fashion-MNIST files.

    Only the presence of the files is checked here, not their content.

    Parameters
    ----------
    dirs : sequence of paths, optional
        Directories to search, in order. Defaults to :func:`candidate_dirs`.

    Raises
    ------
    DataNotFoundError
        If no directory holds all four files; the message lists every
        directory tried and what was missing there.
    """
    dirs = candidate_dirs() if dirs is None else [Path(d) for d in dirs]
    tried = []
    for directory in dirs:
        if not directory.is_dir():
            tried.append(f"  - {directory}: no such directory")
            continue
        missing = [n for n in FILE_NAMES if _find_file(directory, n) is None]
        if not missing:
            return directory
        tried.append(f"  - {directory}: missing {', '.join(missing)}")
    raise DataNotFoundError(
        "Fashion-MNIST not found. Each of these directories must hold the four "
        f"files {', '.join(FILE_NAMES)} (as NAME.gz or uncompressed NAME); "
        "tried:\n" + ("\n".join(tried) or "  (no directories)") + "\n" + _HOW_TO_GET
    )


# --------------------------------------------------------------------------
# Verifying


def _checksums(checksums: Mapping[str, FileChecksum] | None) -> Mapping[str, FileChecksum]:
    checksums = CHECKSUMS if checksums is None else checksums
    missing = [n for n in FILE_NAMES if n not in checksums]
    if missing:
        raise ValueError(f"checksums lacks entries for {missing}; keys must be {FILE_NAMES}.")
    return checksums


def _fix_local(path: Path) -> str:
    return (
        f"To fix it, delete {path} and re-run `make data` "
        "(or `python -m aecourse.fashion_mnist download`), "
        f"or set {DATA_DIR_ENV} to a directory holding intact copies of the files. "
        "Other data directories are not tried while this one holds a corrupt file."
    )


def _corrupt(
    path: Path | str, expected: FileChecksum, found: str, fix: str | None = None
) -> CorruptDataError:
    """The error for a damaged file; ``fix`` defaults to :func:`_fix_local`."""
    return CorruptDataError(
        f"Fashion-MNIST file {path} is corrupt and was not used: {found}. "
        f"Expected decompressed content of {expected.size} bytes with SHA-256 "
        f"{expected.sha256}. {fix or _fix_local(Path(path))}"
    )


def _read_verified(
    path: Path,
    expected: FileChecksum,
    *,
    gzipped: bool | None = None,
    label: str | None = None,
    fix: str | None = None,
) -> bytes:
    """The decompressed content of ``path``, checked against ``expected``.

    ``gzipped`` defaults to whether the name ends in ``.gz``. At most
    ``expected.size + 1`` bytes are read. Raises :class:`CorruptDataError`
    naming ``label`` (default: ``path``) and suggesting ``fix``.
    """
    gzipped = path.suffix == ".gz" if gzipped is None else gzipped
    name = path if label is None else label
    with open(path, "rb") as raw:
        if gzipped:
            try:
                with gzip.GzipFile(fileobj=raw) as stream:
                    data = stream.read(expected.size + 1)
            except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
                found = f"it is not a complete gzip file ({exc})"
                raise _corrupt(name, expected, found, fix) from exc
        else:
            data = raw.read(expected.size + 1)
    if len(data) != expected.size:
        n = len(data)
        size = f"{n} bytes" if n <= expected.size else f"over {expected.size} bytes"
        raise _corrupt(name, expected, f"its content is {size}", fix)
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected.sha256:
        raise _corrupt(name, expected, f"its content has SHA-256 {digest}", fix)
    return data


def _parse(path: Path, data: bytes, expected: FileChecksum, images: bool) -> np.ndarray:
    """Parse verified IDX bytes; wrap format errors in CorruptDataError."""
    try:
        array = parse_images(data) if images else parse_labels(data)
    except IDXError as exc:
        raise _corrupt(path, expected, f"bad IDX content ({exc})") from exc
    if images and array.shape[1:] != IMAGE_SHAPE:
        raise _corrupt(
            path, expected, f"its images are {array.shape[1:]}, not {IMAGE_SHAPE}"
        )
    if not images and array.size and int(array.max()) >= len(CLASS_NAMES):
        raise _corrupt(
            path, expected, f"it holds the label {int(array.max())}, not in 0..9"
        )
    return array


def _load_pair(
    directory: Path, images_name: str, labels_name: str, checksums: Mapping[str, FileChecksum]
) -> tuple[np.ndarray, np.ndarray]:
    """Verified ``uint8`` images ``(n, 28, 28)`` and labels ``(n,)`` of one split."""
    arrays = []
    paths = []
    for name, is_images in ((images_name, True), (labels_name, False)):
        path = _find_file(directory, name) or _find_file(locate([directory]), name)
        assert path is not None  # locate() raised DataNotFoundError otherwise
        data = _read_verified(path, checksums[name])
        arrays.append(_parse(path, data, checksums[name], is_images))
        paths.append(path)
    images, labels = arrays
    if len(images) != len(labels):
        raise _corrupt(
            paths[1],
            checksums[labels_name],
            f"it holds {len(labels)} labels but {paths[0]} holds {len(images)} images",
        )
    return images, labels


def check(
    directory: Path | str | None = None,
    *,
    checksums: Mapping[str, FileChecksum] | None = None,
) -> Path:
    """Verify all four files (size, SHA-256, IDX header) and return their directory.

    ``directory`` defaults to :func:`locate`. Raises :class:`DataNotFoundError`
    or :class:`CorruptDataError`.
    """
    checksums = _checksums(checksums)
    directory = locate() if directory is None else locate([directory])
    _load_pair(directory, TRAIN_IMAGES, TRAIN_LABELS, checksums)
    _load_pair(directory, TEST_IMAGES, TEST_LABELS, checksums)
    return directory


# --------------------------------------------------------------------------
# Loading


@dataclass(frozen=True, eq=False, repr=False)
class FashionMNIST:
    """Fashion-MNIST split into training, validation and test sets.

    Images are ``float32`` arrays of shape ``(n, 28, 28)`` with pixel
    intensities scaled to ``[0, 1]``; labels are ``uint8`` arrays of shape
    ``(n,)`` with class indices 0..9 (see :data:`CLASS_NAMES`). The full data
    set has 55,000 training, 5,000 validation and 10,000 test images.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def __repr__(self) -> str:
        return (
            f"FashionMNIST(train={len(self.x_train)}, val={len(self.x_val)}, "
            f"test={len(self.x_test)}, image_shape={self.x_train.shape[1:]})"
        )

    def head(self, n_train: int, n_val: int, n_test: int) -> FashionMNIST:
        """The first ``n_train``, ``n_val`` and ``n_test`` examples of each split.

        The arrays are views of this object's arrays. Raises ``ValueError``
        if a count is not a positive int or exceeds the examples available.
        """
        counts = {"n_train": n_train, "n_val": n_val, "n_test": n_test}
        sizes = {
            "n_train": len(self.x_train),
            "n_val": len(self.x_val),
            "n_test": len(self.x_test),
        }
        for name, value in counts.items():
            value = positive_int(name, value)
            if value > sizes[name]:
                raise ValueError(
                    f"{name}={value} exceeds the {sizes[name]} examples available "
                    f"in that split."
                )
        return FashionMNIST(
            self.x_train[:n_train],
            self.y_train[:n_train],
            self.x_val[:n_val],
            self.y_val[:n_val],
            self.x_test[:n_test],
            self.y_test[:n_test],
        )


def _scale(images: np.ndarray) -> np.ndarray:
    """uint8 0..255 -> float32 0..1."""
    return images.astype(np.float32) / np.float32(255.0)


def load_fashion_mnist(
    directory: Path | str | None = None,
    *,
    n_val: int = DEFAULT_N_VAL,
    checksums: Mapping[str, FileChecksum] | None = None,
) -> FashionMNIST:
    """Load and verify Fashion-MNIST.

    Parameters
    ----------
    directory : path, optional
        Directory holding the four files. Defaults to :func:`locate`.
    n_val : int, default 5000
        The validation set is the *last* ``n_val`` images of the training
        file; the training set is the rest (55,000 for the real data).
    checksums : mapping, optional
        Expected size and SHA-256 of each decompressed file, keyed by file
        name without ``.gz``. Defaults to :data:`CHECKSUMS`.

    Returns
    -------
    FashionMNIST
        Images ``float32`` in ``[0, 1]``, shape ``(n, 28, 28)``; labels
        ``uint8``, shape ``(n,)``.

    Raises
    ------
    DataNotFoundError
        If the files are not found.
    CorruptDataError
        If a file is damaged (it is then never used).
    ValueError
        If the training file does not hold more than ``n_val`` images.
    """
    n_val = positive_int("n_val", n_val)
    checksums = _checksums(checksums)
    directory = locate() if directory is None else locate([directory])
    train_images, train_labels = _load_pair(directory, TRAIN_IMAGES, TRAIN_LABELS, checksums)
    if len(train_images) <= n_val:
        raise ValueError(
            f"n_val={n_val} leaves no training images: the training file in "
            f"{directory} holds only {len(train_images)} images. Pass a smaller n_val."
        )
    test_images, test_labels = _load_pair(directory, TEST_IMAGES, TEST_LABELS, checksums)
    x = _scale(train_images)
    y = train_labels.copy()
    return FashionMNIST(
        x_train=x[:-n_val],
        y_train=y[:-n_val],
        x_val=x[-n_val:],
        y_val=y[-n_val:],
        x_test=_scale(test_images),
        y_test=test_labels.copy(),
    )


# --------------------------------------------------------------------------
# Downloading


def _open_url(url: str, timeout: float) -> BinaryIO:
    """Open ``url`` for reading (a seam for tests)."""
    return urllib.request.urlopen(url, timeout=timeout)


def _fetch(url: str, dest: Path, name: str, expected: FileChecksum, timeout: float) -> None:
    """Download ``url`` to ``dest/NAME.gz`` via a verified temporary file."""
    final = dest / f"{name}.gz"
    fd, tmp_name = tempfile.mkstemp(dir=dest, prefix=f".{name}.gz.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                with _open_url(url, timeout) as response:
                    while chunk := response.read(1 << 20):
                        out.write(chunk)
            except (urllib.error.URLError, OSError) as exc:
                http = isinstance(exc, urllib.error.HTTPError)
                reason = exc if http else getattr(exc, "reason", exc)
                raise DownloadError(
                    f"Could not download {url}: {reason}. Check the network connection "
                    "(and any proxy settings) and try again, or get the data another "
                    "way:\n" + _HOW_TO_GET
                ) from exc
            out.flush()
            os.fsync(out.fileno())
        fix = (
            "It was discarded; nothing was written "
            f"under {final}. Try again later, or use another mirror with --base-url."
        )
        _read_verified(tmp, expected, gzipped=True, label=f"downloaded from {url}", fix=fix)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def download(
    dest: Path | str | None = None,
    base_url: str = OFFICIAL_URL,
    *,
    checksums: Mapping[str, FileChecksum] | None = None,
    timeout: float = 60.0,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Download the four ``.gz`` files into ``dest`` and return ``dest``.

    Parameters
    ----------
    dest : path, optional
        Target directory, created if needed. Defaults to ``$AECOURSE_DATA_DIR``
        if set, else :func:`keras_cache_dir`.
    base_url : str
        URL of the directory holding ``NAME.gz`` files; ``file://`` works.
    checksums : mapping, optional
        As for :func:`load_fashion_mnist`.
    timeout : float
        Socket timeout in seconds.
    progress : callable, optional
        Called with one line of text per file.

    Each file is written to a temporary name in ``dest``, verified, then
    renamed to ``NAME.gz`` with :func:`os.replace`; on any failure the
    temporary file is removed. Files already present and valid (as ``NAME.gz``
    or ``NAME``) are not fetched again; a corrupt ``NAME.gz`` is replaced.

    Raises
    ------
    DownloadError
        On network errors.
    CorruptDataError
        If downloaded content does not match its checksum, or a corrupt
        uncompressed ``NAME`` is in the way.
    """
    checksums = _checksums(checksums)
    if dest is None:
        env = os.environ.get(DATA_DIR_ENV)
        dest = Path(env).expanduser() if env else keras_cache_dir()
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda message: None)
    base = base_url if base_url.endswith("/") else base_url + "/"
    for name in FILE_NAMES:
        existing = _find_file(dest, name)
        if existing is not None:
            try:
                _read_verified(existing, checksums[name])
            except CorruptDataError:
                if existing.suffix != ".gz":
                    raise
                say(f"{existing} is corrupt; downloading it again")
            else:
                say(f"{existing} is present and valid")
                continue
        url = f"{base}{name}.gz"
        say(f"downloading {url}")
        _fetch(url, dest, name, checksums[name], timeout)
    return dest


# --------------------------------------------------------------------------
# Command line


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m aecourse.fashion_mnist``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m aecourse.fashion_mnist",
        description="Find, check or download Fashion-MNIST.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for command, text in (
        ("locate", "print the directory holding the data set"),
        ("check", "verify the size and SHA-256 of all four files"),
    ):
        sub = commands.add_parser(command, help=text)
        sub.add_argument(
            "--dir",
            action="append",
            type=Path,
            metavar="DIR",
            help="search only DIR (repeatable) instead of the default places",
        )
    sub = commands.add_parser("download", help="download the data set")
    sub.add_argument(
        "--dest", type=Path, help=f"target directory (default: ${DATA_DIR_ENV} or the Keras cache)"
    )
    sub.add_argument("--base-url", default=OFFICIAL_URL, help="mirror URL (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        if args.command == "download":
            path = download(args.dest, args.base_url, progress=lambda m: print(m, file=sys.stderr))
        else:
            path = locate(args.dir)
            if args.command == "check":
                check(path)
    except (DataNotFoundError, CorruptDataError, DownloadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
