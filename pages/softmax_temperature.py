"""Softmax & temperature: probabilities, entropy, sampling, gradient, Jacobian, stability."""

import numpy as np
import streamlit as st

from playground import handwritten
from playground import softmax as sm
from playground.app import layout, widgets
from playground.app.format import fmt, fmt_pct, tex, tex_list
from playground.app.i18n import current_language, translator
from playground.charts import softmax as charts

NS, BIND, TEMPS = "softmax_temperature", "query-params", np.geomspace(0.01, 100, 161)
DEFAULT = np.array([3.0, 1.5, 1.0, 0.2, -1.0])
SAMPLES = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000]
t = translator(current_language())  # bound once for the whole rerun (one session lookup)


def tt(key: str, **values) -> str:
    return t(f"{NS}.{key}", **values)


layout.header(NS)
controls, figure = st.columns([1, 2.6], gap="large")
with controls, st.container(border=True):
    z = widgets.number_list(
        tt("logits.label"),
        key="softmax_logits",
        value="3, 1.5, 1, 0.2, -1",
        min_len=2,
        max_len=20,
        max_abs=1e6,
        help=tt("logits.help"),
    )
    if z is None:  # keep the page working on the last valid list (or the default)
        z = st.session_state.get("softmax__last_logits", DEFAULT)
        st.caption(tt("logits.fallback", values=", ".join(fmt(v) for v in z)))
    st.session_state["softmax__last_logits"], K = z, z.size
    raw = st.text_input(
        tt("names.label"),
        key="softmax_names",
        bind=BIND,
        max_chars=400,
        placeholder=tt("names.placeholder"),
        help=tt("names.help"),
    )
    names, problem = sm.class_names(raw, [tt("class_n", i=i) for i in range(K)])
    if problem:  # a bad name: say which rule it broke, keep numbered names
        st.error(tt(f"names.errors.{problem.code}", **problem.params), icon=":material/edit_off:")
    if sm.count_names(raw) not in (0, K):
        st.caption(tt("names.count", names=sm.count_names(raw), k=K))
    T = widgets.log_slider(
        tt("temperature.label"),
        key="softmax_temperature",
        min_value=0.01,
        max_value=100,
        value=2.0,
        help=tt("temperature.help"),
    )
    if st.session_state.get("softmax_label", 0) >= K:  # fewer logits than before: clamp
        st.session_state["softmax_label"] = K - 1
    y = st.selectbox(
        tt("label.label"), list(range(K)), key="softmax_label", bind=BIND, help=tt("label.help")
    )
    st.caption(tt("label.caption", y=y, name=names[y]))

p, p1, logp = sm.softmax(z, T), sm.softmax(z, 1.0), sm.log_softmax(z, T)
H, (h0, hinf), top = sm.entropy(p), sm.limit_entropy(z), int(np.argmax(p))
loss, grad = sm.cross_entropy(z, y, T), sm.cross_entropy_grad(z, y, T)
jac = sm.softmax_jacobian(z, T)
with figure, layout.guard(f"{NS}.sections.bars"):
    layout.chart(charts.probability_bars(names, p, p1, T, y, t), key="softmax_bars_chart")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tt("metrics.top", name=names[top]), fmt_pct(p[top]))
    m2.metric(
        tt("metrics.entropy"),
        fmt(H, 3),
        tt("metrics.of_max", max=fmt(hinf, 3)),
        delta_color="off",
        delta_arrow="off",
        help=tt("metrics.entropy_help"),
    )
    m3.metric(tt("metrics.perplexity"), fmt(np.exp(H), 3), help=tt("metrics.perplexity_help"))
    m4.metric(tt("metrics.loss"), fmt(loss, 4), help=tt("metrics.loss_help"))

left, right = st.columns(2, gap="large")
with left, layout.guard(f"{NS}.sections.entropy"):
    fig = charts.entropy_vs_temperature(TEMPS, sm.entropy_curve(z, TEMPS), T, H, (h0, hinf), t)
    layout.chart(fig, key="softmax_entropy_chart")
    st.caption(tt("entropy.caption"))
with right, layout.guard(f"{NS}.sections.gradient"):
    layout.chart(charts.gradient_bars(names, grad, y, T, t), key="softmax_grad_chart")
    st.caption(tt("gradient.caption"))

with layout.guard(f"{NS}.sections.formula"):
    st.subheader(t("common.formula_with_numbers"), anchor=False)
    st.markdown(tt("formula.intro", m=fmt(np.max(z)), y=y))
    lines, notes = charts.formula_lines(z, y, T, p, logp, loss, grad, tex, tex_list, t)
    for line in lines:
        layout.formula(line)
    for note in notes:  # vectors too long to print, p_y below the smallest double
        st.caption(note)
    layout.check(tt("formula.check"), grad, sm.cross_entropy_grad_fd(z, y, T))

