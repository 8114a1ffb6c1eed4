"""Convolution: the sliding kernel, stride, padding, dilation, output size, receptive field."""

import numpy as np
import streamlit as st
from scipy import signal

from playground import convolution as cv
from playground import handwritten
from playground._validation import InputError
from playground.app import layout, widgets
from playground.app.format import MISSING, fmt, tex
from playground.app.i18n import current_language, translator
from playground.app.shell import presenting
from playground.charts import convolution as charts

NS, BIND = "convolution", "query-params"
OWN_ERRORS = {
    "grid_empty",
    "grid_rows",
    "grid_ragged",
    "stack_length",
    "stack_whole",
    "stack_range",
}
DEFAULT_STACK = [(3, 1, 1), (3, 2, 1), (3, 1, 1), (3, 1, 2)]
t = translator(current_language())  # bound once for the whole rerun


def tt(key: str, **values) -> str:
    return t(f"{NS}.{key}", **values)


def explain(exc: InputError) -> None:
    """A typed grid or list that cannot be read: say why, in the reader's language."""
    if exc.code in OWN_ERRORS:
        params = dict(exc.params)
        if "which" in params:
            params["which"] = tt(f"rf.names.{params['which']}")
        st.error(tt(f"errors.{exc.code}", **params), icon=":material/edit_off:")
    else:
        layout.input_error(exc)


def grid_editor(label: str, grid: np.ndarray, source: tuple, *, key: str, side: int, help: str):
    """A text box that holds a grid: the preset until the user edits it, reset when the
    preset, its size or its seed changes. Returns (grid, edited)."""
    text = cv.format_grid(grid, digits=4)  # readable; unedited, the exact preset is used
    memo = f"{key}__source"
    if st.session_state.get(memo, source) != source and key in st.session_state:
        # Back to the (new) preset. Setting the value (not deleting it) also
        # drops the edited numbers from the URL, which would bring them back.
        st.session_state[key] = text
    st.session_state[memo] = source
    typed = st.text_area(
        label, value=text, key=key, bind=BIND, height=150, max_chars=4000, help=help
    )
    if typed.strip() == text:
        return grid, False
    try:
        return cv.parse_grid(typed, max_rows=side, max_cols=side), True
    except InputError as exc:
        explain(exc)
        return grid, False


def scipy_reference(x: np.ndarray, w: np.ndarray, s: int, p: int, d: int, b: float):
    """The same layer from SciPy: correlate2d with the dilated kernel, then keep every s-th."""
    dilated = np.zeros((d * (w.shape[0] - 1) + 1, d * (w.shape[1] - 1) + 1))
    dilated[::d, ::d] = w
    return signal.correlate2d(np.pad(x, p), dilated, mode="valid")[::s, ::s] + b


def whole(grid: np.ndarray) -> list:
    """A grid as nested lists, whole numbers as ints (``0`` instead of ``0.0``): shorter code."""
    return [
        [int(v) if v.is_integer() and abs(v) < 2**53 else v for v in row] for row in grid.tolist()
    ]


def clamp(key: str, top: int) -> None:
    """A bound choice whose options shrank: keep it inside them."""
    if st.session_state.get(key, 0) > top:
        st.session_state[key] = top


layout.header(NS)

