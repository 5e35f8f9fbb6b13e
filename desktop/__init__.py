"""The Pantau desktop app (PySide6)."""
