"""Sequence labelling with a CRF: the NER loss log Z − score, the forward algorithm, Viterbi."""

import numpy as np
import streamlit as st

from playground import crf, handwritten
from playground._validation import InputError
from playground.app import layout, shell, widgets
from playground.app.format import fmt, fmt_pct, tex
from playground.app.i18n import current_language, translator
from playground.charts import crf as charts

NS, BIND, TAGS = "crf_sequence", "query-params", crf.TAGS
SENTENCES = list(crf.EXAMPLES)  # the sentences themselves are the options (no translation)
TOP_PATHS = 40
DEFAULT = {"en": "Alice visited Paris", "zh": "张三在北京工作"}  # the first sentence by language
t = translator(current_language())  # bound once for the whole rerun
analyse = layout.shared(crf.analyse, max_entries=64)
brute_force = layout.shared(crf.brute_force, max_entries=32)
grad_fd = layout.shared(crf.nll_grad_fd, max_entries=32)


def tt(key: str, **values) -> str:
    return t(f"{NS}.{key}", **values)


def path_text(path) -> str:
    return " ".join(TAGS[int(i)] for i in path)


def load_example() -> None:
    """A new sentence brings its own gold tags and emission scores."""
    example = crf.EXAMPLES.get(st.session_state.get("crf_sentence"))
    if example is not None:
        st.session_state["crf_gold"] = " ".join(example.gold)
        st.session_state["crf_emissions"] = crf.format_emissions(example.emissions)


def read_gold(example: crf.Example) -> np.ndarray:
    text = st.text_input(
        tt("gold.label"),
        value=" ".join(example.gold),
        key="crf_gold",
        bind=BIND,
        max_chars=400,
        help=tt("gold.help"),
    )
    try:
        return crf.parse_tags(text, TAGS, len(example.tokens))
    except InputError as exc:
        st.error(tt(f"gold.errors.{exc.code}", **exc.params), icon=":material/edit_off:")
        st.caption(tt("gold.fallback", tags=" ".join(example.gold)))
        return example.gold_index


def read_emissions(example: crf.Example) -> np.ndarray:
    text = st.text_area(
        tt("emissions.label"),
        value=crf.format_emissions(example.emissions),
        key="crf_emissions",
        bind=BIND,
        max_chars=2000,
        height=68 + 24 * len(example.tokens),
        help=tt("emissions.help"),
    )
    st.caption(tt("emissions.columns"))
    try:
        return crf.parse_emissions(text, len(example.tokens), len(TAGS))
    except InputError as exc:
        if exc.code == "emissions_rows":
            message = tt("emissions.rows", **exc.params)
        else:
            message = tt("emissions.line", line=exc.params.get("line", 1))
            message += " " + t(f"errors.{exc.code}", **exc.params)
        st.error(message, icon=":material/edit_off:")
        st.caption(tt("emissions.fallback"))
        return np.array(example.emissions)


def transition_table(A: np.ndarray, start: np.ndarray, end: np.ndarray) -> str:
    """The transition, start and end scores as a Markdown table (rows: from, columns: to)."""
    rows = [
        f"| {tt('transitions.from_to')} | " + " | ".join(TAGS) + " |",
        "|---|" + "---:|" * len(TAGS),
    ]
    for name, values in [*zip(TAGS, A, strict=True), (tt("transitions.start"), start)]:
        rows.append(f"| **{name}** | " + " | ".join(fmt(v, 3) for v in values) + " |")
    rows.append(f"| **{tt('transitions.end')}** | " + " | ".join(fmt(v, 3) for v in end) + " |")
    return "\n".join(rows)


def waterfall_labels(tokens, gold) -> tuple[list[str], list[str]]:
    """Tick labels and hover texts for the 2T + 1 terms of the gold score."""
    names = [TAGS[int(i)] for i in gold]
    ticks, hovers = [tt("chart.start_tick")], [tt("chart.hover_start", tag=names[0])]
    for i, (token, tag) in enumerate(zip(tokens, names, strict=True)):
        if i:
            ticks.append("A")
            hovers.append(tt("chart.hover_transition", prev=names[i - 1], tag=tag))
        ticks.append(token)
        hovers.append(tt("chart.hover_emission", token=token, tag=tag))
    ticks.append(tt("chart.end_tick"))
    hovers.append(tt("chart.hover_end", tag=names[-1]))
    return ticks, hovers


