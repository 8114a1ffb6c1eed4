"""The practice core: every generator, strict answer parsing, grading, quizzes.

Answers are the topic cores' own results, so the checks here are about the
drill: for every generator and 200 seeds the answer is finite and
well-conditioned (not lost in the tolerance, not rounded away on screen),
grading accepts it and rejects a value just outside the tolerance, the texts
exist in both catalogs, and the parameters are ones the linked page's widgets
can take. Where a number can be recomputed independently (SciPy, closed
forms, brute force) a few generators are checked against that too. Opening
the deep links is ``tests/test_page_practice.py``.
"""

from __future__ import annotations

import math
import string

import numpy as np
import pytest
import scipy.optimize
import scipy.special
import scipy.stats

from playground import practice
from playground._validation import InputError
from playground.app import i18n, registry
from playground.app.format import fmt, tex

OUT = practice.Format(fmt, tex)
SEEDS = range(200)
KEYS = sorted(practice.GENERATORS)
BY_KIND = {
    kind: [k for k in KEYS if practice.GENERATORS[k].kind == kind] for kind in practice.KINDS
}


def values_of(item: practice.Text, lang: str) -> str:
    """Render a Text the way the page does (always as a format template)."""
    plain = {k: v for k, v in item.values.items() if not isinstance(v, practice.Label)}
    labels = {
        k: i18n.lookup(lang, v.key, **plain, _=0)
        for k, v in item.values.items()
        if isinstance(v, practice.Label)
    }
    return i18n.catalog(lang)[item.key].format(**plain, **labels, _=0)


def texts(q: practice.Question):
    yield q.prompt
    yield from q.choices
    yield from (s.text for s in q.steps)
    if q.why is not None:
        yield q.why


# ---------------------------------------------------------------------------
# Registry and coverage
# ---------------------------------------------------------------------------


def test_every_topic_page_has_four_numbers_or_predict_generators():
    for spec in registry.topics():
        kinds = [g.kind for g in practice.GENERATORS.values() if g.topic == spec.stem]
        assert sum(k in ("numbers", "predict") for k in kinds) >= 4, spec.stem
        assert "numbers" in kinds and "predict" in kinds, spec.stem


def test_at_least_six_derivations_across_topics():
    topics = {practice.GENERATORS[k].topic for k in BY_KIND["derive"]}
    assert len(BY_KIND["derive"]) >= 6 and len(topics) >= 6


def test_topics_are_page_stems_with_titles():
    assert practice.TOPICS == tuple(sorted(practice.TOPICS))
    for stem in practice.TOPICS:
        assert f"practice.topics.{stem}" in i18n.catalog("en")


# ---------------------------------------------------------------------------
# Every generator, 200 seeds
# ---------------------------------------------------------------------------


def _finite(x) -> bool:
    return isinstance(x, float) and math.isfinite(x)


@pytest.mark.parametrize("key", KEYS)
def test_generator_answers_are_well_conditioned(key):
    kind = practice.GENERATORS[key].kind
    for seed in SEEDS:
        q = practice.make(key, seed, OUT)
        assert (q.key, q.kind, q.seed) == (key, kind, seed)
        if kind == "numbers":
            assert _finite(q.answer), (seed, q.answer)
            width = q.tolerance.width(q.answer)
            if q.hint == "integer":  # counts: only the exact whole number is right
                assert q.answer == round(q.answer) and width < 1, (seed, q.answer)
            else:
                assert 0 < width <= 0.05 * max(abs(q.answer), 0.2), (seed, q.answer, q.tolerance)
            # not lost in the tolerance: 0 (or a blank guess) is wrong
            assert abs(q.answer) > 2 * width, (seed, q.answer, width)
            assert abs(q.answer) < 1e6
            assert practice.grade(q, q.answer).correct
            for sign in (-1, 1):
                assert not practice.grade(q, q.answer + sign * 1.01 * width).correct, seed
                assert practice.grade(q, q.answer + sign * 0.99 * width).correct, seed
            # what the page prints (4 significant digits) is accepted, typed as text
            shown = str(round(q.answer)) if q.hint == "integer" else fmt(q.answer, 4)
            assert practice.grade(q, shown).correct, (seed, shown)
            assert not q.choices and not q.steps
        elif kind == "predict":
            assert 2 <= len(q.choices) <= len(practice.LETTERS)
            assert 0 <= q.correct < len(q.choices)
            assert practice.grade(q, q.correct).correct
            for wrong in set(range(len(q.choices))) - {q.correct}:
                assert not practice.grade(q, wrong).correct
            assert q.answer is None
        else:
            assert len(q.steps) >= 4 and all(s.latex for s in q.steps)
            assert practice.grade(q, True).correct and not practice.grade(q, False).correct
        assert q.solution and all(isinstance(line, str) and line for line in q.solution)
        assert all(math.isfinite(v) or math.isinf(v) for v in q.shows)
        if q.page is not None:
            assert q.shows, "a linked question names a number its page shows"


