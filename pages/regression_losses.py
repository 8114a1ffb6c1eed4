"""L1 vs L2 vs smooth L1 / Huber: curves, outlier robustness, and L1/L2 regularisation sparsity."""

import numpy as np
import streamlit as st

from playground import handwritten
from playground import losses as L
from playground.app import layout, widgets
from playground.app.format import fmt, fmt_list, tex
from playground.app.i18n import catalog, current_language, t, translator
from playground.charts import losses as charts

NS, BIND = "regression_losses", "query-params"
tr = translator(current_language())  # one language lookup per rerun, not one per string


@layout.shared(max_entries=128)
def cached(name, *args, **kwargs):
    """``playground.losses.<name>(...)``, cached (one small wrapper, cheap to re-create)."""
    return getattr(L, name)(*args, **kwargs)


def tt(key, **values):
    return tr(f"{NS}.{key}", **values)


def controls(specs):
    """Sliders from ``{name: (label key, min, max, default[, step])}``; no step: log-spaced."""
    out = {}
    for name, (label, lo, hi, v, *step) in specs.items():
        hint = tt(f"{label}_help") if f"{NS}.{label}_help" in catalog("en") else None
        out[name] = (
            st.slider(tt(label), lo, hi, v, *step, key=f"losses_{name}", bind=BIND, help=hint)
            if step
            else widgets.log_slider(
                tt(label), key=f"losses_{name}", min_value=lo, max_value=hi, value=v, help=hint
            )
        )
    return out


layout.header(NS)
tab_c, tab_o, tab_r = layout.tabs(
    [f"{NS}.tabs.{k}" for k in ("curves", "outliers", "regularisation")], key="losses_tab"
)
# Widgets of every tab are drawn on every rerun (their values stay in the URL and feed the
# interview answers); the work behind them runs only for the open tab.
with tab_c:
    left, fig_c = st.columns([1, 2.6], gap="large")
    with left, st.container(border=True):
        c = controls(
            {
                "range": ("curves.range", 1.0, 10.0, 4.0, 0.5),
                "r0": ("curves.r0", -10.0, 10.0, 2.5, 0.1),
                "beta": ("curves.beta", 0.1, 10.0, 1.0),
                "delta": ("curves.delta", 0.1, 10.0, 2.0),
            }
        )
with tab_o:
    left, fig_o = st.columns([1, 2.6], gap="large")
    with left, st.container(border=True):
        o = controls(
            {
                "n": ("outliers.n", 5, 500, 40, 1),
                "noise": ("outliers.noise", 0.0, 3.0, 0.5, 0.1),
                "outliers": ("outliers.k", 0, 50, 4, 1),
                "size": ("outliers.size", -30.0, 30.0, -12.0, 0.5),
                "where": ("outliers.where", 0.0, 10.0, 9.0, 0.5),
                "fit_delta": ("outliers.delta", 0.1, 10.0, 1.0),
                "seed": ("outliers.seed", 0, 999, 0, 1),
            }
        )
        refs = st.toggle(
            tt("outliers.refs"), key="losses_refs", bind=BIND, help=tt("outliers.refs_help")
        )
with tab_r:
    left, fig_g = st.columns([1, 2.6], gap="large")
    with left, st.container(border=True):
        w = controls(
            {
                "w1": ("geometry.w1", -3.0, 3.0, 2.0, 0.1),
                "w2": ("geometry.w2", -3.0, 3.0, 1.0, 0.1),
                "rho": ("geometry.rho", -0.9, 0.9, 0.5, 0.1),
                "t": ("geometry.t", 0.1, 3.0, 1.0, 0.1),
            }
        )
    box_a, fig_p = st.columns([1, 2.6], gap="large")
    with box_a, st.container(border=True):
        alpha = controls({"alpha": ("paths.alpha", 0.01, 100.0, 4.0)})["alpha"]

r0, beta, delta, fit_delta = c["r0"], c["beta"], c["delta"], o["fit_delta"]
v0, g0 = (
    {k: float(a[0]) for k, a in d.items()} for d in L.all_losses([r0], beta=beta, delta=delta)
)
args = dict(
    n=o["n"],
    noise=o["noise"],
    seed=o["seed"],
    n_outliers=o["outliers"],
    outlier_size=o["size"],
    outlier_x=o["where"],
    delta=fit_delta,
)
with layout.guard(f"{NS}.sections.outliers"):  # shared by the outliers tab and the interview
    x, y, out, fits, skl = cached("outlier_study", **args, references=refs)
