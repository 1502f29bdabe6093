"""Saving to awkward targets: names at the length limit, symlinks, read-only files."""

from __future__ import annotations

import os
import stat

import pytest

from argmap.errors import DocumentError
from argmap.io import jsondoc
from benchmarks.generate import generate

NAME_MAX = 255  # bytes in one file name on ext4, btrfs, xfs and tmpfs


def _long_name(length: int) -> str:
    """A map file name of exactly `length` bytes in UTF-8 (two-byte letters included)."""
    suffix = jsondoc.SUFFIX
    stem = "ü" * ((length - len(suffix)) // 2)
    stem += "x" * (length - len(suffix) - len(stem.encode("utf-8")))
    name = stem + suffix
    assert len(name.encode("utf-8")) == length
    return name


@pytest.mark.parametrize("length", [245, 250, NAME_MAX])
def test_a_name_at_the_length_limit_saves_and_loads(tmp_path, length):
    path = tmp_path / _long_name(length)
    jsondoc.write(generate(3), path)
    jsondoc.write(generate(5), path)  # replacing works as well as creating
    assert len(jsondoc.read(path).nodes) == len(generate(5).nodes)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_saving_to_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "map.argmap.json"
    jsondoc.write(generate(3), target)
    link = tmp_path / "link.argmap.json"
    link.symlink_to(os.path.relpath(target, tmp_path))
    jsondoc.write(generate(6), link)
    assert link.is_symlink()
    assert os.readlink(link) == os.path.relpath(target, tmp_path)
    assert len(jsondoc.read(target).nodes) == len(generate(6).nodes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.argmap.json", "real"]
    assert [p.name for p in real_dir.iterdir()] == ["map.argmap.json"]


def test_a_chain_of_symlinks_writes_the_last_target(tmp_path):
    target = tmp_path / "map.argmap.json"
    jsondoc.write(generate(3), target)
    (tmp_path / "b.argmap.json").symlink_to("map.argmap.json")
    (tmp_path / "a.argmap.json").symlink_to("b.argmap.json")
    jsondoc.write(generate(6), tmp_path / "a.argmap.json")
    assert (tmp_path / "a.argmap.json").is_symlink() and (tmp_path / "b.argmap.json").is_symlink()
    assert len(jsondoc.read(target).nodes) == len(generate(6).nodes)


def test_a_symlink_to_a_file_not_yet_made_creates_that_file(tmp_path):
    link = tmp_path / "link.argmap.json"
    link.symlink_to("made-later.argmap.json")
    jsondoc.write(generate(3), link)
    assert link.is_symlink()
    assert (tmp_path / "made-later.argmap.json").is_file()


def test_a_read_only_file_is_refused_with_one_line(tmp_path):
    path = tmp_path / "m.argmap.json"
    jsondoc.write(generate(3), path)
    before = path.read_bytes()
    os.chmod(path, 0o444)
    with pytest.raises(DocumentError) as info:
        jsondoc.write(generate(6), path)
    assert str(info.value) == f"{path}: is read-only"
    assert info.value.hint and "\n" not in info.value.hint
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["m.argmap.json"]


def test_a_read_only_target_behind_a_symlink_is_refused(tmp_path):
    target = tmp_path / "m.argmap.json"
    jsondoc.write(generate(3), target)
    os.chmod(target, 0o444)
    link = tmp_path / "link.argmap.json"
    link.symlink_to("m.argmap.json")
    with pytest.raises(DocumentError, match="is read-only"):
        jsondoc.write(generate(6), link)
    assert link.is_symlink()


def test_a_writable_file_keeps_its_mode(tmp_path):
    path = tmp_path / "m.argmap.json"
    jsondoc.write(generate(3), path)
    os.chmod(path, 0o640)
    jsondoc.write(generate(6), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_the_cli_reports_a_read_only_target_in_one_line(tmp_path):
    import subprocess
    import sys

    source = tmp_path / "in.argmap.json"
    jsondoc.write(generate(3), source)
    out = tmp_path / "out.argmap.json"
    out.write_text("{}")
    os.chmod(out, 0o444)
    proc = subprocess.run([sys.executable, "-m", "argmap", "convert", str(source), str(out)],
                          check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    error, *hints = proc.stderr.strip().splitlines()
    assert error == f"error: {out}: is read-only"
    assert [h.split(":")[0] for h in hints] == ["hint"]
    assert out.read_text() == "{}"


_KILLED_SAVE = """
import os, signal, sys
from argmap.io import jsondoc
from benchmarks.generate import generate

def killed(src, dst):
    os.kill(os.getpid(), signal.SIGKILL)  # the temporary file is written; the rename never happens

os.replace = killed
jsondoc.write(generate(200), sys.argv[1])
"""

_SAVE_IN_PROGRESS = """
import sys
from argmap.io import jsondoc

fd, name = jsondoc._open_temporary(sys.argv[1])
print(name, flush=True)
sys.stdin.read()  # holds the file until the test closes our input
"""


def _run(script: str, *args: str, **kwargs):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=root, text=True, **kwargs)


def test_a_killed_saves_temporary_file_is_removed(tmp_path):
    path = tmp_path / "m.argmap.json"
    jsondoc.write(generate(3), path)
    proc = _run(_KILLED_SAVE, str(path))
    assert proc.wait(timeout=120) == -9
    left = [p for p in tmp_path.iterdir() if p != path]
    assert len(left) == 1 and left[0].stat().st_size > 1000
    assert jsondoc.remove_stale_temporaries(tmp_path) == left
    assert [p.name for p in tmp_path.iterdir()] == ["m.argmap.json"]
    assert len(jsondoc.read(path).nodes) == len(generate(3).nodes)


def test_a_running_saves_temporary_file_is_kept(tmp_path):
    import subprocess

    proc = _run(_SAVE_IN_PROGRESS, str(tmp_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        name = proc.stdout.readline().strip()
        assert os.path.exists(name)
        assert jsondoc.remove_stale_temporaries(tmp_path) == []
        assert os.path.exists(name)
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert [str(p) for p in jsondoc.remove_stale_temporaries(tmp_path)] == [name]  # its writer is gone now


def test_only_argmaps_temporary_names_are_removed(tmp_path):
    others = [".argmap-12345.tmp", ".argmap-0123456789ab.tmp.bak", "argmap-0123456789ab.tmp", ".notes.txt.x1y2z3w4.tmp",
              "map.argmap.json"]
    for name in others:
        (tmp_path / name).write_text("someone else's")
    (tmp_path / ".argmap-0123456789ab.tmp").mkdir()  # a folder with the name is not a temporary file
    assert jsondoc.remove_stale_temporaries(tmp_path) == []
    assert len(list(tmp_path.iterdir())) == len(others) + 1


def test_an_earlier_versions_temporary_file_is_removed_once_it_is_old(tmp_path):
    young = tmp_path / ".m.argmap.json.a1b2c3d4.tmp"
    old = tmp_path / ".m.argmap.json.e5f6g7h8.tmp"
    for p in (young, old):
        p.write_text("half a map")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert jsondoc.remove_stale_temporaries(tmp_path) == [old]
    assert young.exists()


def test_cleaning_a_missing_folder_does_nothing(tmp_path):
    assert jsondoc.remove_stale_temporaries(tmp_path / "nowhere") == []
