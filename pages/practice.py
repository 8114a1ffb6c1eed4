"""Interview practice: one question at a time over every topic, answers from the tested core."""

import zlib

import streamlit as st

from playground import practice
from playground._validation import InputError
from playground.app import layout, registry, widgets
from playground.app.format import fmt, fmt_pct, tex
from playground.app.i18n import current_language, translator

NS, BIND, ss = "practice", widgets.BIND, st.session_state
MODES = {"mixed": practice.KINDS, **{kind: (kind,) for kind in practice.KINDS}}
RECORD = "_practice_record"  # uid -> the first answer to that question (session only)
TYPED = "_practice_typed"  # keys of the answer widgets this session has used
MAX_SEED, MAX_NUMBER = 999_999, 999
t = translator(current_language())  # bound once for the whole rerun


def tt(key: str, **values) -> str:
    return t(f"{NS}.{key}", **values)


def say(item: practice.Text) -> str:
    """A question's text. Practice texts are always format templates (braces doubled)."""
    plain = {k: v for k, v in item.values.items() if not isinstance(v, practice.Label)}
    labels = {
        k: t(v.key, **plain, _=0) for k, v in item.values.items() if isinstance(v, practice.Label)
    }
    return t(item.key, **plain, **labels, _=0)


@layout.shared(max_entries=512)
def question(key: str, seed: int) -> practice.Question:
    return practice.make(key, seed, practice.Format(fmt, tex))


def topic_order() -> list[str]:
    """Topics with questions: registered pages in navigation order, then the others."""
    stems = [p.stem for p in registry.PAGES]
    return sorted(practice.TOPICS, key=lambda s: (stems.index(s) if s in stems else len(stems), s))


def title(stem: str) -> str:
    return tt(f"topics.{stem}")


def checked(key: str) -> bool:
    """A topic checkbox's value before it is drawn (session, else URL, else on)."""
    if key in ss:
        return bool(ss[key])
    return str(st.query_params.get(key, "true")).lower() != "false"


def settings() -> tuple[list[str], str, int]:
    """Kind, then topics and quiz number (folded: a teacher sets them once)."""
    stems = topic_order()
    keys = {stem: f"practice_{stem}" for stem in stems}
    count = sum(checked(key) for key in keys.values())
    mode, more = st.columns([1.2, 1], gap="medium", vertical_alignment="bottom")
    with mode:
        kind = widgets.choice(
            tt("controls.mode"),
            {m: f"{NS}.controls.modes.{m}" for m in MODES},
            key="practice_mode",
            kind="segmented_control",
        )
    label = tt("controls.more", seed=shown_seed(), n=count, total=len(stems))
    with more, st.expander(label, icon=":material/tune:"):
        quiz = st.number_input(
            tt("controls.seed"),
            min_value=1,
            max_value=MAX_SEED,
            value=1,
            step=1,
            key="practice_seed",
            bind=BIND,
            help=tt("controls.seed_help"),
        )
        st.caption(tt("controls.topics"))
        chosen = [
            stem
            for stem in stems
            if st.checkbox(title(stem), value=True, key=keys[stem], bind=BIND)
        ]
    return chosen, kind, int(quiz)


def shown_seed() -> str:
    """The quiz number for the folded settings' label, before its box is drawn."""
    raw = ss.get("practice_seed", st.query_params.get("practice_seed", 1))
    try:
        return str(min(max(int(raw), 1), MAX_SEED))
    except (TypeError, ValueError):
        return "1"


def question_number() -> int:
    """The question box's navigation: which question of the quiz (+ is "next")."""
    return int(
        st.number_input(
            tt("controls.number"),
            min_value=1,
            max_value=MAX_NUMBER,
            step=1,
            key="practice_number",
            bind=BIND,
            help=tt("controls.number_help"),
            width=280,
        )
    )


def widget_key(prefix: str, q: practice.Question) -> str:
    """A short key per question, so an answer never carries over to another question."""
    return f"practice_{prefix}{zlib.crc32(q.uid.encode()):08x}"


