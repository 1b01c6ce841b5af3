"""Shared machinery of the tensogram-go benchmarks.

Modules: ``envinfo`` (what machine and interpreter), ``impls`` (which
implementations are compared and what each supports), ``runner`` (barrier-started,
interleaved, repeated timing), ``stats`` (min/median/max), ``tables`` (text
output), ``plot`` (PNG output), ``jsonout`` (raw samples on disk), ``progress``
(a status line on stderr).
"""
