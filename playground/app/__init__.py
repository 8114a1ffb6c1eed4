"""Streamlit helpers: the i18n catalog, the app shell, page layout and widgets.

Only this package (and ``pages/``) imports Streamlit. Modules:

- :mod:`~playground.app.i18n` — ``t(key, **values)`` and the catalogs in ``locales/``.
- :mod:`~playground.app.registry` — the registered pages.
- :mod:`~playground.app.shell` — language, presenter mode, navigation, share box.
- :mod:`~playground.app.layout` — header, charts, formulas, error boundaries,
  interview corner, reproduce snippet.
- :mod:`~playground.app.widgets` — log slider and strict number-list input.
- :mod:`~playground.app.format` — number formatting that never shows ``nan``.
"""
