"""Bayes' theorem: the 99 % accurate test, updating again, a coin with a prior, base rates."""

import numpy as np
import scipy.special
import scipy.stats
import streamlit as st

from playground import bayes, handwritten
from playground.app import layout, widgets
from playground.app.format import fmt, tex
from playground.app.i18n import current_language, translator
from playground.app.shell import presenting
from playground.charts import bayes as charts

NS, BIND = "bayes", widgets.BIND
POPULATIONS = [100, 1000, 10_000]
PREVALENCES = np.geomspace(1e-4, 0.99, 161)
t = translator(current_language())  # bound once for the whole rerun


def tt(key: str, **values) -> str:
    return t(f"{NS}.{key}", **values)


def pct(x: float | None, digits: int = 3) -> str:
    """A probability as a percentage for text (``None``: the em dash)."""
    return fmt(None) if x is None else fmt(100 * x, digits) + "%"


def metric_pct(x: float | None) -> str:
    """A short percentage for a metric (at most about 7 characters): 0.000102 -> '0.01%'."""
    return pct(x, 3 if x is None or x >= 0.01 else 2)


def tex_pct(x: float | None) -> str:
    return tex(None) if x is None else tex(100 * x, 3) + r"\%"


# ---------------------------------------------------------------------------
# The test that is 99 % accurate
# ---------------------------------------------------------------------------


def test_controls() -> tuple[float, float, float, int]:
    st.markdown(tt("controls.heading"))
    prev = widgets.log_slider(
        tt("controls.prevalence"),
        key="bayes_prevalence",
        min_value=0.01,
        max_value=100.0,
        value=1.0,
        help=tt("controls.prevalence_help"),
    )
    sens, spec = (
        st.slider(
            tt(f"controls.{name}"),
            0.0,
            100.0,
            99.0,
            0.1,
            format="%.1f%%",
            key=f"bayes_{name}",
            bind=BIND,
            help=tt(f"controls.{name}_help"),
        )
        for name in ("sensitivity", "specificity")
    )
    n = st.select_slider(
        tt("controls.population"),
        POPULATIONS,
        value=1000,
        key="bayes_population",
        bind=BIND,
        help=tt("controls.population_help"),
    )
    # round(·, 12): 99.9 / 100 is 0.9990000000000001 in floating point
    return round(prev / 100, 12), round(sens / 100, 12), round(spec / 100, 12), int(n)


def test_metrics(d: bayes.Diagnostic) -> None:
    m1, m2, m3 = st.columns(3)
    ppv, npv = d.p_disease_given_positive, d.p_disease_given_negative
    m1.metric(tt("metrics.ppv"), metric_pct(ppv), help=tt("metrics.ppv_help"))
    m2.metric(tt("metrics.p_pos"), metric_pct(d.p_positive), help=tt("metrics.p_pos_help"))
    m3.metric(tt("metrics.npv"), metric_pct(npv), help=tt("metrics.npv_help"))


def fallacy_text(d: bayes.Diagnostic, f: bayes.Frequencies) -> str:
    if d.p_disease_given_positive is None:
        return tt("test.fallacy_never")
    if f.positives == 0:
        exact = f.exact["true_pos"] + f.exact["false_pos"]
        return tt(
            "test.fallacy_none",
            n=f"{f.population:,}",
            exact=fmt(exact, 3),
            ppv=pct(d.p_disease_given_positive),
        )
    return tt(
        "test.fallacy",
        sens=pct(d.sensitivity),
        spec=pct(d.specificity),
        prev=pct(d.prevalence),
        n=f"{f.population:,}",
        sick=f"{f.sick:,}",
        healthy=f"{f.healthy:,}",
        tp=f"{f.true_pos:,}",
        fp=f"{f.false_pos:,}",
        pos=f"{f.positives:,}",
        ratio=pct(f.true_pos / f.positives),
        ppv=pct(d.p_disease_given_positive),
    )


def direct_latex(d: bayes.Diagnostic) -> str:
    prev, sens, spec = d.prevalence, d.sensitivity, d.specificity
    tp = sens * prev
    result = (
        rf"\frac{{{tex(tp)}}}{{{tex(d.p_positive)}}} = {tex(d.p_disease_given_positive)}"
        if d.p_disease_given_positive is not None
        else rf"\frac{{0}}{{0}}\ \ (\text{{{tt('formula.undefined')}}})"
    )
    return (
        r"\begin{aligned} P(D\mid +) &= \frac{P(+\mid D)\,P(D)}"
        r"{P(+\mid D)\,P(D) + P(+\mid \neg D)\,P(\neg D)} \\[4pt]"
        rf"&= \frac{{{tex(sens)} \times {tex(prev)}}}"
        rf"{{{tex(sens)} \times {tex(prev)} + {tex(1 - spec)} \times {tex(1 - prev)}}} \\[4pt]"
        rf"&= {result} \end{{aligned}}"
    )


