"""``territory settlements`` and ``territory summary --level raion|hromada``: below the oblast on the command line.

``territory settlements [--name TEXT] [--unit ISO] [--from D] [--to D] [--format table|csv|json]`` lists the
settlements (GeoNames points) matching a name (English, Ukrainian or a former name; accents, apostrophes and
case ignored) or lying in a unit, with their status on DeepState's map on each end date and the days their
status changed in between. Without ``--name`` and ``--unit`` it lists the settlements whose status on the
``--to`` day's map differs from their status on the ``--from`` day's map: the same list as the Compare page's
(:func:`territory.data.settlements.changed_between`). With ``--any-change`` it lists instead every settlement
whose status changed at least once in between, including those back where they started on ``--to``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys

from territory.cli.common import COMMAND_HANDLERS, EXIT_DATA, EXIT_OK, SUBUNIT_SUMMARY, date_argument, register_command
from territory.data.settlements import changed_between, changes_of, ledger, search, settlements, status_on, summary
from territory.data.subunit_series import series_days, summary_rows

FORMATS = ("table", "csv", "json")
STATUS_WORDS = {"occupied": "inside the occupied area", "grey": "inside the grey zone", "none": "outside both"}


def add_settlements(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("settlements", help="settlements' status on DeepState's maps and the days it changed")
    parser.add_argument("--name", default="", help="name in English or Ukrainian (forgiving)")
    parser.add_argument("--unit", default=None, help="ISO 3166-2 code of a unit, e.g. UA-14")
    parser.add_argument("--from", dest="start", type=date_argument, default=None, help="YYYY-MM-DD (default: first day)")
    parser.add_argument("--to", dest="end", type=date_argument, default=None, help="YYYY-MM-DD (default: last day)")
    parser.add_argument("--any-change", action="store_true",
                        help="without --name/--unit: every settlement whose status changed at least once between "
                             "the two dates, even if it ended where it started (default: only those whose status "
                             "on --to differs from their status on --from)")
    parser.add_argument("--format", choices=FORMATS, default="table")


def settlement_records(name: str, unit: str | None, start: dt.date | None, end: dt.date | None,
                       any_change: bool = False) -> list[dict]:
    """The settlements matching ``name`` and lying in ``unit``; with neither, those whose status differs between
    the two days' maps (``changed_between``, as on the Compare page), or with ``any_change`` those whose status
    changed at least once in between."""

    frame = settlements()
    book = ledger()
    days = series_days()
    first_day, last_day = days[0], days[-1]
    start = start or first_day
    end = end or last_day
    if name:
        frame = search(frame, name)
    if unit:
        frame = frame[frame["unit"] == unit]
    recorded = set(book["geonameid"])
    listing = not name and not unit
    if listing and not any_change:
        frame = frame[frame["geonameid"].isin(set(changed_between(start, end)["geonameid"]))]
    records = []
    for row in frame.sort_values(["population_prewar", "geonameid"], ascending=[False, True]).itertuples():
        changes = changes_of(row.geonameid) if row.geonameid in recorded else []
        before, after = status_on(changes, start), status_on(changes, end)
        between = [c for c in changes if start < c.day <= end]
        if listing and any_change and not between:
            continue
        info = summary(changes)
        records.append({
            "geonameid": int(row.geonameid), "name": row.name, "name_uk": row.name_uk,
            "katottg": row.katottg, "unit": row.unit, "hromada": row.hromada,
            "latitude": float(row.latitude), "longitude": float(row.longitude),
            "population_prewar": int(row.population_prewar),
            "from": start.isoformat(), "status_from": before, "to": end.isoformat(), "status_to": after,
            "changes": [{"date": c.day.isoformat(), "status": c.status, "flip_flop": c.flip_flop} for c in between],
            "first_occupied": info["first_occupied"].isoformat() if info["first_occupied"] else "",
            "left_occupied": info["left_occupied"].isoformat() if info["left_occupied"] else "",
            "changes_total": info["changes"], "flip_flops": info["flip_flops"],
        })
    return records


def _changes_text(changes: list[dict]) -> str:
    return " ".join(f"{c['date']}:{c['status']}{'(flip-flop)' if c['flip_flop'] else ''}" for c in changes)


def run_settlements(args: argparse.Namespace) -> int:
    if args.start and args.end and args.start > args.end:
        print(f"--from {args.start} is after --to {args.end}", file=sys.stderr)
        return EXIT_DATA
    records = settlement_records(args.name, args.unit, args.start, args.end, args.any_change)
    if not records:
        print("no settlement matches", file=sys.stderr)
        return EXIT_DATA
    if args.format == "json":
        print(json.dumps({"source": "DeepState maps (deepstatemap.live); settlements: GeoNames (CC BY 4.0), "
                                    "population: GeoNames' pre-war estimate",
                          "settlements": records}, ensure_ascii=False, indent=2))
        return EXIT_OK
    columns = ["geonameid", "name", "name_uk", "katottg", "unit", "latitude", "longitude", "population_prewar",
               "from", "status_from", "to", "status_to", "changes", "first_occupied", "left_occupied"]
    if args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for r in records:
            writer.writerow([_changes_text(r[c]) if c == "changes" else r[c] for c in columns])
        print(out.getvalue(), end="")
        return EXIT_OK
    for r in records:
        print(f"{r['name']} ({r['name_uk']}), {r['unit']}, {r['latitude']:.4f} {r['longitude']:.4f}, "
              f"population {r['population_prewar']:,} (GeoNames, pre-war estimate)")
        print(f"  {r['from']}: {STATUS_WORDS[r['status_from']]} on DeepState's map; "
              f"{r['to']}: {STATUS_WORDS[r['status_to']]}")
        if r["changes"] and r["status_from"] == r["status_to"]:
            print(f"  changed between {r['from']} and {r['to']}, and back where it started by {r['to']}")
        for c in r["changes"]:
            flip = " (reversed within days: flip-flop)" if c["flip_flop"] else ""
            print(f"  {c['date']}: {STATUS_WORDS[c['status']]}{flip}")
        if r["first_occupied"]:
            left = f"; outside it from {r['left_occupied']}" if r["left_occupied"] else ""
            print(f"  first inside the occupied area on DeepState's map of {r['first_occupied']}{left}")
    return EXIT_OK


def run_subunit_summary(args: argparse.Namespace) -> int:

    days = series_days()
    if not days or args.date < days[0]:
        print(f"no raion/hromada figures for {args.date}; they start on {days[0] if days else '-'}",
              file=sys.stderr)
        return EXIT_DATA
    rows = summary_rows(args.date, args.level, args.unit)
    if args.format == "json":
        print(json.dumps({"date": args.date.isoformat(), "level": args.level, "unit": args.unit,
                          "source": "DeepState maps (deepstatemap.live), computed by this project; boundaries "
                                    "© OpenStreetMap contributors (ODbL 1.0)",
                          "rows": rows}, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["code"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        print(out.getvalue(), end="")
    else:
        for r in rows:
            print(f"{r['code']:<12} {r['name_en'][:30]:<30} {r['controlled_pct']:>7.2f} % {r['controlled_km2']:>10.2f} km²")
    return EXIT_OK


register_command(add_settlements, "settlements", run_settlements)
COMMAND_HANDLERS[SUBUNIT_SUMMARY] = run_subunit_summary
