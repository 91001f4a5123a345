"""Offline evaluation suites (issue 6 fills this package)."""
