"""Branch data on the clipboard: round trip, fresh ids, damaged data, speed of big pastes."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData

from argmap.errors import RuleError
from argmap.gui.clipboard import MIME_TYPE, branch_from_mime, branch_mime, paste_edit
from argmap.gui.session import Session
from argmap.model import Link, LinkKind

from tests.gui.conftest import small_map


def _mime(payload: dict) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps(payload).encode())
    return mime


def test_branch_round_trip_keeps_structure_and_inner_links(qapp):
    doc = small_map()
    doc.links.append(Link.model_validate({"from": "p1", "to": "c1", "kind": "supports"}))
    doc.links.append(Link.model_validate({"from": "p1", "to": "c2", "kind": "supports"}))  # leaves the branch
    branch = branch_from_mime(branch_mime(doc, "c1"))
    assert [n["id"] for n in branch.nodes] == ["c1", "p1"]
    assert len(branch.links) == 1
    target = small_map()
    session = Session(target)
    edit, root, dropped = paste_edit(target, branch, "o2", index=0)
    session.apply(edit, "Paste")
    assert [c.id for c in target.children("o2")][0] == root
    child = target.children(root)[0]
    assert child.text == "The bridge is open all night" and child.id not in ("p1", "c1")
    assert [(ln.source, ln.target, ln.kind) for ln in target.links] == [(child.id, root, LinkKind.SUPPORTS)]
    assert dropped == 0
    session.undo()
    assert target == small_map()


def test_plain_text_and_foreign_data_are_not_branches(qapp):
    mime = QMimeData()
    mime.setText("just text")
    assert branch_from_mime(mime) is None
    assert branch_from_mime(_mime({"format": "something-else", "nodes": [{}]})) is None
    bad = QMimeData()
    bad.setData(MIME_TYPE, b"{not json")
    assert branch_from_mime(bad) is None


@pytest.mark.parametrize("nodes", [
    [{"id": "a", "kind": "consequence"}, {"id": "b", "kind": "pro", "parent": "zz"}],
    [{"id": "a", "kind": "consequence"}, {"id": "b", "kind": "pro", "parent": "c"},
     {"id": "c", "kind": "pro", "parent": "b"}],
    [{"id": "a", "kind": "consequence"}, {"id": "a", "kind": "pro", "parent": "a"}],
    [{"id": "a", "kind": "consequence"}, {"id": "b", "kind": "option", "parent": "a"}],
])
def test_damaged_or_rule_breaking_branches_are_refused(qapp, nodes):
    doc = small_map()
    branch = branch_from_mime(_mime({"format": "argmap-branch", "version": 1, "nodes": nodes}))
    with pytest.raises(RuleError):
        paste_edit(doc, branch, "o1")
    assert doc == small_map()


def test_pasting_thousands_of_nodes_undoes_and_redoes(qapp):
    from benchmarks.generate import generate

    doc = generate(10_000, seed=2)
    session = Session(doc)
    option = doc.children(doc.root().id)[0]
    branch = branch_from_mime(branch_mime(doc, option.id))
    assert len(branch.nodes) > 2000
    before = len(doc.nodes)
    edit, root, _ = paste_edit(doc, branch, doc.root().id)
    session.apply(edit, "Paste")
    session.undo()
    assert len(session.document.nodes) == before and not session.document.has_node(root)
    session.redo()
    assert len(doc.subtree_ids(root)) == len(branch.nodes)


def test_a_process_that_copied_a_branch_exits_cleanly(tmp_path):
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from argmap.gui.clipboard import copy_branch, release_clipboard
        from benchmarks.generate import generate
        app = QApplication([])
        doc = generate(30)
        copy_branch(doc, doc.children(doc.root().id)[0].id)
        QTimer.singleShot(0, app.quit)
        app.exec()
        release_clipboard()
        print("done")
        """
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-300:]}"
    assert run.stdout.strip() == "done"
