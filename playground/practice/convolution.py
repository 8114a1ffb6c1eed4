"""Practice questions on convolution (page ``convolution``).

Every number comes from :mod:`playground.convolution` (``conv_output_size``,
``coverage``, ``receptive_field``, ``conv_cost``), the calls the page makes.
Links set the main layer (``conv_n``, ``conv_k``, ``conv_stride``,
``conv_padding``, ``conv_dilation``), the tab (``conv_tab``), the stack of the
receptive-field tab (``conv_rf_k`` / ``conv_rf_s`` / ``conv_rf_d``,
``conv_rf_layer``) and the channels and feature-map size of the cost tab
(``conv_cin``, ``conv_cout``, ``conv_size``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground import convolution as cv
from playground.practice import (
    Format,
    Label,
    Question,
    Step,
    Text,
    Tolerance,
    choice_texts,
    derivation,
    number_list,
    pick,
    register,
)

PAGE = "convolution"
NS = f"practice.q.{PAGE}"
#: Feature-map sizes and channel counts of real networks (the cost tab's number boxes).
SIZES = (28, 32, 56, 64, 112, 224)
CHANNELS = (3, 16, 32, 64, 128, 256)
COUNT = Tolerance(abs=0.5)  # a count: only the exact whole number is right


@dataclass(frozen=True)
class Layer:
    """One layer on the page's main view: input side n, kernel k, stride, padding, dilation."""

    n: int
    k: int
    s: int
    p: int
    d: int

    @property
    def extent(self) -> int:
        return self.d * (self.k - 1) + 1

    def fits(self) -> bool:
        return self.extent <= self.n + 2 * self.p

    def out(self) -> int:
        return cv.conv_output_size(self.n, self.k, stride=self.s, padding=self.p, dilation=self.d)

    def link(self, **extra) -> dict:
        return {
            "conv_n": str(self.n),
            "conv_k": str(self.k),
            "conv_stride": str(self.s),
            "conv_padding": str(self.p),
            "conv_dilation": str(self.d),
            **extra,
        }

    def values(self) -> dict:
        return {"n": self.n, "k": self.k, "s": self.s, "p": self.p, "d": self.d}


def size_lines(layer: Layer, out: int) -> tuple[str, ...]:
    """The output-size formula with the layer's numbers."""
    n, k, s, p, d = layer.n, layer.k, layer.s, layer.p, layer.d
    top = n + 2 * p - layer.extent
    return (
        rf"e = d(k - 1) + 1 = {d}\cdot({k} - 1) + 1 = {layer.extent}",
        rf"n_{{out}} = \left\lfloor \frac{{n + 2p - e}}{{s}} \right\rfloor + 1"
        rf" = \left\lfloor \frac{{{n} + 2\cdot{p} - {layer.extent}}}{{{s}}} \right\rfloor + 1"
        rf" = \lfloor {top}/{s} \rfloor + 1 = {out}",
    )


def draw_layer(rng, *, n=(5, 16), k=(1, 5), s=(1, 4), p=(0, 3), d=(1, 2)) -> Layer:
    """A layer whose kernel fits in the padded input (ranges inclusive, inside the sliders)."""
    while True:
        layer = Layer(*(int(rng.integers(lo, hi + 1)) for lo, hi in (n, k, s, p, d)))
        if layer.fits():
            return layer


@register("numbers")
def output_size(rng, out: Format) -> Question:
    while True:
        layer = draw_layer(rng)
        size = layer.out()
        if size >= 2:
            break
    return Question(
        prompt=Text(f"{NS}.output_size.prompt", layer.values()),
        answer=float(size),
        tolerance=COUNT,
        hint="integer",
        solution=size_lines(layer, size),
        page=PAGE,
        link=layer.link(),
        shows=(float(size),),
    )


def draw_stack(rng) -> list[tuple[int, int, int]]:
    depth = int(rng.integers(2, 5))
    return [
        (int(pick(rng, (1, 3, 3, 3, 5))), int(pick(rng, (1, 1, 2))), int(pick(rng, (1, 1, 1, 2))))
        for _ in range(depth)
    ]