h = L.pair_hessian(w["rho"])
w_l1, w_l2 = (
    L.constrained_optimum((w["w1"], w["w2"]), w["t"], norm=n, hessian=h) for n in ("l1", "l2")
)

if tab_c.open:
    with fig_c, layout.guard(f"{NS}.sections.curves"):
        grid = np.linspace(-1, 1, 301) * max(c["range"], 1.1 * abs(r0))
        values, grads = L.all_losses(grid, beta=beta, delta=delta)
        layout.chart(
            charts.curves_figure(
                grid,
                values,
                grads,
                beta=beta,
                delta=delta,
                r0=r0,
                probe_values=v0,
                probe_grads=g0,
                tr=tr,
            )
        )
        layout.prose(tt("curves.caption"))
    with tab_c, layout.guard(f"{NS}.sections.curves_formula"):
        st.subheader(t("common.formula_with_numbers"), anchor=False)
        b, d, r = tex(beta), tex(delta), tex(r0)
        sl = tt(
            "formula.sl_inside_latex" if abs(r0) < beta else "formula.sl_outside_latex", r=r, b=b
        )
        hu = tt(
            "formula.hu_inside_latex" if abs(r0) < delta else "formula.hu_outside_latex", r=r, d=d
        )
        layout.formula(
            tt(
                "formula.curves_latex",
                r=r,
                b=b,
                d=d,
                sl=sl,
                hu=hu,
                **{k: tex(v) for k, v in v0.items()},
                **{f"g_{k}": tex(v) for k, v in g0.items()},
            )
        )
        layout.prose(tt("curves.identity"))
        layout.check(
            tt("curves.check"),
            list(g0.values()),
            [float(v[0]) for v in L.all_grads_fd([r0], beta=beta, delta=delta).values()],
        )
        if r0 == 0:
            st.info(tt("curves.kink"), icon=":material/info:")

if tab_o.open:
    with fig_o, layout.guard(f"{NS}.sections.outliers"):
        layout.chart(
            charts.outliers_figure(
                x,
                y,
                out,
                fits,
                true_line=(L.TRUE_SLOPE, L.TRUE_INTERCEPT),
                delta=fit_delta,
                refs=skl,
                tr=tr,
            )
        )
        rows = {
            tt(f"names.{m}_fit", delta=fmt(fit_delta), beta=fmt(fit_delta)): v
            for m, v in fits.items()
        } | {tt(f"outliers.ref_{m}"): v for m, v in skl.items()}
        cols = [tt(f"outliers.{c}") for c in ("fit", "slope", "intercept", "error")]
        st.dataframe(
            [
                dict(zip(cols, [k, fmt(s), fmt(c), fmt(s - L.TRUE_SLOPE, 3)], strict=True))
                for k, (s, c) in rows.items()
            ],
            hide_index=True,
            width="stretch",
        )
        st.caption(tt("outliers.table_caption"))
    with tab_o, layout.guard(f"{NS}.sections.outliers_formula"):
        st.subheader(t("common.formula_with_numbers"), anchor=False)
        (s2, c2), (s1, c1), (sh, ch) = fits["l2"], fits["l1"], fits["huber"]
        layout.formula(
            tt(
                "formula.fits_latex",
                n=x.size,
                s2=tex(s2),
                c2=tex(c2),
                s1=tex(s1),
                c1=tex(c1),
                d=tex(fit_delta),
                sh=tex(sh),
                ch=tex(ch),
            )
        )
        st.markdown(
            tt("outliers.arm", arm=int((np.abs(y - sh * x - ch) > fit_delta).sum()), total=x.size)
            + " "
            + tt("outliers.pull", pull=fmt(2 * np.abs(y - s2 * x - c2).max()), delta=fmt(fit_delta))
        )
        layout.check(tt("outliers.check_l2"), fits["l2"], np.polyfit(x, y, 1))
        if refs:
            layout.check(
                tt("outliers.check_l1"),
                L.line_objective(x, y, s1, c1, loss="l1"),
                L.line_objective(x, y, *skl["quantile"], loss="l1"),
                tol=1e-6,
            )
        layout.prose(tt("outliers.mean_median"))

