"""Loss landscapes: race six optimisers on bowls, saddles and local minima."""

import streamlit as st

from playground import handwritten
from playground import landscapes as ls
from playground import optimizers as opt
from playground.app import layout, widgets
from playground.app.format import fmt, tex, tex_list
from playground.app.i18n import current_language, scoped, t
from playground.charts import landscapes as charts

NS, P, SS, BIND, LABELS = "loss_landscapes", "landscape", st.session_state, widgets.BIND, opt.LABELS
txt = scoped(NS)  # this page's catalog entries
layout.header(NS)


@layout.shared(max_entries=64)
def compute(
    what, *args, **kwargs
):  # cached heavy work: an optimiser race, a surface grid, the lr lesson
    if what == "lesson":  # args: the quadratic's parameters, start, lr, steps
        return opt.lr_lesson(ls.get_landscape("convex_quadratic", **dict(args[0])), *args[1:])
    return {"race": opt.race, "grid": ls.surface_grid}[what](*args, **kwargs)


def preset():  # a new surface starts from its own start point, learning rates, steps and segment
    SS.update({f"{P}_{k}": v for k, v in ls.get_landscape(SS[f"{P}_surface"]).suggestions.items()})


def picked():  # a click on the contour plot: the chosen point becomes the start
    if points := SS[f"{P}_race"].selection.points:
        SS[f"{P}_x0"], SS[f"{P}_y0"], SS["_landscape_picked"] = (
            round(points[0]["x"], 2),
            round(points[0]["y"], 2),
            True,
        )


def number(w, key, label):  # a coordinate; its default is the surface's suggestion
    return w.number_input(
        label, -10.0, 10.0, land.suggestions[key], 0.1, format="%.4g", key=f"{P}_{key}", bind=BIND
    )


controls, figure = st.columns([1, 2.6], gap="large")
with controls, st.container(border=True):
    surface = widgets.choice(
        txt("controls.surface"),
        {n: f"{NS}.surfaces.{n}" for n in ls.NAMES},
        key=f"{P}_surface",
        on_change=preset,
    )
    params = {
        s.name: widgets.log_slider(
            txt(f"params.{s.name}"),
            key=f"{P}_{s.name}",
            min_value=s.min_val,
            max_value=s.max_val,
            value=s.default,
        )
        if s.log
        else st.slider(
            txt(f"params.{s.name}"),
            s.min_val,
            s.max_val,
            s.default,
            s.step,
            key=f"{P}_{s.name}",
            bind=BIND,
        )
        for s in ls.PARAMS[surface]
    }
    land = ls.get_landscape(surface, **params)
    x0, y0 = (
        number(c, k, txt(f"controls.{k}")) for c, k in zip(st.columns(2), ("x0", "y0"), strict=True)
    )
    chosen = st.multiselect(
        txt("controls.optimisers"),
        list(LABELS.values()),
        ["GD", "Momentum", "RMSProp", "Adam"],
        key=f"{P}_opts",
        bind=BIND,
    )
    lr, lra = (
        widgets.log_slider(
            txt(f"controls.{k}"),
            key=f"{P}_{k}",
            min_value=1e-4,
            max_value=1.0,
            value=land.suggestions[k],
            help=txt(f"controls.{k}_help"),
        )
        for k in ("lr", "lra")
    )
    steps = st.slider(txt("controls.steps"), 10, 500, land.steps, 10, key=f"{P}_steps", bind=BIND)
    mom = st.slider(txt("controls.momentum"), 0.0, 0.99, 0.9, 0.01, key=f"{P}_momentum", bind=BIND)
    with st.expander(txt("controls.more")):
        beta1 = st.slider("β₁ (Adam)", 0.0, 0.99, 0.9, 0.01, key=f"{P}_beta1", bind=BIND)
        beta2 = st.select_slider(
            "β₂ (Adam)", [0.9, 0.99, 0.999, 0.9999], 0.999, key=f"{P}_beta2", bind=BIND
        )
        alpha = st.select_slider(
            "α (RMSProp)", [0.9, 0.95, 0.99, 0.999], 0.99, key=f"{P}_alpha", bind=BIND
        )
        noise = st.select_slider(
            txt("controls.noise"),
            [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0],
            0.0,
            key=f"{P}_noise",
            bind=BIND,
            help=txt("controls.noise_help"),
        )
        seed = st.number_input(txt("controls.seed"), 0, 9999, 0, key=f"{P}_seed", bind=BIND)
