"""Lagrange multipliers & KKT conditions: tangency, active constraints, prices, duality."""

import numpy as np
import streamlit as st

from playground import constrained as kkt
from playground import handwritten
from playground.app import layout, widgets
from playground.app.format import fmt, tex
from playground.app.i18n import current_language, translator
from playground.app.shell import presenting
from playground.charts import constrained as charts

NS, BIND = "lagrange_kkt", "query-params"
MODES = {"off": f"{NS}.mode.off", "in": f"{NS}.mode.in", "eq": f"{NS}.mode.eq"}
#: (mode, normal a, bound b) of constraints 1–3: one binds, one is violated by c but slack
#: at the optimum (so μ₂ = 0), one waits to be switched on.
DEFAULTS = (("in", "1, 1", 1.0), ("in", "1, 0", 1.8), ("off", "1, -1", 0.0))
CIRCLE_A, CIRCLE_R = np.array([1.0, 2.0]), 1.5
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
t = translator(current_language())  # bound once for the whole rerun


def tt(key: str, **values) -> str:
    return t(f"{NS}.{key}", **values)


# Plain classes: the page script runs on every rerun, and a dataclass would be
# generated anew each time (about 1 ms for these two).
class Constraint:
    """One of the three constraint cards: ``a`` is None while its text box is invalid."""

    __slots__ = ("number", "mode", "a", "b")

    def __init__(self, number: int, mode: str, a: np.ndarray | None, b: float) -> None:
        self.number, self.mode, self.a, self.b = number, mode, a, b

    @property
    def on(self) -> bool:
        return self.mode != "off" and self.a is not None

    def text(self) -> str:
        kind = "eq" if self.mode == "eq" else "in"  # an "off" card shows its inequality
        return charts.constraint_text(self.a, self.b, kind, lambda v: fmt(v, 3))


class Problem:
    """The QP assembled from the cards: keyword arguments and where each card went."""

    __slots__ = ("kwargs", "where")

    def __init__(self, kwargs: dict, where: dict[int, tuple[str, int]]) -> None:
        self.kwargs = kwargs
        self.where = where  # card number -> ("eq" | "in", row)


def sub(i: int) -> str:
    return str(i).translate(SUB)


# --- controls -------------------------------------------------------------------------------


def objective_controls() -> tuple[np.ndarray, np.ndarray]:
    st.markdown(f"**{tt('objective.heading')}**", help=tt("objective.heading_help"))
    c1 = st.slider(tt("objective.c1"), -3.0, 3.0, 2.0, 0.1, key="kkt_c1", bind=BIND)
    c2 = st.slider(tt("objective.c2"), -3.0, 3.0, 1.5, 0.1, key="kkt_c2", bind=BIND)
    kappa = widgets.log_slider(
        tt("objective.kappa"),
        key="kkt_kappa",
        min_value=1.0,
        max_value=10.0,
        value=2.5,
        help=tt("objective.kappa_help"),
    )
    angle = st.slider(
        tt("objective.angle"),
        0,
        180,
        30,
        5,
        key="kkt_angle",
        bind=BIND,
        help=tt("objective.angle_help"),
    )
    return kkt.q_matrix(kappa, angle), np.array([c1, c2])


def candidate_controls() -> np.ndarray:
    st.markdown(f"**{tt('candidate.heading')}**")
    help_text = tt("candidate.help")
    x1 = st.slider("x₁", -3.0, 3.0, 0.0, 0.05, key="kkt_x1", bind=BIND, help=help_text)
    x2 = st.slider("x₂", -3.0, 3.0, 0.5, 0.05, key="kkt_x2", bind=BIND, help=help_text)
    return np.array([x1, x2])


def constraint_card(number: int) -> Constraint:
    mode0, a0, b0 = DEFAULTS[number - 1]
    mode = widgets.choice(
        tt("constraint.title", i=number),
        MODES,
        key=f"kkt_mode{number}",
        default=mode0,
        kind="segmented_control",
        help=tt("constraint.mode_help"),
    )
    a = widgets.number_list(
        tt("constraint.normal", i=number),
        key=f"kkt_a{number}",
        value=a0,
        min_len=2,
        max_len=2,
        max_abs=100,
        help=tt("constraint.normal_help"),
    )
    b = st.slider(
        tt("constraint.b", i=number),
        -3.0,
        3.0,
        b0,
        0.1,
        key=f"kkt_b{number}",
        bind=BIND,
        help=tt("constraint.b_help"),
    )
    con = Constraint(number, mode, a, b)
    if a is None:
        st.caption(tt("constraint.ignored", i=number))
    elif not np.any(a):
        st.caption(tt("constraint.zero", b=fmt(b, 3)))
    return con


