"""Numerical test helpers shared by the core modules' tests."""

from __future__ import annotations

import warnings
import zlib

import numpy as np
import pytest


def rng_for(*key, root: int = 20261206) -> np.random.Generator:
    """A generator owned by one test (case): the same numbers whatever runs first."""
    return np.random.default_rng([root, *(zlib.crc32(str(k).encode()) for k in key)])


@pytest.fixture(autouse=True)
def no_warnings():
    """Overflow, invalid operations and division by zero fail the test (underflow is fine).

    A test module switches it on for all its tests by importing it:
    ``from tests.numerics import no_warnings  # noqa: F401 (autouse fixture)``.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            yield
