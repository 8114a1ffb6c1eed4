"""The glossary (术语表): one Chinese term per concept, used by every zh catalog.

Every check runs on the files that exist (``locales/zh/*.toml``), so a new
page's catalog is covered as soon as it is added, without editing this file.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter

import pytest

from playground.app import glossary, i18n, registry

TERMS = glossary.terms()
STEMS = {page.stem for page in registry.PAGES}
#: Pages being written in other branches; their glossary terms are checked once they exist.
UPCOMING = {"activations_backprop", "convolution", "linear_regression", "lagrange_kkt"}
ZH_FILES = sorted((i18n.LOCALES_DIR / "zh").glob("*.toml"))
EN, ZH = i18n.catalog("en"), i18n.catalog("zh")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Phrases of the interface (not concepts) that read as calques, and what to write instead.
CALQUES = {
    "面试角": "高频面试题",
    "经典 bug": "经典错误",
    "连连续都不是": "甚至不连续",
    "自信地判错": "高置信度地分错",
    "两团": "两个……簇",
}


def _flat(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        out.update(_flat(value, name) if isinstance(value, dict) else {name: value})
    return out


def _english_base(term: glossary.Term) -> str:
    """The English term without its bracketed abbreviation: ``maximum a posteriori``."""
    return re.sub(r"\s*\([^)]*\)", "", term.en).strip()


def _abbreviations(term: glossary.Term) -> list[str]:
    return re.findall(r"\(([^)]*)\)", term.en)


def _mentions(term: glossary.Term, english: str) -> bool:
    """Whether English text names the term (a capital only where a sentence starts)."""
    base = _english_base(term).replace("-", " ")
    text = english.replace("-", " ")
    forms = re.escape(base) + "|" + re.escape(base[:1].upper() + base[1:])
    # A longer term that starts with this one ("support vector" for "support")
    # is a different concept.
    longer = [
        _english_base(other).replace("-", " ").casefold()
        for other in TERMS
        if other is not term and _english_base(other).casefold().startswith(base.casefold() + " ")
    ]
    for match in re.finditer(rf"(?<![A-Za-z])({forms})(?:s|es)?(?![A-Za-z])", text):
        if any(text[match.start() :].casefold().startswith(other) for other in longer):
            continue
        if match.group(1) == base:
            return True
        before = text[: match.start()].rstrip("*_ ")
        if not before or before[-1] in ".!?:":
            return True
    return False


def test_there_is_a_glossary():
    assert len(TERMS) >= 60
    assert {term.group for term in TERMS} == set(registry.GROUPS)


@pytest.mark.parametrize("term", TERMS, ids=lambda term: term.en)
def test_entry_is_well_formed(term):
    assert term.en.strip() == term.en and term.zh.strip() == term.zh and term.en and term.zh
    assert term.group in registry.GROUPS
    assert term.page in STEMS | UPCOMING, f"{term.page!r} is not a page"
    assert term.page != "home"
    assert term.zh not in term.banned and len(set(term.banned)) == len(term.banned)
    assert all(any(v in phrase for v in term.banned) for phrase in term.allow), (
        "an allowed phrase must contain a banned variant"
    )


def test_one_chinese_term_per_concept():
    """No concept twice, no Chinese term twice, no term banned by another entry."""
    en = Counter(term.en.casefold() for term in TERMS)
    zh = Counter(term.zh for term in TERMS)
    assert [e for e, n in en.items() if n > 1] == []
    assert [z for z, n in zh.items() if n > 1] == []
    banned = {variant: term.en for term in TERMS for variant in term.banned}
    assert {t.zh: banned[t.zh] for t in TERMS if t.zh in banned} == {}


@pytest.mark.parametrize("path", ZH_FILES, ids=lambda path: path.stem)
def test_no_banned_variant_in_a_zh_catalog(path):
    """A calque or a second name for a glossary concept fails, with the preferred term."""
    with path.open("rb") as fh:
        values = _flat(tomllib.load(fh))
    found = [
        f"{path.stem}.{key}: {variant!r} -> use {term.zh_display!r} ({term.en})"
        for key, value in values.items()
        for variant, term in glossary.banned_uses(value)
    ]
    assert found == []


@pytest.mark.parametrize("path", ZH_FILES, ids=lambda path: path.stem)
def test_no_calque_in_a_zh_catalog(path):
    text = path.read_text(encoding="utf-8")
    assert {bad: good for bad, good in CALQUES.items() if bad in text} == {}


@pytest.mark.parametrize("term", TERMS, ids=lambda term: term.en)
def test_the_page_explains_its_terms(term):
    """The page a term links to uses the term (checked once the page's catalog exists)."""
    values = [v for k, v in ZH.items() if k.startswith(f"{term.page}.")]
    if not values:
        pytest.skip(f"{term.page} is not written yet")
    assert term.zh.casefold() in "\n".join(values).casefold()


@pytest.mark.parametrize("term", TERMS, ids=lambda term: term.en)
def test_a_concept_keeps_its_chinese_name(term):
    """Where the English names a concept, the Chinese uses the glossary's term for it.

    Accepted on the Chinese side: the term, its gloss or the English abbreviation
    (``MAP``, ``ReLU``). Formulas are not prose and are skipped.
    """
    accepted = [term.zh, term.note, *_abbreviations(term)]
    inconsistent = [
        f"{key}: {ZH[key][:60]}"
        for key, english in EN.items()
        if key in ZH
        and not key.endswith(("latex", "formula"))
        and _mentions(term, english)
        and not any(form and form.casefold() in ZH[key].casefold() for form in accepted)
    ]
    assert inconsistent == [], f"use {term.zh_display!r} for {term.en!r}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ReLU（修正线性单元）", []),
        ("每层失活单元占比", ["单元", "失活"]),
        ("Dropout 又叫随机失活", []),
        ("softmax 之前的 logits", ["logits"]),
        ("logit 与 BCEWithLogitsLoss", []),
        ("调用 `one-hot` 函数，得到独热编码（one-hot）", []),
        ("得到 one-hot 向量", ["one-hot"]),
        ("Hessian 矩阵（海森矩阵）与 Hessian 矩阵", []),
        ("其 Hessian 为正定", ["Hessian"]),
        ("各缓冲量从 0 开始", []),
    ],
)
def test_banned_uses_respects_allowed_phrases(text, expected):
    assert sorted(variant for variant, _ in glossary.banned_uses(text)) == sorted(expected)


