"""Handing a map out and collecting a class's copies: a class of files built with a seeded generator."""

from __future__ import annotations

import json
import random
import statistics
from pathlib import Path

import pytest

from argmap.io import jsondoc, read
from argmap.io.classroom import collect, collect_report, handout, student_files
from argmap.model import Document, Kind, Node
from argmap.model import edits as E
from argmap.model import weighings as W
from argmap.model.changes import AdoptChange
from argmap.paths import bundled_scenario
from argmap.scoring import score
from argmap.scoring.classroom import class_view
from benchmarks.generate import generate

NAMES = ["Ada Lovelace", "Ben Okri", "Chloe Kim", "Dan Wu", "", "Eve Stone", "Femi Ade", "Gus Lind", "",
         "Hana Sato", "Ian Roe", "Jo Park", "Kai Lee", "Lu Chen"]


def weigh(doc: Document, rng: random.Random) -> None:
    """Give a copy a student's own values (outcomes of scenario forks keep theirs, so that forks still add up)."""
    lo, hi = int(doc.impact_scale.min), int(doc.impact_scale.max)
    for node in doc.nodes:
        parent = doc.parent(node.id)
        if node.likelihood is not None and (parent is None or parent.kind is not Kind.SCENARIO):
            node.likelihood = round(rng.uniform(0.05, 0.95), 2)
        if node.strength is not None:
            node.strength = round(rng.uniform(0.0, 1.0), 2)
        if node.impact:
            node.impact = {k: float(rng.randint(lo, hi)) for k in node.impact}
    for p in doc.perspectives:
        p.weight = rng.choice([0.5, 1.0, 2.0, 3.0])
    # Some students leave an input unweighed.
    weighed = [n for n in doc.nodes if n.kind is Kind.PRO and n.strength is not None]
    if weighed and rng.random() < 0.5:
        rng.choice(weighed).strength = None


def _leaf(doc: Document, kinds: tuple[Kind, ...]) -> Node:
    return next(n for n in doc.nodes if n.kind in kinds and not doc.children(n.id))


