"""An undercut is weighed as an attack on the argument whose inference it undercuts, once."""

from __future__ import annotations

from argmap.model.document import Document, Kind, Link, Node
from argmap.scoring import score


def _map(undercut: bool, link: bool) -> Document:
    nodes = [Node(id="q", kind=Kind.QUESTION, text="Q?"),
             Node(id="o", kind=Kind.OPTION, text="Do it", parent="q"),
             Node(id="a", kind=Kind.PRO, text="It is cheap", parent="o", strength=0.8)]
    links = []
    if undercut:
        nodes.append(Node(id="u", kind=Kind.CON, text="Cheap does not make it right", parent="a", strength=0.6))
    if link:
        links.append(Link.model_validate({"from": "u", "to": "a", "kind": "undercuts"}))
    return Document(question="q", nodes=nodes, links=links)


def test_an_undercut_under_its_argument_weakens_its_support_once():
    alone = score(_map(undercut=False, link=False)).argued
    plain_con = score(_map(undercut=True, link=False)).argued
    undercut = score(_map(undercut=True, link=True)).argued
    assert undercut["a"] < alone["a"] and undercut["o"] < alone["o"]
    # The link says what the tree edge is; it is not a second attack.
    assert undercut["a"] == plain_con["a"]
    assert undercut["o"] == plain_con["o"]
