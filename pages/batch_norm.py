"""Batch normalisation: distributions layer by layer, saturation and gradients, train vs eval."""

import numpy as np
import streamlit as st

from playground import batchnorm as bn
from playground import handwritten
from playground.app import layout, widgets
from playground.app.format import fmt, fmt_pct, tex, tex_list
from playground.app.i18n import current_language, t, translator
from playground.charts import batchnorm as charts

NS, BIND = "batch_norm", "query-params"
MAX_DEPTH = 20  # the slider's range keeps the worst rerun under a second
TINY = [2, 4, 4, 4, 5, 5, 7, 9]


# Small wrappers around the core's work, shared by every session (layout.shared).
@layout.shared(max_entries=48)
def run(**kwargs):  # one forward/backward pass of the MLP, summarised
    return bn.run_mlp(**kwargs)


@layout.shared(max_entries=32)
def demo(**kwargs):
    return bn.inference_demo(**kwargs)


@layout.shared(max_entries=1)
def noise():
    return bn.batch_noise()


def signed_sum(values) -> str:
    """``2 + 4 - 1`` for LaTeX."""
    terms = [tex(values[0], 4)] + [f"{'-' if v < 0 else '+'} {tex(abs(v), 4)}" for v in values[1:]]
    return " ".join(terms)


layout.header(NS)
controls, main = st.columns([1, 2.6], gap="large")
with controls, st.container(border=True):
    st.markdown(f"**{t(f'{NS}.controls.title')}**")
    depth = st.slider(t(f"{NS}.controls.depth"), 2, MAX_DEPTH, 10, key="bn_depth", bind=BIND)
    width = st.select_slider(
        t(f"{NS}.controls.width"),
        options=[8, 16, 32, 64, 128, 256],
        value=64,
        key="bn_width",
        bind=BIND,
    )
    activation = widgets.choice(
        t(f"{NS}.controls.activation"),
        {a: f"{NS}.act.{a}" for a in bn.ACTIVATIONS},
        key="bn_activation",
    )
    init = widgets.choice(
        t(f"{NS}.controls.init"), {i: f"{NS}.init.{i}" for i in bn.INITS}, key="bn_init"
    )
    scale = widgets.log_slider(
        t(f"{NS}.controls.scale"),
        key="bn_scale",
        min_value=0.01,
        max_value=10.0,
        value=1.0,
        help=t(f"{NS}.controls.scale_help"),
    )
    batch = st.select_slider(
        t(f"{NS}.controls.batch"),
        options=[2**k for k in range(1, 11)],
        value=128,
        key="bn_batch_size",
        bind=BIND,
    )
    use_bn = st.toggle(
        t(f"{NS}.controls.bn"), value=True, key="bn_on", bind=BIND, help=t(f"{NS}.controls.bn_help")
    )
    gamma = st.slider(
        t(f"{NS}.controls.gamma"),
        0.0,
        5.0,
        1.0,
        0.1,
        key="bn_gamma",
        bind=BIND,
        disabled=not use_bn,
    )
    beta = st.slider(
        t(f"{NS}.controls.beta"),
        -5.0,
        5.0,
        0.0,
        0.25,
        key="bn_beta",
        bind=BIND,
        disabled=not use_bn,
    )
    seed = int(st.number_input(t(f"{NS}.controls.seed"), 0, 9999, 0, key="bn_seed", bind=BIND))

