"""`argmap score`: the ranking table, one perspective's view, explanations, the tornado, JSON and errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from argmap.cli import main
from argmap.io import jsondoc
from argmap.paths import ROOT
from scoring_maps import build
from test_textbook import oil_wildcatter


@pytest.fixture
def wildcatter(tmp_path):
    path = tmp_path / "wildcatter.argmap.json"
    jsondoc.write(oil_wildcatter(), path)
    return path


@pytest.fixture
def parties(tmp_path):
    doc = build([
        ("q", "question", None, {"text": "Which road?"}),
        ("a", "option", "q", {"text": "Coastal road", "impact": {"town": 6, "farm": -2}}),
        ("b", "option", "q", {"text": "Inland road"}),
        ("c", "consequence", "b", {"text": "Farms reconnected", "likelihood": 0.5, "impact": {"town": 2, "farm": 8}}),
        ("u", "consequence", "b", {"text": "Unknown effect", "impact": {"town": 1, "farm": 1}}),
        ("p", "pro", "b", {"text": "Cheaper", "strength": 0.6}),
    ], perspectives=(("town", 2.0), ("farm", 1.0)))
    doc.perspective("town").name = "Town council"
    doc.perspective("farm").name = "Farmers"
    path = tmp_path / "roads.argmap.json"
    jsondoc.write(doc, path)
    return path


def test_ranking_is_an_aligned_table(parties, capsys):
    assert main(["score", str(parties)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Which road?"
    head = next(i for i, line in enumerate(out) if line.startswith("#"))
    table = out[head:head + 4]
    assert table[0].split() == ["#", "Option", "Overall", "vs", "leader", "Town", "council", "Farmers", "Support",
                                "Unweighed"]
    assert table[2].split() == ["1", "Coastal", "road", "+3.33", "+0.00", "+6.00", "-2.00", "n/a", "0"]
    assert table[3].split() == ["2", "Inland", "road", "+2.00", "-1.33", "+1.00", "+4.00", "0.80", "1"]
    # Right-aligned number columns end at the same place on every row.
    ends = {line.index("+3.33") + 5 if "+3.33" in line else line.index("+2.00") + 5 for line in table[2:]}
    assert len(ends) == 1
    assert any("1 input(s) unweighed" in line for line in out)


def test_scores_read_as_differences_from_the_leader_or_a_baseline(parties, capsys):
    assert main(["score", str(parties), "--baseline", "Inland road"]) == 0
    out = capsys.readouterr().out.splitlines()
    head = next(i for i, line in enumerate(out) if line.startswith("#"))
    assert out[head].split()[3:6] == ["vs", "Inland", "road"]
    assert out[head + 2].split()[:5] == ["1", "Coastal", "road", "+3.33", "+1.33"]
    assert out[head + 3].split()[:5] == ["2", "Inland", "road", "+2.00", "+0.00"]
    assert any(line.startswith("Every option shares the same world, so only the differences") for line in out)
    assert main(["score", str(parties), "--json", "--baseline", "b"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["baseline"] == "b"
    assert {o["id"]: round(o["difference"], 2) for o in data["options"]} == {"a": 1.33, "b": 0.0}
    assert main(["score", str(parties), "--perspective", "farm"]) == 0
    farm = [line.split() for line in capsys.readouterr().out.splitlines() if line[:2] in ("1 ", "2 ")]
    assert farm[0][3:5] == ["+4.00", "+0.00"] and farm[1][3:5] == ["-2.00", "-6.00"]
    assert main(["score", str(parties), "--baseline", "Tunnel"]) == 1
    assert "no option 'Tunnel'" in capsys.readouterr().err


def test_one_perspectives_view_by_name_or_id(parties, capsys):
    assert main(["score", str(parties), "--perspective", "farmers"]) == 0
    by_name = capsys.readouterr().out
    assert main(["score", str(parties), "--perspective", "farm"]) == 0
    assert capsys.readouterr().out == by_name
    rows = [line.split() for line in by_name.splitlines() if line[:2] in ("1 ", "2 ")]
    assert rows[0][:3] == ["1", "Inland", "road"] and rows[0][3] == "+4.00"
    assert "Ranked from the view of Farmers." in by_name


def test_semantics_option_changes_argued_values(parties, capsys):
    assert main(["score", str(parties), "--semantics", "quadratic-energy", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["semantics"] == "quadratic-energy"
    inland = next(o for o in data["options"] if o["id"] == "b")
    assert inland["support"] == pytest.approx(0.5 + 0.5 * 0.36 / 1.36)


def test_explain_lists_contributions_that_add_up(parties, capsys):
    assert main(["score", str(parties), "--explain", "inland road"]) == 0
    out = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(out) if line.startswith("Why 'Inland road' scores +2.00"))
    rows = {line.split("  ")[0]: line.split() for line in out[start + 3:start + 6]}
    assert rows["Farms reconnected"][3:6] == ["+2.00", "+1.00", "+4.00"]
    assert rows["Unknown effect"][3:6] == ["n/a", "n/a", "n/a"]
    assert rows["Total"][1:4] == ["+2.00", "+1.00", "+4.00"]
    assert main(["score", str(parties), "--explain", "b"]) == 0
    assert "Why 'Inland road'" in capsys.readouterr().out


def test_sensitivity_prints_the_tornado_and_flip_points(wildcatter, capsys):
    assert main(["score", str(wildcatter), "--sensitivity", "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "Sensitivity of the leader 'Drill' (+140,000; margin +140,000 over 'Do not drill')" in out
    assert "+140,000 -> Do not drill" in out  # not drilling wins once it is worth more than 140,000
    assert "narrower rows not shown" in out
    assert "inputs can change the leader on their own" in out


def test_json_has_ranking_contributions_and_sensitivity(parties, capsys):
    assert main(["score", str(parties), "--json", "--explain", "Coastal"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranking"] == ["a", "b"]
    assert data["explain"] == "a"
    assert [p["id"] for p in data["perspectives"]] == ["town", "farm"]
    for option in data["options"]:
        parts = [c["overall"] for c in option["contributions"] if c["overall"] is not None]
        assert sum(parts) == pytest.approx(option["overall"])
    sens = data["sensitivity"]
    assert sens["leader"] == "a" and sens["runner_up"] == "b"
    assert set(sens["break_even"]) == {"town", "farm"}
    widths = [r["width"] for r in sens["rows"]]
    assert widths == sorted(widths, reverse=True)


@pytest.mark.parametrize("args,message", [
    (["--perspective", "mayor"], "error: no perspective 'mayor' in this map"),
    (["--explain", "tunnel"], "error: no option 'tunnel' under the map's question"),
    (["--explain", "road"], "error: 'road' matches 2 options"),
])
def test_unknown_names_are_one_line_errors(parties, capsys, args, message):
    assert main(["score", str(parties), *args]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == message
    assert err[1].startswith("hint: ")


def test_a_leads_to_loop_is_a_one_line_error(tmp_path, capsys):
    doc = build([
        ("q", "question", None),
        ("o", "option", "q"),
        ("c", "consequence", "o", {"likelihood": 0.5, "text": "Trade grows"}),
        ("d", "consequence", "c", {"likelihood": 0.5, "text": "Ports expand"}),
    ], links=[("d", "c", "leads_to")])
    path = tmp_path / "loop.argmap.json"
    jsondoc.write(doc, path)
    assert main(["score", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("error: the cross-links make a loop") and "'Trade grows' (c)" in err[0]


def test_missing_file_is_an_error(tmp_path, capsys):
    assert main(["score", str(tmp_path / "none.argmap.json")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_score_runs_as_a_program(wildcatter):
    result = subprocess.run([sys.executable, "-m", "argmap", "score", str(wildcatter), "--json"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["options"][0]["overall"] == pytest.approx(140_000)


def test_maps_that_cannot_be_ranked_say_why(tmp_path, capsys):
    empty = build([("q", "question", None)])
    nobody = build([("q", "question", None), ("a", "option", "q")], perspectives=())
    unweighted = build([("q", "question", None), ("a", "option", "q", {"impact": {"x": 1}})],
                       perspectives=(("x", 0.0),))
    expected = {
        "empty": "The question has no options to score yet.",
        "nobody": "The map has no perspectives, so no impact can be weighed",
        "unweighted": "Every perspective's weight is 0, so there is no overall score",
    }
    for name, doc in (("empty", empty), ("nobody", nobody), ("unweighted", unweighted)):
        path = tmp_path / f"{name}.argmap.json"
        jsondoc.write(doc, path)
        assert main(["score", str(path), "--sensitivity"]) == 0
        out = capsys.readouterr().out
        assert expected[name] in out
        if name == "empty":
            assert "no option is weighed, so there is no leader to test" in out
        else:  # ranked by support (0.50 each, unargued): a leader, but nothing to swing
            assert "No weighed input reaches what the options are ranked by (support)" in out


def test_bundled_scenario_scores_and_explains(capsys):
    from argmap.paths import bundled_scenario

    path = str(bundled_scenario())
    assert main(["score", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["options"]) >= 2
    assert all(o["overall"] is not None for o in data["options"])
    leader = data["options"][0]
    assert main(["score", path, "--explain", leader["id"], "--sensitivity"]) == 0
    out = capsys.readouterr().out
    assert f"Why '{leader['label']}'" in out
    assert "Sensitivity of the leader" in out


def test_bad_command_line_is_a_usage_error(wildcatter, capsys):
    assert main(["score", str(wildcatter), "--sensitivity", "--top", "0"]) == 2
    assert "expected a whole number of rows of 1 or more" in capsys.readouterr().err
    assert main(["score", str(wildcatter), "--semantics", "h-categoriser"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_labels_reach_the_terminal_as_text(tmp_path, capsys):
    doc = build([
        ("q", "question", None, {"text": "Which\x1b[31m road?"}),
        ("a", "option", "q", {"text": "Coastal\u202e road", "impact": {"town": 6}}),
    ], perspectives=(("town", 1.0),))
    path = tmp_path / "roads.argmap.json"
    jsondoc.write(doc, path)
    assert main(["score", str(path), "--explain", "a", "--sensitivity"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "Which\\x1b[31m road?" in out and "Coastal\\u202e road" in out
