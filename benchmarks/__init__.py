"""Benchmarks at network scale (issue 7): `python -m benchmarks [--quick]`; see benchmarks/README.md."""
