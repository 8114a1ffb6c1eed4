"""The list of pages: the single source for navigation, home cards and tests.

``streamlit_app.py`` turns every entry into an ``st.Page`` (title from the
catalog, Material icon, ``url_path`` equal to the file stem), grouped by
``group``; the home page draws a card per topic; ``tests/test_pages.py``
parametrises over this tuple, so a new page is covered with no test edit.

To add a topic page: write ``pages/<stem>.py``, add ``locales/en/<stem>.toml``
and ``locales/zh/<stem>.toml`` (with ``title``, ``question`` and
``intuition``), then add one :class:`Topic` line below. A page that does not
exist yet is simply not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["GROUPS", "PAGES", "ROOT", "Topic", "topic", "topics"]

ROOT = Path(__file__).resolve().parents[2]

#: Navigation groups, in display order (titles: ``app.groups.<name>``).
GROUPS: tuple[str, ...] = ("optimisation", "probabilities", "neural")


@dataclass(frozen=True)
class Topic:
    """One registered page.

    Attributes
    ----------
    stem : str
        File stem: ``pages/<stem>.py``, URL path ``/<stem>`` and catalog
        namespace ``<stem>.*``.
    icon : str
        Material icon, e.g. ``":material/thermostat:"``.
    group : str or None
        One of :data:`GROUPS`; ``None`` for the pages outside the topic groups
        (home, the default page, and practice right after it).
    prefix : str
        Prefix of every widget key (and so every query parameter) on the page,
        e.g. ``"softmax"`` for ``softmax_temperature``.
    """

    stem: str
    icon: str
    group: str | None
    prefix: str

    @property
    def script(self) -> str:
        """Path of the page script relative to the repository root."""
        return f"pages/{self.stem}.py"

    @property
    def url_path(self) -> str:
        """URL path of the page (the file stem; empty for the default page)."""
        return self.stem


PAGES: tuple[Topic, ...] = (
    Topic("home", ":material/home:", None, "home"),
    Topic("practice", ":material/quiz:", None, "practice"),
    # Optimisation
    Topic("linear_regression", ":material/linear_scale:", "optimisation", "linreg"),
    Topic("logistic_regression", ":material/trending_down:", "optimisation", "logistic"),
    Topic("loss_landscapes", ":material/landscape:", "optimisation", "landscape"),
    Topic("lagrange_kkt", ":material/join_inner:", "optimisation", "kkt"),
    # Probabilities & losses
    Topic("bayes", ":material/casino:", "probabilities", "bayes"),
    Topic("softmax_temperature", ":material/thermostat:", "probabilities", "softmax"),
    Topic("kl_divergence", ":material/compare_arrows:", "probabilities", "kl"),
    Topic("regression_losses", ":material/show_chart:", "probabilities", "losses"),
    Topic("crf_sequence", ":material/label:", "probabilities", "crf"),
    # Neural networks
    Topic("activations_backprop", ":material/hub:", "neural", "act"),
    Topic("batch_norm", ":material/equalizer:", "neural", "bn"),
    Topic("convolution", ":material/grid_on:", "neural", "conv"),
    Topic("residual_lstm", ":material/route:", "neural", "resid"),
)


def topics() -> tuple[Topic, ...]:
    """The topic pages (every registered page in a group: not home, not practice)."""
    return tuple(p for p in PAGES if p.group is not None)


def topic(stem: str) -> Topic:
    """Look up a registered page by its stem."""
    for p in PAGES:
        if p.stem == stem:
            return p
    raise KeyError(stem)