# ---------------------------------------------------------------- controls
controls, main = st.columns([1.15, 2.6], gap="large")
with controls, st.container(border=True):
    preset = widgets.choice(
        tt("input.label"),
        {name: f"{NS}.input.presets.{name}" for name in cv.INPUT_PRESETS},
        key="conv_input",
        help=tt("input.help"),
    )
    n = st.slider(tt("input.n"), 3, 16, 8, key="conv_n", bind=BIND, help=tt("input.n_help"))
    kernel_name = widgets.choice(
        tt("kernel.label"),
        {name: f"{NS}.kernel.presets.{name}" for name in cv.KERNEL_PRESETS},
        key="conv_kernel",
        default="sobel_x",
        help=tt("kernel.help"),
    )
    k = st.slider(tt("kernel.k"), 1, 7, 3, key="conv_k", bind=BIND, help=tt("kernel.k_help"))
    s = st.slider(tt("stride.label"), 1, 4, 2, key="conv_stride", bind=BIND, help=tt("stride.help"))
    p = st.slider(
        tt("padding.label"), 0, 3, 1, key="conv_padding", bind=BIND, help=tt("padding.help")
    )
    d = st.slider(
        tt("dilation.label"), 1, 4, 1, key="conv_dilation", bind=BIND, help=tt("dilation.help")
    )
    b = st.slider(tt("bias.label"), -2.0, 2.0, 0.0, 0.5, key="conv_bias", bind=BIND)
    seed = 0
    if "random" in (preset, kernel_name):
        seed = int(st.number_input(tt("seed.label"), 0, 9999, 0, 1, key="conv_seed", bind=BIND))
    if kernel_name.startswith("sobel") and k == 1:
        st.caption(tt("kernel.sobel_k1"))
        kernel_name = "identity"
    with st.expander(tt("edit.title")):
        x, x_edited = grid_editor(
            tt("edit.x"),
            cv.input_preset(preset, n, seed=seed),
            (preset, n, seed),
            key="conv_x",
            side=16,
            help=tt("edit.x_help"),
        )
        w, w_edited = grid_editor(
            tt("edit.w"),
            cv.kernel_preset(kernel_name, k, seed=seed),
            (kernel_name, k, seed),
            key="conv_w",
            side=7,
            help=tt("edit.w_help"),
        )
    if x_edited or w_edited:
        st.caption(tt("edit.using", x=f"{x.shape[0]}×{x.shape[1]}", w=f"{w.shape[0]}×{w.shape[1]}"))

(h_in, w_in), (kh, kw) = x.shape, w.shape
extent_h, extent_w = d * (kh - 1) + 1, d * (kw - 1) + 1
fits = extent_h <= h_in + 2 * p and extent_w <= w_in + 2 * p

# ---------------------------------------------------------------- the sliding kernel
with main, layout.guard(f"{NS}.sections.sliding"):
    if not fits:
        st.error(
            tt("fit.error", extent=max(extent_h, extent_w), padded=min(h_in, w_in) + 2 * p),
            icon=":material/crop_free:",
        )
    else:
        rows = cv.coverage(h_in, kh, stride=s, padding=p, dilation=d)
        cols = cv.coverage(w_in, kw, stride=s, padding=p, dilation=d)
        y = cv.conv2d(x[None], w[None, None], stride=s, padding=p, dilation=d, bias=[b])[0]
        ho, wo = y.shape
        c1, c2 = st.columns(2)
        clamp("conv_row", ho - 1)
        clamp("conv_col", wo - 1)
        with c1:
            i = st.select_slider(
                tt("cell.row"), list(range(ho)), value=min(1, ho - 1), key="conv_row", bind=BIND
            )
        with c2:
            j = st.select_slider(
                tt("cell.col"), list(range(wo)), value=min(2, wo - 1), key="conv_col", bind=BIND
            )
        xp = np.pad(x, p)
        fig = charts.sliding_window(
            xp, p, y, (kh, kw), s, d, (i, j), rows.reads, cols.reads, t, present=presenting()
        )
        layout.chart(fig, key="conv_sliding_chart")
        st.caption(tt("sliding.caption"))
        unread = rows.unvisited_input.size * w_in + cols.unvisited_input.size * h_in
        unread -= rows.unvisited_input.size * cols.unvisited_input.size
        m1, m2, m3 = st.columns(3)
        m1.metric(tt("metrics.output"), f"{ho} × {wo}")
        m2.metric(tt("metrics.value", i=i, j=j), fmt(y[i, j], 4))
        m3.metric(tt("metrics.unread"), f"{unread}", help=tt("metrics.unread_help"))

# ---------------------------------------------------------------- the formula with your numbers
with layout.guard(f"{NS}.sections.formula"):
    st.subheader(t("common.formula_with_numbers"), anchor=False)
    if fits:
        win = cv.window(x, (kh, kw), i, j, stride=s, padding=p, dilation=d)
        st.markdown(tt("formula.intro", i=i, j=j, s=s, d=d))
        lines = charts.window_lines(
            (i, j), win.rows, win.cols, win.values, w, b, y[i, j], s, d, tex, t
        )
        for line in lines:
            layout.formula(line)
        st.markdown(tt("formula.size_intro"))
        layout.formula(charts.size_line("H", h_in, kh, s, p, d, ho))
        if (h_in, kh) != (w_in, kw):
            layout.formula(charts.size_line("W", w_in, kw, s, p, d, wo))
        if rows.remainder and (rows.remainder, h_in, kh) == (cols.remainder, w_in, kw):
            st.caption(tt("formula.floor_both", r=rows.remainder, s=s))
        else:
            for axis, cov in (("rows", rows), ("cols", cols)):
                if cov.remainder:
                    st.caption(tt(f"formula.floor_{axis}", r=cov.remainder, s=s))
        reference = scipy_reference(x, w, s, p, d, b)
        if reference.shape == y.shape:
            layout.check(tt("formula.check"), y, reference)
        else:
            st.error(tt("formula.shape_mismatch", ours=str(y.shape), scipy=str(reference.shape)))
    else:
        st.info(tt("fit.no_formula"))


