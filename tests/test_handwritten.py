"""The hand-written code of every page: it runs alone and prints the core's numbers.

Generic checks for every template (NumPy only, bilingual comments, parameter
block, runs in a fresh interpreter); each topic's test file compares the
printed numbers with the core at the default and at one other setting.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from playground import batchnorm as bn
from playground import divergence as dv
from playground import handwritten
from playground import landscapes as ls
from playground import logistic as lg
from playground import losses as L
from playground import optimizers as opt
from playground import softmax as sm
from playground.app import registry
from tests import scratch

CJK = re.compile(r"[\u4e00-\u9fff]")
TOPICS = [pytest.param(p.stem, id=p.stem) for p in registry.topics()]


@pytest.mark.parametrize("stem", TOPICS)
def test_every_topic_has_a_template(stem):
    assert stem in handwritten.available()


@pytest.mark.parametrize("stem", handwritten.available())
def test_template_runs_in_both_languages(stem):
    en = handwritten.render(stem, "en")
    zh = handwritten.render(stem, "zh")
    assert "playground" not in en and "import numpy as np" in en
    assert not CJK.search(en), "Chinese left in the English rendering"
    assert CJK.search(zh), "no Chinese comments"
    assert "# en:" not in zh and "# zh:" not in en and "| zh:" not in en
    assert 20 <= len(en.splitlines()) <= 90, len(en.splitlines())
    out_en, out_zh = scratch.run_code(en), scratch.run_code(zh)
    assert out_en.keys() == out_zh.keys()
    for name in out_en:
        np.testing.assert_array_equal(out_en[name], out_zh[name])


def test_render_fills_parameters_exactly():
    code = handwritten.render("softmax_temperature", "en", z=[0.1, 1 / 3], T=0.7, y=1)
    assert "z = [0.1, 0.3333333333333333]" in code and "T = 0.7" in code
    with pytest.raises(KeyError, match="no parameter line"):
        handwritten.render("softmax_temperature", "en", bogus=1)
    with pytest.raises(ValueError, match="must be finite"):
        handwritten.render("softmax_temperature", "en", T=float("nan"))
    with pytest.raises(ValueError, match="stem == 'nope'"):
        handwritten.render("nope", "en")


@pytest.mark.parametrize(
    ("z", "T", "y"), [([3.0, 1.5, 1.0, 0.2, -1.0], 2.0, 0), ([1000.0, -1000.0, 999.0], 0.05, 1)]
)
def test_softmax_scratch_matches_the_core(z, T, y):
    out = scratch.run("softmax_temperature", "en", z=z, T=T, y=y)
    p = sm.softmax(z, T)
    np.testing.assert_allclose(out["p"], p, rtol=1e-6, atol=1e-300)
    np.testing.assert_allclose(out["entropy"], sm.entropy(p), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(out["loss"], sm.cross_entropy(z, y, T), rtol=1e-9)
    np.testing.assert_allclose(out["grad"], sm.cross_entropy_grad(z, y, T), rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize(
    "settings",
    [
        dict(kind="blobs", n=200, noise=0.25, seed=0, lr=0.5, steps=200, batch_size=None, l2=0.01),
        dict(kind="moons", n=151, noise=0.3, seed=7, lr=2.0, steps=300, batch_size=16, l2=0.0),
        dict(kind="separable", n=99, noise=0.1, seed=3, lr=0.1, steps=60, batch_size=1, l2=1e-3),
        dict(
            kind="separable", n=40, noise=0.0, seed=1, lr=10.0, steps=300, batch_size=None, l2=1.0
        ),
    ],
    ids=["default", "moons-minibatch", "separable-sgd", "diverges"],
)
def test_logistic_scratch_matches_the_core(settings):
    out = scratch.run("logistic_regression", "en", **settings)
    X, y = lg.make_data(settings["kind"], settings["n"], settings["noise"], settings["seed"])
    fit = {k: v for k, v in settings.items() if k not in ("kind", "n", "noise")}
    h = lg.fit_gd(X, y, **fit)
    np.testing.assert_allclose(out["w"], h.w[-1], rtol=1e-6, atol=1e-9)  # print: 8 digits
    np.testing.assert_allclose(out["b"], h.b[-1], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(out["loss"], h.loss[-1], rtol=1e-9)
    np.testing.assert_allclose(out["accuracy"], h.accuracy[-1])
    np.testing.assert_allclose(out["grad_norm"], h.grad_norm[-1], rtol=1e-6, atol=1e-12)
    if h.diverged:
        assert int(out["diverged_at"]) == h.diverged_at
    else:
        assert "diverged_at" not in out


@pytest.mark.parametrize(
    ("P", "Q"),
    [
        ([6.0, 3.0, 0.5, 0.3, 0.2], [2.0, 2.0, 2.0, 2.0, 2.0]),  # the default example
        ([5.0, 3.0, 2.0, 0.0], [4.0, 3.0, 2.0, 1.0]),  # KL(Q||P) = inf
        ([1.0, 0.0, 0.0, 0.0], [0.7, 0.1, 0.1, 0.1]),  # one-hot P, H(P) = 0
    ],
)
def test_kl_scratch_matches_the_core(P, Q):
    out = scratch.run("kl_divergence", "en", P=P, Q=Q)
    c = dv.compare(dv.normalize(P), dv.normalize(Q))
    np.testing.assert_allclose(out["p"], c.p, rtol=1e-7)
    for name, value in [
        ("H_P", c.entropy_p),
        ("H_PQ", c.cross_entropy_pq),
        ("KL_PQ", c.kl_pq),
        ("KL_QP", c.kl_qp),
        ("JS", c.js),
    ]:
        np.testing.assert_allclose(out[name], value, rtol=1e-9, atol=1e-13, err_msg=name)


@pytest.mark.parametrize(
    ("r0", "beta", "delta"), [(2.5, 1.0, 2.0), (-0.3, 0.5, 0.1), (0.0, 0.0, 3.0), (1.0, 1.0, 1.0)]
)
def test_regression_losses_scratch_matches_the_core(r0, beta, delta):
    out = scratch.run("regression_losses", "en", r0=r0, beta=beta, delta=delta)
    values, grads = L.all_losses([r0], beta=beta, delta=delta)
    for name in L.LOSSES:
        np.testing.assert_allclose(out[name], values[name][0], rtol=1e-12, err_msg=name)
        np.testing.assert_allclose(out[f"grad_{name}"], grads[name][0], rtol=1e-12, err_msg=name)
        if r0 != 0 and abs(r0) not in (beta, delta):  # away from the kinks
            np.testing.assert_allclose(out[f"fd_{name}"], grads[name][0], rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(
    "settings",
    [
        dict(x=[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], gamma=1.0, beta=0.0, momentum=0.1, seed=0),
        dict(x=[-3.0, 0.5, 1e3], gamma=2.5, beta=-1.0, momentum=0.7, seed=42),
        dict(x=[1.0, 1.0], gamma=1.0, beta=0.5, momentum=1.0, seed=1),  # a constant channel
    ],
)
def test_batch_norm_scratch_matches_the_core(settings):
    out = scratch.run("batch_norm", "en", **settings)
    x = settings["x"]
    tb = bn.tiny_batch(x, **{k: v for k, v in settings.items() if k != "x"})
    close = dict(rtol=1e-6, atol=1e-9)  # arrays are printed with 8 digits
    np.testing.assert_allclose(out["mu"], tb.mean, rtol=1e-12)
    np.testing.assert_allclose(out["var"], tb.var, rtol=1e-12)
    np.testing.assert_allclose(out["x_hat"], tb.x_hat, **close)
    np.testing.assert_allclose(out["y"], tb.y, **close)
    np.testing.assert_allclose(out["dx"], tb.dx, **close)
    np.testing.assert_allclose(out["running_mean"], tb.running_mean, rtol=1e-12)
    np.testing.assert_allclose(out["running_var"], tb.running_var, rtol=1e-12)
    col = np.asarray(x, dtype=float)[:, None]
    dy = tb.dy[:, None]
    _, dgamma, dbeta = bn.batch_norm_backward(dy, col, settings["gamma"])
    np.testing.assert_allclose(out["dgamma"], dgamma[0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(out["dbeta"], dbeta[0], rtol=1e-9, atol=1e-12)
    y_eval = bn.batch_norm_eval(
        col, [tb.running_mean], [tb.running_var], settings["gamma"], settings["beta"]
    )
    np.testing.assert_allclose(out["y_eval"], y_eval[:, 0], **close)


@pytest.mark.parametrize(
    ("surface", "overrides"),
    [
        ("two_well", {}),  # the page's default view
        ("rosenbrock", dict(steps=400, noise=0.3, seed=5, momentum=0.95, betas=(0.8, 0.99))),
        ("convex_quadratic", dict(lr=0.5, alpha=0.9)),  # GD-type runs diverge
        ("rastrigin", dict(lr=0.01)),
    ],
)
def test_landscapes_scratch_matches_the_race(surface, overrides):
    land = ls.get_landscape(surface)
    names = list(opt.NAMES)
    kw = (
        dict(
            lr=land.suggestions["lr"],
            lr_adaptive=land.suggestions["lra"],
            steps=land.steps,
            momentum=0.9,
            alpha=0.99,
            betas=(0.9, 0.999),
            noise=0.0,
            seed=0,
        )
        | overrides
    )
    runs = opt.race(land, names, land.start, **kw)
    out = scratch.run(
        "loss_landscapes",
        "en",
        surface=surface,
        surface_params=[land.params[s.name] for s in ls.PARAMS[surface]],
        start=tuple(land.start),
        optimizers=names,
        **kw,
    )
    for r in runs:
        np.testing.assert_allclose(out[r.name], r.path[-1], rtol=1e-7, atol=1e-8, err_msg=r.name)
        stopped = out.get(f"{r.name}_diverged_at")
        assert (None if stopped is None else int(stopped) - 1) == (r.stop if r.diverged else None)
    if overrides.get("lr") == 0.5:
        assert any(r.diverged for r in runs)
