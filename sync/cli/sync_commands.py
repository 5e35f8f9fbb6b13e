"""CLI commands that talk to the provincial server (filled in by the sync-client work)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the sync sub-commands to `pantau`."""
