"""Practice questions on activations and backpropagation (page ``activations_backprop``).

Two kinds of state:

- a small network 2 → 2 → 1 typed into the page: input ``act_x``, target
  ``act_t``, hidden sizes ``act_h1`` = 2 and ``act_h2`` = 0, the hidden
  activation ``act_fn`` (plain labels), the output head ``act_head`` (a
  translated choice) and the weights ``act_w1``, ``act_b1``, ``act_w2``,
  ``act_b2`` (typed lists that override the seeded ones); every number comes
  from :func:`playground.backprop.backprop`, the call the page makes;
- the depth experiment: ``act_depth``, ``act_width``, ``act_vinit`` (a
  translated choice) and ``act_scale`` (a log slider: its label), measured by
  :func:`playground.backprop.gradient_norms_through_depth` with the page's
  seed 0 and batch 32.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from playground import backprop as bp
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
    number_list,
    pick,
    register,
)

PAGE = "activations_backprop"
NS = f"practice.q.{PAGE}"
#: The page's labels of the hidden activations (the same in every language).
LABELS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}
#: LaTeX of each activation's slope, as the page writes it.
SLOPES = {
    "sigmoid": r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))",
    "tanh": r"\tanh'(z) = 1 - \tanh^2 z",
    "relu": r"\operatorname{ReLU}'(z) = [z > 0]",
}
HEADS = ("sigmoid_mse", "linear_mse", "sigmoid_ce")
DEPTH_BATCH, DEPTH_SEED = 32, 0  # what the page's depth chart uses


@dataclass(frozen=True)
class Net:
    """A 2 → 2 → 1 network with typed weights, its input and target, and one backprop run."""

    activation: str
    head: str
    x: np.ndarray
    t: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    run: bp.Backprop

    @property
    def output(self) -> str:
        return self.head.split("_")[0]

    @property
    def loss(self) -> str:
        return self.head.split("_")[1]

    def z1(self) -> np.ndarray:
        return self.run.z[0][0]

    def link(self, **extra) -> dict:
        return {
            "act_x": number_list(self.x),
            "act_t": number_list(self.t),
            "act_h1": "2",
            "act_h2": "0",
            "act_fn": LABELS[self.activation],
            "act_head": Label(f"{PAGE}.heads.{self.head}"),
            "act_w1": number_list(self.W1.ravel()),
            "act_b1": number_list(self.b1),
            "act_w2": number_list(self.W2.ravel()),
            "act_b2": number_list(self.b2),
            **extra,
        }

    def values(self, out: Format) -> dict:
        def rows(m) -> str:
            return "[" + "; ".join(", ".join(out.fmt(v) for v in r) for r in m) + "]"

        return {
            "f": LABELS[self.activation],
            "head": Label(f"{NS}.heads.{self.head}"),
            "x": f"({number_list(self.x)})",
            "t": out.fmt(self.t[0]),
            "W1": rows(self.W1),
            "b1": f"({number_list(self.b1)})",
            "W2": rows(self.W2),
            "b2": out.fmt(self.b2[0]),
        }


def draw_net(rng, *, activations=tuple(LABELS), heads=HEADS) -> Net:
    activation, head = str(pick(rng, activations)), str(pick(rng, heads))
    while True:
        x = grid(rng, -2.0, 2.0, 0.5, size=2)
        if np.any(x):
            break
    W1 = grid(rng, -1.5, 1.5, 0.5, size=(2, 2))
    b1 = grid(rng, -1.0, 1.0, 0.5, size=2)
    W2 = grid(rng, -2.0, 2.0, 0.5, size=(1, 2))
    b2 = grid(rng, -1.0, 1.0, 0.5, size=1)
    output, loss = head.split("_")
    t = np.array([float(rng.integers(2))]) if output == "sigmoid" else grid(rng, -1, 1, 0.5, 1)
    run = bp.backprop(x, t, [W1, W2], [b1, b2], activation=activation, output=output, loss=loss)
    return Net(activation, head, x, t, W1, b1, W2, b2, run)


def forward_lines(out: Format, net: Net) -> list[str]:
    z1, a1 = net.z1(), net.run.a[1][0]
    z2, o = float(net.run.z[1][0, 0]), float(net.run.a[2][0, 0])
    head = {"linear": "o = z_2", "sigmoid": r"o = \sigma(z_2)"}[net.output]
    return [
        rf"z_1 = W_1 x + b_1 = ({out.tex(z1[0])},\ {out.tex(z1[1])}),\quad"
        rf" a_1 = f(z_1) = ({out.tex(a1[0])},\ {out.tex(a1[1])})",
        rf"z_2 = W_2 a_1 + b_2 = {out.tex(z2)},\quad {head} = {out.tex(o)}",
    ]


def delta_line(out: Format, net: Net) -> str:
    """δ₂ = ∂L/∂z₂ for the head, with the numbers."""
    o, t = float(net.run.a[2][0, 0]), float(net.t[0])
    d2 = float(net.run.delta[1][0, 0])
    if net.output == "sigmoid" and net.loss == "mse":
        return (
            rf"\delta_2 = (o - t)\,o\,(1 - o) = ({out.tex(o)} - {out.tex(t)})\cdot"
            rf"{out.tex(o)}\cdot{out.tex(1 - o)} = {out.tex(d2)}"
        )
    return rf"\delta_2 = o - t = {out.tex(o)} - {out.tex(t)} = {out.tex(d2)}"


@register("numbers")
def hidden_slope(rng, out: Format) -> Question:
    while True:
        net = draw_net(rng, activations=("sigmoid", "tanh"))
        j = int(rng.integers(2))
        slope = float(net.run.fprime[0][0, j])
        if slope >= 0.05:
            break
    z = float(net.z1()[j])
    return Question(
        prompt=Text(
            f"{NS}.hidden_slope.prompt",
            {**net.values(out), "j": j + 1, "z": out.fmt(z)},
        ),
        answer=slope,
        tolerance=Tolerance(abs=0.002, rel=0.01),
        solution=(
            rf"z_{{1,{j + 1}}} = {out.tex(z)}",
            rf"{SLOPES[net.activation]} = {out.tex(slope)}",
        ),
        why=Text(f"{NS}.hidden_slope.why_{net.activation}"),
        page=PAGE,
        link=net.link(),
        shows=(slope,),
    )


@register("numbers")
def output_delta(rng, out: Format) -> Question:
    while True:
        net = draw_net(rng)
        delta = float(net.run.delta[1][0, 0])
        if abs(delta) >= 0.02:
            break
    return Question(
        prompt=Text(f"{NS}.output_delta.prompt", net.values(out)),
        answer=delta,
        tolerance=Tolerance(abs=0.002, rel=0.01),
        solution=(*forward_lines(out, net), delta_line(out, net)),
        why=Text(f"{NS}.output_delta.why_{net.head}"),
        page=PAGE,
        link=net.link(act_tab=Label(f"{PAGE}.tabs.table")),
        shows=(delta,),
    )


@register("numbers")
def weight_gradient(rng, out: Format) -> Question:
    while True:
        net = draw_net(rng)
        layer = int(rng.integers(2))
        g = net.run.dW[layer]
        j, i = int(rng.integers(g.shape[0])), int(rng.integers(g.shape[1]))
        value = float(g[j, i])
        if abs(value) >= 0.05:
            break
    d1, d2 = net.run.delta[0][0], float(net.run.delta[1][0, 0])
    a1 = net.run.a[1][0]
    lines = [*forward_lines(out, net), delta_line(out, net)]
    if layer == 1:
        lines.append(
            rf"\frac{{\partial L}}{{\partial W_2[1, {i + 1}]}} = \delta_2\, a_{{1,{i + 1}}}"
            rf" = {out.tex(d2)}\cdot{out.tex(a1[i])} = {out.tex(value)}"
        )
    else:
        slope = float(net.run.fprime[0][0, j])
        lines += [
            rf"\delta_{{1,{j + 1}}} = W_2[1, {j + 1}]\,\delta_2\,f'(z_{{1,{j + 1}}})"
            rf" = {out.tex(net.W2[0, j])}\cdot{out.tex(d2)}\cdot{out.tex(slope)}"
            rf" = {out.tex(d1[j])}",
            rf"\frac{{\partial L}}{{\partial W_1[{j + 1}, {i + 1}]}} = \delta_{{1,{j + 1}}}"
            rf"\, x_{i + 1} = {out.tex(d1[j])}\cdot{out.tex(net.x[i])} = {out.tex(value)}",
        ]
    return Question(
        prompt=Text(
            f"{NS}.weight_gradient.prompt",
            {**net.values(out), "l": layer + 1, "j": j + 1, "i": i + 1},
        ),
        answer=value,
        tolerance=Tolerance(abs=0.002, rel=0.01),
        solution=tuple(lines),
        page=PAGE,
        link=net.link(act_tab=Label(f"{PAGE}.tabs.table")),
        shows=(value,),
    )


@register("predict")
def dead_neuron(rng, out: Format) -> Question:
    """A ReLU neuron with z < 0 passes no gradient to its incoming weights."""
    dead = rng.random() < 0.5
    while True:
        net = draw_net(rng, activations=("relu",))
        j = int(rng.integers(2))
        z = float(net.z1()[j])
        live = net.W2[0, j] != 0 and net.run.delta[1][0, 0] != 0
        if z != 0 and (z < 0) == dead and live:
            break
    row = net.run.dW[0][j]
    zero = bool(np.all(row == 0))
    return Question(
        prompt=Text(f"{NS}.dead_neuron.prompt", {**net.values(out), "j": j + 1, "z": out.fmt(z)}),
        choices=choice_texts(f"{NS}.dead_neuron.choices", ("zero", "nonzero")),
        correct=0 if zero else 1,
        solution=(
            rf"z_{{1,{j + 1}}} = {out.tex(z)} \;\Rightarrow\; \operatorname{{ReLU}}'"
            rf"(z_{{1,{j + 1}}}) = {out.tex(float(net.run.fprime[0][0, j]))}",
            rf"\frac{{\partial L}}{{\partial W_1[{j + 1}, :]}} = \delta_{{1,{j + 1}}}\,x^\top"
            rf" = ({out.tex(row[0])},\ {out.tex(row[1])})",
        ),
        why=Text(f"{NS}.dead_neuron.why_{'zero' if zero else 'nonzero'}"),
        page=PAGE,
        link=net.link(act_tab=Label(f"{PAGE}.tabs.table")),
        shows=(z,),
    )


DEPTHS = (10, 15, 20, 25, 30)
WIDTHS = (16, 32, 64)


def depth_ratio(activation: str, init: str, depth: int, width: int) -> float:
    profile = bp.gradient_norms_through_depth(
        depth=depth,
        width=width,
        activation=activation,
        init=init,
        scale=1.0,
        seed=DEPTH_SEED,
        batch=DEPTH_BATCH,
    )
    return profile.ratio


@register("predict")
def depth_gradient(rng, out: Format) -> Question:
    """Which activation lets more of the gradient reach the first layer of a deep MLP."""
    while True:
        pair = tuple(str(v) for v in rng.permutation(list(LABELS))[:2])
        init, depth = str(pick(rng, ("xavier", "he"))), int(pick(rng, DEPTHS))
        width = int(pick(rng, WIDTHS))
        ratios = [depth_ratio(a, init, depth, width) for a in pair]
        if all(0 < r < math.inf for r in ratios) and abs(math.log10(ratios[0] / ratios[1])) >= 0.3:
            break
    labels = {name: LABELS[name] for name in pair}
    return Question(
        prompt=Text(
            f"{NS}.depth_gradient.prompt",
            {
                "a": labels[pair[0]],
                "b": labels[pair[1]],
                "depth": depth,
                "width": width,
                "init": Label(f"{PAGE}.inits.{init}"),
            },
        ),
        choices=(
            Text(f"{NS}.depth_gradient.choices.one", {"f": labels[pair[0]]}),
            Text(f"{NS}.depth_gradient.choices.one", {"f": labels[pair[1]]}),
            Text(f"{NS}.depth_gradient.choices.same"),
        ),
        correct=0 if ratios[0] > ratios[1] else 1,
        solution=tuple(
            rf"\text{{{labels[name]}}}:\ \|\delta_1\| / \|\delta_{{{depth}}}\| = {out.tex(r, 3)}"
            for name, r in zip(pair, ratios, strict=True)
        ),
        why=Text(f"{NS}.depth_gradient.why"),
        page=PAGE,
        link={
            "act_depth": str(depth),
            "act_width": str(width),
            "act_vinit": Label(f"{PAGE}.inits.{init}"),
            "act_scale": "1",
        },
        shows=tuple(ratios),
    )


@register("derive")
def two_layer(rng, out: Format) -> Question:
    """The δ recursion of a two-layer network, ending in every gradient with numbers."""
    while True:
        net = draw_net(rng, activations=("sigmoid", "tanh"))
        if abs(float(net.run.delta[1][0, 0])) >= 0.02:
            break
    d1, d2 = net.run.delta[0][0], float(net.run.delta[1][0, 0])
    s = f"{NS}.two_layer"
    steps = (
        Step(
            Text(f"{s}.s1"),
            r"z_1 = W_1 x + b_1,\quad a_1 = f(z_1),\quad z_2 = W_2 a_1 + b_2,\quad"
            r" o = g(z_2),\quad L(o, t)",
        ),
        Step(
            Text(f"{s}.s2"),
            r"\delta_2 = \frac{\partial L}{\partial z_2} = \frac{\partial L}{\partial o}\,g'(z_2)",
        ),
        Step(
            Text(f"{s}.s3"),
            r"\frac{\partial L}{\partial W_2} = \delta_2\, a_1^\top,\qquad"
            r" \frac{\partial L}{\partial b_2} = \delta_2",
        ),
        Step(
            Text(f"{s}.s4"),
            r"\delta_1 = \frac{\partial L}{\partial z_1} = (W_2^\top \delta_2) \odot f'(z_1)",
        ),
        Step(
            Text(f"{s}.s5"),
            r"\frac{\partial L}{\partial W_1} = \delta_1\, x^\top,\qquad"
            r" \frac{\partial L}{\partial b_1} = \delta_1",
        ),
        Step(
            Text(f"{s}.s6", net.values(out)),
            rf"\delta_2 = {out.tex(d2)},\quad \delta_1 = ({out.tex(d1[0])},\ {out.tex(d1[1])}),"
            rf"\quad \frac{{\partial L}}{{\partial W_1}}[1, 1] = {out.tex(net.run.dW[0][0, 0])}",
        ),
    )
    return derivation(
        s,
        steps,
        solution=(3, 4),
        page=PAGE,
        link=net.link(act_tab=Label(f"{PAGE}.tabs.table")),
        shows=(d2, float(net.run.dW[0][0, 0])),
    )
