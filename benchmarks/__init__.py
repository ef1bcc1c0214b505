"""Benchmarks for cal_client: whole processes, ratios measured in the same run (see README.md).

Run one with ``python -m benchmarks.<name>`` from the repository root, or all with ``make bench``.
"""
