"""Markers: tags with a meaning the whole product shows.

A node tagged `reading` states the map authors' inference, not a claim of the
cited source; a node tagged `fact-check` quotes a passage with a factual slip,
and its note gives the correction and where it comes from. The canvas, the
outline, the inspector, the briefs and the exports all show them the same way.
"""

from __future__ import annotations

import re

from argmap.model.document import Node

__all__ = ["READING", "FACT_CHECK", "MARKERS", "markers", "marker_label", "marker_help", "split_note"]

READING = "reading"
FACT_CHECK = "fact-check"

#: Marker tag -> (short label shown on cards and in lists, one-sentence explanation).
MARKERS: dict[str, tuple[str, str]] = {
    READING: ("READING", "The map authors' inference from the source, not a claim the source itself makes."),
    FACT_CHECK: ("FACT CHECK", "The quoted passage contains a factual slip; the note gives the correction and its source."),
}


def markers(node: Node) -> list[str]:
    """The node's marker tags, in the order of MARKERS."""
    tags = node.tags
    return [m for m in MARKERS if m in tags] if tags else []


def marker_label(marker: str) -> str:
    """The short label of a marker tag ('READING', 'FACT CHECK')."""
    return MARKERS[marker][0]


def marker_help(marker: str) -> str:
    """One sentence saying what a marker means."""
    return MARKERS[marker][1]


_FACT_CHECK_AT = re.compile(r"\bfact[ -]check\s*:\s*", re.IGNORECASE)


def split_note(note: str) -> tuple[str, str]:
    """A note as (what it says before its first 'Fact check:', the correction after it).

    A fact-check node's note may begin with other words (a reading's reason); without a
    'Fact check:' the whole note is the first part.
    """
    found = _FACT_CHECK_AT.search(note)
    if found is None:
        return note.strip(), ""
    return note[:found.start()].strip(), " ".join(note[found.end():].split())
