"""Checks of the daily outline files (series/outlines/YYYY/YYYY-MM-DD.geojson.gz)."""

from __future__ import annotations

import gzip
import json

import pytest

from territory.data.outlines import check_outline_file


def outline(date: str = "2025-05-28", kind: str = "occupied") -> dict:
    return {"type": "FeatureCollection", "date": date, "credit": "DeepState",
            "features": [{"type": "Feature", "properties": {"kind": kind},
                          "geometry": {"type": "Polygon", "coordinates": [[[35, 47], [36, 47], [36, 48], [35, 47]]]}}]}


def write(path, doc) -> None:
    path.write_bytes(gzip.compress(json.dumps(doc).encode()))


# Each case has a written id: an id made from the content would carry gzip's timestamp, so two pytest-xdist
# workers collected different tests ("Different tests were collected between gw1 and gw0").
@pytest.mark.parametrize("name, content, message", [
    pytest.param("2025-05-28.geojson.gz", outline(), None, id="valid"),
    pytest.param("28-05-2025.geojson.gz", outline(), "named YYYY-MM-DD.geojson.gz", id="bad-name"),
    pytest.param("2025-05-28.geojson.gz", b"not gzip", "not a gzip-compressed GeoJSON file", id="not-gzip"),
    pytest.param("2025-05-28.geojson.gz", gzip.compress(b"{not json", mtime=0), "not a gzip-compressed GeoJSON file",
                 id="gzip-not-json"),
    pytest.param("2025-05-28.geojson.gz", {"type": "Feature"}, "not a GeoJSON FeatureCollection", id="not-collection"),
    pytest.param("2025-05-28.geojson.gz", outline(date="2025-05-29"), "'2025-05-29' differs from the file name",
                 id="date-differs"),
    pytest.param("2025-05-28.geojson.gz", outline(kind="front"), "kind 'front' is not occupied or grey",
                 id="bad-kind"),
])
def test_each_broken_outline_names_its_problem(tmp_path, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        write(path, content)
    problems = check_outline_file(path)
    if message is None:
        assert problems == []
    else:
        assert len(problems) == 1 and message in problems[0].message and problems[0].path.endswith(name)


def test_a_file_changed_after_a_check_is_checked_again(tmp_path):
    # checks are remembered by content; the same bytes elsewhere give the same answer under their own name
    path = tmp_path / "2025-05-28.geojson.gz"
    write(path, outline())
    assert check_outline_file(path) == []
    write(path, outline(date="2024-01-01"))
    assert "differs from the file name" in check_outline_file(path)[0].message
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / path.name).write_bytes(path.read_bytes())
    assert check_outline_file(copy / path.name)[0].path.endswith("copy/2025-05-28.geojson.gz")
    write(path, outline())
    assert check_outline_file(path) == []