def assemble(cons: list[Constraint]) -> Problem:
    rows = {"eq": [c for c in cons if c.on and c.mode == "eq"]}
    rows["in"] = [c for c in cons if c.on and c.mode == "in"]
    kwargs: dict = {}
    where: dict[int, tuple[str, int]] = {}
    for kind, group in rows.items():
        if group:
            kwargs[f"A_{kind}"] = np.array([c.a for c in group])
            kwargs[f"b_{kind}"] = np.array([c.b for c in group])
        for i, c in enumerate(group):
            where[c.number] = (kind, i)
    return Problem(kwargs, where)


def multiplier(result: kkt.QPResult, place: tuple[str, int]) -> float:
    kind, i = place
    return float((result.lam if kind == "eq" else result.mu)[i])


def symbol(place: tuple[str, int], number: int) -> str:
    return ("λ" if place[0] == "eq" else "μ") + sub(number)


# --- the main picture and its tables --------------------------------------------------------


def forces_at_optimum(best, grad, cons, prob) -> list[tuple[np.ndarray, str, str]]:
    """∇f(x*) and each νᵢaᵢ: stationarity says they add up to 0 (unscaled)."""
    forces = [(grad, charts.BLUE, tt("chart.pull_opt"))]
    for con in cons:
        place = prob.where.get(con.number)
        if place is None:
            continue
        nu = multiplier(best, place)
        if abs(nu) > 1e-12:
            color = charts.CONSTRAINT_COLORS[con.number - 1]
            forces.append((nu * con.a, color, f"{symbol(place, con.number)}·a{sub(con.number)}"))
    return forces


def main_figure(Q, c, x_try, cons, prob, best, report_try) -> float:
    """Draw the plane; return the arrow scale (shown in the caption)."""
    box = kkt.view_box(c, x_try, best.x)
    xs = np.linspace(box[0], box[1], 61)
    grid = kkt.objective_grid(Q, c, xs, xs)
    lines = []
    for con in cons:
        if con.on and np.any(con.a):
            place = prob.where[con.number]
            active = place[0] == "eq" or (best.x is not None and bool(best.active[place[1]]))
            label = f"{con.number}: {con.text()}"
            ends = kkt.line_in_box(con.a, con.b, box)
            lines.append(charts.Drawn(con.number, ends, label, con.mode, active))
    region = kkt.feasible_region(box, **prob.kwargs)
    forces = []
    if best.x is not None:
        forces = forces_at_optimum(best, Q @ (best.x - c), cons, prob)
    pull_try = -report_try.grad_f
    longest = max(
        [float(np.linalg.norm(v)) for v, *_ in forces] + [float(np.linalg.norm(pull_try))]
    )
    scale = min(1.0, 0.32 * (box[1] - box[0]) / longest) if longest > 0 else 1.0
    scaled = [(scale * v, color, name) for v, color, name in forces]
    fig = charts.kkt_figure(
        xs, xs, grid, box, lines, region, c, best.x, scaled, x_try, scale * pull_try, t
    )
    layout.chart(fig, key="kkt_main_chart")
    return scale


def state_of(con: Constraint, prob: Problem, best) -> str:
    if con.mode == "off" or con.a is None:
        return tt("table.off")
    if con.mode == "eq":
        return tt("table.equality")
    if best.x is None:
        return "—"
    i = prob.where[con.number][1]
    if not best.active[i]:
        return tt("table.slack")
    return tt("table.active") if best.mu[i] > 0 else tt("table.weak")


def constraint_table(cons: list[Constraint], prob: Problem, best) -> None:
    head = [tt(f"table.{k}") for k in ("number", "constraint", "value", "mult", "product", "state")]
    rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for con in cons:
        place = prob.where.get(con.number)
        text = con.text() if con.a is not None else "—"
        value = mult = product = "—"
        if place is not None and best.x is not None:
            s = float(con.a @ best.x - con.b)
            nu = multiplier(best, place)
            value, product = fmt(s, 4), fmt(nu * s, 3)
            mult = f"{symbol(place, con.number)} = {fmt(nu, 4)}"
        state = state_of(con, prob, best)
        rows.append(f"| {con.number} | {text} | {value} | {mult} | {product} | {state} |")
    st.markdown("\n".join(rows))


