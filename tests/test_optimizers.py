"""playground.optimizers: torch.optim's update rules, divergence handling, the race.

PyTorch is not a dependency, so the references here are (1) first steps worked
out by hand from torch.optim's documented update rules and defaults, and (2) a
plain re-implementation of the documented pseudo-code (vectors, no tricks),
which the coordinate-wise production loop must match step for step.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground import landscapes as ls
from playground import optimizers as opt

# f(x, y) = ½(4x² + y²): the two coordinates have different curvatures.
CURV = np.array([4.0, 1.0])


def quad_grad(p):
    return CURV * np.asarray(p)


START = np.array([1.0, -2.0])
G0 = CURV * START  # gradient at the start: (4, -2)


# --------------------------------------------------------------------------
# First steps by hand
# --------------------------------------------------------------------------


def test_gd_first_steps_by_hand():
    path = opt.run_optimizer("gd", quad_grad, START, lr=0.1, steps=2)
    x1 = START - 0.1 * G0  # (0.6, -1.8)
    x2 = x1 - 0.1 * CURV * x1  # (0.36, -1.62)
    np.testing.assert_allclose(path, [START, x1, x2], rtol=1e-15)


def test_sgd_momentum_buffer_is_mu_v_plus_g():
    mu, lr = 0.9, 0.1
    path = opt.run_optimizer("momentum", quad_grad, START, lr=lr, steps=2, momentum=mu)
    v1 = G0  # torch: buf = g on the first step (= μ·0 + g)
    x1 = START - lr * v1
    v2 = mu * v1 + CURV * x1
    x2 = x1 - lr * v2
    np.testing.assert_allclose(path[1], x1, rtol=1e-15)
    np.testing.assert_allclose(path[2], x2, rtol=1e-15)
    np.testing.assert_allclose(
        path[2], [0.6 - 0.1 * (3.6 + 2.4), -1.8 - 0.1 * (-1.8 - 1.8)], rtol=1e-14
    )


def test_nesterov_steps_along_g_plus_mu_v():
    mu, lr = 0.9, 0.1
    path = opt.run_optimizer("nesterov", quad_grad, START, lr=lr, steps=2, momentum=mu)
    v1 = G0
    x1 = START - lr * (G0 + mu * v1)  # = START - 0.19 * G0
    np.testing.assert_allclose(x1, [0.24, -1.62], rtol=1e-14)
    g1 = CURV * x1
    v2 = mu * v1 + g1
    x2 = x1 - lr * (g1 + mu * v2)
    np.testing.assert_allclose(path[1:], [x1, x2], rtol=1e-14)


def test_momentum_defaults_to_torch_0_9():
    a = opt.run_optimizer("momentum", quad_grad, START, lr=0.05, steps=5)
    b = opt.run_optimizer("momentum", quad_grad, START, lr=0.05, steps=5, momentum=0.9)
    np.testing.assert_array_equal(a, b)
    assert opt.DEFAULTS["nesterov"]["momentum"] == 0.9


def test_adagrad_first_two_steps_by_hand():
    lr, eps = 0.5, 1e-10
    path = opt.run_optimizer("adagrad", quad_grad, START, lr=lr, steps=2)
    s1 = G0**2
    x1 = START - lr * G0 / (np.sqrt(s1) + eps)  # ≈ START − lr·sign(g)
    np.testing.assert_allclose(x1, [0.5, -1.5], rtol=1e-9)
    g1 = CURV * x1
    s2 = s1 + g1**2
    x2 = x1 - lr * g1 / (np.sqrt(s2) + eps)
    np.testing.assert_allclose(path[1:], [x1, x2], rtol=1e-14)


def test_rmsprop_first_step_is_ten_times_lr_with_alpha_0_99():
    """s₁ = (1 − α)g², so the first step is lr·g/(0.1|g|) = 10·lr·sign(g)."""
    lr = 0.01
    path = opt.run_optimizer("rmsprop", quad_grad, START, lr=lr, steps=2)
    s1 = 0.01 * G0**2
    x1 = START - lr * G0 / (np.sqrt(s1) + 1e-8)
    np.testing.assert_allclose(x1, START - 10 * lr * np.sign(G0), rtol=1e-7)
    g1 = CURV * x1
    s2 = 0.99 * s1 + 0.01 * g1**2
    x2 = x1 - lr * g1 / (np.sqrt(s2) + 1e-8)
    np.testing.assert_allclose(path[1:], [x1, x2], rtol=1e-14)


def test_adam_first_step_is_lr_times_sign_thanks_to_bias_correction():
    lr = 0.1
    path = opt.run_optimizer("adam", quad_grad, START, lr=lr, steps=1)
    # m̂₁ = g, v̂₁ = g²  ⇒  step = lr·g/(|g| + ε)
    np.testing.assert_allclose(path[1], START - lr * G0 / (np.abs(G0) + 1e-8), rtol=1e-15)
    np.testing.assert_allclose(path[1], [0.9, -1.9], rtol=1e-8)


def test_adam_bias_correction_matters_and_is_exact():
    """Two steps by the textbook formula; without the correction step 1 would
    be (1−β₁)/√(1−β₂) ≈ 3.16 times larger, not η."""
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    path = opt.run_optimizer("adam", quad_grad, START, lr=lr, steps=2)
    m = v = np.zeros(2)
    p = START.copy()
    for t in (1, 2):
        g = CURV * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        np.testing.assert_allclose(path[t], p, rtol=1e-13)
    uncorrected = lr * ((1 - b1) * G0) / (np.sqrt((1 - b2) * G0**2) + eps)
    assert np.allclose(np.abs(uncorrected), lr * (1 - b1) / math.sqrt(1 - b2), rtol=1e-6)
    assert not np.allclose(START - uncorrected, path[1])


# --------------------------------------------------------------------------
# Many steps: the documented pseudo-code, written out on vectors
# --------------------------------------------------------------------------


def reference(name, grad, start, lr, steps, momentum=0.9, alpha=0.99, betas=(0.9, 0.999)):
    """torch.optim's documented algorithms (weight_decay=0, dampening=0)."""
    p = np.array(start, dtype=float)
    out = [p.copy()]
    buf = sq = m = v = None
    for t in range(1, steps + 1):
        g = np.asarray(grad(p), dtype=float)
        if name == "gd":
            p = p - lr * g
        elif name in ("momentum", "nesterov"):
            buf = g.copy() if buf is None else momentum * buf + g
            step = g + momentum * buf if name == "nesterov" else buf
            p = p - lr * step
        elif name == "adagrad":
            sq = g * g if sq is None else sq + g * g
            p = p - lr * g / (np.sqrt(sq) + 1e-10)
        elif name == "rmsprop":
            sq = (1 - alpha) * g * g if sq is None else alpha * sq + (1 - alpha) * g * g
            p = p - lr * g / (np.sqrt(sq) + 1e-8)
        elif name == "adam":
            m = (1 - betas[0]) * g if m is None else betas[0] * m + (1 - betas[0]) * g
            v = (1 - betas[1]) * g * g if v is None else betas[1] * v + (1 - betas[1]) * g * g
            m_hat, v_hat = m / (1 - betas[0] ** t), v / (1 - betas[1] ** t)
            p = p - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        out.append(p.copy())
    return np.array(out)