values, tr = None, translator(current_language())  # tr: for charts (no session lookups)
net = dict(
    depth=depth,
    width=width,
    batch_size=batch,
    activation=activation,
    init=init,
    scale=scale,
    seed=seed,
)
plain, normed = run(**net), run(**net, bn=True, gamma=gamma, beta=beta)
shown = normed if use_bn else None
live = dict(
    sat_plain=fmt_pct(plain.saturated.mean()),
    sat_bn=fmt_pct(normed.saturated.mean()),
    ratio_plain=fmt(plain.grad_ratio, 2),
    ratio_bn=fmt(normed.grad_ratio, 2),
)
with main:
    with layout.guard(f"{NS}.sections.metrics"):
        left, right = st.columns(2)
        for col, name in ((left, "sat"), (right, "ratio")):
            pair = [live[f"{name}_plain"], live[f"{name}_bn"]][: 1 + use_bn]
            col.metric(
                t(f"{NS}.metrics.{name}"), " → ".join(pair), help=t(f"{NS}.metrics.{name}_help")
            )
        for summary in (plain, shown):
            if summary is not None and not summary.finite:
                st.warning(
                    t(
                        f"{NS}.warn.overflow",
                        first=fmt(summary.std[0], 3),
                        depth=depth,
                        last=fmt(summary.std[-1], 3),
                    ),
                    icon=":material/trending_up:",
                )
        if use_bn and gamma == 0:
            st.info(t(f"{NS}.warn.gamma_zero"), icon=":material/block:")
        if not use_bn:
            st.caption(t(f"{NS}.warn.bn_off"))
    tab_dist, tab_grad, tab_formula, tab_infer = layout.tabs(
        [f"{NS}.tabs.{k}" for k in ("dist", "grad", "formula", "infer")], key="bn_tab"
    )
    with tab_infer:  # controls first, always drawn so that the URL keeps them
        c1, c2, c3 = st.columns(3)
        steps = c1.slider(t(f"{NS}.infer.steps"), 0, 200, 20, key="bn_steps", bind=BIND)
        momentum = c2.slider(
            t(f"{NS}.infer.momentum"), 0.01, 1.0, bn.MOMENTUM, 0.01, key="bn_momentum", bind=BIND
        )
        x_test = c3.slider(t(f"{NS}.infer.x"), -10.0, 10.0, 5.0, 0.5, key="bn_x", bind=BIND)
    with tab_dist, layout.guard(f"{NS}.sections.distributions"):
        if tab_dist.open:
            layout.chart(
                charts.distributions_figure(plain, shown, activation, tr), key="bn_fig_dist"
            )
            st.caption(
                t(
                    f"{NS}.dist.caption",
                    limit=fmt(bn.HIST_LIMIT[activation]),
                    outside=fmt_pct(plain.outside.max()),
                )
            )
    with tab_grad, layout.guard(f"{NS}.sections.gradients"):
        if tab_grad.open:
            layout.chart(charts.saturation_figure(plain, shown, activation, tr), key="bn_fig_sat")
            layout.chart(charts.gradient_figure(plain, shown, tr), key="bn_fig_grad")
            st.caption(t(f"{NS}.grad.caption"))
    with tab_formula, layout.guard(f"{NS}.sections.formula"):
        values = widgets.number_list(
            t(f"{NS}.formula.batch"),
            key="bn_tiny",
            value=str(TINY)[1:-1],
            min_len=2,
            max_len=8,
            max_abs=1e6,
            help=t(f"{NS}.formula.batch_help"),
        )
        if values is not None and tab_formula.open:
            tb = bn.tiny_batch(values, gamma=gamma, beta=beta, momentum=momentum, seed=seed)
            n, m = values.size, tex(momentum)
            st.markdown(t(f"{NS}.formula.steps", n=n, gamma=fmt(gamma), beta=fmt(beta)))
            layout.formula(rf"\mu_B = \tfrac{{1}}{{{n}}}({signed_sum(tb.x)}) = {tex(tb.mean)}")
            layout.formula(
                rf"\sigma_B^2 = \tfrac{{1}}{{{n}}}\textstyle\sum_i (x_i-\mu_B)^2 = {tex(tb.var)}"
            )
            layout.formula(
                rf"\hat x = \frac{{x - {tex(tb.mean)}}}{{\sqrt{{{tex(tb.var)} + 10^{{-5}}}}}}"
                rf" = {tex_list(np.round(tb.x_hat, 4))}"
            )  # x̂, y = O(1): hide ε leftovers
            layout.formula(
                rf"y = \gamma\hat x + \beta = {tex(gamma)}\,\hat x {'-' if beta < 0 else '+'} "
                rf"{tex(abs(beta))} = {tex_list(np.round(tb.y, 4))}"
            )
            if tb.var == 0:
                st.info(t(f"{NS}.formula.constant"))
            layout.chart(charts.tiny_batch_figure(tb.x, tb.x_hat, tb.y, tr), key="bn_fig_tiny")
            st.markdown(t(f"{NS}.formula.running", m=fmt(momentum)))
            layout.formula(
                rf"\hat\mu \leftarrow (1-{m})\cdot 0 + {m}\cdot {tex(tb.mean)}"
                rf" = {tex(tb.running_mean)},"
                rf"\quad \hat\sigma^2 \leftarrow (1-{m})\cdot 1 + {m}\cdot\tfrac{{{n}}}{{{n - 1}}}"
                rf"\cdot {tex(tb.var)} = {tex(tb.running_var)}"
            )
            layout.check(t(f"{NS}.formula.check"), tb.dx, tb.dx_numeric)
            st.caption(t(f"{NS}.formula.frameworks"))
    with tab_infer, layout.guard(f"{NS}.sections.inference"):
        if tab_infer.open:
            st.markdown(t(f"{NS}.infer.intro", n=batch))
            d = demo(
                x=x_test,
                steps=steps,
                batch_size=batch,
                momentum=momentum,
                gamma=gamma,
                beta=beta,
                seed=seed,
            )
            layout.chart(
                charts.running_stats_figure(d, bn.POP_MEAN, bn.POP_STD, tr), key="bn_fig_run"
            )
            for col, name in zip(st.columns(3), ("eval", "ideal", "single"), strict=True):
                col.metric(t(f"{NS}.infer.{name}"), fmt(getattr(d, f"{name}_out"), 3))
            close = abs(d.eval_out - d.ideal_out) <= 0.05 * max(1.0, abs(d.ideal_out))
            verdict = t(
                f"{NS}.infer.verdict_{'close' if close else 'far'}", ideal=fmt(d.ideal_out, 3)
            )
            st.markdown(
                t(
                    f"{NS}.infer.explain",
                    beta=fmt(beta),
                    a=fmt(d.batch_outs[0], 3),
                    b=fmt(d.batch_outs[1], 3),
                    eval=fmt(d.eval_out, 3),
                    k=steps,
                    rm=fmt(d.running_mean[-1], 3),
                    verdict=verdict,
                )
            )
            layout.chart(charts.noise_figure(noise(), batch, tr), key="bn_fig_noise")
            st.caption(t(f"{NS}.infer.noise_caption"))

with layout.guard(f"{NS}.sections.interview"):
    layout.interview(
        NS,
        4,
        **live,
        m=fmt(momentum),
        beta=fmt(beta),
        n=batch,
        noise=fmt(bn.POP_STD / np.sqrt(batch), 3),
    )
with layout.guard(f"{NS}.sections.code"):
    tiny = dict(gamma=gamma, beta=beta, momentum=momentum)
    batch_values = TINY if values is None else values.tolist()
    scratch = handwritten.render(NS, current_language(), x=batch_values, seed=seed, **tiny)
    layout.code(scratch, bn.snippet(batch=batch_values, **tiny, **net), key="bn_code")