@pytest.mark.parametrize("key", KEYS)
def test_generator_is_reproducible(key):
    a, b = practice.make(key, 12345, OUT), practice.make(key, 12345, OUT)
    assert a == b


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_texts_exist_and_fill_in(key, lang):
    for seed in range(5):
        q = practice.make(key, seed, OUT)
        for item in texts(q):
            assert item.key in i18n.catalog(lang), item.key
            text = values_of(item, lang)
            assert text.strip(), item.key
            fields = {
                f for _, f, _, _ in string.Formatter().parse(i18n.catalog(lang)[item.key]) if f
            }
            assert fields <= set(item.values) | {"_"}, (item.key, fields)


def test_links_point_at_registered_pages():
    stems = {p.stem for p in registry.PAGES}
    for key in KEYS:
        q = practice.make(key, 0, OUT)
        assert q.page is None or q.page in stems, (key, q.page)
        if q.page is not None:
            prefix = registry.topic(q.page).prefix
            assert q.link and all(k.startswith(f"{prefix}_") for k in q.link), (key, q.link)
            assert q.page == q.topic, "a question links to its own topic's page"


def test_link_labels_exist_in_both_languages():
    for key in KEYS:
        for seed in range(10):
            q = practice.make(key, seed, OUT)
            for lang in ("en", "zh"):
                query = q.query(lambda k, lang=lang: i18n.catalog(lang)[k])
                assert all(isinstance(v, (str, list)) for v in query.values())


def test_choices_are_shuffled_but_consistent():
    positions = {practice.make("softmax_temperature.shift", s, OUT).correct for s in range(30)}
    assert len(positions) > 1
    for s in range(30):
        q = practice.make("softmax_temperature.shift", s, OUT)
        assert q.choices[q.correct].key.endswith(".same")


# ---------------------------------------------------------------------------
# Answers checked against independent references
# ---------------------------------------------------------------------------


def test_softmax_answers_match_scipy():
    for seed in range(20):
        q = practice.make("softmax_temperature.top_probability", seed, OUT)
        z = np.array([float(v) for v in q.link["softmax_logits"].split(",")])
        T = float(q.link["softmax_temperature"])
        assert q.answer == pytest.approx(scipy.special.softmax(z / T).max(), rel=1e-12)


def test_bayes_answer_matches_the_formula_by_hand():
    for seed in range(20):
        q = practice.make("bayes.positive_test", seed, OUT)
        prev = float(q.link["bayes_prevalence"]) / 100
        sens = float(q.link["bayes_sensitivity"]) / 100
        spec = float(q.link["bayes_specificity"]) / 100
        expected = sens * prev / (sens * prev + (1 - spec) * (1 - prev))
        assert q.answer == pytest.approx(expected, rel=1e-12)


def test_beta_posterior_mean_matches_scipy():
    for seed in range(20):
        q = practice.make("bayes.posterior_mean", seed, OUT)
        a, b = float(q.link["bayes_a"]), float(q.link["bayes_b"])
        h, t = int(q.link["bayes_heads"]), int(q.link["bayes_tails"])
        assert q.answer == pytest.approx(scipy.stats.beta(a + h, b + t).mean(), rel=1e-12)


