"""``python -m territory``: see territory.cli."""

import sys


def _run() -> int:
    try:
        from .cli import main

        return main()
    except ModuleNotFoundError as exc:  # run outside the project's environment: say what to install
        if (exc.name or "").split(".")[0] == "territory":
            raise
        print(f"error: the package {exc.name!r} is missing; install the project's requirements first:\n"
              "    pip install -r requirements.txt", file=sys.stderr)
        return 2


raise SystemExit(_run())
