"""playground.app.format: numbers for text and LaTeX, never "nan"."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.app.format import fmt, fmt_list, fmt_pct, rel_error, tex, tex_list


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.123456, "0.1235"),
        (1234567.0, "1.235e+06"),
        (-2.5e-7, "-2.5e-07"),
        (0, "0"),
        (math.inf, "∞"),
        (-math.inf, "−∞"),
        (math.nan, "—"),
        (None, "—"),
        (np.float32(0.5), "0.5"),
        (np.array(2.0), "2"),
        ("not a number", "—"),
    ],
)
def test_fmt(value, text):
    assert fmt(value) == text


def test_fmt_never_prints_nan():
    values = [math.nan, np.nan, np.float64("nan"), -math.nan]
    assert all("nan" not in fmt(v).lower() for v in values)
    assert all("nan" not in tex(v).lower() for v in values)
    assert "nan" not in fmt_pct(math.nan)


def test_tex():
    assert tex(1.2e-5) == r"1.2 \times 10^{-5}"
    assert tex(math.inf) == r"\infty"
    assert tex(0.5) == "0.5"
    assert tex_list([1, 0.5]) == r"\left[1,\ 0.5\right]"


def test_fmt_helpers():
    assert fmt_pct(0.1234) == "12.3%"
    assert fmt_list([1, 0.5, math.inf]) == "1, 0.5, ∞"


def test_rel_error():
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert rel_error([1.0], [1.1]) == pytest.approx(0.1 / 1.1)
    assert rel_error([0.0], [0.0]) == 0.0
