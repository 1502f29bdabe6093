"""A node's weights as short text, for outlines, listings and documents."""

from __future__ import annotations

from typing import Callable

from argmap.model.document import Document, Node

__all__ = ["weight_parts"]


def weight_parts(doc: Document, node: Node, compact: bool = False,
                 escape: Callable[[str], str] = lambda text: text) -> list[str]:
    """The node's likelihood, strength and impacts, one string each ("p = 0.50", "impact Pakistan +3").

    `compact` gives the narrow form of a table column ("p 0.50", "s 0.40", "Pak +3");
    `escape` is applied to perspective names (for formats with markup).
    """
    names = {p.id: p.name for p in doc.perspectives}
    parts = []
    if node.likelihood is not None:
        parts.append(f"p {node.likelihood:.2f}" if compact else f"p = {node.likelihood:.2f}")
    elif node.remainder:
        parts.append("p rest" if compact else "p = the rest")
    if node.strength is not None:
        parts.append(f"s {node.strength:.2f}" if compact else f"strength {node.strength:.2f}")
    if node.impact:
        if compact:
            parts.append(" ".join(f"{escape(names.get(k, k)[:3])} {v:+g}" for k, v in node.impact.items()))
        else:
            unit = "" if doc.impact_scale.unit == "points" else f" {doc.impact_scale.unit}"
            parts.append("impact " + ", ".join(f"{escape(names.get(k, k))} {v:+g}{unit}" for k, v in node.impact.items()))
    return parts
