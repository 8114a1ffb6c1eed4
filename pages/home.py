"""Home: what the playground is, a card per topic, and how to use it in class."""

import streamlit as st

from playground.app import layout, registry
from playground.app.i18n import t

layout.header("home")

st.subheader(t("home.topics"), anchor=False)
topics = registry.topics()
if not topics:
    st.info(t("home.empty"))
columns = st.columns(3 if len(topics) > 2 else max(len(topics), 1), gap="medium")
for i, spec in enumerate(topics):
    with columns[i % len(columns)], st.container(border=True, height="stretch"):
        st.markdown(f"#### {spec.icon} {t(f'{spec.stem}.title')}")
        st.markdown(t(f"{spec.stem}.question"))
        st.latex(t(f"{spec.stem}.card_formula"))
        st.page_link(
            spec.script,
            label=t("home.open"),
            icon=":material/arrow_forward:",
        )

left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("home.how.title"), anchor=False)
    st.markdown(t("home.how.body"))
with right:
    st.subheader(t("home.about.title"), anchor=False)
    layout.prose(t("home.about.body"))
