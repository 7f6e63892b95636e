"""Tests of aecourse.fashion_mnist on tiny, self-made IDX files (no network)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import aecourse
from aecourse import fashion_mnist as fm
from aecourse.idx import IDXError, encode_idx, parse_images, parse_labels

N_TRAIN, N_TEST, N_VAL = 12, 4, 3
REPO_ROOT = Path(aecourse.__file__).resolve().parent.parent


def make_arrays(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    images[0, 0, 0], images[0, 0, 1] = 0, 255
    labels = (np.arange(n) % 10).astype(np.uint8)
    return images, labels


def write_file(path: Path, content: bytes, gz: bool = True) -> Path:
    """Write ``content`` to ``path`` + ".gz" (gzipped) or to ``path`` as is."""
    if gz:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(content))
    else:
        path.write_bytes(content)
    return path


def make_dataset(
    directory: Path, gz: bool = True
) -> tuple[dict[str, fm.FileChecksum], dict[str, np.ndarray]]:
    """Write the four tiny files; return their checksums and arrays."""
    directory.mkdir(parents=True, exist_ok=True)
    x_train, y_train = make_arrays(N_TRAIN, seed=0)
    x_test, y_test = make_arrays(N_TEST, seed=1)
    arrays = {
        fm.TRAIN_IMAGES: x_train,
        fm.TRAIN_LABELS: y_train,
        fm.TEST_IMAGES: x_test,
        fm.TEST_LABELS: y_test,
    }
    checksums = {}
    for name, array in arrays.items():
        content = encode_idx(array)
        write_file(directory / name, content, gz)
        checksums[name] = fm.FileChecksum.of(content)
    return checksums, arrays


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, dict[str, fm.FileChecksum], dict[str, np.ndarray]]:
    directory = tmp_path / "data"
    checksums, arrays = make_dataset(directory)
    return directory, checksums, arrays


@pytest.fixture(autouse=True)
def _isolated_env(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Hide the machine's data set from every test but the real-data one."""
    if request.node.get_closest_marker("dataset"):
        return
    monkeypatch.delenv(fm.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


# ---------------------------------------------------------------- IDX


def test_idx_round_trip() -> None:
    images, labels = make_arrays(5, seed=2)
    np.testing.assert_array_equal(parse_images(encode_idx(images)), images)
    np.testing.assert_array_equal(parse_labels(encode_idx(labels)), labels)


def test_idx_rejects_wrong_magic_and_length() -> None:
    images, labels = make_arrays(5, seed=2)
    with pytest.raises(IDXError, match="0x00000803.*found 0x00000801"):
        parse_images(encode_idx(labels))
    with pytest.raises(IDXError, match="payload is"):
        parse_images(encode_idx(images)[:-1])
    with pytest.raises(IDXError, match="too short"):
        parse_labels(b"\x00\x00")
    with pytest.raises(IDXError, match="shorter than the 16-byte header"):
        parse_images(b"\x00\x00\x08\x03\x00\x00")


# ---------------------------------------------------------------- loading


def test_load_good_files(data) -> None:
    directory, checksums, arrays = data
    ds = fm.load_fashion_mnist(directory, n_val=N_VAL, checksums=checksums)
    assert ds.x_train.shape == (N_TRAIN - N_VAL, 28, 28)
    assert ds.x_val.shape == (N_VAL, 28, 28)
    assert ds.x_test.shape == (N_TEST, 28, 28)
    for x in (ds.x_train, ds.x_val, ds.x_test):
        assert x.dtype == np.float32
        assert 0.0 <= x.min() and x.max() <= 1.0
    assert ds.x_train.min() == 0.0 and ds.x_train.max() == 1.0
    for y in (ds.y_train, ds.y_val, ds.y_test):
        assert y.dtype == np.uint8
    # The validation set is the last n_val training images.
    x_all, y_all = arrays[fm.TRAIN_IMAGES], arrays[fm.TRAIN_LABELS]
    np.testing.assert_allclose(ds.x_val, x_all[-N_VAL:] / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(ds.y_val, y_all[-N_VAL:])
    np.testing.assert_array_equal(ds.y_train, y_all[:-N_VAL])
    np.testing.assert_array_equal(ds.y_test, arrays[fm.TEST_LABELS])
    assert "train=9" in repr(ds)


def test_uncompressed_files_accepted(tmp_path: Path) -> None:
    checksums, _ = make_dataset(tmp_path, gz=False)
    assert not list(tmp_path.glob("*.gz"))
    ds = fm.load_fashion_mnist(tmp_path, n_val=N_VAL, checksums=checksums)
    assert ds.x_test.shape == (N_TEST, 28, 28)


def test_n_val_too_large(data) -> None:
    directory, checksums, _ = data
    with pytest.raises(ValueError, match=f"n_val={N_TRAIN}.*only {N_TRAIN} images"):
        fm.load_fashion_mnist(directory, n_val=N_TRAIN, checksums=checksums)


def test_checksum_mismatch(data) -> None:
    directory, checksums, _ = data
    bad = dict(checksums)
    bad[fm.TEST_LABELS] = fm.FileChecksum(checksums[fm.TEST_LABELS].size, "0" * 64)
    with pytest.raises(fm.CorruptDataError) as info:
        fm.load_fashion_mnist(directory, n_val=N_VAL, checksums=bad)
    message = str(info.value)
    assert str(directory / f"{fm.TEST_LABELS}.gz") in message
    assert "0" * 64 in message
    assert checksums[fm.TEST_LABELS].sha256 in message  # what was found
    assert "make data" in message and fm.DATA_DIR_ENV in message
    assert isinstance(info.value, ValueError)


def test_wrong_size(data) -> None:
    directory, checksums, _ = data
    (directory / f"{fm.TRAIN_LABELS}.gz").write_bytes(gzip.compress(b"\x00" * 5))
    with pytest.raises(fm.CorruptDataError, match=r"content is 5 bytes.*Expected .* bytes"):
        fm.load_fashion_mnist(directory, n_val=N_VAL, checksums=checksums)


def test_truncated_gzip(data) -> None:
    directory, checksums, _ = data
    path = directory / f"{fm.TRAIN_IMAGES}.gz"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(fm.CorruptDataError, match="not a complete gzip file") as info:
        fm.load_fashion_mnist(directory, n_val=N_VAL, checksums=checksums)
    assert str(path) in str(info.value)


def test_not_gzip_at_all(data) -> None:
    directory, checksums, _ = data
    (directory / f"{fm.TEST_IMAGES}.gz").write_bytes(b"definitely not gzip")
    with pytest.raises(fm.CorruptDataError, match="not a complete gzip file"):
        fm.check(directory, checksums=checksums)


def test_wrong_idx_magic(data) -> None:
    directory, checksums, arrays = data
    # Image bytes with the label magic number, and checksums that match them:
    # only the IDX check can catch this.
    content = bytearray(encode_idx(arrays[fm.TEST_IMAGES]))
    content[3] = 0x01
    write_file(directory / fm.TEST_IMAGES, bytes(content))
    bad = dict(checksums, **{fm.TEST_IMAGES: fm.FileChecksum.of(bytes(content))})
    with pytest.raises(fm.CorruptDataError, match="magic number 0x00000803.*found 0x00000801"):
        fm.load_fashion_mnist(directory, n_val=N_VAL, checksums=bad)


def test_wrong_image_dims(tmp_path: Path) -> None:
    checksums, _ = make_dataset(tmp_path)
    content = encode_idx(np.zeros((N_TEST, 27, 29), np.uint8))
    write_file(tmp_path / fm.TEST_IMAGES, content)
    checksums[fm.TEST_IMAGES] = fm.FileChecksum.of(content)
    with pytest.raises(fm.CorruptDataError, match=r"images are \(27, 29\)"):
        fm.load_fashion_mnist(tmp_path, n_val=N_VAL, checksums=checksums)


def test_label_count_mismatch(tmp_path: Path) -> None:
    checksums, _ = make_dataset(tmp_path)
    content = encode_idx(np.zeros(N_TEST + 1, np.uint8))
    write_file(tmp_path / fm.TEST_LABELS, content)
    checksums[fm.TEST_LABELS] = fm.FileChecksum.of(content)
    with pytest.raises(fm.CorruptDataError, match=f"{N_TEST + 1} labels .* {N_TEST} images"):
        fm.load_fashion_mnist(tmp_path, n_val=N_VAL, checksums=checksums)


def test_corrupt_first_source_is_not_skipped(tmp_path: Path, monkeypatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    checksums, _ = make_dataset(first)
    make_dataset(second)
    (first / f"{fm.TRAIN_LABELS}.gz").write_bytes(b"junk")
    monkeypatch.setenv(fm.DATA_DIR_ENV, str(first))
    with pytest.raises(fm.CorruptDataError, match="first"):
        fm.load_fashion_mnist(n_val=N_VAL, checksums=checksums)


# ---------------------------------------------------------------- locating


def test_no_source_lists_every_place(tmp_path: Path) -> None:
    empty, partial, absent = tmp_path / "empty", tmp_path / "partial", tmp_path / "absent"
    empty.mkdir()
    partial.mkdir()
    write_file(partial / fm.TRAIN_IMAGES, b"x")
    with pytest.raises(fm.DataNotFoundError) as info:
        fm.locate([empty, partial, absent])
    message = str(info.value)
    for directory in (empty, partial, absent):
        assert str(directory) in message
    assert f"{partial}: missing {fm.TRAIN_LABELS}, {fm.TEST_IMAGES}" in message
    assert f"{absent}: no such directory" in message
    assert "make data" in message and "apt-get install dataset-fashion-mnist" in message
    assert fm.DATA_DIR_ENV in message and "download" in message
    assert isinstance(info.value, FileNotFoundError)


def test_load_from_dir_without_files(tmp_path: Path) -> None:
    with pytest.raises(fm.DataNotFoundError, match="no such directory"):
        fm.load_fashion_mnist(tmp_path / "nowhere")


def test_env_dir_searched_first(tmp_path: Path, monkeypatch) -> None:
    directory = tmp_path / "env-data"
    checksums, _ = make_dataset(directory)
    monkeypatch.setenv(fm.DATA_DIR_ENV, str(directory))
    dirs = fm.candidate_dirs()
    assert dirs[0] == directory
    assert dirs[1:] == [tmp_path / "home" / ".keras" / "datasets" / "fashion-mnist", fm.DEBIAN_DIR]
    # Found first, whether or not the other places hold the data set.
    assert fm.locate() == directory
    ds = fm.load_fashion_mnist(n_val=N_VAL, checksums=checksums)
    assert len(ds.x_test) == N_TEST


def test_keras_cache_before_debian(tmp_path: Path) -> None:
    make_dataset(fm.keras_cache_dir())
    assert fm.candidate_dirs()[0] == fm.keras_cache_dir()
    assert fm.locate() == fm.keras_cache_dir()


def test_gz_preferred_over_uncompressed(data) -> None:
    directory, checksums, arrays = data
    (directory / fm.TEST_LABELS).write_bytes(b"stale")
    ds = fm.load_fashion_mnist(directory, n_val=N_VAL, checksums=checksums)
    np.testing.assert_array_equal(ds.y_test, arrays[fm.TEST_LABELS])


# ---------------------------------------------------------------- head()


def test_head(data) -> None:
    directory, checksums, _ = data
    ds = fm.load_fashion_mnist(directory, n_val=N_VAL, checksums=checksums)
    small = ds.head(2, 1, 3)
    assert (len(small.x_train), len(small.y_train)) == (2, 2)
    assert (len(small.x_val), len(small.y_val)) == (1, 1)
    assert (len(small.x_test), len(small.y_test)) == (3, 3)
    np.testing.assert_array_equal(small.x_val, ds.x_val[:1])


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((0, 1, 1), "n_train must be a positive int, got 0"),
        ((1, -1, 1), "n_val must be a positive int, got -1"),
        ((1, 1, 2.0), "n_test must be a positive int, got 2.0"),
        ((True, 1, 1), "n_train must be a positive int, got True"),
        ((N_TRAIN, 1, 1), f"n_train={N_TRAIN} exceeds the {N_TRAIN - N_VAL} examples"),
        ((1, 1, N_TEST + 1), f"n_test={N_TEST + 1} exceeds the {N_TEST} examples"),
    ],
)
def test_head_validation(data, args, match) -> None:
    directory, checksums, _ = data
    ds = fm.load_fashion_mnist(directory, n_val=N_VAL, checksums=checksums)
    with pytest.raises(ValueError, match=match):
        ds.head(*args)


def test_class_names() -> None:
    assert len(fm.CLASS_NAMES) == 10
    assert fm.CLASS_NAMES[0] == "T-shirt/top" and fm.CLASS_NAMES[9] == "Ankle boot"


# ---------------------------------------------------------------- download


def _files(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


def test_download_from_file_url(data, tmp_path: Path) -> None:
    mirror, checksums, _ = data
    dest = tmp_path / "dest" / "nested"
    messages: list[str] = []
    got = fm.download(dest, mirror.as_uri(), checksums=checksums, progress=messages.append)
    assert got == dest
    assert _files(dest) == {f"{n}.gz" for n in fm.FILE_NAMES}
    assert sum("downloading" in m for m in messages) == 4
    assert len(fm.load_fashion_mnist(dest, n_val=N_VAL, checksums=checksums).x_val) == N_VAL


def test_download_skips_valid_files(data, tmp_path: Path) -> None:
    mirror, checksums, _ = data
    dest = tmp_path / "dest"
    dest.mkdir()
    # Present and valid at dest, absent from the mirror: must not be fetched.
    os.replace(mirror / f"{fm.TEST_LABELS}.gz", dest / f"{fm.TEST_LABELS}.gz")
    messages: list[str] = []
    fm.download(dest, mirror.as_uri() + "/", checksums=checksums, progress=messages.append)
    assert _files(dest) == {f"{n}.gz" for n in fm.FILE_NAMES}
    assert sum("present and valid" in m for m in messages) == 1


def test_download_default_dest_is_env_dir(data, tmp_path: Path, monkeypatch) -> None:
    mirror, checksums, _ = data
    monkeypatch.setenv(fm.DATA_DIR_ENV, str(tmp_path / "env"))
    assert fm.download(base_url=mirror.as_uri(), checksums=checksums) == tmp_path / "env"


def test_download_replaces_corrupt_gz(data, tmp_path: Path) -> None:
    mirror, checksums, _ = data
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / f"{fm.TRAIN_IMAGES}.gz").write_bytes(b"junk")
    fm.download(dest, mirror.as_uri(), checksums=checksums)
    fm.check(dest, checksums=checksums)


def test_download_corrupt_content_leaves_nothing(data, tmp_path: Path) -> None:
    mirror, checksums, _ = data
    bad = dict(checksums)
    bad[fm.TRAIN_LABELS] = fm.FileChecksum(checksums[fm.TRAIN_LABELS].size, "f" * 64)
    dest = tmp_path / "dest"
    with pytest.raises(fm.CorruptDataError, match="downloaded from .*It was discarded") as info:
        fm.download(dest, mirror.as_uri(), checksums=bad)
    assert f"{fm.TRAIN_LABELS}.gz" in str(info.value)
    # The file before it in the list was fetched; the bad one left no trace.
    assert _files(dest) == {f"{fm.TRAIN_IMAGES}.gz"}


def test_download_missing_url(tmp_path: Path) -> None:
    empty = tmp_path / "mirror"
    empty.mkdir()
    dest = tmp_path / "dest"
    with pytest.raises(fm.DownloadError, match="Could not download file://.*gz") as info:
        fm.download(dest, empty.as_uri())
    assert "make data" in str(info.value)
    assert _files(dest) == set()


def test_download_interrupted_leaves_nothing(data, tmp_path: Path, monkeypatch) -> None:
    _, checksums, _ = data

    class Broken:
        def __init__(self) -> None:
            self.calls = 0

        def __enter__(self) -> Broken:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def read(self, size: int) -> bytes:
            self.calls += 1
            if self.calls > 1:
                raise ConnectionResetError("connection reset by peer")
            return b"\x1f\x8b partial"

    monkeypatch.setattr(fm, "_open_url", lambda url, timeout: Broken())
    dest = tmp_path / "dest"
    with pytest.raises(fm.DownloadError, match="connection reset by peer"):
        fm.download(dest, "http://example.invalid/", checksums=checksums)
    assert _files(dest) == set()


# ---------------------------------------------------------------- CLI


def _run_cli(*args: str, env_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != fm.DATA_DIR_ENV}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    if env_dir is not None:
        env[fm.DATA_DIR_ENV] = str(env_dir)
    return subprocess.run(
        [sys.executable, "-m", "aecourse.fashion_mnist", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_cli_locate_not_found(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    result = _run_cli("locate", "--dir", str(a), "--dir", str(b))
    assert result.returncode == 1
    assert result.stdout == ""
    assert str(a) in result.stderr and str(b) in result.stderr
    assert "make data" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_main_locate_and_check(data, capsys) -> None:
    # In-process: the checksums table is the real one, so check must fail.
    directory, _, _ = data
    assert fm.main(["locate", "--dir", str(directory)]) == 0
    assert capsys.readouterr().out.strip() == str(directory)
    assert fm.main(["check", "--dir", str(directory)]) == 1
    err = capsys.readouterr().err
    assert "is corrupt" in err and fm.CHECKSUMS[fm.TRAIN_IMAGES].sha256 in err


# ---------------------------------------------------------------- real data


@pytest.mark.dataset
def test_real_dataset() -> None:
    ds = fm.load_fashion_mnist()
    assert ds.x_train.shape == (55000, 28, 28)
    assert ds.x_val.shape == (5000, 28, 28)
    assert ds.x_test.shape == (10000, 28, 28)
    assert ds.y_train.shape == (55000,) and ds.y_test.shape == (10000,)
    assert ds.x_train.dtype == np.float32
    assert set(np.unique(ds.y_test)) == set(range(10))
