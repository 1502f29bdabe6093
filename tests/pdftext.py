"""Reading exported PDFs back in tests: their characters, with the size each was drawn at."""

from __future__ import annotations

from typing import Any, Iterator

from pdfminer.layout import LTChar

__all__ = ["chars"]


def chars(item: Any) -> Iterator[LTChar]:
    """Every character of a page or figure, in the order it was drawn."""
    if isinstance(item, LTChar):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from chars(child)
