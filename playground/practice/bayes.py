"""Practice questions on Bayes' theorem (page ``bayes``).

Posteriors come from :mod:`playground.bayes` (``diagnostic_test``,
``sequential_update``, ``beta_binomial``). Links set ``bayes_prevalence`` (a
log slider in percent: its label), ``bayes_sensitivity`` /
``bayes_specificity`` (percent), the repeated tests ``bayes_test1..3``
(translated choices), the coin's prior ``bayes_a`` / ``bayes_b`` and flips
``bayes_heads`` / ``bayes_tails``, and the tab.
"""

from __future__ import annotations

from playground import bayes
from playground.practice import (
    Format,
    Label,
    Question,
    Step,
    Text,
    Tolerance,
    choice_texts,
    derivation,
    pick,
    register,
    url_number,
)

PAGE = "bayes"
NS = f"practice.q.{PAGE}"
PREVALENCES = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)  # percent, on the page's log slider
ACCURACIES = (80.0, 90.0, 95.0, 98.0, 99.0, 99.5, 99.9)  # percent
PRIORS = (1.0, 2.0, 4.0, 5.0, 8.0, 10.0)  # Beta prior parameters on the page's log slider


def draw_test(rng, *, low: float = 0.02, high: float = 0.98):
    """Prevalence, sensitivity, specificity (fractions, rounded like the page) and the result."""
    while True:
        prev, sens, spec = (
            float(pick(rng, PREVALENCES)),
            float(pick(rng, ACCURACIES)),
            float(pick(rng, ACCURACIES)),
        )
        fractions = tuple(round(v / 100, 12) for v in (prev, sens, spec))
        d = bayes.diagnostic_test(*fractions)
        ppv = d.p_disease_given_positive
        if ppv is not None and low <= ppv <= high:
            return (prev, sens, spec), fractions, d


def test_values(out: Format, percents) -> dict:
    prev, sens, spec = percents
    return {"prev": out.fmt(prev) + "%", "sens": out.fmt(sens) + "%", "spec": out.fmt(spec) + "%"}


def test_link(out: Format, percents, **extra) -> dict:
    prev, sens, spec = percents
    return {
        "bayes_prevalence": out.fmt(prev, 3),
        "bayes_sensitivity": url_number(sens),
        "bayes_specificity": url_number(spec),
        **extra,
    }


def bayes_lines(out: Format, d: bayes.Diagnostic) -> tuple[str, ...]:
    prev, sens, spec = d.prevalence, d.sensitivity, d.specificity
    return (
        r"P(D\mid +) = \frac{P(+\mid D)\,P(D)}{P(+\mid D)\,P(D) + P(+\mid \neg D)\,P(\neg D)}",
        rf"= \frac{{{out.tex(sens)} \times {out.tex(prev)}}}"
        rf"{{{out.tex(sens)} \times {out.tex(prev)} + {out.tex(1 - spec)} \times"
        rf" {out.tex(1 - prev)}}}"
        rf" = \frac{{{out.tex(sens * prev)}}}{{{out.tex(d.p_positive)}}}"
        rf" = {out.tex(d.p_disease_given_positive)}",
    )


@register("numbers")
def positive_test(rng, out: Format) -> Question:
    percents, _, d = draw_test(rng)
    ppv = d.p_disease_given_positive
    return Question(
        prompt=Text(f"{NS}.positive_test.prompt", test_values(out, percents)),
        answer=ppv,
        tolerance=Tolerance(abs=0.002, rel=0.02),
        hint="probability",
        solution=bayes_lines(out, d),
        page=PAGE,
        link=test_link(out, percents),
        shows=(ppv,),
    )


@register("numbers")
def positive_rate(rng, out: Format) -> Question:
    percents, _, d = draw_test(rng, low=0.0, high=1.0)
    prev, sens, spec = d.prevalence, d.sensitivity, d.specificity
    return Question(
        prompt=Text(f"{NS}.positive_rate.prompt", test_values(out, percents)),
        answer=d.p_positive,
        tolerance=Tolerance(abs=0.0005, rel=0.02),
        hint="probability",
        solution=(
            r"P(+) = P(+\mid D)\,P(D) + P(+\mid \neg D)\,P(\neg D)",
            rf"= {out.tex(sens)} \times {out.tex(prev)} + {out.tex(1 - spec)} \times"
            rf" {out.tex(1 - prev)} = {out.tex(d.p_positive)}",
        ),
        page=PAGE,
        link=test_link(out, percents),
        shows=(d.p_positive,),
    )


