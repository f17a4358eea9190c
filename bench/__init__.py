"""Benchmarks for hfhate: ``python -m bench`` runs them all and prints one table.

Each benchmark measures one figure for hfhate against a baseline measured in the same run
(for example a bare PySide6 window), so the ratio means something on any machine. The
benchmarks are listed in ``bench.registry``; the shared result type is in ``bench.core``.
"""
