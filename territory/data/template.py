"""A snapshot template users can fill in (same schema as control_snapshots/*.csv)."""

from territory.data.geodata import load_units


def snapshot_template() -> bytes:
    lines = ["unit,controlled_pct,low_pct,high_pct,kind,sources,note"]
    for iso, unit in load_units().items():
        lines.append(f"{iso},,,,estimate,,{unit.name_en}: replace with your figure and source id")
    return ("\n".join(lines) + "\n").encode("utf-8")
