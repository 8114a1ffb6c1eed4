"""The suite runs on exactly the versions the requirement files pin.

A package installed by hand, or an older release left in a virtualenv, can
make a test pass for one developer and fail for every user. This test fails
when an installed version differs from its pin in ``requirements.txt`` or
``requirements-dev.txt`` and says which, so a result always belongs to the
pinned environment (what ``.ci/run`` builds and Community Cloud installs).
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def pins(path: Path) -> dict[str, str]:
    """``name -> version`` for every ``name==version`` line of a requirement file
    (following ``-r other.txt``)."""
    found: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#")[0].strip()
        if not line:
            continue
        if line.startswith("-r"):
            found.update(pins(path.parent / line[2:].strip()))
            continue
        match = _PIN.match(line)
        assert match, f"{path.name}: {line!r} is not pinned with =="
        found[match.group(1).lower()] = match.group(2)
    return found


RUNTIME = pins(ROOT / "requirements.txt")
DEV = pins(ROOT / "requirements-dev.txt")


def test_runtime_requirements_are_pinned_and_light():
    assert {"streamlit", "numpy", "plotly", "scikit-learn", "scipy"} <= set(RUNTIME)
    assert not set(RUNTIME) & {"torch", "tensorflow", "jax", "pytest", "playwright"}
    assert set(RUNTIME) <= set(DEV), "requirements-dev.txt must include -r requirements.txt"
    assert {"pytest", "pytest-xdist", "playwright", "hypothesis", "ruff"} <= set(DEV)


@pytest.mark.parametrize("name", sorted(DEV))
def test_installed_version_matches_the_pin(name):
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        pytest.fail(
            f"{name} is pinned to {DEV[name]} but not installed: "
            "pip install -r requirements-dev.txt"
        )
    assert installed == DEV[name], (
        f"{name} {installed} is installed but the requirement files pin {DEV[name]}: "
        "run `pip install -r requirements-dev.txt` (or bump the pin after a green suite)"
    )


# The served configuration: options whose defaults cost a classroom dearly
# (docs/PERFORMANCE.md has the measurements behind each one).
SERVED = {
    ("server", "fileWatcherType"): "none",  # first page p95 at 60 sessions: 15.8 s -> 2.2 s
    ("runner", "postScriptGC"): False,  # 60 sessions: 4.2 -> 13.8 reruns/s, no timeouts
    ("browser", "gatherUsageStats"): False,  # telemetry bookkeeping on every command
    ("client", "showErrorDetails"): "none",  # visitors never see a traceback
}


@pytest.mark.parametrize(("section", "option"), sorted(SERVED))
def test_served_config(section, option):
    import tomllib

    from streamlit import config

    config_file = ROOT / ".streamlit" / "config.toml"
    written = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert written.get(section, {}).get(option) == SERVED[section, option], (
        f"{config_file.name}: [{section}] {option} should be {SERVED[section, option]!r}"
    )
    # ... and Streamlit knows the name (it raises for an unknown option; a renamed
    # option would otherwise be ignored silently when the server reads the file).
    config.get_option(f"{section}.{option}")
