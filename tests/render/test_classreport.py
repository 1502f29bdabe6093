"""The class report: its JSON against the class view and each student's own scores, the Markdown, the PDF."""

from __future__ import annotations

import json
import math
import random
import re
import statistics
from types import SimpleNamespace

import pytest
from pdfminer.high_level import extract_pages

from argmap.errors import ExportError
from argmap.io import read
from argmap.model import weighings as W
from argmap.model.document import Change, Document, Kind, Node
from argmap.paths import bundled_scenario
from argmap.render.classreport import TOP_HOTSPOTS, debate_pairs, report_data, report_markdown, write_report
from argmap.render.textpdf import count_pages
from argmap.scoring import score
from argmap.scoring.classroom import class_view
from pdftext import chars

STUDENTS = 30
SECTIONS = ["## Class ranking", "## Distribution of scores", "## Hot-spots: where the class disagrees",
            "## Suggested changes to the map", "## Skipped files", "## Debate pairs"]
SKIPPED = [("zoe-broken.argmap.json", "zoe-broken.argmap.json is not an argument map"),
           ("max.txt", "not a map file")]


def make_class(n: int, seed: int = 2024) -> Document:
    """The bundled map with n students' weighings, each value re-drawn at random."""
    doc = read(bundled_scenario())
    rng = random.Random(seed)
    parties = [p.id for p in doc.perspectives]
    for i in range(n):
        w = W.capture(doc, f"s{i}", f"Student {i:02d}", file=f"student-{i:02d}.argmap.json")
        for v in w.values.values():
            if v.likelihood is not None:
                v.likelihood = round(rng.uniform(0, 1), 2)
            if v.strength is not None:
                v.strength = round(rng.uniform(0, 1), 2)
            for k in v.impact:
                v.impact[k] = round(max(-10.0, min(10.0, v.impact[k] + rng.uniform(-6, 6))), 1)
        for p in parties:
            w.weights[p] = rng.choice([0.1, 0.5, 1.0, 3.0])
        W.AddWeighing(w).apply(doc)
    return doc


