"""Making stored figures from control-area maps: reading map files with bounded work, the overlay of polygons on
the units, DeepState's archives, dating each map, the series' per-day computation and plausibility checks,
the day-to-day flows.

Imports :mod:`territory.base` and :mod:`territory.data`; the command line (:mod:`territory.cli.main`) drives it.
"""
