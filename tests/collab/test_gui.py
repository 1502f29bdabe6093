"""The editor window taking part in a shared map (pytest-qt, offscreen, a real server on loopback)."""

from __future__ import annotations

import pytest
from livepeers import RunningServer, small_map

from argmap.collab import canonical
from argmap.collab.peer import Peer
from argmap.gui import collab as live_gui
from argmap.gui.mainwindow import MainWindow
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.model import edits as E
from argmap.model.document import Kind, Node


@pytest.fixture
def mapfile(tmp_path):
    path = tmp_path / "lunch.argmap.json"
    jsondoc.write(small_map(), path)
    return path


@pytest.fixture
def make_window(qtbot, tmp_path, monkeypatch):
    from argmap.gui import dialogs

    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_a: "discard")
    windows = []

    def make(session=None):
        window = MainWindow(session, recovery_dir=tmp_path / "recovery")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        live = getattr(window, "live", None)
        if live is not None:
            live.leave()
        window.session.undo_stack.setClean()


def test_joined_window_shows_and_sends_edits_and_undo_takes_back_only_its_own(qtbot, make_window, mapfile):
    with RunningServer(mapfile) as server:
        window = make_window()
        live = live_gui.install(window)
        live.name = "Ann"
        live.join(server.url)
        qtbot.waitUntil(lambda: live.is_live, timeout=20000)
        assert canonical(window.session.document) == canonical(small_map())
        qtbot.waitUntil(lambda: live.state[0] == "online", timeout=15000)
        assert "Live" in window.live_label.text()
        assert window.leave_action.isEnabled() and not window.share_action.isEnabled()

        bob = Peer(server.url, name="Bob", color="#3cb44b").join()
        # Bob's edit arrives through the session, so the canvas follows.
        with qtbot.waitSignal(window.session.document_changed, timeout=15000):
            bob.apply(E.AddNode(Node(id="b1", kind=Kind.CONSEQUENCE, parent="o2", text="Bland")))
        qtbot.waitUntil(lambda: window.session.document.has_node("b1"), timeout=15000)
        model = window.outline.model()
        qtbot.waitUntil(lambda: model.index_of("b1").isValid(), timeout=15000)
        assert model.index_of("b1").parent() == model.index_of("o2")
        # Remote edits are not on this window's undo stack.
        assert window.session.undo_stack.count() == 0

        window.session.apply(E.SetText("c1", "Flat white"), "Edit text")
        assert bob.wait_until(lambda: bob.doc.node("c1").text == "Flat white")
        bob.apply(E.SetText("c2", "No queue"))
        qtbot.waitUntil(lambda: window.session.document.node("c2").text == "No queue", timeout=15000)
        window.session.undo()
        assert window.session.document.node("c1").text == "Good coffee"
        assert window.session.document.node("c2").text == "No queue"
        assert window.session.document.has_node("b1")
        assert bob.wait_until(lambda: bob.doc.node("c1").text == "Good coffee")
        bob.leave()


def test_others_selection_is_drawn_in_their_colour_with_their_name(qtbot, make_window, mapfile):
    with RunningServer(mapfile) as server:
        window = make_window()
        live = live_gui.install(window)
        live.join(server.url)
        qtbot.waitUntil(lambda: live.is_live, timeout=20000)
        bob = Peer(server.url, name="Bob", color="#3cb44b").join()
        bob.client.set_presence(selection=["o2"])
        qtbot.waitUntil(lambda: live.overlay is not None and len(live.overlay.marks) == 1, timeout=15000)
        rect, colour, name = live.overlay.marks[0]
        card = next(c for c in window.canvas.scene_data.cards if c.id == "o2")
        assert (rect.x(), rect.y(), colour, name) == (card.rect.x, card.rect.y, "#3cb44b", "Bob")
        assert live.overlay.scene() is window.canvas.scene()
        names = [window.participants_dock.widget().item(i).text()
                 for i in range(window.participants_dock.widget().count())]
        assert any("Bob" in n and "Canteen" in n for n in names)
        window.grab().save(str(mapfile.parent / "live.png"))
        # A rebuilt canvas (its scene cleared) gets the marks back.
        window.canvas.rebuild()
        live._refresh_overlay()
        assert live.overlay.scene() is window.canvas.scene() and len(live.overlay.marks) == 1
        # Our own selection travels too.
        window.session.select("o1")
        assert bob.wait_until(lambda: any(s.get("selection") == ["o1"] for s in bob.presence.values()))
        bob.leave()
        qtbot.waitUntil(lambda: not live.overlay.marks, timeout=15000)


