"""The command line: validate, show, version, help and its error messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from argmap import __version__
from argmap.cli import COMMANDS, main
from argmap.io import jsondoc
from benchmarks.generate import generate


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.argmap.json"
    jsondoc.write(generate(40, seed=1), path)
    return path


def test_validate_valid_file(good, capsys):
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out.strip() == f"{good}: valid (40 nodes)"


def test_validate_reports_every_problem_and_fails(good, tmp_path, capsys):
    bad = tmp_path / "bad.argmap.json"
    data = json.loads(good.read_text())
    data["nodes"][3]["likelihood"] = 1.7
    data["nodes"][5]["strength"] = -1
    bad.write_text(json.dumps(data))
    assert main(["validate", str(good), str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: {bad}: nodes[3].likelihood: 1.7 is above 1", f"error: {bad}: nodes[5].strength: -1 is below 0"]


def test_validate_rule_errors(good, tmp_path, capsys):
    bad = tmp_path / "rule.argmap.json"
    data = json.loads(good.read_text())
    data["nodes"].append({"id": "zz", "kind": "pro", "parent": "n0"})
    bad.write_text(json.dumps(data))
    assert main(["validate", str(bad)]) == 1
    assert capsys.readouterr().err.strip() == f"error: {bad}: nodes[40].kind: A pro cannot hang under a question: it takes notes, options or scenarios."


def test_missing_file_is_one_line(capsys):
    assert main(["validate", "does-not-exist.argmap.json"]) == 1
    assert capsys.readouterr().err == "error: does-not-exist.argmap.json: no such file\n"
    assert main(["show", "does-not-exist.argmap.json"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["error: does-not-exist.argmap.json: no such file", "hint: Check the path."]


def test_show_prints_indented_outline(good, capsys):
    assert main(["show", str(good)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Generated map of 40 nodes"
    assert lines[2].startswith("- [question] Which course should we take?")
    assert lines[3].startswith("  - [option] ")
    assert any("p = " in line and "impact First party" in line for line in lines)


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"argmap {__version__}"
    for command in ["validate", "show"]:
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert f"usage: argmap {command}" in capsys.readouterr().out


def test_bad_option_is_a_one_line_usage_error(capsys):
    assert main(["validate", "--frobnicate", "x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unrecognized arguments: --frobnicate") and err.count("\n") == 1
    assert main(["show"]) == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err


def test_every_listed_command_exists():
    import importlib

    for name in COMMANDS:
        module = importlib.import_module(f"argmap.commands.{name}")
        assert callable(module.register) and callable(module.run)


def test_subprocess_smoke(good):
    run = subprocess.run([sys.executable, "-m", "argmap", "validate", str(good)], capture_output=True, text=True)
    assert run.returncode == 0 and "valid" in run.stdout
    run = subprocess.run([sys.executable, "-m", "argmap", "show", str(good) + ".missing"], capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr and run.stderr.startswith("error: ")


def test_editor_without_a_display_is_a_one_line_error(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main([]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "error: there is no display to open the editor on"
    assert err[1].startswith("hint: Run it on a desktop or under xvfb-run")


def test_editor_on_a_missing_file_is_a_one_line_error(capsys):
    assert main(["no-such-map.argmap.json"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == "error: no-such-map.argmap.json: no such file"