def answered(key: str) -> None:
    """``on_change`` of every answer widget: this session gave this answer."""
    ss.setdefault(TYPED, set()).add(key)


def mine(key: str) -> bool:
    """Whether the answer in ``key`` was given in this session, not brought by a link
    (every answer widget is bound to the URL; a shared quiz link must not grade, or
    count, someone else's answers)."""
    return key in ss.get(TYPED, ())


def tolerance_text(q: practice.Question) -> str:
    tol = q.tolerance
    if tol.abs and tol.rel:
        return tt("tolerance.both", abs=fmt(tol.abs), rel=fmt(100 * tol.rel))
    if tol.rel:
        return tt("tolerance.rel", rel=fmt(100 * tol.rel))
    return tt("tolerance.abs", abs=fmt(tol.abs))


def value_text(q: practice.Question, value: float) -> str:
    if q.hint == "integer":
        return f"{round(value):,}"
    return fmt(value, 5)


def record(q: practice.Question, number: int, correct: bool, response: str) -> dict:
    """Keep the first answer to each question for the score and the review."""
    log = ss.setdefault(RECORD, {})
    if q.uid not in log:
        log[q.uid] = dict(
            key=q.key, seed=q.seed, number=number, topic=q.topic, correct=correct, response=response
        )
    return log[q.uid]


def page_link(q: practice.Question) -> None:
    """Open the topic page in exactly the question's state, or say why not."""
    if q.page is None or q.page not in {p.stem for p in registry.PAGES}:
        st.caption(tt("feedback.no_page", page=title(q.topic)))
        return
    # The language and presenter mode are bound widgets of the shell: Streamlit
    # carries them over to the linked page by itself.
    st.page_link(
        registry.topic(q.page).script,
        label=tt("feedback.open_page", page=t(f"{q.page}.title")),
        icon=":material/open_in_new:",
        query_params=q.query(lambda key: t(key)),
    )


def solution(q: practice.Question) -> None:
    st.markdown(f"**{tt('feedback.solution')}**")
    for line in q.solution:
        layout.formula(line)
    if q.why is not None:
        st.markdown(say(q.why))
    page_link(q)


def first_answer(entry: dict) -> None:
    verdict = tt("feedback.right" if entry["correct"] else "feedback.wrong_word")
    st.caption(tt("feedback.first", verdict=verdict))


def numbers(q: practice.Question, number: int) -> None:
    key = widget_key("a", q)
    text = st.text_input(
        tt("ask.answer"),
        key=key,
        bind=BIND,
        on_change=answered,
        args=(key,),
        max_chars=200,
        placeholder=tt("ask.answer_placeholder"),
        help=tt("ask.answer_help"),
    )
    st.caption(tt("ask.rule", hint=tt(f"hints.{q.hint}"), tolerance=tolerance_text(q)))
    if not text or not mine(key):
        st.caption(tt("ask.enter" if not text else "ask.from_link"))
        return
    try:
        verdict = practice.grade(q, text)
    except InputError as exc:
        st.error(tt(f"errors.{exc.code}", **exc.params), icon=":material/edit_off:")
        return
    values = dict(
        value=value_text(q, verdict.value),
        answer=value_text(q, q.answer),
        tolerance=tolerance_text(q),
    )
    if verdict.correct:
        st.success(tt("feedback.correct", **values), icon=":material/check_circle:")
    else:
        st.error(tt("feedback.wrong", **values), icon=":material/cancel:")
    first_answer(record(q, number, verdict.correct, text.strip()))
    solution(q)


def predict(q: practice.Question, number: int) -> None:
    letters = practice.LETTERS[: len(q.choices)]
    st.markdown("\n".join(f"- **{a}.** {say(c)}" for a, c in zip(letters, q.choices, strict=True)))
    key = widget_key("c", q)
    picked = st.segmented_control(
        tt("ask.choice"), list(letters), key=key, bind=BIND, on_change=answered, args=(key,)
    )
    if picked is None or not mine(key):
        return
    verdict = practice.grade(q, letters.index(picked))
    right = letters[q.correct]
    if verdict.correct:
        st.success(tt("feedback.choice_correct", letter=right), icon=":material/check_circle:")
    else:
        st.error(tt("feedback.choice_wrong", chosen=picked, letter=right), icon=":material/cancel:")
    first_answer(record(q, number, verdict.correct, picked))
    solution(q)


