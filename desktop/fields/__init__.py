"""Field editors, one module per kind of field; `make_editor` picks the one for a definition."""
