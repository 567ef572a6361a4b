"""Field types that need nothing but themselves: bounded numbers and limited text.

The lowest layer of validation: ``units`` (the unit table) and ``validators`` (types that look things up in
registries) both build on it, so neither needs the other.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import AfterValidator, BeforeValidator

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def parse_number(value: Any, low: float, high: float, required: bool = True, hint: str = "") -> float | None:
    """A number within ``low``..``high`` from a cell or a YAML scalar; None for an empty optional value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"is empty; {hint or f'give a number from {low:g} to {high:g}'}")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"{_short(value)!r} is not a number")
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER.match(text):
            raise ValueError(f"{_short(text)!r} is not a number (write 70.4, with a point)")
        number = float(text)  # a very long digit string becomes inf: refused below, never an int() overflow
    else:
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{_short(value)} is outside {low:g}-{high:g}")
    return number


def bounded(low: float, high: float, required: bool = True, hint: str = "") -> BeforeValidator:
    """The check of a number field that must lie within ``low``..``high`` (an optional field accepts an empty
    cell as None): ``Annotated[float, bounded(0, 100)]``, ``Annotated[float | None, bounded(..., required=False)]``."""
    def check(value: Any) -> float | None:
        return parse_number(value, low, high, required, hint)
    return BeforeValidator(check)


def limited_text(max_length: int, required: bool = False) -> AfterValidator:
    """The check of a text field of at most ``max_length`` characters (``required``: not empty):
    ``Annotated[str, limited_text(200)]``."""
    def check(value: str) -> str:
        if required and not value:
            raise ValueError("must not be empty")
        if len(value) > max_length:
            raise ValueError(f"is longer than {max_length} characters")
        return value
    return AfterValidator(check)
