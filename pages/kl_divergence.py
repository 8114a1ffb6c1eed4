"""KL divergence is not symmetric: discrete P and Q, forward vs reverse fits of a mixture,
two Gaussians."""

import numpy as np
import streamlit as st

from playground import divergence as dv
from playground import handwritten
from playground._validation import InputError, parse_number_list
from playground.app import layout, widgets
from playground.app.format import fmt, fmt_list, tex
from playground.app.i18n import current_language, t
from playground.charts import divergence as charts

NS, BIND = "kl_divergence", "query-params"
EXAMPLES = {
    "peaked": ("6, 3, 0.5, 0.3, 0.2", "2, 2, 2, 2, 2"),
    "onehot": ("1, 0, 0, 0", "0.7, 0.1, 0.1, 0.1"),
    "mismatch": ("5, 3, 2, 0", "4, 3, 2, 1"),
    "equal": ("1, 2, 3, 4", "1, 2, 3, 4"),
}
LABELS = {
    "kl_pq": "KL(P‖Q)",
    "kl_qp": "KL(Q‖P)",
    "js": "JS(P, Q)",
    "h_p": "H(P)",
    "h_pq": "H(P, Q)",
}
MUS, SIGMAS = np.linspace(-6.0, 6.0, 49), np.geomspace(0.1, 10.0, 37)  # the (μ, σ) slider ranges
minima, descend = (
    layout.shared(dv.reverse_kl_minima, max_entries=32),
    layout.shared(dv.reverse_kl_path, max_entries=64),
)
landscape = layout.shared(dv.kl_landscape, max_entries=16)


def tt(key: str, **values) -> str:
    return t(f"{NS}.{key}", **values)


def load_example() -> None:
    if st.session_state.get("kl_example") in EXAMPLES:
        st.session_state["kl_p"], st.session_state["kl_q"] = EXAMPLES[
            st.session_state["kl_example"]
        ]


def metrics(names, values) -> None:
    for col, name, value in zip(st.columns(len(names)), names, values, strict=True):
        col.metric(LABELS[name], fmt(value), help=tt(f"metrics.{name}"))


layout.header(NS)
tab_d, tab_c, tab_g = layout.tabs(
    [f"{NS}.tabs.{k}" for k in ("discrete", "continuous", "gaussians")], key="kl_tab"
)
with tab_d:
    left, right = st.columns([1, 2.6], gap="large")
    with left, st.container(border=True):
        chosen = st.session_state.get(
            "kl_example", None if "kl_example" in st.query_params else "peaked"
        )
        typed = tuple(
            st.session_state.get(k, st.query_params.get(k, v))
            for k, v in zip(("kl_p", "kl_q"), EXAMPLES["peaked"], strict=True)
        )
        if chosen in EXAMPLES and typed != EXAMPLES[chosen]:  # edited since the example was loaded
            st.session_state["kl_example"] = "custom"
        widgets.choice(
            tt("discrete.example"),
            {k: f"{NS}.examples.{k}" for k in ("custom", *EXAMPLES)},
            key="kl_example",
            default="peaked",
            kind="pills",
            on_change=load_example,
        )
        raw = [
            widgets.number_list(
                tt(f"discrete.{k}"),
                key=f"kl_{k}",
                value=v,
                min_len=2,
                max_len=10,
                max_abs=1e6,
                help=tt("discrete.help"),
            )
            for k, v in zip("pq", EXAMPLES["peaked"], strict=True)
        ]
        cmp = None
        try:
            if all(r is not None for r in raw):
                p, q, rescaled = dv.normalize_pair(*raw)
                cmp = dv.compare(p, q)
                if rescaled:
                    st.caption(tt("discrete.normalised", p=fmt_list(p), q=fmt_list(q)))
        except InputError as exc:
            st.error(tt(f"discrete.errors.{exc.code}", **exc.params), icon=":material/edit_off:")
    if tab_d.open and cmp is not None:
        with right, layout.guard(f"{NS}.sections.discrete"):
            metrics(LABELS, (cmp.kl_pq, cmp.kl_qp, cmp.js, cmp.entropy_p, cmp.cross_entropy_pq))
            layout.chart(charts.distributions_figure(cmp.p, cmp.q, tr=t))
            for d, idx in (("pq", cmp.infinite_pq), ("qp", cmp.infinite_qp)):
                if idx.size:
                    st.info(
                        tt(f"discrete.infinite_{d}", cats=", ".join(str(i + 1) for i in idx)),
                        icon=":material/all_inclusive:",
                    )
        with layout.guard(f"{NS}.sections.terms"):
            terms, identity = st.columns([1.35, 1], gap="large")
            with terms:
                layout.chart(charts.contributions_figure(cmp.terms_pq, cmp.terms_qp, tr=t))
                layout.prose(tt("discrete.terms_caption"))
            with identity:
                layout.chart(
                    charts.identity_figure(cmp.entropy_p, cmp.kl_pq, cmp.cross_entropy_pq, tr=t)
                )
                layout.prose(tt("discrete.identity_caption"))
        with layout.guard(f"{NS}.sections.discrete_formula"):
            st.subheader(t("common.formula_with_numbers"), anchor=False)
            sums = " + ".join(tex(v, 3) if v >= 0 else f"({tex(v, 3)})" for v in cmp.terms_pq)
            layout.formula(
                rf"\begin{{aligned}}\mathrm{{KL}}(P\,\|\,Q) &= \sum_{{i=1}}^{{{cmp.p.size}}} "
                rf"p_i \log\frac{{p_i}}{{q_i}} = {tex(cmp.p[0], 3)}"
                rf"\log\frac{{{tex(cmp.p[0], 3)}}}{{{tex(cmp.q[0], 3)}}} + \dots"
                rf"\\ &= {sums} = {tex(cmp.kl_pq)}\end{{aligned}}"
            )
            layout.formula(
                rf"\underbrace{{H(P)}}_{{{tex(cmp.entropy_p)}}}"
                rf" + \underbrace{{\mathrm{{KL}}(P\,\|\,Q)}}_{{{tex(cmp.kl_pq)}}}"
                rf" = \underbrace{{H(P, Q)}}_{{{tex(cmp.cross_entropy_pq)}}} = -\sum_i p_i \log q_i"
            )
            if np.isfinite(cmp.kl_pq):
                layout.check(
                    tt("discrete.check"), cmp.entropy_p + cmp.kl_pq, cmp.cross_entropy_pq, tol=1e-9
                )
            else:
                st.info(tt("discrete.check_infinite"), icon=":material/all_inclusive:")

