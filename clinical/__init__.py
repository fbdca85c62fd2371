"""Pure clinical rules and records for ToxTrack: no Qt, no SQL (see DESIGN.md)."""

__version__ = "0.1.0"
