"""Shared test set-up: import aecourse first so TensorFlow starts quietly."""

import aecourse  # noqa: F401