@register("numbers")
def receptive_field(rng, out: Format) -> Question:
    while True:
        stack = draw_stack(rng)
        rf = cv.receptive_field(stack)
        if rf.size[-1] > stack[0][0]:  # more than the first kernel alone
            break
    ks, ss, ds = (list(v) for v in zip(*stack, strict=True))
    lines, r, j = [], 1, 1
    for layer, ((k, s, d), size, jump) in enumerate(
        zip(stack, rf.size, rf.jump, strict=True), start=1
    ):
        lines.append(
            rf"r_{{{layer}}} = r_{{{layer - 1}}} + d_{{{layer}}}(k_{{{layer}}} - 1)\,"
            rf"j_{{{layer - 1}}} = {r} + {d}\cdot{k - 1}\cdot{j} = {int(size)},\quad"
            rf" j_{{{layer}}} = {j}\cdot{s} = {int(jump)}"
        )
        r, j = int(size), int(jump)
    return Question(
        prompt=Text(
            f"{NS}.receptive_field.prompt",
            {
                "layers": len(stack),
                "k": number_list(ks),
                "s": number_list(ss),
                "d": number_list(ds),
            },
        ),
        answer=float(rf.size[-1]),
        tolerance=COUNT,
        hint="integer",
        solution=(r"r_0 = 1,\quad j_0 = 1", *lines),
        page=PAGE,
        link={
            "conv_tab": Label(f"{PAGE}.tabs.rf"),
            "conv_rf_k": number_list(ks),
            "conv_rf_s": number_list(ss),
            "conv_rf_d": number_list(ds),
            "conv_rf_layer": str(len(stack)),
        },
        shows=(float(rf.size[-1]),),
    )


def cost_link(k: int, c_in: int, c_out: int, size: int, *, s: int = 1, p: int = 0) -> dict:
    return {
        "conv_k": str(k),
        "conv_stride": str(s),
        "conv_padding": str(p),
        "conv_dilation": "1",
        "conv_tab": Label(f"{PAGE}.tabs.cost"),
        "conv_cin": str(c_in),
        "conv_cout": str(c_out),
        "conv_size": str(size),
    }


