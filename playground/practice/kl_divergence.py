"""Practice questions on entropy, cross-entropy and KL divergence (page ``kl_divergence``).

Values come from :mod:`playground.divergence`. Links open the page's tab
(``kl_tab``) and set the typed distributions ``kl_p`` / ``kl_q`` (with
``kl_example`` on "your own"), the mixture and the fit's start for the
continuous tab, or the two Gaussians.
"""

from __future__ import annotations

import math

import numpy as np

from playground import divergence as dv
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
    number_list,
    pick,
    register,
    url_number,
)

PAGE = "kl_divergence"
NS = f"practice.q.{PAGE}"
SIGMAS = (0.5, 1.0, 2.0)  # on the page's log sliders


def draw_distribution(rng, k: int = 3, *, zeros: int = 0) -> np.ndarray:
    """``k`` probabilities on the 0.1 grid summing to 1; ``zeros`` of them are 0."""
    while True:
        tenths = rng.multinomial(10 - (k - zeros), np.ones(k - zeros) / (k - zeros)) + 1
        p = np.concatenate([tenths / 10, np.zeros(zeros)])
        p = np.round(p[rng.permutation(k)], 10)
        if np.all(p <= 0.8):
            return p


def discrete_link(p, q) -> dict:
    return {
        "kl_tab": Label(f"{PAGE}.tabs.discrete"),
        "kl_example": Label(f"{PAGE}.examples.custom"),
        "kl_p": number_list(p),
        "kl_q": number_list(q),
    }


def kl_sum(out: Format, p, q, name_p: str = "p", name_q: str = "q") -> str:
    terms = " + ".join(
        rf"{out.tex(a)}\log\frac{{{out.tex(a)}}}{{{out.tex(b)}}}"
        for a, b in zip(p, q, strict=True)
        if a > 0
    )
    return rf"\sum_i {name_p}_i \log\frac{{{name_p}_i}}{{{name_q}_i}} = {terms}"


def draw_pair(rng, *, low: float = 0.02):
    while True:
        p, q = draw_distribution(rng), draw_distribution(rng)
        c = dv.compare(p, q)
        if c.kl_pq >= low:
            return p, q, c


@register("numbers")
def kl_forward(rng, out: Format) -> Question:
    p, q, c = draw_pair(rng)
    return Question(
        prompt=Text(f"{NS}.kl_forward.prompt", {"p": number_list(p), "q": number_list(q)}),
        answer=c.kl_pq,
        tolerance=Tolerance(abs=0.002, rel=0.02),
        solution=(
            rf"\mathrm{{KL}}(P\,\|\,Q) = {kl_sum(out, p, q)}",
            rf"= {' + '.join(out.tex(v, 3) for v in c.terms_pq)}"
            rf" = {out.tex(c.kl_pq)}",
        ),
        page=PAGE,
        link=discrete_link(p, q),
        shows=(c.kl_pq,),
    )


@register("numbers")
def cross_entropy(rng, out: Format) -> Question:
    p, q, c = draw_pair(rng)
    terms = " + ".join(
        rf"{out.tex(a)}\log\frac{{1}}{{{out.tex(b)}}}" for a, b in zip(p, q, strict=True)
    )
    return Question(
        prompt=Text(f"{NS}.cross_entropy.prompt", {"p": number_list(p), "q": number_list(q)}),
        answer=c.cross_entropy_pq,
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            rf"H(P, Q) = -\sum_i p_i \log q_i = {terms} = {out.tex(c.cross_entropy_pq)}",
            rf"= H(P) + \mathrm{{KL}}(P\,\|\,Q) = {out.tex(c.entropy_p)} + {out.tex(c.kl_pq)}",
        ),
        page=PAGE,
        link=discrete_link(p, q),
        shows=(c.cross_entropy_pq, c.entropy_p),
    )


