# en: Bayes' theorem by hand: the diagnostic test, the odds form, updating again, the coin.
# zh: 手撕贝叶斯定理：诊断检测、几率形式、连续更新、抛硬币（Beta-二项）。
import math

import numpy as np

# --- parameters ---
prevalence = 0.01  # en: prior P(D), the base rate | zh: 先验 P(D)，即患病率（基础比率）
sensitivity = 0.99  # en: P(+ | D), true-positive rate | zh: 灵敏度 P(+ | D)，真阳性率
specificity = 0.99  # en: P(- | not D), true-negative rate | zh: 特异度 P(- | 未患病)，真阴性率
population = 1000  # en: people in the frequency tree | zh: 频率树中的人数
results = [True, True]  # en: test results, True = positive | zh: 检测结果，True 为阳性
a = 2.0  # en: Beta prior, pseudo-heads | zh: Beta 先验参数 a（伪正面次数）
b = 2.0  # en: Beta prior, pseudo-tails | zh: Beta 先验参数 b（伪反面次数）
heads = 7  # en: observed heads | zh: 观测到的正面次数
tails = 3  # en: observed tails | zh: 观测到的反面次数
# --- end parameters ---


def bayes(prior, likelihood):
    # en: posterior = likelihood * prior / evidence, evidence P(E) = sum of the numerators
    # zh: 后验 = 似然 × 先验 / 证据，证据 P(E) 就是所有分子之和
    joint = np.asarray(likelihood, dtype=float) * np.asarray(prior, dtype=float)
    evidence = joint.sum()
    return joint / evidence, evidence


prior = np.array([prevalence, 1 - prevalence])  # en: [sick, healthy] | zh: [患病, 健康]
post_pos, p_positive = bayes(prior, [sensitivity, 1 - specificity])
post_neg, p_negative = bayes(prior, [1 - sensitivity, specificity])

# en: natural frequencies: round down the tree so that every branch sums to its parent
# zh: 自然频率：沿频率树自上而下取整，每个分支之和等于其父节点
sick = math.floor(prevalence * population + 0.5)
true_pos = math.floor(sensitivity * sick + 0.5)
true_neg = math.floor(specificity * (population - sick) + 0.5)
counts = [true_pos, sick - true_pos, population - sick - true_neg, true_neg]

# en: odds form: posterior odds = prior odds * likelihood ratio LR+ = sens / (1 - spec)
# zh: 几率形式：后验几率 = 先验几率 × 似然比，LR+ = 灵敏度 / (1 - 特异度)
posterior_odds = prevalence / (1 - prevalence) * sensitivity / (1 - specificity)

# en: updating again: yesterday's posterior is today's prior (tests independent given D)
# zh: 连续更新：上一次的后验就是这一次的先验（假设给定是否患病时各次检测条件独立）
sequential = [prevalence]
p = prior
for positive in results:
    likelihood = [sensitivity, 1 - specificity] if positive else [1 - sensitivity, specificity]
    p, _ = bayes(p, likelihood)
    sequential.append(float(p[0]))

# en: the coin: Beta(a, b) prior + binomial likelihood -> Beta(a + heads, b + tails) posterior
# zh: 抛硬币：Beta(a, b) 先验 + 二项似然 -> 后验 Beta(a + heads, b + tails)（共轭先验）
alpha, beta = a + heads, b + tails
print("p_positive =", p_positive)
print("p_sick_given_positive =", post_pos[0])
print("p_sick_given_negative =", post_neg[0])
print("counts =", np.array(counts))  # en: [TP, FN, FP, TN] | zh: [真阳性, 假阴性, 假阳性, 真阴性]
print("odds_posterior =", posterior_odds / (1 + posterior_odds))
print("sequential =", sequential)
print("beta_mean =", alpha / (alpha + beta))
if alpha > 1 and beta > 1:  # en: otherwise no single mode | zh: 否则没有唯一的众数
    print("beta_map =", (alpha - 1) / (alpha + beta - 2))
if heads + tails > 0:
    print("mle =", heads / (heads + tails))
