"""Practice questions on the linear-chain CRF (page ``crf_sequence``).

The state is the page's first sentence ("Alice visited Paris") with drawn
emission scores (``crf_emissions``, typed one line per token), gold tags
(``crf_gold``), the transition weight (``crf_weight``) and the BIO rule
(``crf_bio``). Scores, log Z, marginals, gradients and Viterbi come from
:mod:`playground.crf`; the transition, start and end scores are assembled as
the page assembles them.
"""

from __future__ import annotations

import math

import numpy as np

from playground import crf
from playground.practice import (
    Format,
    Label,
    Question,
    Step,
    Text,
    Tolerance,
    choice_texts,
    derivation,
    grid,
    pick,
    register,
    url_number,
)

PAGE = "crf_sequence"
NS = f"practice.q.{PAGE}"
SENTENCE = "Alice visited Paris"
TAGS, K = crf.TAGS, len(crf.TAGS)
PENALTY = 1e4  # the page's default BIO penalty


def transitions(weight: float, bio: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Transition, start and end scores as the page builds them from its controls."""
    bio_a, bio_s = crf.bio_constraints(TAGS, PENALTY if bio else 0.0)
    A = np.round(weight * crf.BASE_TRANSITIONS + bio_a, 10)
    start = np.round(weight * crf.BASE_START + bio_s, 10)
    return A, start, np.round(weight * crf.BASE_END, 10)


def draw_gold(rng, length: int) -> np.ndarray:
    """Gold tags that follow the BIO rule (I-X only after B-X or I-X)."""
    while True:
        tags = rng.integers(K, size=length)
        if not crf.bio_violations(tags, TAGS):
            return tags


def draw_emissions(rng, length: int) -> np.ndarray:
    return grid(rng, -1.0, 2.5, 0.1, size=(length, K))


def tokens() -> tuple[str, ...]:
    return crf.EXAMPLES[SENTENCE].tokens


def link(E, gold, *, weight: float = 1.0, bio: bool = True, tab: str | None = None) -> dict:
    query = {
        "crf_sentence": SENTENCE,
        "crf_gold": " ".join(TAGS[int(i)] for i in gold),
        "crf_emissions": crf.format_emissions(E),
        "crf_weight": url_number(weight),
        "crf_bio": "true" if bio else "false",
    }
    if tab:
        query["crf_tab"] = Label(f"{PAGE}.tabs.{tab}")
    return query


def table(out: Format, E) -> str:
    """The emission scores as a Markdown table (rows: tokens, columns: tags)."""
    rows = ["| | " + " | ".join(TAGS) + " |", "|---|" + "---:|" * K]
    rows += [
        f"| {tok} | " + " | ".join(out.fmt(v) for v in row) + " |"
        for tok, row in zip(tokens(), E, strict=True)
    ]
    return "\n".join(rows)


def path(gold) -> str:
    return " ".join(TAGS[int(i)] for i in gold)


def draw_sentence(rng, *, weight: float | None = None):
    E, gold = draw_emissions(rng, len(tokens())), draw_gold(rng, len(tokens()))
    weight = grid(rng, 0.5, 2.0, 0.5) if weight is None else weight
    return E, gold, weight


@register("numbers")
def gold_score(rng, out: Format) -> Question:
    E, gold, weight = draw_sentence(rng)
    A, start, end = transitions(weight, True)
    terms = crf.score_terms(E, A, gold, start=start, end=end)
    score = crf.sequence_score(E, A, gold, start=start, end=end)
    names = [TAGS[int(i)] for i in gold]
    pieces = [f"s({names[0]}) = {out.fmt(start[gold[0]])}"]
    pieces += [
        f"A({names[t - 1]} → {names[t]}) = {out.fmt(A[gold[t - 1], gold[t]])}"
        for t in range(1, len(gold))
    ]
    pieces.append(f"e({names[-1]}) = {out.fmt(end[gold[-1]])}")
    return Question(
        prompt=Text(
            f"{NS}.gold_score.prompt",
            {"gold": path(gold), "table": table(out, E), "terms": ", ".join(pieces)},
        ),
        answer=score,
        tolerance=Tolerance(abs=0.01),
        solution=(
            r"s(x, y) = s_{y_1} + \sum_{t} E_{t, y_t} + \sum_{t > 1} A_{y_{t-1}, y_t} + e_{y_T}",
            "= " + " + ".join(out.tex(v) for v in terms) + f" = {out.tex(score)}",
        ),
        page=PAGE,
        link=link(E, gold, weight=weight),
        shows=(score,),
    )


@register("numbers")
def path_probability(rng, out: Format) -> Question:
    while True:
        E, gold, weight = draw_sentence(rng)
        A, start, end = transitions(weight, True)
        res = crf.analyse(E, A, gold, start=start, end=end)
        p = math.exp(-res.loss)
        if 0.02 <= p <= 0.95:
            break
    return Question(
        prompt=Text(
            f"{NS}.path_probability.prompt",
            {"gold": path(gold), "score": out.fmt(res.gold_score), "log_z": out.fmt(res.log_z)},
        ),
        answer=p,
        tolerance=Tolerance(abs=0.003, rel=0.02),
        hint="probability",
        solution=(
            rf"L = \log Z - s(x, y) = {out.tex(res.log_z)} - {out.tex(res.gold_score)}"
            rf" = {out.tex(res.loss)}",
            rf"P(y\mid x) = e^{{-L}} = {out.tex(p)}",
        ),
        page=PAGE,
        link=link(E, gold, weight=weight),
        shows=(p, res.loss),
    )


@register("numbers")
def path_count(rng, out: Format) -> Question:
    sentence = str(pick(rng, tuple(crf.EXAMPLES)))
    example = crf.EXAMPLES[sentence]
    E, A = np.array(example.emissions), crf.BASE_TRANSITIONS
    brute = crf.brute_force(E, A, example.gold_index, top=1)
    T = len(example.tokens)
    return Question(
        prompt=Text(
            f"{NS}.path_count.prompt",
            {"sentence": sentence, "T": T, "K": K, "tags": ", ".join(TAGS)},
        ),
        answer=float(brute.count),
        tolerance=Tolerance(abs=0.5),
        hint="integer",
        solution=(
            rf"K^T = {K}^{{{T}}} = {brute.count:,}".replace(",", r"{,}"),
            rf"T\cdot K^2 = {T}\cdot {K}^2 = {T * K * K}",
        ),
        why=Text(f"{NS}.path_count.why", {"ops": T * K * K}),
        page=PAGE,
        link={"crf_sentence": sentence, "crf_tab": Label(f"{PAGE}.tabs.brute")},
        shows=(float(brute.count),),
    )


@register("predict")
def token_softmax(rng, out: Format) -> Question:
    """With every transition, start and end score 0, the CRF factorises into per-token softmaxes."""
    zero = rng.random() < 0.4
    while True:
        E, gold, weight = draw_sentence(rng, weight=0.0 if zero else None)
        A, start, end = transitions(weight, not zero)
        res = crf.analyse(E, A, gold, start=start, end=end)
        diff = res.loss - res.token_loss
        if zero or abs(diff) >= 0.05:
            break
    correct = 0 if math.isclose(res.loss, res.token_loss, abs_tol=1e-9) else (1 if diff > 0 else 2)
    return Question(
        prompt=Text(
            f"{NS}.token_softmax.prompt",
            {
                "gold": path(gold),
                "weight": out.fmt(weight),
                "bio": Label(f"{NS}.token_softmax.bio_{'off' if zero else 'on'}"),
            },
        ),
        choices=choice_texts(f"{NS}.token_softmax.choices", ("equal", "larger", "smaller")),
        correct=correct,
        solution=(
            rf"L_{{CRF}} = \log Z - s(x, y) = {out.tex(res.loss)}",
            rf"\sum_t -\log\operatorname{{softmax}}(E_t)_{{y_t}} = {out.tex(res.token_loss)}",
        ),
        why=Text(f"{NS}.token_softmax.why"),
        page=PAGE,
        link=link(E, gold, weight=weight, bio=not zero, tab="softmax"),
        shows=(res.loss, res.token_loss),
    )


@register("predict")
def viterbi_argmax(rng, out: Format) -> Question:
    """Per-token argmax can break the BIO rule; Viterbi with the BIO penalty never does."""
    while True:
        E, gold, weight = draw_sentence(rng)
        if rng.random() < 0.5:  # a clear, valid path: both decoders should agree on it
            E[np.arange(len(gold)), gold] += 2.0
        elif rng.random() < 0.5:  # tempt the token-wise decoder into an I- tag after O
            E[1, 0], E[2, 2] = 2.5, 2.6
        A, start, end = transitions(weight, True)
        res = crf.analyse(E, A, gold, start=start, end=end)
        if abs(
            res.best_score - crf.sequence_score(E, A, res.token_path, start=start, end=end)
        ) >= 0.05 or np.array_equal(res.best, res.token_path):
            break
    same = bool(np.array_equal(res.best, res.token_path))
    return Question(
        prompt=Text(
            f"{NS}.viterbi_argmax.prompt", {"table": table(out, E), "weight": out.fmt(weight)}
        ),
        choices=choice_texts(f"{NS}.viterbi_argmax.choices", ("same", "different")),
        correct=0 if same else 1,
        solution=(
            rf"\hat y_t = \arg\max_k E_{{t,k}}:\ \text{{{path(res.token_path)}}}",
            rf"\text{{Viterbi}}:\ \text{{{path(res.best)}}},\quad s = {out.tex(res.best_score)}",
        ),
        why=Text(f"{NS}.viterbi_argmax.why"),
        page=PAGE,
        link=link(E, gold, weight=weight, tab="viterbi"),
        shows=(res.best_score, res.log_z),
    )


def gradient_cell(rng):
    """A sentence and the gold cell whose emission gradient the page writes out."""
    while True:
        E, gold, weight = draw_sentence(rng)
        A, start, end = transitions(weight, True)
        res = crf.analyse(E, A, gold, start=start, end=end)
        pulls = res.grad.emissions[np.arange(len(gold)), gold]
        cell = int(np.argmin(pulls))  # the cell the page's gradient tab writes out
        if pulls[cell] <= -0.02 and np.sort(pulls)[1] - pulls[cell] >= 1e-6:
            return E, gold, weight, res, cell


@register("numbers")
def emission_gradient(rng, out: Format) -> Question:
    E, gold, weight, res, cell = gradient_cell(rng)
    tag = int(gold[cell])
    marginal = float(res.marginals[cell, tag])
    answer = float(res.grad.emissions[cell, tag])
    return Question(
        prompt=Text(
            f"{NS}.emission_gradient.prompt",
            {
                "gold": path(gold),
                "t": cell + 1,
                "token": tokens()[cell],
                "tag": TAGS[tag],
                "m": out.fmt(marginal),
            },
        ),
        answer=answer,
        tolerance=Tolerance(abs=0.005),
        solution=(
            r"\frac{\partial L}{\partial E_{t,k}} = P(y_t = k\mid x) - \mathbf 1[y_t = k]",
            rf"= {out.tex(marginal)} - 1 = {out.tex(answer)}",
        ),
        page=PAGE,
        link=link(E, gold, weight=weight, tab="gradient"),
        shows=(answer,),
    )


@register("derive")
def loss_gradient(rng, out: Format) -> Question:
    """∂L/∂E = marginals − one-hot(gold): expected minus observed."""
    E, gold, weight, res, cell = gradient_cell(rng)
    tag = int(gold[cell])
    s = f"{NS}.loss_gradient"
    steps = (
        Step(
            Text(f"{s}.s1"),
            r"L = -\log P(y\mid x) = \log Z(x) - s(x, y),\quad"
            r" Z(x) = \sum_{y'} e^{s(x, y')}",
        ),
        Step(Text(f"{s}.s2"), r"\frac{\partial s(x, y)}{\partial E_{t,k}} = \mathbf 1[y_t = k]"),
        Step(
            Text(f"{s}.s3"),
            r"\frac{\partial \log Z}{\partial E_{t,k}} = \sum_{y'}"
            r" \frac{e^{s(x,y')}}{Z}\,\mathbf 1[y'_t = k] = P(y_t = k\mid x)",
        ),
        Step(
            Text(f"{s}.s4"),
            r"\frac{\partial L}{\partial E_{t,k}} = P(y_t = k\mid x)"
            r" - \mathbf 1[y_t = k],\qquad \frac{\partial L}{\partial A_{ij}}"
            r" = \mathbb E[\#(i\to j)] - \#_y(i\to j)",
        ),
        Step(
            Text(f"{s}.s5", {"t": cell + 1, "tag": TAGS[tag], "gold": path(gold)}),
            rf"\frac{{\partial L}}{{\partial E_{{{cell + 1},\,\text{{{TAGS[tag]}}}}}}}"
            rf" = {out.tex(res.marginals[cell, tag])} - 1"
            rf" = {out.tex(res.grad.emissions[cell, tag])}",
        ),
    )
    return derivation(
        s,
        steps,
        solution=(3,),
        page=PAGE,
        link=link(E, gold, weight=weight, tab="gradient"),
        shows=(float(res.grad.emissions[cell, tag]),),
    )
