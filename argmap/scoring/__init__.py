"""Weighing a map (no Qt): gradual semantics, expected impact, explanations, sensitivity.

The formulas are in the docstrings of semantics.py (pros and cons), scores.py
(expected impact) and sensitivity.py (the tornado).
"""

from argmap.scoring.graph import CycleError
from argmap.scoring.scores import Contribution, OptionScore, Scores, score
from argmap.scoring.semantics import SEMANTICS, strengths
from argmap.scoring.sensitivity import Sensitivity, TornadoRow, sensitivity

__all__ = [
    "SEMANTICS",
    "Contribution",
    "CycleError",
    "OptionScore",
    "Scores",
    "Sensitivity",
    "TornadoRow",
    "score",
    "sensitivity",
    "strengths",
]
