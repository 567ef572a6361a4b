"""Checks of the series data for ``python -m territory validate``: the daily series, its outlines and the
published figures beside it (every problem as ``file:line: message``)."""

from __future__ import annotations

from pathlib import Path

from territory.base.paths import display_path
from territory.base.problems import DataError, Problem
from territory.data.outlines import check_outline_file, outline_days, outline_path, outlines_dir
from territory.data.published import figures_path, load_published_figures
from territory.data.series import read_series_days, read_year_file, series_dir
from territory.data.sources import Source


def check_series_folder(directory: Path) -> list[Problem]:
    """The yearly series files, every outline file, an outline for every day of the series and rows for every
    outline."""
    days, problems = read_series_days(directory)
    return problems + check_outlines(directory, days, orphans=not problems)


def check_outlines(directory: Path, days: list | None = None, orphans: bool = True) -> list[Problem]:
    """Every outline file of the series folder, an outline for every day of the series and, with ``orphans``
    (left off while a year file is refused: its days would all count), rows for every outline (an outline
    without rows is what an interrupted update used to leave)."""
    if days is None:
        days, found = read_series_days(directory)
        orphans = orphans and not found
    problems = []
    for path in sorted(outlines_dir(directory).glob("*/*")):
        problems += check_outline_file(path)
    with_outline = set(outline_days(directory))
    for day in days:
        if day.day not in with_outline:
            problems.append(Problem(day.path, day.line, f"no outline for {day.day} "
                                                        f"({display_path(outline_path(directory, day.day))})"))
    if orphans:
        with_rows = {day.day for day in days}
        problems += [Problem(display_path(outline_path(directory, day)), 0, f"an outline for {day} but no rows for "
                                                                             "that day in the series; remove it")
                     for day in sorted(with_outline - with_rows)]
    return problems


def check_series_file(path: Path) -> list[Problem]:
    """One ``control-YYYY.csv`` file on its own."""
    try:
        read_year_file(path)
    except DataError as exc:
        return exc.problems
    return []


def check_published(path: Path, sources: dict[str, Source]) -> list[Problem]:
    try:
        load_published_figures(path, sources)
    except DataError as exc:
        return exc.problems
    return []


def check_series_data(root: Path, sources: dict[str, Source]) -> list[Problem]:
    """Everything under a data root that the series brought: series/, its outlines, published/figures.csv."""
    return check_series_folder(series_dir(root)) + check_published(figures_path(root), sources)
