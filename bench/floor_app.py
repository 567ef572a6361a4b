"""The floor (never used by the product): the smallest Streamlit page that draws the dashboard's 27-unit web
geometry with st_folium and steps through the same dates.

One date slider, one map. The data is loaded once per server (``st.cache_resource``), the geometry is the
dashboard's web geometry (same file, same rounding), the base map is constant and the dated layer goes through
``feature_group_to_add`` (the map stays mounted on a step). Only Leaflet is loaded; the browser bench answers
its CDN address from the xstatic-leaflet package. No tooltip, legend, table or chart: what is left is the cost
of Streamlit + st_folium + Leaflet for this geometry, the floor a dashboard can be compared against.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from territory.base.palette import control_colour
from territory.data.dataset import load_dataset
from territory.present.features import unit_collection
from territory.web.webmap import COORD_PRECISION

LEAFLET = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist"


@st.cache_resource
def shares_by_date() -> dict:
    """Share under Russian control per unit, per date (ISO date -> ISO code -> percent or None)."""
    return {s.date.isoformat(): {iso: f.controlled_pct for iso, f in s.figures.items()}
            for s in load_dataset().snapshots.snapshots}


@st.cache_data(max_entries=64)
def layer_geojson(date: str) -> dict:
    shares = shares_by_date()[date]
    from territory.data.geodata import unit_geometries

    isos = unit_geometries("web")["iso"]
    return unit_collection({iso: {"iso": iso, "fill": control_colour(shares.get(iso)), "date": date}
                            for iso in isos}, digits=COORD_PRECISION)


dates = list(shares_by_date())
date = st.select_slider("Date", options=dates, value=dates[-1], key="date")
fmap = folium.Map(location=(48.4, 31.2), zoom_start=6, tiles=None)
fmap.default_js = [("leaflet", f"{LEAFLET}/leaflet.js")]
fmap.default_css = [("leaflet_css", f"{LEAFLET}/leaflet.css")]
group = folium.FeatureGroup(name="control")
folium.GeoJson(layer_geojson(date), style_function=lambda f: {"fillColor": f["properties"]["fill"],
                                                               "color": "#5f5f5f", "weight": 0.8,
                                                               "fillOpacity": 0.9}).add_to(group)
st_folium(fmap, feature_group_to_add=group, returned_objects=[], key="map", height=560, use_container_width=True)
