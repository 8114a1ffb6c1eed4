# en: Logistic regression from scratch (NumPy only): stable sigmoid, cross-entropy, (p - y)x, GD.
# zh: 手撕逻辑回归（只用 NumPy）：数值稳定的 sigmoid、交叉熵损失、梯度 (p - y)x、梯度下降。
import numpy as np

# --- parameters ---
kind = "blobs"  # en: "blobs", "moons" or "separable" | zh: 数据集：高斯簇、双月牙或线性可分
n = 200  # en: number of samples | zh: 样本数
noise = 0.25  # en: noise of the data set | zh: 数据噪声
seed = 0  # en: random seed | zh: 随机种子
lr = 0.5  # en: learning rate | zh: 学习率
steps = 200  # en: gradient-descent steps | zh: 梯度下降的步数
batch_size = None  # en: None = full batch, 1 = SGD | zh: None 为全批量，1 为 SGD
l2 = 0.01  # en: L2 strength λ (bias not penalised) | zh: L2 正则化强度 λ（偏置不惩罚）
# --- end parameters ---


class LogisticRegression:
    def __init__(self, lr=0.1, steps=100, l2=0.0, batch_size=None, seed=0):
        self.lr, self.steps, self.l2, self.batch_size, self.seed = lr, steps, l2, batch_size, seed

    @staticmethod
    def sigmoid(z):
        # en: stable: only exp(-|z|) is computed, it lies in (0, 1] and never overflows
        # zh: 数值稳定：只计算 exp(-|z|)，它落在 (0, 1] 内，不会上溢
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

    def loss(self, X, y):
        # en: BCE from the logit z: log(1 + e^z) - y z (softplus, no log of 0) + (λ/2)|w|²
        # zh: 由 logit z 计算交叉熵：log(1 + e^z) - y z（softplus，不会对 0 取对数）+ (λ/2)|w|²
        z = X @ self.w + self.b
        softplus = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))
        return np.mean(softplus - y * z) + 0.5 * self.l2 * self.w @ self.w

    def gradient(self, X, y):
        # en: dL/dw = (p - y)x / n + λw, dL/db = mean(p - y): sigmoid' cancels against BCE
        # zh: dL/dw = (p - y)x / n + λw，dL/db = mean(p - y)：sigmoid 的导数与交叉熵相消
        r = self.sigmoid(X @ self.w + self.b) - y
        return X.T @ r / len(y) + self.l2 * self.w, r.mean()

    def fit(self, X, y):
        size = self.batch_size if self.batch_size and self.batch_size < len(y) else None
        rng, batches = np.random.default_rng(self.seed), []
        self.w, self.b = np.zeros(X.shape[1]), 0.0
        for step in range(1, self.steps + 1):
            if size and not batches:  # en: new epoch: reshuffle | zh: 新的 epoch：重新打乱
                batches = list(np.split(rng.permutation(len(y)), range(size, len(y), size)))
            idx = batches.pop(0) if size else slice(None)
            gw, gb = self.gradient(X[idx], y[idx])
            w, b = self.w, self.b
            self.w, self.b = w - self.lr * gw, b - self.lr * gb
            if not self.loss(X, y) <= 1e6:  # en: diverged | zh: 发散：退回上一步
                self.w, self.b = w, b
                print("diverged_at =", step)
                break
        return self

    def predict(self, X):
        return (X @ self.w + self.b > 0).astype(float)


def make_data(kind, n, noise, seed):
    # en: the page's data: scikit-learn's make_blobs / make_moons written out, same random draws
    # zh: 本页的数据：照 scikit-learn 的 make_blobs / make_moons 写出，随机数完全相同
    rng = np.random.RandomState(seed)
    if kind == "moons":  # en: two half circles | zh: 两个半圆
        m, a, b = n // 2, np.linspace(0, np.pi, n // 2), np.linspace(0, np.pi, n - n // 2)
        X = np.r_[np.c_[np.cos(a), np.sin(a)], np.c_[1 - np.cos(b), 1 - np.sin(b) - 0.5]]
    else:  # en: two Gaussian clusters | zh: 两个高斯簇
        m, (c, std) = n - n // 2, ((1.0, 0.4 + 2 * noise) if kind == "blobs" else (1.5, 1.2))
        X = np.r_[rng.normal(-c, std, (m, 2)), rng.normal(c, std, (n - m, 2))]
    order = rng.permutation(n)
    X, y = X[order], np.r_[np.zeros(m), np.ones(n - m)][order]
    if kind == "moons":
        X = X + rng.normal(scale=noise, size=(n, 2))
    if kind == "separable":  # en: label by the line x1 + x2 = 0 | zh: 按直线 x1 + x2 = 0 标注
        u = np.array([1.0, 1.0]) / np.sqrt(2.0)
        s = X @ u
        side = np.where(s >= 0, 1.0, -1.0)
        X, y = X + np.outer(side * np.maximum(0.0, 0.3 - np.abs(s)), u), (side > 0) * 1.0
        flips = round(noise * n)  # en: label noise | zh: 标签噪声：随机翻转的个数
        flip = np.random.default_rng(seed).choice(n, size=flips, replace=False)
        y[flip] = 1 - y[flip]
    if y.min() == y.max():  # en: keep both classes | zh: 保证两个类别都存在
        y[np.argmax(X @ np.ones(2))] = 1.0 - y[0]
    return (X - X.mean(axis=0)) / X.std(axis=0), y  # en: standardised | zh: 标准化


X, y = make_data(kind, n, noise, seed)
model = LogisticRegression(lr, steps, l2, batch_size, seed).fit(X, y)
print("w =", model.w)
print("b =", model.b)
print("loss =", model.loss(X, y))
print("accuracy =", np.mean(model.predict(X) == y))
print("grad_norm =", np.linalg.norm(np.r_[model.gradient(X, y)]))  # en: ‖∇L‖ | zh: 梯度范数
