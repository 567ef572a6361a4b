"""The naive baseline (never used by the product): the same map drawn the usual way.

Full-resolution boundaries read from disk on every run, every snapshot CSV and the daily series re-read with
pandas (the same dates the dashboard shows),
``folium.Choropleth`` with CDN defaults, the whole map rebuilt and re-sent on every rerun, no caching.
"""

import glob
import json
import os

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

frames = []
for path in sorted(glob.glob(os.path.join(ROOT, "control_snapshots", "2*.csv"))):
    frame = pd.read_csv(path)
    frame["date"] = os.path.basename(path)[:10]
    frames.append(frame)
for path in sorted(glob.glob(os.path.join(ROOT, "series", "control-*.csv"))):
    frames.append(pd.read_csv(path, dtype={"date": str}))
data = pd.concat(frames).drop_duplicates(["date", "unit"], keep="first")
dates = sorted(data["date"].unique())
date = st.select_slider("Date", options=dates, value=dates[-1], key="date")
units = gpd.read_file(os.path.join(ROOT, "geodata", "ukraine_units.geojson"))
day = data[data["date"] == date][["unit", "controlled_pct"]]
merged = units.merge(day, left_on="iso", right_on="unit", how="left")
m = folium.Map(location=[48.5, 31.5], zoom_start=6)
folium.Choropleth(geo_data=json.loads(merged.to_json()), data=day, columns=["unit", "controlled_pct"],
                  key_on="feature.properties.iso", fill_color="OrRd", legend_name="% under Russian control").add_to(m)
folium.GeoJson(json.loads(merged.to_json()), tooltip=folium.GeoJsonTooltip(["name_en", "controlled_pct"])).add_to(m)
st_folium(m, width=900, height=600, key=f"map-{date}")