def verdict(check: kkt.Check | None) -> str:
    if check is None:
        return "—"
    return f":green[✓ {fmt(check.value, 2)}]" if check.ok else f":red[✗ {fmt(check.value, 3)}]"


def checklist(report_try, report_opt, x_try) -> None:
    point = f"({fmt(x_try[0], 3)}, {fmt(x_try[1], 3)})"
    head = [tt("checklist.condition"), tt("checklist.at_try", x=point), tt("checklist.at_opt")]
    rows = ["| " + " | ".join(head) + " |", "| --- | --- | --- |"]
    for name in ("stationarity", "primal", "dual", "slackness"):
        mine = getattr(report_try, name)
        best = getattr(report_opt, name) if report_opt is not None else None
        rows.append(f"| {tt(f'checklist.{name}')} | {verdict(mine)} | {verdict(best)} |")
    st.markdown("\n".join(rows))


# --- "The formula with your numbers" --------------------------------------------------------


def lagrangian_tex(cons, prob, Q, c) -> str:
    terms = []
    for con in cons:
        place = prob.where.get(con.number)
        if place is not None:
            name = ("\\lambda" if place[0] == "eq" else "\\mu") + f"_{con.number}"
            terms.append(f"{name}\\,({charts.residual_tex(con.a, con.b, tex)})")
    # two constraint terms per row keep the formula inside a projector's width
    rows = [" + ".join(terms[i : i + 2]) for i in range(0, len(terms), 2)]
    extra = "".join(r"\\ &\quad + " + row for row in rows)
    q = r"\begin{bmatrix}" + r" \\ ".join(" & ".join(tex(v, 3) for v in row) for row in Q)
    return (
        r"\begin{aligned}\mathcal{L}(x, \lambda, \mu) &= \tfrac12 (x - c)^\top Q\,(x - c)"
        + extra
        + r",\\ Q &= "
        + q
        + r"\end{bmatrix},\quad c = "
        + charts.vector_tex(c, tex)
        + r"\end{aligned}"
    )


def stationarity_tex(best, grad, cons, prob) -> str:
    parts = [r"Q(x^* - c) &= " + charts.vector_tex(grad, tex)]
    pieces = [charts.vector_tex(grad, tex)]
    for con in cons:
        place = prob.where.get(con.number)
        if place is not None:
            nu = multiplier(best, place)
            pieces.append(f"{tex(nu)}" + charts.vector_tex(con.a, tex))
    total = charts.vector_tex(best_residual(best, grad, cons, prob), tex)
    parts.append(
        r"\nabla_x \mathcal{L} &= " + " + ".join(pieces).replace("+ -", "- ") + " = " + total
    )
    return r"\begin{aligned}" + r"\\ ".join(parts) + r"\end{aligned}"


def best_residual(best, grad, cons, prob) -> np.ndarray:
    total = grad.copy()
    for con in cons:
        place = prob.where.get(con.number)
        if place is not None:
            total = total + multiplier(best, place) * con.a
    return np.where(np.abs(total) < 1e-13 * (1 + np.abs(grad).max()), 0.0, total)


def slackness_tex(best, cons, prob) -> str:
    parts = []
    for con in cons:
        place = prob.where.get(con.number)
        if place is not None and place[0] == "in":
            mu = multiplier(best, place)
            s = float(con.a @ best.x - con.b)
            s = 0.0 if best.active[place[1]] else s
            parts.append(
                f"\\mu_{con.number}\\,(a_{con.number}^\\top x^* - b_{con.number}) = "
                f"{tex(mu)} \\cdot ({tex(s)}) = {tex(mu * s + 0.0)}"
            )
    return r"\begin{aligned}" + r"\\ ".join(parts) + r"\end{aligned}" if parts else ""


