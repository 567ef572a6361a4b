"""territory: data, analysis, maps and exports for the territorial-control dashboard.

The package never imports Streamlit; the app's pages call into it. Its subpackages are layers, and imports run
only downward (``tests/test_architecture.py``)::

    cli        the territory command
    export     files for articles (writers of every format)
    web        the Leaflet map (folium; JavaScript as package files)
    present    view styles, GeoJSON features, charts, matplotlib figures
    analysis   figures, changes, panel, DataFrames          build   maps -> stored figures (overlay, series)
    data       stored files: models, readers, checks, the Dataset
    base       paths, problems, atomic writes, file-name dates, palette, text, languages, formats
"""

__version__ = "0.1.0"
