"""territory.web.timeline: what the browser steps through is what the server would draw for the same day."""

from __future__ import annotations

import json

import pytest

from territory.base import palette
from territory.base.paths import data_paths
from territory.data.dataset import load_dataset
from territory.data.published import published_near
from territory.present.view import REUTERS_UNITS, ViewFilter, unit_styles
from territory.web.timeline import (
    days,
    filtered_line,
    map_settings,
    outline_files,
    outlines_version,
    style_on,
    style_runs,
    tooltips,
    tooltips_file,
    tooltips_name,
)
from territory.web.webmap import control_geojson


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def sample(dataset):
    """The curated days, the first and last days of the series and a spread of days between, with the day
    before each (for the change)."""
    snapshots = dataset.snapshots.snapshots
    return snapshots[:4] + snapshots[len(snapshots) // 2: len(snapshots) // 2 + 3] + snapshots[-3:]


@pytest.mark.parametrize("view, demand_id", [(ViewFilter(), None),
                                             (ViewFilter(units=REUTERS_UNITS, min_share=5.0), None),
                                             (ViewFilter(min_share=50.0), "first-territorial")])
def test_style_runs_give_each_day_the_styles_of_the_web_map(dataset, sample, view, demand_id):
    demand = next((d for d in dataset.demands if d.units), None) if demand_id else None
    runs = style_runs(sample, view, demand)
    for index, snapshot in enumerate(sample):
        previous = sample[index - 1] if index else None
        for style in unit_styles(snapshot, previous, view, demand):
            fill, edge, weight, dash, opacity, shown = style_on(runs["runs"], runs["styles"], style.control.iso, index)
            assert (fill, edge, weight) == (style.fill, style.edge, style.weight)
            assert dash == ("4 3" if style.dashed else None)
            assert (opacity, shown) == ((0.9, 1) if style.shown else (0.55, 0))
    # runs are short: a unit's style changes on few days
    assert all(len(r) <= len(sample) for r in runs["runs"].values())


def test_a_filtered_unit_is_greyed_every_day(dataset, sample):
    runs = style_runs(sample, ViewFilter(units=("UA-14",)))
    for index in range(len(sample)):
        assert style_on(runs["runs"], runs["styles"], "UA-32", index)[0] == palette.FILTERED_COLOUR


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_tooltips_are_the_web_maps_with_the_filtered_line_added_by_the_browser(dataset, sample, lang):
    tips = tooltips(sample, dataset.sources, dataset.published, lang)
    view = ViewFilter(units=("UA-14", "UA-23"))
    for index, snapshot in enumerate(sample):
        previous = sample[index - 1] if index else None
        served = control_geojson(snapshot, previous, view, None, dataset.sources,
                                 published_near(dataset.published, snapshot.date), lang)
        shown = {f["properties"]["iso"]: f["properties"]["tooltip"] for f in served["features"]}
        for iso, tip in zip(tips["units"], tips["tips"][index], strict=True):
            if iso not in shown:
                continue
            expected = tip if iso in view.units else tip + filtered_line(lang)
            assert expected == shown[iso]


def test_tooltip_file_is_compact_json_named_by_data_and_language(dataset, sample):
    import gzip

    raw = gzip.decompress(tooltips_file(sample[:2], dataset.sources, dataset.published, "en"))
    assert json.loads(raw)["units"] and b", " not in raw[:200]
    assert tooltips_name("sig", "en") != tooltips_name("sig", "uk") != tooltips_name("other", "uk")
    assert tooltips_name("sig", "en").endswith(".json.gz") and "/" not in tooltips_name("sig", "en")


def test_days_name_each_day_in_the_language_and_flag_the_outlines(dataset):
    snapshots = dataset.snapshots.snapshots
    series_dir = data_paths(dataset.root).series_dir
    files = outline_files(series_dir)
    outlined = {snapshots_day for snapshots_day in (s.date for s in snapshots)
                if f"{snapshots_day.year}/{snapshots_day.isoformat()}.geojson.gz" in {name for name, _ in files}}
    out = days(snapshots, "uk", outlined)
    assert out["days"] == [s.date.isoformat() for s in snapshots]
    assert len(out["labels"]) == len(snapshots) and out["labels"][-1].endswith("р.")
    assert sum(out["outline"]) == len(outlined) > 0
    assert all(path.exists() for _, path in files[:20])
    assert len(outlines_version(series_dir)) == 16


def test_map_settings_carry_the_base_maps_limits_and_words(dataset):
    en, uk = map_settings("en"), map_settings("uk", show_tiles=True)
    assert en["limits"]["maxZoom"] == uk["limits"]["maxZoom"]
    assert uk["map_text"]["zoom_in"] != en["map_text"]["zoom_in"]
    assert uk["neighbour_style"]["fillOpacity"] == 0.0 and en["neighbour_style"]["fillOpacity"] == 1.0
    assert "<script" not in json.dumps(en)
