"""The catalogs: complete both ways, same placeholders, really translated."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

import pytest

from playground.app import i18n, registry

ROOT = Path(__file__).resolve().parents[1]
EN = i18n.catalog("en")
ZH = i18n.catalog("zh")
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{4,}")

#: Chinese terms interviews use; a namespace that exists must use its terms.
TERMS = {
    "logistic_regression": ["交叉熵", "学习率", "梯度下降"],
    "softmax_temperature": ["温度", "交叉熵"],
    "kl_divergence": ["KL 散度", "交叉熵"],
    "regression_losses": ["正则化", "异常值"],
    "batch_norm": ["批归一化"],
    "loss_landscapes": ["鞍点", "学习率", "动量"],
    "bayes": ["先验", "似然", "后验"],
    "crf_sequence": ["条件随机场", "维特比", "前向算法"],
    "residual_lstm": ["残差连接", "遗忘门", "梯度消失"],
    "activations_backprop": ["激活函数", "反向传播", "梯度消失", "修正线性单元", "神经元"],
    "convolution": ["卷积核", "步长", "填充", "感受野"],
    "linear_regression": ["正规方程", "最小二乘", "岭回归", "条件数"],
    "lagrange_kkt": ["拉格朗日乘子", "互补松弛", "对偶", "KKT 条件"],
}


def test_catalogs_have_the_same_keys():
    assert sorted(EN.keys() - ZH.keys()) == [], "missing in Chinese"
    assert sorted(ZH.keys() - EN.keys()) == [], "missing in English"


def test_every_locale_file_exists_in_both_languages():
    en_files = {p.name for p in (i18n.LOCALES_DIR / "en").glob("*.toml")}
    zh_files = {p.name for p in (i18n.LOCALES_DIR / "zh").glob("*.toml")}
    assert en_files == zh_files


@pytest.mark.parametrize("key", sorted(EN))
def test_placeholders_match(key):
    assert i18n.placeholders(EN[key]) == i18n.placeholders(ZH[key]), key


def test_no_empty_strings():
    assert [k for k, v in {**EN, **ZH}.items() if not v.strip()] == []


def test_chinese_is_translated():
    """A Chinese value identical to English prose is a missed translation."""
    untranslated = [
        k
        for k in EN
        if ZH[k] == EN[k]
        and WORD.search(EN[k])
        and not CJK.search(ZH[k])
        and not k.endswith(("formula", "latex", "code"))
    ]
    assert untranslated == []


@pytest.mark.parametrize("spec", registry.PAGES, ids=lambda p: p.stem)
def test_every_page_has_its_metadata(spec):
    for field in ("title", "nav", "question", "intuition"):
        assert f"{spec.stem}.{field}" in EN
    if spec.group is not None:
        assert f"{spec.stem}.card_formula" in EN
        assert f"app.groups.{spec.group}" in EN


#: Display width (a CJK character counts 2) that the sidebar shows without "…":
#: 29 Latin characters fit its 300 px next to the icon ("Activations & backpropagation").
NAV_WIDTH = 29


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", registry.PAGES, ids=lambda p: p.stem)
def test_navigation_names_fit_the_sidebar(spec, lang):
    name = i18n.catalog(lang)[f"{spec.stem}.nav"]
    assert display_width(name) <= NAV_WIDTH, f"{spec.stem}.nav ({lang}) {name!r} would be cut"


@pytest.mark.parametrize("ns", sorted(TERMS))
def test_interview_terminology(ns):
    values = [v for k, v in ZH.items() if k.startswith(ns + ".")]
    if not values:
        pytest.skip(f"{ns} is not written yet")
    text = "\n".join(values)
    assert [term for term in TERMS[ns] if term not in text] == []


def _literal_keys() -> set[str]:
    """Keys passed as string literals to t(...) anywhere in pages/ and playground/."""
    keys: set[str] = set()
    files = [*ROOT.glob("pages/*.py"), *ROOT.glob("playground/**/*.py"), ROOT / "streamlit_app.py"]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
                in {"t", "tr"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.add(node.args[0].value)
    return keys


def test_literal_keys_exist():
    assert sorted(k for k in _literal_keys() if k not in EN) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("en", "en"),
        ("zh", "zh"),
        ("zh-CN", "zh"),
        ("ZH_tw", "zh"),
        ("fr", "en"),
        (None, "en"),
        ("", "en"),
        ("x" * 5000, "en"),
        (3, "en"),
    ],
)
def test_normalize_language(raw, expected):
    assert i18n.normalize_language(raw) == expected


def test_lookup_falls_back_without_error():
    assert i18n.lookup("fr", "home.title") == EN["home.title"]
    assert i18n.lookup("zh", "no.such.key") == "no.such.key"
    # A bad placeholder never raises: the template is returned as is.
    assert i18n.lookup("en", "errors.too_few") == EN["errors.too_few"]


def test_translator_binds_language():
    tr = i18n.translator("zh")
    assert tr("home.title") == ZH["home.title"]
    assert tr("errors.too_few", n=1, min=2) == ZH["errors.too_few"].format(n=1, min=2)


def _prose(value: str) -> str:
    """A catalog value without its inline LaTeX, code, placeholders and identifiers."""
    value = re.sub(r"\$[^$]*\$", "", value)
    value = re.sub(r"`[^`]*`", "", value)
    value = re.sub(r"\{\{|\}\}|\{[a-z_0-9]+\}", "", value)
    value = re.sub(r"https?://\S+|\?[a-z_]+=\S*", "", value)
    return re.sub(r"\b[a-z][a-z0-9]*(_[a-z0-9]+)+\b", "", value)  # snake_case names


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_raw_maths_in_prose(lang):
    """Prose shows maths as inline LaTeX ($p_y$) or Unicode (λₘₐₓ), never p_y or e^H."""
    raw = {
        key: value
        for key, value in i18n.catalog(lang).items()
        if not key.endswith(("formula", "latex", "code")) and re.search(r"[_^]", _prose(value))
    }
    assert raw == {}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_inline_latex_is_balanced(lang):
    unbalanced = [
        key
        for key, value in i18n.catalog(lang).items()
        if not key.endswith(("formula", "latex", "code")) and value.count("$") % 2
    ]
    assert unbalanced == []
