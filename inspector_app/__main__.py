"""`python -m inspector_app` behaves exactly like the `inspector-app` console script."""

from inspector_app.cli import main

if __name__ == "__main__":  # guard: the demo feed's spawned worker re-imports this module
    raise SystemExit(main())