def formula_section(Q, c, cons, prob, best) -> None:
    st.subheader(t("common.formula_with_numbers"), anchor=False)
    layout.formula(lagrangian_tex(cons, prob, Q, c))
    if best.x is None:
        st.info(tt("formula.no_optimum"))
        return
    st.markdown(tt("formula.stationarity"))
    layout.formula(stationarity_tex(best, Q @ (best.x - c), cons, prob))
    cs = slackness_tex(best, cons, prob)
    if cs:
        st.markdown(tt("formula.slackness"))
        layout.formula(cs)
    if not prob.where:
        st.caption(tt("formula.no_constraints"))
        return
    places = sorted(prob.where.items())
    analytic = [multiplier(best, place) for _, place in places]
    slopes = layout.shared(kkt.sensitivities, max_entries=64)(Q, c, **prob.kwargs)
    m_eq = len(prob.kwargs.get("b_eq", ()))
    numeric = [slopes[i if kind == "eq" else m_eq + i] for _, (kind, i) in places]
    names = ", ".join(symbol(place, n) for n, place in places)
    check(tt("formula.check", names=names), analytic, numeric)


def check(label: str, analytic, numeric) -> None:
    """``layout.check`` with the label's asterisks (f*, x*) kept literal inside its bold."""
    layout.check(label.replace("*", "\\*"), analytic, numeric)


def fd_multiplier(Q, c, prob: Problem, place: tuple[str, int]) -> float:
    try:
        return kkt.multiplier_fd(Q, c, **prob.kwargs, kind=place[0], index=place[1])
    except ValueError:  # infeasible on both sides: no slope, nothing to compare
        return float("nan")


# --- tabs -----------------------------------------------------------------------------------


def circle_controls() -> tuple[np.ndarray, float]:
    left, right = st.columns(2)
    with left:
        a = widgets.number_list(
            tt("tangency.circle_a"),
            key="kkt_circle_a",
            value="1, 2",
            min_len=2,
            max_len=2,
            max_abs=100,
            help=tt("tangency.circle_a_help"),
        )
    with right:
        r = st.slider(
            tt("tangency.r"),
            0.5,
            3.0,
            CIRCLE_R,
            0.1,
            key="kkt_r",
            bind=BIND,
            help=tt("tangency.r_help"),
        )
    if a is None or not np.any(a):
        st.caption(tt("tangency.circle_fallback"))
        a = CIRCLE_A
    return a, r


@layout.shared(max_entries=64)
def walk(example: str, Q, c, a, b: float, r: float, lang: str) -> dict:
    """The Tangency tab's figures and numbers, cached: most controls of the page
    (your point, the other constraints, the other tabs) leave them unchanged."""
    tr = translator(lang)
    if example == "circle":
        w = kkt.circle_walk(a, r)
        names = [tr(f"{NS}.chart.circle_min"), tr(f"{NS}.chart.circle_max")]
        labels = [f"{v:.0f}°" for v in w.sweep.s]
        axis = tr(f"{NS}.tangency.theta_axis")
        numbers = {"res": kkt.circle_problem(a, r), "check": kkt.circle_numeric(a, r)[1]}
    else:
        w = kkt.line_walk(Q, c, a, b)
        names, labels = ["x*"], [f"{v:.2f}" for v in w.sweep.s]
        axis = tr(f"{NS}.tangency.s_axis")
        numbers = {
            "res": kkt.solve_qp(Q, c, A_eq=[a], b_eq=[b]),
            "check": kkt.multiplier_fd(Q, c, A_eq=[a], b_eq=[b], kind="eq", index=0),
        }
    xs = np.linspace(w.box[0], w.box[1], 61)
    grid = kkt.linear_grid(a, xs, xs) if example == "circle" else kkt.objective_grid(Q, c, xs, xs)
    sw = w.sweep
    fig, animation = charts.tangency_figure(
        xs,
        xs,
        grid,
        w.box,
        w.curve,
        sw.points,
        w.arrow_f,
        w.arrow_h,
        sw.along,
        sw.angle,
        sw.ratio,
        w.start,
        [(point, name) for (point, _, _), name in zip(w.stationary, names, strict=True)],
        labels,
        tr,
    )
    marks = [(s, f, name) for (_, s, f), name in zip(w.stationary, names, strict=True)]
    profile = charts.profile_figure(sw.s, sw.f, marks, axis, tr)
    # Cached as prepared specs: the walk's animation frames are converted once, not per rerun.
    figs = {"fig": layout.prepared(fig), "profile": layout.prepared(profile)}
    return {**figs, "animation": animation, "scale": w.scale, **numbers}


