"""Logistic regression by gradient descent: ∂L/∂w = (p − y)·x running on data, checked,
and why cross-entropy."""

import numpy as np
import streamlit as st

from playground import handwritten
from playground import logistic as lg
from playground.app import layout, widgets
from playground.app.format import fmt, fmt_list, fmt_pct, tex, tex_list
from playground.app.i18n import current_language, t
from playground.charts import animation
from playground.charts import logistic as charts

NS, BIND = "logistic_regression", widgets.BIND
# The sliders' ranges keep the worst rerun under a second; the core accepts far more.
MAX_SAMPLES, MAX_STEPS = 2000, 2000
REPLAY_ARROWS = 40  # the largest pulls drawn in every frame of the replay


def T(key: str, **values) -> str:  # this page's catalog entries
    return t(f"{NS}.{key}", **values)


@layout.shared(max_entries=32)
def dataset(data: tuple):  # (kind, n, noise, seed): made once, shared by the cached work below
    return lg.make_data(*data)


@layout.shared(max_entries=32)
def train(data: tuple, lr: float, steps: int, batch: int | None, l2: float):
    X, y = dataset(data)
    return X, y, lg.fit_gd(X, y, lr=lr, steps=steps, batch_size=batch, l2=l2, seed=data[3])


@layout.shared(max_entries=32)
def reference(data: tuple, l2: float) -> lg.Reference:
    return lg.sklearn_reference(*dataset(data), l2=l2)


@layout.shared(max_entries=256)
def surface(data: tuple, l2: float, b: float, box: tuple):
    g1, g2 = charts.grid_axes(box, data[1])
    return g1, g2, lg.loss_surface(*dataset(data), b=b, l2=l2, w1=g1, w2=g2)


@layout.shared(max_entries=32)
def frames_of_run(data: tuple, lr: float, steps: int, batch, l2: float, arrows: int, window):
    """The replay's frames: one every few steps of the run (not the selected step's)."""
    X, y, hist = train(data, lr, steps, batch, l2)
    last = hist.steps_run
    every = animation.frame_steps(last, last, charts.replay_frame_count(len(y), last))
    return charts.replay_frames(X, y, hist, every, window=window, arrows=arrows)


layout.header(NS)
controls, main = st.columns([1.25, 2.75], gap="medium")
with controls, st.container(border=True), layout.guard(f"{NS}.sections.controls"):
    st.markdown(T("controls.data"))
    kind = widgets.choice(
        T("controls.kind"),
        {k: f"{NS}.controls.kinds.{k}" for k in lg.DATASETS},
        key="logistic_data",
    )
    n = st.slider(T("controls.n"), 20, MAX_SAMPLES, 200, step=10, key="logistic_n", bind=BIND)
    noise = round(
        st.slider(
            T("controls.noise"),
            0.0,
            0.5,
            0.25,
            step=0.05,
            key="logistic_noise",
            help=T("controls.noise_help"),
            bind=BIND,
        ),
        2,
    )
    seed = int(st.number_input(T("controls.seed"), 0, 9999, 0, key="logistic_seed", bind=BIND))
    st.markdown(T("controls.optimiser"))
    lr = widgets.log_slider(
        T("controls.lr"),
        key="logistic_lr",
        min_value=1e-3,
        max_value=10.0,
        value=0.5,
        help=T("controls.lr_help"),
    )
    steps = st.slider(
        T("controls.steps"), 10, MAX_STEPS, 200, step=10, key="logistic_steps", bind=BIND
    )
    mode = widgets.choice(
        T("controls.batch"),
        {m: f"{NS}.controls.modes.{m}" for m in ("full", "mini", "sgd")},
        key="logistic_batch",
        kind="radio",
    )
    size = (
        st.slider(T("controls.batch_size"), 2, 256, 32, key="logistic_batch_size", bind=BIND)
        if mode == "mini"
        else 32
    )
    l2 = st.select_slider(
        T("controls.l2"),
        [0.0, *widgets.log_options(1e-4, 1.0)],
        value=0.01,
        format_func=fmt,
        key="logistic_l2",
        help=T("controls.l2_help"),
        bind=BIND,
    )
    data, batch = (kind, n, noise, seed), {"full": None, "mini": min(size, n), "sgd": 1}[mode]
    (X, y, hist), ref = train(data, lr, steps, batch, l2), reference(data, l2)
    diag = lg.diagnose(hist, X, separable=ref.separable)

with controls, layout.guard(f"{NS}.sections.diagnosis"):
    notice = {
        "diverged": st.error,
        "unstable": st.warning,
        "separable": st.warning,
        "converged": st.success,
    }
    notice.get(diag.status, st.info)(
        T(f"status.{diag.status}", **{k: fmt(v, 4) for k, v in diag.numbers().items()})
    )
    st.markdown(
        T(
            "reference.well_posed",
            C=fmt(ref.C),
            w=fmt_list(ref.w, 4),
            b=fmt(ref.b),
            loss=fmt(ref.loss, 6),
        )
        if ref.well_posed
        else T("reference.ill_posed")
    )


