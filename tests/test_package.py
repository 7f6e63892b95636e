import os
import subprocess
import sys

from conftest import ROOT


def test_import_without_tensorflow_says_what_to_install():
    # sys.modules["tensorflow"] = None makes TensorFlow unfindable, as in an environment without it.
    code = "import sys; sys.modules['tensorflow'] = None; import aecourse"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "aecourse needs TensorFlow" in result.stderr
    assert "pip install 'aecourse[cpu]'" in result.stderr


def test_import_sets_the_keras_backend():
    code = "import os, aecourse; print(os.environ['KERAS_BACKEND'])"
    env = {key: value for key, value in os.environ.items() if key != "KERAS_BACKEND"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "tensorflow"