# --- Header and controls --------------------------------------------------------------------
layout.header(NS)
# Presenter mode (large fonts) gives the typed table a little more room.
controls, main = st.columns([1.3 if shell.presenting() else 1, 2.6], gap="large")
with controls:
    with st.container(border=True):
        sentence = st.selectbox(
            tt("sentence.label"),
            SENTENCES,
            index=SENTENCES.index(DEFAULT[current_language()]),
            key="crf_sentence",
            bind=BIND,
            on_change=load_example,
            help=tt("sentence.help"),
        )
        example = crf.EXAMPLES.get(sentence, crf.EXAMPLES[DEFAULT[current_language()]])
        tokens, K = list(example.tokens), len(TAGS)
        gold = read_gold(example)
        E = read_emissions(example)
        w = st.slider(
            tt("weight.label"),
            0.0,
            3.0,
            1.0,
            0.1,
            key="crf_weight",
            bind=BIND,
            help=tt("weight.help"),
        )
        bio = st.toggle(tt("bio.label"), value=True, key="crf_bio", bind=BIND, help=tt("bio.help"))
        penalty = widgets.log_slider(
            tt("penalty.label"),
            key="crf_penalty",
            min_value=0.1,
            max_value=1e4,
            value=1e4,
            per_decade=5,
            disabled=not bio,
            help=tt("penalty.help"),
        )
    bio_a, bio_s = crf.bio_constraints(TAGS, penalty if bio else 0.0)
    # Rounded so that the hand-written code shows 0.55, not 0.5500000000000002.
    A = np.round(w * crf.BASE_TRANSITIONS + bio_a, 10)
    start, end = np.round(w * crf.BASE_START + bio_s, 10), np.round(w * crf.BASE_END, 10)
    with layout.guard(f"{NS}.sections.transitions"), st.expander(tt("transitions.expander")):
        st.markdown(transition_table(A, start, end))
        st.caption(tt("transitions.note"))

res = analyse(E, A, gold, start=start, end=end)
p_gold = float(np.exp(-res.loss))
same = bool(np.array_equal(res.best, gold))

# --- The lattice and the three numbers of the loss ------------------------------------------
with main, layout.guard(f"{NS}.sections.lattice"):
    fig = charts.lattice(tokens, TAGS, res.marginals, E, gold, res.best, t)
    layout.chart(fig, key="crf_lattice_chart")
    m1, m2, m3 = st.columns(3)
    m1.metric(tt("metrics.log_z"), fmt(res.log_z, 4), help=tt("metrics.log_z_help"))
    m2.metric(tt("metrics.score"), fmt(res.gold_score, 4), help=tt("metrics.score_help"))
    m3.metric(tt("metrics.loss"), fmt(res.loss, 4), help=tt("metrics.loss_help"))
    verdict = tt("lattice.same" if same else "lattice.different")
    st.caption(
        tt("lattice.caption", p=fmt_pct(p_gold, 2), best=path_text(res.best), verdict=verdict)
    )

# Side by side for short sentences; one under the other when the tables get wide.
stacked = len(tokens) > 4 or shell.presenting()
left, right = (st.container(), st.container()) if stacked else st.columns(2, gap="large")
with left, layout.guard(f"{NS}.sections.score"):
    ticks, hovers = waterfall_labels(tokens, gold)
    fig = charts.gold_score_waterfall(ticks, hovers, res.gold_terms, res.gold_score, res.log_z, t)
    layout.chart(fig, key="crf_score_chart")
    layout.prose(tt("score.caption"))
with right, layout.guard(f"{NS}.sections.forward"):
    layout.chart(charts.forward_table(tokens, TAGS, res.alpha, E, res.log_z, t), key="crf_alpha")
    layout.prose(tt("forward.caption"))

