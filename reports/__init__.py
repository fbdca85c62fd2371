"""PDF reports and matplotlib charts built from plain `clinical` data (no Qt, no SQL)."""
