"""Activation functions and backpropagation: f and f′, the δ recursion with your numbers, depth."""

import numpy as np
import streamlit as st

from playground import activations as act
from playground import backprop as bp
from playground import handwritten
from playground._validation import InputError, parse_number_list
from playground.app import layout, widgets
from playground.app.format import fmt, rel_error, tex
from playground.app.i18n import current_language, translator
from playground.charts import activations_backprop as charts

NS, BIND = "activations_backprop", "query-params"
#: Activation names as shown (the same in every language, so plain options).
LABELS = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "elu": "ELU",
    "gelu": "GELU",
    "gelu_tanh": "GELU (tanh)",
    "softplus": "softplus",
    "silu": "SiLU",
}
NAME_OF = {label: name for name, label in LABELS.items()}
#: Short names of the initialisations for the ratio table's columns (the same in every language).
INIT_NAMES = {"normal": "N(0, s²)", "xavier": "Xavier", "he": "He"}
NET_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")  # what the hand-written code knows
HEADS = ("sigmoid_mse", "linear_mse", "sigmoid_ce", "softmax_ce", "softmax_mse")
COMPARE = ("sigmoid", "tanh", "relu")
GRID = (-5.0, 5.0, 201)  # the gallery's inputs (a tuple: layout.shared reuses its wrapper)
U = np.linspace(*GRID)
tr = translator(current_language())  # bound once for the whole rerun


def tt(key: str, **values) -> str:
    return tr(f"{NS}.{key}", **values)


@layout.shared(max_entries=32)
def depth_runs(shown: tuple[str, ...], init: str, **deep) -> dict:
    """‖∂L/∂z‖ through a deep MLP for the shown activations (and the interview's trio) at
    ``init``, and for the shown ones at every initialisation (the ratio table)."""
    pairs = {(n, init) for n in (*shown, *COMPARE)} | {(n, i) for n in shown for i in bp.INITS}
    return {(n, i): bp.gradient_norms_through_depth(activation=n, init=i, **deep) for n, i in pairs}


@layout.shared(max_entries=64)
def finite_differences(x, t, weights, biases, activation, output, loss):
    """The check: central differences of the loss for every weight and bias."""
    heads = dict(activation=activation, output=output, loss=loss)
    return bp.numerical_gradients(x, t, weights, biases, **heads)


@layout.shared(max_entries=16)
def curves(names: tuple[str, ...], relu_at_zero: float):
    u = np.linspace(*GRID)
    values = np.array([act.activation(u, n) for n in names])
    derivatives = np.array([act.activation_grad(u, n, relu_at_zero=relu_at_zero) for n in names])
    regions = [act.flat_regions(n, u[0], u[-1]) for n in names]
    peaks = [act.peak_derivative(n) for n in names]
    return values, derivatives, regions, peaks


def typed_values(label: str, key: str, shape: tuple[int, ...], seeded: np.ndarray):
    """A text box that overrides seeded values; empty keeps them. Returns (values, typed)."""
    size = int(np.prod(shape))
    text = st.text_input(
        label,
        key=key,
        bind=BIND,
        max_chars=600,
        placeholder=", ".join(fmt(v, 3) for v in seeded.ravel()),
        help=tt("net.typed_help", n=size),
    )
    if not text.strip():
        return seeded, False
    try:
        values = parse_number_list(text, min_len=size, max_len=size, max_abs=100.0)
    except InputError as exc:
        layout.input_error(exc)
        return seeded, False
    return values.reshape(shape), True


def listed(key: str, label: str, value: str, low: int, high: int, default: list[float]):
    """A typed vector (x or t) that falls back on the last valid one."""
    values = widgets.number_list(
        label,
        key=key,
        value=value,
        min_len=low,
        max_len=high,
        max_abs=1000.0,
        help=tt(f"net.{key[4:]}_help"),
    )
    memory = f"{key}__last"
    if values is None:
        values = st.session_state.get(memory, np.array(default))
        st.caption(tt("net.fallback", values=", ".join(fmt(v) for v in values)))
    st.session_state[memory] = values
    return values


# ---------------------------------------------------------------------------
layout.header(NS)

