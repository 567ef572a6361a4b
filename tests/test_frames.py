"""The data as DataFrames (territory/analysis/frames.py): the same figures as the loaders and the command line."""

from __future__ import annotations

import pytest

from territory.analysis import frames as territory
from territory.base.paths import data_paths
from territory.data.series import read_series_days


def test_series_frame_has_every_day_and_unit_of_the_series():
    days, _ = read_series_days(data_paths().series_dir)
    frame = territory.series_frame()
    assert len(frame) == sum(len(d.rows) for d in days)
    last = days[-1]
    row = frame[(frame["date"] == str(last.day)) & (frame["unit"] == "UA-14")].iloc[0]
    expected = next(r for r in last.rows if r.iso == "UA-14")
    assert row["controlled_pct"] == expected.controlled_pct and row["source_file"] == last.source_file
    assert set(frame["kind"]) == {"estimate"}


def test_changes_frame_sums_to_the_command_lines_total(cli):
    import json

    days, _ = read_series_days(data_paths().series_dir)
    start, end = days[-60].day, days[-1].day
    frame = territory.changes_frame(start, end, by="week")
    code, out, _ = cli("changes", "--from", start, "--to", end, "--by", "week", "--format", "json")
    assert code == 0
    report = json.loads(out)
    ukraine = frame[frame["unit"] == "UA"]
    assert round(ukraine["net_km2"].sum(), 2) == report["total"]["ukraine"]["net_km2"]
    assert list(ukraine["period"]) == [p["period"] for p in report["periods"]]


def test_the_series_and_its_changes_download_as_csv_and_parquet():
    import io

    import pandas as pd

    from territory.export.exports import check_format, frame_bytes

    series = territory.series_frame()
    parquet = pd.read_parquet(io.BytesIO(frame_bytes("series", "parquet")))
    assert len(parquet) == len(series) and list(parquet.columns) == list(series.columns)
    csv_text = frame_bytes("series", "csv").decode("utf-8")
    assert csv_text.splitlines()[0] == ",".join(series.columns)
    flows = pd.read_parquet(io.BytesIO(frame_bytes("flows", "parquet")))
    ukraine = flows[flows["unit"] == "UA"]
    assert set(ukraine["count"]) == {"deepstate"} and ukraine["occupied_km2"].notna().all()
    assert set(flows[flows["unit"] != "UA"]["count"]) == {"land"}
    with pytest.raises(ValueError, match="choose one of csv, parquet"):
        check_format("png", "series")