@pytest.mark.parametrize("name", opt.NAMES)
def test_matches_reference_on_rosenbrock(name):
    surface = ls.get_landscape("rosenbrock")
    lr = 1e-3 if name in ("gd", "momentum", "nesterov") else 0.02
    path = opt.run_optimizer(name, surface.grad_at, (-1.5, 2.5), lr=lr, steps=300)
    ref = reference(name, surface.grad_at, (-1.5, 2.5), lr, 300)
    np.testing.assert_allclose(path, ref, rtol=1e-9, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(opt.NAMES),
    lr=st.floats(1e-4, 0.3),
    momentum=st.floats(0.0, 0.99),
    alpha=st.floats(0.5, 0.999),
    beta1=st.floats(0.0, 0.99),
    beta2=st.floats(0.5, 0.9999),
    x=st.floats(-2, 2),
    y=st.floats(-1.5, 1.5),
)
def test_matches_reference_for_any_hyper_parameters(name, lr, momentum, alpha, beta1, beta2, x, y):
    surface = ls.get_landscape("two_well")
    hyper = {
        "momentum": {"momentum": momentum},
        "nesterov": {"momentum": momentum},
        "rmsprop": {"alpha": alpha},
        "adam": {"betas": (beta1, beta2)},
    }.get(name, {})
    path = opt.run_optimizer(name, surface.grad_at, (x, y), lr=lr, steps=40, **hyper)
    with np.errstate(all="ignore"):
        ref = reference(
            name,
            surface.grad_at,
            (x, y),
            lr,
            40,
            momentum=momentum,
            alpha=alpha,
            betas=(beta1, beta2),
        )
    # A large step can make plain GD diverge on the quartic two-well surface;
    # the path then ends before the first iterate that is non-finite or
    # beyond ±1e6, and agrees with the reference up to there.
    inside = np.all(np.isfinite(ref) & (np.abs(ref) <= 1e6), axis=1)
    keep = len(ref) if inside.all() else int(np.argmin(inside))
    assert path.shape == (keep, 2)
    np.testing.assert_allclose(path, ref[:keep], rtol=1e-8, atol=1e-10)


