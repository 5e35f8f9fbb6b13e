"""Pantau: offline-first reporting for the Kesbangpol offices of Maluku (engine, no GUI)."""

__version__ = "0.1.0"  # the same as pyproject.toml; a test checks it