def build_class(folder: Path, teacher: Document, seed: int = 3) -> dict:
    """Write ~20 student copies of `teacher` and 7 broken files into `folder`; return what was written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    good: dict[str, tuple[str, Document]] = {}  # student name -> (file name, the copy as written)

    def save(copy: Document, file: str, name: str) -> None:
        jsondoc.write(copy, folder / file)
        good[name] = (file, jsondoc.read(folder / file))

    for i, name in enumerate(NAMES, 1):
        copy = handout(teacher)
        copy.author = name
        weigh(copy, rng)
        file = f"student-{i:02d}.argmap.json"
        save(copy, file, name or file.removesuffix(".argmap.json"))
    options = [n for n in teacher.nodes if n.kind is Kind.OPTION]
    # An added branch: a consequence with a con under it.
    copy = handout(teacher)
    copy.author = "Sam Added"
    weigh(copy, rng)
    E.AddNode(Node(id="sam-1", kind=Kind.CONSEQUENCE, parent=options[-1].id, text="Refugees return home",
                   likelihood=0.4, impact={p.id: 2.0 for p in copy.perspectives})).apply(copy)
    E.AddNode(Node(id="sam-2", kind=Kind.CON, parent="sam-1", text="Only if the border stays open",
                   strength=0.6)).apply(copy)
    save(copy, "student-15.argmap.json", "Sam Added")
    # A deleted node.
    copy = handout(teacher)
    copy.author = "Dee Deleted"
    weigh(copy, rng)
    deleted = _leaf(copy, (Kind.EVIDENCE, Kind.CON))
    E.DeleteBranch(deleted.id).apply(copy)
    save(copy, "student-16.argmap.json", "Dee Deleted")
    # A re-worded node.
    copy = handout(teacher)
    copy.author = "Rae Reworded"
    weigh(copy, rng)
    reworded = next(n for n in copy.nodes if n.kind is Kind.CONSEQUENCE)
    E.SetText(reworded.id, "Said more plainly: " + reworded.text).apply(copy)
    save(copy, "student-17.argmap.json", "Rae Reworded")
    # A moved node: an argument under another consequence.
    copy = handout(teacher)
    copy.author = "Moe Moved"
    weigh(copy, rng)
    moved = next(n for n in copy.nodes if n.kind in (Kind.PRO, Kind.CON) and copy.parent(n.id).kind is Kind.CONSEQUENCE)
    target = next(n for n in copy.nodes if n.kind is Kind.CONSEQUENCE and n.id != moved.parent
                  and moved.id not in {a.id for a in copy.ancestors(n.id)})
    E.MoveNode(moved.id, target.id).apply(copy)
    save(copy, "student-18.argmap.json", "Moe Moved")
    # A student who saved a map with weighing layers of its own: their active weighing counts.
    copy = handout(teacher)
    copy.author = "Lia Layers"
    weigh(copy, rng)  # a first try, kept as the copy's own author layer
    W.AddWeighing(W.capture(copy, "again", "Lia's second try")).apply(copy)
    W.SwitchWeighing("again").apply(copy)
    weigh(copy, rng)  # the second try, active when the file is saved
    assert copy.active_weighing == "again" and W.find(copy, W.AUTHOR)
    save(copy, "student-19.argmap.json", "Lia Layers")

    # Broken files.
    (folder / "bad-binary.argmap.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "bad-not-json.argmap.json").write_text("Dear teacher, here is my map.\n", encoding="utf-8")
    text = (folder / "student-02.argmap.json").read_text(encoding="utf-8")
    (folder / "bad-latin1.argmap.json").write_bytes(text.replace('"Ben Okri"', '"Zoë Ng"').encode("latin-1", errors="replace"))
    data = json.loads(text)
    data["author"] = "Out Of Range"
    i = next(k for k, n in enumerate(data["nodes"]) if n.get("likelihood") is not None)
    data["nodes"][i]["likelihood"] = 1.7
    (folder / "bad-out-of-range.argmap.json").write_text(json.dumps(data), encoding="utf-8")
    data = json.loads(text)
    data["author"] = "Ivy Impact"
    j = next(k for k, n in enumerate(data["nodes"]) if n.get("impact"))
    pid = next(iter(data["nodes"][j]["impact"]))
    data["nodes"][j]["impact"][pid] = teacher.impact_scale.max + 15
    (folder / "bad-impact.argmap.json").write_text(json.dumps(data), encoding="utf-8")
    other = handout(generate(30, seed=11))
    other.author = "Oz Other"
    jsondoc.write(other, folder / "bad-other-question.argmap.json")
    dup = good["Ada Lovelace"][1].model_copy(deep=True)
    jsondoc.write(dup, folder / "student-99.argmap.json")
    return {
        "good": good,
        "skipped": {
            "bad-binary.argmap.json": "the file is binary, not an argmap JSON document",
            "bad-not-json.argmap.json": "the file is not JSON (it does not start with '{')",
            "bad-latin1.argmap.json": "the file is not UTF-8 text (bad byte at offset",
            "bad-out-of-range.argmap.json": f"nodes[{i}].likelihood: 1.7 is above 1",
            "bad-impact.argmap.json": (f"nodes[{j}].impact.{pid}: {teacher.impact_scale.max + 15:g} is above the "
                                       f"impact scale's maximum {teacher.impact_scale.max:g}"),
            "bad-other-question.argmap.json": "a map of another question",
            "student-99.argmap.json": "a duplicate student name",
        },
        "deleted": deleted.id, "reworded": reworded.id, "moved": (moved.id, target.id),
        "added_parent": options[-1].id,
    }


def own_values(student: Document, teacher: Document) -> dict:
    """A student's values for the teacher's nodes, read straight off their file."""
    ids = {n.id for n in teacher.nodes}
    return {n.id: (n.likelihood, dict(n.impact), n.strength) for n in student.nodes
            if n.id in ids and (n.likelihood is not None or n.impact or n.strength is not None)}


def weighing_values(w) -> dict:
    return {nid: (v.likelihood, dict(v.impact), v.strength) for nid, v in w.values.items()}


def on_the_teachers_map(teacher: Document, student: Document) -> Document:
    """The teacher's map holding a student's values, set node by node by id (nothing the student lacks)."""
    doc = teacher.model_copy(deep=True)
    doc.invalidate()
    theirs = {n.id: n for n in student.nodes}
    for node in doc.nodes:
        s = theirs.get(node.id)
        node.likelihood = s.likelihood if s is not None else None
        node.impact = dict(s.impact) if s is not None else {}
        node.strength = s.strength if s is not None else None
    weights = {p.id: p.weight for p in student.perspectives}
    for p in doc.perspectives:
        p.weight = weights.get(p.id, p.weight)
    return doc


@pytest.fixture(scope="module")
def teacher() -> Document:
    return read(bundled_scenario())


@pytest.fixture(scope="module")
def klass(tmp_path_factory, teacher):
    folder = tmp_path_factory.mktemp("class")
    made = build_class(folder, teacher)
    made["folder"] = folder
    return made


@pytest.fixture(scope="module")
def collected(klass, teacher):
    return collect([klass["folder"]], base=teacher)


def test_one_weighing_per_good_student_with_exactly_their_values(collected, klass, teacher):
    good = klass["good"]
    doc = collected.doc
    assert [w.name for w in doc.weighings] == list(good)
    assert collected.kept == [file for file, _ in good.values()] and len(collected.kept) == 19
    assert len({w.id for w in doc.weighings}) == 19 and all(w.id != W.AUTHOR for w in doc.weighings)
    for w in doc.weighings:
        file, student = good[w.name]
        assert w.file == file and w.made
        assert weighing_values(w) == own_values(student, teacher)
        assert w.weights == {p.id: p.weight for p in student.perspectives}
    # The class map is the teacher's map with the author's values, and no other layer is active.
    assert doc.active_weighing is None and not doc.handout
    assert [n.id for n in doc.nodes] == [n.id for n in teacher.nodes]
    assert W.capture(doc, "a").values == W.capture(teacher, "a").values
    assert doc.author == teacher.author


def test_broken_files_are_skipped_each_with_a_one_line_reason(collected, klass):
    reasons = {s.file: s.reason for s in collected.skipped}
    assert set(reasons) == set(klass["skipped"])
    for file, expected in klass["skipped"].items():
        assert reasons[file].startswith(expected), (file, reasons[file])
        assert "\n" not in reasons[file]
    assert collected.doc.skipped == collected.skipped
    lines = collect_report(collected)
    assert lines[-1] == "19 students collected, 7 files skipped."
    assert "kept     Sam Added" in "\n".join(lines)
    assert any(line.startswith("kept") and "student-15.argmap.json" in line and "1 structural change" in line
               for line in lines)
    for file, reason in reasons.items():
        if file != "student-99.argmap.json":
            assert f"skipped  {file}: {reason}" in lines
    # The reason kept in the class map names no student (anonymous reports show it); the report says whose.
    assert ("skipped  student-99.argmap.json: a duplicate student name ('Ada Lovelace', as in "
            "student-01.argmap.json)") in lines
    assert reasons["student-99.argmap.json"] == "a duplicate student name"


def test_a_map_with_layers_counts_with_its_active_weighing(collected, klass, teacher):
    lia = next(w for w in collected.doc.weighings if w.name == "Lia Layers")
    student = klass["good"]["Lia Layers"][1]
    assert student.active_weighing == "again"  # the file has layers of its own
    assert weighing_values(lia) == own_values(student, teacher)
    assert weighing_values(lia) != weighing_values(W.find(student, W.AUTHOR))


def test_structural_changes_are_listed_per_student(collected, klass):
    changes = {w.name: w.changes for w in collected.doc.weighings}
    sam = changes["Sam Added"]
    assert [(c.kind, c.node, c.parent) for c in sam] == [("added", "sam-1", klass["added_parent"])]
    assert [n.id for n in sam[0].branch] == ["sam-1", "sam-2"]
    assert [(c.kind, c.node) for c in changes["Dee Deleted"]] == [("deleted", klass["deleted"])]
    assert [(c.kind, c.node) for c in changes["Rae Reworded"]] == [("reworded", klass["reworded"])]
    assert "Said more plainly: " in changes["Rae Reworded"][0].detail
    moved, target = klass["moved"]
    assert [(c.kind, c.node, c.parent) for c in changes["Moe Moved"]] == [("moved", moved, target)]
    quiet = [name for name, c in changes.items() if name not in ("Sam Added", "Dee Deleted", "Rae Reworded", "Moe Moved")]
    assert quiet and all(changes[name] == [] for name in quiet)
    # The added branch's values are not among Sam's values: the class map has no such nodes.
    sam_w = next(w for w in collected.doc.weighings if w.name == "Sam Added")
    assert not {"sam-1", "sam-2"} & set(sam_w.values)


def test_class_view_numbers_agree_with_scoring_each_student_file_alone(collected, klass, teacher):
    view = class_view(collected.doc)
    good = klass["good"]
    expected: dict[str, dict[str, float | None]] = {}
    for name, (_, student) in good.items():
        scores = score(on_the_teachers_map(teacher, student))
        expected[name] = {o.node_id: o.overall for o in scores.options}
        if name not in ("Sam Added", "Dee Deleted", "Moe Moved"):
            # A copy whose structure is the map's scores the same on its own.
            alone = score(student)
            assert {o.node_id: o.overall for o in alone.options} == pytest.approx(expected[name], abs=1e-9)
    by_name = {s.name: s for s in view.students}
    leaders = {}
    for name, scores in expected.items():
        assert by_name[name].scores == pytest.approx(scores, abs=1e-9)
        weighed = {o: x for o, x in scores.items() if x is not None}
        leaders[name] = max(weighed, key=weighed.get) if weighed else None
        assert by_name[name].leader == leaders[name]
    with_leader = [x for x in leaders.values() if x is not None]
    assert len(with_leader) == 19
    for o in view.options:
        xs = [expected[name][o.id] for name in good if expected[name][o.id] is not None]
        assert o.mean == pytest.approx(sum(xs) / len(xs))
        assert o.median == pytest.approx(statistics.median(xs))
        assert (o.min, o.max) == pytest.approx((min(xs), max(xs)))
        assert o.leads == with_leader.count(o.id)
        assert o.lead_share == pytest.approx(with_leader.count(o.id) / len(with_leader))
    # The seeded class does not agree: more than one option leads for someone.
    assert sum(1 for o in view.options if o.leads) >= 2


def test_without_the_teachers_map_the_class_map_is_the_first_copy_of_the_shared_question(klass, teacher):
    # 'bad-other-question' sorts first and is readable, but most copies ask the scenario's question.
    got = collect([klass["folder"]])
    first = klass["good"]["Ada Lovelace"][1]
    assert [n.id for n in got.doc.nodes] == [n.id for n in teacher.nodes]
    assert W.capture(got.doc, "a").values == W.capture(first, "a").values
    assert got.doc.author == "" and not got.doc.handout and got.doc.weighings[0].name == "Ada Lovelace"
    assert len(got.kept) == 19
    assert {s.file for s in got.skipped} == set(klass["skipped"])


def test_keeping_broken_files_where_possible(klass, teacher):
    got = collect([klass["folder"]], base=teacher, on_problem="keep")
    names = [w.name for w in got.doc.weighings]
    assert "Ada Lovelace (2)" in names and "Ivy Impact" in names and len(names) == 21
    ivy = next(w for w in got.doc.weighings if w.name == "Ivy Impact")
    assert all(teacher.impact_scale.min <= x <= teacher.impact_scale.max
               for v in ivy.values.values() for x in v.impact.values())
    notes = {n.file: n.reason for n in got.notes}
    assert notes["student-99.argmap.json"].endswith("kept as 'Ada Lovelace (2)'")
    assert "outside the map's scale left out" in notes["bad-impact.argmap.json"]
    assert {s.file for s in got.skipped} == set(klass["skipped"]) - {"student-99.argmap.json", "bad-impact.argmap.json"}
    with pytest.raises(Exception, match="'maybe' is not a way"):
        collect([klass["folder"]], on_problem="maybe")  # type: ignore[arg-type]


def test_adopting_a_students_branch_and_undoing_it(collected):
    doc = collected.doc.model_copy(deep=True)
    doc.invalidate()
    before = doc.model_copy(deep=True)
    sam = next(w for w in doc.weighings if w.name == "Sam Added")
    inverse = AdoptChange(sam.id, 0).apply(doc)
    assert doc.node("sam-2").parent == "sam-1" and W.find(doc, sam.id).changes == []
    assert class_view(doc).student(sam.id).scores != class_view(before).student(sam.id).scores
    inverse.apply(doc)
    assert doc == before


def test_the_class_map_round_trips_with_what_was_skipped(collected, tmp_path):
    out = tmp_path / "class.argmap.json"
    jsondoc.write(collected.doc, out)
    again = jsondoc.read(out)
    assert again == collected.doc
    assert [(s.file, s.reason) for s in again.skipped] == [(s.file, s.reason) for s in collected.skipped]


def test_a_generated_map_collects_the_same_way(tmp_path):
    teacher = generate(300, seed=5)
    rng = random.Random(9)
    for i in range(6):
        copy = handout(teacher)
        copy.author = f"Student {i}"
        weigh(copy, rng)
        jsondoc.write(copy, tmp_path / f"g{i}.argmap.json")
    got = collect([tmp_path], base=teacher)
    assert len(got.kept) == 6 and got.skipped == []
    view = class_view(got.doc)
    for w, s in zip(got.doc.weighings, view.students):
        student = jsondoc.read(tmp_path / w.file)
        assert weighing_values(w) == own_values(student, teacher)
        assert s.scores == pytest.approx({o.node_id: o.overall for o in score(student).options}, abs=1e-9)


def test_files_listed_twice_empty_folders_and_nothing_to_collect(tmp_path, teacher):
    copy = handout(teacher)
    copy.author = "Solo"
    jsondoc.write(copy, tmp_path / "solo.argmap.json")
    empty = tmp_path / "empty"
    empty.mkdir()
    got = collect([tmp_path / "solo.argmap.json", tmp_path / "solo.argmap.json", empty])
    assert got.kept == ["solo.argmap.json"]
    assert {(s.file, s.reason) for s in got.skipped} == {
        ("solo.argmap.json", "the same file is listed twice"),
        (str(empty), "a folder with no *.argmap.json files in it")}
    (tmp_path / "junk.argmap.json").write_text("[]", encoding="utf-8")
    none = collect([tmp_path / "junk.argmap.json", tmp_path / "missing.argmap.json"])
    assert none.kept == [] and none.doc.nodes == [] and none.doc.weighings == []
    assert [(s.file, s.reason) for s in none.skipped] == [
        ("junk.argmap.json", 'expected a JSON object with "format": "argmap"'),
        ("missing.argmap.json", "no such file")]
    assert student_files([tmp_path], exclude=[tmp_path / "junk.argmap.json"]) == [tmp_path / "solo.argmap.json"]


def test_handout_keeps_the_map_and_marks_a_student_copy(teacher):
    doc = teacher.model_copy(deep=True)
    doc.invalidate()
    E.SetTour(tuple(n.id for n in doc.nodes[:4])).apply(doc)
    doc.author = "Ms Teacher"
    W.AddWeighing(W.capture(doc, "s1", "Old student")).apply(doc)
    before = doc.model_copy(deep=True)
    copy = handout(doc)
    assert copy.handout and copy.author == "" and copy.weighings == [] and copy.active_weighing is None
    assert copy.tour == doc.tour and copy.sources == doc.sources and copy.sources
    assert W.capture(copy, "a").values == W.capture(doc, "a").values
    assert doc == before
    blank = handout(doc, blank=True)
    assert all(n.likelihood is None and n.impact == {} and n.strength is None for n in blank.nodes)
    assert blank.tour == doc.tour and blank.sources == doc.sources and blank.handout
    assert [n.text for n in blank.nodes] == [n.text for n in doc.nodes]
    assert [p.weight for p in blank.perspectives] == [p.weight for p in doc.perspectives]


def test_handout_of_a_class_map_showing_a_student_carries_the_authors_values(collected, teacher):
    doc = collected.doc.model_copy(deep=True)
    doc.invalidate()
    W.SwitchWeighing(doc.weighings[3].id).apply(doc)
    copy = handout(doc)
    assert W.capture(copy, "a").values == W.capture(teacher, "a").values
    assert copy.weighings == [] and copy.skipped == []


def test_the_class_view_updated_after_an_edit_equals_a_fresh_one(collected):
    doc = collected.doc.model_copy(deep=True)
    doc.invalidate()
    view = class_view(doc)
    student = doc.weighings[4].id
    consequence = next(n for n in doc.nodes if n.kind is Kind.CONSEQUENCE and n.likelihood is not None
                       and doc.parent(n.id).kind is not Kind.SCENARIO)
    con = next(n for n in doc.nodes if n.kind is Kind.CON and n.strength is not None)
    option = next(n for n in doc.nodes if n.kind is Kind.OPTION)
    perspective = doc.perspectives[0].id
    steps = [  # (the edit, whether the view is updated in place rather than made afresh)
        (W.SwitchWeighing(student), True),  # the same values, now on the nodes
        (E.SetLikelihood(consequence.id, 0.02), True),
        (E.SetImpact(option.id, perspective, 7.0), True),
        (E.SetStrength(con.id, None), True),  # unweighed by this student now
        (E.SetPerspectiveWeight(perspective, 9.0), True),
        (W.RenameWeighing(doc.weighings[0].id, "Renamed"), True),
        (E.SetLikelihood(consequence.id, 0.9), None),  # edited, and switched away before the view followed
        (W.SwitchWeighing(doc.weighings[7].id), True),
        (E.SetLikelihood(consequence.id, 0.3), True),
        (E.SetText(consequence.id, "New words"), False),  # the wording changed
        (W.SwitchWeighing(None), False),  # the author's weighing is not in the class view
        (E.SetLikelihood(consequence.id, 0.5), False),
    ]
    for edit, in_place in steps:
        edit.apply(doc)
        if in_place is None:
            continue
        before = view
        view = view.update(doc)
        assert (view is before) == in_place, edit
        fresh = class_view(doc)
        assert view.students == fresh.students, edit
        assert view.options == fresh.options and view.by_median == fresh.by_median and view.by_mean == fresh.by_mean
        assert view.mean == fresh.mean
        assert view.hotspots == fresh.hotspots and view.contested == fresh.contested
    assert view.student(doc.weighings[0].id).name == "Renamed"
