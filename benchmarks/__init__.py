"""Ratio benchmarks: each ``bench_*.py`` module measures competitors side by side in one run."""