def odds_latex(d: bayes.Diagnostic, odds_ppv: float | None) -> str:
    prior_odds = bayes.odds(d.prevalence)
    lr = d.lr_positive
    if lr is None or odds_ppv is None:
        post = rf"\frac{{0}}{{0}}\ \ (\text{{{tt('formula.undefined')}}})"
        tail = ""
    else:
        post_odds = bayes.odds(odds_ppv)
        post = tex(post_odds)
        tail = (
            rf" \\[4pt] P(D\mid +) &= \frac{{{tex(post_odds)}}}{{1 + {tex(post_odds)}}}"
            rf" = {tex(odds_ppv)}"
        )
    return (
        r"\begin{aligned} \underbrace{\frac{P(D\mid +)}{P(\neg D\mid +)}}"
        rf"_{{\text{{{tt('formula.posterior_odds')}}}}} &= "
        rf"\underbrace{{\frac{{{tex(d.prevalence)}}}{{{tex(1 - d.prevalence)}}}}}"
        rf"_{{\text{{{tt('formula.prior_odds')}}}}} \times "
        rf"\underbrace{{\frac{{{tex(d.sensitivity)}}}{{{tex(1 - d.specificity)}}}}}_{{LR_+}}"
        r" \\[4pt]"
        rf"&= {tex(prior_odds)} \times {tex(lr)} = {post}{tail} \end{{aligned}}"
    )


def odds_posterior(d: bayes.Diagnostic) -> float | None:
    """P(D | +) through the odds form, or None when a positive result is impossible."""
    if d.lr_positive is None:
        return None
    try:
        return bayes.odds_update(d.prevalence, d.lr_positive)
    except bayes.ZeroEvidenceError:
        return None


layout.header(NS)
controls, figure = st.columns([1, 2.6], gap="large")
with controls, st.container(border=True):
    prevalence, sensitivity, specificity, population = test_controls()
d = bayes.diagnostic_test(prevalence, sensitivity, specificity)
f = bayes.natural_frequencies(prevalence, sensitivity, specificity, population)
with figure, layout.guard(f"{NS}.sections.test"):
    test_metrics(d)
    layout.chart(charts.icon_array(f, t), key="bayes_icons_chart")
    st.caption(tt("test.icon_caption"))

tree, words = st.columns([1.6, 1], gap="large")
with tree, layout.guard(f"{NS}.sections.tree"):
    fig = charts.frequency_tree(f, prevalence, sensitivity, specificity, t)
    layout.chart(fig, key="bayes_tree_chart")
    st.caption(tt("test.tree_caption"))
with words:
    st.markdown(fallacy_text(d, f))

ppv_odds = odds_posterior(d)
with layout.guard(f"{NS}.sections.formula"):
    st.subheader(t("common.formula_with_numbers"), anchor=False)
    layout.prose(tt("formula.intro"))
    # Side by side on a wide screen; stacked when projected (presenter mode's larger fonts).
    direct, odds_form = (
        (st.container(), st.container()) if presenting() else st.columns(2, gap="large")
    )
    with direct:
        st.markdown(tt("formula.direct"))
        layout.formula(direct_latex(d))
    with odds_form:
        st.markdown(tt("formula.odds"))
        layout.formula(odds_latex(d, ppv_odds))
    if d.p_disease_given_positive is None or ppv_odds is None:
        st.info(tt("formula.no_check"))
    else:
        layout.check(tt("formula.check"), d.p_disease_given_positive, ppv_odds, tol=1e-9)
    st.caption(
        tt("formula.negative", npv=pct(d.p_disease_given_negative), lr_neg=fmt(d.lr_negative, 4))
    )


# ---------------------------------------------------------------------------
# Update again, coin, base rate
# ---------------------------------------------------------------------------


def result_choices() -> list[bool]:
    """Test results (True = positive) from the three segmented controls, skips dropped."""
    results = []
    columns = st.columns(3)
    for k, column in enumerate(columns, start=1):
        options = {"pos": f"{NS}.update.positive", "neg": f"{NS}.update.negative"}
        if k > 1:
            options["skip"] = f"{NS}.update.skip"
        with column:
            picked = widgets.choice(
                tt("update.test", k=k),
                options,
                key=f"bayes_test{k}",
                default="skip" if k == 3 else "pos",
                kind="selectbox",
            )
        if picked != "skip":
            results.append(picked == "pos")
    return results


