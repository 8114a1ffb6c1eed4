"""playground.landscapes and playground.charts.landscapes.

References: SciPy's Rosenbrock (value, gradient, Hessian), SciPy's finite
differences (``approx_fprime``), the published critical points of
Himmelblau's function, closed forms for the quadratic, saddles and Rastrigin.
"""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from playground import landscapes as ls
from playground import optimizers as opt
from playground.charts import landscapes as charts
from playground.charts import theme

VARIANTS = [
    ("two_well", {}),
    ("two_well", {"tilt": 0.0}),
    ("two_well", {"tilt": 0.7}),
    ("convex_quadratic", {}),
    ("convex_quadratic", {"condition": 100.0, "angle": -75.0}),
    ("saddle", {}),
    ("monkey_saddle", {}),
    ("rosenbrock", {}),
    ("rosenbrock", {"b": 3.0}),
    ("himmelblau", {}),
    ("rastrigin", {}),
    ("rastrigin", {"amplitude": 0.0}),
    ("rastrigin", {"amplitude": 2.5}),
]
IDS = [f"{n}-{'-'.join(f'{k}{v:g}' for k, v in p.items()) or 'default'}" for n, p in VARIANTS]


def tr(key, **values):
    """A translator that shows the key (and values) so tests can see what was asked."""
    return key + (" " + json.dumps(values, sort_keys=True) if values else "")


def points_in(land, n=25, seed=0):
    x0, x1, y0, y1 = land.window
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])


# --------------------------------------------------------------------------
# Gradients and Hessians against finite differences and SciPy
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=IDS)
def test_gradient_matches_finite_differences(name, params):
    land = ls.get_landscape(name, **params)
    for p in points_in(land):
        analytic = land.grad(*p).ravel()
        numeric = optimize.approx_fprime(p, lambda q: float(land.f(*q)), 1e-7)
        scale = max(1.0, float(np.abs(analytic).max()))
        assert np.allclose(analytic, numeric, atol=2e-5 * scale, rtol=1e-4), (p, analytic, numeric)
        central = ls.numerical_gradient(land.f, p)
        assert np.allclose(analytic, central, atol=1e-6 * scale, rtol=1e-6)


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=IDS)
def test_hessian_matches_finite_differences_and_is_symmetric(name, params):
    land = ls.get_landscape(name, **params)
    for p in points_in(land, seed=1):
        h = land.hessian(*p).reshape(2, 2)
        assert h[0, 1] == h[1, 0]
        numeric = ls.numerical_hessian(land, p)
        scale = max(1.0, float(np.abs(h).max()))
        assert np.allclose(h, numeric, atol=1e-5 * scale, rtol=1e-5), (p, h, numeric)


def test_rosenbrock_matches_scipy():
    land = ls.get_landscape("rosenbrock", b=100.0)
    for p in points_in(land, 40, seed=2):
        assert land.f(*p) == pytest.approx(optimize.rosen(p), rel=1e-13)
        np.testing.assert_allclose(
            land.grad(*p).ravel(), optimize.rosen_der(p), rtol=1e-12, atol=1e-12
        )
        np.testing.assert_allclose(
            land.hessian(*p).reshape(2, 2), optimize.rosen_hess(p), rtol=1e-12, atol=1e-12
        )