with tab_c:
    left, right = st.columns([1, 2.6], gap="large")
    with left, st.container(border=True):
        st.markdown(tt("continuous.p_heading"))
        mix_args = (
            st.slider(tt("continuous.separation"), 0.0, 8.0, 5.0, 0.1, key="kl_sep", bind=BIND),
            st.slider(tt("continuous.weight"), 0.05, 0.95, 0.6, 0.05, key="kl_w", bind=BIND),
            st.slider(tt("continuous.sigma_left"), 0.2, 2.0, 0.5, 0.05, key="kl_s1", bind=BIND),
            st.slider(tt("continuous.sigma_right"), 0.2, 2.0, 0.7, 0.05, key="kl_s2", bind=BIND),
        )
        st.markdown(tt("continuous.q_heading"))
        mu = st.slider(tt("continuous.mu"), -6.0, 6.0, 1.0, 0.1, key="kl_mu", bind=BIND)
        sigma = widgets.log_slider(
            tt("continuous.sigma"), key="kl_sigma", min_value=0.1, max_value=10.0, value=1.0
        )
        fit = widgets.choice(
            tt("continuous.fit"),
            {k: f"{NS}.continuous.fit_{k}" for k in ("manual", "forward", "reverse")},
            key="kl_fit",
            kind="segmented_control",
            help=tt("continuous.fit_help"),
        )
    fwd = dv.fit_gaussian_forward_kl(*(mix := dv.two_gaussian_mixture(*mix_args)))
    if tab_c.open:
        rev = tuple(map(float, (path := descend(*mix, init_mu=mu, init_sigma=sigma))[-1]))
        qm, qs = {"manual": (mu, sigma), "forward": fwd, "reverse": rev}[fit]
        kl_f, kl_r = dv.mixture_forward_kl(*mix, qm, qs), dv.mixture_reverse_kl(*mix, qm, qs)
        with right, layout.guard(f"{NS}.sections.densities"):
            metrics(("kl_pq", "kl_qp"), (kl_f, kl_r))
            x = np.linspace(*dv.plot_range(*mix, qm, qs), 400)
            layout.chart(
                charts.densities_figure(
                    x,
                    dv.mixture_pdf(x, *mix),
                    {
                        k: (m, s, dv.gaussian_pdf(x, m, s))
                        for k, (m, s) in (("q", (qm, qs)), ("forward", fwd), ("reverse", rev))
                        if k != fit
                    },
                    tr=t,
                )
            )
            layout.prose(
                tt(
                    "continuous.densities_caption",
                    **{
                        f"{k}_{n}": fmt(v, 3)
                        for k, pair in (("fwd", fwd), ("rev", rev), ("start", (mu, sigma)))
                        for n, v in zip(("mu", "sigma"), pair, strict=True)
                    },
                )
            )
        with layout.guard(f"{NS}.sections.landscape"):
            layout.chart(
                charts.landscape_figure(
                    MUS,
                    SIGMAS,
                    *landscape(*mix, MUS, SIGMAS),
                    q=(qm, qs),
                    forward_fit=fwd,
                    reverse_minima=minima(*mix),
                    path=path,
                    tr=t,
                )
            )
            layout.prose(tt("continuous.landscape_caption"))
        with layout.guard(f"{NS}.sections.continuous_formula"):
            st.subheader(t("common.formula_with_numbers"), anchor=False)
            (m0, sd), h_p, h_q, s_ = (
                fwd,
                dv.mixture_entropy(*mix),
                dv.gaussian_entropy(qs),
                tex(qs, 3),
            )
            layout.formula(
                rf"\begin{{aligned}}\mathrm{{KL}}(P\,\|\,Q) &= -H(P) + \tfrac12\log(2\pi\sigma^2)"
                rf" + \frac{{\mathrm{{Var}}_P + (\mathbb E_P x - \mu)^2}}{{2\sigma^2}}"
                rf"\\ &= -{tex(h_p)} + \tfrac12\log(2\pi\cdot{s_}^2)"
                rf" + \frac{{{tex(sd**2)} + ({tex(m0, 3)} - {tex(qm, 3)})^2}}{{2\cdot{s_}^2}}"
                rf" = {tex(kl_f)}\end{{aligned}}"
            )
            layout.formula(
                rf"\mathrm{{KL}}(Q\,\|\,P) = -H(Q) - \mathbb E_{{x\sim Q}}[\log p(x)]"
                rf" = -{tex(h_q)} + {tex(kl_r + h_q)} = {tex(kl_r)}"
            )
            analytic, numeric = dv.reverse_kl_grad_check(*mix, qm, qs)
            layout.formula(
                rf"\nabla_{{\mu,\sigma}}\mathrm{{KL}}(Q\,\|\,P)"
                rf" = ({tex(analytic[0])},\ {tex(analytic[1])})",
                caption=tt("continuous.grad_caption"),
            )
            layout.check(tt("continuous.check"), analytic, numeric, tol=1e-4)

