"""Import and export times of the exchange formats on generated 10,000-claim files.

    python benchmarks/bench_exchange.py [--runs 5] [--size 10000]

Generates (seeded, so every run reads the same files):
- an AIFdb-style nodeset of SIZE I-nodes: each claim supports (RA) or attacks (CA) an
  earlier one, one in ten also supports a second claim (a cross-link), one in twenty is
  linked to a rephrase (MA), and one claim in ten has a locution with its YA node;
- a Kialo export of SIZE claims, four Pro/Con levels under three theses, with one claim in
  fifty a reuse ('-> See ...').

Prints the median of several runs of: importing each file; exporting the AIF map back to
AIF; writing GraphML, DOT and CSV of it. Target: each import under 1 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.io import aif, csvdoc, dot, graphml, kialo
from benchmarks.timing import median_seconds

TARGET_S = 1.0


def generate_aif(size: int, seed: int = 1) -> dict:
    """A nodeset of `size` I-nodes shaped like AIFdb's: RA/CA per claim, some links, rephrases and dialogue."""
    rng = random.Random(seed)
    nodes: list[dict] = []
    edges: list[dict] = []
    locutions: list[dict] = []
    next_id = [size + 1]

    def new_id() -> str:
        next_id[0] += 1
        return str(next_id[0])

    def relate(kind: str, text: str, source: str, target: str) -> None:
        sid = new_id()
        nodes.append({"nodeID": sid, "text": text, "type": kind, "timestamp": "2024-01-01 00:00:00"})
        edges.append({"edgeID": new_id(), "fromID": source, "toID": sid})
        edges.append({"edgeID": new_id(), "fromID": sid, "toID": target})

    for i in range(1, size + 1):
        nid = str(i)
        nodes.append({"nodeID": nid, "text": f"Claim {i}: " + " ".join(rng.choice(_WORDS) for _ in range(12)),
                      "type": "I", "timestamp": "2024-01-01 00:00:00"})
        if i > 3:
            target = str(rng.randint(max(1, i - 200), i - 1))
            if rng.random() < 0.7:
                relate("RA", rng.choice(["Default Inference", "Argument From Expert Opinion"]), nid, target)
            else:
                relate("CA", "Default Conflict", nid, target)
        if i > 10 and i % 10 == 0:
            relate("RA", "Default Inference", nid, str(rng.randint(1, i - 1)))
        if i > 10 and i % 20 == 0:
            relate("MA", "Default Rephrase", nid, str(i - 1))
        if i % 10 == 0:
            loc, ya = new_id(), new_id()
            nodes.append({"nodeID": loc, "text": f"Speaker {i % 7} : claim {i}", "type": "L"})
            nodes.append({"nodeID": ya, "text": "Asserting", "type": "YA"})
            edges.append({"edgeID": new_id(), "fromID": loc, "toID": ya})
            edges.append({"edgeID": new_id(), "fromID": ya, "toID": nid})
            locutions.append({"nodeID": loc, "personID": str(i % 7)})
    participants = [{"participantID": str(k), "firstname": "Speaker", "surname": str(k)} for k in range(7)]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}


def generate_kialo(size: int, seed: int = 1) -> str:
    """A Kialo export of `size` claims: three theses, Pro/Con claims four levels deep, some reuses."""
    rng = random.Random(seed)
    lines = ["Discussion Title: A generated discussion with many claims?", ""]
    numbers: list[str] = []
    counts: dict[str, int] = {}
    theses = ["1.", "2.", "3."]
    for t in theses:
        lines.append(f"{t} Thesis {t} " + " ".join(rng.choice(_WORDS) for _ in range(8)))
        numbers.append(t)
    # Children are added breadth-first under random earlier claims, up to four levels.
    open_parents = list(theses)  # claims less than four levels deep
    while len(numbers) < size:
        parent = rng.choice(open_parents[-2000:])
        counts[parent] = counts.get(parent, 0) + 1
        number = f"{parent}{counts[parent]}."
        stance = rng.choice(["Pro", "Con"])
        if len(numbers) % 50 == 0 and len(numbers) > 10:
            body = f"-> See {rng.choice(numbers[3:])}"
        else:
            body = " ".join(rng.choice(_WORDS) for _ in range(14)) + r" \(see below\)"
        lines.append(f"{number} {stance}: {body}")
        numbers.append(number)
        if number.count(".") < 5 and not body.startswith("->"):
            open_parents.append(number)
    # A Kialo export lists claims in depth-first order of their numbers.
    head, body = lines[:2], lines[2:]
    body.sort(key=lambda line: [int(x) for x in line.split(" ", 1)[0][:-1].split(".")])
    return "\n".join(head + body) + "\n"


_WORDS = ["policy", "cost", "risk", "people", "city", "benefit", "harm", "evidence", "study", "trade", "growth", "safety", "public", "school", "health", "price", "market", "voters", "law", "court", "rights", "tax", "energy", "water", "transport", "housing", "data"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        aif_path = base / "nodeset.json"
        aif_path.write_text(json.dumps(generate_aif(args.size)), encoding="utf-8")
        kialo_path = base / "discussion.txt"
        kialo_path.write_text(generate_kialo(args.size), encoding="utf-8")
        doc = aif.read(aif_path)
        k_doc = kialo.read(kialo_path)
        rows = [
            ("import AIF", f"{len(doc.nodes):,} nodes, {len(doc.links):,} links",
             median_seconds(lambda: aif.read(aif_path), args.runs), TARGET_S),
            ("import Kialo", f"{len(k_doc.nodes):,} nodes, {len(k_doc.links):,} links",
             median_seconds(lambda: kialo.read(kialo_path), args.runs), TARGET_S),
            ("export AIF", "", median_seconds(lambda: aif.write(doc, base / "out.aif.json"), args.runs), None),
            ("export GraphML", "", median_seconds(lambda: graphml.write(doc, base / "out.graphml"), args.runs), None),
            ("export DOT", "", median_seconds(lambda: dot.write(doc, base / "out.dot"), args.runs), None),
            ("export CSV", "", median_seconds(lambda: csvdoc.write(doc, base / "out.csv"), args.runs), None),
        ]
    print(f"{'step':<16} {'map':<28} {'median s':>9}  target")
    failed = False
    for name, what, seconds, target in rows:
        verdict = "" if target is None else ("ok" if seconds < target else "SLOW")
        failed |= verdict == "SLOW"
        print(f"{name:<16} {what:<28} {seconds:>9.3f}  {f'< {target:.1f} s {verdict}' if target else ''}")
    print(f"({args.runs} runs each, {args.size:,} claims)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