# --- The formula with your numbers ----------------------------------------------------------
with layout.guard(f"{NS}.sections.formula"):
    st.subheader(t("common.formula_with_numbers"), anchor=False)
    st.markdown(tt("formula.intro", gold=f"`{path_text(gold)}`"))
    layout.formula(charts.score_formula(TAGS, gold, res.gold_terms, res.gold_score, tex))
    if len(tokens) > 1:
        last, tag = len(tokens) - 1, int(gold[-1])
        st.caption(tt("formula.forward_step"))
        layout.formula(
            charts.forward_recursion_formula(
                last,
                TAGS[tag],
                E[last, tag],
                res.alpha[last - 1],
                A[:, tag],
                res.alpha[last, tag],
                tex,
            )
        )
    final = r",\ ".join(tex(v, 3) for v in res.alpha[-1] + end)
    layout.formula(
        rf"\log Z = \log\sum_k e^{{\alpha_{{{len(tokens)}}}(k) + e_k}}"
        rf" = \operatorname{{LSE}}\left({final}\right)"
        rf" = {tex(res.log_z, 5)}"
    )
    layout.formula(
        rf"\begin{{aligned}}L &= \log Z - s(x, y) = {tex(res.log_z, 5)} - {tex(res.gold_score, 5)}"
        rf" = {tex(res.loss, 5)} \\ P(y \mid x) &= e^{{-L}} = {tex(p_gold, 4)}\end{{aligned}}"
    )
    brute = brute_force(E, A, gold, start=start, end=end, top=TOP_PATHS)
    layout.check(tt("formula.check", n=f"{brute.count:,}"), res.log_z, brute.log_z, tol=1e-9)

# --- Deeper views ---------------------------------------------------------------------------
brute_tab, softmax_tab, grad_tab, viterbi_tab = layout.tabs(
    [f"{NS}.tabs.{k}" for k in ("brute", "softmax", "gradient", "viterbi")], key="crf_tab"
)
with brute_tab, layout.guard(f"{NS}.sections.brute"):
    if brute_tab.open:
        layout.prose(tt("brute.intro", n=f"{brute.count:,}", k=K, t=len(tokens)))
        labels = [path_text(p) for p in brute.top_paths]
        at = np.flatnonzero((brute.top_paths == gold).all(axis=1))  # the gold bar, if shown
        shown_gold = int(at[0]) if at.size else None
        fig = charts.path_scores(
            labels,
            brute.top_scores,
            brute.top_probabilities,
            shown_gold,
            brute.count,
            res.log_z,
            t,
        )
        layout.chart(fig, key="crf_paths_chart")
        st.markdown(
            tt(
                "brute.numbers",
                brute=fmt(brute.log_z, 10),
                forward=fmt(res.log_z, 10),
                n=f"{brute.count:,}",
                terms=2 * len(tokens) + 1,
                ops=len(tokens) * K * K,
                rank=brute.gold_rank + 1,
                p=fmt_pct(p_gold, 2),
            )
        )
        mass = fmt_pct(float(np.sum(brute.top_probabilities)), 2)
        st.caption(tt("brute.top_mass", shown=len(labels), mass=mass))
with softmax_tab, layout.guard(f"{NS}.sections.softmax"):
    if softmax_tab.open:
        layout.prose(tt("softmax.intro"))
        broken = crf.bio_violations(res.token_path, TAGS)
        fig = charts.decoding_figure(
            tokens, TAGS, res.token_probs, res.token_path, res.best, broken, t
        )
        layout.chart(fig, key="crf_decoding_chart")
        paths = {"path": f"`{path_text(res.token_path)}`", "best": f"`{path_text(res.best)}`"}
        if broken:
            where = ", ".join(f"{tokens[i]} ({TAGS[res.token_path[i]]})" for i in broken)
            st.warning(tt("softmax.invalid", tokens=where, **paths), icon=":material/block:")
        else:
            st.info(tt("softmax.valid", **paths), icon=":material/check:")
        if crf.bio_violations(res.best, TAGS):
            st.warning(tt("softmax.crf_invalid", best=paths["best"]), icon=":material/warning:")
        st.markdown(
            "\n".join(
                [
                    f"| {tt('softmax.col_token')} | {tt('softmax.col_gold')} | "
                    f"{tt('softmax.col_token_path')} | {tt('softmax.col_crf')} |",
                    "|---|---|---|---|",
                    *(
                        f"| {tok} | {TAGS[g]} | {TAGS[p]} | {TAGS[b]} |"
                        for tok, g, p, b in zip(tokens, gold, res.token_path, res.best, strict=True)
                    ),
                ]
            )
        )
        st.markdown(tt("softmax.losses", token=fmt(res.token_loss, 4), crf=fmt(res.loss, 4)))
        factorised = crf.nll(E, np.zeros((K, K)), gold)
        layout.check(tt("softmax.zero_check"), factorised, res.token_loss, tol=1e-9)
