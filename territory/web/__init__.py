"""The Leaflet map for the browser: folium base map and dated layers, with its JavaScript as package files
(``territory/web/js/``), never strings in Python.

Imports the layers below: base, data, analysis, present.
"""
