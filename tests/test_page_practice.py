"""The practice page in AppTest, and every question's deep link on its topic page.

- For every generator and 2 seeds (one link in English, one in Chinese), the
  question's query opens its topic page with no exception, every key of the
  link is a widget (or tab) of that page, and the page shows the question's
  numbers (``Question.shows``) somewhere a user reads them: metrics, LaTeX,
  markdown, captions.
- The practice page: answering right and wrong in both languages, the score
  and the review list, multiple choice, a derivation revealed step by step,
  the same quiz for everyone with the same link, hostile answers.
"""

from __future__ import annotations

import math
import re
import zlib
from urllib.parse import parse_qs

import pytest

from playground import practice
from playground.app import i18n
from playground.app.format import fmt, tex
from tests import apptools

OUT = practice.Format(fmt, tex)
LINKED = sorted(k for k in practice.GENERATORS if practice.make(k, 0, OUT).page is not None)
CASES = [pytest.param(key, seed, id=f"{key}-{seed}") for key in LINKED for seed in (0, 1)]

# Numbers as the pages print them: 0.1235, -2.5e-07, 1.2 \times 10^{-5}, 12.3%, 78,125.
_NUMBER = re.compile(
    r"(?<![\w.])[-−]?(?:\d{1,3}(?:,\d{3})+(?![\d.])|\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
)
_TIMES = re.compile(r"([-−]?\d+\.?\d*)\s*\\times\s*10\^\{(-?\d+)\}")


def shown_numbers(at) -> list[float]:
    """Every number in the texts a user reads (a percentage also as a fraction)."""
    values = []
    for text in apptools.visible_texts(at):
        for m in _TIMES.finditer(text):
            values.append(float(m[1].replace("−", "-")) * 10 ** int(m[2]))
        for m in _NUMBER.finditer(text):
            value = float(m.group().replace("−", "-").replace(",", ""))
            values += [value, value / 100]
        if "∞" in text:
            values.append(math.inf)
    return values


def displays(numbers: list[float], value: float) -> bool:
    if math.isinf(value):
        return value in numbers
    return any(abs(x - value) <= max(6e-3 * abs(value), 1e-9) for x in numbers)


def link_keys(at) -> set[str]:
    keys = {w.key for w in apptools.page_widgets(at)}
    keys |= {t.proto.tab_container.query_param_key for t in apptools.tab_containers(at)}
    return keys


@pytest.mark.parametrize(("key", "seed"), CASES)
def test_deep_link_shows_the_question_on_its_page(open_page, catalog_warnings, key, seed):
    q = practice.make(key, seed, OUT)
    lang = ("en", "zh")[seed % 2]
    query = q.query(lambda k: i18n.lookup(lang, k))
    at = open_page(q.page, lang=lang, query=query, answers=True)
    apptools.assert_healthy(at, query)
    assert not catalog_warnings(), catalog_warnings()
    assert set(query) <= link_keys(at), set(query) - link_keys(at)
    numbers = shown_numbers(at)
    missing = [v for v in q.shows if not displays(numbers, v)]
    assert not missing, (key, seed, query, missing)


# ---------------------------------------------------------------------------
# The practice page
# ---------------------------------------------------------------------------

MODE_LABEL = {
    lang: {
        m: i18n.lookup(lang, f"practice.controls.modes.{m}")
        for m in ("mixed", "numbers", "predict", "derive")
    }
    for lang in ("en", "zh")
}


def widget_key(prefix: str, q: practice.Question) -> str:
    return f"practice_{prefix}{zlib.crc32(q.uid.encode()):08x}"


def open_quiz(open_page, *, seed: int, mode: str, number: int = 1, lang: str = "en", **extra):
    """Open question ``number`` of quiz ``seed`` in ``mode`` (English), or the first
    question of that kind from question ``number`` on in the mixed quiz (Chinese:
    AppTest sends a segmented control's English label back whatever the language,
    so Chinese tests keep the default mode)."""
    if lang != "en":
        while practice.quiz(seed, practice.TOPICS, practice.KINDS, number, OUT).kind != mode:
            number += 1
        mode = "mixed"
    query = {
        "practice_seed": str(seed),
        "practice_mode": MODE_LABEL[lang][mode],
        "practice_number": str(number),
        **extra,
    }
    at = open_page("practice", lang=lang, query=query)
    apptools.assert_healthy(at)
    kinds = practice.KINDS if mode == "mixed" else (mode,)
    return at, practice.quiz(seed, practice.TOPICS, kinds, number, OUT)


