"""Linear regression: the normal equation, gradient descent and Newton's method on one
quadratic bowl; conditioning, a singular XᵀX and ridge; linear vs logistic regression."""

import numpy as np
import streamlit as st

from playground import handwritten
from playground import linear_regression as linreg
from playground.app import layout, widgets
from playground.app.format import fmt, fmt_list, tex
from playground.app.i18n import current_language, translator
from playground.charts import linear_regression as charts

NS, BIND = "linear_regression", widgets.BIND
# The sliders' ranges keep the worst rerun well under a second; the core accepts far more.
MAX_SAMPLES, MAX_STEPS = 1000, 1000
RHOS = (-0.99, -0.9, -0.5, 0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0)
RIDGES = (0.0, *widgets.log_options(0.01, 1000.0))
t = translator(current_language())  # bound once for the whole rerun


def tt(key: str, **values) -> str:
    return t(f"{NS}.{key}", **values)


def short(value: float) -> str:
    """Label of a select-slider option (Streamlit formats every option on every rerun)."""
    return f"{value:g}"


@layout.shared(max_entries=32)
def run(data: tuple, ridge: float, lr: float, steps: int, start: tuple):
    """The data, the gradient-descent run and what is known about it in closed form."""
    n, rho, noise, seed = data
    X, y = linreg.make_data(n, correlation=rho, noise=noise, seed=seed)
    path = linreg.fit_gd(X, y, lr=lr, steps=steps, ridge=ridge, w0=start)
    cond = linreg.conditioning(X, ridge=ridge)
    newton = linreg.newton_step(X, y, start, 0.0, ridge=ridge)
    return X, y, path, cond, linreg.diagnose(path, X), newton


@layout.shared(max_entries=32)
def singular_case(data: tuple, ridge: float, start: tuple):
    """The same data at ρ = 1: the valley, its minimum-norm point, ridge, the landing."""
    n, _, noise, seed = data
    X, y = linreg.make_data(n, correlation=1.0, noise=noise, seed=seed)
    path_ridges, kappa_ridges = np.geomspace(1e4, 1e-3, 29), np.geomspace(1e-3, 1e4, 71)
    w_plus, _, null = linreg.minimisers(X, y)
    landing = linreg.newton_step(X, y, start, 0.0).w
    ridged = linreg.normal_equation(X, y, ridge=ridge)
    return {
        "box": charts.view_box(np.array([start, landing, [0.0, 0.0]]), w_plus, min_half=1.5),
        "bowl": linreg.conditioning(X).bowl,
        "j_min": linreg.loss(X, y, w_plus, float(y.mean())),
        "w_plus": w_plus,
        "direction": null[:, 0],
        "landing": landing,
        "path_ridges": path_ridges,
        "ridge_ws": linreg.ridge_path(X, y, path_ridges),
        "ridged": ridged.w,
        "gram": linreg.normal_system(X, y)[0],
        "kappa_ridges": kappa_ridges,
        "kappa": linreg.condition_vs_ridge(X, kappa_ridges),
        "kappa_now": float(linreg.condition_vs_ridge(X, [ridge])[0]),
    }


@layout.shared(max_entries=32)
def replays(data: tuple, ridge: float, lr: float, steps: int, start: tuple, lang: str):
    """The bowl and fit replays as finished chart specs: their animation frames are
    converted once per setting and language instead of on every rerun."""
    X, y, path, cond, _, newton = run(data, ridge, lr, steps, start)
    bowl, fit = charts.replays(X, y, path, cond, newton, start, translator(lang))
    return layout.prepared(bowl), layout.prepared(fit)


# --- Controls -------------------------------------------------------------------------

