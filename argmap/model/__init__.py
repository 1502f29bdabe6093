"""The argument-map document: pure data, rules and edits (no Qt)."""

from argmap.model.document import (
    FORMAT,
    VERSION,
    Citation,
    Document,
    ImpactScale,
    Kind,
    Link,
    LinkKind,
    Node,
    Perspective,
    Source,
    ViewSettings,
)
from argmap.model.rules import ALLOWED_CHILDREN, check, check_child, structural_problems

__all__ = [
    "FORMAT",
    "VERSION",
    "ALLOWED_CHILDREN",
    "Citation",
    "Document",
    "ImpactScale",
    "Kind",
    "Link",
    "LinkKind",
    "Node",
    "Perspective",
    "Source",
    "ViewSettings",
    "check",
    "check_child",
    "structural_problems",
]
