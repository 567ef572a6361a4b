"""Field checks shared by the data models."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("id must be lower-case letters, digits and hyphens (at most 80)")
    return value


#: An id such as ``ru-2025-05-written-nato-pledge``.
SlugId = Annotated[str, AfterValidator(_slug)]
