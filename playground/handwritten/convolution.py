# en: 2-D convolution as CNN frameworks compute it (a cross-correlation), from scratch: stride,
# en: zero padding and dilation, the output-size formula, and one output cell written out.
# zh: 手撕二维卷积（与 CNN 框架一致，实际是互相关）：步长、补零填充、空洞率，
# zh: 输出尺寸公式，以及一个输出位置的逐项展开。
import numpy as np

# --- parameters ---
# en: input image (H x W) and kernel (kH x kW)
# zh: 输入图像（H × W）与卷积核（kH × kW）
x = [[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0]]
w = [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]
stride = 1  # en: stride s | zh: 步长 s
padding = 1  # en: zeros added on each side | zh: 每侧补 0 的个数（填充）
dilation = 1  # en: spacing between taps (1 = ordinary) | zh: 空洞率（1 为普通卷积）
bias = 0.0  # en: bias b | zh: 偏置 b
i = 1  # en: output row to write out | zh: 要展开的输出行
j = 1  # en: output column to write out | zh: 要展开的输出列
# --- end parameters ---


def out_size(n, k, s, p, d):
    # en: floor((n + 2p - d(k - 1) - 1) / s) + 1; the floor drops what does not fit
    # zh: floor((n + 2p - d(k - 1) - 1) / s) + 1，放不下的部分被向下取整丢掉
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def conv2d(x, w, s=1, p=0, d=1, b=0.0):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    kh, kw = w.shape
    out_h = out_size(x.shape[0], kh, s, p, d)
    out_w = out_size(x.shape[1], kw, s, p, d)
    assert out_h >= 1 and out_w >= 1, "the kernel does not fit"
    xp = np.pad(x, p)  # en: zeros on every side | zh: 四周补 0
    y = np.zeros((out_h, out_w))
    for r in range(out_h):
        for c in range(out_w):
            # en: the window starts at (r*s, c*s); its taps are d apart
            # zh: 窗口左上角在 (r*s, c*s)，相邻采样点相隔 d
            win = xp[r * s : r * s + d * (kh - 1) + 1 : d, c * s : c * s + d * (kw - 1) + 1 : d]
            # en: element-wise product and sum; the kernel is not flipped (cross-correlation)
            # zh: 逐元素相乘再求和；卷积核不翻转（互相关）
            y[r, c] = np.sum(win * w) + b
    return y


y = conv2d(x, w, stride, padding, dilation, bias)
print("out_h =", y.shape[0])
print("out_w =", y.shape[1])
print("y =", y)
print("y_ij =", y[i, j])
