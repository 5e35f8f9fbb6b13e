"""Tests of sync.forms."""