def test_search_matches_both_languages():
    everything = glossary.search(TERMS, "  ")
    assert everything == list(TERMS)
    assert [t.en for t in glossary.search(TERMS, "海森")] == ["Hessian"]
    assert "KL divergence" in [t.en for t in glossary.search(TERMS, "kl DIVERGENCE")]
    assert [t.zh for t in glossary.search(TERMS, "遗忘门")] == ["遗忘门"]
    assert glossary.search(TERMS, "no such term at all") == []
    assert glossary.search(TERMS, "x" * 10_000) == []


def test_display_form_carries_the_gloss():
    hessian = next(t for t in TERMS if t.en == "Hessian")
    assert hessian.zh_display == "Hessian 矩阵（海森矩阵）"
    assert next(t for t in TERMS if t.en == "momentum").zh_display == "动量"


def test_terms_read_every_field_and_reject_unknown_ones(tmp_path, monkeypatch):
    bad = tmp_path / "glossary.toml"
    bad.write_text('[[term]]\nen = "x"\nzh = "叉"\npage = "bayes"\ngroup = "neural"\nfoo = 1\n')
    monkeypatch.setattr(glossary, "PATH", bad)
    glossary.terms.cache_clear()
    try:
        with pytest.raises(ValueError, match="unknown"):
            glossary.terms()
    finally:
        monkeypatch.undo()
        glossary.terms.cache_clear()
    assert glossary.terms() == TERMS
    assert CJK.search("".join(t.zh for t in TERMS))
