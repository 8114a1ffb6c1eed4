# en: Linear-chain CRF for NER from scratch (NumPy only): path score, forward, Viterbi, loss.
# zh: 手撕线性链条件随机场（CRF）：路径得分、前向算法、维特比解码和 NER 损失，只用 NumPy。
import numpy as np

# --- parameters ---
tags = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]  # en: the tag set | zh: 标签集合
# en: emission scores E[t][k] of token t and tag k, from the encoder (BiLSTM / BERT)
# zh: 发射分数 E[t][k]：第 t 个 token 取标签 k 的分数，来自编码器（BiLSTM / BERT）
E = [[0.2, 1.2, 1.4, -0.6, -1.0], [2.2, -0.8, -0.4, -1.0, -0.6], [0.3, 0.4, -0.8, 1.5, 0.2]]
# en: transition scores A[i][j] of tag i followed by tag j
# zh: 转移分数 A[i][j]：标签 i 后面接标签 j 的分数
A = [[0.0] * 5] * 5
start = [0.0] * 5  # en: start scores | zh: 起始分数
end = [0.0] * 5  # en: end scores | zh: 结束分数
gold = [1, 0, 3]  # en: gold tag path (indices into tags) | zh: 真实标签路径（tags 中的下标）
# --- end parameters ---
E, A, start, end = (np.array(v, dtype=float) for v in (E, A, start, end))


def logsumexp(x, axis):
    # en: subtract the max first: exp never overflows, even for scores of ±10000
    # zh: 先减去最大值：即使分数是 ±10000，exp 也不会溢出
    m = x.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def path_score(y):
    # en: s(x, y) = start + emissions + transitions + end
    # zh: 路径得分 = 起始分数 + 发射分数 + 转移分数 + 结束分数
    s = start[y[0]] + end[y[-1]]
    s += sum(E[t, y[t]] for t in range(len(y)))
    s += sum(A[y[t - 1], y[t]] for t in range(1, len(y)))
    return s


def forward():
    # en: alpha[t, j] = E[t, j] + logsumexp_i(alpha[t-1, i] + A[i, j])
    # zh: 前向递推：alpha[t, j] = E[t, j] + logsumexp_i(alpha[t-1, i] + A[i, j])
    alpha = np.zeros_like(E)
    alpha[0] = start + E[0]
    for t in range(1, len(E)):
        alpha[t] = E[t] + logsumexp(alpha[t - 1][:, None] + A, axis=0)
    return alpha, logsumexp(alpha[-1] + end, axis=0)


def viterbi():
    # en: the same recursion with max instead of logsumexp, keeping back-pointers
    # zh: 同样的递推，把 logsumexp 换成 max，并记录回溯指针
    delta = start + E[0]
    pointers = []
    for t in range(1, len(E)):
        # en: scores[i, j]: best path ending in tag i, then the step i -> j
        # zh: scores[i, j]：以标签 i 结尾的最优路径，再走一步 i -> j
        scores = delta[:, None] + A
        pointers.append(scores.argmax(axis=0))
        delta = E[t] + scores.max(axis=0)
    best = [int((delta + end).argmax())]
    for bp in reversed(pointers):  # en: follow the pointers back | zh: 沿回溯指针往回走
        best.insert(0, int(bp[best[0]]))
    return best, float((delta + end).max())


alpha, log_Z = forward()
# en: NER loss = -log P(gold | x) = log Z - score(gold)
# zh: NER 损失 = -log P(真实路径 | x) = log Z - 真实路径得分
gold_score = path_score(gold)
best_path, best_score = viterbi()
np.set_printoptions(precision=6, suppress=True, linewidth=120)
print("alpha =", alpha)
print("log_Z =", log_Z)
print("gold_score =", gold_score)
print("loss =", log_Z - gold_score)
print("best_path =", best_path)
print("best_score =", best_score)
print("best_tags:", " ".join(tags[i] for i in best_path))
