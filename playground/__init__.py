"""ML Math Playground: the tested core behind the interactive pages.

Topic modules (``playground.softmax``, ``playground.logistic`` ...) are pure
NumPy and can be used from a notebook::

    >>> from playground._validation import check_scalar
    >>> check_scalar(1.0, "temperature", min_val=0, include_boundaries="neither")
    1.0

``playground.charts`` turns arrays into Plotly figures; ``playground.app``
holds the Streamlit helpers. Imports only flow app -> charts -> core.
"""

__version__ = "0.1.0"