def derive(q: practice.Question, number: int) -> None:
    total = len(q.steps)
    key = widget_key("s", q)
    shown = st.slider(
        tt("steps.shown"),
        0,
        total,
        key=key,
        bind=BIND,
        help=tt("steps.help"),
        on_change=answered,
        args=(key,),
    )
    shown = shown if mine(key) else 0
    for k, step in enumerate(q.steps[:shown], start=1):
        st.markdown(f"**{tt('steps.step', k=k, n=total)}** {say(step.text)}")
        layout.formula(step.latex)
    if shown < total:
        return
    page_link(q)
    st.markdown(tt("steps.done"))
    key = widget_key("f", q)
    thumbs = st.feedback("thumbs", key=key, bind=BIND, on_change=answered, args=(key,))
    if thumbs is not None and mine(key):
        entry = record(q, number, thumbs == 1, "")
        st.caption(tt("steps.self_right" if entry["correct"] else "steps.self_wrong"))


def ask(q: practice.Question, number: int) -> None:
    kind = tt(f"kinds.{q.kind}")
    st.subheader(tt("ask.heading", n=number, topic=title(q.topic), kind=kind), anchor=False)
    st.markdown(say(q.prompt))
    {"numbers": numbers, "predict": predict, "derive": derive}[q.kind](q, number)


def score_section() -> None:
    st.subheader(tt("score.heading"), anchor=False)
    log = list(ss.get(RECORD, {}).values())
    if not log:
        st.caption(tt("score.none"))
        return
    right = sum(e["correct"] for e in log)
    st.markdown(tt("score.total", right=right, answered=len(log), pct=fmt_pct(right / len(log))))
    rows = [
        f"| {tt('score.topic')} | {tt('score.answered')} | {tt('score.right')} |",
        "|---|--:|--:|",
    ]
    for stem in topic_order():
        entries = [e for e in log if e["topic"] == stem]
        if entries:
            right_here = sum(e["correct"] for e in entries)
            rows.append(f"| {title(stem)} | {len(entries)} | {right_here} |")
    st.markdown("\n".join(rows))


def review_section() -> None:
    st.subheader(tt("review.heading"), anchor=False)
    wrong = sorted(
        (e for e in ss.get(RECORD, {}).values() if not e["correct"]), key=lambda e: e["number"]
    )
    if not wrong:
        st.caption(tt("review.none"))
        return
    for entry in wrong:
        q = question(entry["key"], entry["seed"])
        with st.expander(tt("review.item", n=entry["number"], topic=title(q.topic))):
            st.markdown(say(q.prompt))
            if q.kind == "numbers":
                st.markdown(tt("review.yours", value=entry["response"]))
                st.markdown(tt("review.answer", answer=value_text(q, q.answer)))
            elif q.kind == "predict":
                letter = practice.LETTERS[q.correct]
                st.markdown(tt("review.yours", value=entry["response"]))
                st.markdown(tt("review.answer", answer=f"{letter}. {say(q.choices[q.correct])}"))
            else:
                st.markdown(tt("review.self"))
                for step in q.steps:
                    layout.formula(step.latex)
            if q.kind != "derive":
                solution(q)


layout.header(NS)
with layout.guard(f"{NS}.sections.settings"):
    chosen, mode, seed = settings()
with layout.guard(f"{NS}.sections.question"), st.container(border=True):
    body, navigation = st.container(), st.container()  # the "next" box under the question
    with navigation:
        number = question_number()
    with body:
        found = practice.slot(seed, chosen, MODES[mode], number)
        if found is None:
            st.info(tt("ask.empty"), icon=":material/filter_alt_off:")
        else:
            ask(question(*found), number)
score, review = st.columns([1, 1.4], gap="large")
with score, layout.guard(f"{NS}.sections.score"):
    score_section()
with review, layout.guard(f"{NS}.sections.review"):
    review_section()
