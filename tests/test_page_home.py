"""Home page: the glossary section (术语表) in both languages, filtered, linked."""

from __future__ import annotations

import re

import pytest

from playground.app import glossary, registry
from playground.app.i18n import lookup
from tests.apptools import assert_healthy

TERMS = glossary.terms()
LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _tables(at) -> list[str]:
    """The glossary tables (one markdown table per open group)."""
    return [m.value for m in at.markdown if m.value.startswith("| ")]


def _rows(at) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for table in _tables(at)
        for line in table.splitlines()[2:]
    ]


def _group_labels(lang: str) -> dict[str, str]:
    return {group: lookup(lang, f"app.groups.{group}") for group in registry.GROUPS}


def test_glossary_lists_every_term_by_group(open_page):
    at = open_page("home")
    assert_healthy(at)
    assert lookup("en", "home.glossary.title") in [h.value for h in at.subheader]
    rows = _rows(at)
    assert len(rows) == len(TERMS)
    assert {(en, zh) for en, zh, _ in rows} == {(t.en, t.zh_display) for t in TERMS}
    labels = [e.label for e in at.expander if " · " in e.label]
    for group, name in _group_labels("en").items():
        count = sum(t.group == group for t in TERMS)
        assert f"{name} · {lookup('en', 'home.glossary.count', n=count)}" in labels


def test_each_term_links_to_its_page(open_page):
    at = open_page("home")
    stems = {spec.stem for spec in registry.topics()}
    for en, _, page in _rows(at):
        term = next(t for t in TERMS if t.en == en)
        link = LINK.fullmatch(page)
        if term.page in stems:
            assert link and link.group(2) == term.page, (en, page)
            assert link.group(1) == lookup("en", f"{term.page}.title")
        else:
            assert page == lookup("en", "home.glossary.soon")


def test_chinese_presenter_links_keep_language_and_mode(open_page):
    at = open_page("home", query={"lang": "zh", "present": "true"})
    assert_healthy(at)
    assert lookup("zh", "home.glossary.title") in [h.value for h in at.subheader]
    assert _tables(at)[0].startswith(f"| {lookup('zh', 'home.glossary.col_en')} | 中文 |")
    kl = next(row for row in _rows(at) if row[0] == "KL divergence")
    assert kl[1] == "KL 散度"
    assert kl[2] == f"[{lookup('zh', 'kl_divergence.title')}](kl_divergence?lang=zh&present=true)"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("海森", ["Hessian"]), ("SADDLE", ["saddle point"]), ("遗忘门", ["forget gate"])],
)
def test_filter_finds_terms_in_either_language(open_page, query, expected):
    at = open_page("home", query={"home_glossary": query})
    assert_healthy(at)
    assert [row[0] for row in _rows(at)] == expected
    opened = [e for e in at.expander if " · " in e.label]
    assert len(opened) == 1 and opened[0].proto.expanded


def test_typing_a_filter_narrows_the_list(open_page):
    at = open_page("home")
    at.text_input(key="home_glossary").set_value("梯度").run()
    rows = _rows(at)
    assert rows and all("梯度" in zh for _, zh, _ in rows)
    assert len(rows) == len(glossary.search(TERMS, "梯度"))


@pytest.mark.parametrize(
    "query", ["no such term", "[x](javascript:alert(1))", "| a | b |", "x" * 5000, "%00"]
)
def test_a_filter_without_match_says_so(open_page, query):
    at = open_page("home", query={"home_glossary": query})
    assert_healthy(at)
    assert _rows(at) == []
    assert [i.value for i in at.info] == [lookup("en", "home.glossary.none")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_practice_card_opens_the_drill(open_page, lang):
    at = open_page("home", query={"lang": lang})
    assert_healthy(at)
    texts = [m.value for m in at.markdown]
    assert f"#### :material/quiz: {lookup(lang, 'home.practice.title')}" in texts
    assert lookup(lang, "home.practice.body") in texts
    links = [el.proto for el in at._tree if type(el).__name__ == "PageLink"]
    drill = [link for link in links if link.page.endswith("practice")]
    assert drill and drill[0].label == lookup(lang, "home.practice.open")
