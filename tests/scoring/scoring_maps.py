"""Small maps for the scoring tests, built with the model's edits."""

from __future__ import annotations

import random
from typing import Any, Iterable

from argmap.model import Document, ImpactScale, Kind, Link, LinkKind, Node, Perspective
from argmap.model import edits as E


def build(
    nodes: Iterable[tuple],
    perspectives: Iterable[tuple[str, float]] = (("a", 1.0),),
    links: Iterable[tuple[str, str, str]] = (),
    scale: tuple[float, float, str] | None = None,
) -> Document:
    """A map from (id, kind, parent, fields) rows, (id, weight) perspectives and (from, to, kind) links."""
    doc = Document(title="test map")
    if scale is not None:
        doc.impact_scale = ImpactScale(min=scale[0], max=scale[1], unit=scale[2])
    for pid, weight in perspectives:
        E.AddPerspective(Perspective(id=pid, name=pid.upper(), weight=weight)).apply(doc)
    for row in nodes:
        nid, kind, parent = row[:3]
        fields: dict[str, Any] = dict(row[3]) if len(row) > 3 else {}
        impact = fields.pop("impact", {})
        E.AddNode(Node(id=nid, kind=Kind(kind), parent=parent, text=fields.pop("text", nid), **fields)).apply(doc)
        for pid, value in impact.items():
            E.SetImpact(nid, pid, value).apply(doc)
    for src, dst, kind in links:
        E.AddLink(Link(source=src, target=dst, kind=LinkKind(kind))).apply(doc)
    return doc


def random_map(seed: int, size: int = 40, perspectives: int = 2, links: int = 3) -> Document:
    """A random valid map with some inputs left unweighed and a few cross-links."""
    rng = random.Random(seed)
    pids = [f"p{k}" for k in range(perspectives)]
    rows: list[tuple] = [("q", "question", None)]
    values = []  # ids of options and consequences (can take consequences)
    claims = []  # ids that pros and cons can hang under
    for i in range(rng.randint(2, 4)):
        oid = f"o{i}"
        fields = {}
        if rng.random() < 0.3:
            fields["impact"] = {p: rng.uniform(-3, 3) for p in pids if rng.random() < 0.8}
        rows.append((oid, "option", "q", fields))
        values.append(oid)
        claims.append(oid)
    forks = []
    evidence: set[str] = set()
    has_rest: set[str] = set()
    consequences: list[str] = []
    n = len(rows)
    while n < size:
        r = rng.random()
        nid = f"n{n}"
        if r < 0.45 and values:
            parent = rng.choice(values + forks)
            fields = {}
            if parent in forks and rng.random() < 0.3 and (parent not in has_rest or rng.random() < 0.5):
                fields["remainder"] = True
                has_rest.add(parent)
            elif rng.random() < 0.85:
                fields["likelihood"] = rng.random() * (0.5 if parent in forks else 1.0)
            if rng.random() < 0.7:
                fields["impact"] = {p: rng.uniform(-10, 10) for p in pids if rng.random() < 0.85}
            rows.append((nid, "consequence", parent, fields))
            values.append(nid)
            consequences.append(nid)
            claims.append(nid)
        elif r < 0.55 and values:
            parent = rng.choice(values)
            rows.append((nid, "scenario", parent))
            forks.append(nid)
        elif r < 0.6 and consequences:
            parent = rng.choice(consequences)
            rows.append((nid, "question", parent))
            for j in range(2):
                oid = f"{nid}o{j}"
                rows.append((oid, "option", nid, {"impact": {p: rng.uniform(-5, 5) for p in pids}}))
                values.append(oid)
            n += 2
        elif claims:
            parent = rng.choice(claims)
            fields = {"strength": rng.random()} if rng.random() < 0.85 else {}
            kinds_here = ["pro", "con"] if parent in evidence else ["pro", "con", "evidence"]
            kind = rng.choice(kinds_here)
            if kind == "evidence":
                evidence.add(nid)
            rows.append((nid, kind, parent, fields))
            claims.append(nid)
        n += 1
    ids = [r[0] for r in rows]
    kinds = {r[0]: r[1] for r in rows}
    depth: dict[str, int] = {"q": 0}
    for r in rows[1:]:
        depth[r[0]] = depth[r[2]] + 1
    link_rows = []
    for _ in range(links):
        a, b = rng.choice(ids), rng.choice(ids)
        if a == b:
            continue
        if kinds[a] in ("pro", "con", "evidence") and kinds[b] in ("consequence", "pro", "con", "option"):
            link_rows.append((a, b, rng.choice(["supports", "attacks", "undercuts"])))
        elif kinds[a] == "consequence" and kinds[b] == "consequence" and depth[b] > depth[a]:
            # Deeper nodes only, and never a descendant's ancestor: no leads_to loops.
            if not _is_ancestor(rows, b, a):
                link_rows.append((a, b, "leads_to"))
    link_rows = list(dict.fromkeys(link_rows))
    return build(rows, [(p, rng.choice([0.5, 1.0, 2.0])) for p in pids], link_rows)


def _is_ancestor(rows: list[tuple], a: str, b: str) -> bool:
    parent = {r[0]: r[2] for r in rows}
    cur = parent.get(b)
    while cur is not None:
        if cur == a:
            return True
        cur = parent.get(cur)
    return False