@register("numbers")
def parameter_count(rng, out: Format) -> Question:
    while True:
        k = int(pick(rng, (1, 3, 3, 5, 7)))
        c_in, c_out = int(pick(rng, CHANNELS)), int(pick(rng, CHANNELS[1:]))
        size = int(pick(rng, SIZES))
        cost = cv.conv_cost(c_in, c_out, k, 1, 1)
        if cost.params < 1_000_000:
            break
    weights = cost.params - c_out
    return Question(
        prompt=Text(
            f"{NS}.parameter_count.prompt", {"k": k, "c_in": c_in, "c_out": c_out, "size": size}
        ),
        answer=float(cost.params),
        tolerance=COUNT,
        hint="integer",
        solution=(
            rf"P = C_{{out}}\,C_{{in}}\,k^2 + C_{{out}} = {c_out}\cdot{c_in}\cdot{k}^2 + {c_out}"
            rf" = {weights} + {c_out} = {cost.params}",
        ),
        why=Text(f"{NS}.parameter_count.why", {"size": size, "k": k}),
        page=PAGE,
        link=cost_link(k, c_in, c_out, size, p=(k - 1) // 2),
        shows=(float(cost.params),),
    )


@register("numbers")
def macs(rng, out: Format) -> Question:
    while True:
        k = int(pick(rng, (1, 3, 3, 5, 7)))
        s, size = int(pick(rng, (1, 1, 2))), int(pick(rng, SIZES))
        p = (k - 1) // 2 if rng.random() < 0.7 else 0
        c_in, c_out = int(pick(rng, CHANNELS)), int(pick(rng, CHANNELS[1:]))
        side = cv.conv_output_size(size, k, stride=s, padding=p)
        cost = cv.conv_cost(c_in, c_out, k, side, side)
        if 1e6 <= cost.macs <= 1e10:
            break
    layer = Layer(size, k, s, p, 1)
    millions = cost.macs / 1e6
    count = f"{cost.macs:,}".replace(",", "{,}")
    return Question(
        prompt=Text(
            f"{NS}.macs.prompt",
            {"k": k, "s": s, "p": p, "c_in": c_in, "c_out": c_out, "size": size},
        ),
        answer=millions,
        tolerance=Tolerance(rel=0.01),
        solution=(
            size_lines(layer, side)[1],
            rf"\text{{MACs}} = H_{{out}} W_{{out}}\,C_{{out}}\,C_{{in}}\,k^2"
            rf" = {side}^2\cdot{c_out}\cdot{c_in}\cdot{k}^2 = {count}"
            rf" \approx {out.tex(millions)}\,\mathrm{{M}}",
        ),
        why=Text(f"{NS}.macs.why"),
        page=PAGE,
        link=cost_link(k, c_in, c_out, size, s=s, p=p),
        shows=(float(cost.macs),),
    )


UNREAD = ("all", "floor", "holes")


def unread_kind(layer: Layer) -> str | None:
    """Why input rows go unread: none, after the last window, between the taps (or both: None)."""
    cov = cv.coverage(layer.n, layer.k, stride=layer.s, padding=layer.p, dilation=layer.d)
    if not cov.unvisited_input.size:
        return "all"
    last = int(np.flatnonzero(cov.reads)[-1]) - layer.p  # last input row a window reads
    after = cov.unvisited_input > last
    if after.all():
        return "floor"
    return "holes" if not after.any() else None


@register("predict")
def unread_rows(rng, out: Format) -> Question:
    wanted = str(pick(rng, UNREAD))
    while True:
        layer = draw_layer(rng, n=(6, 16), k=(2, 5), s=(1, 4), p=(0, 2), d=(1, 3))
        if unread_kind(layer) == wanted and layer.out() >= 2:
            break
    cov = cv.coverage(layer.n, layer.k, stride=layer.s, padding=layer.p, dilation=layer.d)
    rows = ", ".join(str(int(r)) for r in cov.unvisited_input) or "—"
    return Question(
        prompt=Text(f"{NS}.unread_rows.prompt", layer.values()),
        choices=choice_texts(f"{NS}.unread_rows.choices", UNREAD),
        correct=UNREAD.index(wanted),
        solution=(
            *size_lines(layer, cov.out),
            rf"(n + 2p - e) \bmod s = ({layer.n} + {2 * layer.p} - {layer.extent})"
            rf" \bmod {layer.s} = {cov.remainder}",
        ),
        why=Text(f"{NS}.unread_rows.why_{wanted}", {"rows": rows, "r": cov.remainder}),
        page=PAGE,
        link=layer.link(),
        shows=(float(cov.out),),
    )


PADDINGS = (0, 1, 2, 3)


@register("predict")
def same_padding(rng, out: Format) -> Question:
    """Stride 1 keeps the size exactly when 2p = d(k − 1): an odd span has no symmetric p."""
    while True:
        k, d = int(rng.integers(2, 8)), int(pick(rng, (1, 1, 2)))
        if d * (k - 1) <= 7:
            break
    n = int(rng.integers(8, 17))  # any such kernel fits: d(k - 1) + 1 <= 8
    keeps = [p for p in PADDINGS if cv.conv_output_size(n, k, stride=1, padding=p, dilation=d) == n]
    half = d * (k - 1) // 2
    layer = Layer(n, k, 1, half, d)
    size = layer.out()
    choices = tuple(Text(f"{NS}.same_padding.choices.p", {"p": p}) for p in PADDINGS)
    before, after = cv.same_padding(n, k, stride=1, dilation=d)
    return Question(
        prompt=Text(f"{NS}.same_padding.prompt", {"n": n, "k": k, "d": d}),
        choices=(*choices, Text(f"{NS}.same_padding.choices.none")),
        correct=PADDINGS.index(keeps[0]) if keeps else len(PADDINGS),
        solution=(
            rf"n_{{out}} = n + 2p - d(k - 1) = {n} + 2p - {d * (k - 1)} = n"
            rf" \iff 2p = {d * (k - 1)}",
            rf"p = {half}:\ n_{{out}} = {size},\qquad \text{{SAME}}: ({before},\ {after})",
        ),
        why=Text(f"{NS}.same_padding.why_{'keeps' if keeps else 'none'}"),
        page=PAGE,
        link=layer.link(conv_tab=Label(f"{PAGE}.tabs.size")),
        shows=(float(size),),
    )


@register("derive")
def output_formula(rng, out: Format) -> Question:
    """n_out = ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1, from counting the window positions."""
    while True:
        layer = draw_layer(rng, s=(2, 3))
        size = layer.out()
        if size >= 2 and (layer.n + 2 * layer.p - layer.extent) % layer.s:
            break  # a case where the floor matters
    s = f"{NS}.output_formula"
    steps = (
        Step(Text(f"{s}.s1"), r"e = d\,(k - 1) + 1"),
        Step(Text(f"{s}.s2"), r"i\cdot s,\quad i = 0, 1, 2, \dots"),
        Step(Text(f"{s}.s3"), r"i\cdot s + e \le n + 2p \iff i \le \frac{n + 2p - e}{s}"),
        Step(
            Text(f"{s}.s4"),
            r"n_{out} = \left\lfloor \frac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1",
        ),
        Step(Text(f"{s}.s5", layer.values()), size_lines(layer, size)[1]),
    )
    return derivation(s, steps, solution=(3,), page=PAGE, link=layer.link(), shows=(float(size),))