def walk_charts(view: dict) -> None:
    """The walking point (animated) and f along the constraint, side by side."""
    left, right = st.columns([1.5, 1], gap="medium")
    with left:
        layout.chart(view["fig"], key="kkt_tangency_chart")
        st.caption(tt("tangency.caption", scale=fmt(view["scale"], 2)))
    with right:
        layout.chart(view["profile"], key="kkt_profile_chart")
        st.caption(tt("tangency.profile_caption"))


def line_tangency(Q, c, con: Constraint) -> None:
    view = walk("line", Q, c, con.a, con.b, 1.0, current_language())
    walk_charts(view)
    res = view["res"]
    lam = float(res.lam[0])
    layout.formula(
        r"\begin{aligned}\nabla f(x^*) &= Q(x^* - c) = "
        + charts.vector_tex(Q @ (res.x - c), tex)
        + r",\quad \nabla h = a = "
        + charts.vector_tex(con.a, tex)
        + r"\\ \nabla f(x^*) + \lambda\,\nabla h &= 0 \;\Rightarrow\; \lambda = "
        + r"-\frac{\nabla f \cdot \nabla h}{\|\nabla h\|^2} = "
        + tex(lam)
        + r"\end{aligned}"
    )
    check(tt("tangency.check_line"), lam, view["check"])


def circle_tangency(a: np.ndarray, r: float) -> None:
    view = walk("circle", np.eye(2), np.zeros(2), a, 0.0, r, current_language())
    walk_charts(view)
    res = view["res"]
    layout.formula(
        r"\begin{aligned}\mathcal{L} &= a^\top x + \lambda\,(\|x\|^2 - r^2),\quad "
        r"\nabla_x \mathcal{L} = a + 2\lambda x = 0 \;\Rightarrow\; x = -\frac{a}{2\lambda}"
        r"\\ x^* &= -r\,\frac{a}{\|a\|} = "
        + charts.vector_tex(res.x, tex)
        + r",\quad \lambda = \frac{\|a\|}{2r} = "
        + tex(res.lam)
        + r",\quad f^* = -r\,\|a\| = "
        + tex(res.f)
        + r"\end{aligned}"
    )
    st.caption(tt("tangency.circle_max_note", lam=fmt(res.lam_max, 4), f=fmt(res.f_max, 4)))
    check(tt("tangency.check_circle"), res.lam, view["check"])


def tangency_tab(tab, Q, c, cons) -> tuple[np.ndarray, float]:
    """The walk along a constraint; returns the circle example's (a, r) for the interview."""
    if tab.open:  # a closed tab shows nothing, so its text need not be sent
        layout.prose(tt("tangency.intro"))
    options = {"line1": f"{NS}.tangency.line1", "line2": f"{NS}.tangency.line2"}
    options |= {"line3": f"{NS}.tangency.line3", "circle": f"{NS}.tangency.circle"}
    example = widgets.choice(tt("tangency.example"), options, key="kkt_example", default="line1")
    if example != "circle":  # the circle's own controls only with the circle
        a, r = CIRCLE_A, CIRCLE_R
    else:
        a, r = circle_controls()
    if not tab.open:
        return a, r
    if example == "circle":
        circle_tangency(a, r)
        return a, r
    con = cons[int(example[-1]) - 1]
    if con.a is None or not np.any(con.a):
        st.info(tt("tangency.no_line", i=con.number))
    else:
        line_tangency(Q, c, con)
    return a, r


def constraint_picker(key: str, label: str) -> int:
    options = {str(i): f"{NS}.constraint.short{i}" for i in (1, 2, 3)}
    return int(widgets.choice(label, options, key=key, default="1", kind="segmented_control"))


def studied(number: int, prob: Problem, best) -> tuple[str, int] | None:
    """Where the chosen constraint sits in the problem, or None (with a note why)."""
    place = prob.where.get(number)
    if place is None:
        st.info(tt("price.off", i=number))
    elif best.x is None:
        st.info(tt("price.infeasible"))
    return place if best.x is not None else None


@layout.fragment
def price_tab(tab, Q, c, cons, prob, best) -> None:
    """Its picker changes only this tab: a fragment reruns just this part."""
    with layout.guard(f"{NS}.sections.price"):
        price_body(tab, Q, c, cons, prob, best)


