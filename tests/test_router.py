"""Files the app writes into ./static for Streamlit's static serving."""

from app import router
from territory import webmap


def test_units_geometry_is_written_once_under_its_digest_name(tmp_path, monkeypatch):
    monkeypatch.setattr(router, "STATIC_DIR", tmp_path)
    router.ensure_units_static.cache_clear()
    router.ensure_units_static()
    name, contents = webmap.web_units_file()
    written = tmp_path / webmap.UNITS_STATIC_DIR / name
    assert written.read_bytes() == contents
    assert [p.name for p in written.parent.iterdir()] == [name]  # no temporary file left
    router.ensure_units_static.cache_clear()