def test_kl_matches_scipy_entropy():
    for seed in range(20):
        q = practice.make("kl_divergence.kl_forward", seed, OUT)
        p = np.array([float(v) for v in q.link["kl_p"].split(",")])
        qq = np.array([float(v) for v in q.link["kl_q"].split(",")])
        assert q.answer == pytest.approx(scipy.stats.entropy(p, qq), rel=1e-12)


def test_gaussian_kl_matches_numerical_integration():
    for seed in range(5):
        q = practice.make("kl_divergence.gaussians", seed, OUT)
        mp, mq = float(q.link["kl_mup"]), float(q.link["kl_muq"])
        sp, sq = float(q.link["kl_sp"]), float(q.link["kl_sq"])
        P, Q = scipy.stats.norm(mp, sp), scipy.stats.norm(mq, sq)
        numeric = scipy.integrate.quad(
            lambda x, P=P, Q=Q: P.pdf(x) * (P.logpdf(x) - Q.logpdf(x)), -30, 30, limit=200
        )[0]
        assert q.answer == pytest.approx(numeric, rel=1e-6)


def test_crf_path_count_is_k_to_the_t():
    from playground import crf

    for seed in range(10):
        q = practice.make("crf_sequence.path_count", seed, OUT)
        tokens = crf.EXAMPLES[q.prompt.values["sentence"]].tokens
        assert q.answer == len(crf.TAGS) ** len(tokens)


def test_kkt_derivation_agrees_with_a_generic_solver():
    for seed in range(5):
        q = practice.make("regression_losses.kkt_ball", seed, OUT)
        w_hat = np.array([float(q.link["losses_w1"]), float(q.link["losses_w2"])])
        t = float(q.link["losses_t"])
        res = scipy.optimize.minimize(
            lambda w, w_hat=w_hat: 0.5 * np.sum((w - w_hat) ** 2),
            np.zeros(2),
            constraints=[{"type": "ineq", "fun": lambda w, t=t: t**2 - w @ w}],
            method="SLSQP",
        )
        assert np.allclose(res.x, q.shows, atol=1e-4), (seed, res.x, q.shows)


def test_normal_equation_matches_lstsq():
    from playground import linear_regression as linreg

    for seed in range(10):
        q = practice.make("linear_regression.normal_equation", seed, OUT)
        X, y = linreg.make_data(
            int(q.link["linreg_n"]),
            correlation=float(q.link["linreg_rho"]),
            noise=float(q.link["linreg_noise"]),
            seed=int(q.link["linreg_seed"]),
        )
        coef = np.linalg.lstsq(np.column_stack([np.ones(len(y)), X]), y, rcond=None)[0]
        assert all(tex(c) in q.steps[-1].latex for c in coef), (seed, coef, q.steps[-1].latex)
        assert np.allclose(q.shows, coef[1:], rtol=1e-9)


def test_half_life_by_hand():
    for seed in range(10):
        q = practice.make("residual_lstm.half_life", seed, OUT)
        f = 1 / (1 + math.exp(-float(q.link["resid_fbias"])))
        assert f**q.answer == pytest.approx(0.5, rel=1e-9)


def test_landscape_gradient_by_finite_differences():
    from playground import landscapes as ls

    for seed in range(20):
        q = practice.make("loss_landscapes.gradient", seed, OUT)
        name = next(
            n
            for n in ls.NAMES
            if q.link["landscape_surface"] == practice.Label(f"loss_landscapes.surfaces.{n}")
        )
        params = {
            k.removeprefix("landscape_"): float(v)
            for k, v in q.link.items()
            if k not in ("landscape_surface", "landscape_x0", "landscape_y0")
        }
        land = ls.get_landscape(name, **params)
        x, y = float(q.link["landscape_x0"]), float(q.link["landscape_y0"])
        h = 1e-6
        fd = [
            (land.f(x + h, y) - land.f(x - h, y)) / (2 * h),
            (land.f(x, y + h) - land.f(x, y - h)) / (2 * h),
        ]
        assert q.answer == pytest.approx(fd["xy".index(q.prompt.values["var"])], rel=1e-5)