def render(item: practice.Text, lang: str) -> str:
    """A question's text as the page writes it (always a format template)."""
    plain = {k: v for k, v in item.values.items() if not isinstance(v, practice.Label)}
    labels = {
        k: i18n.lookup(lang, v.key, **plain, _=0)
        for k, v in item.values.items()
        if isinstance(v, practice.Label)
    }
    return i18n.lookup(lang, item.key, **plain, **labels, _=0)


def latex(at) -> list[str]:
    return [e.value.removeprefix("$$\n").removesuffix("\n$$") for e in at.latex]


texts = apptools.page_text


def prefix(lang: str, key: str) -> str:
    """The fixed start of a feedback message (before its first placeholder)."""
    return i18n.lookup(lang, key).split("{")[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_answering_right_then_wrong(open_page, lang):
    at, q = open_quiz(open_page, seed=11, mode="numbers", lang=lang)
    assert render(q.prompt, lang) in [m.value for m in at.markdown]
    box = at.text_input(key=widget_key("a", q))
    box.set_value(fmt(q.answer, 6)).run()
    apptools.assert_healthy(at)
    assert [s.value for s in at.success][0].startswith(prefix(lang, "practice.feedback.correct"))
    assert not at.error
    # the worked solution and the link to the topic page in the question's state
    assert set(q.solution) <= set(latex(at))
    link = [el for el in at._tree if type(el).__name__ == "PageLink"][0].proto
    assert link.page == q.page
    sent = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(link.query_string).items()}
    assert sent == q.query(lambda k: i18n.lookup(lang, k))  # lang: carried by Streamlit
    assert i18n.lookup(lang, "practice.score.total", right=1, answered=1, pct="100.0%") in texts(at)
    # a second, wrong try is shown as wrong but the score keeps the first answer
    wrong = q.answer + 3 * q.tolerance.width(q.answer) + 1
    at.text_input(key=widget_key("a", q)).set_value(fmt(wrong, 6)).run()
    assert at.error and at.error[0].value.startswith(prefix(lang, "practice.feedback.wrong"))
    assert i18n.lookup(lang, "practice.score.total", right=1, answered=1, pct="100.0%") in texts(at)
    # the next question, answered wrong, goes to the review list
    kinds = ("numbers",) if lang == "en" else practice.KINDS
    n2 = at.number_input(key="practice_number").value + 1
    while practice.quiz(11, practice.TOPICS, kinds, n2, OUT).kind != "numbers":
        n2 += 1
    at.number_input(key="practice_number").set_value(n2).run()
    q2 = practice.quiz(11, practice.TOPICS, kinds, n2, OUT)
    wrong2 = q2.answer + 3 * q2.tolerance.width(q2.answer) + 1
    at.text_input(key=widget_key("a", q2)).set_value(fmt(wrong2, 6)).run()
    apptools.assert_healthy(at)
    assert i18n.lookup(lang, "practice.score.total", right=1, answered=2, pct="50.0%") in texts(at)
    title = i18n.lookup(lang, f"practice.topics.{q2.topic}")
    item = i18n.lookup(lang, "practice.review.item", n=n2, topic=title)
    assert item in [e.label for e in at.expander]


def test_multiple_choice(open_page):
    at, q = open_quiz(open_page, seed=5, mode="predict", number=3)
    control = at.button_group(key=widget_key("c", q)) if hasattr(at, "button_group") else None
    control = control or next(w for w in apptools.page_widgets(at) if w.key == widget_key("c", q))
    letters = practice.LETTERS[: len(q.choices)]
    wrong = next(a for a in letters if a != letters[q.correct])
    control.set_value(wrong).run()
    apptools.assert_healthy(at)
    assert at.error[0].value.startswith(prefix("en", "practice.feedback.choice_wrong"))
    assert letters[q.correct] in at.error[0].value
    text = texts(at)
    assert i18n.lookup("en", "practice.score.total", right=0, answered=1, pct="0.0%") in text


