"""Practice questions on linear regression (page ``linear_regression``, not merged yet).

Only the derivation of the normal equation lives here for now; its numbers
come from :func:`playground.losses.fit_line` (the least-squares line). When
the ``linear_regression`` page is registered, give the derivation its
``page`` and ``link`` and add numbers / predict generators for the page's
controls (the tests then open every link).
"""

from __future__ import annotations

import numpy as np

from playground import losses as L
from playground.practice import Format, Question, Step, Text, grid, register

NS = "practice.q.linear_regression"


@register("derive")
def normal_equation(rng, out: Format) -> Question:
    """w* = (XᵀX)⁻¹Xᵀy from setting the gradient of ‖Xw − y‖² to zero."""
    while True:
        x = np.sort(rng.choice(np.arange(0.0, 6.0), size=3, replace=False))
        y = grid(rng, -2.0, 5.0, 1.0, size=3)
        slope, intercept = L.fit_line(x, y, loss="l2")
        if abs(slope) >= 0.1:
            break
    X = np.column_stack([np.ones(3), x])
    gram, moment = X.T @ X, X.T @ y  # shown in the last step (display only)

    def mat(m) -> str:
        rows = [" & ".join(out.tex(v) for v in np.atleast_1d(r)) for r in m]
        return r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"

    s = NS + ".normal_equation"
    steps = (
        Step(Text(f"{s}.s1"), r"L(w) = \|Xw - y\|^2 = (Xw - y)^\top (Xw - y)"),
        Step(Text(f"{s}.s2"), r"\nabla_w L = 2X^\top (Xw - y)"),
        Step(Text(f"{s}.s3"), r"X^\top X\,w = X^\top y"),
        Step(
            Text(f"{s}.s4"),
            r"w^* = (X^\top X)^{-1}X^\top y,\qquad"
            r" w_{\text{ridge}} = (X^\top X + \lambda I)^{-1}X^\top y",
        ),
        Step(
            Text(
                f"{s}.s5",
                {"x": ", ".join(out.fmt(v) for v in x), "y": ", ".join(out.fmt(v) for v in y)},
            ),
            rf"X^\top X = {mat(gram)},\ X^\top y = {mat(moment[:, None])}"
            rf"\;\Rightarrow\; (b, a) = ({out.tex(intercept)},\ {out.tex(slope)})",
        ),
    )
    return Question(prompt=Text(f"{s}.prompt"), steps=steps, solution=(steps[3].latex,))
