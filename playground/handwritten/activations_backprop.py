# en: Backpropagation through a small MLP by hand, with a finite-difference check (NumPy only).
# zh: 手撕反向传播：小型多层感知机的前向与反向计算，并用有限差分检验梯度（只用 NumPy）。
import numpy as np

# --- parameters ---
x = [1.0, 0.5]  # en: one input sample | zh: 一个输入样本
t = [1.0, 0.0]  # en: its target | zh: 对应的目标值
# en: W[l] has shape (out, in), as in PyTorch's nn.Linear
# zh: W[l] 的形状为 (输出, 输入)，与 PyTorch 的 nn.Linear 相同
Ws = [[[0.08, -0.08], [0.41, 0.07], [-0.34, 0.23]], [[0.82, 0.6, -0.45], [-0.8, -0.39, 0.03]]]
bs = [[0.0, 0.0, 0.0], [0.0, 0.0]]  # en: biases | zh: 偏置
act = "sigmoid"  # en: hidden: sigmoid, tanh, relu, leaky_relu | zh: 隐藏层激活函数
out = "sigmoid"  # en: output layer: linear, sigmoid, softmax | zh: 输出层
loss = "mse"  # en: mse = ½Σ(o − t)², ce = cross-entropy | zh: mse 为平方误差，ce 为交叉熵
relu0 = 0.0  # en: ReLU'(0), a convention (PyTorch: 0) | zh: ReLU 在 0 处的导数（PyTorch 取 0）
# --- end parameters ---
x, t = np.array(x), np.array(t)
Ws, bs = [np.array(W) for W in Ws], [np.array(b) for b in bs]
slope = 0.01 if act == "leaky_relu" else 0.0


def f(z, grad=False):  # en: hidden activation f and its derivative f' | zh: 激活函数及其导数
    if act == "sigmoid":
        s = 0.5 * (1 + np.tanh(z / 2))  # en: = 1/(1 + e^-z), never overflows | zh: 不会溢出
        return s * (1 - s) if grad else s  # en: σ' = σ(1 − σ) ≤ 1/4 | zh: σ' = σ(1 − σ) ≤ 1/4
    if act == "tanh":
        return 1 - np.tanh(z) ** 2 if grad else np.tanh(z)
    if grad:
        return np.where(z > 0, 1.0, np.where(z < 0, slope, slope + relu0 * (1 - slope)))
    return np.where(z > 0, z, slope * z)


def forward(Ws, bs):  # en: returns z_l, a_l and the loss | zh: 返回各层 z、a 和损失
    zs, As = [], [x]
    for k, (W, b) in enumerate(zip(Ws, bs, strict=True)):
        z = W @ As[-1] + b  # en: z_l = W_l a_(l-1) + b_l | zh: 线性变换
        zs.append(z)
        e = np.exp(z - z.max())  # en: output layer g(z_L) | zh: 输出层 g(z_L)
        g = {"sigmoid": 0.5 * (1 + np.tanh(z / 2)), "softmax": e / e.sum(), "linear": z}[out]
        As.append(f(z) if k < len(Ws) - 1 else g)
    if loss == "mse":
        return zs, As, 0.5 * np.sum((As[-1] - t) ** 2)
    # en: cross-entropy from the logits (log-sum-exp, softplus): exact for any z
    # zh: 交叉熵直接由 logit 计算（log-sum-exp、softplus），任何 z 都不会溢出
    if out == "softmax":
        return zs, As, -np.sum(t * (z - z.max() - np.log(np.exp(z - z.max()).sum())))
    return zs, As, np.sum(np.logaddexp(0, z) - t * z)


def backward(zs, As):
    o = As[-1]
    # en: output error δ_L = dL/dz_L; with cross-entropy it is simply o − t
    # zh: 输出层误差 δ_L = dL/dz_L；交叉熵配 sigmoid/softmax 时就是 o − t
    if loss == "ce":
        delta = o * t.sum() - t if out == "softmax" else o - t
    elif out == "sigmoid":
        delta = (o - t) * o * (1 - o)
    elif out == "softmax":  # en: softmax Jacobian times (o − t) | zh: softmax 雅可比矩阵乘 (o − t)
        delta = o * ((o - t) - o @ (o - t))
    else:
        delta = o - t
    dWs, dbs, deltas = [], [], [delta]
    for k in range(len(Ws) - 1, -1, -1):
        dWs.insert(0, np.outer(delta, As[k]))  # en: dL/dW_l = δ_l a_(l-1)^T | zh: 权重梯度
        dbs.insert(0, delta)
        if k > 0:  # en: δ_l = (W_(l+1)^T δ_(l+1)) ⊙ f'(z_l) | zh: 误差逐层反向传播
            delta = (Ws[k].T @ delta) * f(zs[k - 1], grad=True)
            deltas.insert(0, delta)
    return dWs, dbs, deltas


zs, As, L = forward(Ws, bs)
dWs, dbs, deltas = backward(zs, As)
print("loss =", L)
print("o =", As[-1])
for k in range(1, len(Ws) + 1):
    print(f"z{k} =", zs[k - 1])
    print(f"delta{k} =", deltas[k - 1])
    print(f"dW{k} =", dWs[k - 1])
    print(f"db{k} =", dbs[k - 1])
# en: finite-difference check: nudge one parameter at a time by ±h (central differences)
# zh: 有限差分检验：每次只把一个参数加减 h（中心差分）
max_fd_diff = 0.0
for P, G in zip(Ws + bs, dWs + dbs, strict=True):
    for i in np.ndindex(P.shape):
        keep, h = P[i], 1e-6 * max(1.0, abs(P[i]))
        P[i] = keep + h
        up = forward(Ws, bs)[2]
        P[i] = keep - h
        down = forward(Ws, bs)[2]
        P[i] = keep
        max_fd_diff = max(max_fd_diff, abs((up - down) / (2 * h) - G[i]))
print("max_fd_diff =", max_fd_diff)