layout.header(NS)
controls, main = st.columns([1, 2.5], gap="large")
with controls, st.container(border=True):
    st.markdown(tt("controls.data"))
    n = st.slider(tt("controls.n"), 10, MAX_SAMPLES, 50, step=10, key="linreg_n", bind=BIND)
    rho = st.select_slider(
        tt("controls.rho"),
        RHOS,
        value=0.9,
        format_func=short,
        key="linreg_rho",
        help=tt("controls.rho_help"),
        bind=BIND,
    )
    noise = st.slider(
        tt("controls.noise"),
        0.0,
        2.0,
        0.5,
        step=0.1,
        key="linreg_noise",
        help=tt("controls.noise_help"),
        bind=BIND,
    )
    seed = int(st.number_input(tt("controls.seed"), 0, 9999, 0, key="linreg_seed", bind=BIND))
    st.markdown(tt("controls.model"))
    ridge = st.select_slider(
        tt("controls.ridge"),
        RIDGES,
        value=0.0,
        format_func=short,
        key="linreg_ridge",
        help=tt("controls.ridge_help"),
        bind=BIND,
    )
    st.markdown(tt("controls.gd"))
    lr = widgets.log_slider(
        tt("controls.lr"),
        key="linreg_lr",
        min_value=1e-3,
        max_value=2.0,
        value=0.4,
        help=tt("controls.lr_help"),
    )
    steps = st.slider(tt("controls.steps"), 1, MAX_STEPS, 150, key="linreg_steps", bind=BIND)
    w01 = st.slider(
        tt("controls.w1"),
        -5.0,
        5.0,
        -2.0,
        step=0.5,
        key="linreg_w1",
        help=tt("controls.start_help"),
        bind=BIND,
    )
    w02 = st.slider(
        tt("controls.w2"),
        -5.0,
        5.0,
        -1.0,
        step=0.5,
        key="linreg_w2",
        help=tt("controls.start_help"),
        bind=BIND,
    )

data, start = (int(n), float(rho), round(float(noise), 2), seed), (float(w01), float(w02))
X, y, path, cond, diag, newton = run(data, float(ridge), lr, int(steps), start)
bowl_spec, fit_spec = replays(data, float(ridge), lr, int(steps), start, current_language())
best = path.optimum
singular = best.singular
numbers = {key: fmt(value, 4) for key, value in diag.numbers().items()}
numbers["rate"] = fmt(diag.rate, 6 if 0.99 < diag.rate < 1 else 4)  # 0.99998 is not "1"
if np.isfinite(diag.predicted_steps):
    numbers["predicted"] = f"{int(diag.predicted_steps):,}"


# --- The loss bowl ----------------------------------------------------------------------


def surface_section() -> None:
    layout.chart(bowl_spec, key="linreg_surface_chart")
    m1, m2, m3 = st.columns(3)
    m1.metric(tt("metrics.kappa"), fmt(cond.bowl_condition, 4), help=tt("metrics.kappa_help"))
    m2.metric(tt("metrics.limit"), fmt(cond.lr_max, 3), help=tt("metrics.limit_help"))
    m3.metric(tt("metrics.jmin"), fmt(path.loss_min, 4), help=tt("metrics.jmin_help"))
    st.caption(tt("surface.caption"))


def diagnosis_section() -> None:
    notice = {"diverged": st.error, "unstable": st.warning, "converged": st.success}
    notice.get(diag.status, st.info)(tt(f"status.{diag.status}", **numbers))
    if singular:
        st.warning(tt("status.singular"), icon=":material/warning:")


with main:
    with layout.guard(f"{NS}.sections.surface"):
        surface_section()
    with layout.guard(f"{NS}.sections.diagnosis"):
        diagnosis_section()


# --- Data and fit -----------------------------------------------------------------------


def fit_section() -> None:
    st.subheader(tt("sections.fit"), anchor=False)
    fit, gap = st.columns(2, gap="medium")
    with fit:
        layout.chart(fit_spec, key="linreg_fit_chart")
    with gap:
        fig = charts.gap_figure(
            path.gap,
            float(path.loss[0]),
            diag.rate,
            t,
            converged_at=diag.converged_at,
            diverged_at=path.diverged_at,
        )
        layout.chart(fig, key="linreg_gap_chart")
    st.caption(tt("fit.caption"))
    if len(y) > charts.MAX_FIT_POINTS:
        st.caption(tt("fit.subsampled", m=charts.MAX_FIT_POINTS, n=len(y)))


with layout.guard(f"{NS}.sections.fit"):
    fit_section()


# --- The formula with your numbers --------------------------------------------------------


