# en: Lagrange multipliers and KKT conditions for a small QP, from scratch (NumPy only).
# zh: 手撕拉格朗日乘子与 KKT 条件（小规模二次规划），只用 NumPy。
import numpy as np

# --- parameters ---
# en: f(x) = ½(x − c)ᵀQ(x − c) with Q symmetric positive definite; c is its unconstrained minimum
# zh: 目标 f(x) = ½(x − c)ᵀQ(x − c)，Q 对称正定；c 是 f 的无约束最小点
Q = [[1.375, -0.649519052838329], [-0.649519052838329, 2.125]]
c = [2.0, 1.5]
# en: equalities A_eq x = b_eq and inequalities A_in x <= b_in (one row a per constraint)
# zh: 等式约束 A_eq x = b_eq 与不等式约束 A_in x <= b_in（每个约束一行系数 a）
A_eq = []
b_eq = []
A_in = [[1.0, 1.0], [1.0, 0.0]]
b_in = [1.0, 1.8]
# en: the circle example: minimise a·x on the circle ‖x‖ = r
# zh: 圆的例子：在圆 ‖x‖ = r 上最小化 a·x
a = [1.0, 2.0]
r = 1.5
# --- end parameters ---

Q, c = np.array(Q, dtype=float), np.array(c, dtype=float)
n = c.size
A_eq, b_eq = np.array(A_eq, dtype=float).reshape(-1, n), np.array(b_eq, dtype=float)
A_in, b_in = np.array(A_in, dtype=float).reshape(-1, n), np.array(b_in, dtype=float)


def solve_equality_qp(A, b):
    # en: min ½(x−c)ᵀQ(x−c) s.t. A x = b. Setting ∇ₓ(f + νᵀ(Ax − b)) = 0 gives Q(x − c) + Aᵀν = 0;
    # en: with Ax = b it is ONE linear system: [[Q, Aᵀ], [A, 0]] [x; ν] = [Qc; b]
    # zh: 等式约束 A x = b 下最小化 f。令 ∇ₓ(f + νᵀ(Ax − b)) = 0 得 Q(x − c) + Aᵀν = 0，
    # zh: 再加上 Ax = b，就是一个线性方程组：[[Q, Aᵀ], [A, 0]] [x; ν] = [Qc; b]
    k = len(b)
    kkt = np.block([[Q, A.T], [A, np.zeros((k, k))]])
    sol = np.linalg.solve(kkt, np.concatenate([Q @ c, b]))
    return sol[:n], sol[n:]


# en: inequalities: guess which ones are active (hold with "="), solve the equality QP,
# en: keep the first guess whose point is feasible and whose multipliers are μ >= 0.
# en: (Assumes the active rows are linearly independent: LICQ.)
# zh: 不等式：猜哪些约束起作用（取等号），解等式约束 QP；
# zh: 保留第一个“解可行且乘子 μ >= 0”的猜测。（假设起作用约束的系数行线性无关，即 LICQ。）
m = len(b_in)
best = None
# en: try the guesses with fewest active constraints first
# zh: 先试起作用约束最少的组合
for mask in sorted(range(2**m), key=lambda s: bin(s).count("1")):
    S = [i for i in range(m) if mask >> i & 1]
    A, b = np.vstack([A_eq, A_in[S]]), np.concatenate([b_eq, b_in[S]])
    if len(b) > n or (len(b) and np.linalg.matrix_rank(A) < len(b)):
        continue
    x, nu = solve_equality_qp(A, b)
    lam, mu_S = nu[: len(b_eq)], nu[len(b_eq) :]
    if np.all(A_in @ x <= b_in + 1e-9) and np.all(mu_S >= -1e-9):
        mu = np.zeros(m)
        mu[S] = mu_S
        best = (x, lam, mu)
        break

if best is None:
    print("infeasible = True")
else:
    x, lam, mu = best
    slack = A_in @ x - b_in  # en: <= 0 when feasible, 0 when active | zh: 可行时 <= 0，起作用时为 0
    grad_L = Q @ (x - c) + A_eq.T @ lam + A_in.T @ mu  # en: ∇ₓℒ | zh: 拉格朗日函数的梯度
    print("x =", x)
    print("f =", 0.5 * (x - c) @ Q @ (x - c))
    print("lam =", lam)
    print("mu =", mu)
    # en: the four KKT conditions, each as the size of its violation (0 = holds)
    # zh: KKT 四个条件，各自的违反量（0 表示成立）
    print("stationarity =", np.linalg.norm(grad_L))
    print("primal =", max(np.abs(A_eq @ x - b_eq).max(initial=0), slack.max(initial=0)))
    print("dual =", max(0.0, -mu.min(initial=0)))
    print("slackness =", np.abs(mu * slack).max(initial=0))

# en: circle: ℒ = a·x + λ(‖x‖² − r²); ∇ₓℒ = a + 2λx = 0 gives x = −a/(2λ), and ‖x‖ = r gives λ
# zh: 圆：ℒ = a·x + λ(‖x‖² − r²)；由 a + 2λx = 0 得 x = −a/(2λ)，再由 ‖x‖ = r 解出 λ
a = np.array(a, dtype=float)
circle_lam = np.linalg.norm(a) / (2 * r)
circle_x = -a / (2 * circle_lam)
print("circle_x =", circle_x)
print("circle_lam =", circle_lam)
print("circle_f =", a @ circle_x)