names, start, pkey = (
    [n for n in opt.NAMES if LABELS[n] in chosen],
    (x0, y0),
    tuple(sorted(land.params.items())),
)
window, g, h = land.view(start), land.grad(*start).ravel(), land.hessian(*start).reshape(2, 2)
kw = dict(
    lr=lr,
    lr_adaptive=lra,
    steps=steps,
    momentum=mom,
    alpha=alpha,
    betas=(beta1, beta2),
    noise=noise,
    seed=seed,
)
runs = compute("race", surface, tuple(names), start, params=pkey, **kw) if names else []


@layout.fragment
def replay(runs, steps):  # the chart replays the race in the browser; moving t reruns only this
    if SS.pop("_landscape_picked", False):
        st.rerun()  # a click moved the start point: rerun the whole page
    with layout.guard(f"{NS}.sections.race"):  # also when only this fragment reruns
        k = st.slider(
            txt("controls.replay"),
            0,
            steps,
            steps,
            key=f"{P}_step",
            bind=BIND,
            help=txt("controls.replay_help"),
        )
        surf = compute("grid", surface, pkey, 80, window)
        layout.chart(
            charts.race_figure(land, surf, runs, k, start, window, t, steps=steps),
            key=f"{P}_race",
            on_select=picked,
            selection_mode="points",
        )
        if runs:  # on a surface without minimum, the loss axis keeps to f's values in the window
            fig = charts.trajectory_loss_figure(
                runs, k, land.f_min, t, y_range=(surf[2].min(), surf[2].max())
            )
            layout.chart(fig, key=f"{P}_loss")


with figure, layout.guard(f"{NS}.sections.race"):
    if not names:
        st.info(txt("race.none"))
    replay(runs, steps)
    if runs:
        st.markdown(
            txt("race.header")
            + "".join(
                f"\n| {LABELS[r.name]} | {r.stop} "
                f"| ({fmt(r.path[-1][0])}, {fmt(r.path[-1][1])}) | {fmt(r.losses[-1])} | "
                f"{fmt(r.grad_norms[-1], 3)} | {txt(f'race.status_{r.reason}')} |"
                for r in runs
            )
        )
    for r in (r for r in runs if r.diverged):
        st.warning(
            txt(
                f"race.{'unbounded' if land.f_min is None else 'too_big'}",
                name=LABELS[r.name],
                step=r.stop,
                lr=fmt(lra if r.name in opt.ADAPTIVE else lr),
            ),
            icon=":material/trending_up:",
        )

with layout.guard(f"{NS}.sections.formula"):
    st.subheader(t("common.formula_with_numbers"), anchor=False)
    layout.formula(
        rf"\nabla f({tex(x0)},\ {tex(y0)}) = {tex_list(g, 4)},\qquad H = \begin{{pmatrix}}"
        rf"{tex(h[0, 0])} & {tex(h[0, 1])} \\ {tex(h[1, 0])} & {tex(h[1, 1])}\end{{pmatrix}}"
    )
    layout.check(txt("formula.fd_check"), g, ls.numerical_gradient(land.f, start), tol=1e-5)
    if lines := [
        rf"\text{{{LABELS[r.name]}}}:\ & {opt.RULES[r.name]} && x_1 = {tex_list(r.path[1], 4)}"
        for r in runs
        if r.stop >= 1
    ]:
        layout.formula(
            r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}",
            caption=txt(
                "formula.caption", mu=fmt(mom), alpha=fmt(alpha), beta1=fmt(beta1), beta2=fmt(beta2)
            ),
        )

TABS = ("lr", "point", "convexity", "surface3d")
tab = dict(
    zip(TABS, layout.tabs([f"{NS}.sections.{k}" for k in TABS], key=f"{P}_tab"), strict=True)
)
quad = land if surface == "convex_quadratic" else ls.get_landscape("convex_quadratic")
with tab["lr"], layout.guard(f"{NS}.sections.lr"):
    if tab["lr"].open:
        lesson = compute(
            "lesson",
            tuple(sorted(quad.params.items())),
            start if quad is land else quad.start,
            lr,
            steps,
        )
        for col, label, value in zip(
            st.columns(4),
            ("L = λ_max", "2 / L", txt("lr.your_lr"), "ρ = max|1 − ηλ|"),
            (lesson.L, lesson.threshold, lr, lesson.rho),
            strict=True,
        ):
            col.metric(label, fmt(value))
        st.markdown(
            txt(
                f"lr.{lesson.verdict}",
                lr=fmt(lr),
                threshold=fmt(lesson.threshold),
                rho=fmt(lesson.rho),
                kappa=fmt(lesson.L),
                angle=fmt(quad.params["angle"]),
            )
        )
        layout.chart(charts.lr_figure(lesson, steps, t), key=f"{P}_lrfig")
        layout.prose(txt("lr.body"))

