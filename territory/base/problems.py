"""Validation problems: reported as data, every one at once, as ``file:line: message``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError

#: At most this many problems are listed per file; the rest are counted.
MAX_PROBLEMS_PER_FILE = 50


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one line of one file (line 0: the file as a whole)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        message = self.message.replace("\r", "\\r").replace("\n", "\\n").strip() or "(no details)"
        return f"{self.path}:{self.line}: {message}"


class DataError(Exception):
    """A file was refused; ``problems`` says why, line by line."""

    def __init__(self, problems: list[Problem]):
        self.problems = cap_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def cap_problems(problems: list[Problem]) -> list[Problem]:
    """Keep the first MAX_PROBLEMS_PER_FILE problems of each file and count the rest."""
    kept: list[Problem] = []
    per_file: dict[str, int] = {}
    for problem in problems:
        per_file[problem.path] = per_file.get(problem.path, 0) + 1
        if per_file[problem.path] <= MAX_PROBLEMS_PER_FILE:
            kept.append(problem)
    for path, count in per_file.items():
        if count > MAX_PROBLEMS_PER_FILE and not any(
            p.path == path and p.message.startswith("and ") for p in kept
        ):
            kept.append(Problem(path, 0, f"and {count - MAX_PROBLEMS_PER_FILE} more problems"))
    return kept


def pydantic_problems(exc: ValidationError, label: str, line: int,
                      line_of: Callable[[tuple[int | str, ...]], int] | None = None) -> list[Problem]:
    """One Problem per pydantic error: ``field: message`` at the line of the field.

    ``line_of`` maps an error's location (``("rules", 2, "unit")``) to a line; without it, or when it
    returns 0, the problem is put on ``line``.
    """
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = ".".join(str(p) for p in loc)
        where = where if where.isprintable() else repr(where)
        message = re.sub(r" or instance of \w+", "", err["msg"].removeprefix("Value error, "))
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            message = "not a known field"
        elif err["type"] == "literal_error":
            message = f"must be one of {err['ctx']['expected']}"
        at = (line_of(loc) if line_of and loc else 0) or line
        problems.append(Problem(label, at, f"{where}: {message}" if where else message))
    return problems
