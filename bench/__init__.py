"""Benchmarks: `make bench`. Figures are printed, never asserted in tests."""