def test_closed_forms():
    x, y = np.array([0.3, -1.2]), np.array([2.0, 0.5])
    np.testing.assert_allclose(ls.get_landscape("saddle").f(x, y), x**2 - y**2)
    np.testing.assert_allclose(ls.get_landscape("monkey_saddle").f(x, y), x**3 - 3 * x * y**2)
    np.testing.assert_allclose(
        ls.get_landscape("himmelblau").f(x, y), (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2
    )
    np.testing.assert_allclose(
        ls.get_landscape("rastrigin").f(x, y),
        20 + x**2 - 10 * np.cos(2 * np.pi * x) + y**2 - 10 * np.cos(2 * np.pi * y),
    )
    np.testing.assert_allclose(
        ls.get_landscape("two_well", tilt=0.3).f(x, y), (x**2 - 1) ** 2 + 0.3 * x + y**2
    )


@settings(max_examples=30, deadline=None)
@given(kappa=st.floats(1.0, 100.0), angle=st.floats(-90.0, 90.0))
def test_quadratic_has_eigenvalues_1_and_kappa_along_the_rotated_axes(kappa, angle):
    q = ls.get_landscape("convex_quadratic", condition=kappa, angle=angle)
    h = q.hessian(0.3, -0.7).reshape(2, 2)
    w, v = ls.hessian_eigen(h)
    np.testing.assert_allclose(w, sorted([1.0, kappa]), rtol=1e-12, atol=1e-12)
    if kappa > 1 + 1e-6:
        u = np.array([math.cos(math.radians(angle)), math.sin(math.radians(angle))])
        assert abs(abs(v[:, 0] @ u) - 1) < 1e-9  # the flat direction is rotated by θ
    p = np.array([0.4, -1.1])
    assert q.f(*p) == pytest.approx(0.5 * p @ h @ p, rel=1e-12)
    assert q.lipschitz == pytest.approx(kappa)


def test_vectorised_shapes_broadcast():
    land = ls.get_landscape("himmelblau")
    xs, ys = np.linspace(-1, 1, 4)[None, :], np.linspace(-1, 1, 3)[:, None]
    assert land.f(xs, ys).shape == (3, 4)
    assert land.grad(xs, ys).shape == (2, 3, 4)
    assert land.hessian(xs, ys).shape == (2, 2, 3, 4)
    assert land.f(1.0, 2.0).shape == ()
    # constant Hessians broadcast too
    assert ls.get_landscape("saddle").hessian(xs, ys).shape == (2, 2, 3, 4)
    assert ls.get_landscape("convex_quadratic").hessian(xs, ys).shape == (2, 2, 3, 4)
    g = land.grad(xs, ys)
    np.testing.assert_array_equal(g[:, 1, 2], land.grad_at((xs[0, 2], ys[1, 0])))
    assert land.grad_xy(1.0, 2.0) == tuple(land.grad(1.0, 2.0).tolist())
    assert land.value_at((1.0, 2.0)) == float(land.f(1.0, 2.0))


def test_grid_and_view():
    land = ls.get_landscape("rosenbrock")
    xs, ys, z = land.grid(5)
    assert xs[0] == -2 and xs[-1] == 2 and ys[0] == -1 and ys[-1] == 3
    assert z[1, 3] == pytest.approx(land.f(xs[3], ys[1]))
    for a, b in zip(ls.surface_grid("rosenbrock", {"b": 100.0}, 5), (xs, ys, z), strict=True):
        np.testing.assert_array_equal(a, b)
    assert land.view((0.0, 0.0)) == land.window
    assert land.view((5.0, -4.0)) == (-2.0, 5.32, -4.32, 3.0)
    with pytest.raises(ValueError, match="window"):
        land.grid(5, window=(1, 0, 0, 1))
    with pytest.raises(ValueError, match="n == 4001"):
        land.grid(4001)


# --------------------------------------------------------------------------
# Critical points
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=IDS)
def test_critical_points_have_zero_gradient_and_match_their_hessian(name, params):
    land = ls.get_landscape(name, **params)
    assert land.critical_points
    for c in land.critical_points:
        g = land.grad(c.x, c.y).ravel()
        assert np.abs(g).max() < 1e-9, (c, g)
        h = land.hessian(c.x, c.y).reshape(2, 2)
        assert ls.classify_critical_point(h) == c.kind
        np.testing.assert_allclose(c.eigenvalues, ls.hessian_eigen(h)[0])
        assert c.value == pytest.approx(float(land.f(c.x, c.y)))
        assert c.role == ("" if c.kind != "minimum" else c.role) and c.role in (
            "",
            "global",
            "local",
        )
    if land.f_min is not None:
        minima = [c for c in land.critical_points if c.kind == "minimum"]
        assert min(c.value for c in minima) == land.f_min
        assert all((c.role == "global") == (c.value <= land.f_min + 1e-9) for c in minima)


