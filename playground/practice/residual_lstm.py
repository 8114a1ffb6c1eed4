"""Practice questions on residual connections and LSTM gates (page ``residual_lstm``).

LSTM questions use the page's "one step" view: the run (``resid_steps``,
``resid_hidden``, ``resid_fbias``, ``resid_gain``, ``resid_lstm_seed``) and the
step and unit it writes out (``resid_step``, ``resid_unit``); the numbers come
from :func:`playground.gradient_flow.compare_memory`, the call the page makes.
Depth questions use :func:`playground.gradient_flow.compare_deep_nets`.
"""

from __future__ import annotations

import math

import numpy as np

from playground import gradient_flow as gf
from playground.activations import activation
from playground.practice import (
    Format,
    Label,
    Question,
    Step,
    Text,
    Tolerance,
    choice_texts,
    derivation,
    grid,
    pick,
    register,
    url_number,
)

PAGE = "residual_lstm"
NS = f"practice.q.{PAGE}"
INPUT_SIZE = 4  # the page's fixed input size
BATCH = 32  # the page's fixed batch of the deep nets
GAINS = (0.5, 0.8, 1.0, 1.25, 2.0)  # on the page's log slider
SCALES = (0.5, 0.8, 1.0, 1.25, 2.0)


def draw_memory(rng):
    steps, hidden = int(pick(rng, (10, 20, 40))), int(pick(rng, (4, 8)))
    bias, gain, seed = grid(rng, -1.0, 3.0, 0.25), float(pick(rng, GAINS)), int(rng.integers(1000))
    mem = gf.compare_memory(
        steps, hidden, input_size=INPUT_SIZE, forget_bias=bias, gain=gain, seed=seed
    )
    return dict(steps=steps, hidden=hidden, bias=bias, gain=gain, seed=seed), mem


def memory_link(
    out: Format, run: dict, step: int | None = None, unit: int | None = None, **extra
) -> dict:
    query = {
        "resid_steps": str(run["steps"]),
        "resid_hidden": str(run["hidden"]),
        "resid_fbias": url_number(run["bias"]),
        "resid_gain": out.fmt(run["gain"], 3),
        "resid_lstm_seed": str(run["seed"]),
    }
    if step is not None:
        query["resid_step"], query["resid_unit"] = str(step), str(unit)
    return {**query, **extra}


def draw_step(rng, good):
    """A run, a step t and a unit j for which ``good(trace, t, j)`` holds."""
    while True:
        run, mem = draw_memory(rng)
        for _ in range(10):
            t = int(rng.integers(1, min(run["steps"], 10) + 1))
            j = int(rng.integers(run["hidden"]))
            if good(mem.trace, t, j):
                return run, mem, t, j


def gates(trace, t: int, j: int) -> dict[str, float]:
    return {
        name: float(getattr(trace, name)[t - 1, j]) for name in ("i", "f", "g", "o", "c", "h")
    } | {"c_prev": float(trace.previous(t)[1][j])}


@register("numbers")
def cell_state(rng, out: Format) -> Question:
    run, mem, t, j = draw_step(rng, lambda tr, t, j: abs(tr.c[t - 1, j]) >= 0.02)
    v = gates(mem.trace, t, j)
    return Question(
        prompt=Text(
            f"{NS}.cell_state.prompt",
            {"t": t, "prev": t - 1, **{k: out.fmt(v[k]) for k in ("f", "i", "g", "c_prev")}},
        ),
        answer=v["c"],
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            rf"c_{{{t}}} = f_{{{t}}}\,c_{{{t - 1}}} + i_{{{t}}}\,g_{{{t}}}"
            rf" = {out.tex(v['f'])}\cdot({out.tex(v['c_prev'])}) + {out.tex(v['i'])}"
            rf"\cdot({out.tex(v['g'])}) = {out.tex(v['c'])}",
        ),
        page=PAGE,
        link=memory_link(out, run, t, j),
        shows=(v["c"], v["f"]),
    )