# ---------------------------------------------------------------------------
# Strict parsing of typed answers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.25", 0.25),
        ("1/3", 1 / 3),
        (" -2 / 7 ", -2 / 7),
        ("12%", 0.12),
        ("12.5 %", 0.125),
        ("1/8%", 0.00125),
        ("1e-3", 1e-3),
        ("2.5E+2", 250.0),
        ("−2", -2.0),
        ("–0.5", -0.5),
        ("+3", 3.0),
        (".5", 0.5),
        ("1.2×10^-3", 1.2e-3),
        ("1.2 x 10^{-3}", 1.2e-3),
        ("３／４", 0.75),
        ("５０％", 0.5),
    ],
)
def test_parse_answer_accepts(text, value):
    assert practice.parse_answer(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not_a_number"),
        ("__import__('os')", "not_a_number"),
        ("eval('1')", "not_a_number"),
        ("1+1", "not_a_number"),
        ("2**3", "not_a_number"),
        ("1 2", "not_a_number"),
        ("1//2", "not_a_number"),
        ("1/2/3", "not_a_number"),
        ("%", "not_a_number"),
        ("1%%", "not_a_number"),
        ("1,5", "decimal_comma"),
        ("1, 2", "not_a_number"),
        ("nan", "not_finite"),
        ("inf", "not_finite"),
        ("-Infinity", "not_finite"),
        ("1e309", "not_finite"),
        ("1e308/1e-308", "not_finite"),
        ("1/0", "zero_division"),
        ("0/0", "zero_division"),
        ("x" * 5000, "too_long"),
        ("1" * 65, "too_long"),
        ("😀", "not_a_number"),
        ("\x00", "not_a_number"),
    ],
)
def test_parse_answer_rejects(text, code):
    with pytest.raises(InputError) as info:
        practice.parse_answer(text)
    assert info.value.code == code
    assert f"practice.errors.{code}" in i18n.catalog("en")
    i18n.catalog("zh")[f"practice.errors.{code}"].format(**info.value.params)


def test_parse_answer_type_and_grade_errors():
    with pytest.raises(TypeError):
        practice.parse_answer(0.5)
    q = practice.make("softmax_temperature.cold_limit", 0, OUT)
    with pytest.raises(ValueError):
        practice.grade(q, len(q.choices))
    d = practice.make("bayes.theorem", 0, OUT)
    with pytest.raises(TypeError):
        practice.grade(d, "yes")
    n = practice.make("bayes.positive_test", 0, OUT)
    with pytest.raises(InputError):
        practice.grade(n, "__import__('os')")
    assert practice.grade(n, f"{100 * n.answer}%").correct


def test_make_rejects_unknown_keys_and_seeds():
    with pytest.raises(ValueError):
        practice.make("softmax_temperature.nope", 0, OUT)
    with pytest.raises(ValueError):
        practice.make(KEYS[0], -1, OUT)
    with pytest.raises(ValueError):
        practice.generate("softmax_temperature", "nope", np.random.default_rng(0), OUT)


# ---------------------------------------------------------------------------
# Quizzes
# ---------------------------------------------------------------------------


def test_quiz_is_the_same_for_everyone_and_alternates_topics():
    a = [practice.slot(42, practice.TOPICS, practice.KINDS, n) for n in range(1, 30)]
    b = [practice.slot(42, practice.TOPICS, practice.KINDS, n) for n in range(1, 30)]
    assert a == b
    topics = [practice.GENERATORS[k].topic for k, _ in a]
    assert all(x != y for x, y in zip(topics, topics[1:], strict=False)), topics
    other = [practice.slot(43, practice.TOPICS, practice.KINDS, n) for n in range(1, 30)]
    assert other != a


def test_quiz_respects_topics_and_kinds():
    for n in range(1, 40):
        key, _ = practice.slot(7, ["bayes", "batch_norm"], ["predict"], n)
        g = practice.GENERATORS[key]
        assert g.topic in ("bayes", "batch_norm") and g.kind == "predict"
    assert practice.slot(7, [], practice.KINDS, 1) is None
    assert practice.slot(7, ["bayes"], [], 1) is None
    q = practice.quiz(7, ["bayes"], ["numbers"], 3, OUT)
    assert q.topic == "bayes" and q.kind == "numbers"


