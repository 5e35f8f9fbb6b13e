"""CLI commands over the local store (filled in by the foundation work)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the store's sub-commands to `pantau`."""
