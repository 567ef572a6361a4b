"""What a view shows and how it is drawn: unit styles for the filters (view), every GeoJSON feature (features),
charts (Vega-Lite specs), the matplotlib figures behind the image exports (render), the Changes page's
tables, sentences and chart.

Imports the layers below: base, data, analysis.
"""
