"""Residual connections and LSTM gates: why gradients survive depth and time."""

import streamlit as st

from playground import gradient_flow as gf
from playground import handwritten
from playground.activations import activation
from playground.app import layout, widgets
from playground.app.format import fmt, tex
from playground.app.i18n import current_language, translator
from playground.charts import gradient_flow as charts

NS, BIND = "residual_lstm", "query-params"
BATCH, INPUT_SIZE, REACH = 32, 4, 0.01  # fixed batch and input size; "remembers" = ≥ 1 %
ACTIVATIONS = ("sigmoid", "tanh", "relu")
t = translator(current_language())  # bound once for the whole rerun


def tt(key: str, **values) -> str:
    return t(f"{NS}.{key}", **values)


def depth_controls() -> dict:
    st.markdown(f"**{tt('depth.controls')}**")
    return dict(
        depth=st.slider(tt("depth.depth"), 2, 50, 30, key="resid_depth", bind=BIND),
        width=st.select_slider(
            tt("depth.width"), options=[8, 16, 32, 64], value=32, key="resid_width", bind=BIND
        ),
        activation=widgets.choice(
            tt("depth.activation"),
            {a: f"{NS}.act.{a}" for a in ACTIVATIONS},
            key="resid_act",
            help=tt("depth.activation_help"),
        ),
        init=widgets.choice(
            tt("depth.init"), {i: f"{NS}.init.{i}" for i in gf.INITS}, key="resid_init"
        ),
        scale=widgets.log_slider(
            tt("depth.scale"),
            key="resid_scale",
            min_value=0.1,
            max_value=10.0,
            value=1.0,
            help=tt("depth.scale_help"),
        ),
        seed=int(st.number_input(tt("depth.seed"), 0, 9999, 0, key="resid_seed", bind=BIND)),
    )


def depth_section(nets: gf.DeepNetComparison, net: dict) -> None:
    plain, residual = nets.plain, nets.residual
    layout.chart(
        charts.gradient_norms(plain.grad_norms, residual.grad_norms, t), key="resid_grad_chart"
    )
    left, right = st.columns(2)
    for col, run, name in ((left, plain, "plain"), (right, residual, "residual")):
        per_layer = run.gain ** (1 / net["depth"]) if run.gain > 0 else 0.0
        col.metric(
            tt(f"metrics.{name}"),
            fmt(run.gain, 3),
            tt("metrics.per_layer", factor=fmt(per_layer, 3)),
            delta_color="off",
            delta_arrow="off",
            help=tt("metrics.gain_help"),
        )
    if not (plain.finite and residual.finite):
        st.warning(tt("depth.overflow"), icon=":material/trending_up:")
    elif residual.spread[-1] > 1e3 * max(residual.spread[0], 1e-300):
        st.info(tt("depth.explodes", spread=fmt(residual.spread[-1], 3)), icon=":material/info:")
    st.caption(tt("depth.caption"))


def block_section(nets: gf.DeepNetComparison, net: dict) -> tuple[int, gf.BlockView | None]:
    st.subheader(t("common.formula_with_numbers"), anchor=False)
    depth = net["depth"]
    widgets.keep_in_range("resid_layer", 0, depth - 1)
    lay = st.slider(
        tt("block.layer"),
        0,
        depth - 1,
        min(10, depth - 1),
        key="resid_layer",
        bind=BIND,
        help=tt("block.layer_help"),
    )
    if not (nets.plain.finite and nets.residual.finite):
        st.info(tt("block.overflow"), icon=":material/trending_up:")
        return lay, None
    view = gf.block_view(nets.params, nets.plain, nets.residual, lay)
    layout.prose(tt("block.intro", l=lay, next=lay + 1))
    labels = (tt("block.plain"), tt("block.residual"))
    for line in charts.block_formula(view, net["activation"], labels, tex):
        layout.formula(line)
    st.markdown(
        tt(
            "block.numbers",
            l=lay,
            plain_max=fmt(view.plain_sv[0], 3),
            plain_gain=fmt(view.plain_gain, 3),
            res_min=fmt(view.residual_sv[-1], 3),
            res_max=fmt(view.residual_sv[0], 3),
            res_gain=fmt(view.residual_gain, 3),
        )
    )
    W, b = nets.params[lay]
    h = nets.residual.hidden[lay, 0]
    fd = layout.shared(gf.block_jacobian_fd, max_entries=64)(
        h, W, b, activation=net["activation"], residual=True
    )
    layout.check(tt("block.check"), view.residual, fd)
    return lay, view