@layout.fragment
def gradient_step(X: np.ndarray, y: np.ndarray, path: linreg.Path, lr: float) -> None:
    """∇J and the update at the step the slider picks (only this part reruns)."""
    last = path.steps_run
    widgets.keep_in_range("linreg_step", 0, last, reset=0)
    k = (
        st.slider(
            tt("formula.step"), 0, last, key="linreg_step", help=tt("formula.step_help"), bind=BIND
        )
        if last
        else 0
    )
    w, b = path.w[k], float(path.b[k])
    gw, gb = linreg.gradient(X, y, w, b, ridge=path.ridge)
    st.markdown(tt("formula.intro", k=k))
    for line in charts.gradient_lines(
        k, len(y), path.ridge, float(path.loss[k]), gw, gb, w, b, lr, tex
    ):
        layout.formula(line)
    if np.hypot(np.linalg.norm(gw), gb) > 1e-6 * max(float(path.loss[k]), 1e-12):
        nw, nb = linreg.numerical_gradient(X, y, w, b, ridge=path.ridge)
        layout.check(tt("formula.check_grad"), np.append(gw, gb), np.append(nw, nb))
    else:
        st.info(tt("formula.stationary"))


def closed_form_section() -> None:
    st.markdown(tt("formula.closed_intro"))
    gram, rhs, _, y_mean = linreg.normal_system(X, y)
    lines = charts.normal_equation_lines(
        gram, rhs, float(ridge), best.w, best.b, y_mean, singular, tex
    )
    for line in lines:
        layout.formula(line)
    if singular:
        st.caption(tt("formula.singular_note"))
    reference = linreg.lstsq_solution(X, y, ridge=float(ridge))
    layout.check(
        tt("formula.check_closed"), np.append(best.w, best.b), np.append(*reference), tol=1e-6
    )
    st.markdown(tt("formula.newton_intro"))
    theta0 = np.array([*start, 0.0])
    gw, gb = linreg.gradient(X, y, start, 0.0, ridge=float(ridge))
    theta1 = np.append(newton.w, newton.b)
    for line in charts.newton_lines(
        cond.hessian, theta0, np.append(gw, gb), theta1, newton.singular, tex
    ):
        layout.formula(line)
    if newton.singular:
        landed = linreg.loss(X, y, newton.w, newton.b, ridge=float(ridge))
        layout.check(tt("formula.check_newton_singular"), landed, path.loss_min, tol=1e-6)
    else:
        layout.check(tt("formula.check_newton"), theta1, np.append(best.w, best.b), tol=1e-6)


with layout.guard(f"{NS}.sections.formula"):
    st.subheader(t("common.formula_with_numbers"), anchor=False)
    gradient_step(X, y, path, lr)
    closed_form_section()


# --- Deeper tabs ----------------------------------------------------------------------------


def singular_section() -> None:
    layout.prose(tt("singular.intro"))
    case = singular_case(data, float(ridge), start)
    left, right = st.columns(2, gap="medium")
    with left:
        fig = charts.singular_figure(
            case["box"],
            case["bowl"],
            case["j_min"],
            case["w_plus"],
            case["direction"],
            case["ridge_ws"],
            case["path_ridges"],
            np.array(start),
            case["landing"],
            t,
        )
        layout.chart(fig, key="linreg_singular_chart")
    with right:
        kappa_now = float(cond.bowl_condition) if ridge > 0 else float("inf")
        fig = charts.condition_figure(
            case["kappa_ridges"],
            linreg.condition_vs_ridge(X, case["kappa_ridges"]),
            case["kappa"],
            float(rho),
            float(ridge),
            kappa_now,
            t,
        )
        layout.chart(fig, key="linreg_kappa_chart")
    w_plus, landing, ridged = case["w_plus"], case["landing"], case["ridged"]
    values = dict(
        c=fmt(w_plus.sum(), 4),
        m1=fmt(w_plus[0], 4),
        m2=fmt(w_plus[1], 4),
        g1=fmt(landing[0], 4),
        g2=fmt(landing[1], 4),
    )
    if ridge > 0:
        text = tt(
            "singular.numbers",
            lam=fmt(ridge),
            r1=fmt(ridged[0], 4),
            r2=fmt(ridged[1], 4),
            kappa=fmt(case["kappa_now"], 4),
            **values,
        )
    else:
        text = tt("singular.numbers_zero", e=fmt(np.max(case["gram"]) * 2, 4), **values)
    st.markdown(text)
    st.caption(tt("singular.kappa_caption"))