def price_body(tab, Q, c, cons, prob, best) -> None:
    if tab.open:  # a closed tab shows nothing, so its text need not be sent
        layout.prose(tt("price.intro"))
    number = constraint_picker("kkt_price", tt("price.which"))
    if not tab.open:
        return
    place = studied(number, prob, best)
    if place is None:
        return
    con = cons[number - 1]
    values = np.linspace(con.b - 3.0, con.b + 3.0, 121)
    curve = layout.shared(kkt.value_curve, max_entries=64)(
        Q, c, **prob.kwargs, kind=place[0], index=place[1], values=values
    )
    nu = multiplier(best, place)
    name = symbol(place, number)
    left, right = st.columns(2, gap="medium")
    with left:
        fig = charts.price_figure(
            curve.b, curve.fstar, curve.multiplier, curve.feasible, con.b, best.f, nu, number, t
        )
        layout.chart(fig, key="kkt_price_chart")
    with right:
        fig = charts.multiplier_figure(
            curve.b, curve.multiplier, curve.feasible, con.b, nu, number, place[0], t
        )
        layout.chart(fig, key="kkt_multiplier_chart")
    st.caption(tt("price.caption", name=name))
    fd = fd_multiplier(Q, c, prob, place)
    greek = "\\lambda" if place[0] == "eq" else "\\mu"
    layout.formula(
        rf"\frac{{\partial f^*}}{{\partial b_{number}}} \approx "
        rf"\frac{{f^*(b_{number} + h) - f^*(b_{number} - h)}}{{2h}} = {tex(-fd)},\qquad "
        rf"-{greek}_{number} = {tex(-nu)}"
    )
    check(tt("price.check", name=name), nu, fd)


def parabola_tex(alpha: float, beta: float, gamma: float, var: str) -> str:
    """``α t² + β t + γ`` with zero terms left out and signs folded in."""
    terms = [(alpha, f"\\,{var}^2"), (beta, f"\\,{var}"), (gamma, "")]
    text = " + ".join(f"{tex(v)}{power}" for v, power in terms if v != 0) or "0"
    return text.replace("+ -", "- ")


@layout.fragment
def duality_tab(tab, Q, c, cons, prob, best) -> None:
    """Its picker changes only this tab: a fragment reruns just this part."""
    with layout.guard(f"{NS}.sections.duality"):
        duality_body(tab, Q, c, cons, prob, best)


def duality_body(tab, Q, c, cons, prob, best) -> None:
    if tab.open:  # a closed tab shows nothing, so its text need not be sent
        layout.prose(tt("duality.intro"))
    number = constraint_picker("kkt_dual", tt("duality.which"))
    if not tab.open:
        return
    place = studied(number, prob, best)
    if place is None:
        return
    kind, i = place
    name = symbol(place, number)
    alpha, beta, gamma = kkt.dual_slice(best, Q, c, **prob.kwargs, kind=kind, index=i)
    nu = multiplier(best, place)
    width = max(abs(nu), 1.0)
    low = 0.0 if kind == "in" else nu - 2 * width
    grid = np.linspace(low, nu + 2 * width, 161)
    lam = np.tile(best.lam, (grid.size, 1))
    mu = np.tile(best.mu, (grid.size, 1))
    (lam if kind == "eq" else mu)[:, i] = grid
    g = kkt.dual_function(mu, lam, Q, c, **prob.kwargs)
    peak = -beta / (2 * alpha) if alpha < 0 else low
    t_best = max(peak, low) if kind == "in" else peak
    g_best = alpha * t_best**2 + beta * t_best + gamma
    fig = charts.dual_figure(grid, g, best.f, t_best, g_best, name, t)
    layout.chart(fig, key="kkt_dual_chart")
    st.caption(tt("duality.caption"))
    gap = kkt.duality_gap(best, Q, c, **prob.kwargs)
    symbol_tex = ("\\lambda" if kind == "eq" else "\\mu") + f"_{number}"
    layout.formula(
        r"\begin{aligned}g("
        + symbol_tex
        + r") &= "
        + parabola_tex(alpha, beta, gamma, symbol_tex)
        + r"\\ \max g &= g("
        + tex(t_best)
        + r") = "
        + tex(g_best, 6)
        + r"\\ f^* &= "
        + tex(best.f, 6)
        + r",\quad f^* - g(\lambda^*, \mu^*) = "
        + tex(gap, 2)
        + r"\end{aligned}"
    )
    dual = layout.shared(kkt.solve_dual, max_entries=64)(Q, c, **prob.kwargs)
    check(tt("duality.check"), best.f, dual.g)


