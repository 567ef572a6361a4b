"""Files the app writes into ./static for Streamlit's static serving."""

from app import router
from territory import webmap


def test_map_geometry_is_written_once_under_digest_names(tmp_path, monkeypatch):
    monkeypatch.setattr(router, "STATIC_DIR", tmp_path)
    router.ensure_units_static.cache_clear()
    router.ensure_units_static()
    folder = tmp_path / webmap.UNITS_STATIC_DIR
    expected = dict(webmap.web_geometry_files())
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == expected  # no temporary file left
    assert {name.split("-")[0] for name in expected} == {"units", "neighbours"}
    router.ensure_units_static.cache_clear()