# ---------------------------------------------------------------- deeper views
def size_section(rows: cv.Coverage) -> None:
    """The windows of one axis, the rows they never read, and "same" padding per kernel size."""
    layout.prose(tt("size.intro"))
    fig = charts.coverage_strip(rows.reads, rows.out, kh, s, d, p, t)
    layout.chart(fig, key="conv_strip_chart")
    if rows.unvisited_input.size:
        listed = ", ".join(str(int(r)) for r in rows.unvisited_input)
        st.warning(tt("size.unread", rows=listed, count=rows.unvisited_input.size))
    else:
        st.success(tt("size.all_read", pad=rows.unvisited_padding))
    st.markdown(tt("size.same_intro", n=h_in, s=s, d=d))
    table = f"| k | TF SAME | PyTorch `same` | {tt('size.symmetric')} |\n|---|---|---|---|\n"
    for kk in range(1, 8):
        before, after = cv.same_padding(h_in, kk, stride=s, dilation=d)
        torch = f"({before}, {after})" if s == 1 else tt("size.torch_refuses")
        half = d * (kk - 1) // 2  # the symmetric integer padding people reach for
        out = cv.conv_output_size(h_in, kk, stride=s, padding=half, dilation=d)
        table += f"| {kk} | ({before}, {after}) | {torch} | p = {half} → {out} |\n"
    st.markdown(table)
    st.caption(tt("size.same_caption"))


def stack_controls() -> list[tuple[int, int, int]]:
    """Three typed lists (kernel sizes, strides, dilations): the layers of the stack."""
    a, b_, c = st.columns(3)
    k_text = a.text_input(tt("rf.kernels"), "3, 3, 3, 3", key="conv_rf_k", bind=BIND)
    s_text = b_.text_input(tt("rf.strides"), "1, 2, 1, 1", key="conv_rf_s", bind=BIND)
    d_text = c.text_input(tt("rf.dilations"), "1, 1, 1, 2", key="conv_rf_d", bind=BIND)
    try:
        return cv.parse_stack(k_text, s_text, d_text)
    except InputError as exc:
        explain(exc)
        st.caption(tt("rf.fallback"))
        return DEFAULT_STACK


def receptive_field_section(stack, layer: int) -> None:
    """Nested receptive fields, the path counts of one layer, the table and the check."""
    rf = cv.receptive_field(stack)
    counts = cv.path_counts(stack[:layer])
    fig = charts.receptive_field_map(counts, rf.size.tolist(), layer - 1, t)
    layout.chart(fig, key="conv_rf_chart")
    st.caption(tt("rf.caption"))
    names = ("l", "k", "s", "d", "r", "j", "start")
    table = "| " + " | ".join(tt(f"rf.col.{c}") for c in names) + " |\n" + "|---" * 7 + "|\n"
    for n_, ((kk, ss, dd), r_, j_, c_) in enumerate(
        zip(stack, rf.size, rf.jump, rf.start, strict=True), start=1
    ):
        table += f"| {n_} | {kk} | {ss} | {dd} | {r_} | {j_} | {fmt(c_)} |\n"
    st.markdown(table)
    layout.formula(tt("rf.latex"))
    support = [np.flatnonzero(cv.path_counts(stack[:m])) for m in range(1, len(stack) + 1)]
    layout.check(tt("rf.check"), rf.size, [np.ptp(idx) + 1 for idx in support])