with layout.guard(f"{NS}.sections.sampling"):
    st.subheader(tt("sections.sampling"), anchor=False)
    layout.prose(tt("sampling.intro"))
    ctl, hist, lln = st.columns([1, 1.8, 1.8], gap="medium")
    with ctl, st.container(border=True):
        n = st.select_slider(
            tt("sampling.n"),
            SAMPLES,
            value=1000,
            key="softmax_n",
            bind=BIND,
            help=tt("sampling.n_help"),
        )
        seed = st.number_input(
            tt("sampling.seed"),
            0,
            999_999,
            0,
            1,
            key="softmax_seed",
            bind=BIND,
            help=tt("sampling.seed_help"),
        )
        s = layout.shared(sm.sampling_summary, max_entries=64)(z, T, int(n), int(seed))
        st.caption(tt("sampling.first", draws=", ".join(names[i] for i in s.first)))
    with hist:
        fig = charts.sampling_histogram(names, s.frequencies, p, int(n), int(seed), T, t)
        layout.chart(fig, key="softmax_hist_chart")
    with lln:
        layout.chart(charts.convergence(s.m, s.tv, s.expected_tv, t), key="softmax_lln_chart")
    st.caption(tt("sampling.caption"))

naive_tab, jac_tab, sig_tab, distill_tab = layout.tabs(
    [f"{NS}.tabs.{k}" for k in ("naive", "jacobian", "sigmoid", "distill")], key="softmax_tab"
)
with naive_tab, layout.guard(f"{NS}.sections.naive"):
    layout.prose(tt("naive.intro"))
    a, b = st.columns([1.4, 1])  # the two controls of the naive form
    shift = a.toggle(tt("naive.shift"), key="softmax_shift", bind=BIND, help=tt("naive.shift_help"))
    dtype = (
        b.segmented_control(
            tt("naive.dtype"),
            ["float64", "float32"],
            default="float64",
            key="softmax_dtype",
            bind=BIND,
            help=tt("naive.dtype_help"),
        )
        or "float64"
    )  # None if unselected
    if naive_tab.open:
        res = sm.naive_softmax(z + 1e5 * shift, T, dtype)
        message = tt(
            f"naive.{res.status}",
            dtype=dtype,
            count=res.n_overflow,
            nan=res.n_nan,
            threshold=fmt(sm.overflow_threshold(dtype), 5),
            err=fmt(res.max_error, 3),
        )
        (st.success if res.status == "ok" else st.warning)(message)
        st.markdown(charts.naive_table(names, res, fmt, t))
        layout.formula(tt("naive.identity_latex"))
with jac_tab, layout.guard(f"{NS}.sections.jacobian"):
    if jac_tab.open:
        layout.prose(tt("jacobian.intro"))
        layout.chart(charts.jacobian_heatmap(names, jac, t), key="softmax_jac_chart")
        layout.formula(charts.jacobian_formula(top, jac[top, top], tex))
        st.caption(tt("jacobian.rows", value=fmt(np.max(np.abs(jac.sum(axis=1))), 2)))
        layout.check(tt("jacobian.check"), jac, sm.softmax_jacobian_fd(z, T))
        st.caption(tt("jacobian.chain"))
with sig_tab, layout.guard(f"{NS}.sections.sigmoid"):
    layout.prose(tt("sigmoid.intro"))
    zs = st.slider(
        tt("sigmoid.z"),
        -8.0,
        8.0,
        1.5,
        0.1,
        key="softmax_sigmoid_z",
        bind=BIND,
        help=tt("sigmoid.z_help"),
    )
    if sig_tab.open:
        grid, dots = np.linspace(-8, 8, 161), np.linspace(-8, 8, 17)
        p0 = sm.two_class_softmax([zs])[0]
        fig = charts.sigmoid_two_class(
            grid,
            sm.sigmoid(grid),
            dots,
            sm.two_class_softmax(dots),
            sm.sigmoid(grid / T),
            zs,
            p0,
            T,
            t,
        )
        layout.chart(fig, key="softmax_sigmoid_chart")
        layout.formula(charts.sigmoid_formula(zs, p0, sm.sigmoid(zs), tex))
        st.caption(tt("sigmoid.caption"))
with distill_tab, layout.guard(f"{NS}.sections.distill"):
    if distill_tab.open:
        layout.prose(tt("distill.intro") + "\n\n" + tt("distill.setup", y=y))
        g = sm.distillation_grad_norms(np.zeros(K), z, y, TEMPS)
        raw_t = float(sm.distillation_grad_norms(np.zeros(K), z, y, [T])["raw"][0])
        layout.formula(tt("distill.loss_latex"))
        if raw_t > 0:
            fig = charts.distillation_scaling(TEMPS, g["raw"], g["scaled"], g["hard"], T, t)
            layout.chart(fig, key="softmax_distill_chart")
            key = "distill.numbers" if T >= 1 else "distill.numbers_low"  # T² is a high-T rule
            st.markdown(
                tt(
                    key,
                    T=fmt(T, 3),
                    raw=fmt(raw_t, 3),
                    t2=fmt(T**2, 3),
                    scaled=fmt(raw_t * T**2, 3),
                    hard=fmt(g["hard"], 3),
                )
            )
        else:
            st.info(tt("distill.no_gradient"))

layout.interview(
    NS,
    5,
    y=y,
    p_y=fmt(p[y], 4),
    g_y=fmt(grad[y], 4),
    max_u=fmt(np.max(np.abs(z)) / T, 4),
    log_k=fmt(hinf, 4),
    T=fmt(T, 3),
    H=fmt(H, 4),
    ppl=fmt(np.exp(H), 3),
    t2=fmt(T**2, 4),
    j_max=fmt(np.max(np.abs(jac)), 4),
)
scratch = handwritten.render(NS, current_language(), z=z.tolist(), T=float(T), y=int(y))
layout.code(scratch, sm.snippet(z, T, y, int(n), int(seed)), key="softmax_code")
