"""Reading a file by what it holds: io.detect, io.read, and `argmap convert` saying what it read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.errors import DocumentError
from argmap.io import aif, detect, jsondoc, read, read_with_diagnostics

ROOT = Path(__file__).parents[2]
SCENARIO = ROOT / "scenarios" / "pakistan-peace-talks.argmap.json"
AIF = ROOT / "tests" / "fixtures" / "aif"
KIALO = ROOT / "tests" / "fixtures" / "kialo"


@pytest.mark.parametrize("source, name, expected", [
    (SCENARIO, "map.argmap.json", "argmap"),
    (SCENARIO, "map.json", "argmap"),
    (AIF / "town-bridge.json", "nodeset.json", "aif"),
    (AIF / "ova-wrapped.json", "analysis.json", "aif"),
    (AIF / "town-bridge.json", "no-suffix", "aif"),
    (KIALO / "school-uniforms.txt", "export.txt", "kialo"),
    (KIALO / "school-uniforms.txt", "export", "kialo"),
])
def test_content_decides_the_format_whatever_the_name(tmp_path, source, name, expected):
    path = tmp_path / name
    shutil.copy(source, path)
    assert detect(path) == expected


def test_argmaps_own_aif_export_is_aif_and_argdown_goes_by_its_suffix(tmp_path):
    doc = jsondoc.read(SCENARIO)
    path = tmp_path / "map.json"
    aif.write(doc, path)
    assert detect(path) == "aif" and read(path) == doc
    ad = tmp_path / "map.argdown"
    ad.write_text("[A]: text\n")
    assert detect(ad) == "argdown"
    bare = tmp_path / "notes"
    bare.write_text("[A]: text\n  + <B>: why\n")
    assert detect(bare) == "argdown"


def test_a_kialo_file_with_a_json_name_is_still_not_json(tmp_path):
    path = tmp_path / "weird.json"
    path.write_text("1. A thesis\n1.1. Pro: a reason\n")
    assert detect(path) == "kialo"
    doc, warnings = read_with_diagnostics(path)
    assert [n.kind.value for n in doc.walk()] == ["question", "option", "pro"] and warnings == []


def test_a_file_that_is_nothing_known_is_one_line(tmp_path):
    path = tmp_path / "mystery"
    path.write_text("hello\n")
    with pytest.raises(DocumentError) as err:
        detect(path)
    assert str(err.value).startswith(str(path)) and "cannot tell" in str(err.value)


def test_convert_says_what_it_read_and_passes_on_the_warnings(tmp_path, capsys):
    out = tmp_path / "out.argmap.json"
    assert main(["convert", str(KIALO / "city-transport.txt"), str(out)]) == 0
    captured = capsys.readouterr()
    assert f"{KIALO / 'city-transport.txt'}: read as a Kialo export, 11 nodes, 1 cross-links, 2 warnings" in captured.out
    assert "warning:" in captured.err and "line 13: numbering gap" in captured.err
    assert jsondoc.read(out).title == "How should the city cut car traffic in the centre?"


@pytest.mark.parametrize("suffix, check", [
    (".aif.json", lambda p: json.loads(p.read_text())["nodes"][0]["type"] == "I"),
    (".graphml", lambda p: p.read_text().startswith("<?xml")),
    (".dot", lambda p: p.read_text().startswith("digraph")),
    (".gv", lambda p: p.read_text().startswith("digraph")),
])
def test_convert_and_export_write_the_exchange_formats(tmp_path, capsys, suffix, check):
    for command in (["convert", str(AIF / "town-bridge.json"), str(tmp_path / f"a{suffix}")],
                    ["export", str(AIF / "town-bridge.json"), "-o", str(tmp_path / f"b{suffix}")]):
        assert main(command) == 0
    assert "read as AIF JSON, 7 nodes, 1 cross-links" in capsys.readouterr().out
    assert check(tmp_path / f"a{suffix}") and check(tmp_path / f"b{suffix}")


def test_csv_is_written_as_two_tables(tmp_path, capsys):
    assert main(["convert", str(SCENARIO), str(tmp_path / "map.csv")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.links.csv", "map.nodes.csv"]
    assert "map.nodes.csv" in capsys.readouterr().out


def test_export_options_for_pictures_do_not_apply_to_data(tmp_path, capsys):
    assert main(["export", str(SCENARIO), "-o", str(tmp_path / "m.graphml"), "--scale", "2"]) == 2
    assert "--scale does not apply" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_write_data_names_what_it_wrote_and_refuses_other_names(tmp_path):
    from argmap.errors import ArgmapError
    from argmap.io import data_format, write_data

    doc = jsondoc.read(SCENARIO)
    assert [data_format(n) for n in ("a.aif.json", "a.json", "a.GraphML", "a.gv", "a.nodes.csv", "a.png")] == [
        "aif", None, "graphml", "dot", "csv", None]
    line = write_data(doc, tmp_path / "m.graphml")
    assert line == f"{tmp_path / 'm.graphml'}: GraphML, {len(doc.nodes)} nodes, " \
                   f"{sum(1 for n in doc.nodes if n.parent) + len(doc.links)} edges"
    with pytest.raises(ArgmapError) as err:
        write_data(doc, tmp_path / "m.png")
    assert "names no format for other tools" in str(err.value)