with tab["point"], layout.guard(f"{NS}.sections.point"):
    if tab["point"].open:
        (l1, l2), gn = ls.hessian_eigen(h)[0], (g @ g) ** 0.5
        st.markdown(
            txt(
                f"point.{'critical' if gn < 1e-8 else 'not_critical'}",
                g=fmt(gn),
                l1=fmt(l1),
                l2=fmt(l2),
                kind=txt(f"point.kind_{ls.classify_critical_point(h)}"),
            )
        )
        left, right = st.columns(2, gap="large")
        with left:
            layout.chart(
                charts.point_figure(land, start, 0.12 * (window[1] - window[0]), t),
                key=f"{P}_point",
            )
            st.markdown(
                txt("point.table_header")
                + "".join(
                    f"\n| ({fmt(c.x)}, {fmt(c.y)}) | {fmt(c.value)} "
                    f"| {' | '.join(map(fmt, c.eigenvalues))} | "
                    f"{txt(f'chart.kinds.{c.role or c.kind}')} |"
                    for c in land.critical_points
                )
            )
        with right:
            exact, noisy = opt.saddle_lesson(seed=seed)
            layout.chart(charts.saddle_figure(exact, noisy, 1e-3, t), key=f"{P}_saddle")
            st.markdown(
                txt(
                    "point.saddle_lesson",
                    exact=fmt(abs(exact[-1]).max(), 2),
                    noisy=fmt(abs(noisy[-1][1]), 3),
                    steps=len(noisy) - 1,
                )
            )


@layout.fragment
def convexity_section() -> None:  # moving the segment's ends reruns only this tab
    with layout.guard(f"{NS}.sections.convexity"):
        ends = [
            number(c, k, f"{k[0]} · {k[1]}")
            for c, k in zip(st.columns(4), ("ax", "ay", "bx", "by"), strict=True)
        ]
        lam, f_seg, chord, gap = ls.convexity_segment(land, ends[:2], ends[2:])
        layout.formula(r"f(\lambda a + (1-\lambda) b) \le \lambda f(a) + (1-\lambda) f(b)")
        layout.chart(charts.convexity_figure(lam, f_seg, chord, t), key=f"{P}_convex")
        st.markdown(txt(f"convexity.{'fails' if gap > 1e-9 else 'holds'}", gap=fmt(gap)))
        low, lx, ly = ls.min_curvature(land, window)
        st.markdown(
            txt(
                f"convexity.hessian_{'no' if low < -1e-9 else 'yes'}",
                low=fmt(low),
                x=fmt(lx),
                y=fmt(ly),
            )
        )


with tab["convexity"], layout.guard(f"{NS}.sections.convexity"):
    if tab["convexity"].open:
        convexity_section()

with tab["surface3d"], layout.guard(f"{NS}.sections.surface3d"):
    if tab["surface3d"].open:
        layout.chart(
            charts.surface_figure(land, compute("grid", surface, pkey, 50, window), runs, t),
            key=f"{P}_3d",
        )

layout.interview(
    NS,
    5,
    lr=fmt(lr),
    lra=fmt(lra),
    L=fmt(quad.lipschitz),
    threshold=fmt(2 / quad.lipschitz),
    x0=fmt(x0),
    y0=fmt(y0),
    mom=fmt(mom),
    eff=fmt(1 / (1 - mom)),  # Adam's first step: −η·g/(|g| + ε)
    adam=", ".join(fmt(-lra * gi / (abs(gi) + 1e-8)) for gi in g),
)
with layout.guard(f"{NS}.sections.code"):
    scratch = handwritten.render(
        NS,
        current_language(),
        surface=surface,
        surface_params=[land.params[s.name] for s in ls.PARAMS[surface]],
        start=start,
        optimizers=names,
        **kw,
    )
    layout.code(scratch, opt.snippet(surface, land.params, names, start, **kw), key=f"{P}_code")