st.subheader(tt("sections.gallery"), anchor=False)
g_controls, g_chart = st.columns([1, 2.6], gap="large")
with g_controls, st.container(border=True):
    picked = st.pills(
        tt("gallery.compare"),
        list(LABELS.values()),
        selection_mode="multi",
        default=[LABELS[n] for n in COMPARE],
        key="act_show",
        bind=BIND,
        help=tt("gallery.compare_help"),
    )
    relu0 = st.slider(
        tt("gallery.relu0"),
        0.0,
        1.0,
        0.0,
        0.25,
        key="act_relu0",
        bind=BIND,
        help=tt("gallery.relu0_help"),
    )
    shown = tuple(NAME_OF[p] for p in LABELS.values() if p in (picked or []))
    if not shown:
        st.info(tt("gallery.none"), icon=":material/touch_app:")
        shown = COMPARE
    st.caption(tt("gallery.relu0_caption", v=fmt(relu0, 2)))
with g_chart, layout.guard(f"{NS}.sections.gallery"):
    values, derivatives, regions, peaks = curves(shown, relu0)
    kinks = [
        float(act.activation_grad(0.0, n, relu_at_zero=relu0))
        if n in ("relu", "leaky_relu")
        else None
        for n in shown
    ]
    labels = [LABELS[n] for n in shown]
    fig = charts.gallery(U, labels, values, derivatives, regions, peaks, kinks, tr)
    layout.chart(fig, key="act_gallery_chart")
    bounds = ", ".join(f"{LABELS[n]} {fmt(act.max_derivative(n), 3)}" for n in shown)
    st.caption(tt("gallery.caption", bounds=bounds))
with layout.guard(f"{NS}.sections.gallery_notes"):
    left, right = st.columns(2, gap="large")
    with left:
        layout.prose(tt("gallery.saturation"))
    with right:
        layout.prose(tt("gallery.dead_relu"))

# ---------------------------------------------------------------------------
st.subheader(tt("sections.network"), anchor=False)
n_controls, n_graph = st.columns([1.25, 2.4], gap="large")
with n_controls, st.container(border=True):
    x = listed("act_x", tt("net.x"), "1, 0.5", 2, 3, [1.0, 0.5])
    target_raw = listed("act_t", tt("net.t"), "1, 0", 1, 3, [1.0, 0.0])
    h1 = st.select_slider(
        tt("net.h1"), [0, 1, 2, 3, 4], value=3, key="act_h1", bind=BIND, help=tt("net.h1_help")
    )
    h2 = st.select_slider(
        tt("net.h2"),
        [0, 1, 2, 3, 4],
        value=0,
        key="act_h2",
        bind=BIND,
        disabled=h1 == 0,
        help=tt("net.h2_help"),
    )
    hidden_label = st.selectbox(
        tt("net.activation"),
        [LABELS[n] for n in NET_ACTIVATIONS],
        key="act_fn",
        bind=BIND,
        help=tt("net.activation_help"),
    )
    head = widgets.choice(
        tt("net.head"),
        {h: f"{NS}.heads.{h}" for h in HEADS},
        key="act_head",
        help=tt("net.head_help"),
    )
    init = widgets.choice(
        tt("net.init"),
        {i: f"{NS}.inits.{i}" for i in bp.INITS},
        key="act_init",
        default="xavier",
        help=tt("net.init_help"),
    )
    seed = int(st.number_input(tt("net.seed"), 0, 9999, 0, key="act_seed", bind=BIND))

activation = NAME_OF.get(hidden_label, "sigmoid")
output, loss = head.split("_")
hidden = [h for h in ([h1, h2] if h1 else []) if h]
sizes = [x.size, *hidden, target_raw.size]
depth = len(sizes) - 1
seeded = bp.init_mlp(sizes, init=init, seed=seed, decimals=2)
with n_controls, st.expander(tt("net.typed_title")):
    st.caption(tt("net.typed_caption"))
    weights, biases = [], []
    for layer in range(1, depth + 1):
        rows, cols = sizes[layer], sizes[layer - 1]
        w, _ = typed_values(
            tt("net.w_label", l=layer, r=rows, c=cols),
            f"act_w{layer}",
            (rows, cols),
            seeded.weights[layer - 1],
        )
        b, _ = typed_values(
            tt("net.b_label", l=layer, r=rows), f"act_b{layer}", (rows,), seeded.biases[layer - 1]
        )
        weights.append(w)
        biases.append(b)