@register("numbers")
def gaussians(rng, out: Format) -> Question:
    while True:
        mp, mq = grid(rng, -2.0, 2.0, 0.5), grid(rng, -2.0, 2.0, 0.5)
        sp, sq = float(pick(rng, SIGMAS)), float(pick(rng, SIGMAS))
        kl = dv.gaussian_kl(mp, sp, mq, sq)
        if kl >= 0.05:
            break
    return Question(
        prompt=Text(
            f"{NS}.gaussians.prompt",
            {"mp": out.fmt(mp), "sp": out.fmt(sp), "mq": out.fmt(mq), "sq": out.fmt(sq)},
        ),
        answer=kl,
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            r"\mathrm{KL}(\mathcal N_p\,\|\,\mathcal N_q) = \log\frac{\sigma_q}{\sigma_p}"
            r" + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2\sigma_q^2} - \frac12",
            rf"= \log\frac{{{out.tex(sq)}}}{{{out.tex(sp)}}} + \frac{{{out.tex(sp)}^2"
            rf" + ({out.tex(mp)} - {out.tex(mq)})^2}}{{2\cdot {out.tex(sq)}^2}} - \frac12"
            rf" = {out.tex(kl)}",
        ),
        page=PAGE,
        link={
            "kl_tab": Label(f"{PAGE}.tabs.gaussians"),
            "kl_mup": url_number(mp),
            "kl_sp": out.fmt(sp, 3),
            "kl_muq": url_number(mq),
            "kl_sq": out.fmt(sq, 3),
        },
        shows=(kl,),
    )


@register("predict")
def asymmetry(rng, out: Format) -> Question:
    while True:
        p, q, c = draw_pair(rng, low=0.05)
        if abs(c.kl_pq - c.kl_qp) >= 0.15 * max(c.kl_pq, c.kl_qp):
            break
    return Question(
        prompt=Text(f"{NS}.asymmetry.prompt", {"p": number_list(p), "q": number_list(q)}),
        choices=choice_texts(f"{NS}.asymmetry.choices", ("pq", "qp", "equal")),
        correct=0 if c.kl_pq > c.kl_qp else 1,
        solution=(
            rf"\mathrm{{KL}}(P\,\|\,Q) = {kl_sum(out, p, q)} = {out.tex(c.kl_pq)}",
            rf"\mathrm{{KL}}(Q\,\|\,P) = {kl_sum(out, q, p, 'q', 'p')} = {out.tex(c.kl_qp)}",
        ),
        why=Text(f"{NS}.asymmetry.why"),
        page=PAGE,
        link=discrete_link(p, q),
        shows=(c.kl_pq, c.kl_qp),
    )


@register("predict")
def zero_mass(rng, out: Format) -> Question:
    """A zero in Q where P has mass makes KL(P‖Q) infinite; a zero in P costs nothing."""
    a, b = draw_distribution(rng, zeros=1), draw_distribution(rng)
    p, q = (b, a) if rng.random() < 0.5 else (a, b)
    c = dv.compare(p, q)
    correct = 0 if math.isinf(c.kl_pq) else 1
    finite = c.kl_qp if correct == 0 else c.kl_pq
    return Question(
        prompt=Text(f"{NS}.zero_mass.prompt", {"p": number_list(p), "q": number_list(q)}),
        choices=choice_texts(f"{NS}.zero_mass.choices", ("infinite", "finite", "zero")),
        correct=correct,
        solution=(
            rf"\mathrm{{KL}}(P\,\|\,Q) = \sum_i p_i \log\frac{{p_i}}{{q_i}}"
            rf" = {out.tex(c.kl_pq)},\qquad 0\cdot\log\frac{{0}}{{q}} = 0",
        ),
        why=Text(f"{NS}.zero_mass.why"),
        page=PAGE,
        link=discrete_link(p, q),
        shows=(c.kl_pq, finite),
    )