def time_controls() -> dict:
    st.markdown(f"**{tt('time.controls')}**")
    return dict(
        steps=st.slider(tt("time.steps"), 5, 100, 40, 5, key="resid_steps", bind=BIND),
        hidden_size=st.select_slider(
            tt("time.hidden"), options=[2, 4, 8, 16, 32], value=8, key="resid_hidden", bind=BIND
        ),
        forget_bias=st.slider(
            tt("time.bias"),
            -3.0,
            5.0,
            1.0,
            0.25,
            key="resid_fbias",
            bind=BIND,
            help=tt("time.bias_help"),
        ),
        gain=widgets.log_slider(
            tt("time.gain"),
            key="resid_gain",
            min_value=0.25,
            max_value=4.0,
            value=1.0,
            help=tt("time.gain_help"),
        ),
        seed=int(st.number_input(tt("time.seed"), 0, 9999, 0, key="resid_lstm_seed", bind=BIND)),
    )


def time_section(mem: gf.MemoryComparison) -> dict:
    layout.chart(charts.gates_heatmap(mem.trace, t), key="resid_gates_chart")
    st.caption(tt("time.gates_caption"))
    reach = dict(lstm=gf.memory_reach(mem.lstm_full, REACH), rnn=gf.memory_reach(mem.rnn_norms))
    fig = charts.memory_curves(mem.lstm_full, mem.lstm_direct, mem.rnn_norms, REACH, t)
    layout.chart(fig, key="resid_memory_chart")
    mean_f, lstm, rnn = st.columns(3)
    mean_f.metric(tt("metrics.mean_f"), fmt(mem.mean_forget, 3), help=tt("metrics.mean_f_help"))
    lstm.metric(tt("metrics.reach_lstm"), reach["lstm"], help=tt("metrics.reach_help"))
    rnn.metric(tt("metrics.reach_rnn"), reach["rnn"], help=tt("metrics.reach_help"))
    st.caption(tt("time.memory_caption", T=mem.trace.steps))
    return reach


def step_section(mem: gf.MemoryComparison, lstm: dict) -> int:
    st.subheader(tt("sections.step"), anchor=False)
    T, H = lstm["steps"], lstm["hidden_size"]
    widgets.keep_in_range("resid_step", 1, T)
    widgets.keep_in_range("resid_unit", 0, H - 1)
    a, b = st.columns(2)
    step = a.slider(tt("step.t"), 1, T, 2, key="resid_step", bind=BIND, help=tt("step.t_help"))
    unit = b.slider(tt("step.unit"), 0, H - 1, 0, key="resid_unit", bind=BIND)
    layout.prose(tt("step.intro", t=step, prev=step - 1, j=unit))
    layout.formula(charts.step_formula(mem.trace, mem.params, step, unit, tex))
    h_prev, c_prev = mem.trace.previous(step)
    x = mem.trace.xs[step - 1]
    analytic = gf.lstm_cell_jacobian(x, h_prev, c_prev, *mem.params)
    numeric = layout.shared(gf.lstm_cell_jacobian_fd, max_entries=64)(
        x, h_prev, c_prev, *mem.params
    )
    st.markdown(tt("step.direct", t=step, prev=step - 1, j=unit, f=fmt(analytic[unit, unit], 4)))
    layout.check(tt("step.check"), analytic, numeric)
    return step