@layout.fragment
def lens_tab(tab) -> None:
    """The overlap slider changes only this tab: a fragment reruns just this part."""
    with layout.guard(f"{NS}.sections.lens"):
        lens_body(tab)


def lens_body(tab) -> None:
    if tab.open:  # a closed tab shows nothing, so its text need not be sent
        layout.prose(tt("lens.intro"))
    overlap = st.slider(
        tt("lens.overlap"),
        0.0,
        0.5,
        0.1,
        0.01,
        key="kkt_overlap",
        bind=BIND,
        help=tt("lens.overlap_help"),
    )
    lens = kkt.lens_problem(overlap)
    if not tab.open:
        return
    left, right = st.columns(2, gap="medium")
    with left:
        fig = charts.lens_figure(lens.centres, lens.x, lens.grad_f, lens.grad_g, t)
        layout.chart(fig, key="kkt_lens_chart")
    mus = np.geomspace(1e-2, 1e3, 241)
    best = None
    if lens.exists:
        best = kkt.lens_dual_max(overlap)
    with right:
        fig = charts.lens_dual_figure(mus, kkt.lens_dual(overlap, mus), lens.f, best, t)
        layout.chart(fig, key="kkt_lens_dual_chart")
    e, y0 = 1.0 - overlap, -lens.f
    balance = (
        r"\nabla f + \mu_1 \nabla g_1 + \mu_2 \nabla g_2 = "
        + charts.vector_tex([0, 1], tex)
        + r" + \mu_1"
        + charts.vector_tex(lens.grad_g[0], tex)
        + r" + \mu_2"
        + charts.vector_tex(lens.grad_g[1], tex)
    )
    if lens.exists:
        layout.formula(
            r"\begin{aligned}"
            + balance
            + r" &= 0\\ \Rightarrow\ \mu_1 = \mu_2 &= \frac{1}{4y_0} = "
            + tex(lens.mu)
            + rf",\quad y_0 = \sqrt{{1 - {tex(e)}^2}} = {tex(y0)}"
            + r"\end{aligned}"
        )
        check(tt("lens.check"), lens.mu, best[0])
    else:
        layout.formula(balance + r" = 0\;\Rightarrow\; 1 = 0\ \text{?}")
        st.warning(tt("lens.none"), icon=":material/block:")
    st.caption(tt("lens.caption"))


# --- interview corner -----------------------------------------------------------------------


def interview_values(cons, prob, best, circle, Q, c) -> dict:
    res = kkt.circle_problem(*circle)
    values = {
        "a": f"({fmt(circle[0][0], 3)}, {fmt(circle[0][1], 3)})",
        "r": fmt(circle[1], 3),
        "circle_x": f"({fmt(res.x[0], 4)}, {fmt(res.x[1], 4)})",
        "circle_lam": fmt(res.lam, 4),
        "circle_f": fmt(res.f, 4),
        "x_opt": "—",
        "f_opt": "—",
        "mults": "—",
        "cs": tt("interview.cs_none"),
        "price": tt("interview.price_none"),
        "gap": "—",
        "g_opt": "—",
    }
    if best.x is None:
        return values
    values["x_opt"] = f"({fmt(best.x[0], 4)}, {fmt(best.x[1], 4)})"
    values["f_opt"] = fmt(best.f, 5)
    places = sorted(prob.where.items())
    values["mults"] = ", ".join(
        f"{symbol(place, n)} = {fmt(multiplier(best, place), 4)}" for n, place in places
    ) or tt("interview.no_mults")
    sentences = []
    for n, (kind, i) in places:
        if kind != "in":
            continue
        s = float(cons[n - 1].a @ best.x - cons[n - 1].b)
        key = "interview.cs_active" if best.active[i] else "interview.cs_slack"
        sentences.append(tt(key, i=n, sub=sub(n), s=fmt(s, 4), mu=fmt(best.mu[i], 4)))
    if sentences:
        values["cs"] = tt("interview.cs_sep").join(sentences) + tt("interview.cs_end")
    binding = [(n, place) for n, place in places if abs(multiplier(best, place)) > 1e-12]
    if binding:
        n, place = binding[0]
        nu = multiplier(best, place)
        values["price"] = tt(
            "interview.price_line",
            sub=sub(n),
            name=symbol(place, n),
            mu=fmt(nu, 4),
            df=fmt(0.1 * nu, 3),
        )
    gap = kkt.duality_gap(best, Q, c, **prob.kwargs)
    values["gap"], values["g_opt"] = fmt(gap, 2), fmt(best.f - gap, 5)
    return values