def test_known_critical_points():
    kinds = {n: sorted(c.kind for c in ls.get_landscape(n).critical_points) for n in ls.NAMES}
    assert kinds["saddle"] == ["saddle"]
    assert kinds["monkey_saddle"] == ["degenerate"]
    assert kinds["convex_quadratic"] == ["minimum"]
    assert kinds["rosenbrock"] == ["minimum"]
    assert kinds["himmelblau"] == ["maximum"] + ["minimum"] * 4 + ["saddle"] * 4
    assert kinds["two_well"] == ["minimum", "minimum", "saddle"]
    # Himmelblau's published minima (all with f = 0) and local maximum.
    him = ls.get_landscape("himmelblau")
    minima = sorted((c.x, c.y) for c in him.critical_points if c.kind == "minimum")
    published = sorted(
        [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]
    )
    np.testing.assert_allclose(minima, published, atol=1e-6)
    assert all(
        c.value < 1e-20 and c.role == "global" for c in him.critical_points if c.kind == "minimum"
    )
    (mx,) = [c for c in him.critical_points if c.kind == "maximum"]
    assert (round(mx.x, 5), round(mx.y, 5), round(mx.value, 3)) == (-0.27084, -0.92304, 181.617)
    # Two wells: global on the left (tilt > 0), local on the right.
    two = {c.role or c.kind: c for c in ls.get_landscape("two_well", tilt=0.3).critical_points}
    assert two["global"].x < 0 < two["local"].x and two["global"].value < two["local"].value
    assert 0 < two["saddle"].x < 0.1
    # Rastrigin: global minimum at the origin, local minima near the integers.
    ras = ls.get_landscape("rastrigin")
    assert ras.critical_points[0].role == "global" and ras.critical_points[0].x == 0.0
    assert ras.f_min == 0.0
    assert sum(c.role == "local" for c in ras.critical_points) == 8
    assert (
        ls.get_landscape("saddle").f_min is None and ls.get_landscape("monkey_saddle").f_min is None
    )


def test_symmetric_two_well_has_two_global_minima():
    roles = sorted(c.role for c in ls.get_landscape("two_well", tilt=0.0).critical_points)
    assert roles == ["", "global", "global"]


@pytest.mark.parametrize(
    ("hessian", "kind"),
    [
        ([[2, 0], [0, 200]], "minimum"),
        ([[-1, 0], [0, -3]], "maximum"),
        ([[2, 0], [0, -2]], "saddle"),
        ([[0, 1], [1, 0]], "saddle"),  # eigenvalues ±1: a rotated saddle
        ([[0, 0], [0, 0]], "degenerate"),
        ([[2, 0], [0, 0]], "degenerate"),  # x² + y⁴ at 0: test inconclusive
        ([[2, 0, 0], [0, -1, 0], [0, 0, 0]], "saddle"),  # mixed signs decide despite the zero
        ([[1e-12, 0], [0, 1.0]], "degenerate"),
        ([[1e-3, 0], [0, 1.0]], "minimum"),
        ([[1e6, 0], [0, 1.0]], "minimum"),
        ([[1e6, 0], [0, 1e-3]], "degenerate"),  # |λ| ≤ 1e-8·max|λ|: zero at this scale
    ],
)
def test_classify_critical_point(hessian, kind):
    assert ls.classify_critical_point(hessian) == kind


@pytest.mark.parametrize(
    ("bad", "error", "match"),
    [
        ([[1, 2, 3]], ValueError, r"hessian.shape == \(1, 3\)"),
        ([1.0, 2.0], ValueError, "hessian.ndim == 1"),
        ([[np.nan, 0], [0, 1]], ValueError, "hessian contains nan"),
        ([[np.inf, 0], [0, 1]], ValueError, "hessian contains inf"),
        ([["a", 0], [0, 1]], TypeError, "hessian must be array-like"),
    ],
)
def test_classify_rejects_bad_input(bad, error, match):
    with pytest.raises(error, match=match):
        ls.classify_critical_point(bad)


