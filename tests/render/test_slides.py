"""Slides: the tour as a 16:9 PDF, one page per step, with text of 18 pt or more."""

from __future__ import annotations

import threading

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTPage, LTTextContainer
from pdftext import chars
from pdfminer.pdfpage import PDFPage

from argmap.cli import main
from argmap.io import jsondoc, read
from argmap.model.document import Kind
from argmap.model.tour import effective_tour
from argmap.paths import bundled_scenario
from argmap.render.images import ExportCancelled
from argmap.render.slides import numbers_from, write_slides
from argmap.scoring import score

SCENARIO = str(bundled_scenario())


@pytest.fixture(autouse=True)
def _application(qapp):
    return qapp


@pytest.fixture(scope="module")
def scenario_pdf(tmp_path_factory):
    doc = read(SCENARIO)
    path = tmp_path_factory.mktemp("slides") / "slides.pdf"
    calls = []
    line = write_slides(doc, path, progress=lambda done, total: calls.append((done, total)))
    return doc, path, line, calls, list(extract_pages(str(path)))


def _page_count(path) -> int:
    with open(path, "rb") as f:
        return sum(1 for _ in PDFPage.get_pages(f))


def _text(page: LTPage) -> str:
    return " ".join(" ".join(t.get_text().split()) for t in page if isinstance(t, LTTextContainer))


def test_one_16_by_9_page_per_tour_step(scenario_pdf):
    doc, path, line, calls, pages = scenario_pdf
    steps, _ = effective_tour(doc, score(doc))
    assert len(pages) == len(steps) == 25
    assert line == f"{path}: 25 slides (16:9)"
    for page in pages:
        x0, y0, x1, y1 = page.bbox  # the media box
        assert (x1 - x0, y1 - y0) == pytest.approx((960, 540), abs=0.5)  # 13.33 × 7.5 in
    assert calls == [(k, 25) for k in range(1, 26)]
    assert not [p for p in path.parent.iterdir() if p.name != "slides.pdf"]  # no temporary file left


def test_every_character_is_18_points_or_more(scenario_pdf):
    *_, pages = scenario_pdf
    sizes = [c.size for page in pages for c in chars(page)]
    assert len(sizes) > 2000
    assert min(sizes) >= 18.0


def test_slides_reveal_the_tour_in_order(scenario_pdf):
    doc, _, _, _, pages = scenario_pdf
    steps, _ = effective_tour(doc, score(doc))
    first = _text(pages[0])
    assert doc.node(doc.question).title in first and "1 / 25" in first
    options = [doc.node(s) for s in steps if doc.node(s).kind == Kind.OPTION]
    assert not any(o.title in first for o in options)  # the options come on later slides
    assert options[0].title in _text(pages[1]) and options[1].title not in _text(pages[1])
    for k, nid in enumerate(steps):  # each slide shows the node it is about
        assert " ".join(doc.node(nid).title.split()[:2]) in _text(pages[k]), k


def test_numbers_come_after_the_options(scenario_pdf):
    doc, _, _, _, pages = scenario_pdf
    steps, _ = effective_tour(doc, score(doc))
    first = numbers_from(doc, steps)
    assert first == 4  # the question and three options without numbers
    for k, page in enumerate(pages):
        text = _text(page)
        has_numbers = "score " in text or "p 0." in text or "s 0." in text
        assert has_numbers == (k >= first), k


def test_a_tour_with_a_missing_node_gives_a_page_per_remaining_step(tmp_path):
    doc = read(SCENARIO)
    doc.tour = [doc.question, "no-such-node", "opt_us"]
    line = write_slides(doc, tmp_path / "s.pdf", numbers=True)
    # The missing step is named in the line the exporter prints.
    assert line.endswith(": 2 slides (16:9); left out 1 tour step(s) naming no node of the map: no-such-node")
    pages = list(extract_pages(str(tmp_path / "s.pdf")))
    assert len(pages) == 2 and "score " in _text(pages[1])


def test_cancel_leaves_no_file(tmp_path):
    doc = read(SCENARIO)
    flag = threading.Event()
    with pytest.raises(ExportCancelled):
        write_slides(doc, tmp_path / "s.pdf", progress=lambda done, total: done == 3 and flag.set(), cancel=flag)
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_writes_slides(tmp_path, capsys):
    out = tmp_path / "deck.pdf"
    assert main(["export", SCENARIO, "-o", str(out), "--slides"]) == 0
    assert capsys.readouterr().out.strip() == f"{out}: 25 slides (16:9)"
    assert _page_count(out) == 25
    assert main(["export", SCENARIO, "-o", str(tmp_path / "deck.png"), "--slides"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --slides does not apply") and "Traceback" not in err
    doc = read(SCENARIO)
    doc.tour = ["opt_neutral", "opt_taliban"]
    mine = tmp_path / "mine.argmap.json"
    jsondoc.write(doc, mine)
    assert main(["export", str(mine), "-o", str(tmp_path / "mine.pdf"), "--slides"]) == 0
    assert capsys.readouterr().out.strip().endswith("mine.pdf: 2 slides (16:9)")


def test_an_empty_map_is_one_clear_error_and_no_file(tmp_path, capsys):
    from argmap.errors import ExportError
    from argmap.model.document import Document

    with pytest.raises(ExportError, match="empty"):
        write_slides(Document(), tmp_path / "s.pdf")
    jsondoc.write(Document(), tmp_path / "empty.argmap.json")
    assert main(["export", str(tmp_path / "empty.argmap.json"), "-o", str(tmp_path / "s.pdf"), "--slides"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: The map is empty") and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.argmap.json"]
