"""Tiled PDF posters: the tile plan, the pages read back with pdfminer (text sizes, labels, overlap), the
one-page size note, the PNG limit's hint, and the command line's checks of the page options."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from pdftext import chars
from pdfminer.pdfpage import PDFPage

from argmap.cli import main
from argmap.errors import ExportError
from argmap.io import jsondoc
from argmap.paths import bundled_scenario
from argmap.render import images, pages
from argmap.render.exporter import ExportOptions, export, with_view
from argmap.render.scene import Rect
from argmap.render.style import FONT_PX
from benchmarks.generate import generate

SCENARIO = str(bundled_scenario())
MM = 72 / 25.4  # PDF points per mm
EPS = 0.01


@pytest.fixture(scope="module")
def doc():
    return jsondoc.read(bundled_scenario())


@pytest.fixture(scope="module")
def scene(doc, qapp):
    return images.map_scene(doc)


@pytest.fixture(scope="module")
def poster(doc, scene, tmp_path_factory):
    """The scenario tiled on A4 (orientation chosen by the writer), its plan and its pages as pdfminer reads them."""
    path = tmp_path_factory.mktemp("poster") / "poster.pdf"
    line = export(doc, path, ExportOptions(tile=True))
    _, plan, orientation = pages.best_layout(scene, "a4", None)
    return line, plan, orientation, list(extract_pages(path, laparams=None))


def flat(text: str) -> str:
    """Text as compared here: ligatures undone, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


MARGIN_GREYS = [int(c[1:3], 16) / 255 for c in pages.MARGIN_INK]


def is_margin(c: LTChar, page) -> bool:
    """One of the two lines over the map: at the top of the page, in the margin's own greys.

    (Cards cut by a page's top edge leave text there too, outside the clip.)
    """
    top = page.bbox[3] - (pages.MARGIN_MM + pages.HEADER_MM + 0.5) * MM
    color = c.graphicstate.ncolor
    return (c.y0 >= top and isinstance(color, tuple) and len(color) == 3
            and any(all(abs(v - g) < 0.01 for v in color) for g in MARGIN_GREYS))


def header_and_body(page) -> tuple[list[LTChar], list[LTChar]]:
    """The characters of the two margin lines at the top of a page, and the rest."""
    cs = list(chars(page))
    return [c for c in cs if is_margin(c, page)], [c for c in cs if not is_margin(c, page)]


def count_pdf_pages(path) -> int:
    with open(path, "rb") as f:
        return sum(1 for _ in PDFPage.get_pages(f))


# -- the plan --------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_tiles_cover_the_map_with_page_sized_overlapping_tiles(scene, orientation):
    layout = pages.tile_layout("a4", orientation)
    paper = layout.paintRect(layout.Unit.Millimeter)
    plan = pages.plan_tiles(scene, (paper.width(), paper.height()))
    units = 96 / 25.4
    room_w = (paper.width() - 2 * pages.GUTTER_MM) * units
    room_h = (paper.height() - pages.HEADER_MM - 2 * pages.GUTTER_MM) * units
    overlap = pages.OVERLAP_MM * units
    b = scene.bounds
    assert len(plan.tiles) == plan.columns * plan.rows
    for t in plan.tiles:
        assert t.rect.w <= room_w + EPS and t.rect.h <= room_h + EPS
        right, below = plan.tile(t.column + 1, t.row), plan.tile(t.column, t.row + 1)
        if right is not None:
            assert right.rect.x == pytest.approx(t.rect.right - overlap)
        if below is not None:
            assert below.rect.y == pytest.approx(t.rect.bottom - overlap)
    first, last = plan.tiles[0].rect, plan.tiles[-1].rect
    assert first.x <= b.x and first.y <= b.y and last.right >= b.right and last.bottom >= b.bottom
    step_w, step_h = first.w - overlap, first.h - overlap
    assert (plan.columns - 1) * step_w + overlap < b.w or plan.columns == 1  # one column fewer would not do
    assert (plan.rows - 1) * step_h + overlap < b.h or plan.rows == 1


