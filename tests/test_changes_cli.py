"""``territory changes``: the figures per period, per unit and for Ukraine, and its refusals."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from territory.base.paths import data_paths
from territory.data.series import read_series_days


@pytest.fixture(scope="module")
def span():
    days, _ = read_series_days(data_paths().series_dir)
    return days[1].day, days[-1].day, days[-90].day  # the first day that has a day before it, the last, a start


def test_json_gives_each_periods_figures_per_unit_and_for_ukraine_in_both_counts(cli, span):
    _first, last, start = span
    code, out, err = cli("changes", "--from", start, "--to", last, "--by", "month", "--units", "UA-14,Zaporizhzhia",
                         "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["count"] == "land" and report["beside"]["count"] == "deepstate"
    assert "DeepState" in report["source"]
    assert report["periods"][0]["first_day"] == str(start)
    assert report["periods"][-1]["last_day"] == str(last)
    for period in report["periods"]:
        assert [u["unit"] for u in period["units"]] == ["UA-14", "UA-23"]
        for figures in [*period["units"], period["ukraine"], period["ukraine_deepstate"]]:
            assert figures["net_km2"] == pytest.approx(figures["gained_km2"] - figures["lost_km2"], abs=0.011)
            assert figures["km2_per_day"] == pytest.approx(figures["net_km2"] / period["days"], abs=0.011)
    total = report["total"]
    assert total["days"] == (last - start).days + 1
    assert total["ukraine"]["net_km2"] == pytest.approx(sum(p["ukraine"]["net_km2"] for p in report["periods"]),
                                                        abs=0.05)


def test_csv_and_table_carry_the_same_rows(cli, span):
    _first, last, start = span
    _, out_csv, _ = cli("changes", "--from", start, "--to", last, "--by", "quarter", "--format", "csv")
    _, out_json, _ = cli("changes", "--from", start, "--to", last, "--by", "quarter", "--format", "json")
    _, out_table, _ = cli("changes", "--from", start, "--to", last, "--by", "quarter")
    rows = list(csv.DictReader(io.StringIO(out_csv)))
    report = json.loads(out_json)
    ukraine = [r for r in rows if r["unit"] == "UA" and r["count"] == "land"]
    assert [r["period"] for r in ukraine] == [p["period"] for p in report["periods"]] + ["total"]
    assert float(ukraine[-1]["net_km2"]) == report["total"]["ukraine"]["net_km2"]
    beside = [r for r in rows if r["unit"] == "UA" and r["count"] == "deepstate"]
    assert float(beside[-1]["net_km2"]) == report["total"]["ukraine_deepstate"]["net_km2"]
    assert f"{report['total']['ukraine']['net_km2']:,.2f}" in out_table
    assert "Source:" in out_table


@pytest.mark.parametrize("extra, message", [
    (["--units", "Atlantis"], "unknown unit(s): Atlantis; valid codes:"),
    (["--units", "UA-14", "--count", "deepstate"], "--count deepstate is for Ukraine as a whole"),
])
def test_refusals_name_what_is_wrong(cli, span, extra, message):
    _first, last, start = span
    code, out, err = cli("changes", "--from", start, "--to", last, *extra)
    assert code == 1 and not out
    assert message in err


def test_a_range_outside_the_series_is_refused_with_its_coverage(cli, span):
    first, last, _ = span
    code, _, err = cli("changes", "--from", first.replace(year=first.year - 1), "--to", last)
    assert code == 1 and f"run from {first} to {last}" in err
    code, _, err = cli("changes", "--from", last, "--to", first)
    assert code == 1 and "must not be after" in err


def test_the_commands_months_of_2025_are_deepstates_own(cli):
    """The issue's command: every month of 2025 within 5 % or 15 km² of DeepState's monthly post, and the year
    within 1 %, counted as DeepState counts; the land count beside it. February 2025 as reported is not what
    DeepState's maps show (tests/test_changes.py says why)."""
    from territory.data.dataset import load_dataset

    code, out, err = cli("changes", "--from", "2025-01-01", "--to", "2026-01-01", "--by", "month", "--count",
                         "deepstate", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    months = {p["period"]: p for p in report["periods"]}
    published = {(c.period_start, c.period_end): c for c in load_dataset().published_changes
                 if c.sources[0].startswith("deepstate-")}
    checked = 0
    for (first, last), figure in published.items():
        label = f"{first:%Y-%m}"
        if first.year != 2025 or (last - first).days > 31 or label == "2025-02":
            continue
        ours = months[label]["ukraine"]["net_km2"]
        assert ours == pytest.approx(figure.value_km2, abs=max(0.05 * figure.value_km2, 15)), label
        assert "ukraine_land" in months[label]
        checked += 1
    assert checked == 9
    year = sum(months[f"2025-{m:02d}"]["ukraine"]["net_km2"] for m in range(1, 13))
    assert year == pytest.approx(published[dt.date(2025, 1, 1), dt.date(2025, 12, 31)].value_km2, rel=0.01)


def test_the_table_shows_each_periods_days_and_spring_2022_carries_its_caveat(cli, span):
    first, _last, _start = span
    end = first + dt.timedelta(days=40)
    code, out, _ = cli("changes", "--from", first, "--to", end, "--by", "month")
    assert code == 0 and "first day" in out and "last day" in out
    assert f"{first.isoformat()} " in out.splitlines()[2]  # the first period starts on the range's first day
    _, out_json, _ = cli("changes", "--from", first, "--to", end, "--format", "json")
    if first < dt.date(2022, 5, 10):  # the shipped series starts in April 2022
        assert "Note: In April and early May 2022" in out and json.loads(out_json)["caveat"]
