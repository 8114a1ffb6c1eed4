# en: GD, momentum, Nesterov, AdaGrad, RMSprop and Adam from scratch, in torch.optim's form.
# zh: 手撕 GD、动量法、Nesterov、AdaGrad、RMSprop 与 Adam（与 torch.optim 的更新公式一致）。
import math

import numpy as np

# --- parameters ---
surface = "two_well"  # en: the page's surface | zh: 本页选中的曲面
surface_params = [0.3]  # en: its parameters (see GRADIENTS) | zh: 曲面参数（见 GRADIENTS）
start = (1.9, 1.2)  # en: starting point (x, y) | zh: 起点 (x, y)
optimizers = ["gd", "momentum", "rmsprop", "adam"]  # en: the race | zh: 参赛的优化器
lr = 0.02  # en: learning rate of GD, momentum, Nesterov | zh: GD、动量法、Nesterov 的学习率
lr_adaptive = 0.05  # en: learning rate of AdaGrad, RMSprop, Adam | zh: 自适应方法的学习率
steps = 150  # en: number of updates | zh: 更新步数
momentum = 0.9  # en: μ | zh: 动量系数 μ
alpha = 0.99  # en: RMSprop's decay α | zh: RMSprop 的衰减系数 α
betas = (0.9, 0.999)  # en: Adam's β₁, β₂ | zh: Adam 的 β₁、β₂
noise = 0.0  # en: std of the noise added to each gradient | zh: 加在梯度上的噪声标准差
seed = 0  # en: seed of that noise | zh: 噪声的随机种子
# --- end parameters ---


def quadratic(x, y, condition, angle):
    # en: f = ½ [x y] A [x y]ᵀ, A = R(θ) diag(1, κ) R(θ)ᵀ
    # zh: f = ½ [x y] A [x y]ᵀ，A = R(θ) diag(1, κ) R(θ)ᵀ
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    a11, a12, a22 = c * c + s * s * condition, c * s * (1 - condition), s * s + c * c * condition
    return a11 * x + a12 * y, a12 * x + a22 * y


TAU = 2 * math.pi
# en: ∇f(x, y) of each surface of the page
# zh: 本页各个曲面的梯度 ∇f(x, y)
GRADIENTS = {
    "convex_quadratic": quadratic,  # en: parameters κ, θ | zh: 参数 κ、θ
    "saddle": lambda x, y: (2 * x, -2 * y),  # f = x² - y²
    "monkey_saddle": lambda x, y: (3 * x * x - 3 * y * y, -6 * x * y),  # f = x³ - 3xy²
    "rosenbrock": lambda x, y, b: (-2 * (1 - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)),
    "himmelblau": lambda x, y: (
        4 * x * (x * x + y - 11) + 2 * (x + y * y - 7),
        2 * (x * x + y - 11) + 4 * y * (x + y * y - 7),
    ),
    # f = 2a + x² + y² - a·cos(2πx) - a·cos(2πy)
    "rastrigin": lambda x, y, a: (
        2 * x + TAU * a * np.sin(TAU * x),
        2 * y + TAU * a * np.sin(TAU * y),
    ),
    # f = (x² - 1)² + tilt·x + y²
    "two_well": lambda x, y, tilt: (4 * x * (x * x - 1) + tilt, 2 * y),
}


def step(name, p, g, state, t):
    # en: one update of every coordinate; state holds the optimiser's buffers (zero at first)
    # zh: 对每个坐标更新一步；state 保存优化器的缓冲量（初始为 0）
    if name == "gd":
        return p - lr * g
    if name in ("momentum", "nesterov"):  # en: torch.optim.SGD: v = μv + g | zh: 同 torch.optim.SGD
        v = state["v"] = momentum * state.get("v", 0.0) + g
        return p - lr * (g + momentum * v if name == "nesterov" else v)
    if name == "adagrad":  # en: accumulate every g² | zh: 累加所有历史 g²
        s = state["s"] = state.get("s", 0.0) + g * g
        return p - lr_adaptive * g / (np.sqrt(s) + 1e-10)
    if name == "rmsprop":  # en: moving average of g² | zh: g² 的指数滑动平均
        s = state["s"] = alpha * state.get("s", 0.0) + (1 - alpha) * g * g
        return p - lr_adaptive * g / (np.sqrt(s) + 1e-8)
    m = state["m"] = betas[0] * state.get("m", 0.0) + (1 - betas[0]) * g  # en: Adam | zh: Adam
    v = state["v"] = betas[1] * state.get("v", 0.0) + (1 - betas[1]) * g * g
    # en: bias correction: m / (1 - β₁ᵗ), v / (1 - β₂ᵗ), so the first step is ≈ lr·sign(g)
    # zh: 偏差修正：m / (1 - β₁ᵗ)、v / (1 - β₂ᵗ)，所以第一步约为 lr·sign(g)
    bias1, bias2 = 1 - betas[0] ** t, 1 - betas[1] ** t
    return p - (lr_adaptive / bias1) * m / (np.sqrt(v) / math.sqrt(bias2) + 1e-8)


kicks = noise * np.random.default_rng(seed).standard_normal((steps, 2))
for name in optimizers:
    p, state = np.array(start, dtype=float), {}
    for t in range(1, steps + 1):
        g = np.array(GRADIENTS[surface](p[0], p[1], *surface_params)) + kicks[t - 1]
        new = step(name, p, g, state, t)
        if not np.all(np.abs(new) <= 1e6):  # en: diverged, or not finite | zh: 发散或溢出
            print(f"{name}_diverged_at =", t)
            break
        p = new
    print(f"{name} =", p)
