"""Files for articles: the writers of every export format (PNG, SVG, PDF, GIF, HTML, CSV, GeoJSON) and their
file names; the formats themselves are registered in :mod:`territory.base.formats`.

Imports every layer below it.
"""
