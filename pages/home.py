"""Home: what the playground is, the interview drill, a card per topic, how to use it in
class, and the glossary."""

from urllib.parse import urlencode

import streamlit as st

from playground.app import glossary, layout, registry, shell
from playground.app.i18n import DEFAULT_LANGUAGE, current_language, t

layout.header("home")

topics = registry.topics()


def card(spec: registry.Topic) -> None:
    """One topic: title, the question it answers, its formula, a link."""
    with st.container(border=True, height="stretch"):
        st.markdown(f"#### {spec.icon} {t(f'{spec.stem}.title')}")
        st.markdown(t(f"{spec.stem}.question"))
        st.latex(t(f"{spec.stem}.card_formula"))
        st.page_link(spec.script, label=t("home.open"), icon=":material/arrow_forward:")


def topic_cards() -> None:
    """The topic cards, grouped as in the navigation, three to a row."""
    st.subheader(t("home.topics"), anchor=False)
    if not topics:
        st.info(t("home.empty"))
    for group in registry.GROUPS:
        members = [spec for spec in topics if spec.group == group]
        if not members:
            continue
        st.markdown(f"##### {t(f'app.groups.{group}')}")
        for start in range(0, len(members), 3):
            row = st.columns(3, gap="medium")
            for column, spec in zip(row, members[start : start + 3], strict=False):
                with column:
                    card(spec)


def practice_card() -> None:
    """Interview drill: one box above the topics that opens the practice page."""
    with st.container(border=True):
        st.markdown(f"#### :material/quiz: {t('home.practice.title')}")
        st.markdown(t("home.practice.body"))
        st.page_link(
            "pages/practice.py", label=t("home.practice.open"), icon=":material/arrow_forward:"
        )


practice_card()
topic_cards()

left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("home.how.title"), anchor=False)
    st.markdown(t("home.how.body"))
with right:
    st.subheader(t("home.about.title"), anchor=False)
    layout.prose(t("home.about.body"))


def page_cell(stem: str, query: str) -> str:
    """A markdown link to the page that explains a term (in this language and mode)."""
    if stem not in {spec.stem for spec in topics}:
        return t("home.glossary.soon")
    return f"[{t(f'{stem}.title')}]({stem}{query})"


def glossary_section() -> None:
    """Glossary · 术语表: the interview terms in both languages, filterable, by group."""
    st.subheader(t("home.glossary.title"), anchor=False)
    st.caption(t("home.glossary.intro"))
    text = st.text_input(
        t("home.glossary.filter"),
        key="home_glossary",
        bind="query-params",
        max_chars=60,
        placeholder=t("home.glossary.placeholder"),
        help=t("home.glossary.filter_help"),
    )
    found = glossary.search(glossary.terms(), text or "")
    if not found:
        st.info(t("home.glossary.none"), icon=":material/search_off:")
    params = {"lang": current_language()} if current_language() != DEFAULT_LANGUAGE else {}
    params |= {"present": "true"} if shell.presenting() else {}
    query = f"?{urlencode(params)}" if params else ""
    head = " | ".join(t(f"home.glossary.col_{c}") for c in ("en", "zh", "page"))
    for group in registry.GROUPS:
        rows = [term for term in found if term.group == group]
        if not rows:
            continue
        label = f"{t(f'app.groups.{group}')} · {t('home.glossary.count', n=len(rows))}"
        with st.expander(label, expanded=bool(text and text.strip())):
            st.markdown(
                f"| {head} |\n|---|---|---|\n"
                + "\n".join(
                    f"| {term.en} | {term.zh_display} | {page_cell(term.page, query)} |"
                    for term in rows
                )
            )


glossary_section()
