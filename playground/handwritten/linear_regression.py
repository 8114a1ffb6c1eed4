# en: Linear regression from scratch (NumPy only): normal equation, MSE gradient, gradient descent.
# zh: 手撕线性回归（只用 NumPy）：正规方程、MSE 的梯度、梯度下降。
import numpy as np

# --- parameters ---
n = 50  # en: number of samples | zh: 样本数
rho = 0.9  # en: correlation of the two features | zh: 两个特征的相关系数
noise = 0.5  # en: noise standard deviation | zh: 噪声标准差
seed = 0  # en: random seed | zh: 随机种子
true_w = [2.0, -1.0]  # en: weights that generate y | zh: 生成 y 的真实权重
true_b = 0.5  # en: intercept that generates y | zh: 生成 y 的真实截距
lam = 0.0  # en: ridge strength lambda | zh: 岭回归系数 λ
lr = 0.4  # en: learning rate eta | zh: 学习率 η
steps = 150  # en: gradient-descent steps | zh: 梯度下降步数
w0 = [-2.0, -1.0]  # en: start weights | zh: 起点权重
# --- end parameters ---

# en: data: centred, whitened normals mixed so that corr(x1, x2) = rho exactly
# zh: 数据：中心化、白化后的正态样本，混合后 corr(x1, x2) 恰好等于 rho
rng = np.random.default_rng(seed)
Z = rng.standard_normal((n, 2))
Z = Z - Z.mean(axis=0)
L = np.linalg.cholesky(Z.T @ Z / n)
Z = np.linalg.solve(L, Z.T).T
X = np.column_stack([Z[:, 0], rho * Z[:, 0] + np.sqrt(1 - rho * rho) * Z[:, 1]])
y = X @ np.array(true_w) + true_b + noise * rng.standard_normal(n)


def mse_loss(X, y, w, b, lam):
    r = X @ w + b - y  # en: residuals, shape (n,) | zh: 残差，形状 (n,)
    return (r @ r + lam * (w @ w)) / len(y)


def mse_grad(X, y, w, b, lam):
    # en: dJ/dw = (2/n)(X^T r + lam w) has the shape of w; dJ/db = (2/n) sum(r)
    # zh: dJ/dw = (2/n)(X^T r + λw)，形状与 w 相同；dJ/db = (2/n) sum(r)
    r = X @ w + b - y
    return 2 / len(y) * (X.T @ r + lam * w), 2 / len(y) * r.sum()


# en: normal equation on centred data: (Xc^T Xc + lam I) w = Xc^T yc, b = mean(y) - mean(x) w
# zh: 在中心化数据上解正规方程：(Xc^T Xc + λI) w = Xc^T yc，b = mean(y) - mean(x) w
Xc, yc = X - X.mean(axis=0), y - y.mean()
A = Xc.T @ Xc + lam * np.eye(2)
if np.linalg.matrix_rank(A) == 2:
    w_closed = np.linalg.solve(A, Xc.T @ yc)
else:
    # en: singular X^T X (rho = 1, lam = 0): the minimum-norm solution (pseudo-inverse)
    # zh: XᵀX 奇异（rho = 1, λ = 0）：取最小范数解（伪逆）
    w_closed = np.linalg.lstsq(Xc, yc, rcond=None)[0]
b_closed = y.mean() - X.mean(axis=0) @ w_closed

# en: gradient descent from (w0, 0); stop if the loss blows up
# zh: 从 (w0, 0) 开始梯度下降；损失爆炸就停止
w, b = np.array(w0, dtype=float), 0.0
start = mse_loss(X, y, w, b, lam)
for t in range(steps):
    gw, gb = mse_grad(X, y, w, b, lam)
    w, b = w - lr * gw, b - lr * gb
    if not mse_loss(X, y, w, b, lam) <= 1e6 * start:
        print("diverged_at =", t + 1)
        break

print("w_closed =", w_closed)
print("b_closed =", b_closed)
print("loss_closed =", mse_loss(X, y, w_closed, b_closed, lam))
print("kappa =", np.linalg.cond(A))  # en: condition number of X^T X + lam I | zh: 条件数
print("w_gd =", w)
print("b_gd =", b)
print("loss_gd =", mse_loss(X, y, w, b, lam))
