#!/usr/bin/env bash
# Makes .venv-backends, the environment of benchmarks/backends.py: the course's
# pinned packages (requirements.lock, TensorFlow included: `import aecourse` needs it)
# plus the JAX and PyTorch backends of Keras 3, CPU builds, pinned:
#   jax[cpu]==0.10.2 (jaxlib 0.10.2)
#   torch==2.13.0+cpu  (the CPU build: a plain torch==2.13.0 from PyPI is the multi-GB CUDA
#                       build; with the local version label pip fails instead of fetching it)
# One resolver call installs all three, so every pin of the lock holds (a JAX or torch
# requirement that the lock contradicts stops the install). The aecourse package itself
# is not installed: backends.py puts the repository first on PYTHONPATH.
# Re-running it reuses an existing .venv-backends (pip finds everything installed).
# Usage: bash benchmarks/backends.sh   then   .venv-backends/bin/python benchmarks/backends.py
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=.venv-backends
JAX_VERSION=0.10.2
TORCH_VERSION=2.13.0+cpu

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "needs Python 3.11 or newer, found " + sys.version.split()[0])'
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock \
    "jax[cpu]==$JAX_VERSION" "jaxlib==$JAX_VERSION" "torch==$TORCH_VERSION"
"$VENV/bin/python" - <<'PYEOF'
from importlib.metadata import version
print("  ".join(f"{name} {version(name)}" for name in ("keras", "tensorflow_cpu", "jax", "jaxlib", "torch", "numpy")))
PYEOF