def sequential_section(results: list[bool], s: bayes.Sequential) -> None:
    labels = [tt("update.before")]
    for k, positive in enumerate(results[: len(s.posteriors) - 1], start=1):
        word = tt("update.positive" if positive else "update.negative")
        labels.append(tt("update.after", k=k, result=word))
    p_sick = s.posteriors[:, 0]
    taken = results[: len(p_sick) - 1]  # the results before an impossible one
    fig = charts.sequential_bars(labels, p_sick, taken, t)
    layout.chart(fig, key="bayes_seq_chart")
    if s.impossible_at is not None:
        st.warning(tt("update.impossible", k=s.impossible_at), icon=":material/block:")
    st.caption(tt("update.caption"))
    if not taken:
        return
    lr_pos, lr_neg = bayes.likelihood_ratios(sensitivity, specificity)
    signs = ", ".join("+" if r else "-" for r in taken)
    factors = "".join(rf" \times {tex(lr_pos if r else lr_neg)}" for r in taken)
    p_last = float(p_sick[-1])
    layout.formula(
        rf"\begin{{aligned}} O(D\mid {signs}) &= {tex(bayes.odds(prevalence))}{factors} \\"
        rf"&= {tex(bayes.odds(p_last))} \;\Rightarrow\; P(D\mid {signs}) = {tex_pct(p_last)}"
        r"\end{aligned}"
    )
    lik = bayes.test_likelihoods(sensitivity, specificity, taken)
    batch = bayes.posterior([prevalence, 1 - prevalence], lik.prod(axis=0))
    layout.check(tt("update.check"), s.posteriors[-1], batch.posterior, tol=1e-9)


def coin_controls() -> tuple[float, float, int, int]:
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        a = widgets.log_slider(
            tt("coin.a"),
            key="bayes_a",
            min_value=0.1,
            max_value=100.0,
            value=2.0,
            help=tt("coin.a_help"),
        )
    with c2:
        b = widgets.log_slider(
            tt("coin.b"),
            key="bayes_b",
            min_value=0.1,
            max_value=100.0,
            value=2.0,
            help=tt("coin.b_help"),
        )
    heads, tails = (
        column.number_input(
            tt(f"coin.{name}"),
            0,
            10_000,
            default,
            1,
            key=f"bayes_{name}",
            bind=BIND,
            help=tt("coin.flips_help"),
        )
        for column, name, default in ((c3, "heads", 7), (c4, "tails", 3))
    )
    return a, b, int(heads), int(tails)


def coin_section(r: bayes.BetaPosterior) -> None:
    m1, m2, m3 = st.columns(3)
    m1.metric(tt("coin.mle"), fmt(r.mle, 4), help=tt("coin.mle_help"))
    m2.metric(tt("coin.map"), fmt(r.mode, 4), help=tt("coin.map_help"))
    m3.metric(tt("coin.mean"), fmt(r.mean, 4), help=tt("coin.mean_help"))
    dens, fade = st.columns(2, gap="medium")
    with dens:
        curves = bayes.beta_curves(r.a, r.b, r.heads, r.tails)  # ~0.1 ms: cheaper than a cache
        layout.chart(charts.beta_densities(*curves, r, t), key="bayes_beta_chart")
    with fade:
        e = bayes.estimates_vs_flips(r.a, r.b, r.heads, r.tails)  # ~0.4 ms
        if e is None:
            st.info(tt("coin.no_flips"))
        else:
            fig = charts.estimates_vs_flips(e, r.heads + r.tails, r, t)
            layout.chart(fig, key="bayes_flips_chart")
            st.caption(tt("coin.flips_caption"))
    n = r.heads + r.tails
    mode = (
        rf"\frac{{{r.heads} + {tex(r.a)} - 1}}{{{n} + {tex(r.a)} + {tex(r.b)} - 2}} = {tex(r.mode)}"
        if r.mode is not None and r.alpha > 1 and r.beta > 1
        else tex(r.mode)
    )
    mle = rf"\frac{{{r.heads}}}{{{n}}} = {tex(r.mle)}" if r.mle is not None else tex(None)
    layout.formula(
        rf"\mathrm{{Beta}}({tex(r.a)}, {tex(r.b)}) + ({r.heads}\ H,\ {r.tails}\ T) \;\to\; "
        rf"\mathrm{{Beta}}({tex(r.a)} + {r.heads},\ {tex(r.b)} + {r.tails})"
        rf" = \mathrm{{Beta}}({tex(r.alpha)}, {tex(r.beta)})"
    )
    layout.formula(
        rf"\begin{{aligned}} \hat\theta_{{\mathrm{{MAP}}}} &= {mode} \\[4pt]"
        rf"\mathbb{{E}}[\theta] &= \frac{{{tex(r.alpha)}}}{{{tex(r.alpha + r.beta)}}}"
        rf" = {tex(r.mean)} \\[4pt]"
        rf"\hat\theta_{{\mathrm{{MLE}}}} &= {mle} \end{{aligned}}"
    )
    if r.mode is None:
        st.caption(tt("coin.no_mode"))
    elif r.mode in (0.0, 1.0):
        st.caption(tt("coin.mode_edge", v=fmt(r.mode), alpha=fmt(r.alpha, 4), beta=fmt(r.beta, 4)))
    level = f"{100 * r.level:.0f}"
    st.markdown(
        tt("coin.interval", level=level, lo=fmt(r.interval[0], 4), hi=fmt(r.interval[1], 4))
        + " "
        + tt("coin.weight", w=fmt(r.prior_weight, 3), m0=fmt(r.prior_mean, 4))
    )
    lo_hi = [(1 - r.level) / 2, (1 + r.level) / 2]
    reference = [
        scipy.stats.beta(r.alpha, r.beta).mean(),
        *scipy.special.betainc(r.alpha, r.beta, r.interval),
    ]
    layout.check(tt("coin.check"), [r.mean, *lo_hi], reference, tol=1e-8)
    st.markdown(tt("coin.ridge"))
    layout.formula(tt("coin.ridge_latex"))


