"""Docstring checks shared by the core modules' tests: what a numpydoc section says."""

from __future__ import annotations

import inspect
import re
from types import ModuleType

import pytest


def raises_section(func) -> str:
    """The text of a numpydoc "Raises" section ('' when there is none)."""
    doc = inspect.getdoc(func) or ""
    match = re.search(r"^Raises\n-+\n(.*?)(?=^\w[\w ]*\n-+\n|\Z)", doc, flags=re.M | re.S)
    return match.group(1) if match else ""


def public_functions(module: ModuleType) -> list[str]:
    """Names in ``module.__all__`` of the functions defined in ``module`` itself."""
    return [
        name
        for name in module.__all__
        if inspect.isfunction(getattr(module, name))
        and getattr(module, name).__module__ == module.__name__
    ]


def assert_raise_documented(func, call, error: type[Exception], documented: str) -> None:
    """``call()`` raises ``error``, and ``func``'s Raises section names it with ``documented``."""
    with pytest.raises(error):
        call()
    section = raises_section(func)
    assert error.__name__ in section and documented in section