def deeper_tabs(nets: gf.DeepNetComparison, view: gf.BlockView | None, lstm: dict) -> None:
    forward, singular, sweep = layout.tabs(
        [f"{NS}.tabs.{k}" for k in ("forward", "singular", "sweep")], key="resid_tab"
    )
    with forward, layout.guard(f"{NS}.sections.forward"):
        if forward.open:
            fig = charts.spread_per_layer(nets.plain.spread, nets.residual.spread, t)
            layout.chart(fig, key="resid_spread_chart")
            st.caption(tt("forward.caption"))
    with singular, layout.guard(f"{NS}.sections.singular"):
        if singular.open and view is None:
            st.info(tt("block.overflow"), icon=":material/trending_up:")
        elif singular.open:
            fig = charts.singular_values(view.plain_sv, view.residual_sv, view.layer, t)
            layout.chart(fig, key="resid_sv_chart")
            st.caption(tt("singular.caption"))
    with sweep, layout.guard(f"{NS}.sections.sweep"):
        if sweep.open:
            biases = [b / 2 for b in range(-6, 11)]  # −3 .. 5 in steps of ½
            result = layout.shared(gf.forget_bias_sweep, max_entries=16)(
                biases,
                lstm["steps"],
                lstm["hidden_size"],
                input_size=INPUT_SIZE,
                gain=lstm["gain"],
                seed=lstm["seed"],
            )
            fig = charts.forget_sweep(result, lstm["forget_bias"], t)
            layout.chart(fig, key="resid_sweep_chart")
            st.caption(tt("sweep.caption", T=lstm["steps"]))


layout.header(NS)
nets = view = mem = reach = None
lay, step = 0, 1
with layout.guard(f"{NS}.sections.depth"):
    st.subheader(tt("sections.depth"), anchor=False)
    controls, figure = st.columns([1.2, 2.6], gap="large")
    with controls, st.container(border=True):
        net = depth_controls()
    nets = layout.shared(gf.compare_deep_nets, max_entries=32)(
        net["depth"],
        net["width"],
        activation=net["activation"],
        init=net["init"],
        scale=net["scale"],
        batch=BATCH,
        seed=net["seed"],
    )
    with figure:
        depth_section(nets, net)
with layout.guard(f"{NS}.sections.formula"):
    if nets is not None:
        lay, view = block_section(nets, net)

with layout.guard(f"{NS}.sections.time"):
    st.subheader(tt("sections.time"), anchor=False)
    controls, figure = st.columns([1.2, 2.6], gap="large")
    with controls, st.container(border=True):
        lstm = time_controls()
    mem = layout.shared(gf.compare_memory, max_entries=32)(
        lstm["steps"],
        lstm["hidden_size"],
        input_size=INPUT_SIZE,
        forget_bias=lstm["forget_bias"],
        gain=lstm["gain"],
        seed=lstm["seed"],
    )
    with figure:
        reach = time_section(mem)
with layout.guard(f"{NS}.sections.step"):
    if mem is not None:
        step = step_section(mem, lstm)

if nets is not None and mem is not None and reach is not None:
    deeper_tabs(nets, view, lstm)
    f0 = float(activation(lstm["forget_bias"], "sigmoid"))  # f at zero input and state
    layout.interview(
        NS,
        5,
        depth=net["depth"],
        plain_gain=fmt(nets.plain.gain, 3),
        res_gain=fmt(nets.residual.gain, 3),
        plain_max=fmt(None if view is None else view.plain_sv[0], 3),
        res_min=fmt(None if view is None else view.residual_sv[-1], 3),
        bias=fmt(lstm["forget_bias"]),
        f0=fmt(f0, 3),
        half=fmt(gf.forget_half_life(f0), 3),
        mean_f=fmt(mem.mean_forget, 3),
        reach_lstm=reach["lstm"],
        reach_rnn=reach["rnn"],
        T=lstm["steps"],
        rnn_end=fmt(mem.rnn_norms[0], 3),
        lstm_end=fmt(mem.lstm_full[0], 3),
    )
    scratch = handwritten.render(
        NS,
        current_language(),
        depth=net["depth"],
        width=net["width"],
        batch=BATCH,
        act=net["activation"],
        init=net["init"],
        scale=float(net["scale"]),
        seed=net["seed"],
        layer=lay,
        H=lstm["hidden_size"],
        D=INPUT_SIZE,
        forget_bias=float(lstm["forget_bias"]),
        gain=float(lstm["gain"]),
        lstm_seed=lstm["seed"],
        T=lstm["steps"],
        step=step,
    )
    snippet = gf.snippet(
        depth=net["depth"],
        width=net["width"],
        activation=net["activation"],
        init=net["init"],
        scale=net["scale"],
        seed=net["seed"],
        steps=lstm["steps"],
        hidden_size=lstm["hidden_size"],
        forget_bias=lstm["forget_bias"],
        gain=lstm["gain"],
        lstm_seed=lstm["seed"],
        batch=BATCH,
        input_size=INPUT_SIZE,
    )
    layout.code(scratch, snippet, key="resid_code")
