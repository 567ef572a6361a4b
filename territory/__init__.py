"""territory: data, analysis, maps and exports for the territorial-control dashboard.

The package never imports Streamlit; the app's pages call into it.
"""

__version__ = "0.1.0"

