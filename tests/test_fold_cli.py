"""`argmap export --fold`: pictures folded to a depth, the map's own fold level, and bad levels."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QImage

from argmap.cli import main
from argmap.paths import bundled_scenario

SCENARIO = str(bundled_scenario())


@pytest.fixture(autouse=True)
def _application(qapp):
    return qapp


def _cards(capsys) -> int:
    out = capsys.readouterr().out.strip()
    assert out.endswith(" cards"), out
    return int(out.rsplit(" ", 2)[-2])


def _levels(upto: int | None = None) -> int:
    """How many of the scenario's nodes lie in its first `upto` levels (all of them for None)."""
    from argmap.io import read

    doc = read(SCENARIO)
    return sum(1 for n in doc.nodes if upto is None or sum(1 for _ in doc.ancestors(n.id)) < upto)


def test_fold_exports_only_the_first_levels(tmp_path, capsys):
    assert main(["export", SCENARIO, "-o", str(tmp_path / "all.png")]) == 0
    assert _cards(capsys) == _levels() > 60
    assert main(["export", SCENARIO, "-o", str(tmp_path / "two.png"), "--fold", "2"]) == 0
    assert _cards(capsys) == 5  # the question and its four children
    big, small = QImage(str(tmp_path / "all.png")), QImage(str(tmp_path / "two.png"))
    assert small.width() * small.height() < big.width() * big.height() / 10


def test_a_map_saved_folded_exports_folded_unless_told_all(tmp_path, capsys):
    data = json.loads(open(SCENARIO, encoding="utf-8").read())
    data["view"]["fold"] = 3
    path = tmp_path / "folded.argmap.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["export", str(path), "-o", str(tmp_path / "a.svg")]) == 0
    assert _cards(capsys) == _levels(3) < _levels()
    assert main(["export", str(path), "-o", str(tmp_path / "b.svg"), "--fold", "all"]) == 0
    assert _cards(capsys) == _levels()


@pytest.mark.parametrize("value", ["0", "10", "-1", "x", "2.5"])
def test_a_fold_level_out_of_range_is_one_line_and_exit_2(tmp_path, capsys, value):
    assert main(["export", SCENARIO, "-o", str(tmp_path / "m.png"), "--fold", value]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert err == f"error: --fold must be a level from 1 to 9 or 'all', not '{value}'"
    assert not list(tmp_path.iterdir())


def test_fold_is_for_pictures_only(tmp_path, capsys):
    assert main(["export", SCENARIO, "-o", str(tmp_path / "m.md"), "--fold", "2"]) == 2
    assert capsys.readouterr().err.strip() == "error: --fold does not apply to a markdown export"