def test_generate_draws_the_asked_kind():
    rng = np.random.default_rng(0)
    for stem in practice.TOPICS:
        for kind in practice.KINDS:
            if any(g.topic == stem and g.kind == kind for g in practice.GENERATORS.values()):
                q = practice.generate(stem, kind, rng, OUT)
                assert (q.topic, q.kind) == (stem, kind)


def test_tolerance():
    tol = practice.Tolerance(abs=0.01, rel=0.1)
    assert tol.width(1.0) == pytest.approx(0.1) and tol.width(0.01) == 0.01
    assert not tol.accepts(1.0, float("nan")) and not tol.accepts(1.0, float("inf"))


def _broadcast_by_hand(a, b):
    """The broadcasting rule written out: align on the right; equal sizes or a 1."""
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    if any(x != y and 1 not in (x, y) for x, y in zip(a, b, strict=True)):
        return None
    return tuple(max(x, y) for x, y in zip(a, b, strict=True))


def test_broadcasting_answers_follow_the_rule_by_hand():
    def shape(text):
        return tuple(int(v) for v in text.strip("()").split(",") if v.strip())

    for seed in range(50):
        q = practice.make("broadcasting.result_size", seed, OUT)
        a, b = shape(q.prompt.values["a"]), shape(q.prompt.values["b"])
        assert q.answer == math.prod(_broadcast_by_hand(a, b))
        q = practice.make("broadcasting.result_shape", seed, OUT)
        a, b = shape(q.prompt.values["a"]), shape(q.prompt.values["b"])
        expected = _broadcast_by_hand(a, b)
        right = q.choices[q.correct]
        if expected is None:
            assert right.key.endswith(".error")
        else:
            assert shape(right.values["shape"]) == expected


# ---------------------------------------------------------------------------
# Convolution, linear regression, backprop, KKT: independent references
# ---------------------------------------------------------------------------


def _ints(text: str) -> list[int]:
    return [int(v) for v in text.split(",")]


def test_conv_output_size_by_counting_windows():
    for seed in range(50):
        q = practice.make("convolution.output_size", seed, OUT)
        n, k, s, p, d = (
            int(q.link[f"conv_{v}"]) for v in ("n", "k", "stride", "padding", "dilation")
        )
        extent = d * (k - 1) + 1
        starts = [i for i in range(0, n + 2 * p, s) if i + extent <= n + 2 * p]
        assert q.answer == len(starts), (seed, n, k, s, p, d)


def test_conv_receptive_field_by_tracing_one_output_back():
    for seed in range(50):
        q = practice.make("convolution.receptive_field", seed, OUT)
        layers = zip(*(_ints(q.link[f"conv_rf_{v}"]) for v in "ksd"), strict=True)
        lo = hi = 0  # the input span of output pixel 0 of the last layer, traced down
        for k, s, d in reversed(list(layers)):
            lo, hi = lo * s, hi * s + d * (k - 1)
        assert q.answer == hi - lo + 1


def test_conv_parameters_and_macs_count_the_weight_tensor():
    for seed in range(20):
        q = practice.make("convolution.parameter_count", seed, OUT)
        k, c_in, c_out = (int(q.link[v]) for v in ("conv_k", "conv_cin", "conv_cout"))
        assert q.answer == np.zeros((c_out, c_in, k, k)).size + c_out
        q = practice.make("convolution.macs", seed, OUT)
        k, c_in, c_out = (int(q.link[v]) for v in ("conv_k", "conv_cin", "conv_cout"))
        n, s, p = (int(q.link[v]) for v in ("conv_size", "conv_stride", "conv_padding"))
        side = len(range(0, n + 2 * p - k + 1, s))
        assert q.answer * 1e6 == pytest.approx(side * side * c_out * c_in * k * k, rel=1e-12)


def _linreg_data(q):
    from playground import linear_regression as linreg

    return linreg.make_data(
        int(q.link["linreg_n"]),
        correlation=float(q.link["linreg_rho"]),
        noise=float(q.link["linreg_noise"]),
        seed=int(q.link["linreg_seed"]),
    )