def test_a_tile_is_skipped_exactly_when_nothing_is_drawn_on_it(scene, poster):
    _, plan, _, _ = poster
    boxes = [c.rect for c in scene.cards]
    for e in list(scene.edges) + list(scene.links):
        xs, ys = [p[0] for p in e.points], [p[1] for p in e.points]
        boxes.append(Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    for t in plan.tiles:
        if any(c.rect.intersects(t.rect) for c in scene.cards):
            assert not t.is_empty, t.label
        if not t.is_empty:
            assert any(r.intersects(t.rect.adjusted(41)) for r in boxes), t.label
    assert [t.page for t in plan.printed] == list(range(2, plan.pages + 1))
    assert any(t.is_empty for t in plan.tiles)  # the scenario's map leaves some corners bare


def test_orientation_is_the_one_with_fewer_pages(scene, poster):
    _, plan, orientation, _ = poster
    other = "portrait" if orientation == "landscape" else "landscape"
    _, other_plan, _ = pages.best_layout(scene, "a4", other)
    assert plan.pages <= other_plan.pages


def test_column_names_run_like_spreadsheet_columns():
    assert [pages.column_name(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


# -- the PDF ---------------------------------------------------------------------------


def test_poster_is_the_overview_then_one_page_per_printed_tile(poster):
    line, plan, orientation, pdf = poster
    assert len(pdf) == plan.pages == 1 + len(plan.printed)
    assert f"{plan.pages} pages (a4 {orientation})" in line and "body text 9 pt" in line
    width, height = pdf[0].bbox[2:]
    assert (width > height) == (orientation == "landscape")


def test_tile_pages_keep_titles_and_body_text_at_9_pt(scene, poster):
    _, plan, _, pdf = poster
    sizes = {FONT_PX[role] * 0.75 for role in ("title", "text", "label", "badge", "edge")}
    assert min(sizes) == 6.75
    checked = 0
    for tile in plan.printed:
        page = pdf[tile.page - 1]
        head, body = header_and_body(page)
        assert head and all(c.size >= 9 - EPS for c in head)  # the margin text
        assert body and all(any(abs(c.size - s) < EPS for s in sizes) for c in body)
        large = flat("".join(c.get_text() for c in body if c.size >= 9 - EPS))
        for i in plan.content[(tile.column, tile.row)][0]:
            card = scene.cards[i]
            for text in card.title_lines + card.text_lines:
                assert flat(text) in large, (tile.label, text)
                checked += 1
    assert checked > len(scene.cards)  # every card on at least one page, with its lines


def test_overview_comes_first_with_every_tile_label_and_grey_empty_ones(poster, doc):
    _, plan, _, pdf = poster
    head, body = header_and_body(pdf[0])
    header = flat("".join(c.get_text() for c in head))
    assert flat(doc.title) in header and f"Overview·page1of{plan.pages}" in header
    assert all(c.size >= 9 - EPS for c in head + body)
    text = flat("".join(c.get_text() for c in body))
    grey = flat("".join(c.get_text() for c in body if c.graphicstate.ncolor == pytest.approx((0.62, 0.62, 0.62), abs=0.01)))
    for t in plan.tiles:
        if t.is_empty:
            assert f"{t.label}empty" in grey
        else:
            assert f"{t.label}p.{t.page}" in text and t.label not in grey


def test_each_tile_page_names_its_tile_page_and_neighbours(poster, doc):
    _, plan, _, pdf = poster
    for tile in plan.printed:
        head, _ = header_and_body(pdf[tile.page - 1])
        header = flat("".join(c.get_text() for c in head))
        assert flat(doc.title) in header
        assert f"{tile.label}·page{tile.page}of{plan.pages}" in header
        assert f"Column{pages.column_name(tile.column)},row{tile.row + 1}." in header
        right = plan.tile(tile.column + 1, tile.row)
        if right is not None:
            assert f"right{right.label}" in header


def test_neighbouring_pages_repeat_what_lies_in_their_overlap(scene, poster):
    _, plan, _, pdf = poster
    found = 0
    for tile in plan.printed:
        for other in (plan.tile(tile.column + 1, tile.row), plan.tile(tile.column, tile.row + 1)):
            if other is None or other.is_empty:
                continue
            r, o = tile.rect, other.rect
            strip = Rect(max(r.x, o.x), max(r.y, o.y), min(r.right, o.right) - max(r.x, o.x),
                         min(r.bottom, o.bottom) - max(r.y, o.y))
            assert min(strip.w, strip.h) == pytest.approx(pages.OVERLAP_MM * 96 / 25.4)
            for card in scene.cards:
                if card.rect.intersects(strip) and card.title_lines:
                    title = flat(card.title_lines[0])
                    for t in (tile, other):
                        assert title in flat("".join(c.get_text() for c in chars(pdf[t.page - 1])))
                    found += 1
    assert found > 0


def test_showing_two_levels_needs_fewer_pages(doc, poster, tmp_path):
    _, plan, _, _ = poster
    out = tmp_path / "fold.pdf"
    line = export(doc, out, ExportOptions(tile=True, fold=2))
    assert count_pdf_pages(out) < plan.pages
    assert f"{count_pdf_pages(out)} pages" in line


def test_letter_portrait_and_a_branch(doc, scene, poster, tmp_path):
    _, plan, _, _ = poster
    out = tmp_path / "letter.pdf"
    line = pages.write_tiled_pdf(doc, out, page="letter", orientation="portrait", branch="opt_neutral")
    first = next(extract_pages(out, laparams=None, maxpages=1))
    assert first.bbox[2:] == pytest.approx((612, 792))
    assert "(letter portrait)" in line and count_pdf_pages(out) < plan.pages
    with pytest.raises(ExportError, match="no node with id 'nope'"):
        pages.write_tiled_pdf(doc, tmp_path / "x.pdf", branch="nope")
    with pytest.raises(ExportError) as info:
        pages.write_tiled_pdf(doc, tmp_path / "x.pdf", page="fit")
    assert "'fit'" in str(info.value) and "a4 or" in info.value.hint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]


def test_generated_map_of_1000_nodes(tmp_path, qapp):
    big = generate(1000)
    scene = images.map_scene(big)
    _, plan, _ = pages.best_layout(scene, "a4", None)
    out = tmp_path / "big.pdf"
    line = pages.write_tiled_pdf(big, out)
    assert count_pdf_pages(out) == plan.pages == 1 + len(plan.printed) and plan.pages > 100
    assert f"{plan.pages} pages" in line
    overview = next(extract_pages(out, laparams=None, maxpages=1))
    text = flat("".join(c.get_text() for c in chars(overview)))
    assert all(c.size >= 9 - EPS for c in chars(overview))
    last = plan.tiles[-1]
    assert last.label in text and f"(A–{pages.column_name(plan.columns - 1)})" in text


def test_progress_counts_pages_and_cancel_leaves_no_file(doc, poster, tmp_path):
    _, plan, _, _ = poster
    seen = []
    pages.write_tiled_pdf(doc, tmp_path / "ok.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, plan.pages) for i in range(1, plan.pages + 1)]

    class StopAfter:
        def __init__(self) -> None:
            self.calls = 0

        def is_set(self) -> bool:
            self.calls += 1
            return self.calls > 5

    with pytest.raises(images.ExportCancelled):
        pages.write_tiled_pdf(doc, tmp_path / "stop.pdf", cancel=StopAfter())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.pdf"]


# -- one page, PNG limits, the command line ---------------------------------------------


def test_single_page_pdf_says_how_small_its_text_is(doc, scene, tmp_path):
    out = tmp_path / "one.pdf"
    line = export(doc, out, ExportOptions())
    size = images.pdf_text_size(scene, "a4", None)
    assert size < images.LEGIBLE_PT
    assert f"body text {size:.1f} pt on a4" in line and "--tile" in line
    body = [c.size for c in chars(next(extract_pages(out, laparams=None)))]
    regular = max(set(body), key=body.count)  # body text is the commonest
    assert regular == pytest.approx(size, abs=0.05)
    line = export(doc, tmp_path / "fit.pdf", ExportOptions(page="fit"))
    size = images.pdf_text_size(scene, "fit", None)
    assert size > 8 and f"body text {size:.1f} pt" in line and "--tile" not in line


def test_png_over_the_limit_names_a_fold_that_fits(tmp_path, capsys):
    out = tmp_path / "big.png"
    assert main(["export", SCENARIO, "-o", str(out), "--scale", "16"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[0].startswith("error: ") and err[1].startswith("hint: ")
    assert "--scale" in err[1] and "--tile" in err[1]
    m = re.search(r"--fold (\d) \(([\d,]+) × ([\d,]+) pixels at scale 16\)", err[1])
    assert m, err[1]
    assert not out.exists()
    level = int(m.group(1))
    folded = with_view(jsondoc.read(bundled_scenario()), None, level)
    size = images.check_png_size(images.map_scene(folded), 16)  # fits (writing 90 megapixels is left out)
    assert size == (int(m.group(2).replace(",", "")), int(m.group(3).replace(",", "")))
    deeper = with_view(jsondoc.read(bundled_scenario()), None, level + 1)
    with pytest.raises(ExportError):  # the hint names the most levels that fit
        images.check_png_size(images.map_scene(deeper), 16)


@pytest.mark.parametrize("args, words", [
    (["--tile", "--page", "a3"], ["--page", "'a3'", "'a4'", "'letter'"]),
    (["--tile", "--orientation", "sideways"], ["--orientation", "'portrait'", "'landscape'"]),
    (["--tile", "--page", "fit"], ["--tile", "a4 or letter"]),
    (["--tile", "--fold", "0"], ["--fold", "1 to 9"]),
    (["--tile", "--fold", "10"], ["--fold", "1 to 9"]),
    (["--tile", "--fold", "two"], ["--fold", "'two'"]),
    (["--tile", "--layout", "spiral"], ["--layout", "'compact'", "'down'", "'right'"]),
    (["--tile", "--slides"], ["--tile", "--slides"]),
    (["--tile", "--scale", "2"], ["--scale", "pdf"]),
])
def test_bad_page_or_tile_options_are_one_line_and_exit_2(tmp_path, capsys, args, words):
    out = tmp_path / "poster.pdf"
    assert main(["export", SCENARIO, "-o", str(out), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "Traceback" not in err[0]
    for word in words:
        assert word in err[0]
    assert not out.exists()


def test_tile_applies_to_pdf_only(tmp_path, capsys):
    assert main(["export", SCENARIO, "-o", str(tmp_path / "map.png"), "--tile"]) == 2
    assert capsys.readouterr().err.strip() == "error: --tile does not apply to a png export"