target, change = bp.fit_target(target_raw, output, loss)
if change:
    with n_controls:
        st.caption(tt(f"net.target_{change}", t=", ".join(fmt(v, 3) for v in target)))

heads = dict(activation=activation, output=output, loss=loss)
run = bp.backprop(x, target, weights, biases, relu_at_zero=relu0, **heads)
fd = finite_differences(x, target, weights, biases, activation, output, loss)
analytic = np.concatenate([g.ravel() for g in (*run.dW, *run.db)])
numeric = np.concatenate([g.ravel() for g in (*fd.dW, *fd.db)])
z = [v[0] for v in run.z]
a = [v[0] for v in run.a]
delta = [v[0] for v in run.delta]
fprime = [v[0] for v in run.fprime]
with n_graph, layout.guard(f"{NS}.sections.network"):
    names = [tt("net.col_input")]
    names += [tt("net.col_hidden", l=i, f=LABELS[activation]) for i in range(1, depth)]
    names.append(tt("net.col_output", g=output))
    fig = charts.network_graph(weights, z, a, delta, run.dW, run.loss, target, names, fmt, tr)
    layout.chart(fig, key="act_network_chart")
    st.caption(tt("net.caption"))
    m1, m2, m3 = st.columns(3)
    m1.metric(tt("metrics.loss"), fmt(run.loss, 4))
    m2.metric(tt("metrics.grad"), fmt(np.linalg.norm(analytic), 3), help=tt("metrics.grad_help"))
    m3.metric(
        tt("metrics.check"), fmt(rel_error(analytic, numeric), 2), help=tt("metrics.check_help")
    )

# ---------------------------------------------------------------------------
with layout.guard(f"{NS}.sections.formula"):
    st.subheader(tr("common.formula_with_numbers"), anchor=False)
    st.markdown(tt("formula.intro", sizes=" → ".join(str(s) for s in sizes)))
    st.markdown(tt("formula.forward"))
    lines = charts.forward_lines(weights, biases, z, a, activation, output, tex)
    lines.append(charts.loss_line(a[-1], target, run.loss, output, loss, tex))
    layout.formula(charts.stack(lines))
    st.markdown(tt("formula.backward"))
    kinds = dict(activation=activation, output=output, kind=loss, tex=tex)
    lines = charts.delta_lines(weights, z, a, delta, fprime, target, **kinds)
    layout.formula(charts.stack([*lines, charts.FPRIME[activation]]))
    st.markdown(tt("formula.gradients"))
    layout.formula(charts.stack(charts.gradient_lines(a, delta, run.dW, tex)))
    layout.check(tt("formula.check", n=analytic.size), analytic, numeric)
    at_kink = activation in ("relu", "leaky_relu") and any(np.any(v == 0) for v in z[:-1])
    if at_kink:
        st.caption(tt("formula.kink", v=fmt(relu0, 2)))
    if rel_error(analytic, numeric) > 1e-4 and not at_kink:
        st.caption(tt("formula.noise"))

# ---------------------------------------------------------------------------
perceptron_tab, table_tab, zero_tab = layout.tabs(
    [f"{NS}.tabs.{k}" for k in ("perceptron", "table", "zero")], key="act_tab"
)
with perceptron_tab, layout.guard(f"{NS}.sections.perceptron"):
    layout.prose(tt("perceptron.intro" if depth > 1 else "perceptron.intro_alone"))
    closed = bp.perceptron_gradient(a[-2], a[-1], target, output=output, loss=loss)
    lines = charts.perceptron_lines(a[-2], a[-1], target, closed, output, loss, tex)
    layout.formula(charts.stack(lines, gap="6pt"))
    layout.check(tt("perceptron.check"), closed, fd.dW[-1])
with table_tab, layout.guard(f"{NS}.sections.table"):
    if table_tab.open:
        columns = [tt(f"table.{c}") for c in ("param", "backprop", "fd", "diff")]
        rows = charts.gradient_rows(run.dW, run.db, fd.dW, fd.db, columns, fmt)
        st.dataframe(rows, hide_index=True, width="stretch")
        st.caption(tt("table.caption"))
