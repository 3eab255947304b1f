"""`python -m inspector_app` behaves exactly like the `inspector-app` console script."""

from inspector_app.cli import main

raise SystemExit(main())
