"""`argmap export`, `convert` and `brief`: every format, the options, and one-line errors with no partial files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from argmap.cli import main
from argmap.io import argdown, jsondoc
from argmap.paths import bundled_scenario

SCENARIO = str(bundled_scenario())


@pytest.fixture(autouse=True)
def _application(qapp):
    """The export makes a QGuiApplication when there is none; give it pytest-qt's QApplication first."""
    return qapp


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines and lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize("name, magic", [
    ("map.png", b"\x89PNG"), ("map.svg", b"<?xml"), ("map.pdf", b"%PDF"), ("map.md", b"# "),
    ("map.argdown", b"==="), ("map.ad", b"==="), ("map.argmap.json", b'{\n "format": "argmap"'),
])
def test_export_writes_each_format_by_suffix(tmp_path, capsys, name, magic):
    out = tmp_path / name
    assert main(["export", SCENARIO, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)
    assert str(out) in capsys.readouterr().out
    assert files(tmp_path) == [name]


def test_export_png_options(tmp_path, capsys, qapp):
    from PySide6.QtGui import QImage

    assert main(["export", SCENARIO, "-o", str(tmp_path / "one.png")]) == 0
    assert main(["export", SCENARIO, "-o", str(tmp_path / "two.png"), "--scale", "2", "--transparent"]) == 0
    assert main(["export", SCENARIO, "-o", str(tmp_path / "dpi.png"), "--dpi", "48"]) == 0
    one, two, dpi = (QImage(str(tmp_path / n)) for n in ("one.png", "two.png", "dpi.png"))
    assert abs(two.width() - 2 * one.width()) <= 1 and two.pixelColor(0, 0).alpha() == 0
    assert abs(dpi.width() - one.width() / 2) <= 1 and one.pixelColor(0, 0).alpha() == 255
    assert main(["export", SCENARIO, "-o", str(tmp_path / "branch.png"), "--branch", "opt_us"]) == 0
    branch = QImage(str(tmp_path / "branch.png"))
    assert branch.width() * branch.height() < one.width() * one.height()


def test_export_pdf_page_options(tmp_path):
    out = tmp_path / "map.pdf"
    assert main(["export", SCENARIO, "-o", str(out), "--page", "letter", "--orientation", "landscape"]) == 0
    assert b"/MediaBox [0 0 792.000000 612.000000]" in out.read_bytes()
    assert main(["export", SCENARIO, "-o", str(out), "--page", "fit"]) == 0
    assert b"/MediaBox [0 0 792.000000 612.000000]" not in out.read_bytes()


def test_export_brief_as_markdown_and_pdf(tmp_path):
    md = tmp_path / "brief.md"
    assert main(["export", SCENARIO, "-o", str(md), "--brief", "--side", "opt_taliban"]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Debate brief: Side with the Taliban") and "## Attacks to expect, with our rebuttals" in text
    pdf = tmp_path / "brief.pdf"
    assert main(["export", SCENARIO, "-o", str(pdf), "--brief", "--side", "Side with the US"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_convert_between_text_formats_round_trips(tmp_path):
    ad, back, md = tmp_path / "map.argdown", tmp_path / "back.argmap.json", tmp_path / "map.md"
    assert main(["convert", SCENARIO, str(ad)]) == 0
    assert main(["convert", str(ad), str(back)]) == 0
    assert main(["convert", str(ad), str(md)]) == 0
    assert jsondoc.read(back) == jsondoc.read(SCENARIO) == argdown.read(ad)
    assert md.read_text(encoding="utf-8").startswith("# ")


def test_brief_prints_or_writes(tmp_path, capsys):
    assert main(["brief", SCENARIO, "--side", "opt_neutral"]) == 0
    assert capsys.readouterr().out.startswith("# Debate brief: Stay neutral as a negotiator")
    out = tmp_path / "b.pdf"
    assert main(["brief", SCENARIO, "--side", "opt_neutral", "-o", str(out), "--page", "letter"]) == 0
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("argv, code, words", [
    (["export", SCENARIO, "-o", "{d}/map.txt"], 1, "not a format"),
    (["export", SCENARIO, "-o", "{d}/missing/map.png"], 1, "folder does not exist"),
    (["export", SCENARIO, "-o", "{d}/map.png", "--branch", "nope"], 1, "no node with id 'nope'"),
    (["export", SCENARIO, "-o", "{d}/map.md", "--brief", "--side", "nobody"], 1, "not an option"),
    (["export", SCENARIO, "-o", "{d}/map.svg", "--brief", "--side", "opt_us"], 1, "Markdown (.md) or PDF"),
    (["export", SCENARIO, "-o", "{d}/map.png", "--scale", "40"], 1, "out of range"),
    (["export", "{d}/none.argmap.json", "-o", "{d}/map.png"], 1, "no such file"),
    (["export", SCENARIO, "-o", "{d}/map.png", "--page", "a4"], 2, "--page does not apply"),
    (["export", SCENARIO, "-o", "{d}/map.md", "--scale", "2"], 2, "--scale does not apply"),
    (["export", SCENARIO, "-o", "{d}/map.png", "--scale", "2", "--dpi", "100"], 2, "not both"),
    (["export", SCENARIO, "-o", "{d}/map.png", "--scale", "-1"], 2, "must be above 0"),
    (["export", SCENARIO, "-o", "{d}/map.md", "--brief"], 2, "needs --side"),
    (["export", SCENARIO, "-o", "{d}/map.md", "--side", "opt_us"], 2, "--side is for --brief"),
    (["export", SCENARIO, "-o", "{d}/map.pdf", "--page", "huge"], 2, "invalid choice"),
    (["convert", SCENARIO, "{d}/map.png"], 1, "picture"),
    (["convert", "{d}/x.md", "{d}/map.argdown"], 1, "can be written but not read"),
    (["brief", SCENARIO, "--side", "nobody"], 1, "not an option"),
])
def test_errors_are_one_line_and_leave_no_file(tmp_path, capsys, argv, code, words):
    args = [a.replace("{d}", str(tmp_path)) for a in argv]
    assert main(args) == code
    assert words in error_line(capsys)
    assert files(tmp_path) == []


def test_unwritable_folder_is_an_error(tmp_path, capsys):
    if os.geteuid() == 0:
        target = "/proc/argmap-test.png"  # not writable even for root
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        target = str(folder / "map.png")
    assert main(["export", SCENARIO, "-o", target]) == 1
    assert "cannot be written" in error_line(capsys) or "error:" in capsys.readouterr().err


def test_too_large_png_names_the_scale_that_fits(tmp_path, capsys, monkeypatch):
    from argmap.render import images

    monkeypatch.setattr(images, "MAX_PIXELS", 2_000_000)
    assert main(["export", SCENARIO, "-o", str(tmp_path / "big.png"), "--scale", "4"]) == 1
    err = capsys.readouterr().err
    assert "megapixels" in err and "hint: The largest scale that fits is" in err
    assert files(tmp_path) == []


def test_subprocess_exports_a_png_without_a_display(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "map.png"
    run = subprocess.run([sys.executable, "-m", "argmap", "export", SCENARIO, "-o", str(out)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"\x89PNG") and "PNG" in run.stdout


def test_argdown_input_with_a_made_up_question_warns(tmp_path, capsys):
    from pathlib import Path

    source = Path(__file__).parent / "io" / "argdown" / "frontmatter.argdown"
    out = tmp_path / "map.argmap.json"
    assert main(["convert", str(source), str(out)]) == 0
    assert "warning: " in capsys.readouterr().err and "Four-day week" in out.read_text(encoding="utf-8")
