"""Crafted map files shared by the command-line and browser tests of the overlay's limits."""

from __future__ import annotations

import json
import math
from pathlib import Path


def spiky_star(path: Path, vertices: int = 240_000) -> Path:
    """Write a simple (valid) polygon of ``vertices`` spikes around central Ukraine, in compact GeoJSON.

    At 240,000 vertices it is 4.7 MB, under every limit the reader checks (size, vertices, rings, crossings),
    yet its overlay on the units takes 2.4 GB and 90 s in one process (measured): only the memory limit of the
    process (the app's worker, or ``ulimit -v`` for ``derive``) bounds it. Spikes of 1 % of the radius
    (about 2 km) survive the overlay's 10 m simplification.
    """
    ring = []
    for i in range(vertices):
        radius = 1 + 0.01 * ((i * 7919) % 13) / 13
        angle = 2 * math.pi * i / vertices
        ring.append([round(35.5 + 2 * radius * math.cos(angle), 5), round(48 + 1.5 * radius * math.sin(angle), 5)])
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [ring + [ring[0]]]}, separators=(",", ":")))
    return path
