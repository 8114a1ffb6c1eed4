# en: Entropy, cross-entropy and KL divergence of two discrete distributions, from scratch.
# zh: 手撕离散分布的熵、交叉熵与 KL 散度（只用 NumPy）。
import numpy as np

# --- parameters ---
P = [6.0, 3.0, 0.5, 0.3, 0.2]  # en: weights of P (normalised below) | zh: P 的权重（下面归一化）
Q = [2.0, 2.0, 2.0, 2.0, 2.0]  # en: weights of Q | zh: Q 的权重
# --- end parameters ---


def normalise(weights):
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def entropy(p):
    # en: H(P) = -Σ p log p = Σ p log(1/p) in nats, with 0·log 0 = 0 (the zeros are skipped)
    # zh: H(P) = -Σ p log p = Σ p log(1/p)（单位 nat），约定 0·log 0 = 0（跳过为 0 的项）
    nz = p > 0
    return np.sum(p[nz] * np.log(1 / p[nz]))


def cross_entropy(p, q):
    # en: H(P, Q) = -Σ p log q: infinite when q = 0 where p > 0
    # zh: H(P, Q) = -Σ p log q：若某处 p > 0 而 q = 0，则为无穷大
    nz = p > 0
    if np.any(q[nz] == 0):
        return np.inf
    return np.sum(p[nz] * np.log(1 / q[nz]))


def kl(p, q):
    # en: KL(P‖Q) = Σ p log(p / q) = H(P, Q) - H(P) ≥ 0; terms with p = 0 count 0
    # zh: KL(P‖Q) = Σ p log(p / q) = H(P, Q) - H(P) ≥ 0；p = 0 的项记为 0
    nz = p > 0
    if np.any(q[nz] == 0):  # en: P puts mass where Q has none | zh: P 有概率而 Q 为 0 的位置
        return np.inf
    return np.sum(p[nz] * np.log(p[nz] / q[nz]))


def js(p, q):
    # en: Jensen-Shannon: symmetric and always finite (≤ log 2)
    # zh: JS 散度：对称，且总是有限（≤ log 2）
    m = (p + q) / 2
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


p, q = normalise(P), normalise(Q)
print("p =", p)
print("q =", q)
print("H_P =", entropy(p))
print("H_PQ =", cross_entropy(p, q))
print("KL_PQ =", kl(p, q))
# en: not symmetric: KL(Q‖P) is another number (forward vs reverse KL)
# zh: 不对称：KL(Q‖P) 是另一个数（前向 KL 与反向 KL）
print("KL_QP =", kl(q, p))
print("JS =", js(p, q))
