"""One-off import: write control_snapshots/*.csv and sources.csv from the research tables.

Usage::

    python -m tools.import_reference REFERENCE_DIR [--force]     (from the project root)

REFERENCE_DIR holds ``control_by_oblast.csv`` (key dates, with published figures) and
``control_by_oblast_monthly_deepstate.csv`` (month ends). The committed snapshot files are the
product's data; this script only documents how they were first made. Existing files are kept
unless --force is given.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from collections import defaultdict
from pathlib import Path

from territory.atomic import write_text_atomic
from territory.paths import data_paths

SNAPSHOT_DIR = data_paths().snapshot_dir

DEEPSTATE_LICENCE = ("DeepState map data: free use for volunteer, charitable and defence-of-Ukraine "
                     "purposes; credit DeepState")
OBLAST_METHOD = ("oblast polygons: geoBoundaries UKR ADM1 clipped to the GADM land outline; geodesic area on "
                 "WGS84; share = occupied land in the unit / land area of the unit; Crimea and Sevastopol set "
                 "to 100 on every date; slivers under 0.05 % set to 0")

SOURCES = [
    dict(id="deepstate-derived-history", publisher="DeepState (map polygons); shares computed for this project",
         title="Per-unit shares derived from DeepState map polygons, history archive 2022-04-03 to 2025-08-03",
         date="2025-08-05", url="https://github.com/DanielRose2310/deepstatemaps-history",
         licence=DEEPSTATE_LICENCE, kind="estimate",
         method=("Occupied polygons (controlled_pct and low_pct) and occupied plus grey 'status unknown' "
                 "polygons (high_pct) of the DeepState map file for the date, intersected with " + OBLAST_METHOD +
                 ". Agrees with DeepState's own published oblast figures for 2023-01-01 and 2026-01-01 "
                 "within about 0.1 pp (Kherson 0.5 pp, because of water bodies).")),
    dict(id="deepstate-derived-daily", publisher="DeepState (map polygons); shares computed for this project",
         title="Per-unit shares derived from DeepState daily map polygons, 2024-07-08 to 2026-08-22",
         date="2026-08-22", url="https://github.com/cyterat/deepstate-map-data",
         licence=DEEPSTATE_LICENCE, kind="estimate",
         method=("Occupied polygons of the DeepState daily file for the date (occupied, occupied Crimea and "
                 "'CADR and CALR' features unioned; the files have no grey layer, so no high_pct), "
                 "intersected with " + OBLAST_METHOD + ".")),
    dict(id="deepstate-derived-max-extent-2022", publisher="DeepState (map polygons); shares computed for this project",
         title="Floor of the March 2022 maximum extent: DeepState occupied areas plus areas marked liberated 16 Mar to 2 Apr 2022",
         date="2022-04-03", url="https://github.com/DanielRose2310/deepstatemaps-history",
         licence=DEEPSTATE_LICENCE, kind="estimate",
         method=("The DeepState file of 2022-04-03: occupied polygons plus the polygons marked liberated between "
                 "16 March and 2 April 2022, intersected with " + OBLAST_METHOD + ". DeepState's early maps "
                 "were incomplete, so this is a floor; ranges widened with published figures where noted.")),
    dict(id="deepstate-year-summary-2025", publisher="DeepState",
         title="Year summary: territory occupied by Russia in 2025, per oblast (as reported by online.ua)",
         date="2026-01-02",
         url="https://news.online.ua/en/deepstate-calculated-the-area-of-ukraine-occupied-by-the-russian-federation-in-2025-900209/",
         licence="published figures, cited", kind="published", method=""),
    dict(id="deepstate-via-eurocom-2025-12", publisher="DeepState (analysis reported by eurocom.bg)",
         title="DeepState: in four years Russia took 23 % of Donetsk oblast",
         date="2025-12-15",
         url="https://eurocom.bg/2025/12/15/deepstate-za-chetiri-godini-rusiya-e-prevzela-23-protsenta-ot-donetska-oblast-a-za-tova-vreme-vermahtat-stigna-do-moskva-i-obratno-do-berlin/",
         licence="published figures, cited", kind="published", method=""),
    dict(id="russia-mod-claim-2022-07", publisher="Russian Ministry of Defence (claim, as reported)",
         title="Claim of full control of Luhansk oblast after Lysychansk, 3-4 July 2022 (not independently verified)",
         date="2022-07-04",
         url="https://celebritytidings.com/world-news/ukraine-war-mapped-how-much-of-ukraine-does-russia-control/",
         licence="published claim, cited", kind="published", method=""),
    dict(id="guardian-isw-2023-02", publisher="The Guardian (analysis of ISW data)",
         title="A year of war: how Russian forces have been pushed back in Ukraine",
         date="2023-02-21",
         url="https://www.theguardian.com/world/ng-interactive/2023/feb/21/a-year-of-war-how-russian-forces-have-been-pushed-back-in-ukraine",
         licence="published figures, cited", kind="published", method=""),
    dict(id="haidai-2022-05-15", publisher="Serhiy Haidai, head of the Luhansk regional administration (as reported)",
         title="Russia controls about 90 % of Luhansk oblast",
         date="2022-05-15",
         url="https://www.lokmattimes.com/international/ukraine-russia-conflict-only-10-of-luhansk-is-in-ukraines-control-a494/",
         licence="published figures, cited", kind="published", method=""),
]

#: Published per-unit figures for the map state of a snapshot date: (snapshot date, reference date, source id).
PUBLISHED_FOR_DATE = [
    ("2022-02-23", "2022-02-23", "deepstate-via-eurocom-2025-12"),
    ("2022-12-31", "2023-01-01", "deepstate-year-summary-2025"),
    ("2025-12-31", "2026-01-01", "deepstate-year-summary-2025"),
]
RANGE_SOURCES = {  # words in a widened-range note -> the source that supplied the bound
    "Guardian/ISW": "guardian-isw-2023-02",
    "eurocom": "deepstate-via-eurocom-2025-12",
    "Haidai": "haidai-2022-05-15",
}


def fmt(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text else "0"


def num(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def file_note(source: str) -> str:
    match = re.search(r"(geojsons/\d+\.geojson(?: \([^)]*\))?|data/deepstatemap_data_\d+\.geojson)", source)
    return f"DeepState file {match.group(1)}" if match else ""


def key_rows(reference: Path) -> dict[str, list[dict]]:
    published = defaultdict(dict)
    estimates = defaultdict(list)
    with open(reference / "control_by_oblast.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] == "published":
                published[row["date"]][row["iso_3166_2"]] = float(row["controlled_pct"])
            else:
                estimates[row["date"]].append(row)
    out: dict[str, list[dict]] = {}
    for date, rows in estimates.items():
        merged = []
        extra = next(((ref, src) for snap, ref, src in PUBLISHED_FOR_DATE if snap == date), None)
        for row in rows:
            source = row["source"]
            derived_id = ("deepstate-derived-daily" if "cyterat" in source else
                          "deepstate-derived-max-extent-2022" if "lower bound" in source else
                          "deepstate-derived-history")
            ids = [derived_id] + [sid for word, sid in RANGE_SOURCES.items() if word in source]
            notes = [file_note(source)]
            tail = source.split("see NOTES.md#method", 1)[1].strip("; ") if "see NOTES.md#method" in source else ""
            if tail:
                tail = tail.replace("pct", "%")
                if not date.startswith("2022"):
                    tail = re.sub(r" \(early-2022 DeepState Crimea polygon is coarse\)?", "", tail)
                notes.append(tail)
            controlled, low, high = (num(row[k]) for k in ("controlled_pct", "low_pct", "high_pct"))
            kind = "estimate"
            if extra and row["iso_3166_2"] in published[extra[0]]:
                pub = published[extra[0]][row["iso_3166_2"]]
                lo_candidates = [v for v in (low, controlled) if v is not None]
                hi_candidates = [v for v in (high, controlled) if v is not None]
                low, high = min(lo_candidates + [pub]), max(hi_candidates + [pub])
                notes.append(f"controlled_pct is the figure {extra[1]} published for {extra[0]}; "
                             f"this project's DeepState-derived estimate for the same map state is {fmt(controlled)}")
                controlled, kind = pub, "published"
                ids = [extra[1]] + ids
            if date == "2022-07-03" and row["iso_3166_2"] == "UA-09":
                ids.append("russia-mod-claim-2022-07")
                notes.append("Russia's defence ministry claimed full control (100 %) on 3-4 July; not independent")
            merged.append(dict(unit=row["iso_3166_2"], controlled_pct=controlled, low_pct=low, high_pct=high,
                               kind=kind, sources=";".join(dict.fromkeys(ids)), note="; ".join(n for n in notes if n)))
        out[date] = merged
    return out


def monthly_rows(reference: Path, skip: set[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    with open(reference / "control_by_oblast_monthly_deepstate.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["date"] in skip or row["date"] == "2026-01-01":
                continue
            daily = "cyterat" in row["source_file"]
            controlled = float(row["occupied_pct"])
            high = None if daily else num(row["occupied_or_grey_pct"])
            notes = [file_note(row["source_file"]), (row["note"] or "").replace("pct", "%")]
            out[row["date"]].append(dict(
                unit=row["iso_3166_2"], controlled_pct=controlled, low_pct=controlled if high else None,
                high_pct=high, kind="estimate",
                sources="deepstate-derived-daily" if daily else "deepstate-derived-history",
                note="; ".join(n for n in notes if n)))
    return out


def tidy(row: dict) -> dict:
    """Drop a range that is no range (low = controlled = high)."""
    c, lo, hi = row["controlled_pct"], row["low_pct"], row["high_pct"]
    if (lo is None or lo == c) and (hi is None or hi == c):
        lo = hi = None
    return {**row, "controlled_pct": fmt(c), "low_pct": fmt(lo), "high_pct": fmt(hi)}


def to_csv(rows: list[dict], fields: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path)
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    args = parser.parse_args(argv)
    snapshots = key_rows(args.reference)
    snapshots.update(monthly_rows(args.reference, set(snapshots)))
    fields = ["unit", "controlled_pct", "low_pct", "high_pct", "kind", "sources", "note"]
    outputs = {SNAPSHOT_DIR / "sources.csv": to_csv(SOURCES, list(SOURCES[0]))}
    for date, rows in snapshots.items():
        outputs[SNAPSHOT_DIR / f"{date}.csv"] = to_csv([tidy(r) for r in rows], fields)
    written = 0
    for path, text in sorted(outputs.items()):
        if path.exists() and not args.force:
            continue
        write_text_atomic(path, text, overwrite=args.force)
        written += 1
    print(f"wrote {written} files ({len(outputs) - written} kept)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