def cost_section(c_in: int, c_out: int, size: int) -> None:
    """Parameters and multiply-adds of the chosen layer, against depthwise separable and 1x1."""
    try:
        out_h = cv.conv_output_size(size, kh, stride=s, padding=p, dilation=d)
        out_w = cv.conv_output_size(size, kw, stride=s, padding=p, dilation=d)
    except ValueError:
        st.error(tt("cost.no_fit", size=size))
        return
    std = cv.conv_cost(c_in, c_out, (kh, kw), out_h, out_w)
    depthwise = cv.conv_cost(c_in, c_in, (kh, kw), out_h, out_w, groups=c_in)
    pointwise = cv.conv_cost(c_in, c_out, 1, out_h, out_w)
    names = [tt(f"cost.variants.{v}") for v in ("standard", "separable", "pointwise")]
    params = [std.params, depthwise.params + pointwise.params, pointwise.params]
    macs = [std.macs, depthwise.macs + pointwise.macs, pointwise.macs]
    layout.chart(charts.cost_bars(names, params, macs, t), key="conv_cost_chart")
    m1, m2, m3 = st.columns(3)
    m1.metric(tt("cost.params"), charts.short_count(std.params), help=f"{std.params:,}")
    m2.metric(tt("cost.macs"), charts.short_count(std.macs), help=f"{std.macs:,}")
    m3.metric(tt("cost.ratio"), fmt(macs[1] / macs[0], 3), help=tt("cost.ratio_help"))
    product = rf"{c_out}\cdot{c_in}\cdot{kh}\cdot{kw}"
    layout.formula(
        rf"P = C_{{out}} C_{{in}} k_H k_W + C_{{out}} = {product} + {c_out} = {tex(std.params, 6)}"
    )
    layout.formula(
        rf"\text{{MACs}} = H_{{out}} W_{{out}} \cdot C_{{out}} C_{{in}} k_H k_W"
        rf" = {out_h}\cdot{out_w}\cdot{product} = {tex(std.macs, 4)}"
    )
    dense = c_in * size * size * c_out * out_h * out_w  # one weight per (input, output) pair
    ratio = dense / std.params
    st.markdown(tt("cost.dense", params=f"${tex(dense, 3)}$", ratio=f"${tex(ratio, 3)}$"))


size_tab, rf_tab, cost_tab = layout.tabs(
    [f"{NS}.tabs.{name}" for name in ("size", "rf", "cost")], key="conv_tab"
)
with size_tab, layout.guard(f"{NS}.sections.size"):
    if fits and size_tab.open:
        size_section(rows)
with rf_tab, layout.guard(f"{NS}.sections.rf"):
    stack = stack_controls()
    clamp("conv_rf_layer", len(stack))
    layer = st.select_slider(
        tt("rf.layer"),
        list(range(1, len(stack) + 1)),
        value=len(stack),
        key="conv_rf_layer",
        bind=BIND,
    )
    if rf_tab.open:
        receptive_field_section(stack, layer)
with cost_tab, layout.guard(f"{NS}.sections.cost"):
    a, b_, c = st.columns(3)
    c_in = int(a.number_input(tt("cost.c_in"), 1, 4096, 64, key="conv_cin", bind=BIND))
    c_out = int(b_.number_input(tt("cost.c_out"), 1, 4096, 128, key="conv_cout", bind=BIND))
    size = int(c.number_input(tt("cost.size"), 1, 1024, 56, key="conv_size", bind=BIND))
    if cost_tab.open:
        cost_section(c_in, c_out, size)

# ---------------------------------------------------------------- interview and code
live = dict.fromkeys(("y_ij", "out", "rem", "unread", "back", "op"), MISSING)
if fits:
    live.update(
        y_ij=fmt(y[i, j], 4),
        out=ho,
        rem=rows.remainder,
        unread=rows.unvisited_input.size,
        op=rows.remainder,  # the remainder the floor dropped: what output_padding restores
        back=cv.conv_transpose_output_size(
            ho, kh, stride=s, padding=p, dilation=d, output_padding=rows.remainder
        ),
    )
layout.interview(
    NS,
    7,
    i=i if fits else MISSING,
    j=j if fits else MISSING,
    n=h_in,
    k=kh,
    s=s,
    p=p,
    d=d,
    rf=int(cv.receptive_field(stack).size[-1]),
    layers=len(stack),
    params=f"{cv.conv_cost(c_in, c_out, (kh, kw), 1, 1).params:,}",
    c_in=c_in,
    c_out=c_out,
    **live,
)
if fits:
    scratch = handwritten.render(
        NS,
        current_language(),
        x=whole(x),
        w=whole(w),
        stride=s,
        padding=p,
        dilation=d,
        bias=float(b),
        i=int(i),
        j=int(j),
    )
    code = cv.snippet(x, w, stride=s, padding=p, dilation=d, bias=b, cell=(i, j))
    layout.code(scratch, code, key="conv_code")
