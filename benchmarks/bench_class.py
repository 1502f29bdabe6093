"""The classroom on a large class: collecting students' copies, the class view, and updating it after an edit.

    python benchmarks/bench_class.py [--students 200] [--nodes 1000] [--runs 3]

Writes N student copies of a generated map (each weighed by a seeded generator, one in ten
with an added branch) into a temporary folder, then prints the median of several runs of:
- collect (map): `collect(folder, base=teacher)`, every copy read into one class map
- collect: the same without the teacher's map (the class map is the first copy)
- class view: `class_view(doc)`, every student scored, the option statistics and the hot-spots
- view, no hot-spots: `class_view(doc, hotspots=False)`
- update: one likelihood of the active student's weighing edited, then `ClassView.update(doc)`
  (only that student scored again, the others' results reused)
- update, weight: the same after a perspective's weight is edited (every weight share moves)
Targets: collect under 10 s, update under 200 ms, for 200 students of a 1,000-node map.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.io import jsondoc  # noqa: E402
from argmap.io.classroom import collect, handout  # noqa: E402
from argmap.model import Kind, Node  # noqa: E402
from argmap.model.document import Document  # noqa: E402
from argmap.model.edits import AddNode, SetLikelihood, SetPerspectiveWeight  # noqa: E402
from argmap.model.weighings import SwitchWeighing  # noqa: E402
from argmap.scoring.classroom import class_view  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.timing import median_seconds  # noqa: E402


def write_class(teacher: Document, folder: Path, students: int, seed: int = 0) -> None:
    """Write `students` weighed copies of the map; one in ten adds a branch."""
    rng = random.Random(seed)
    forks = {n.id for n in teacher.nodes if n.kind is Kind.SCENARIO}
    option = next(n for n in teacher.nodes if n.kind is Kind.OPTION)
    for i in range(students):
        copy = handout(teacher)
        copy.author = f"Student {i + 1:03d}"
        for node in copy.nodes:
            if node.likelihood is not None and node.parent not in forks:
                node.likelihood = round(rng.uniform(0.05, 0.95), 2)
            if node.strength is not None:
                node.strength = round(rng.uniform(0.0, 1.0), 2)
            if node.impact and rng.random() < 0.3:
                node.impact = {k: float(rng.randint(-10, 10)) for k in node.impact}
        for p in copy.perspectives:
            p.weight = rng.choice([1.0, 2.0, 3.0])
        if i % 10 == 9:
            AddNode(Node(id=f"added-{i}", kind=Kind.CONSEQUENCE, parent=option.id, text="A student's own idea",
                         likelihood=0.5)).apply(copy)
        jsondoc.write(copy, folder / f"student-{i + 1:03d}.argmap.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    teacher = generate(args.nodes)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_class(teacher, folder, args.students)
        with_map = median_seconds(lambda: collect([folder], base=teacher), args.runs)
        without = median_seconds(lambda: collect([folder]), args.runs)
        doc = collect([folder], base=teacher).doc
    assert len(doc.weighings) == args.students
    full = median_seconds(lambda: class_view(doc), args.runs)
    bare = median_seconds(lambda: class_view(doc, hotspots=False), args.runs)

    SwitchWeighing(doc.weighings[len(doc.weighings) // 2].id).apply(doc)
    view = class_view(doc)
    target = max((n for n in doc.nodes if n.kind is Kind.CONSEQUENCE and n.likelihood is not None),
                 key=lambda n: doc.depth(n.id))
    values = iter([0.2, 0.8] * (5 * args.runs))
    edits = max(5 * args.runs, 5)

    def edit_and_update() -> None:
        nonlocal view
        SetLikelihood(target.id, next(values)).apply(doc)
        view = view.update(doc)

    update = median_seconds(edit_and_update, edits)
    perspective = doc.perspectives[0].id
    weights = iter([1.5, 2.5] * (5 * args.runs))

    def weight_and_update() -> None:
        nonlocal view
        SetPerspectiveWeight(perspective, next(weights)).apply(doc)
        view = view.update(doc)

    weight = median_seconds(weight_and_update, edits)
    header = (f"{'students':>8} {'nodes':>6} {'collect (map) s':>16} {'collect s':>10} {'class view s':>13} "
              f"{'no hot-spots s':>15} {'update ms':>10} {'update, weight ms':>18}")
    print(header)
    print(f"{args.students:>8} {args.nodes:>6} {with_map:>16.2f} {without:>10.2f} {full:>13.2f} {bare:>15.2f} "
          f"{update * 1000:>10.0f} {weight * 1000:>18.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
