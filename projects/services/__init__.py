"""Writes: every change to project data goes through these functions (atomic, validated, recorded)."""