# --------------------------------------------------------------------------
# The learning-rate threshold 2/L
# --------------------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(kappa=st.floats(1.0, 100.0), angle=st.floats(-90, 90))
def test_gd_on_quadratic_converges_below_2_over_L_and_diverges_above(kappa, angle):
    q = ls.get_landscape("convex_quadratic", condition=kappa, angle=angle)
    L = q.lipschitz
    assert L == pytest.approx(kappa)
    below = opt.run_optimizer("gd", q.grad_at, (-2.5, 1.5), lr=0.9 * 2 / L, steps=2000)
    assert not opt.diverged(below, 2000)
    assert np.linalg.norm(below[-1]) < 1e-6
    above = opt.run_optimizer("gd", q.grad_at, (-2.5, 1.5), lr=1.1 * 2 / L, steps=2000)
    assert opt.diverged(above, 2000)
    assert np.isfinite(above).all() and np.abs(above).max() <= opt.BOUND


def test_gd_exactly_at_2_over_L_oscillates_without_converging():
    q = ls.get_landscape("convex_quadratic", condition=4.0, angle=0.0)  # A = diag(1, 4)
    path = opt.run_optimizer("gd", q.grad_at, (0.0, 1.0), lr=0.5, steps=6)
    np.testing.assert_allclose(path[:, 1], [1, -1, 1, -1, 1, -1, 1])
    assert opt.gd_rate([1.0, 4.0], 0.5) == 1.0


def test_gd_rate_and_lr_lesson():
    assert opt.gd_rate([1.0, 10.0], 0.0) == 1.0
    assert opt.gd_rate([1.0, 10.0], 2 / 11) == pytest.approx(9 / 11)  # optimal (κ−1)/(κ+1)
    q = ls.get_landscape("convex_quadratic", condition=10.0)
    lesson = opt.lr_lesson(q, q.start, 0.1, 300)
    assert (lesson.L, lesson.threshold, lesson.verdict) == (10.0, 0.2, "converges")
    assert lesson.rho == pytest.approx(0.9)
    assert not lesson.runs["below"][1].diverged and lesson.runs["above"][1].diverged
    assert opt.lr_lesson(q, q.start, 0.2, 50).verdict == "boundary"
    assert opt.lr_lesson(q, q.start, 0.5, 50).verdict == "diverges"
    with pytest.raises(ValueError, match="convex_quadratic"):
        opt.lr_lesson(ls.get_landscape("saddle"), (1, 1), 0.1, 10)