def logistic_section(x: np.ndarray, labels: np.ndarray, ends: np.ndarray) -> None:
    layout.prose(tt("logistic.intro"))
    fit = layout.shared(linreg.linear_vs_logistic, max_entries=32)(x, labels)
    pad = 0.1 * float(np.ptp(x))
    grid = np.linspace(float(x.min()) - pad, float(x.max()) + pad, 121)
    linear, logistic = fit.predict(grid)
    layout.chart(
        charts.logistic_figure(x, labels, grid, linear, logistic, t), key="linreg_logistic_chart"
    )
    outside = int(np.count_nonzero(np.abs(fit.predict(x)[0] - 0.5) > 0.5))
    st.markdown(
        tt(
            "logistic.numbers",
            a=fmt(fit.linear[0], 4),
            c=fmt(fit.linear[1], 4),
            lo=fmt(ends[0], 3),
            hi=fmt(ends[1], 3),
            outside=outside,
            n=len(x),
            s=fmt(fit.logistic[0], 4),
            u=fmt(fit.logistic[1], 4),
            it=fit.iterations,
        )
    )


def classes(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One feature, 0/1 labels (y above its median) and where a least-squares line fitted
    to the labels starts and ends over the data."""
    x, labels = X[:, 0], (y > np.median(y)).astype(float)
    line = linreg.normal_equation(x[:, None], labels)
    return x, labels, line.w[0] * np.array([x.min(), x.max()]) + line.b


shapes_tab, singular_tab, logistic_tab = layout.tabs(
    [f"{NS}.tabs.{k}" for k in ("shapes", "singular", "logistic")], key="linreg_tab"
)
with shapes_tab, layout.guard(f"{NS}.sections.shapes"):
    if shapes_tab.open:
        layout.prose(tt("shapes.intro", n=len(y)), always=True)
        st.markdown(charts.shapes_table(len(y), X.shape[1], t))
        layout.formula(tt("shapes.chain_latex"))
with singular_tab, layout.guard(f"{NS}.sections.singular"):
    if singular_tab.open:
        singular_section()
x1, labels, ends = classes(X, y)
with logistic_tab, layout.guard(f"{NS}.sections.logistic"):
    if logistic_tab.open:
        logistic_section(x1, labels, ends)


# --- Interview corner and code --------------------------------------------------------------

with layout.guard(f"{NS}.sections.interview"):
    err = linreg.errors(X, y, best.w, best.b)
    layout.interview(
        NS,
        7,
        w1=fmt(best.w[0], 4),
        w2=fmt(best.w[1], 4),
        b=fmt(best.b, 4),
        jmin=fmt(path.loss_min, 4),
        n=len(y),
        kappa=fmt(cond.bowl_condition, 4),
        lr=fmt(lr, 3),
        limit=fmt(cond.lr_max, 3),
        status=tt(f"status_names.{diag.status}"),
        norm=fmt(err["norm"], 4),
        mse=fmt(err["mse"], 4),
        rmse=fmt(err["rmse"], 4),
        mae=fmt(err["mae"], 4),
        lo=fmt(ends[0], 3),
        hi=fmt(ends[1], 3),
        rho=fmt(rho),
        mu=fmt_list(cond.bowl_eigenvalues, 4),
        run=(
            tt("interview.run_converged", at=diag.converged_at)
            if diag.converged_at is not None
            else tt("interview.run_open", steps=diag.steps_run)
        ),
    )

with layout.guard(f"{NS}.sections.code"):
    params = dict(n=int(n), rho=float(rho), noise=float(data[2]), seed=seed, lam=float(ridge))
    scratch = handwritten.render(
        NS, current_language(), **params, lr=lr, steps=int(steps), w0=list(start)
    )
    snippet = linreg.snippet(
        int(n), float(rho), float(data[2]), seed, float(ridge), lr, int(steps), start
    )
    layout.code(scratch, snippet, key="linreg_code")
