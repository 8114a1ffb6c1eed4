"""Bilingual text: one catalog per language, looked up by dotted keys.

The catalog of a language is the folder ``playground/app/locales/<lang>/``;
each TOML file in it is one namespace (``home.toml`` holds ``home.*``,
``softmax_temperature.toml`` holds ``softmax_temperature.*``), so a topic page
adds its own file and never edits another page's strings. Nested tables
flatten to dotted keys::

    # locales/en/softmax_temperature.toml
    title = "Softmax & temperature"
    [temperature]
    label = "Temperature T"

    t("softmax_temperature.temperature.label")  # -> "Temperature T"

Values are ``str.format`` templates: ``t("common.metric", value=0.5)``. The
two catalogs must have the same keys and the same placeholders (a test checks).
"""

from __future__ import annotations

import logging
import string
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "catalog",
    "current_language",
    "normalize_language",
    "placeholders",
    "remember_language",
    "t",
    "translator",
]

LANGUAGES: tuple[str, ...] = ("en", "zh")
DEFAULT_LANGUAGE = "en"
#: Native names shown in the language switch.
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "zh": "中文"}
LOCALES_DIR = Path(__file__).with_name("locales")

_LOG = logging.getLogger(__name__)


def normalize_language(value: Any) -> str:
    """Map a requested language to a supported one, falling back to English.

    ``"zh"``, ``"zh-CN"``, ``"zh_TW"``, ``"ZH"`` all give ``"zh"``; anything
    unknown (``"fr"``, ``None``, a 5,000-character string) gives ``"en"``.
    """
    if not isinstance(value, str):
        return DEFAULT_LANGUAGE
    code = value.strip().lower()[:16].replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def _flatten(table: Mapping[str, Any], prefix: str, out: dict[str, str], source: Path) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            _flatten(value, full, out, source)
        elif isinstance(value, str):
            if full in out:
                raise ValueError(f"duplicate catalog key {full!r} in {source}")
            out[full] = value
        else:
            raise TypeError(f"catalog value {full!r} in {source} must be a string")


@lru_cache(maxsize=len(LANGUAGES))
def catalog(lang: str) -> Mapping[str, str]:
    """Return the flattened catalog of ``lang`` (read once per process).

    Parameters
    ----------
    lang : {"en", "zh"}
        Language code.

    Returns
    -------
    Mapping[str, str]
        Dotted key -> template.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang == {lang!r}, must be one of {', '.join(LANGUAGES)}.")
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(tomllib.load(fh), path.stem, out, path)
    return out


def placeholders(template: str) -> frozenset[str]:
    """Names of the ``{fields}`` in a template (``{{`` escapes ignored).

    A template that is not a valid format string (raw LaTeX such as
    ``\\frac{e^{z}}{Z}``, only ever used without values) has none.
    """
    try:
        return frozenset(
            field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(template)
            if field
        )
    except ValueError:
        return frozenset()


def lookup(lang: str, key: str, /, **values: Any) -> str:
    """Translate ``key`` into ``lang`` and fill in ``values``.

    A key missing in ``lang`` falls back to English, then to the key itself,
    so a gap never breaks a page (the catalog test catches gaps in CI).
    """
    lang = normalize_language(lang)
    template = catalog(lang).get(key)
    if template is None:
        _LOG.warning("missing catalog key %r for language %r", key, lang)
        template = catalog(DEFAULT_LANGUAGE).get(key, key)
    if not values:
        return template
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        _LOG.warning("bad placeholders for %r: %s", key, exc)
        return template


def translator(lang: str):
    """A function ``tr(key, **values)`` bound to ``lang`` (for chart builders)."""
    lang = normalize_language(lang)

    def tr(key: str, /, **values: Any) -> str:
        return lookup(lang, key, **values)

    tr.lang = lang  # type: ignore[attr-defined]
    return tr


# The language of a session's current run is remembered on its
# ScriptRunContext by the shell, once per run: reading st.session_state costs
# ~0.1 ms, and a page asks for ~100 strings.
_CTX_ATTR = "_playground_language"


def remember_language(lang: str) -> None:
    """Record the language of this session's current run (called by the shell)."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        setattr(ctx, _CTX_ATTR, normalize_language(lang))


def current_language() -> str:
    """The language chosen in the sidebar switch for this session."""
    lang = getattr(get_script_run_ctx(), _CTX_ATTR, None)
    if lang is not None:
        return lang
    return normalize_language(st.session_state.get("lang", DEFAULT_LANGUAGE))


def t(key: str, /, **values: Any) -> str:
    """Translate ``key`` into the current session's language.

    Examples
    --------
    >>> t("common.interview_corner")  # doctest: +SKIP
    'Interview corner'
    """
    return lookup(current_language(), key, **values)


def scoped(namespace: str):
    """``tr(key, **values)`` = ``t(f"{namespace}.{key}", **values)``: a page's own entries.

    Examples
    --------
    >>> scoped("common")("interview_corner")  # doctest: +SKIP
    'Interview corner'
    """

    def tr(key: str, /, **values: Any) -> str:
        return lookup(current_language(), f"{namespace}.{key}", **values)

    return tr