# --------------------------------------------------------------------------
# Divergence: cut, finite, flagged
# --------------------------------------------------------------------------


def test_path_stops_before_leaving_the_bound():
    path = opt.run_optimizer("gd", lambda p: 2 * p, (1.0, 1.0), lr=2.0, steps=100)
    # p_t = (−3)^t: |p_12| = 531441 ≤ 1e6 < |p_13|
    assert path.shape == (13, 2)
    np.testing.assert_array_equal(path[-1], [531441.0, 531441.0])
    assert opt.diverged(path, 100) and not opt.diverged(path, 12)


def test_path_stops_before_a_non_finite_iterate():
    def grad(p):
        return np.array([np.inf, 0.0]) if p[0] < 0.5 else np.array([1.0, 1.0])

    path, reason = opt._run(
        "gd", lambda x, y: tuple(grad(np.array([x, y]))), (1.0, 0.0), lr=0.3, steps=10
    )
    assert reason == "nonfinite"
    assert np.isfinite(path).all() and len(path) == 3
    public = opt.run_optimizer("gd", grad, (1.0, 0.0), lr=0.3, steps=10)
    np.testing.assert_array_equal(public, path)


def test_nan_gradient_counts_as_divergence():
    path = opt.run_optimizer("adam", lambda p: np.array([np.nan, 1.0]), (0.0, 0.0), lr=0.1, steps=5)
    assert path.shape == (1, 2) and opt.diverged(path, 5)


@pytest.mark.parametrize("name", opt.NAMES)
def test_race_flags_the_reason(name):
    runs = opt.race(ls.get_landscape("monkey_saddle"), [name], (0.9, 0.2), lr=0.05, steps=500)
    run = runs[0]
    assert np.isfinite(run.path).all() and np.isfinite(run.losses).all()
    assert run.losses.shape == (run.stop + 1,) and run.grad_norms.shape == (run.stop + 1,)
    if run.diverged:
        assert run.reason in ("bound", "nonfinite") and run.stop < 500
    else:
        assert run.reason == "finished" and run.stop == 500


@settings(max_examples=40, deadline=None)
@given(
    surface=st.sampled_from(ls.NAMES),
    name=st.sampled_from(opt.NAMES),
    lr=st.floats(1e-4, 1.0),
    x=st.floats(-10, 10),
    y=st.floats(-10, 10),
    noise=st.sampled_from([0.0, 0.01, 3.0]),
)
def test_paths_are_finite_or_flagged(surface, name, lr, x, y, noise):
    land = ls.get_landscape(surface)
    path = opt.run_optimizer(name, land.grad_at, (x, y), lr=lr, steps=200, noise=noise, seed=1)
    assert path.ndim == 2 and path.shape[1] == 2 and 1 <= len(path) <= 201
    assert np.isfinite(path).all()
    assert np.abs(path).max() <= max(opt.BOUND, abs(x), abs(y))
    assert opt.diverged(path, 200) == (len(path) < 201)


def test_zero_steps_and_zero_lr():
    assert opt.run_optimizer("adam", quad_grad, START, lr=0.1, steps=0).tolist() == [START.tolist()]
    path = opt.run_optimizer("momentum", quad_grad, START, lr=0.0, steps=3)
    np.testing.assert_array_equal(path, np.tile(START, (4, 1)))


# --------------------------------------------------------------------------
# Noise
# --------------------------------------------------------------------------


def test_noise_is_seeded_and_shared():
    land = ls.get_landscape("two_well")
    a = opt.run_optimizer("gd", land.grad_at, (1.9, 1.2), lr=0.02, steps=50, noise=0.5, seed=3)
    b = opt.run_optimizer("gd", land.grad_at, (1.9, 1.2), lr=0.02, steps=50, noise=0.5, seed=3)
    c = opt.run_optimizer("gd", land.grad_at, (1.9, 1.2), lr=0.02, steps=50, noise=0.5, seed=4)
    exact = opt.run_optimizer("gd", land.grad_at, (1.9, 1.2), lr=0.02, steps=50)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c) and not np.allclose(a, exact)
    # The noise is N(0, σ²) added to the gradient: reconstruct it from GD's path.
    kicks = np.array([(a[t] - a[t + 1]) / 0.02 - land.grad_at(a[t]) for t in range(50)])
    np.testing.assert_allclose(
        kicks, 0.5 * np.random.default_rng(3).standard_normal((50, 2)), atol=1e-9
    )


