"""Practice questions on Lagrange multipliers and the KKT conditions (page ``lagrange_kkt``).

The page's problem: minimise f(x) = ½(x − c)ᵀQ(x − c) with
Q = R(θ) diag(1, κ) R(θ)ᵀ, under up to three linear constraints aᵢᵀx ≤ bᵢ or
aᵢᵀx = bᵢ. Questions use a diagonal Q (θ = 0° or 90°) so they can be done by
hand. Optima, multipliers and the active set come from
:func:`playground.constrained.solve_qp`, the call the page makes. Links set the
objective (``kkt_c1``, ``kkt_c2``, ``kkt_kappa``: a log slider, its label;
``kkt_angle``), the constraint cards (``kkt_mode1..3``: translated choices;
``kkt_a1..2``, ``kkt_b1..2``) and, for prices, the tab and ``kkt_price``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground import constrained as kkt
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

PAGE = "lagrange_kkt"
NS = f"practice.q.{PAGE}"
KAPPAS = (1.0, 2.0, 4.0, 5.0, 10.0)  # options of the page's κ log slider
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class Card:
    """One constraint card: mode ``"in"`` (aᵀx ≤ b) or ``"eq"`` (aᵀx = b)."""

    mode: str
    a: np.ndarray
    b: float


@dataclass(frozen=True)
class Problem:
    """The objective and the cards (card 3 stays off), with the optimum the page computes."""

    kappa: float
    angle: int
    c: np.ndarray
    cards: tuple[Card, ...]

    @property
    def Q(self) -> np.ndarray:
        return kkt.q_matrix(self.kappa, self.angle)

    def kwargs(self) -> dict:
        """Keyword arguments of :func:`~playground.constrained.solve_qp`, cards in order."""
        out: dict = {}
        for kind in ("eq", "in"):
            group = [card for card in self.cards if card.mode == kind]
            if group:
                out[f"A_{kind}"] = np.array([card.a for card in group])
                out[f"b_{kind}"] = np.array([card.b for card in group])
        return out

    def place(self, number: int) -> tuple[str, int]:
        """Where card ``number`` (1, 2) sits: ("eq" | "in", row)."""
        card = self.cards[number - 1]
        return card.mode, sum(c.mode == card.mode for c in self.cards[: number - 1])

    def solve(self) -> kkt.QPResult:
        return kkt.solve_qp(self.Q, self.c, **self.kwargs())

    def multiplier(self, best: kkt.QPResult, number: int) -> float:
        kind, row = self.place(number)
        return float((best.lam if kind == "eq" else best.mu)[row])

    def link(self, **extra) -> dict:
        query = {
            "kkt_c1": url_number(self.c[0]),
            "kkt_c2": url_number(self.c[1]),
            "kkt_kappa": f"{self.kappa:g}",
            "kkt_angle": str(self.angle),
        }
        for number in (1, 2, 3):
            card = self.cards[number - 1] if number <= len(self.cards) else None
            query[f"kkt_mode{number}"] = Label(f"{PAGE}.mode.{card.mode if card else 'off'}")
            if card is not None:
                query[f"kkt_a{number}"] = ", ".join(url_number(v) for v in card.a)
                query[f"kkt_b{number}"] = url_number(card.b)
        return {**query, **extra}

    def values(self, out: Format) -> dict:
        q = np.diag(self.Q)
        values = {
            "Q": f"diag({out.fmt(q[0])}, {out.fmt(q[1])})",
            "c": f"({out.fmt(self.c[0])}, {out.fmt(self.c[1])})",
        }
        for number, card in enumerate(self.cards, start=1):
            values[f"g{number}"] = constraint_text(out, card)
        return values


def constraint_text(out: Format, card: Card) -> str:
    """``x₁ − 2x₂ ≤ 1.5`` (plain text, as in a textbook)."""
    terms = []
    for i, coef in enumerate(card.a, start=1):
        if coef == 0:
            continue
        size = "" if abs(coef) == 1 else out.fmt(abs(coef))
        sign = "−" if coef < 0 else "+"
        terms.append((sign, f"{size}x{str(i).translate(SUB)}"))
    text = " ".join(f"{s} {t}" for s, t in terms).removeprefix("+ ")
    text = "−" + text[2:] if text.startswith("− ") else text
    bound = out.fmt(card.b).replace("-", "−")
    return f"{text} {'≤' if card.mode == 'in' else '='} {bound}"


def draw_card(rng, mode: str) -> Card:
    while True:
        a = rng.integers(-2, 3, size=2).astype(float)
        if np.any(a):
            return Card(mode, a, grid(rng, -2.0, 2.0, 0.5))


def draw_problem(rng, modes: tuple[str, ...]) -> Problem:
    kappa, angle = float(pick(rng, KAPPAS)), int(pick(rng, (0, 90)))
    c = grid(rng, -2.5, 2.5, 0.5, size=2)
    return Problem(kappa, angle, c, tuple(draw_card(rng, m) for m in modes))


def vec(out: Format, v) -> str:
    return rf"\left({out.tex(float(v[0]))},\ {out.tex(float(v[1]))}\right)"


def solution_lines(out: Format, prob: Problem, best: kkt.QPResult) -> list[str]:
    """x*, f* and the multipliers with their names, from the core."""
    names = []
    for number, card in enumerate(prob.cards, start=1):
        greek = r"\lambda" if card.mode == "eq" else r"\mu"
        names.append(rf"{greek}_{number} = {out.tex(prob.multiplier(best, number))}")
    grad = prob.Q @ (best.x - prob.c)
    return [
        rf"x^* = {vec(out, best.x)},\quad f^* = {out.tex(best.f)},\quad " + r",\ ".join(names),
        rf"\nabla f(x^*) = Q(x^* - c) = {vec(out, grad)}",
    ]


@register("numbers")
def multiplier(rng, out: Format) -> Question:
    """The multiplier of a violated (so active) inequality: μ = (aᵀc − b)/(aᵀQ⁻¹a)."""
    while True:
        prob = draw_problem(rng, ("in",) if rng.random() < 0.6 else ("in", "in"))
        best = prob.solve()
        if best.x is None:
            continue
        mu = prob.multiplier(best, 1)
        if 0.1 <= mu <= 20 and best.active[0]:
            break
    card = prob.cards[0]
    return Question(
        prompt=Text(f"{NS}.multiplier.prompt_{len(prob.cards)}", prob.values(out)),
        answer=mu,
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            rf"a_1^\top c - b_1 = {out.tex(float(card.a @ prob.c - card.b) + 0.0)},\quad"
            r" a_1^\top x^* = b_1,\quad Q(x^* - c) + \textstyle\sum_i \mu_i a_i = 0",
            *solution_lines(out, prob, best),
        ),
        why=Text(f"{NS}.multiplier.why"),
        page=PAGE,
        link=prob.link(),
        shows=(mu,),
    )


@register("numbers")
def optimum_value(rng, out: Format) -> Question:
    while True:
        prob = draw_problem(rng, (str(pick(rng, ("in", "eq"))),))
        best = prob.solve()
        if 0.05 <= best.f <= 50:
            break
    return Question(
        prompt=Text(f"{NS}.optimum_value.prompt", prob.values(out)),
        answer=best.f,
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            *solution_lines(out, prob, best),
            rf"f^* = \tfrac12 (x^* - c)^\top Q\,(x^* - c) = {out.tex(best.f)}",
        ),
        page=PAGE,
        link=prob.link(),
        shows=(best.f,),
    )


@register("numbers")
def sensitivity(rng, out: Format) -> Question:
    """∂f*/∂b = −(multiplier): a multiplier is the price of the constraint."""
    mode = str(pick(rng, ("in", "eq")))
    while True:
        prob = draw_problem(rng, (mode,))
        best = prob.solve()
        nu = prob.multiplier(best, 1)
        if 0.1 <= abs(nu) <= 20:
            break
    greek = r"\lambda_1" if mode == "eq" else r"\mu_1"
    return Question(
        prompt=Text(f"{NS}.sensitivity.prompt", prob.values(out)),
        answer=-nu,
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            *solution_lines(out, prob, best),
            rf"\frac{{\partial f^*}}{{\partial b_1}} = -{greek} = {out.tex(-nu)}",
        ),
        why=Text(f"{NS}.sensitivity.why_{mode}"),
        page=PAGE,
        link=prob.link(
            kkt_tab=Label(f"{PAGE}.tabs.price"), kkt_price=Label(f"{PAGE}.constraint.short1")
        ),
        shows=(-nu,),
    )


ACTIVE = ("first", "second", "both", "neither")


@register("predict")
def active_set(rng, out: Format) -> Question:
    wanted = str(pick(rng, ACTIVE))
    while True:
        prob = draw_problem(rng, ("in", "in"))
        best = prob.solve()
        if best.x is None:
            continue
        clear = all(
            (m >= 0.05) if on else (s <= -0.05)
            for on, m, s in zip(best.active, best.mu, best.slack, strict=True)
        )
        key = {(True, False): "first", (False, True): "second", (True, True): "both"}.get(
            tuple(bool(v) for v in best.active), "neither"
        )
        if clear and key == wanted:
            break
    return Question(
        prompt=Text(f"{NS}.active_set.prompt", prob.values(out)),
        choices=choice_texts(f"{NS}.active_set.choices", ACTIVE),
        correct=ACTIVE.index(wanted),
        solution=(
            *solution_lines(out, prob, best),
            rf"a_1^\top x^* - b_1 = {out.tex(float(best.slack[0]) + 0.0)},\quad"
            rf" a_2^\top x^* - b_2 = {out.tex(float(best.slack[1]) + 0.0)}",
        ),
        why=Text(f"{NS}.active_set.why"),
        page=PAGE,
        link=prob.link(),
        shows=(best.f,),
    )


SIGNS = ("positive", "negative", "zero")


@register("predict")
def multiplier_sign(rng, out: Format) -> Question:
    """An equality's multiplier takes either sign (an inequality's never goes below 0)."""
    wanted = str(pick(rng, SIGNS))
    while True:
        prob = draw_problem(rng, ("eq",))
        if wanted == "zero":  # put c on the line
            card = prob.cards[0]
            b = float(card.a @ prob.c)
            if abs(b) > 3:
                continue
            prob = Problem(prob.kappa, prob.angle, prob.c, (Card("eq", card.a, b),))
        lam = prob.multiplier(prob.solve(), 1)
        sign = "zero" if abs(lam) < 1e-9 else ("positive" if lam > 0 else "negative")
        if sign == wanted and (sign == "zero" or abs(lam) >= 0.05):
            break
    best = prob.solve()
    card = prob.cards[0]
    return Question(
        prompt=Text(f"{NS}.multiplier_sign.prompt", prob.values(out)),
        choices=choice_texts(f"{NS}.multiplier_sign.choices", SIGNS),
        correct=SIGNS.index(wanted),
        solution=(
            rf"a_1^\top c - b_1 = {out.tex(float(card.a @ prob.c - card.b) + 0.0)}",
            *solution_lines(out, prob, best),
        ),
        why=Text(f"{NS}.multiplier_sign.why"),
        page=PAGE,
        link=prob.link(),
        shows=(0.0 if wanted == "zero" else lam,),
    )


@register("derive")
def kkt_conditions(rng, out: Format) -> Question:
    """The four KKT conditions, checked at the optimum of a problem with one active inequality."""
    while True:
        prob = draw_problem(rng, ("in",))
        best = prob.solve()
        mu = prob.multiplier(best, 1)
        if 0.1 <= mu <= 20:
            break
    card = prob.cards[0]
    s = f"{NS}.kkt_conditions"
    steps = (
        Step(
            Text(f"{s}.s1"),
            r"\mathcal{L}(x, \mu) = f(x) + \textstyle\sum_i \mu_i\,(a_i^\top x - b_i)",
        ),
        Step(Text(f"{s}.s2"), r"\nabla f(x^*) + \textstyle\sum_i \mu_i\, a_i = 0"),
        Step(Text(f"{s}.s3"), r"a_i^\top x^* \le b_i"),
        Step(Text(f"{s}.s4"), r"\mu_i \ge 0"),
        Step(Text(f"{s}.s5"), r"\mu_i\,(a_i^\top x^* - b_i) = 0"),
        Step(
            Text(f"{s}.s6", prob.values(out)),
            rf"x^* = {vec(out, best.x)},\quad \mu_1 = {out.tex(mu)},\quad"
            rf" \nabla f(x^*) + \mu_1 a_1 = {vec(out, prob.Q @ (best.x - prob.c))}"
            rf" + {out.tex(mu)}{vec(out, card.a)} = 0",
        ),
    )
    return derivation(
        s, steps, solution=range(1, 5), page=PAGE, link=prob.link(), shows=(mu, best.f)
    )
