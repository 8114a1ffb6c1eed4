"""Shared fixtures: AppTest helpers for the multipage app."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]

# Every chart a page sends in the tests is also built the slow, validated way
# and compared (see playground.charts.theme.to_spec).
os.environ.setdefault("PLAYGROUND_CHECK_SPECS", "1")
ENTRY = str(ROOT / "streamlit_app.py")

# AppTest resets ``PagesManager.uses_pages_directory`` to None before every
# run (streamlit/streamlit#14217) and the PagesManager then re-detects it as
# True because this repository has a ``pages/`` folder. From the second run
# on, AppTest would take the legacy MPA v1 path and execute the page script
# without the entry point (no navigation, no sidebar). A real server sets the
# flag to False once st.navigation is used and never resets it; mirror that.
_original_init = PagesManager.__init__


def _init_without_pages_directory(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False


PagesManager.__init__ = _init_without_pages_directory

AppFactory = Callable[..., AppTest]


@pytest.fixture
def open_page() -> AppFactory:
    """Open a registered page in AppTest: ``open_page("home", lang="zh", query={...})``;
    ``answers=True`` opens the interview answers too."""

    def _open(
        stem: str,
        *,
        lang: str | None = None,
        query: dict | None = None,
        timeout: float = 30,
        answers: bool = False,
    ) -> AppTest:
        at = AppTest.from_file(ENTRY, default_timeout=timeout)
        if answers:  # the interview answers are sent only when open (layout.interview)
            for i in range(1, 13):
                at.session_state[f"_{stem}_interview_{i}"] = True
        if lang is not None:
            at.query_params["lang"] = lang
        for key, value in (query or {}).items():
            at.query_params[key] = value
        if stem != "home":
            at.switch_page(f"pages/{stem}.py")
        return at.run()

    return _open


@pytest.fixture
def catalog_warnings(caplog) -> Callable[[], list[str]]:
    """Messages about catalog keys that pages asked for but the catalog lacks."""
    caplog.set_level(logging.WARNING, logger="playground.app.i18n")

    def _messages() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "playground.app.i18n"]

    return _messages