@register("numbers")
def hidden_state(rng, out: Format) -> Question:
    run, mem, t, j = draw_step(rng, lambda tr, t, j: abs(tr.h[t - 1, j]) >= 0.02)
    v = gates(mem.trace, t, j)
    return Question(
        prompt=Text(
            f"{NS}.hidden_state.prompt", {"t": t, "o": out.fmt(v["o"]), "c": out.fmt(v["c"])}
        ),
        answer=v["h"],
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            rf"h_{{{t}}} = o_{{{t}}}\tanh(c_{{{t}}}) = {out.tex(v['o'])}\cdot"
            rf"\tanh({out.tex(v['c'])}) = {out.tex(v['h'])}",
        ),
        page=PAGE,
        link=memory_link(out, run, t, j),
        shows=(v["h"], v["o"]),
    )


@register("numbers")
def direct_path(rng, out: Format) -> Question:
    run, mem, t, j = draw_step(rng, lambda tr, t, j: True)
    trace, H = mem.trace, run["hidden"]
    u = float(trace.pre[t - 1, H + j])  # rows i, f, g, o: the forget gate is the second block
    h_prev, c_prev = trace.previous(t)
    jac = gf.lstm_cell_jacobian(trace.xs[t - 1], h_prev, c_prev, *mem.params)
    answer = float(jac[j, j])
    return Question(
        prompt=Text(f"{NS}.direct_path.prompt", {"t": t, "prev": t - 1, "u": out.fmt(u)}),
        answer=answer,
        tolerance=Tolerance(abs=0.005),
        hint="probability",
        solution=(
            r"c_t = f_t \odot c_{t-1} + i_t \odot g_t \;\Rightarrow\;"
            r" \frac{\partial c_t}{\partial c_{t-1}} = \operatorname{diag}(f_t)"
            r" + \frac{\partial c_t}{\partial h_{t-1}}\frac{\partial h_{t-1}}{\partial c_{t-1}}",
            rf"f_{{{t}}} = \sigma({out.tex(u)}) = {out.tex(answer)}",
        ),
        page=PAGE,
        link=memory_link(out, run, t, j),
        shows=(answer,),
    )


@register("numbers")
def half_life(rng, out: Format) -> Question:
    bias = grid(rng, 0.5, 4.0, 0.25)
    f0 = float(activation(bias, "sigmoid"))
    half = gf.forget_half_life(f0)
    return Question(
        prompt=Text(f"{NS}.half_life.prompt", {"b": out.fmt(bias)}),
        answer=half,
        tolerance=Tolerance(abs=0.05, rel=0.02),
        solution=(
            rf"f = \sigma(b_f) = \sigma({out.tex(bias)}) = {out.tex(f0)}",
            rf"f^k = \tfrac12 \;\Rightarrow\; k = \frac{{\ln(1/2)}}{{\ln f}}"
            rf" = \frac{{-0.6931}}{{{out.tex(math.log(f0))}}} = {out.tex(half)}",
        ),
        page=PAGE,
        link={"resid_fbias": url_number(bias)},
        shows=(half, f0),
    )


