"""territory: data, analysis, maps and exports for the territorial-control dashboard.

The package never imports Streamlit; the app's pages call into it.
"""

__version__ = "0.1.0"

__all__ = ["changes_frame", "series_frame"]


def __getattr__(name: str):
    """``territory.series_frame`` and ``territory.changes_frame`` without importing pandas on every import."""
    if name in __all__:
        from . import frames

        return getattr(frames, name)
    raise AttributeError(f"module 'territory' has no attribute {name!r}")
