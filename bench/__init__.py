"""Benchmarks of Touchline: `make bench` (python -m bench)."""
