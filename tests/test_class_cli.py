"""`argmap class handout|collect|report`: in-process through main, and one subprocess run."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.io import jsondoc, read
from argmap.io.classroom import handout
from argmap.model import Kind
from argmap.paths import bundled_scenario
from argmap.scoring.classroom import class_view
from benchmarks.generate import generate

NAMES = ["Ana Diaz", "Bo Yang", "Cy Obi", "Dita Roy", "Ed Ng"]


@pytest.fixture
def teacher(tmp_path) -> Path:
    path = tmp_path / "teacher.argmap.json"
    jsondoc.write(read(bundled_scenario()), path)
    return path


def _student(teacher: Path, name: str, rng: random.Random):
    copy = handout(jsondoc.read(teacher))
    copy.author = name
    for node in copy.nodes:
        parent = copy.parent(node.id)
        if node.likelihood is not None and parent is not None and parent.kind is not Kind.SCENARIO:
            node.likelihood = round(rng.uniform(0.05, 0.95), 2)
        if node.strength is not None:
            node.strength = round(rng.uniform(0.0, 1.0), 2)
    return copy


@pytest.fixture
def folder(tmp_path, teacher) -> Path:
    """Five students' copies and three broken files."""
    rng = random.Random(1)
    out = tmp_path / "inbox"
    out.mkdir()
    for i, name in enumerate(NAMES):
        jsondoc.write(_student(teacher, name, rng), out / f"{i}-{name.split()[0].lower()}.argmap.json")
    (out / "9-bin.argmap.json").write_bytes(bytes(range(256)))
    (out / "9-other.argmap.json").write_bytes(jsondoc.dumps(generate(20, seed=2)))
    (out / "9-same-name.argmap.json").write_bytes((out / "0-ana.argmap.json").read_bytes())
    return out


def test_handout_writes_a_student_copy(teacher, tmp_path, capsys):
    out = tmp_path / "student.argmap.json"
    assert main(["class", "handout", str(teacher), "-o", str(out), "--blank"]) == 0
    title = jsondoc.read(teacher).title
    assert capsys.readouterr().out == f"{out}: student copy of '{title}' with the author's numbers removed\n"
    copy = jsondoc.read(out)
    assert copy.handout and copy.author == "" and copy.weighings == []
    assert all(n.likelihood is None and not n.impact and n.strength is None for n in copy.nodes)
    assert main(["class", "handout", str(teacher), "-o", str(out)]) == 0
    assert "numbers kept as a starting point" in capsys.readouterr().out
    kept = jsondoc.read(out)
    assert kept.handout and [n.likelihood for n in kept.nodes] == [n.likelihood for n in jsondoc.read(teacher).nodes]


