"""aecourse: the companion package of the autoencoder course.

Importing the package quietens TensorFlow's C++ start-up logging and selects the
TensorFlow backend for Keras 3. The environment variables only take effect if
they are set before TensorFlow is first imported, hence they live here.
"""

from __future__ import annotations

import os
from importlib.util import find_spec

if find_spec("tensorflow") is None:
    raise ImportError(
        "aecourse needs TensorFlow, the backend of its Keras models, and this Python "
        "environment has none. Install the CPU build with: pip install 'aecourse[cpu]' "
        "(or: pip install tensorflow)."
    )

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# oneDNN reorders float operations (and logs about it at start-up); turning it
# off keeps results bit-for-bit reproducible on the CPU.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
# The course's models are small: on a 2-core machine one thread per operation
# and two operations at a time (the input pipeline beside the training step)
# beat splitting each small matrix product across threads
# (benchmarks/training_speed.py measures it).
os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "2")

__version__ = "0.1.0"