def put_skipped(doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files left out of the class, stored the way the class map stores them."""
    if "skipped" in Document.model_fields:
        from argmap.model.document import SkippedFile  # type: ignore[attr-defined]

        monkeypatch.setattr(doc, "skipped", [SkippedFile(file=f, reason=r) for f, r in SKIPPED])
    else:
        monkeypatch.setattr(Document, "skipped", [SimpleNamespace(file=f, reason=r) for f, r in SKIPPED],
                            raising=False)


@pytest.fixture(scope="module")
def classroom() -> Document:
    doc = make_class(STUDENTS)
    option = next(n for n in doc.nodes if n.kind is Kind.OPTION)
    pro = next(n for n in doc.nodes if n.kind is Kind.PRO)
    added = Node(id="new_pro", kind=Kind.PRO, text="Mediation earns aid", parent=option.id, strength=0.6)
    doc.weighings[3].changes = [Change(kind="added", node="new_pro", parent=option.id, branch=[added])]
    doc.weighings[7].changes = [Change(kind="deleted", node=pro.id),
                                Change(kind="reworded", node=pro.id, detail="It helps the talks")]
    return doc


@pytest.fixture(scope="module")
def view(classroom):
    return class_view(classroom)


@pytest.fixture(scope="module")
def data(classroom, view):
    return report_data(classroom, view)


def test_each_students_scores_are_the_class_views_and_what_score_gives_for_that_weighing_alone(classroom, view,
                                                                                              data):
    assert report_data(classroom) == data  # the class view is made when none is given
    assert [s["name"] for s in data["students"]] == [f"Student {i:02d}" for i in range(STUDENTS)]
    assert [s["file"] for s in data["students"]] == [f"student-{i:02d}.argmap.json" for i in range(STUDENTS)]
    for entry, student in zip(data["students"], view.students):
        assert entry["scores"] == student.scores and entry["leader"] == student.leader
        alone = score(W.weighing_document(classroom, student.weighing_id))
        assert entry["scores"] == pytest.approx({o.node_id: o.overall for o in alone.options}, abs=1e-9)
        assert entry["leader"] == alone.leader.node_id


def test_option_statistics_are_recomputed_from_the_students_scores(data, view):
    leaders = [s["leader"] for s in data["students"]]
    assert len(set(leaders)) >= 2
    assert [o["id"] for o in data["options"]] == [o.id for o in view.options]
    for o, stats in zip(data["options"], view.options):
        xs = [s["scores"][o["id"]] for s in data["students"]]
        assert (o["mean"], o["median"], o["min"], o["max"]) == (stats.mean, stats.median, stats.min, stats.max)
        assert o["mean"] == pytest.approx(statistics.fmean(xs)) and o["median"] == pytest.approx(statistics.median(xs))
        assert (o["min"], o["max"]) == (min(xs), max(xs))
        assert o["leads"] == leaders.count(o["id"]) and o["lead_share"] == pytest.approx(o["leads"] / STUDENTS)


def test_hotspots_are_the_class_views_ranked(data, view):
    assert len(data["hotspots"]) == len(view.hotspots) > TOP_HOTSPOTS
    for h, spot in zip(data["hotspots"], view.hotspots):
        assert (h["node"], h["input"], h["perspective"], h["rank"]) == (spot.node, spot.input, spot.perspective,
                                                                          spot.rank)
        assert (h["mean"], h["spread"], h["swing"]) == (spot.mean, spot.spread, spot.swing)
    assert [h["rank"] for h in data["hotspots"]] == list(range(1, len(view.hotspots) + 1))


def test_the_agreed_keys_are_there_and_the_json_is_strict(data):
    assert {"students", "options", "hotspots", "skipped", "suggestions"} <= data.keys()
    assert all({"name", "file", "leader", "scores"} <= s.keys() for s in data["students"])
    assert all({"id", "mean", "median", "min", "max", "leads", "lead_share"} <= o.keys() for o in data["options"])
    assert all({"node", "input", "perspective", "mean", "spread", "swing", "rank"} <= h.keys()
               for h in data["hotspots"])
    assert all({"student", "change", "node"} <= s.keys() for s in data["suggestions"])
    json.dumps(data, allow_nan=False)


def test_numbers_that_are_not_finite_become_null(classroom):
    view = class_view(classroom)
    view.options[0].mean = math.nan
    view.hotspots[0].swing = math.inf
    view.students[0].scores[view.options[1].id] = -math.inf
    data = report_data(classroom, view)
    assert data["options"][0]["mean"] is None and data["hotspots"][0]["swing"] is None
    assert data["students"][0]["scores"][view.options[1].id] is None
    json.dumps(data, allow_nan=False)


def test_suggestions_come_from_every_weighings_changes(classroom, data):
    pro = classroom.weighings[7].changes[0].node
    assert [(s["student"], s["change"], s["node"]) for s in data["suggestions"]] == [
        ("Student 03", "added", "new_pro"), ("Student 07", "deleted", pro), ("Student 07", "reworded", pro)]
    text = report_markdown(classroom)
    section = text.split("## Suggested changes to the map")[1].split("\n## ")[0]
    assert "**Student 03**" in section and "adds “Mediation earns aid” under" in section
    assert f"deletes “{classroom.node(pro).label}”" in section and ": It helps the talks" in section


def test_skipped_files_are_listed_with_their_reasons(classroom, monkeypatch):
    put_skipped(classroom, monkeypatch)
    assert report_data(classroom)["skipped"] == [{"file": f, "reason": r} for f, r in SKIPPED]
    section = report_markdown(classroom).split("## Skipped files")[1].split("\n## ")[0]
    assert "- `zoe-broken.argmap.json`: zoe-broken.argmap.json is not an argument map" in section
    assert "- `max.txt`: not a map file" in section


def test_anonymous_shows_codes_and_no_names_nor_files(classroom, monkeypatch):
    put_skipped(classroom, monkeypatch)
    data = report_data(classroom, anonymous=True)
    assert [s["name"] for s in data["students"]] == [W.code_for(f"Student {i:02d}") for i in range(STUDENTS)]
    assert all(s["file"] is None for s in data["students"]) and all(s["file"] is None for s in data["skipped"])
    assert {s["student"] for s in data["suggestions"]} == {W.code_for("Student 03"), W.code_for("Student 07")}
    for text in (json.dumps(data, ensure_ascii=False), report_markdown(classroom, anonymous=True)):
        assert not re.search(r"Student \d", text) and ".argmap.json" not in text
        assert "zoe" not in text and "max.txt" not in text
        assert W.code_for("Student 12") in text


def test_markdown_has_every_section_the_ranking_and_the_top_hotspots(classroom, view):
    text = report_markdown(classroom, view)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [f"# Class report: {classroom.title}"] + SECTIONS
    assert f"{STUDENTS} students weighed this map" in text
    ranking = text.split("## Class ranking")[1].split("\n## ")[0]
    rows = [line for line in ranking.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [r.split(" | ")[1] for r in rows] == [next(o.label for o in view.options if o.id == oid)
                                                for oid in view.by_median]
    best = next(o for o in view.options if o.id == view.by_median[0])
    assert f"| {best.leads} students ({best.lead_share:.0%}) |" in rows[0]
    hot = text.split("## Hot-spots")[1].split("\n## ")[0]
    rows = [line for line in hot.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [int(r.split(" | ")[0][2:]) for r in rows] == list(range(1, TOP_HOTSPOTS + 1))
    # Each row's histogram has a block in every bin some student's value falls in, and only there.
    for row, spot in zip(rows, view.hotspots):
        strip = re.search(r"`\S+ (\S+) \S+` \|$", row).group(1)
        lo, hi = (classroom.impact_scale.min, classroom.impact_scale.max) if spot.input == "impact" else (0.0, 1.0)
        filled = {min(9, int((x - lo) / (hi - lo) * 10)) for x in spot.values}
        assert len(strip) == 10 and {k for k, ch in enumerate(strip) if ch != "·"} == filled
        assert "█" in strip


def test_map_and_student_text_stays_inert(qapp):
    doc = make_class(3)
    doc.title = "<script>alert(1)</script> # x"
    doc.weighings[0].name = "# Mallory <b>bold</b> | cell"
    option = next(n for n in doc.nodes if n.kind is Kind.OPTION)
    option.title = "*stars* [link](http://x)"
    text = report_markdown(doc)
    assert "<script>" not in text and "<b>" not in text and "[link](" not in text
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [r"# Class report: \<script\>alert(1)\</script\> \# x"] + SECTIONS

    from PySide6.QtGui import QTextDocument

    shown = QTextDocument()
    shown.setMarkdown(text)
    plain = shown.toPlainText()
    assert "<script>alert(1)</script> # x" in plain and "# Mallory <b>bold</b> | cell" in plain
    assert "*stars* [link](http://x)" in plain


def test_debate_pairs_have_different_leaders_the_most_different_first(view):
    across, within, alone = debate_pairs(view)
    everyone = [s.weighing_id for a, b, _ in across + within for s in (a, b)] + [s.weighing_id for s in alone]
    assert sorted(everyone) == sorted(s.weighing_id for s in view.students)
    assert all(a.leader != b.leader for a, b, _ in across) and all(a.leader == b.leader for a, b, _ in within)
    assert len({a.leader for a, _, _ in within}) <= 1
    assert len(alone) <= 1

    def centred(s):
        m = statistics.fmean(s.scores.values())
        return [s.scores[o.id] - m for o in view.options]

    def apart(a, b):
        return math.dist(centred(a), centred(b))

    farthest = max(apart(a, b) for a in view.students for b in view.students if a.leader != b.leader)
    assert across[0][2] == pytest.approx(farthest)
    assert [d for _, _, d in across] == sorted((d for _, _, d in across), reverse=True)


def test_pdf_has_the_sections_and_the_charts(classroom, tmp_path):
    path = tmp_path / "report.pdf"
    summary = write_report(classroom, path)
    data = path.read_bytes()
    pages = count_pages(data)
    assert summary == f"{path}: class report, {STUDENTS} students, {pages} pages"
    assert 2 <= pages <= 8
    # One strip chart of the options and one histogram per top hot-spot.
    assert len(re.findall(rb"/Subtype\s*/Image", data)) == 1 + TOP_HOTSPOTS
    text = " ".join("".join(ch.get_text() for page in extract_pages(str(path)) for ch in chars(page)).split())
    for heading in ["Class report", "Class ranking", "Distribution of scores", "Hot-spots", "Debate pairs"]:
        assert heading in text
    assert re.search(r"Student ?00", text)


def test_markdown_and_json_files_and_unknown_formats(classroom, tmp_path):
    md, js = tmp_path / "report.md", tmp_path / "report.json"
    assert write_report(classroom, md) == f"{md}: class report, {STUDENTS} students (Markdown)"
    assert md.read_text(encoding="utf-8") == report_markdown(classroom)
    write_report(classroom, js, anonymous=True)
    assert json.loads(js.read_text(encoding="utf-8")) == report_data(classroom, anonymous=True)
    with pytest.raises(ExportError, match="not a report format"):
        write_report(classroom, tmp_path / "report.docx")
    assert not (tmp_path / "report.docx").exists()


def test_a_class_of_none_or_one_gives_a_short_clear_report(tmp_path):
    empty = read(bundled_scenario())
    text = report_markdown(empty)
    assert "0 students weighed this map" in text and "No student has weighed this map yet" in text
    assert "## Class ranking" not in text and "## Skipped files" in text
    assert report_data(empty)["students"] == [] and report_data(empty)["hotspots"] == []
    assert write_report(empty, tmp_path / "none.pdf") == f"{tmp_path / 'none.pdf'}: class report, 0 students, 1 page"

    one = make_class(1)
    text = report_markdown(one)
    assert "1 student weighed this map" in text and "they need at least two students" in text
    assert "Without a partner: Student 00." in text
    assert [line for line in text.splitlines() if line.startswith("#")][1:] == SECTIONS
    summary = write_report(one, tmp_path / "one.pdf")
    assert summary.startswith(f"{tmp_path / 'one.pdf'}: class report, 1 student, ")
    assert len(re.findall(rb"/Subtype\s*/Image", (tmp_path / "one.pdf").read_bytes())) == 1


def test_many_options_share_the_strip_charts_so_that_each_fits_a_page(tmp_path):
    doc = read(bundled_scenario())
    root = doc.root()
    for i in range(12):
        doc.nodes.append(Node(id=f"extra{i}", kind=Kind.OPTION, text=f"Extra option {i}", parent=root.id,
                              order=10 + i, impact={doc.perspectives[0].id: i - 5.0}))
    doc.invalidate()
    for i in range(2):
        w = W.capture(doc, f"s{i}", f"Student {i}")
        w.weights[doc.perspectives[0].id] = 3.0 * i + 0.5
        W.AddWeighing(w).apply(doc)
    view = class_view(doc)
    assert len(view.options) == 15
    path = tmp_path / "many.pdf"
    write_report(doc, path, view=view)
    images = re.findall(rb"/Subtype\s*/Image\s*/Width\s*(\d+)\s*/Height\s*(\d+)", path.read_bytes())
    assert len(images) == 2 + min(TOP_HOTSPOTS, len(view.hotspots))
    # Drawn at 300 dpi: no chart is taller than an A4 page's text (about 24 cm).
    assert max(int(h) for _, h in images) / 300 * 2.54 < 24
