# en: Softmax with temperature and multi-class cross-entropy, from scratch (NumPy only).
# zh: 手撕 softmax（带温度）与多分类交叉熵，只用 NumPy。
import numpy as np

# --- parameters ---
z = [3.0, 1.5, 1.0, 0.2, -1.0]  # en: logits (unnormalised scores) | zh: logit（未归一化分数）
T = 2.0  # en: temperature | zh: 温度
y = 0  # en: index of the true class | zh: 真实类别的下标
# --- end parameters ---


def log_softmax(z, T=1.0):
    u = np.asarray(z, dtype=float) / T
    # en: subtract the max first: exp never overflows, the result is unchanged
    # zh: 先减去最大值：exp 不会上溢，结果不变
    u = u - u.max()
    return u - np.log(np.exp(u).sum())


def softmax(z, T=1.0):
    return np.exp(log_softmax(z, T))


def cross_entropy(z, y, T=1.0):
    # en: -log p_y, read straight from log-softmax (never log of a rounded 0)
    # zh: -log p_y，直接取 log-softmax，避免对下溢成 0 的概率取对数
    return -log_softmax(z, T)[y]


def cross_entropy_grad(z, y, T=1.0):
    # en: dL/dz = (p - onehot(y)) / T
    # zh: 梯度 dL/dz = (p - 独热编码(y)) / T
    p = softmax(z, T)
    onehot = np.zeros_like(p)
    onehot[y] = 1.0
    return (p - onehot) / T


p = softmax(z, T)
entropy = -np.sum(p[p > 0] * np.log(p[p > 0]))
print("p =", p)
print("entropy =", entropy)
print("loss =", cross_entropy(z, y, T))
print("grad =", cross_entropy_grad(z, y, T))
