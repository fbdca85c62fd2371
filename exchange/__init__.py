"""Data in and out (issue 19): lab results imported from a laboratory system's CSV/Excel export, and
exports for a trial office or hospital system. Qt-free; no SQL (reads and writes go through
`storage.Repository`). Named `exchange`, not `io`, which is the standard library's."""