@register("predict")
def forget_bias(rng, out: Format) -> Question:
    while True:
        run, _ = draw_memory(rng)
        low, high = sorted(float(v) for v in rng.choice(np.arange(-1.0, 3.25, 0.5), 2, False))
        ends = {
            b: gf.compare_memory(
                run["steps"],
                run["hidden"],
                input_size=INPUT_SIZE,
                forget_bias=b,
                gain=run["gain"],
                seed=run["seed"],
            )
            for b in (low, high)
        }
        keep = {b: float(m.lstm_full[0]) for b, m in ends.items()}
        if max(keep.values()) >= 3 * min(keep.values()) and min(keep.values()) > 0:
            break
    first, second = (low, high) if rng.random() < 0.5 else (high, low)
    correct = 0 if keep[first] > keep[second] else 1
    shown = {**run, "bias": first}
    return Question(
        prompt=Text(
            f"{NS}.forget_bias.prompt",
            {"b1": out.fmt(first), "b2": out.fmt(second), "T": run["steps"], "H": run["hidden"]},
        ),
        choices=(
            Text(f"{NS}.forget_bias.choices.bias", {"b": out.fmt(first)}),
            Text(f"{NS}.forget_bias.choices.bias", {"b": out.fmt(second)}),
            Text(f"{NS}.forget_bias.choices.same"),
        ),
        correct=correct,
        solution=(
            rf"\|\partial c_T/\partial c_0\|\,(b_f = {out.tex(first)}) = {out.tex(keep[first], 3)}",
            rf"\|\partial c_T/\partial c_0\|\,(b_f = {out.tex(second)}) ="
            rf" {out.tex(keep[second], 3)}",
        ),
        why=Text(f"{NS}.forget_bias.why"),
        page=PAGE,
        link=memory_link(out, shown, resid_tab=Label(f"{PAGE}.tabs.sweep")),
        shows=(float(ends[first].mean_forget),),
    )


def draw_nets(rng):
    while True:
        net = dict(
            depth=int(pick(rng, (10, 20, 30, 40))),
            width=int(pick(rng, (16, 32))),
            activation=str(pick(rng, ("sigmoid", "tanh", "relu"))),
            init=str(pick(rng, gf.INITS)),
            scale=float(pick(rng, SCALES)),
            seed=int(rng.integers(1000)),
        )
        nets = gf.compare_deep_nets(
            net["depth"],
            net["width"],
            activation=net["activation"],
            init=net["init"],
            scale=net["scale"],
            batch=BATCH,
            seed=net["seed"],
        )
        plain, residual = nets.plain.gain, nets.residual.gain
        finite = nets.plain.finite and nets.residual.finite and plain > 0 and residual > 0
        if finite and abs(math.log(residual / plain)) >= math.log(3):
            return net, nets


def nets_link(out: Format, net: dict) -> dict:
    return {
        "resid_depth": str(net["depth"]),
        "resid_width": str(net["width"]),
        "resid_act": Label(f"{PAGE}.act.{net['activation']}"),
        "resid_init": Label(f"{PAGE}.init.{net['init']}"),
        "resid_scale": out.fmt(net["scale"], 3),
        "resid_seed": str(net["seed"]),
    }


def nets_values(out: Format, net: dict) -> dict:
    return {
        "depth": net["depth"],
        "width": net["width"],
        "act": Label(f"{PAGE}.act.{net['activation']}"),
        "init": Label(f"{PAGE}.init.{net['init']}"),
        "scale": out.fmt(net["scale"]),
    }


@register("predict")
def skip_connection(rng, out: Format) -> Question:
    net, nets = draw_nets(rng)
    plain, residual = nets.plain.gain, nets.residual.gain
    return Question(
        prompt=Text(f"{NS}.skip_connection.prompt", nets_values(out, net)),
        choices=choice_texts(f"{NS}.skip_connection.choices", ("residual", "plain", "same")),
        correct=0 if residual > plain else 1,
        solution=(
            rf"\frac{{\|\partial L/\partial h_0\|}}{{\|\partial L/\partial"
            rf" h_{{{net['depth']}}}\|}}:"
            rf"\quad {out.tex(plain, 3)}\ \ (h \leftarrow f(Wh + b)),\quad"
            rf" {out.tex(residual, 3)}\ \ (h \leftarrow h + f(Wh + b))",
        ),
        why=Text(f"{NS}.skip_connection.why"),
        page=PAGE,
        link=nets_link(out, net),
        shows=(plain, residual),
    )


