"""playground._validation: message shapes, strict parsing of hostile text."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground._validation import (
    InputError,
    check_array,
    check_choice,
    check_int,
    check_probability_vector,
    check_scalar,
    check_seed,
    check_text,
    parse_number_list,
)


def test_check_scalar_message_shape():
    with pytest.raises(ValueError, match=r"^temperature == 0\.0, must be > 0\.$"):
        check_scalar(0.0, "temperature", min_val=0, include_boundaries="neither")
    with pytest.raises(ValueError, match=r"^lr == 11, must be <= 10\.$"):
        check_scalar(11, "lr", max_val=10)
    with pytest.raises(ValueError, match="must be a number"):
        check_scalar(math.nan, "x")
    with pytest.raises(ValueError, match="must be finite"):
        check_scalar(math.inf, "x")
    assert check_scalar(math.inf, "x", allow_inf=True) == math.inf


@pytest.mark.parametrize("bad", ["1", None, [1.0], True])
def test_check_scalar_rejects_wrong_types(bad):
    with pytest.raises(TypeError, match="x must be an instance of"):
        check_scalar(bad, "x")


def test_check_scalar_accepts_numpy_scalars():
    assert check_scalar(np.float32(0.5), "x") == 0.5
    assert isinstance(check_int(np.int64(3), "n"), int)


def test_check_int_and_seed():
    with pytest.raises(TypeError):
        check_int(2.5, "steps")
    with pytest.raises(ValueError, match=r"steps == 5000, must be <= 2000\."):
        check_int(5000, "steps", max_val=2000)
    with pytest.raises(ValueError):
        check_seed(-1)


def test_check_choice():
    with pytest.raises(ValueError, match=r"name == 'sgdx', must be one of 'gd', 'adam'\."):
        check_choice("sgdx", "name", ["gd", "adam"])


def test_check_array():
    assert check_array([1, 2], "x", ndim=1).dtype == np.float64
    with pytest.raises(ValueError, match=r"x.ndim == 2, must be 1"):
        check_array([[1.0]], "x", ndim=1)
    with pytest.raises(ValueError, match="contains nan"):
        check_array([1.0, np.nan], "x")
    with pytest.raises(ValueError, match="contains inf"):
        check_array([1.0, np.inf], "x")
    with pytest.raises(ValueError, match=r"x.shape == \(2, 3\), must be \(any, 2\)"):
        check_array(np.ones((2, 3)), "x", shape=(None, 2))
    with pytest.raises(TypeError):
        check_array(["a", "b"], "x")
    with pytest.raises(ValueError, match="size == 0, must be >= 1"):
        check_array([], "x", min_size=1)


def test_check_probability_vector():
    np.testing.assert_array_equal(check_probability_vector([0.5, 0.5], "p"), [0.5, 0.5])
    with pytest.raises(ValueError, match="negative entry"):
        check_probability_vector([1.5, -0.5], "p")
    with pytest.raises(ValueError, match="sums to 0.9"):
        check_probability_vector([0.4, 0.5], "p")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2, 1, 0.1", [2, 1, 0.1]),
        ("  [1 2 3] ", [1, 2, 3]),
        ("1e3;-4.5e-1", [1000, -0.45]),
        ("1，2、3", [1, 2, 3]),
        ("+.5, -0", [0.5, 0]),
    ],
)
def test_parse_number_list_accepts(text, expected):
    np.testing.assert_allclose(parse_number_list(text), expected)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("1,,3", "empty_item"),
        ("1,2,", "empty_item"),
        ("nan", "not_finite"),
        ("1, inf", "not_finite"),
        ("-Infinity", "not_finite"),
        ("1e309", "not_finite"),
        ("__import__('os')", "not_a_number"),
        ("2+3", "not_a_number"),
        ("0x10", "not_a_number"),
        ("1_000", "not_a_number"),
        ("abc", "not_a_number"),
        ("1e7", "too_large"),
        ("9" * 5000, "too_long"),
        ("1", "too_few"),
        (", ".join(["1"] * 21), "too_many"),
    ],
)
def test_parse_number_list_rejects(text, code):
    with pytest.raises(InputError) as info:
        parse_number_list(text, min_len=2, max_len=20)
    assert info.value.code == code
    assert isinstance(info.value, ValueError)
    assert str(info.value)


def test_parse_number_list_type():
    with pytest.raises(TypeError):
        parse_number_list(None)  # type: ignore[arg-type]


def test_check_text():
    assert check_text("", max_chars=0) == "" and check_text("abc", max_chars=3) == "abc"
    with pytest.raises(InputError) as info:
        check_text("abcd", max_chars=3)
    assert info.value.code == "too_long" and info.value.params == {"n": 4, "max": 3}
    assert str(info.value) == "text has 4 characters, must be <= 3."
    with pytest.raises(TypeError, match="must be an instance of str, not bytes"):
        check_text(b"abc", max_chars=3)  # type: ignore[arg-type]
