"""Cheap checks that bound the work of repairing and projecting a geometry, run before the expensive steps.

``shapely.make_valid`` on a ring that crosses itself k times costs time and memory that grow with k (a
5,000-vertex random ring ran for minutes). So the crossings are counted first, vectorised and in bounded
chunks, stopping as soon as the count passes the limit.
"""

from __future__ import annotations

import numpy as np
import shapely

#: Candidate segment pairs examined at once (bounds the memory of one step to a few tens of MB).
_PAIRS_PER_STEP = 1_000_000


def segments(geom: shapely.Geometry) -> tuple[np.ndarray, np.ndarray]:
    """Every ring segment as rows (x1, y1, x2, y2), and the ring each belongs to."""
    rings = shapely.get_rings(shapely.get_parts(geom))
    coords, ring_index = shapely.get_coordinates(rings, return_index=True)
    same_ring = ring_index[1:] == ring_index[:-1]
    starts, ends = coords[:-1][same_ring], coords[1:][same_ring]
    return np.hstack([starts, ends]), ring_index[:-1][same_ring]


def _orientation(ax, ay, bx, by, cx, cy):
    return np.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax))


def count_crossings(geom: shapely.Geometry, limit: int) -> int:
    """Points where two non-adjacent ring segments meet, counted up to a little past ``limit``.

    Collinear overlaps count too (conservatively). Returns as soon as the count exceeds ``limit``.
    """
    segs, ring = segments(geom)
    n = len(segs)
    if n < 3:
        return 0
    boxes = shapely.box(np.minimum(segs[:, 0], segs[:, 2]), np.minimum(segs[:, 1], segs[:, 3]),
                        np.maximum(segs[:, 0], segs[:, 2]), np.maximum(segs[:, 1], segs[:, 3]))
    tree = shapely.STRtree(boxes)
    first_of_ring = np.r_[True, ring[1:] != ring[:-1]]
    last_of_ring = np.r_[ring[1:] != ring[:-1], True]
    step = max(1, _PAIRS_PER_STEP // n)
    count = 0
    for start in range(0, n, step):
        a, b = tree.query(boxes[start:start + step])
        a = a + start
        keep = (b > a) & ~((ring[a] == ring[b]) & ((b - a == 1) | (first_of_ring[a] & last_of_ring[b])))
        a, b = a[keep], b[keep]
        if not len(a):
            continue
        p, q = segs[a], segs[b]
        d1 = _orientation(p[:, 0], p[:, 1], p[:, 2], p[:, 3], q[:, 0], q[:, 1])
        d2 = _orientation(p[:, 0], p[:, 1], p[:, 2], p[:, 3], q[:, 2], q[:, 3])
        d3 = _orientation(q[:, 0], q[:, 1], q[:, 2], q[:, 3], p[:, 0], p[:, 1])
        d4 = _orientation(q[:, 0], q[:, 1], q[:, 2], q[:, 3], p[:, 2], p[:, 3])
        count += int(np.count_nonzero((d1 * d2 <= 0) & (d3 * d4 <= 0)))
        if count > limit:
            break
    return count


def coordinates_in_range(geom: shapely.Geometry, bound: float) -> bool:
    """True if every coordinate is finite and within ±``bound``."""
    coords = shapely.get_coordinates(geom)
    return bool(np.all(np.isfinite(coords)) and (not coords.size or np.abs(coords).max() <= bound))