@layout.fragment
def training() -> None:
    """Everything that depends on the step k: moving k, the pulls or the sample reruns only
    this. The replay itself plays in the browser (the chart's frames): it never retrains and
    never calls the server."""
    last = hist.steps_run
    widgets.keep_in_range("logistic_step", 0, last, reset=last, follow=True)
    widgets.keep_in_range("logistic_sample", 0, n - 1, reset=0)
    bar = st.columns([4.3, 1.3], vertical_alignment="bottom")
    k = bar[0].slider(T("step.formulas"), 0, last, key="logistic_step", bind=BIND) if last else 0
    show_arrows = bar[1].toggle(
        T("step.arrows"), value=True, key="logistic_arrows", help=T("step.arrows_help"), bind=BIND
    )
    figures, chain, w, b = st.container(), st.container(), hist.w[k], float(hist.b[k])
    gw, gb = lg.gradient(w, b, X, y, l2=l2)
    with chain, layout.guard(f"{NS}.sections.chain"):  # drawn first: the sample is chosen here
        st.subheader(t("common.formula_with_numbers"), anchor=False)
        i = int(
            st.number_input(
                T("chain.sample"),
                0,
                n - 1,
                key="logistic_sample",
                help=T("chain.sample_help"),
                width=320,
                bind=BIND,
            )
        )
        c = lg.chain_rule(w, b, X[i], y[i])
        layout.formula(T("chain.latex", i=i, k=k, **c.fields(tex, lambda v: tex_list(v, 4))))
        if not c.finite:
            st.warning(T("chain.overflow"))
        nw, nb = lg.numerical_gradient(w, b, X, y, l2=l2)
        layout.formula(
            T("chain.full_latex", n=n, l2=tex(l2), g=tex_list([*gw, gb]), num=tex_list([*nw, nb])),
            caption=T("chain.full_caption"),
        )
        if np.hypot(np.linalg.norm(gw), gb) > 1e-8:
            layout.check(T("chain.check"), [*gw, gb], [*nw, nb])
        else:
            st.info(T("chain.stationary"))
    with figures, layout.guard(f"{NS}.sections.training"):
        best = (ref.w, ref.b) if ref.well_posed else None
        box = charts.bounds(np.vstack([hist.w, best[0] if best else np.zeros(2)]), pad=0.3)
        arrows = REPLAY_ARROWS if show_arrows else 0
        layout.chart(
            charts.replay_figure(
                X,
                y,
                hist,
                frames_of_run(data, lr, steps, batch, l2, arrows, box),
                k,
                surface(data, l2, round(b, 12), box),
                t,
                reference=best,
                sample=i,
                arrows=arrows,
            ),
            key="logistic_replay",
        )
        layout.chart(
            charts.curves_figure(
                hist.loss,
                hist.accuracy,
                k,
                t,
                ref_loss=ref.loss,
                diverged_at=hist.diverged_at,
                requested=hist.steps,
            )
        )
        gap = np.hypot(np.linalg.norm(w - ref.w), b - ref.b) if best else None
        values = (
            fmt(hist.loss[k], 3),
            fmt_pct(hist.accuracy[k]),
            fmt(hist.grad_norm[k], 3),
            fmt(gap, 3),
        )
        for col, name, value in zip(
            st.columns(4), ("loss", "accuracy", "grad", "distance"), values, strict=True
        ):
            col.metric(T(f"metrics.{name}"), value, help=T(f"metrics.{name}_help"))


with main:
    training()

why, naive = layout.tabs([f"{NS}.tabs.why", f"{NS}.tabs.naive"], key="logistic_tab")
with why, layout.guard(f"{NS}.sections.why"):
    if why.open:
        for col, fig in zip(
            st.columns(2),
            (
                charts.ce_mse_figure(np.linspace(-10.0, 10.0, 201), t),
                charts.slice_figure(
                    *layout.shared(lg.loss_slice)(X, y, hist.w[-1], hist.b[-1], l2=l2), t
                ),
            ),
            strict=True,
        ):
            with col:
                layout.chart(fig)
        layout.prose(T("why.explain"))
with naive, layout.guard(f"{NS}.sections.naive"):
    if naive.open:
        zs = widgets.number_list(
            T("naive.logits"),
            key="logistic_logits",
            max_len=25,
            max_abs=1e6,
            value="-1000, -800, -40, -5, 0, 5, 40, 800, 1000",
        )
        label = widgets.choice(
            T("naive.label"),
            {"1": f"{NS}.naive.y1", "0": f"{NS}.naive.y0"},
            key="logistic_label",
            kind="segmented_control",
        )
        if zs is not None:
            layout.chart(charts.naive_table(lg.naive_vs_stable(zs, y=float(label)), t))
        layout.chart(charts.naive_figure(t))
        layout.prose(T("naive.explain"))

with layout.guard(f"{NS}.sections.interview"):
    numbers = {key: fmt(value, 4) for key, value in lg.talking_points(hist, X, y).items()}
    layout.interview(NS, 6, **numbers, separable=T(f"interview.sep_{ref.separable:d}"))
with layout.guard(f"{NS}.sections.code"):
    settings = dict(n=n, noise=noise, seed=seed, lr=lr, steps=steps, batch_size=batch, l2=l2)
    scratch = handwritten.render(NS, current_language(), kind=kind, **settings)
    layout.code(scratch, lg.snippet(kind=kind, **settings), key="logistic_code")
