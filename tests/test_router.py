"""Files the app writes into ./static for Streamlit's static serving."""

from app import router
from territory.web import webmap


def test_map_geometry_is_written_once_under_digest_names(tmp_path, monkeypatch):
    monkeypatch.setattr(router, "STATIC_DIR", tmp_path)
    router.ensure_units_static.cache_clear()
    router.ensure_units_static()
    folder = tmp_path / webmap.UNITS_STATIC_DIR
    expected = dict(webmap.web_geometry_files())
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == expected  # no temporary file left
    assert {name.split("-")[0] for name in expected} == {"units", "neighbours"}
    router.ensure_units_static.cache_clear()


def test_leaflet_is_copied_without_following_a_planted_link(tmp_path, monkeypatch):
    """A link planted at a temporary name or at the target is never written through: the files it points to keep
    their contents, and the targets become regular files with Leaflet's bytes."""
    folder = tmp_path / "vendor" / "leaflet"
    folder.mkdir(parents=True)
    victims = {}
    for name in ("leaflet.css", "leaflet.js"):
        for planted in (name, name + ".tmp"):
            victim = tmp_path / f"victim-{planted}"
            victim.write_bytes(b"precious")
            (folder / planted).symlink_to(victim)
            victims[planted] = victim
    monkeypatch.setattr(router, "STATIC_LEAFLET", folder)
    router.ensure_leaflet_static.cache_clear()
    router.ensure_leaflet_static()
    router.ensure_leaflet_static.cache_clear()
    assert all(victim.read_bytes() == b"precious" for victim in victims.values())
    for name, source in webmap.leaflet_assets().items():
        assert not (folder / name).is_symlink() and (folder / name).read_bytes() == source.read_bytes()
    assert not [p for p in folder.iterdir() if not p.is_symlink() and p.name not in webmap.leaflet_assets()]


def test_current_leaflet_files_are_left_as_they_are(tmp_path, monkeypatch):
    """A deployment may write static/vendor/ at build time and make it read-only: nothing is written again."""
    monkeypatch.setattr(router, "STATIC_LEAFLET", tmp_path)
    router.ensure_leaflet_static.cache_clear()
    router.ensure_leaflet_static()
    inodes = {p.name: p.stat().st_ino for p in tmp_path.iterdir()}
    router.ensure_leaflet_static.cache_clear()
    router.ensure_leaflet_static()
    router.ensure_leaflet_static.cache_clear()
    assert {p.name: p.stat().st_ino for p in tmp_path.iterdir()} == inodes == {n: inodes[n] for n in webmap.leaflet_assets()}