@register("numbers")
def repeated_test(rng, out: Format) -> Question:
    while True:
        percents, fractions, d = draw_test(rng, low=0.01, high=0.99)
        results = [True, bool(rng.random() < 0.6)]
        lik = bayes.test_likelihoods(fractions[1], fractions[2], results)
        s = bayes.sequential_update([fractions[0], 1 - fractions[0]], lik)
        final = float(s.posteriors[-1, 0])
        if s.impossible_at is None and 0.02 <= final <= 0.98:
            break
    word = {True: "positive", False: "negative"}
    lr_pos, lr_neg = bayes.likelihood_ratios(fractions[1], fractions[2])
    factors = "".join(rf" \times {out.tex(lr_pos if r else lr_neg)}" for r in results)
    return Question(
        prompt=Text(
            f"{NS}.repeated_test.prompt",
            {
                **test_values(out, percents),
                "second": Label(f"{NS}.repeated_test.{word[results[1]]}"),
            },
        ),
        answer=final,
        tolerance=Tolerance(abs=0.002, rel=0.02),
        hint="probability",
        solution=(
            rf"P(D\mid +) = {out.tex(s.posteriors[1, 0])}",
            rf"O = \frac{{{out.tex(fractions[0])}}}{{{out.tex(1 - fractions[0])}}}{factors}"
            rf" = {out.tex(bayes.odds(final))}",
            rf"P = \frac{{O}}{{1 + O}} = {out.tex(final)}",
        ),
        page=PAGE,
        link=test_link(
            out,
            percents,
            bayes_tab=Label(f"{PAGE}.tabs.update"),
            bayes_test1=Label(f"{PAGE}.update.positive"),
            bayes_test2=Label(f"{PAGE}.update.{word[results[1]]}"),
        ),
        shows=(final,),
    )


def draw_coin(rng, *, interior: bool = False):
    while True:
        a, b = float(pick(rng, PRIORS)), float(pick(rng, PRIORS))
        heads, tails = int(rng.integers(0, 21)), int(rng.integers(0, 21))
        if heads + tails == 0 or (interior and (a < 2 or b < 2)):
            continue
        r = bayes.beta_binomial(a, b, heads, tails)
        if r.mle is not None and abs(r.mean - r.mle) >= 0.02:
            return a, b, heads, tails, r


def coin_link(out: Format, a, b, heads, tails) -> dict:
    return {
        "bayes_tab": Label(f"{PAGE}.tabs.coin"),
        "bayes_a": out.fmt(a, 3),
        "bayes_b": out.fmt(b, 3),
        "bayes_heads": str(heads),
        "bayes_tails": str(tails),
    }


def coin_values(out: Format, a, b, heads, tails) -> dict:
    return {"a": out.fmt(a), "b": out.fmt(b), "h": heads, "t": tails}


@register("numbers")
def posterior_mean(rng, out: Format) -> Question:
    a, b, heads, tails, r = draw_coin(rng)
    return Question(
        prompt=Text(f"{NS}.posterior_mean.prompt", coin_values(out, a, b, heads, tails)),
        answer=r.mean,
        tolerance=Tolerance(abs=0.005),
        hint="probability",
        solution=(
            rf"\mathrm{{Beta}}({out.tex(a)}, {out.tex(b)}) + ({heads}\ H,\ {tails}\ T) \to"
            rf" \mathrm{{Beta}}({out.tex(r.alpha)}, {out.tex(r.beta)})",
            rf"\mathbb E[\theta] = \frac{{\alpha}}{{\alpha + \beta}} = \frac{{{out.tex(r.alpha)}}}"
            rf"{{{out.tex(r.alpha + r.beta)}}} = {out.tex(r.mean)}",
        ),
        page=PAGE,
        link=coin_link(out, a, b, heads, tails),
        shows=(r.mean,),
    )


