"""The layering rules of STYLE.md, checked on the source.

- topic modules (``playground/*.py``) import neither Streamlit nor Plotly nor
  the app/charts layers; chart builders do not import Streamlit or the app;
- ``pages/`` holds exactly the registered page scripts;
- every widget call in a page carries ``key=`` and ``bind=``;
- nothing evaluates text (``eval``, ``exec``, ``compile``, ``literal_eval``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from playground.app import registry

ROOT = Path(__file__).resolve().parents[1]
CORE = sorted(p for p in (ROOT / "playground").glob("*.py") if p.name != "__init__.py")
CORE += sorted((ROOT / "playground" / "practice").glob("*.py"))  # the practice core too
CHARTS = sorted((ROOT / "playground" / "charts").glob("*.py"))
APP = sorted((ROOT / "playground" / "app").glob("*.py"))
PAGES = sorted((ROOT / "pages").glob("*.py"))
ALL_CODE = [*CORE, *CHARTS, *APP, *PAGES, ROOT / "streamlit_app.py"]

WIDGETS = {
    "slider",
    "select_slider",
    "selectbox",
    "radio",
    "checkbox",
    "toggle",
    "number_input",
    "text_input",
    "text_area",
    "multiselect",
    "pills",
    "segmented_control",
    "color_picker",
    "date_input",
    "time_input",
    "feedback",
    "data_editor",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _uses(imports: set[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in imports)


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_core_is_pure_numpy(path):
    imports = _imports(path)
    for banned in ("streamlit", "plotly", "playground.app", "playground.charts"):
        assert not _uses(imports, banned), f"{path.name} imports {banned}"


@pytest.mark.parametrize("path", CHARTS, ids=lambda p: p.name)
def test_charts_do_not_import_streamlit(path):
    imports = _imports(path)
    for banned in ("streamlit", "playground.app"):
        assert not _uses(imports, banned), f"{path.name} imports {banned}"


@pytest.mark.parametrize("path", APP, ids=lambda p: p.name)
def test_app_does_not_import_pages(path):
    assert not _uses(_imports(path), "pages")


def test_pages_folder_holds_only_registered_scripts():
    on_disk = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "pages").iterdir()
        if p.name != "__pycache__"
    }
    registered = {spec.script for spec in registry.PAGES}
    assert on_disk == registered


def test_registry_is_consistent():
    stems = [p.stem for p in registry.PAGES]
    prefixes = [p.prefix for p in registry.PAGES]
    assert len(set(stems)) == len(stems)
    assert len(set(prefixes)) == len(prefixes)
    ungrouped = [p.stem for p in registry.PAGES if p.group is None]
    assert ungrouped == ["home", "practice"], "home first (the default page), then practice"
    assert registry.PAGES[0].stem == "home" and registry.PAGES[1].stem == "practice"
    assert all(p.group is not None for p in registry.topics())
    for spec in registry.PAGES:
        assert spec.group is None or spec.group in registry.GROUPS
        assert re.fullmatch(r":material/[a-z0-9_]+:", spec.icon)
        assert re.fullmatch(r"[a-z][a-z0-9]*", spec.prefix)


@pytest.mark.parametrize("path", [*PAGES, *APP], ids=lambda p: p.name)
def test_widget_calls_are_keyed_and_bound(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WIDGETS
        ):
            names = {kw.arg for kw in node.keywords}
            assert {"key", "bind"} <= names, f"{path.name}:{node.lineno} {node.func.attr}"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "tabs"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "st"
            and any(kw.arg == "key" for kw in node.keywords)
        ):
            assert any(kw.arg == "bind" for kw in node.keywords), f"{path.name}:{node.lineno}"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_translated_choices_use_the_choice_helper(path):
    """A select widget with translated labels must be ``widgets.choice``: it
    keeps the choice (and the URL) right across a language switch."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr
            in {"selectbox", "radio", "segmented_control", "pills", "multiselect"}
            and any(kw.arg == "format_func" for kw in node.keywords)
        ):
            raise AssertionError(f"{path.name}:{node.lineno}: use widgets.choice")


@pytest.mark.parametrize("path", ALL_CODE, ids=lambda p: p.as_posix().split("/work/")[-1])
def test_nothing_evaluates_text(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                banned = {"eval", "exec", "compile", "__import__"}
                name = node.func.id
            else:
                banned = {"literal_eval", "eval", "exec"}
                name = getattr(node.func, "attr", None)
            assert name not in banned, f"{path.name}:{node.lineno} calls {name}"


def test_entry_point_is_navigation_only():
    tree = ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))
    calls = {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    assert calls <= {
        "st.set_page_config",
        "shell.settings",
        "st.navigation",
        "shell.navigation",
        "shell.share_after",
        "shell.taking_turns",
        "page.run",
    }, calls