with zero_tab, layout.guard(f"{NS}.sections.zero"):
    if zero_tab.open:
        left, right = st.columns([1, 1.2], gap="large")
        with left:
            layout.prose(tt("zero.intro"))
            if depth > 1:
                inputs = a[-2]
                signs = " ".join("+" if v > 0 else ("−" if v < 0 else "0") for v in run.dW[-1][0])
                key = "zero.positive" if np.all(inputs >= 0) else "zero.mixed"
                st.markdown(tt(key, f=LABELS[activation], signs=signs, d=fmt(delta[-1][0], 3)))
                for layer, j, value in bp.inactive_units(run.z[:-1], activation):
                    st.markdown(tt("zero.dead", l=layer, j=j, z=fmt(value, 3)))
        with right:
            positive, centred = bp.zigzag_paths(seed=seed)
            layout.chart(charts.zigzag(positive, centred, (1.0, -1.0), tr), key="act_zig_chart")
            st.caption(tt("zero.caption"))

# ---------------------------------------------------------------------------
st.subheader(tt("sections.vanishing"), anchor=False)
layout.prose(tt("vanishing.intro"))
v1, v2, v3, v4 = st.columns(4)
v_depth = v1.slider(tt("vanishing.depth"), 2, 30, 20, key="act_depth", bind=BIND)
v_width = v2.select_slider(
    tt("vanishing.width"), [16, 32, 64], value=64, key="act_width", bind=BIND
)
with v3:
    v_init = widgets.choice(
        tt("vanishing.init"),
        {i: f"{NS}.inits.{i}" for i in bp.INITS},
        key="act_vinit",
        default="xavier",
    )
with v4:
    v_scale = widgets.log_slider(
        tt("vanishing.scale"),
        key="act_scale",
        min_value=0.1,
        max_value=10.0,
        value=1.0,
        help=tt("vanishing.scale_help"),
    )
# A batch of 32 keeps every product below OpenBLAS's threading threshold (32·64·64 < 2¹⁸):
# on a busy 2-core server, threaded products of this size are up to 100x slower.
deep = dict(depth=v_depth, width=v_width, scale=v_scale, seed=0, batch=32)
profiles = depth_runs(shown, v_init, **deep)
with layout.guard(f"{NS}.sections.vanishing"):
    lines_col, heat_col = st.columns([1.5, 1], gap="medium")
    runs = {n: profiles[n, v_init] for n in shown}
    with lines_col:
        fig = charts.depth_profile(
            [LABELS[n] for n in shown],
            [runs[n].norms for n in shown],
            [runs[n].fprime_bound for n in shown],
            tr(f"{NS}.inits.{v_init}"),
            tr,
        )
        layout.chart(fig, key="act_depth_chart")
    with heat_col:
        ratios = np.array([[profiles[n, i].ratio for i in bp.INITS] for n in shown])
        init_labels = [INIT_NAMES[i] for i in bp.INITS]
        fig = charts.ratio_heatmap([LABELS[n] for n in shown], init_labels, ratios, tr)
        layout.chart(fig, key="act_ratio_chart")
    st.caption(tt("vanishing.caption", depth=v_depth))

# ---------------------------------------------------------------------------
trio = {n: profiles[n, v_init] for n in COMPARE}
layout.interview(
    NS,
    7,
    relu0=fmt(relu0, 2),
    loss=fmt(run.loss, 4),
    w11=fmt(run.dW[-1][0, 0], 4),
    delta_out=fmt(delta[-1][0], 4),
    sizes=" → ".join(str(s) for s in sizes),
    depth=v_depth,
    init=tr(f"{NS}.inits.{v_init}"),
    r_sig=fmt(trio["sigmoid"].ratio, 3),
    r_tanh=fmt(trio["tanh"].ratio, 3),
    r_relu=fmt(trio["relu"].ratio, 3),
    sig10=fmt(0.25**10, 3),
)
scratch = handwritten.render(
    NS,
    current_language(),
    x=x.tolist(),
    t=target.tolist(),
    Ws=[w.tolist() for w in weights],
    bs=[b.tolist() for b in biases],
    act=activation,
    out=output,
    loss=loss,
    relu0=float(relu0),
)
snippet = bp.snippet(
    x,
    target,
    weights,
    biases,
    activation=activation,
    output=output,
    loss=loss,
    relu_at_zero=float(relu0),
    depth=v_depth,
    width=v_width,
    init=v_init,
    scale=v_scale,
    seed=0,
    batch=32,
)
layout.code(scratch, snippet, key="act_code")
