"""``python -m territory``: see territory.cli."""

from .cli import main

raise SystemExit(main())