with tab_g:
    left, right = st.columns([1, 2.6], gap="large")
    with left, st.container(border=True):
        g = (
            st.slider(tt("gaussians.mu_p"), -5.0, 5.0, 0.0, 0.1, key="kl_mup", bind=BIND),
            widgets.log_slider(
                tt("gaussians.sigma_p"), key="kl_sp", min_value=0.1, max_value=10.0, value=1.0
            ),
            st.slider(tt("gaussians.mu_q"), -5.0, 5.0, 1.0, 0.1, key="kl_muq", bind=BIND),
            widgets.log_slider(
                tt("gaussians.sigma_q"), key="kl_sq", min_value=0.1, max_value=10.0, value=2.0
            ),
        )
    closed, swapped = dv.gaussian_kl(*g), dv.gaussian_kl(g[2], g[3], g[0], g[1])
    if tab_g.open:
        with right, layout.guard(f"{NS}.sections.gaussians"):
            metrics(("kl_pq", "kl_qp"), (closed, swapped))
            x = np.linspace(*dv.plot_range([1.0], g[:1], g[1:2], *g[2:]), 400)
            layout.chart(
                charts.gaussians_figure(
                    x,
                    dv.gaussian_pdf(x, *g[:2]),
                    dv.gaussian_pdf(x, *g[2:]),
                    dv.gaussian_kl_integrand(x, *g),
                    tr=t,
                )
            )
            layout.prose(tt("gaussians.caption"))
        with layout.guard(f"{NS}.sections.gaussians_formula"):
            st.subheader(t("common.formula_with_numbers"), anchor=False)
            mp, sp, mq, sq = (tex(v, 3) for v in g)
            layout.formula(
                rf"\mathrm{{KL}}(\mathcal N_p\,\|\,\mathcal N_q)"
                rf" = \log\frac{{\sigma_q}}{{\sigma_p}}"
                rf" + \frac{{\sigma_p^2 + (\mu_p - \mu_q)^2}}{{2\sigma_q^2}} - \frac12"
                rf" = \log\frac{{{sq}}}{{{sp}}}"
                rf" + \frac{{{sp}^2 + ({mp} - {mq})^2}}{{2\cdot {sq}^2}}"
                rf" - \frac12 = {tex(closed)}"
            )
            layout.check(tt("gaussians.check"), closed, dv.gaussian_kl_quad(*g), tol=1e-6)

with layout.guard(f"{NS}.sections.interview"):
    layout.interview(
        NS,
        5,
        **{
            k: fmt(getattr(cmp, k) if cmp else None)
            for k in ("kl_pq", "kl_qp", "js", "entropy_p", "cross_entropy_pq")
        },
        g_pq=fmt(closed),
        g_qp=fmt(swapped),
        fwd_sigma=fmt(fwd[1], 3),
        s1=fmt(mix_args[2], 3),
        s2=fmt(mix_args[3], 3),
    )
with layout.guard(f"{NS}.sections.code"):
    # The typed weights (the script normalises them); the first example while they are invalid.
    weights = (
        [r.tolist() for r in raw]
        if cmp
        else [parse_number_list(s).tolist() for s in EXAMPLES["peaked"]]
    )
    scratch = handwritten.render(NS, current_language(), P=weights[0], Q=weights[1])
    layout.code(
        scratch,
        dv.snippet(
            p_weights=raw[0] if cmp else None,
            q_weights=raw[1] if cmp else None,
            mixture=mix_args,
            q=(mu, sigma),
            gaussians=g,
        ),
        key="kl_code",
    )
