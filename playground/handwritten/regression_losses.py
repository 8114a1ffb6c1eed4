# en: L1, L2, smooth L1 and Huber losses with their gradients, from scratch (PyTorch's definitions).
# zh: 手撕 L1、L2、Smooth L1 与 Huber 损失及其梯度（与 PyTorch 的定义一致）。
import numpy as np

# --- parameters ---
r0 = 2.5  # en: residual r = y - ŷ | zh: 残差 r = y - ŷ
beta = 1.0  # en: width β of smooth L1's quadratic zone | zh: Smooth L1 二次区的宽度 β
delta = 2.0  # en: Huber's threshold δ | zh: Huber 损失的阈值 δ
# --- end parameters ---


def l1(r):
    # en: |r|; gradient sign(r): as strong for a tiny residual as for an outlier
    # zh: |r|；梯度 sign(r)：小残差和异常值被推得一样用力
    return abs(r), np.sign(r)


def l2(r):
    # en: r² (MSELoss); gradient 2r grows with the residual: outliers dominate
    # zh: r²（MSELoss）；梯度 2r 随残差增大：异常值主导训练
    return r * r, 2 * r


def smooth_l1(r, beta):
    # en: SmoothL1Loss: 0.5 r²/β if |r| < β else |r| - 0.5β; gradient never above 1
    # zh: SmoothL1Loss：|r| < β 时为 0.5 r²/β，否则为 |r| - 0.5β；梯度的绝对值不超过 1
    if abs(r) < beta:
        return 0.5 * r * r / beta, r / beta
    return abs(r) - 0.5 * beta, np.sign(r)


def huber(r, delta):
    # en: HuberLoss: 0.5 r² if |r| < δ else δ(|r| - 0.5δ); equals δ · smooth L1 with β = δ
    # zh: HuberLoss：|r| < δ 时为 0.5 r²，否则为 δ(|r| - 0.5δ)；等于 δ 乘以 β = δ 的 Smooth L1
    if abs(r) < delta:
        return 0.5 * r * r, r
    return delta * (abs(r) - 0.5 * delta), delta * np.sign(r)


fns = {
    "l1": l1,
    "l2": l2,
    "smooth_l1": lambda r: smooth_l1(r, beta),
    "huber": lambda r: huber(r, delta),
}
h = 1e-6  # en: step of the finite-difference check | zh: 有限差分检验的步长
for name, f in fns.items():
    value, grad = f(r0)
    print(f"{name} =", value)
    print(f"grad_{name} =", grad)
    # en: central difference, as the page's check (at a kink it averages both sides)
    # zh: 中心差分，与页面上的检验相同（在不可导点处取两侧的平均）
    print(f"fd_{name} =", (f(r0 + h)[0] - f(r0 - h)[0]) / (2 * h))
