"""Features: collections built from the shared, once-rounded geometries match the geometry file."""

from territory.data.geodata import unit_geometries
from territory.present.features import feature, unit_collection


def test_unit_collection_matches_the_file_and_keeps_each_call_s_properties():
    geoms = unit_geometries("web")
    expected = {iso: feature({}, geometry, 3)["geometry"] for iso, geometry in zip(geoms["iso"], geoms.geometry, strict=True)
                if not geometry.is_empty}
    first = unit_collection({iso: {"n": 1} for iso in expected}, digits=3)
    second = unit_collection({iso: {"n": 2} for iso in list(expected)[:3]}, digits=3)
    assert [f["geometry"] for f in first["features"]] == list(expected.values())
    assert [f["properties"]["n"] for f in first["features"]] == [1] * len(expected)
    assert [f["properties"]["n"] for f in second["features"]] == [2, 2, 2]
    full = unit_collection({iso: {} for iso in expected}, resolution="full")
    assert full["features"][0]["geometry"] != first["features"][0]["geometry"]
