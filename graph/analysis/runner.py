"""Kept for callers of the old name: the analyses now live in `graph.analysis.catalogue`."""

from __future__ import annotations

from graph.analysis.catalogue import CATALOGUE, Analysis, Scope, load_graph, run

ANALYSES = CATALOGUE

__all__ = ["ANALYSES", "Analysis", "Scope", "load_graph", "run"]