def test_derivation_step_by_step(open_page):
    at, q = open_quiz(open_page, seed=3, mode="derive", lang="zh")
    steps = at.slider(key=widget_key("s", q))
    assert steps.max == len(q.steps) and steps.value == 0
    assert not set(latex(at)) & {s.latex for s in q.steps}
    steps.set_value(2).run()
    shown = set(latex(at))
    assert q.steps[0].latex in shown and q.steps[1].latex in shown
    assert q.steps[2].latex not in shown
    at.slider(key=widget_key("s", q)).set_value(len(q.steps)).run()
    apptools.assert_healthy(at)
    thumbs = next(w for w in apptools.page_widgets(at) if w.key == widget_key("f", q))
    thumbs.set_value(0).run()  # thumbs down: marked for review
    apptools.assert_healthy(at)
    assert i18n.lookup("zh", "practice.steps.self_wrong") in texts(at)
    assert i18n.lookup("zh", "practice.score.total", right=0, answered=1, pct="0.0%") in texts(at)


def test_same_link_same_quiz(open_page):
    first, q = open_quiz(open_page, seed=2024, mode="mixed", number=7)
    second, _ = open_quiz(open_page, seed=2024, mode="mixed", number=7)
    prompt = [m.value for m in first.markdown][1]
    assert prompt == [m.value for m in second.markdown][1]
    other, _ = open_quiz(open_page, seed=2025, mode="mixed", number=7)
    assert [m.value for m in other.markdown][1] != prompt or q.kind == "derive"


def test_a_teachers_link_gives_everyone_the_same_quiz(open_page):
    at = open_page("practice")
    assert at.number_input(key="practice_seed").value == 1
    at.number_input(key="practice_seed").set_value(42).run()
    prompt = [m.value for m in at.markdown][1]
    student = open_page("practice", query={"practice_seed": "42", "lang": "zh"})
    assert "practice_seed=42" in student.sidebar.code[-1].value
    q = practice.quiz(42, practice.TOPICS, practice.KINDS, 1, OUT)
    assert student.markdown[1].value == render(q.prompt, "zh")
    assert prompt == render(q.prompt, "en")


def test_choosing_no_topic_says_so(open_page):
    off = {f"practice_{stem}": "false" for stem in practice.TOPICS}
    at = open_page("practice", query={"practice_seed": "1", **off})
    apptools.assert_healthy(at)
    assert at.info[0].value == i18n.lookup("en", "practice.ask.empty")


def test_only_the_chosen_topics_are_asked(open_page):
    off = {f"practice_{stem}": "false" for stem in practice.TOPICS if stem != "bayes"}
    for number in (1, 2, 3):
        at = open_page(
            "practice", query={"practice_seed": "9", "practice_number": str(number), **off}
        )
        title = i18n.lookup("en", "practice.topics.bayes")
        assert title in at.subheader[0].value


@pytest.mark.parametrize(
    "text", ["__import__('os')", "1,5", "nan", "1/0", "x" * 150, "１／４", "−0.5", "12.5%"]
)
def test_hostile_or_unusual_answers(open_page, text):
    at, q = open_quiz(open_page, seed=21, mode="numbers")
    at.text_input(key=widget_key("a", q)).set_value(text).run()
    apptools.assert_healthy(at)
    assert at.error or at.success  # a translated message either way, never a crash


@pytest.mark.parametrize("value", ["x" * 5000, "0.5", "__import__('os')", ""])
def test_a_link_never_brings_an_answer(open_page, value):
    """A shared quiz link opens the question unanswered, whatever answer it carries."""
    _, q = open_quiz(open_page, seed=21, mode="numbers")
    at, _ = open_quiz(open_page, seed=21, mode="numbers", **{widget_key("a", q): value})
    apptools.assert_healthy(at)
    assert not at.success and not at.error
    assert i18n.lookup("en", "practice.score.none") in texts(at)
    # typing an answer of one's own is checked as usual
    at.text_input(key=widget_key("a", q)).set_value(fmt(q.answer, 6)).run()
    assert at.success


def test_a_link_never_brings_a_choice_or_revealed_steps(open_page):
    _, q = open_quiz(open_page, seed=4, mode="predict")
    at, _ = open_quiz(open_page, seed=4, mode="predict", **{widget_key("c", q): "A"})
    assert not at.success and not at.error
    _, d = open_quiz(open_page, seed=4, mode="derive")
    at, _ = open_quiz(open_page, seed=4, mode="derive", **{widget_key("s", d): "9"})
    apptools.assert_healthy(at)
    assert at.slider(key=widget_key("s", d)).value == 0