def test_share_from_the_menu_and_keep_editing_offline(qtbot, make_window, monkeypatch):
    window = make_window(Session(small_map()))
    live = live_gui.install(window)
    monkeypatch.setattr(live_gui, "ask_share", lambda parent: (0, "kiwi", "Ann"))
    window.share_action.trigger()
    qtbot.waitUntil(lambda: live.is_live, timeout=20000)
    url = live.server.url
    bob = Peer(url, "kiwi", "Bob").join()
    assert canonical(bob.doc) == canonical(small_map())
    bob.apply(E.SetLikelihood("c1", 0.9))
    qtbot.waitUntil(lambda: window.session.document.node("c1").likelihood == 0.9, timeout=15000)
    bob.leave()
    # The sharer leaves: the map stays, and stays editable.
    window.leave_action.trigger()
    assert not live.is_live and window.join_action.isEnabled()
    window.session.apply(E.SetText("c3", "Cheaper"), "Edit text")
    assert window.session.document.node("c3").text == "Cheaper"


def test_joined_window_keeps_editing_while_the_server_is_away(qtbot, make_window, mapfile):
    window = make_window()
    live = live_gui.install(window)
    with RunningServer(mapfile) as server:
        port = server.port
        live.join(server.url)
        qtbot.waitUntil(lambda: live.is_live, timeout=20000)
    qtbot.waitUntil(lambda: live.state[0] == "offline", timeout=20000)
    assert "offline" in window.live_label.text()
    window.session.apply(E.SetText("o1", "Corner cafe"), "Edit text")
    with RunningServer(mapfile, port=port) as server:
        qtbot.waitUntil(lambda: live.state[0] == "online", timeout=15000)
        bob = Peer(server.url).join()
        assert bob.wait_until(lambda: bob.doc.node("o1").text == "Corner cafe")
        bob.leave()


def test_installing_loads_no_network_code_until_a_map_is_shared():
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import sys
        from argmap.gui.app import application
        from argmap.gui.mainwindow import MainWindow
        from argmap.gui import collab
        app = application()
        window = MainWindow()
        collab.install(window)
        loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pycrdt', 'websockets', 'argmap.collab')
                        or m.startswith('argmap.collab'))
        print(','.join(loaded))
        window.session.undo_stack.setClean()
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr[-800:]
    assert run.stdout.strip() == ""


def test_undo_history_that_someone_else_made_impossible_is_cleared(qtbot, make_window, mapfile):
    with RunningServer(mapfile) as server:
        window = make_window()
        live = live_gui.install(window)
        live.join(server.url)
        qtbot.waitUntil(lambda: live.is_live, timeout=20000)
        window.session.apply(E.AddNode(Node(id="mine", kind=Kind.PRO, parent="c1")), "Add")
        window.session.apply(E.SetText("c3", "Cheapest"), "Edit text")
        bob = Peer(server.url).join()
        assert bob.wait_until(lambda: bob.doc.has_node("mine"))
        bob.apply(E.DeleteBranch("c1"))
        qtbot.waitUntil(lambda: not window.session.document.has_node("mine"), timeout=15000)
        assert window.session.undo_stack.count() == 0
        assert "Undo history cleared" in window.statusBar().currentMessage()
        window.session.undo()  # nothing to undo, nothing raised
        bob.leave()
