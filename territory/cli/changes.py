"""``territory changes --from D --to D [--by ...] [--units ...] [--count land|deepstate] [--format ...]``.

Gained, lost and net km² and the rate per period, per unit (land count) and for Ukraine, from the series'
day-to-day flows (:mod:`territory.analysis.changes`). The JSON gives, per period, ``gained_km2``, ``lost_km2``,
``net_km2`` and ``km2_per_day`` for each unit asked for and for Ukraine in both counts.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys

from territory.analysis.changes import COUNTS, PERIODS, UKRAINE, Change, changes, coverage, range_total
from territory.base.paths import data_paths
from territory.base.text import spring_2022_note
from territory.cli.common import EXIT_DATA, EXIT_OK, date_argument, register_command
from territory.data.flows import Flows, load_flows
from territory.data.units import load_units, resolve_units

FIELDS = ("gained_km2", "lost_km2", "net_km2", "km2_per_day")
UKRAINE_NAMES = {"land": "Ukraine (land)", "deepstate": "Ukraine (as DeepState counts)"}
SOURCE = ("estimate computed by this project from DeepState's maps (deepstate-derived-series); "
          "credit DeepState (deepstatemap.live)")
COUNT_NOTES = {
    "land": "the units' land (lagoons, estuaries and the sea left out), as the series' shares",
    "deepstate": "DeepState's occupied polygon, waters included, as DeepState counts its totals",
}


class ChangesError(ValueError):
    """A request the data cannot answer (unknown unit, a range outside the series)."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("changes", help="km² gained, lost and net by period, per unit and for Ukraine")
    p.add_argument("--from", dest="start", type=date_argument, required=True,
                   help="YYYY-MM-DD: the range's first day (compared with the map of the day before)")
    p.add_argument("--to", dest="end", type=date_argument, required=True, help="YYYY-MM-DD: the range's last day (included)")
    p.add_argument("--by", choices=PERIODS, default="month", help="period to group by (default: month)")
    p.add_argument("--units", help="comma-separated ISO codes or names to list beside Ukraine (land count)")
    p.add_argument("--count", choices=COUNTS, default="land",
                   help="land (the units' land) or deepstate (DeepState's polygon, waters included)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")


def _unit_codes(text: str | None, units: dict) -> list[str]:
    if not text:
        return []
    isos, unknown = resolve_units(text, units)
    if unknown:
        raise ChangesError(f"unknown unit(s): {', '.join(unknown)}; valid codes: {', '.join(units)}")
    return list(isos)


def _check_range(flows: Flows, start: dt.date, end: dt.date) -> None:
    first, last = coverage(flows)
    if start > end:
        raise ChangesError(f"--from {start} must not be after --to {end}")
    if start < first or end > last:
        raise ChangesError(f"the series' changes run from {first} to {last}; {start} to {end} is outside them")


def _figures(change: Change) -> dict:
    return {"gained_km2": change.gained_km2, "lost_km2": change.lost_km2, "net_km2": change.net_km2,
            "km2_per_day": change.km2_per_day}


def changes_report(flows: Flows, start: dt.date, end: dt.date, by: str, units: list[str], count: str,
                   names: dict[str, str]) -> dict:
    """Everything the command prints, as one dictionary (the JSON output)."""
    chosen = changes(flows, start, end, by, units if count == "land" else [], count)
    other = "deepstate" if count == "land" else "land"
    beside = {(c.period.label, c.area): c for c in changes(flows, start, end, by, [], other)}
    periods: dict[str, dict] = {}
    for change in chosen:
        entry = periods.setdefault(change.period.label, {
            "period": change.period.label, "first_day": change.period.first.isoformat(),
            "last_day": change.period.last.isoformat(), "days": change.period.days, "units": []})
        if change.area == UKRAINE:
            entry["ukraine"] = _figures(change)
            entry["ukraine_" + other] = _figures(beside[change.period.label, UKRAINE])
        else:
            entry["units"].append({"unit": change.area, "name": names.get(change.area, change.area),
                                   **_figures(change)})
    return {"from": start.isoformat(), "to": end.isoformat(), "by": by, "count": count,
            "count_means": COUNT_NOTES[count], "beside": {"count": other, "count_means": COUNT_NOTES[other]},
            "source": SOURCE, "caveat": spring_2022_note(start, "en") or None, "periods": list(periods.values()),
            "total": {**_range_total(flows, start, end, units if count == "land" else [], count, names),
                      "ukraine_" + other: _range_total(flows, start, end, [], other, names)["ukraine"]}}


def _range_total(flows: Flows, start: dt.date, end: dt.date, units: list[str], count: str,
                 names: dict[str, str]) -> dict:
    """The whole range as one period, for each unit asked for and for Ukraine."""
    total: dict = {"days": (end - start).days + 1, "units": []}
    for area in units:
        total["units"].append({"unit": area, "name": names.get(area, area),
                               **_figures(range_total(flows, start, end, area, count))})
    total["ukraine"] = _figures(range_total(flows, start, end, UKRAINE, count))
    return total


def _rows(report: dict) -> list[list]:
    """Per period: the units (land), then Ukraine in the chosen count, then Ukraine in the other."""
    count, other = report["count"], report["beside"]["count"]
    rows = []
    whole = {"period": "total", "first_day": report["from"], "last_day": report["to"], **report["total"]}
    for period in [*report["periods"], whole]:
        span = [period["first_day"], period["last_day"], period["days"]]
        for unit in period["units"]:
            rows.append([period["period"], *span, unit["unit"], unit["name"], "land", *(unit[f] for f in FIELDS)])
        rows.append([period["period"], *span, UKRAINE, UKRAINE_NAMES[count], count,
                     *(period["ukraine"][f] for f in FIELDS)])
        rows.append([period["period"], *span, UKRAINE, UKRAINE_NAMES[other], other,
                     *(period["ukraine_" + other][f] for f in FIELDS)])
    return rows


def report_csv(report: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", "first_day", "last_day", "days", "unit", "name", "count", *FIELDS])
    writer.writerows(_rows(report))
    return out.getvalue()


def report_table(report: dict) -> str:
    lines = [f"Changes from {report['from']} to {report['to']} (both included), by {report['by']}; "
             f"count: {report['count']} ({report['count_means']})",
             f"{'period':<10} {'first day':<10} {'last day':<10} {'days':>4} {'unit':<6} {'count':<10} "
             f"{'gained km²':>11} {'lost km²':>10} {'net km²':>10} {'km²/day':>8}"]
    for period, first, last, days, unit, _name, count, gained, lost, net, rate in _rows(report):
        lines.append(f"{period:<10} {first:<10} {last:<10} {days:>4} {unit:<6} {count:<10} {gained:>11,.2f} "
                     f"{lost:>10,.2f} {net:>10,.2f} {rate:>8,.2f}")
    lines.append(f"Source: {report['source']}")
    if report.get("caveat"):
        lines.append(f"Note: {report['caveat']}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    units = load_units()
    try:
        flows = load_flows(data_paths().series_dir, units)
        codes = _unit_codes(args.units, units)
        if codes and args.count == "deepstate":
            raise ChangesError("--count deepstate is for Ukraine as a whole (DeepState's polygon is not cut by "
                               "unit); use --count land with --units")
        _check_range(flows, args.start, args.end)
    except ChangesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA
    report = changes_report(flows, args.start, args.end, args.by, codes, args.count,
                            {iso: unit.name_en for iso, unit in units.items()})
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        sys.stdout.write(report_csv(report))
    else:
        sys.stdout.write(report_table(report))
    return EXIT_OK


register_command(add_parser, "changes", run)
