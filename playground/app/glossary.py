"""The glossary (术语表): one preferred Chinese term per interview concept.

The terms live in ``playground/app/locales/glossary.toml`` (English term,
Chinese term, an optional gloss, banned variants, the page that explains the
concept and its navigation group). The file is not a catalog: the home page
shows it as a bilingual term list, and ``tests/test_glossary.py`` checks every
``locales/zh/*.toml`` against it (no banned variant, each page uses its terms).

Examples
--------
>>> kl = next(term for term in terms() if term.en == "KL divergence")
>>> kl.zh, kl.page
('KL 散度', 'kl_divergence')
>>> [term.en for term in search(terms(), "海森")]
['Hessian']
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["PATH", "Term", "banned_uses", "search", "terms"]

PATH = Path(__file__).with_name("locales") / "glossary.toml"
_FIELDS = {"en", "zh", "note", "banned", "allow", "page", "group"}
_CODE = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class Term:
    """One concept.

    Attributes
    ----------
    en, zh : str
        The English term and the Chinese term every zh catalog uses.
    note : str
        Gloss shown in brackets after the Chinese term (``海森矩阵``), or ``""``.
    banned : tuple of str
        Variants a zh catalog must not use for this concept.
    allow : tuple of str
        Phrases that contain a banned variant but are fine (``随机失活``).
    page : str
        Stem of the page that explains the concept.
    group : str
        Navigation group (``app.groups.<group>``).
    """

    en: str
    zh: str
    note: str
    banned: tuple[str, ...]
    allow: tuple[str, ...]
    page: str
    group: str

    @property
    def zh_display(self) -> str:
        """The Chinese term with its gloss: ``Hessian 矩阵（海森矩阵）``."""
        return f"{self.zh}（{self.note}）" if self.note else self.zh


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    """Every glossary entry, in file order (read once per process).

    Raises
    ------
    ValueError
        If an entry has an unknown field or misses ``en``, ``zh``, ``page`` or
        ``group``.
    """
    with PATH.open("rb") as fh:
        entries = tomllib.load(fh).get("term", [])
    out = []
    for i, entry in enumerate(entries):
        unknown = set(entry) - _FIELDS
        missing = {"en", "zh", "page", "group"} - set(entry)
        if unknown or missing:
            raise ValueError(f"glossary entry {i}: unknown {unknown or '{}'}, missing {missing}")
        out.append(
            Term(
                en=entry["en"],
                zh=entry["zh"],
                note=entry.get("note", ""),
                banned=tuple(entry.get("banned", ())),
                allow=tuple(entry.get("allow", ())),
                page=entry["page"],
                group=entry["group"],
            )
        )
    return tuple(out)


def search(entries: Iterable[Term], query: str) -> list[Term]:
    """The entries whose English or Chinese term (or gloss) contains ``query``.

    Case-insensitive; surrounding spaces are ignored; an empty query keeps all.
    """
    needle = query.strip().casefold()[:100]
    return [
        term
        for term in entries
        if not needle or needle in f"{term.en}\n{term.zh_display}".casefold()
    ]


def banned_uses(text: str, entries: Iterable[Term] | None = None) -> list[tuple[str, Term]]:
    """Banned variants used in a Chinese ``text``: ``[(variant, term), ...]``.

    Inline code (in backticks) is ignored, and so is an occurrence that lies
    inside a phrase that is fine: one of the term's ``allow`` phrases or any
    entry's preferred Chinese term (``修正线性单元`` is not the banned ``单元``).

    Examples
    --------
    >>> [(v, t.zh) for v, t in banned_uses("ReLU（修正线性单元）的失活区")]
    [('失活', '死区')]
    """
    entries = terms() if entries is None else tuple(entries)
    text = _CODE.sub(" ", text)
    preferred = [phrase for term in entries for phrase in (term.zh, term.zh_display)]
    found = []
    for term in entries:
        for variant in term.banned:
            fine = [p for p in (*term.allow, *preferred) if variant in p and p != variant]
            covered = [(m.start(), m.end()) for p in fine for m in re.finditer(re.escape(p), text)]
            for m in re.finditer(re.escape(variant), text):
                if not any(a <= m.start() and m.end() <= b for a, b in covered):
                    found.append((variant, term))
                    break
    return found