def test_race_gives_every_optimiser_the_same_noise():
    land = ls.get_landscape("saddle")
    runs = opt.race(
        land, ["gd", "adam"], (1.5, 0.0), lr=0.1, lr_adaptive=0.05, steps=30, noise=0.01, seed=7
    )
    for run, lr in zip(runs, (0.1, 0.05), strict=True):
        alone = opt.run_optimizer(
            run.name, land.grad_at, (1.5, 0.0), lr=lr, steps=30, noise=0.01, seed=7
        )
        np.testing.assert_array_equal(run.path, alone)


def test_saddle_lesson_stuck_without_noise_escapes_with_it():
    exact, noisy = opt.saddle_lesson(lr=0.1, steps=60, noise=1e-3, seed=0)
    assert np.all(exact[:, 1] == 0.0)  # exactly on the stable axis, forever
    assert np.abs(exact[-1]).max() < 1e-4
    assert abs(noisy[-1, 1]) > 1.0  # escaped along the unstable direction


# --------------------------------------------------------------------------
# The race and the snippet
# --------------------------------------------------------------------------


def test_race_uses_the_right_learning_rate_and_hyper_parameters():
    land = ls.get_landscape("rosenbrock")
    runs = opt.race(
        land,
        ["gd", "nesterov", "rmsprop", "adam", "gd"],
        (-1.5, 2.5),
        lr=1e-3,
        lr_adaptive=0.05,
        steps=20,
        momentum=0.5,
        alpha=0.9,
        betas=(0.8, 0.99),
    )
    assert [r.name for r in runs] == ["gd", "nesterov", "rmsprop", "adam"]
    expected = {
        "gd": opt.run_optimizer("gd", land.grad_at, (-1.5, 2.5), lr=1e-3, steps=20),
        "nesterov": opt.run_optimizer(
            "nesterov", land.grad_at, (-1.5, 2.5), lr=1e-3, steps=20, momentum=0.5
        ),
        "rmsprop": opt.run_optimizer(
            "rmsprop", land.grad_at, (-1.5, 2.5), lr=0.05, steps=20, alpha=0.9
        ),
        "adam": opt.run_optimizer(
            "adam", land.grad_at, (-1.5, 2.5), lr=0.05, steps=20, betas=(0.8, 0.99)
        ),
    }
    for run in runs:
        np.testing.assert_array_equal(run.path, expected[run.name])
        np.testing.assert_allclose(run.losses, land.f(run.path[:, 0], run.path[:, 1]))


def test_race_by_name_equals_race_on_object():
    a = opt.race("rastrigin", ["adam"], (2.3, 1.8), params={"amplitude": 5.0}, lr=0.01, steps=30)
    b = opt.race(
        ls.get_landscape("rastrigin", amplitude=5.0), ["adam"], (2.3, 1.8), lr=0.01, steps=30
    )
    np.testing.assert_array_equal(a[0].path, b[0].path)
    with pytest.raises(TypeError, match="params"):
        opt.race(ls.get_landscape("saddle"), ["gd"], (1, 1), params={"b": 1.0}, lr=0.1, steps=3)