def test_linreg_condition_and_stable_rate_from_numpy_eigenvalues():
    for seed in range(20):
        q = practice.make("linear_regression.condition_number", seed, OUT)
        X, _ = _linreg_data(q)
        lam = float(q.link["linreg_ridge"])
        Xc = X - X.mean(axis=0)
        eig = np.linalg.eigvalsh(Xc.T @ Xc + lam * np.eye(2))
        assert q.answer == pytest.approx(eig[-1] / eig[0], rel=1e-9)
        q = practice.make("linear_regression.stable_rate", seed, OUT)
        X, _ = _linreg_data(q)
        lam, n = float(q.link["linreg_ridge"]), len(X)
        A = np.column_stack(
            [X, np.ones(n)]
        )  # J over (w, b): the Hessian (2/n)(AᵀA + λ diag(1, 1, 0))
        H = 2 / n * (A.T @ A + lam * np.diag([1.0, 1.0, 0.0]))
        assert q.answer == pytest.approx(2 / np.linalg.eigvalsh(H)[-1], rel=1e-9)


def test_linreg_normal_weight_matches_scikit_learn():
    from sklearn.linear_model import LinearRegression, Ridge

    for seed in range(20):
        q = practice.make("linear_regression.normal_weight", seed, OUT)
        X, y = _linreg_data(q)
        lam = float(q.link["linreg_ridge"])
        model = Ridge(alpha=lam) if lam > 0 else LinearRegression()
        coef = model.fit(X, y).coef_
        assert q.answer == pytest.approx(coef["₁₂".index(q.prompt.values["i"])], abs=1e-8)


def test_linreg_verdicts_by_running_gradient_descent():
    for seed in range(20):
        q = practice.make("linear_regression.gd_verdict", seed, OUT)
        X, y = _linreg_data(q)
        lam, lr, n = float(q.link["linreg_ridge"]), float(q.link["linreg_lr"]), len(y)
        w, b = np.zeros(2), 0.0
        for _ in range(400):
            r = X @ w + b - y
            w, b = w - lr * 2 / n * (X.T @ r + lam * w), b - lr * 2 / n * r.sum()
            if np.linalg.norm(w) > 1e3:
                break
        grew = np.linalg.norm(w) > 1e3
        assert q.choices[q.correct].key.endswith(".diverges" if grew else ".converges"), seed
        q = practice.make("linear_regression.unique_minimiser", seed, OUT)
        X, _ = _linreg_data(q)
        rank = np.linalg.matrix_rank(X - X.mean(axis=0))
        singular = rank < 2 and float(q.link["linreg_ridge"]) == 0
        assert q.choices[q.correct].key.endswith(".line" if singular else ".one"), seed


_ACTS = {
    "sigmoid": scipy.special.expit,
    "tanh": np.tanh,
    "ReLU": lambda z: np.maximum(z, 0.0),
}


def _net_loss(q, W1, b1, W2, b2) -> float:
    """The 2 → 2 → 1 network of a question, written out in NumPy."""
    x, t = np.array(_floats(q.link["act_x"])), _floats(q.link["act_t"])[0]
    a1 = _ACTS[q.link["act_fn"]](W1 @ x + b1)
    z2 = float((W2 @ a1 + b2)[0])
    head = q.link["act_head"].key.rsplit(".", 1)[-1]
    if head == "linear_mse":
        return 0.5 * (z2 - t) ** 2
    o = scipy.special.expit(z2)
    return (
        0.5 * (o - t) ** 2 if head == "sigmoid_mse" else -(t * np.log(o) + (1 - t) * np.log1p(-o))
    )


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def test_backprop_answers_by_finite_differences():
    h = 1e-6
    for seed in range(20):
        q = practice.make("activations_backprop.weight_gradient", seed, OUT)
        params = [
            np.array(_floats(q.link["act_w1"])).reshape(2, 2),
            np.array(_floats(q.link["act_b1"])),
            np.array(_floats(q.link["act_w2"])).reshape(1, 2),
            np.array(_floats(q.link["act_b2"])),
        ]
        layer, j, i = (q.prompt.values[v] for v in ("l", "j", "i"))
        W = params[2 * (layer - 1)]
        up, down = W.copy(), W.copy()
        up[j - 1, i - 1] += h
        down[j - 1, i - 1] -= h
        at = 2 * (layer - 1)
        fd = (
            _net_loss(q, *params[:at], up, *params[at + 1 :])
            - _net_loss(q, *params[:at], down, *params[at + 1 :])
        ) / (2 * h)
        assert q.answer == pytest.approx(fd, rel=1e-5, abs=1e-8), seed
        q = practice.make("activations_backprop.output_delta", seed, OUT)
        params = [
            np.array(_floats(q.link["act_w1"])).reshape(2, 2),
            np.array(_floats(q.link["act_b1"])),
            np.array(_floats(q.link["act_w2"])).reshape(1, 2),
            np.array(_floats(q.link["act_b2"])),
        ]
        b2 = params[3]
        fd = (_net_loss(q, *params[:3], b2 + h) - _net_loss(q, *params[:3], b2 - h)) / (2 * h)
        assert q.answer == pytest.approx(fd, rel=1e-5, abs=1e-8), seed  # ∂L/∂b₂ = δ₂