# --- the page -------------------------------------------------------------------------------

layout.header(NS)
controls, figure = st.columns([1, 2.5], gap="large")
with controls, st.container(border=True):
    Q, c = objective_controls()
    x_try = candidate_controls()
cons = []
for number, card in enumerate(st.columns(3, gap="small"), start=1):
    with card, st.container(border=True):
        cons.append(constraint_card(number))
prob = assemble(cons)
best = kkt.solve_qp(Q, c, **prob.kwargs)
mine = kkt.candidate(x_try, Q, c, **prob.kwargs)
report_try = kkt.kkt_report(mine, Q, c, **prob.kwargs)
report_opt = kkt.kkt_report(best, Q, c, **prob.kwargs) if best.x is not None else None

with figure, layout.guard(f"{NS}.sections.main"):
    # (not named "scale": a cached function's attribute of that name would see it as a global
    # and make layout.shared rebuild its wrapper on every run)
    arrows = main_figure(Q, c, x_try, cons, prob, best, report_try)
    st.caption(tt("main.caption", scale=fmt(arrows, 2)))
    if best.x is None:
        st.warning(tt("main.infeasible"), icon=":material/block:")
    m1, m2, m3 = st.columns(3)
    m1.metric(tt("metrics.f_opt"), fmt(best.f, 4), help=tt("metrics.f_opt_help"))
    m2.metric(tt("metrics.f_try"), fmt(mine.f, 4), help=tt("metrics.f_try_help"))
    active = [
        str(n)
        for n, (kind, i) in sorted(prob.where.items())
        if kind == "eq" or (best.x is not None and best.active[i])
    ]
    m3.metric(tt("metrics.active"), ", ".join(active) or "∅", help=tt("metrics.active_help"))

with layout.guard(f"{NS}.sections.checklist"):
    # side by side on a wide screen; stacked when projected (presenter mode: bigger text)
    left, right = (st.container(), st.container()) if presenting() else st.columns([1.2, 1])
    with left:
        st.markdown(f"**{tt('table.heading')}**")
        constraint_table(cons, prob, best)
        st.caption(tt("table.caption"))
    with right:
        st.markdown(f"**{tt('checklist.heading')}**")
        checklist(report_try, report_opt, x_try)
        st.caption(tt("checklist.caption"))

with layout.guard(f"{NS}.sections.formula"):
    formula_section(Q, c, cons, prob, best)

tab_t, tab_p, tab_d, tab_l = layout.tabs(
    [f"{NS}.tabs.{k}" for k in ("tangency", "price", "duality", "lens")], key="kkt_tab"
)
circle = (CIRCLE_A, CIRCLE_R)
with tab_t, layout.guard(f"{NS}.sections.tangency"):
    circle = tangency_tab(tab_t, Q, c, cons)
# A closed tab draws only its control, which keeps its value; the fragment (the control
# reruns only its tab) is needed only while the tab is open.
with tab_p:
    (price_tab if tab_p.open else price_body)(tab_p, Q, c, cons, prob, best)
with tab_d:
    (duality_tab if tab_d.open else duality_body)(tab_d, Q, c, cons, prob, best)
with tab_l:
    (lens_tab if tab_l.open else lens_body)(tab_l)

layout.interview(NS, 7, **interview_values(cons, prob, best, circle, Q, c))
st.page_link(
    "pages/regression_losses.py",
    label=tt("link.label"),
    icon=":material/show_chart:",
    query_params={"losses_tab": t("regression_losses.tabs.regularisation")},
)
rows = {kind: prob.kwargs.get(f"A_{kind}", np.zeros((0, 2))) for kind in ("eq", "in")}
bounds = {kind: prob.kwargs.get(f"b_{kind}", np.zeros(0)) for kind in ("eq", "in")}
scratch = handwritten.render(
    NS,
    current_language(),
    Q=Q,
    c=c,
    A_eq=rows["eq"],
    b_eq=bounds["eq"],
    A_in=rows["in"],
    b_in=bounds["in"],
    a=circle[0],
    r=float(circle[1]),
)
layout.code(scratch, kkt.snippet(Q, c, **prob.kwargs, x=x_try), key="kkt_code")