def test_snippet_reproduces_the_race():
    params = {"b": 50.0}
    kw = dict(
        lr=1e-3,
        lr_adaptive=0.05,
        steps=40,
        momentum=0.8,
        alpha=0.95,
        betas=(0.85, 0.99),
        noise=0.01,
        seed=5,
    )
    code = opt.snippet(
        "rosenbrock", params, ["gd", "momentum", "rmsprop", "adam"], (-1.5, 2.5), **kw
    )
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - tests may exec the generated snippet
    runs = opt.race(
        "rosenbrock", ["gd", "momentum", "rmsprop", "adam"], (-1.5, 2.5), params=params, **kw
    )
    assert list(namespace["paths"]) == [r.name for r in runs]
    for run in runs:
        np.testing.assert_array_equal(namespace["paths"][run.name], run.path)
    assert "momentum=0.8" in code and "alpha=0.95" in code and "betas=(0.85, 0.99)" in code


def test_snippet_omits_torch_defaults():
    code = opt.snippet(
        "two_well",
        {"tilt": 0.3},
        ["momentum", "adam"],
        (1.9, 1.2),
        lr=0.02,
        lr_adaptive=0.05,
        steps=10,
    )
    assert "momentum=" not in code.split("run_optimizer('momentum'")[1].split("\n")[0]
    assert "betas" not in code and "noise" not in code


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(name="sgd"), ValueError, "name == 'sgd', must be one of"),
        (dict(lr=-0.1), ValueError, "lr == -0.1, must be >= 0.0"),
        (dict(lr=float("nan")), ValueError, "lr == nan"),
        (dict(lr=float("inf")), ValueError, "lr == inf, must be finite"),
        (dict(steps=-1), ValueError, "steps == -1"),
        (dict(steps=opt.MAX_STEPS + 1), ValueError, "must be <= 1000000"),
        (dict(steps=2.5), TypeError, "steps must be an instance of Integral"),
        (dict(start=[1.0]), ValueError, r"start.shape == \(1,\), must be \(2\)"),
        (dict(start=[np.nan, 0.0]), ValueError, "start contains nan"),
        (dict(start=[2e6, 0.0]), ValueError, "must lie within"),
        (dict(start="ab"), TypeError, "start must be array-like"),
        (dict(noise=-1.0), ValueError, "noise == -1.0"),
        (dict(seed=-3), ValueError, "seed == -3"),
        (dict(grad_fn=3), TypeError, "grad_fn must be callable"),
        (dict(grad_fn=lambda p: np.zeros(3)), ValueError, r"grad_fn returned shape \(3,\)"),
        (dict(name="gd", momentum=0.9), TypeError, "unexpected hyper-parameter"),
        (dict(name="momentum", momentum=1.0), ValueError, "momentum == 1.0, must be < 1.0"),
        (dict(name="rmsprop", alpha=1.5), ValueError, "alpha == 1.5"),
        (dict(name="adam", betas=(0.9,)), TypeError, "betas must be a pair"),
        (dict(name="adam", betas=(0.9, 1.0)), ValueError, r"betas\[1\] == 1.0"),
        (dict(name="adagrad", eps=-1e-3), ValueError, "eps == -0.001"),
        (dict(name="adam", lr=True), TypeError, "lr must be an instance of Real"),
    ],
)
def test_validation_messages(kwargs, error, match):
    args = dict(name="gd", grad_fn=quad_grad, start=START, lr=0.1, steps=5) | kwargs
    name, grad_fn, start = args.pop("name"), args.pop("grad_fn"), args.pop("start")
    with pytest.raises(error, match=match):
        opt.run_optimizer(name, grad_fn, start, **args)


def test_race_and_helpers_validate():
    land = ls.get_landscape("saddle")
    with pytest.raises(TypeError, match="not a string"):
        opt.race(land, "gd", (1, 1), lr=0.1, steps=3)
    with pytest.raises(ValueError, match="names == 'sgd'"):
        opt.race(land, ["sgd"], (1, 1), lr=0.1, steps=3)
    assert opt.race(land, [], (1, 1), lr=0.1, steps=3) == []
    with pytest.raises(ValueError, match="path.ndim"):
        opt.diverged([1.0, 2.0], 3)
    with pytest.raises(ValueError, match="eigenvalues"):
        opt.gd_rate([], 0.1)
