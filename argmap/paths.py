"""Where the project's bundled files are."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ROOT", "SCENARIOS", "RESOURCES", "bundled_scenario"]

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
RESOURCES = ROOT / "resources"


def bundled_scenario() -> Path:
    """The map the app opens when no file is given."""
    return SCENARIOS / "pakistan-peace-talks.argmap.json"
