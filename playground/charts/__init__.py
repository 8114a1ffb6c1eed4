"""Plotly figure builders: arrays in, ``go.Figure`` out (no Streamlit here).

Importing this package registers the app's Plotly template
(:mod:`playground.charts.theme`). Builders take a translator ``tr`` for every
text they draw (titles, axis titles, legend names), so that they stay pure and
testable while the app stays bilingual.
"""

from playground.charts import theme

theme.register()

__all__ = ["theme"]
