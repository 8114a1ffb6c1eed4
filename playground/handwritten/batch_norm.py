# en: Batch normalisation from scratch (NumPy only): train forward, backward, running stats, eval.
# zh: 手撕批归一化（BN，只用 NumPy）：训练时前向、反向传播、滑动平均统计量、推理时前向。
import numpy as np

# --- parameters ---
# en: one channel of a batch (BN normalises each channel over the batch)
# zh: 一个 batch 中的一个通道（BN 对每个通道在 batch 维度上归一化）
x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
gamma = 1.0  # en: learned scale γ | zh: 可学习的缩放 γ
beta = 0.0  # en: learned shift β | zh: 可学习的平移 β
momentum = 0.1  # en: PyTorch's m (Keras: 1 - m) | zh: PyTorch 的 m（Keras 为 1 - m）
eps = 1e-5  # en: keeps a constant channel from dividing by 0 | zh: 防止常数通道除以 0
seed = 0  # en: seed of the upstream gradient dL/dy | zh: 上游梯度 dL/dy 的随机种子
# --- end parameters ---


def bn_train(x, gamma, beta, eps):
    # en: statistics of this batch, per channel (axis 0); the BIASED variance (divide by N)
    # zh: 按通道（axis 0）计算当前 batch 的统计量；用有偏方差（除以 N）
    mu = x.mean(axis=0)
    var = ((x - mu) ** 2).mean(axis=0)
    x_hat = (x - mu) / np.sqrt(var + eps)
    return gamma * x_hat + beta, (x_hat, mu, var)


def bn_backward(dy, cache, gamma, eps):
    # en: every x_i enters μ and σ², so dx has three paths; they add up to
    # zh: 每个 x_i 都参与了 μ 和 σ² 的计算，dx 有三条路径，合起来是
    # dx = γ / √(σ² + ε) · (dy - mean(dy) - x̂ · mean(dy · x̂))
    x_hat, mu, var = cache
    dgamma, dbeta = (dy * x_hat).sum(axis=0), dy.sum(axis=0)
    dx = gamma / np.sqrt(var + eps) * (dy - dy.mean(axis=0) - x_hat * (dy * x_hat).mean(axis=0))
    return dx, dgamma, dbeta


def update_running(running_mean, running_var, mu, var, n, momentum):
    # en: running = (1 - m)·running + m·batch; the running variance takes the UNBIASED var
    # zh: running = (1 - m)·running + m·batch；滑动方差用无偏方差 N/(N-1)·σ²
    new_mean = (1 - momentum) * running_mean + momentum * mu
    new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    return new_mean, new_var


def bn_eval(x, running_mean, running_var, gamma, beta, eps):
    # en: inference: no batch statistics, each example alone gives the same output
    # zh: 推理时不用 batch 统计量，每个样本单独输入也得到同样的输出
    return gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta


x = np.asarray(x, dtype=float)[:, None]  # en: shape (N, C) with C = 1 | zh: 形状 (N, C)，C = 1
y, cache = bn_train(x, gamma, beta, eps)
dy = np.random.default_rng([seed, 5]).standard_normal(x.shape)  # en: the page's dL/dy | zh: 同页面
dx, dgamma, dbeta = bn_backward(dy, cache, gamma, eps)
# en: PyTorch starts the running statistics at mean 0 and variance 1
# zh: PyTorch 的滑动均值初始为 0，滑动方差初始为 1
running_mean, running_var = update_running(0.0, 1.0, cache[1], cache[2], len(x), momentum)
print("mu =", cache[1][0])
print("var =", cache[2][0])
print("x_hat =", cache[0][:, 0])
print("y =", y[:, 0])
print("dx =", dx[:, 0])
print("dgamma =", dgamma[0])
print("dbeta =", dbeta[0])
print("running_mean =", running_mean[0])
print("running_var =", running_var[0])
print("y_eval =", bn_eval(x, running_mean, running_var, gamma, beta, eps)[:, 0])
