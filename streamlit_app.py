"""ML Math Playground — entry point: page config and navigation only.

Run with ``streamlit run streamlit_app.py``. The registered pages live in
``playground/app/registry.py``; each is ``pages/<stem>.py`` at ``/<stem>``.
"""

import streamlit as st

from playground.app import shell

st.set_page_config(
    page_title="ML Math Playground",
    page_icon=":material/functions:",
    layout="wide",
    menu_items={"About": "ML Math Playground: interactive, bilingual ML interview formulas."},
)

with shell.taking_turns():  # one session's script at a time (see its docstring)
    shell.settings()
    page = st.navigation(shell.navigation(), position="sidebar", expanded=True)
    with shell.share_after(page):
        page.run()
