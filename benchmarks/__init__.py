"""Benchmarks: quality and speed, printed as numbers (never asserted in tests).

Run each from the repository root as a module, e.g. ``.venv/bin/python -m benchmarks.bench_active``;
they import the package's public modules and each other as ``benchmarks.*`` (shared pools and
draws in :mod:`benchmarks.pools`), with no ``sys.path`` edits.
"""