@register("derive")
def residual_gradient(rng, out: Format) -> Question:
    """The identity path of a residual block: ∂h_{l+1}/∂h_l = I + ∂F/∂h_l."""
    net, nets = draw_nets(rng)
    s = f"{NS}.residual_gradient"
    steps = (
        Step(Text(f"{s}.s1"), r"h_{l+1} = h_l + F(h_l),\qquad F(h) = f(W_l h + b_l)"),
        Step(
            Text(f"{s}.s2"),
            r"\frac{\partial h_{l+1}}{\partial h_l} = I + \frac{\partial F}"
            r"{\partial h_l} = I + \operatorname{diag}(f'(u_l))\,W_l",
        ),
        Step(
            Text(f"{s}.s3"),
            r"\frac{\partial L}{\partial h_0} = \frac{\partial L}{\partial h_L}"
            r"\prod_{l} \Big(I + \frac{\partial F}{\partial h_l}\Big)"
            r" = \frac{\partial L}{\partial h_L}\Big(I + \sum_l \frac{\partial F}{\partial h_l}"
            r" + \cdots\Big)",
        ),
        Step(
            Text(f"{s}.s4"),
            r"h_{l+1} = f(W_l h_l + b_l):\ \frac{\partial L}{\partial h_0}"
            r" = \frac{\partial L}{\partial h_L}\prod_l \operatorname{diag}(f'(u_l))\,W_l",
        ),
        Step(
            Text(f"{s}.s5", nets_values(out, net)),
            rf"\frac{{\|\partial L/\partial h_0\|}}{{\|\partial L/\partial h_L\|}}:\ "
            rf"{out.tex(nets.plain.gain, 3)}\ \ (h \leftarrow f(Wh + b)),\quad"
            rf" {out.tex(nets.residual.gain, 3)}\ \ (h \leftarrow h + f(Wh + b))",
        ),
    )
    return derivation(
        s,
        steps,
        solution=(1,),
        page=PAGE,
        link=nets_link(out, net),
        shows=(nets.plain.gain, nets.residual.gain),
    )


@register("derive")
def cell_gradient(rng, out: Format) -> Question:
    """The LSTM's additive cell path: ∂c_t/∂c_{t−1} = diag(f_t) along the direct path."""
    run, mem, t, j = draw_step(rng, lambda tr, t, j: True)
    v = gates(mem.trace, t, j)
    s = f"{NS}.cell_gradient"
    steps = (
        Step(
            Text(f"{s}.s1"),
            r"f_t = \sigma(W_f[x_t, h_{t-1}] + b_f),\quad"
            r" c_t = f_t\odot c_{t-1} + i_t\odot g_t,\quad h_t = o_t\odot\tanh(c_t)",
        ),
        Step(
            Text(f"{s}.s2"),
            r"\frac{\partial c_t}{\partial c_{t-1}} = \operatorname{diag}(f_t)"
            r" + \frac{\partial c_t}{\partial h_{t-1}}\frac{\partial h_{t-1}}{\partial c_{t-1}}",
        ),
        Step(
            Text(f"{s}.s3"),
            r"\frac{\partial c_T}{\partial c_t} = \prod_{s=t+1}^{T}\operatorname{diag}(f_s)"
            r" + \cdots",
        ),
        Step(
            Text(f"{s}.s4"),
            r"h_t = \tanh(W_{hh}h_{t-1} + W_{xh}x_t):\ \frac{\partial h_T}{\partial h_t}"
            r" = \prod_{s=t+1}^{T}\operatorname{diag}(1 - h_s^2)\,W_{hh}",
        ),
        Step(
            Text(f"{s}.s5", {"t": t, "j": j}),
            rf"f_{{{t}}} = {out.tex(v['f'])},\quad f^{{10}} = {out.tex(v['f'] ** 10, 3)}",
        ),
    )
    return derivation(
        s, steps, solution=(2,), page=PAGE, link=memory_link(out, run, t, j), shows=(v["f"],)
    )
