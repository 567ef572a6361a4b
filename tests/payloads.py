"""A copy of the repository's data with script payloads in every free-text field (for hardening tests)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from tests.dataroot import copy_data_root

PAYLOADS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", '"><svg onload=alert(1)>', "{{ 7*7 }}"]
PAYLOAD = " ".join(PAYLOADS)


def build_payload_data(folder: Path) -> Path:
    """A copy of the data root with payloads in its snapshots, sources and demands; returns the root
    (for ``TERRITORY_DATA_ROOT``)."""
    paths = copy_data_root(folder)
    snapshots = paths.snapshot_dir
    rows = list(csv.DictReader(io.StringIO((snapshots / "sources.csv").read_text(encoding="utf-8"))))
    for row in rows:
        for field in ("publisher", "title", "licence"):
            row[field] = f"{PAYLOAD} {row[field]}"
        if row["method"]:
            row["method"] = f"{row['method']} {PAYLOAD}"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (snapshots / "sources.csv").write_text(buf.getvalue(), encoding="utf-8")
    for path in snapshots.glob("2*.csv"):
        frame = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in frame:
            row["note"] = PAYLOAD
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(frame[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(frame)
        path.write_text(buf.getvalue(), encoding="utf-8")
    doc = yaml.safe_load(paths.demands_yaml.read_text(encoding="utf-8"))
    for entry in doc["entries"]:
        entry["statement"] = f"{entry['statement']} {PAYLOAD}"
        entry["attribution"] = f"{entry['attribution']} {PAYLOAD}"
        if entry["party"] != "Russia":  # Russia's entries keep their party so the map's panel lists them
            entry["party"] = f"{entry['party']} {PAYLOADS[0]}"[:100]
        for quote in entry.get("quotes", []):
            quote["text"] = f"{quote['text']} {PAYLOAD}"
            quote["speaker"] = f"{quote['speaker']} {PAYLOADS[1]}"
    paths.demands_yaml.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return paths.root
