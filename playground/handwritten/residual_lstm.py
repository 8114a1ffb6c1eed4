# en: Plain vs residual blocks and one LSTM step (PyTorch gate order i, f, g, o), from scratch.
# zh: 手撕普通块与残差块的前向和反向，以及一步 LSTM（门的顺序 i, f, g, o 同 PyTorch）。
import numpy as np

# --- parameters ---
depth = 30  # en: number of blocks | zh: 块数（层数）
width = 32  # en: units per layer (square W) | zh: 每层神经元数（W 是方阵）
batch = 32  # en: inputs in the batch | zh: 批大小
act = "sigmoid"  # en: sigmoid, tanh or relu | zh: 激活函数：sigmoid、tanh 或 relu
init = "xavier"  # en: xavier, he or normal | zh: 初始化：xavier、he 或 normal
scale = 1.0  # en: gain (or the std for normal) | zh: 增益（normal 时就是标准差）
seed = 0  # en: random seed of the deep net | zh: 深层网络的随机种子
layer = 10  # en: the block l whose Jacobian is printed | zh: 打印第 l 块的雅可比矩阵
H = 8  # en: LSTM hidden size | zh: LSTM 隐藏层大小
D = 4  # en: LSTM input size | zh: LSTM 输入维度
forget_bias = 1.0  # en: forget-gate bias b_f | zh: 遗忘门偏置 b_f
gain = 1.0  # en: weights ~ U(-gain/sqrt(H), gain/sqrt(H)) | zh: 权重 ~ U(-gain/√H, gain/√H)
lstm_seed = 0  # en: random seed of the LSTM | zh: LSTM 的随机种子
T = 40  # en: sequence length | zh: 序列长度
step = 2  # en: the time step t to print | zh: 要打印的时间步 t
# --- end parameters ---


def sigmoid(u):  # en: written with tanh: never overflows | zh: 用 tanh 来写，不会溢出
    return 0.5 + 0.5 * np.tanh(u / 2)


def phi(u):  # en: the activation f | zh: 激活函数 f
    return sigmoid(u) if act == "sigmoid" else np.tanh(u) if act == "tanh" else np.maximum(u, 0)


def dphi(a):  # en: f' written with the output a = f(u) | zh: 用输出 a = f(u) 表示 f'
    return a * (1 - a) if act == "sigmoid" else 1 - a * a if act == "tanh" else (a > 0) * 1.0


std = scale * {"xavier": 1 / np.sqrt(width), "he": np.sqrt(2 / width), "normal": 1.0}[init]
rng = np.random.default_rng([seed, 1])
Ws = [std * rng.standard_normal((width, width)) for _ in range(depth)]  # en: b = 0 | zh: 偏置为 0
x = np.random.default_rng([seed, 2]).standard_normal((batch, width))


def grad_norms(residual):
    hs, outs = [x], []
    for W in Ws:  # en: residual: h + f(W h); plain: f(W h) | zh: 残差块：h + f(Wh)；普通块：f(Wh)
        a = phi(hs[-1] @ W.T)
        outs.append(a)
        hs.append(hs[-1] + a if residual else a)
    g = hs[-1] / batch  # en: dL/dh_L for L = mean of ||h_L||^2 / 2 | zh: L = ½‖h_L‖² 的批平均
    norms = [np.linalg.norm(g)]
    for W, a in zip(Ws[::-1], outs[::-1], strict=True):
        # en: backprop through a block: g_l = g_{l+1} (skip) + W^T (f' * g_{l+1})
        # zh: 反向传播：g_l = g_{l+1}（跳跃连接）+ Wᵀ(f' ⊙ g_{l+1})，恒等项让梯度不会连乘到消失
        back = (g * dphi(a)) @ W
        g = g + back if residual else back
        norms.append(np.linalg.norm(g))
    return np.array(norms[::-1]), outs


plain_grad_norms, _ = grad_norms(False)
residual_grad_norms, outs = grad_norms(True)
# en: Jacobian of residual block l for the first input: I + diag(f'(u)) W
# zh: 第 l 个残差块对第一个样本的雅可比矩阵：I + diag(f'(u)) W
block_jacobian = np.eye(width) + dphi(outs[layer][0])[:, None] * Ws[layer]

rng = np.random.default_rng([lstm_seed, 3])
k = gain / np.sqrt(H)
W_ih, W_hh = k * rng.uniform(-1, 1, (4 * H, D)), k * rng.uniform(-1, 1, (4 * H, H))
b = np.zeros(4 * H)
b[H : 2 * H] = forget_bias  # en: rows in order i, f, g, o | zh: 行的顺序是 i, f, g, o
rng = np.random.default_rng([lstm_seed, 4])
signs = np.where(rng.random(D) < 0.5, -1.0, 1.0)
xs = 0.1 * rng.standard_normal((T, D))
xs[0] += 2.0 * signs  # en: the pattern to remember, at t = 1 | zh: t = 1 时需要记住的信号


def lstm_cell(x_t, h, c):
    u = W_ih @ x_t + W_hh @ h + b
    i, f, o = sigmoid(u[:H]), sigmoid(u[H : 2 * H]), sigmoid(u[3 * H :])
    g = np.tanh(u[2 * H : 3 * H])
    # en: the additive cell path: dc_t/dc_{t-1} = diag(f_t), no weight matrix in between
    # zh: 细胞状态的加法通路：dc_t/dc_{t-1} = diag(f_t)，中间没有权重矩阵连乘
    c = f * c + i * g
    return i, f, g, o, c, o * np.tanh(c)


h, c = np.zeros(H), np.zeros(H)
for t in range(step):
    i, f, g, o, c, h = lstm_cell(xs[t], h, c)
print("plain_grad_norms =", plain_grad_norms)
print("residual_grad_norms =", residual_grad_norms)
print("block_jacobian_corner =", block_jacobian[:3, :3])
for name, value in zip("ifgoch", (i, f, g, o, c, h), strict=True):
    print(name, "=", value)