@register("predict")
def forward_reverse(rng, out: Format) -> Question:
    """Forward KL covers both modes (wide Q), reverse KL locks onto one (narrow Q)."""
    while True:
        s1, s2 = grid(rng, 0.3, 1.0, 0.05), grid(rng, 0.3, 1.0, 0.05)
        sep = grid(rng, 3.0, 7.0, 0.5)
        weight = grid(rng, 0.3, 0.7, 0.05)
        mu = grid(rng, -3.0, 3.0, 0.5)
        mix = dv.two_gaussian_mixture(sep, weight, s1, s2)
        fwd = dv.fit_gaussian_forward_kl(*mix)
        rev = dv.reverse_kl_path(*mix, init_mu=mu, init_sigma=1.0)[-1]
        if fwd[1] >= 1.2 * rev[1]:
            break
    values = {"sep": out.fmt(sep), "w": out.fmt(weight), "s1": out.fmt(s1), "s2": out.fmt(s2)}
    return Question(
        prompt=Text(f"{NS}.forward_reverse.prompt", values),
        choices=choice_texts(f"{NS}.forward_reverse.choices", ("forward", "reverse", "same")),
        correct=0,
        solution=(
            rf"\arg\min_Q \mathrm{{KL}}(P\,\|\,Q) = \mathcal N({out.tex(fwd[0], 3)},\ "
            rf"{out.tex(fwd[1], 3)}^2) = \mathcal N(\mathbb E_P[x],\ \mathrm{{Var}}_P[x])",
            rf"\arg\min_Q \mathrm{{KL}}(Q\,\|\,P) \approx \mathcal N({out.tex(rev[0], 3)},\ "
            rf"{out.tex(rev[1], 3)}^2)",
        ),
        why=Text(f"{NS}.forward_reverse.why"),
        page=PAGE,
        link={
            "kl_tab": Label(f"{PAGE}.tabs.continuous"),
            "kl_sep": url_number(sep),
            "kl_w": url_number(weight),
            "kl_s1": url_number(s1),
            "kl_s2": url_number(s2),
            "kl_mu": url_number(mu),
            "kl_sigma": out.fmt(1.0, 3),
        },
        shows=(float(fwd[1]), float(rev[1])),
    )


@register("derive")
def identity(rng, out: Format) -> Question:
    """H(P, Q) = H(P) + KL(P‖Q): minimising cross-entropy is maximum likelihood."""
    p, q, c = draw_pair(rng)
    s = f"{NS}.identity"
    steps = (
        Step(
            Text(f"{s}.s1"),
            r"\mathrm{KL}(P\,\|\,Q) = \sum_i p_i \log\frac{p_i}{q_i}"
            r" = \sum_i p_i \log p_i - \sum_i p_i \log q_i",
        ),
        Step(
            Text(f"{s}.s2"),
            r"\mathrm{KL}(P\,\|\,Q) = -H(P) + H(P, Q)"
            r"\;\Longrightarrow\; H(P, Q) = H(P) + \mathrm{KL}(P\,\|\,Q)",
        ),
        Step(
            Text(f"{s}.s3"),
            r"\arg\min_\theta H(P, Q_\theta) = \arg\min_\theta"
            r" \mathrm{KL}(P\,\|\,Q_\theta),\quad \frac{\partial H(P)}{\partial\theta} = 0",
        ),
        Step(
            Text(f"{s}.s4"),
            r"H(\hat P, Q_\theta) = -\frac1n\sum_{k=1}^n \log q_\theta(x_k)"
            r"\;\Rightarrow\; \min_\theta H(\hat P, Q_\theta)"
            r" \iff \max_\theta \prod_k q_\theta(x_k)",
        ),
        Step(
            Text(f"{s}.s5", {"p": number_list(p), "q": number_list(q)}),
            rf"{out.tex(c.entropy_p)} + {out.tex(c.kl_pq)} = {out.tex(c.cross_entropy_pq)}",
        ),
    )
    return derivation(
        s, steps, solution=(1,), page=PAGE, link=discrete_link(p, q), shows=(c.cross_entropy_pq,)
    )
