"""What every command of the ``territory`` command line shares: exit codes, the date argument, registering a
command, printing problems.

Exit codes: 0 success, 1 bad data or an unknown value (with a message naming the valid choices),
2 usage error. Problems are printed as ``PATH:LINE: message``; never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
from collections.abc import Callable

from territory.base.problems import Problem

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM, so that every ``finally`` (temporary files) runs before exit."""


def raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


COMMAND_PARSERS: list[Callable[[argparse._SubParsersAction], None]] = []
#: The handler of ``summary --level raion|hromada`` (registered by the settlements command's module).
SUBUNIT_SUMMARY = "summary:subunits"
COMMAND_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}


def register_command(add_parser: Callable[[argparse._SubParsersAction], None],
                     name: str, handler: Callable[[argparse.Namespace], int]) -> None:
    """Let another module (export, derive) add a subcommand."""
    COMMAND_PARSERS.append(add_parser)
    COMMAND_HANDLERS[name] = handler


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


