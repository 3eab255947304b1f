"""CLI subcommands, one module each; `inspector_app.cli` discovers them.

A command module defines NAME, HELP, add_arguments(parser) and run(args) -> exit code,
and imports heavy libraries inside run() so `inspector-app --help` stays fast.
"""