@register("numbers")
def map_estimate(rng, out: Format) -> Question:
    a, b, heads, tails, r = draw_coin(rng, interior=True)
    n = heads + tails
    return Question(
        prompt=Text(f"{NS}.map_estimate.prompt", coin_values(out, a, b, heads, tails)),
        answer=r.mode,
        tolerance=Tolerance(abs=0.005),
        hint="probability",
        solution=(
            rf"\hat\theta_{{\mathrm{{MAP}}}} = \frac{{h + a - 1}}{{n + a + b - 2}}"
            rf" = \frac{{{heads} + {out.tex(a)} - 1}}{{{n} + {out.tex(a)} + {out.tex(b)} - 2}}"
            rf" = {out.tex(r.mode)}",
        ),
        why=Text(f"{NS}.map_estimate.why"),
        page=PAGE,
        link=coin_link(out, a, b, heads, tails),
        shows=(r.mode,),
    )


@register("predict")
def base_rate(rng, out: Format) -> Question:
    while True:
        percents, _, d = draw_test(rng)
        if abs(d.p_disease_given_positive - 0.5) >= 0.1:
            break
    sick = d.p_disease_given_positive > 0.5
    return Question(
        prompt=Text(f"{NS}.base_rate.prompt", test_values(out, percents)),
        choices=choice_texts(f"{NS}.base_rate.choices", ("sick", "healthy", "even")),
        correct=0 if sick else 1,
        solution=bayes_lines(out, d),
        why=Text(f"{NS}.base_rate.why"),
        page=PAGE,
        link=test_link(out, percents),
        shows=(d.p_disease_given_positive,),
    )


@register("predict")
def shrinkage(rng, out: Format) -> Question:
    a, b, heads, tails, r = draw_coin(rng)
    correct = 0 if r.mean < r.mle else 1
    return Question(
        prompt=Text(f"{NS}.shrinkage.prompt", coin_values(out, a, b, heads, tails)),
        choices=choice_texts(f"{NS}.shrinkage.choices", ("below", "above", "equal")),
        correct=correct,
        solution=(
            rf"\hat\theta_{{\mathrm{{MLE}}}} = \frac{{{heads}}}{{{heads + tails}}} ="
            rf" {out.tex(r.mle)}",
            rf"\mathbb E[\theta] = \frac{{{heads} + {out.tex(a)}}}{{{heads + tails} + {out.tex(a)}"
            rf" + {out.tex(b)}}} = {out.tex(r.mean)}",
            rf"\frac{{a}}{{a + b}} = {out.tex(r.prior_mean)}",
        ),
        why=Text(f"{NS}.shrinkage.why", {"w": out.fmt(r.prior_weight, 3)}),
        page=PAGE,
        link=coin_link(out, a, b, heads, tails),
        shows=(r.mle, r.mean),
    )


@register("derive")
def theorem(rng, out: Format) -> Question:
    """Bayes' theorem from the product rule, the evidence by total probability."""
    percents, _, d = draw_test(rng)
    s = f"{NS}.theorem"
    steps = (
        Step(Text(f"{s}.s1"), r"P(D, +) = P(+\mid D)\,P(D) = P(D\mid +)\,P(+)"),
        Step(Text(f"{s}.s2"), r"P(D\mid +) = \frac{P(+\mid D)\,P(D)}{P(+)}"),
        Step(Text(f"{s}.s3"), r"P(+) = P(+\mid D)\,P(D) + P(+\mid \neg D)\,P(\neg D)"),
        Step(
            Text(f"{s}.s4"),
            r"O(D\mid +) = \frac{P(D\mid +)}{P(\neg D\mid +)}"
            r" = \frac{P(D)}{P(\neg D)}\times"
            r"\underbrace{\frac{P(+\mid D)}{P(+\mid\neg D)}}_{LR_+}",
        ),
        Step(Text(f"{s}.s5", test_values(out, percents)), bayes_lines(out, d)[1]),
    )
    return derivation(
        s,
        steps,
        solution=(1, 2),
        page=PAGE,
        link=test_link(out, percents),
        shows=(d.p_disease_given_positive,),
    )