if tab_r.open:
    with fig_g, layout.guard(f"{NS}.sections.geometry"):
        g = cached("constraint_geometry", (w["w1"], w["w2"]), w["t"], rho=w["rho"])
        layout.chart(
            charts.geometry_figure(
                g.grid,
                g.z,
                w_ls=(w["w1"], w["w2"]),
                t=w["t"],
                w_l1=g.w_l1,
                w_l2=g.w_l2,
                touch_l1=g.touch_l1,
                touch_l2=g.touch_l2,
                tr=tr,
            )
        )
        layout.prose(tt("geometry.caption"))
        st.caption(tt("geometry.kkt_caption"))
        st.page_link(
            "pages/lagrange_kkt.py",
            label=tt("geometry.kkt_link"),
            icon=":material/join_inner:",
            query_params={"kkt_tab": t("lagrange_kkt.tabs.price")},
        )
    with fig_p, layout.guard(f"{NS}.sections.paths"):
        (lasso, ridge), p = cached("lasso_ridge_at", alpha), cached("regularisation_paths")
        zeros = int((lasso == 0).sum())
        layout.chart(
            charts.paths_figure(p.alphas, p.lasso, p.ridge, p.features, alpha=alpha, tr=tr)
        )
        box_a.metric(tt("paths.zeros_lasso"), f"{zeros} / {lasso.size}")
        box_a.metric(tt("paths.zeros_ridge"), f"{int((ridge == 0).sum())} / {ridge.size}")
        box_a.metric(tt("paths.smallest_ridge"), fmt(np.abs(ridge).min(), 3))
    with tab_r, layout.guard(f"{NS}.sections.reg_formula"):
        layout.prose(tt("paths.l0"))
        st.subheader(t("common.formula_with_numbers"), anchor=False)
        layout.formula(
            tt(
                "formula.ball_latex",
                t=tex(w["t"]),
                a1=tex(w_l1[0]),
                b1=tex(w_l1[1]),
                n1=L.l0_norm(w_l1),
                a2=tex(w_l2[0]),
                b2=tex(w_l2[1]),
                n2=L.l0_norm(w_l2),
            )
        )
        if abs(w["w1"]) + abs(w["w2"]) <= w["t"]:
            st.info(tt("geometry.inside"), icon=":material/info:")
        layout.check(tt("geometry.check"), w_l1, g.w_l1_numeric)
        layout.formula(
            tt("formula.lasso_latex", alpha=tex(alpha), l0=L.l0_norm(lasso)),
            caption=tt(
                "formula.lasso_zeros",
                alpha=fmt(alpha),
                zeros=zeros,
                p=lasso.size,
                l0=L.l0_norm(lasso),
            ),
        )

with layout.guard(f"{NS}.sections.interview"):
    layout.interview(
        NS,
        4,
        r0=fmt(r0),
        g_l2=fmt(g0["l2"]),
        g_l1=fmt(g0["l1"]),
        beta=fmt(beta),
        t=fmt(w["t"]),
        slope_l2=fmt(fits["l2"][0], 3),
        slope_l1=fmt(fits["l1"][0], 3),
        n1=L.l0_norm(w_l1),
        n2=L.l0_norm(w_l2),
        w_ls=f"({fmt_list((w['w1'], w['w2']), 4)})",
        w_l1=f"({fmt_list(w_l1, 4)})",
        w_l2=f"({fmt_list(w_l2, 4)})",
    )
with layout.guard(f"{NS}.sections.code"):
    view = "outliers" if tab_o.open else "regularisation" if tab_r.open else "curves"
    snippet = L.snippet(
        view,
        **{
            "curves": dict(r0=r0, beta=beta, delta=delta),
            "outliers": args,
            "regularisation": dict(w_ls=(w["w1"], w["w2"]), rho=w["rho"], t=w["t"], alpha=alpha),
        }[view],
    )
    scratch = handwritten.render(NS, current_language(), r0=r0, beta=beta, delta=delta)
    layout.code(scratch, snippet, key="losses_code")
