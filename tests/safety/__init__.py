"""Data-safety tests (issue 6): backups, restores, damaged files, faults, crash loops, tampering, time."""