def test_activation_slope_by_finite_differences():
    for seed in range(20):
        q = practice.make("activations_backprop.hidden_slope", seed, OUT)
        f = _ACTS[q.link["act_fn"]]
        x = np.array(_floats(q.link["act_x"]))
        W1 = np.array(_floats(q.link["act_w1"])).reshape(2, 2)
        z = (W1 @ x + np.array(_floats(q.link["act_b1"])))[q.prompt.values["j"] - 1]
        assert q.answer == pytest.approx((f(z + 1e-6) - f(z - 1e-6)) / 2e-6, rel=1e-6)


def _qp(q, *, b1_shift: float = 0.0):
    """The question's problem solved by SciPy's SLSQP: x*, f*, constraint values."""
    from playground import constrained as kkt

    Q = kkt.q_matrix(float(q.link["kkt_kappa"]), float(q.link["kkt_angle"]))
    c = np.array([float(q.link["kkt_c1"]), float(q.link["kkt_c2"])])
    cons, rows = [], []
    for number in (1, 2):
        mode = q.link[f"kkt_mode{number}"].key.rsplit(".", 1)[-1]
        if mode == "off":
            continue
        a = np.array(_floats(q.link[f"kkt_a{number}"]))
        b = float(q.link[f"kkt_b{number}"]) + (b1_shift if number == 1 else 0.0)
        rows.append((a, b))
        cons.append(
            {"type": "eq" if mode == "eq" else "ineq", "fun": lambda x, a=a, b=b: b - a @ x}
        )
    res = scipy.optimize.minimize(
        lambda x: 0.5 * (x - c) @ Q @ (x - c),
        c,
        jac=lambda x: Q @ (x - c),
        constraints=cons,
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    return res.x, float(res.fun), [a @ res.x - b for a, b in rows], Q, c, rows


def test_kkt_answers_agree_with_slsqp():
    for seed in range(15):
        q = practice.make("lagrange_kkt.optimum_value", seed, OUT)
        assert q.answer == pytest.approx(_qp(q)[1], rel=1e-6, abs=1e-9), seed
        q = practice.make("lagrange_kkt.multiplier", seed, OUT)
        x, _, values, Q, c, rows = _qp(q)
        active = [a for (a, _), v in zip(rows, values, strict=True) if abs(v) < 1e-7]
        mu = np.linalg.lstsq(np.array(active).T, -Q @ (x - c), rcond=None)[0]  # stationarity
        assert q.answer == pytest.approx(mu[0], rel=1e-5), seed
        q = practice.make("lagrange_kkt.sensitivity", seed, OUT)
        h = 1e-4
        slope = (_qp(q, b1_shift=h)[1] - _qp(q, b1_shift=-h)[1]) / (2 * h)
        assert q.answer == pytest.approx(slope, rel=1e-4, abs=1e-6), seed
        q = practice.make("lagrange_kkt.active_set", seed, OUT)
        on = tuple(abs(v) < 1e-7 for v in _qp(q)[2])
        names = {(True, False): "first", (False, True): "second", (True, True): "both"}
        assert q.choices[q.correct].key.endswith("." + names.get(on, "neither")), seed