def base_rate_section(d: bayes.Diagnostic) -> None:
    layout.prose(tt("base_rate.intro"))
    pos, neg = bayes.ppv_curve(PREVALENCES, sensitivity, specificity)
    if pos is None:
        st.info(tt("base_rate.never"))
    fig = charts.posterior_vs_prevalence(
        PREVALENCES,
        pos,
        neg,
        prevalence,
        d.p_disease_given_positive,
        d.p_disease_given_negative,
        t,
    )
    layout.chart(fig, key="bayes_curve_chart")
    lr = d.lr_positive
    if lr is None:
        return
    if lr == np.inf:
        st.caption(tt("base_rate.needed_inf"))
    elif lr <= 1:
        st.caption(tt("base_rate.needed_never", lr=fmt(lr, 4)))
    else:
        needed = bayes.probability(bayes.odds(0.9) / lr)
        st.caption(tt("base_rate.needed", lr=fmt(lr, 4), prev90=pct(needed)))


update_tab, coin_tab, base_tab = layout.tabs(
    [f"{NS}.tabs.{k}" for k in ("update", "coin", "base_rate")], key="bayes_tab"
)
# Defaults, in case a section below fails behind its guard (the interview still quotes them).
results, a, b, heads, tails = [True], 2.0, 2.0, 7, 3
s = bayes.sequential_update([prevalence, 1 - prevalence], np.empty((0, 2)))
r = bayes.beta_binomial(a, b, heads, tails)
with update_tab, layout.guard(f"{NS}.sections.update"):
    layout.prose(tt("update.intro"))
    results = result_choices()
    lik = bayes.test_likelihoods(sensitivity, specificity, results)
    s = bayes.sequential_update([prevalence, 1 - prevalence], lik)
    if update_tab.open:
        sequential_section(results, s)
with coin_tab, layout.guard(f"{NS}.sections.coin"):
    layout.prose(tt("coin.intro"))
    a, b, heads, tails = coin_controls()
    r = bayes.beta_binomial(a, b, heads, tails)
    if coin_tab.open:
        coin_section(r)
with base_tab, layout.guard(f"{NS}.sections.base_rate"):
    if base_tab.open:
        base_rate_section(d)

prior_odds = bayes.odds(prevalence)
layout.interview(
    NS,
    5,
    prev=pct(prevalence),
    sens=pct(sensitivity),
    p_pos=pct(d.p_positive),
    ppv=pct(d.p_disease_given_positive),
    n=f"{f.population:,}",
    tp=f"{f.true_pos:,}",
    fp=f"{f.false_pos:,}",
    prior_odds=fmt(prior_odds, 4),
    lr=fmt(d.lr_positive, 4),
    post_odds=fmt(bayes.odds(ppv_odds) if ppv_odds is not None else None, 4),
    h=heads,
    t=tails,
    a=fmt(a, 3),
    b=fmt(b, 3),
    mle=fmt(r.mle, 4),
    map=fmt(r.mode, 4),
    mean=fmt(r.mean, 4),
    a_extra=fmt(a - 1, 3),
    b_extra=fmt(b - 1, 3),
    k=len(s.posteriors) - 1,
    path=" → ".join(pct(p) for p in s.posteriors[:, 0]),
)
scratch = handwritten.render(
    NS,
    current_language(),
    prevalence=prevalence,
    sensitivity=sensitivity,
    specificity=specificity,
    population=population,
    results=results,
    a=a,
    b=b,
    heads=heads,
    tails=tails,
)
code = bayes.snippet(prevalence, sensitivity, specificity, population, results, a, b, heads, tails)
layout.code(scratch, code, key="bayes_code")