def test_handout_errors_are_one_line_naming_the_file(teacher, tmp_path, capsys):
    assert main(["class", "handout", str(tmp_path / "nope.argmap.json"), "-o", str(tmp_path / "s.argmap.json")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"error: {tmp_path / 'nope.argmap.json'}: no such file"
    assert main(["class", "handout", str(teacher), "-o", str(tmp_path / "s.pdf")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {tmp_path / 's.pdf'}: a map is written as an .argmap.json file")
    assert not (tmp_path / "s.argmap.json").exists() and not (tmp_path / "s.pdf").exists()
    assert main(["class", "handout", str(teacher)]) == 2
    assert main(["class"]) == 2
    assert "class needs a step" in capsys.readouterr().err


def test_collect_prints_the_report_and_writes_the_class_map(folder, teacher, tmp_path, capsys):
    out = tmp_path / "class.argmap.json"
    assert main(["class", "collect", str(folder), "-o", str(out), "--map", str(teacher)]) == 0
    lines = capsys.readouterr().out.splitlines()
    kept = [line for line in lines if line.startswith("kept")]
    assert [line.removeprefix("kept").strip().split("  ")[0] for line in kept] == NAMES
    assert all("values, 0 structural changes" in line for line in kept)
    skipped = {line.split(":")[0].removeprefix("skipped").strip(): line for line in lines if line.startswith("skipped")}
    assert set(skipped) == {"9-bin.argmap.json", "9-other.argmap.json", "9-same-name.argmap.json"}
    assert skipped["9-bin.argmap.json"].endswith("the file is binary, not an argmap JSON document")
    assert "a map of another question" in skipped["9-other.argmap.json"]
    assert skipped["9-same-name.argmap.json"].endswith("a duplicate student name ('Ana Diaz', as in 0-ana.argmap.json)")
    assert lines[-2] == "5 students collected, 3 files skipped."
    assert lines[-1] == f"{out}: class map with 5 weighings"
    doc = jsondoc.read(out)
    assert [w.name for w in doc.weighings] == NAMES
    assert [s.file for s in doc.skipped] == ["9-bin.argmap.json", "9-other.argmap.json", "9-same-name.argmap.json"]
    assert len(class_view(doc).students) == 5


def test_collect_into_the_students_folder_twice_leaves_the_class_map_out(folder, capsys):
    out = folder / "class.argmap.json"
    assert main(["class", "collect", str(folder), "-o", str(out), "--keep-broken"]) == 0
    first = capsys.readouterr().out
    assert "kept     Ana Diaz (2)" in first and "6 students collected, 2 files skipped." in first
    assert main(["class", "collect", str(folder), "-o", str(out), "--keep-broken"]) == 0
    again = capsys.readouterr().out
    assert "class.argmap.json" not in again.replace(f"{out}: class map", "")
    assert "6 students collected, 2 files skipped." in again
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_nothing_collected_fails_and_leaves_an_existing_class_map_alone(folder, tmp_path, capsys):
    out = tmp_path / "class.argmap.json"
    out.write_text("the class map from last week", encoding="utf-8")
    bad = [str(folder / "9-bin.argmap.json"), str(tmp_path / "missing.argmap.json")]
    assert main(["class", "collect", *bad, "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "skipped  missing.argmap.json: no such file" in captured.out
    assert "0 students collected, 2 files skipped." in captured.out
    assert captured.err.splitlines()[0] == (
        f"error: {out}: no student's copy could be collected; the class map was not written")
    assert out.read_text(encoding="utf-8") == "the class map from last week"
    fresh = tmp_path / "fresh.argmap.json"
    assert main(["class", "collect", *bad, "-o", str(fresh)]) == 1 and not fresh.exists()


def test_collect_errors_are_one_line_naming_the_file(folder, tmp_path, capsys):
    missing = tmp_path / "teachers.argmap.json"
    assert main(["class", "collect", str(folder), "-o", str(tmp_path / "c.argmap.json"), "--map", str(missing)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"error: {missing}: no such file" and len(err) == 2 and err[1].startswith("hint: ")
    assert main(["class", "collect", str(folder), "-o", str(tmp_path / "c.md")]) == 1
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'c.md'}: a map is written as an .argmap.json")
    assert main(["class", "collect", "-o", str(tmp_path / "c.argmap.json")]) == 2


def test_report_json_markdown_and_anonymous(folder, teacher, tmp_path, capsys):
    out = tmp_path / "class.argmap.json"
    assert main(["class", "collect", str(folder), "-o", str(out), "--map", str(teacher)]) == 0
    capsys.readouterr()
    assert main(["class", "report", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"students", "options", "hotspots", "skipped", "suggestions"} <= set(data)
    assert [s["name"] for s in data["students"]] == NAMES
    view = class_view(jsondoc.read(out))
    assert [s["scores"] for s in data["students"]] == [s.scores for s in view.students]
    assert [o["median"] for o in data["options"]] == [o.median for o in view.options]
    assert {s["file"] for s in data["skipped"]} == {"9-bin.argmap.json", "9-other.argmap.json", "9-same-name.argmap.json"}
    md = tmp_path / "report.md"
    assert main(["class", "report", str(out), "-o", str(md), "--anonymous"]) == 0
    assert capsys.readouterr().out.startswith(f"{md}: class report, 5 students")
    text = md.read_text(encoding="utf-8")
    assert not any(name in text for name in NAMES) and "0-ana.argmap.json" not in text
    assert main(["class", "report", str(out), "--json", "--anonymous"]) == 0
    anonymous = capsys.readouterr().out
    assert not any(name in anonymous for name in NAMES)
    assert main(["class", "report", str(out)]) == 2
    assert capsys.readouterr().err == "error: report needs -o OUT.md|OUT.pdf, or --json\n"
    assert main(["class", "report", str(tmp_path / "none.argmap.json"), "--json"]) == 1
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'none.argmap.json'}: no such file")


def test_subprocess_smoke(folder, tmp_path):
    out = tmp_path / "class.argmap.json"
    run = subprocess.run([sys.executable, "-m", "argmap", "class", "collect", str(folder), "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "5 students collected, 3 files skipped." in run.stdout and out.exists()
