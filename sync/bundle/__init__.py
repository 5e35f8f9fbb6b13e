"""Flash-drive delivery: sealed bundles from an office PC, sealed receipts back from the province."""