# --------------------------------------------------------------------------
# Convexity
# --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    a=st.tuples(st.floats(-3, 3), st.floats(-3, 3)),
    b=st.tuples(st.floats(-3, 3), st.floats(-3, 3)),
    kappa=st.floats(1, 100),
)
def test_convex_quadratic_never_rises_above_a_chord(a, b, kappa):
    q = ls.get_landscape("convex_quadratic", condition=kappa)
    lam, f_seg, chord, gap = ls.convexity_segment(q, a, b)
    assert lam[0] == 0 and lam[-1] == 1
    assert gap <= 1e-9 * max(1.0, float(np.abs(chord).max()))
    assert f_seg[-1] == pytest.approx(q.value_at(a)) and f_seg[0] == pytest.approx(q.value_at(b))


def test_non_convex_surfaces_fail_visibly():
    _, _, _, gap = ls.convexity_segment(ls.get_landscape("two_well"), (-1, 0), (1, 0))
    assert gap == pytest.approx(1.0 - 0.0, abs=0.02)  # f(0,0) = 1 above a chord near 0
    _, _, _, gap = ls.convexity_segment(ls.get_landscape("saddle"), (0, -1), (0, 1))
    assert gap == pytest.approx(1.0)  # −y² along the y axis: a cap
    # …but a single segment can miss it: along y = x/2 the saddle is convex.
    _, _, _, gap = ls.convexity_segment(ls.get_landscape("saddle"), (-1, -0.5), (1, 0.5))
    assert gap <= 1e-12


def test_min_curvature():
    assert ls.min_curvature(ls.get_landscape("convex_quadratic", condition=7))[0] == pytest.approx(
        1.0
    )
    low, x, y = ls.min_curvature(ls.get_landscape("saddle"))
    assert low == pytest.approx(-2.0)
    low, x, y = ls.min_curvature(ls.get_landscape("rosenbrock"))
    assert low < 0 and -2 <= x <= 2
    assert ls.min_curvature(ls.get_landscape("rastrigin", amplitude=0.0))[0] == pytest.approx(2.0)


