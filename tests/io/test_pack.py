"""The teacher's pack: finding it, putting it together, and `argmap brief --pack`."""

from __future__ import annotations

import shutil

import pytest
from pdfminer.high_level import extract_pages

import argmap.paths
from argmap.cli import main
from argmap.errors import NotFoundError
from argmap.io import jsondoc, markdown, pack
from argmap.io.brief import correction
from argmap.model.document import Kind
from argmap.paths import bundled_scenario
from pdftext import chars

LESSON = """# Lesson guide: Test map

## Goal

Students weigh the three stances.

## Plan (45 minutes)

| Minutes | Activity |
| --- | --- |
| 0–20 | Read the map |
| 20–45 | Debate |

## Roles

- Chair: keeps time.
"""
GLOSSARY = "# Glossary\n\n## Doha talks\n\nTalks held in Qatar.\n\nSource: A guide, A site, https://example.org/doha\n"
TIMELINE = "# Timeline\n\n## 2019-09 — talks called off\n\nThe US stops the talks.\n\nSource: A paper, A site, https://example.org/t\n"
MAP = bundled_scenario()  # before a test points the bundled folder elsewhere
FACTCHECK = ("# Fact check\n\nSlips in the article.\n\n## The wrong year\n\n> Pakistan recognized the Taliban regime in 1994.\n\n"
             "Correction: in 1997.\n\nSource: A book, A press, https://example.org/f\n")


def make_pack(folder, name: str = "map") -> tuple:
    """A copy of the bundled map and a pack beside it."""
    path = folder / f"{name}.argmap.json"
    shutil.copy(MAP, path)
    where = folder / f"{name}.pack"
    where.mkdir()
    for file, text in (("lesson.md", LESSON), ("glossary.md", GLOSSARY), ("timeline.md", TIMELINE),
                       ("factcheck.md", FACTCHECK)):
        (where / file).write_text(text, encoding="utf-8")
    return path, where


@pytest.fixture
def no_bundled(tmp_path, monkeypatch):
    """Bundled scenarios from an empty folder, so only the packs a test makes count."""
    folder = tmp_path / "bundled"
    folder.mkdir()
    monkeypatch.setattr(argmap.paths, "SCENARIOS", folder)
    return folder


def test_find_pack_beside_the_map_or_of_the_bundled_original(tmp_path, no_bundled):
    path, where = make_pack(tmp_path)
    doc = jsondoc.read(path)
    assert pack.pack_dir(path) == where
    assert pack.find_pack(doc, path) == where
    assert pack.find_pack(doc, None) is None  # an untitled copy, and no bundled map with a pack
    original, bundled_pack = make_pack(no_bundled, "scenario")
    assert pack.find_pack(doc, None) == bundled_pack
    assert pack.find_pack(doc, tmp_path / "elsewhere.argmap.json") == bundled_pack
    doc.title = "Another map"
    assert pack.find_pack(doc, None) is None
    assert pack.find_pack(doc, path) == where


def test_pack_has_every_section_and_agrees_with_the_map(tmp_path, no_bundled):
    path, where = make_pack(tmp_path)
    doc = jsondoc.read(path)
    text = pack.pack_markdown(doc, where)
    assert text.startswith(f"# Teacher's pack: {markdown.escape(doc.title)}\n")
    assert "**Source:** " in text.split("## Lesson guide")[0]
    heads = ["## Lesson guide: Test map", "### Plan (45 minutes)"]
    options = [n for n in doc.children(doc.root().id) if n.kind is Kind.OPTION]
    for option in options:
        heads += [f"## Debate brief: {markdown.escape(option.label)}", "### Our case", "### Common ground"]
    heads += ["## Glossary", "### Doha talks", "## Timeline", "### 2019-09 — talks called off", "## Fact check",
              "### The wrong year", "### Marked in the map", "## What the map adds to the source"]
    at = 0
    for head in heads:  # in this order
        at = text.index(f"\n{head}\n", at) + 1
    assert "\n# " not in text[1:]  # one title; every part is a level below it
    sheet = text[text.index("## Fact check"):text.index("## What the map adds")]
    checks = [n for n in doc.nodes if "fact-check" in n.tags]
    readings = [n for n in doc.nodes if "reading" in n.tags]
    assert checks and readings
    for node in checks:
        assert markdown.escape(node.label) in sheet
        assert markdown.escape(correction(node.note)) in sheet
    adds = text[text.index("## What the map adds"):]
    assert all(f"- **{markdown.escape(n.label)}**" in adds for n in readings)


@pytest.mark.parametrize("name", list(pack.FILES))
def test_a_missing_pack_file_is_named(tmp_path, no_bundled, name):
    path, where = make_pack(tmp_path)
    (where / name).unlink()
    with pytest.raises(NotFoundError) as info:
        pack.pack_markdown(jsondoc.read(path), where)
    assert name in info.value.message and "should hold" in info.value.message


def test_demote_leaves_code_alone():
    assert pack.demote("# A\n```\n# not a heading\n```\n## B\n#hashtag\n") == "## A\n```\n# not a heading\n```\n### B\n#hashtag\n"


def lines_of(pdf) -> list[str]:
    """The PDF's text, one string per drawn line (characters at the same height)."""
    out = []
    for page in extract_pages(str(pdf)):
        rows: dict[float, list] = {}
        for ch in chars(page):
            rows.setdefault(round(ch.y0, 0), []).append(ch)
        for y in sorted(rows, reverse=True):
            text, end = "", None
            for c in sorted(rows[y], key=lambda c: c.x0):
                text += (" " if end is not None and c.x0 - end > 1.5 else "") + c.get_text()  # a gap: a new cell
                end = c.x1
            out.append(text.replace("\t", " "))
    return out


def test_cli_writes_the_pack(tmp_path, no_bundled, capsys, qapp):
    path, _ = make_pack(tmp_path)
    assert main(["brief", str(path), "--pack"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Teacher's pack: ") and "## Lesson guide: Test map" in out
    md = tmp_path / "pack.md"
    assert main(["brief", str(path), "--pack", "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8") == out
    pdf = tmp_path / "pack.pdf"
    assert main(["brief", str(path), "--pack", "-o", str(pdf)]) == 0
    assert "teacher's pack (PDF," in capsys.readouterr().out
    lines = lines_of(pdf)
    text = " ".join(lines)
    assert "Lesson guide: Test map" in text and "Debate brief: Side with the US" in text
    # Table cells wrap between words: every long word of the ranking table's header sits on one line.
    tokens = {t.strip(".,:;()“”") for line in lines for t in line.split()}
    for word in ("government", "Pakistan", "support"):
        assert word in tokens
        cut = [word[:n] for n in range(3, len(word)) if word[:n] in tokens] + [
            word[n:] for n in range(2, len(word) - 2) if word[n:] in tokens]
        assert not cut, (word, cut)


def test_cli_pack_errors(tmp_path, no_bundled, capsys):
    path, where = make_pack(tmp_path)
    assert main(["brief", str(path), "--pack", "--side", "opt_us"]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["brief", str(path)]) == 2
    assert "--side OPTION" in capsys.readouterr().err
    shutil.rmtree(where)
    assert main(["brief", str(path), "--pack"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"error: {path}: no teacher's pack (looked for {where})"
    make_pack(tmp_path, "other")
    (tmp_path / "other.pack" / "timeline.md").unlink()
    assert main(["brief", str(tmp_path / "other.argmap.json"), "--pack", "-o", str(tmp_path / "x.md")]) == 1
    assert "timeline.md" in capsys.readouterr().err.splitlines()[0]
    assert not (tmp_path / "x.md").exists()