with grad_tab, layout.guard(f"{NS}.sections.gradient"):
    if grad_tab.open:
        layout.prose(tt("gradient.intro"))
        g_left, g_right = st.columns(2, gap="medium")
        with g_left:
            fig = charts.gradient_emissions(tokens, TAGS, res.grad.emissions, t)
            layout.chart(fig, key="crf_grad_e_chart")
        with g_right:
            fig = charts.gradient_transitions(TAGS, res.grad.transitions, t)
            layout.chart(fig, key="crf_grad_a_chart")
        pulls = res.grad.emissions[np.arange(len(tokens)), gold]
        cell = int(np.argmin(pulls))
        tag = TAGS[int(gold[cell])]
        st.caption(tt("gradient.cell"))
        layout.formula(
            rf"\frac{{\partial L}}{{\partial E_{{{cell + 1},\,\text{{{tag}}}}}}}"
            rf" = P(y_{{{cell + 1}}} = \text{{{tag}}} \mid x) - 1"
            rf" = {tex(res.marginals[cell, int(gold[cell])], 4)} - 1 = {tex(pulls[cell], 4)}"
        )
        numeric = grad_fd(E, A, gold, start=start, end=end)
        layout.check(
            tt("gradient.check"),
            np.concatenate([np.ravel(g) for g in res.grad]),
            np.concatenate([np.ravel(g) for g in numeric]),
        )
with viterbi_tab, layout.guard(f"{NS}.sections.viterbi"):
    if viterbi_tab.open:
        layout.prose(tt("viterbi.intro"))
        animated = charts.viterbi_table(tokens, TAGS, res.delta, res.backpointers, res.best, t)
        layout.chart(animated, key="crf_delta")
        bound = res.best_score + len(tokens) * np.log(K)
        st.markdown(
            tt(
                "viterbi.numbers",
                best=f"`{path_text(res.best)}`",
                score=fmt(res.best_score, 5),
                log_z=fmt(res.log_z, 5),
                bound=fmt(bound, 5),
                p=fmt_pct(np.exp(res.best_score - res.log_z), 2),
            )
        )

# --- Interview corner and the code ----------------------------------------------------------
with layout.guard(f"{NS}.sections.interview"):
    layout.interview(
        NS,
        6,
        log_z=fmt(res.log_z, 4),
        score=fmt(res.gold_score, 4),
        loss=fmt(res.loss, 4),
        p=fmt_pct(p_gold, 2),
        n=f"{K ** len(tokens):,}",
        ops=len(tokens) * K * K,
        best=f"`{path_text(res.best)}`",
        best_score=fmt(res.best_score, 4),
        penalty=fmt(penalty if bio else 0.0, 4),
        token_path=f"`{path_text(res.token_path)}`",
        token_loss=fmt(res.token_loss, 4),
    )
with layout.guard(f"{NS}.sections.code"):
    params = {
        "tags": list(TAGS),
        "E": E.tolist(),
        "A": A.tolist(),
        "start": start.tolist(),
        "end": end.tolist(),
        "gold": [int(v) for v in gold],
    }
    scratch = handwritten.render(NS, current_language(), **params)
    layout.code(scratch, crf.snippet(E, A, gold, start=start, end=end), key="crf_code")