# --------------------------------------------------------------------------
# Validation and metadata
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: ls.get_landscape("bowl"), ValueError, "name == 'bowl', must be one of"),
        (lambda: ls.get_landscape("saddle", b=1.0), TypeError, "unexpected parameter"),
        (lambda: ls.get_landscape("rosenbrock", b=0.0), ValueError, "b == 0.0, must be >= 1.0"),
        (lambda: ls.get_landscape("rosenbrock", b=float("nan")), ValueError, "b == nan"),
        (lambda: ls.get_landscape("convex_quadratic", condition=1e9), ValueError, "condition =="),
        (lambda: ls.get_landscape("two_well", tilt=True), TypeError, "tilt must be an instance"),
        (lambda: ls.get_landscape("rastrigin", amplitude="3"), TypeError, "amplitude must be"),
        (lambda: ls.get_landscape("saddle").f(np.inf, 0.0), ValueError, "x contains inf"),
        (lambda: ls.get_landscape("saddle").grad(0.0, np.nan), ValueError, "y contains nan"),
        (lambda: ls.get_landscape("saddle").f([1, 2], [1, 2, 3]), ValueError, "must broadcast"),
        (lambda: ls.get_landscape("saddle").hessian("x", 1), TypeError, "x must be array-like"),
        (lambda: ls.numerical_gradient(lambda x, y: x, [1.0]), ValueError, "point.shape"),
        (
            lambda: ls.convexity_segment(ls.get_landscape("saddle"), (0, 0), (1, 1), n=1),
            ValueError,
            "n == 1",
        ),
        (lambda: ls.get_landscape("saddle").view((1.0, 2.0, 3.0)), ValueError, "point.shape"),
    ],
)
def test_validation(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_extreme_but_finite_inputs_stay_finite_or_inf():
    for name in ls.NAMES:
        land = ls.get_landscape(name)
        with np.errstate(over="ignore", invalid="ignore"):
            z = land.f(np.array([1e6, -1e6, 0.0]), np.array([1e6, 1e6, 0.0]))
        assert np.isfinite(z).all(), name  # the optimiser's bound keeps every value finite
        assert np.isfinite(land.grad(1e6, -1e6)).all()


@pytest.mark.parametrize("name", ls.NAMES)
def test_suggestions_are_sensible(name):
    land = ls.get_landscape(name)
    x0, x1, y0, y1 = land.window
    assert x0 <= land.start[0] <= x1 and y0 <= land.start[1] <= y1
    s = land.suggestions
    assert set(s) == {"x0", "y0", "steps", "lr", "lra", "ax", "ay", "bx", "by"}
    assert 10 <= s["steps"] <= 500 and 1e-4 <= s["lr"] <= 1 and 1e-4 <= s["lra"] <= 1
    assert land.params == {p.name: p.default for p in ls.PARAMS[name]}


def test_default_race_on_two_wells_tells_the_story():
    """The page's default view: GD settles in the local minimum, momentum in the global one."""
    land = ls.get_landscape("two_well")
    runs = {
        r.name: r
        for r in opt.race(
            land, opt.NAMES, land.start, lr=land.lr, lr_adaptive=land.lr_adaptive, steps=land.steps
        )
    }
    glob, loc = (c for c in land.critical_points if c.kind == "minimum")
    assert np.allclose(runs["gd"].path[-1], (loc.x, loc.y), atol=0.05)
    assert np.allclose(runs["momentum"].path[-1], (glob.x, glob.y), atol=0.05)
    assert not any(r.diverged for r in runs.values())


# --------------------------------------------------------------------------
# Chart builders
# --------------------------------------------------------------------------


def _payload(fig: go.Figure) -> int:
    """Bytes the app sends for ``fig`` (its prepared spec, see ``layout.chart``)."""
    return len(json.dumps(theme.to_spec(fig)))


def _numeric_arrays(fig: go.Figure):
    for trace in fig.data:
        for attr in ("x", "y", "z", "customdata"):
            value = getattr(trace, attr, None)
            if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                yield trace, attr, value


def _check_figure(fig: go.Figure, *, budget_kib: int = 150) -> None:
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    # Builders skip Plotly's validation for speed: the result must still be valid.
    go.Figure(fig.to_plotly_json())
    assert fig.layout.template.layout.colorway == tuple(theme.PALETTE)
    for trace, attr, value in _numeric_arrays(fig):
        assert value.dtype == np.float32, (trace.type, attr)
        assert np.isfinite(value).all(), (trace.type, attr)
    assert "NaN" not in fig.to_json() and "Infinity" not in fig.to_json()
    assert _payload(fig) < budget_kib * 1024


def _race(name, names=opt.NAMES, steps=500, **kw):
    land = ls.get_landscape(name)
    kw = {"lr": land.lr, "lr_adaptive": land.lr_adaptive, **kw}
    return land, opt.race(land, names, land.start, steps=steps, **kw)


@pytest.mark.parametrize("name", ls.NAMES)
def test_race_figure_worst_case_payload(name):
    land, runs = _race(name, noise=3.0)
    window = land.view(land.start)
    fig = charts.race_figure(land, land.grid(80, window), runs, 500, land.start, window, tr)
    _check_figure(fig)
    assert fig.layout.xaxis.title.text == "loss_landscapes.chart.x"
    assert fig.layout.yaxis.title.text == "loss_landscapes.chart.y"
    assert list(fig.layout.xaxis.range) == [window[0], window[1]]
    contour = fig.data[0]
    assert contour.type == "contour" and contour.z.shape == (80, 80)
    names = {t.name for t in fig.data if t.showlegend is not False}
    assert {opt.LABELS[n] for n in opt.NAMES} <= names


def _moving(fig: go.Figure) -> int:
    """Index of the trace the frames move (the markers of where each optimiser is)."""
    (index,) = {i for frame in fig.frames for i in frame.traces}
    return index


def test_race_figure_replays_in_the_browser():
    land, runs = _race("rosenbrock", names=["gd", "adam"], steps=100)
    window = land.window
    fig = charts.race_figure(land, land.grid(40), runs, 30, land.start, window, tr, steps=100)
    _check_figure(fig)
    paths = [t for t in fig.data if t.name in ("GD", "Adam")]
    assert [len(t.x) for t in paths] == [101, 101]  # whole paths; a marker shows step 30
    np.testing.assert_allclose(paths[0].customdata, runs[0].losses.astype(np.float32))
    now = fig.data[_moving(fig)]
    np.testing.assert_allclose(np.column_stack([now.x, now.y]), [r.path[30] for r in runs])
    assert list(now.marker.color) == [charts.COLORS["gd"], charts.COLORS["adam"]]
    # Every 3rd step (35 frames, at most 41) and step 30, each moving that marker trace only.
    names = [f.name for f in fig.frames]
    assert names == [f"t{k}" for k in [*range(0, 100, 3), 100]]
    for frame in fig.frames:
        k = int(frame.name.removeprefix("t"))
        (moved,) = frame.data
        xy = np.column_stack([theme._decoded(moved.x), theme._decoded(moved.y)])
        np.testing.assert_allclose(xy, [r.path[k] for r in runs], rtol=1e-6)
    [slider] = fig.layout.sliders
    assert [s.args[0][0] for s in slider.steps] == names
    assert slider.steps[slider.active].label == "30"
    assert slider.currentvalue.prefix.startswith("loss_landscapes.chart.readout")
    assert fig.layout.updatemenus[0].buttons[0].args[1]["frame"]["redraw"] is True


def test_race_frames_keep_a_diverged_run_at_its_cross():
    land, runs = _race("monkey_saddle", names=["gd", "adam"], steps=200)
    window = land.view(land.start)
    fig = charts.race_figure(land, land.grid(40, window), runs, 0, land.start, window, tr)
    index = _moving(fig)
    last = {f.name: f for f in fig.frames}[f"t{runs[1].stop}"]
    (moved,) = last.data
    x = theme._decoded(moved.x)
    assert x[0] == np.float32(runs[0].path[-1, 0])  # GD stays at its last finite point
    (cross,) = [t for t in fig.data if t.type == "scatter" and t.marker.symbol == "x"]
    assert list(fig.data).index(cross) > index  # drawn over the moving markers
    assert cross.x[0] == np.float32(runs[0].path[-1, 0])


def test_race_figure_log_colours_where_the_range_is_huge():
    land = ls.get_landscape("rosenbrock")
    fig = charts.race_figure(land, land.grid(60), [], 0, land.start, land.window, tr)
    contour = fig.data[0]
    z = land.grid(60)[2]
    assert contour.z.max() - contour.z.min() < 10  # decades, not thousands
    assert (
        contour.colorbar.ticktext[0] == "0"
        and contour.colorbar.title.text == "loss_landscapes.chart.f_log"
    )
    linear = charts.race_figure(
        ls.get_landscape("two_well"),
        ls.get_landscape("two_well").grid(60),
        [],
        0,
        (1.9, 1.2),
        ls.get_landscape("two_well").window,
        tr,
    ).data[0]
    assert linear.colorbar.title.text == "loss_landscapes.chart.f" and z.max() > 1000


def test_color_levels():
    z = np.array([[0.0, 1.0], [10.0, 1000.0]])
    same, ticks = charts.color_levels(z, False)
    assert same is not None and ticks == {}
    logz, ticks = charts.color_levels(z, True, floor=0.0)
    assert np.all(np.diff(np.sort(logz.ravel())) > 0)
    assert ticks["ticktext"][0] == "0" and "1e+03" in ticks["ticktext"]
    assert np.isfinite(logz).all()


def test_diverged_runs_are_cut_and_marked():
    land, runs = _race("monkey_saddle", names=["gd", "adam"], steps=200)
    assert runs[0].diverged and not runs[1].diverged
    window = land.view(land.start)
    fig = charts.race_figure(land, land.grid(40, window), runs, 200, land.start, window, tr)
    _check_figure(fig)
    (cross,) = [t for t in fig.data if t.type == "scatter" and t.hovertext is not None]
    assert cross.marker.symbol == "x" and len(cross.x) == 1  # GD's last finite point only
    assert "diverged_here" in cross.hovertext[0]
    assert cross.x[0] == np.float32(runs[0].path[-1, 0])
    loss = charts.trajectory_loss_figure(runs, 200, land.f_min, tr, y_range=(-6.0, 6.0))
    _check_figure(loss)
    assert loss.layout.yaxis.type == "linear"  # unbounded below: no log axis
    lo, hi = loss.layout.yaxis.range
    assert -7 < lo < -6 and 6 < hi < 7  # GD's −1e15 does not squash the other curves
    assert any(t.mode == "markers" and t.marker.symbol == "x" for t in loss.data)


def test_loss_figure_log_gap():
    land, runs = _race("convex_quadratic", steps=300)
    fig = charts.trajectory_loss_figure(runs, 120, land.f_min, tr)
    _check_figure(fig)
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.xaxis.title.text == "loss_landscapes.chart.step"
    assert all(np.all(t.y > 0) for t in fig.data)  # floored at 1e-16, never 0 on a log axis
    assert fig.layout.shapes[0].x0 == 120


def test_surface_figure():
    land, runs = _race("himmelblau", steps=200)
    fig = charts.surface_figure(land, land.grid(50), runs, tr)
    _check_figure(fig)
    assert sum(t.type == "surface" for t in fig.data) == 1
    assert fig.layout.scene.zaxis.title.text == "loss_landscapes.chart.height_log"
    lifted = [t for t in fig.data if t.type == "scatter3d"]
    assert len(lifted) == 6 and all(len(t.x) > 1 for t in lifted)


def test_surface_figure_cuts_paths_leaving_the_window():
    land, runs = _race("saddle", names=["gd"], steps=200)
    fig = charts.surface_figure(land, land.grid(30), runs, tr)
    (path,) = [t for t in fig.data if t.type == "scatter3d"]
    assert np.abs(path.y).max() <= 2.0 and len(path.x) < runs[0].stop


@pytest.mark.parametrize("name", ls.NAMES)
def test_point_figure(name):
    land = ls.get_landscape(name)
    fig = charts.point_figure(land, land.start, 0.5, tr)
    _check_figure(fig)
    names = [t.name for t in fig.data if t.type == "scatter" and t.mode == "lines"]
    assert "loss_landscapes.chart.descent" in names
    assert any("eig_" in name for name in names)
    assert (
        len(fig.layout.annotations) == len(names) * 2 - 1
    )  # arrowheads: ±v for each λ, one for −∇f


def test_point_figure_at_a_degenerate_critical_point():
    fig = charts.point_figure(ls.get_landscape("monkey_saddle"), (0.0, 0.0), 0.5, tr)
    _check_figure(fig)
    assert not fig.layout.annotations  # no gradient, no curvature: nothing to draw
    assert [t.name for t in fig.data if t.type == "scatter" and t.mode == "lines"] == []


def test_saddle_and_convexity_and_lr_figures():
    exact, noisy = opt.saddle_lesson()
    fig = charts.saddle_figure(exact, noisy, 1e-3, tr)
    _check_figure(fig)
    noisy_trace = fig.data[1]
    assert np.abs(noisy_trace.y).max() <= 2.5  # the escaping path is cut just outside the frame
    assert abs(noisy_trace.y[-1]) > 1  # it escaped along the unstable direction
    lam, f_seg, chord, gap = ls.convexity_segment(
        ls.get_landscape("two_well"), (-1.2, -0.6), (1.2, 0.6)
    )
    fig = charts.convexity_figure(lam, f_seg, chord, tr)
    _check_figure(fig)
    assert fig.data[1].showlegend is True  # the violation is shaded and named
    assert fig.layout.xaxis.title.text == "loss_landscapes.chart.lambda"
    q = ls.get_landscape("convex_quadratic")
    lesson = opt.lr_lesson(q, q.start, 0.5, 300)
    fig = charts.lr_figure(lesson, 300, tr)
    _check_figure(fig)
    assert fig.layout.yaxis.type == "log"
    assert sum("diverged_short" in str(t.text) for t in fig.data) == 2  # "above" and yours
    # a converging curve stops at float64's resolution instead of flatlining at the floor
    below = opt.lr_lesson(q, q.start, 0.05, 500)
    curve = charts.lr_figure(below, 500, tr).data[0]
    assert len(curve.y) < 300 and curve.y[-1] <= 1e-15 and np.all(curve.y[:-1] > 1e-15)
