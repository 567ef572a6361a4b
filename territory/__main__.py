"""``python -m territory``: see territory.cli.main."""

import sys


def _run() -> int:
    try:
        from territory.cli.main import main

        return main()
    except ModuleNotFoundError as exc:  # run outside the project's environment: say what to install
        if (exc.name or "").split(".")[0] == "territory":
            raise
        print(f"error: the package {exc.name!r} is missing; install the project's requirements first:\n"
              "    pip install -r requirements.txt", file=sys.stderr)
        return 2


raise SystemExit(_run())
