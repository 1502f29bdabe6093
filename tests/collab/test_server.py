"""The sharing server and its clients over real WebSockets on loopback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from livepeers import RunningServer, small_map

from argmap.cli import main
from argmap.collab import canonical
from argmap.collab.peer import Peer, ShareError
from argmap.collab.server import room_name, store_path
from argmap.io import jsondoc
from argmap.model import edits as E
from argmap.model.document import Kind, Node


@pytest.fixture
def mapfile(tmp_path):
    path = tmp_path / "lunch.argmap.json"
    jsondoc.write(small_map(), path)
    return path


def test_two_participants_see_each_others_edits_and_the_file_is_saved(mapfile):
    with RunningServer(mapfile, token="pear") as server:
        assert server.url.endswith("/lunch")
        a = Peer(server.url, "pear", "Ann").join()
        b = Peer(server.url, "pear", "Bob").join()
        assert canonical(a.doc) == canonical(small_map())
        a.apply(E.SetText("c1", "Espresso"))
        b.apply(E.AddNode(Node(id="n1", kind=Kind.CON, parent="c1", text="Pricey")))
        assert b.wait_until(lambda: b.doc.node("c1").text == "Espresso")
        assert a.wait_until(lambda: a.doc.has_node("n1"))
        assert a.wait_until(lambda: any(s.get("user", {}).get("name") == "Bob" for s in a.presence.values()))
        assert a.wait_until(lambda: jsondoc.read(mapfile).has_node("n1") if server.saves else False)
        a.leave()
        b.leave()
    saved = jsondoc.read(mapfile)
    assert saved.node("c1").text == "Espresso" and saved.node("n1").parent == "c1"


def test_an_edit_made_offline_merges_on_reconnect(mapfile):
    with RunningServer(mapfile) as server:
        a = Peer(server.url).join()
        a.apply(E.SetText("c2", "Short queue"))
        assert a.wait_until(lambda: server.saves > 0)
    # The server is gone: the map stays editable.
    a.apply(E.SetText("c3", "Free"))
    assert a.wait_until(lambda: a.status[0] == "offline")
    with RunningServer(mapfile, port=server.port) as server2:
        b = Peer(server2.url).join()
        assert b.doc.node("c2").text == "Short queue"
        assert b.wait_until(lambda: b.doc.node("c3").text == "Free", timeout=15)
        assert a.wait_until(lambda: a.status[0] == "online")
        a.leave()
        b.leave()


def test_wrong_token_dead_server_and_wrong_room_are_one_line(mapfile):
    with RunningServer(mapfile, token="pear") as server:
        with pytest.raises(ShareError, match="refused the token"):
            Peer(server.url, "plum").join()
        with pytest.raises(ShareError, match="shares another map"):
            Peer(server.url.replace("/lunch", "/dinner"), "pear").join()
        port = server.port
    with pytest.raises(ShareError, match="connection refused"):
        Peer(f"ws://127.0.0.1:{port}/lunch").join()


def test_join_command_says_why_in_one_line(mapfile, capsys):
    with RunningServer(mapfile, token="pear") as server:
        assert main(["join", server.url, "--token", "plum"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("error: ") and "refused the token" in err[0]
    assert main(["join", "http://example.org/x"]) == 1
    assert "not a ws:// address" in capsys.readouterr().err


def test_restart_picks_up_the_stored_updates_and_a_newer_file_wins(mapfile):
    with RunningServer(mapfile, save_every=30) as server:
        a = Peer(server.url).join()
        a.apply(E.SetLikelihood("c1", 0.25))
        assert a.wait_until(lambda: server._changes > 0)
        time.sleep(0.3)  # the room writes the update to the store
        a.leave()
    assert store_path(mapfile).exists() and jsondoc.read(mapfile).node("c1").likelihood == 0.25
    with RunningServer(mapfile) as server:
        b = Peer(server.url).join()
        assert b.doc.node("c1").likelihood == 0.25
        b.leave()
    doc = jsondoc.read(mapfile)
    doc.node("c1").likelihood = 0.75
    time.sleep(0.05)
    jsondoc.write(doc, mapfile)
    os.utime(mapfile, (time.time() + 5, time.time() + 5))
    with RunningServer(mapfile) as server:
        c = Peer(server.url).join()
        assert c.doc.node("c1").likelihood == 0.75
        c.leave()


def test_room_names_come_from_the_file_name(tmp_path):
    assert room_name(tmp_path / "class-7b.argmap.json") == "class-7b"
    assert room_name("debate.json") == "debate"


def test_serve_command_runs_until_interrupted_and_saves(mapfile):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(mapfile), "--port", "0", "--token", "t"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        assert line.startswith("Sharing "), line + proc.stderr.read()
        url = line.split(" at ")[1].strip()
        a = Peer(url, "t").join()
        a.apply(E.SetMapField("title", "Lunch, decided"))
        time.sleep(0.3)
        a.leave()
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert jsondoc.read(mapfile).title == "Lunch, decided"


def test_serve_on_a_port_in_use_is_one_line(mapfile, capsys):
    with RunningServer(mapfile) as server:
        assert main(["serve", str(mapfile), "--port", str(server.port)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("error: cannot listen on 127.0.0.1:") and "in use" in err[0]
    assert err[1].startswith("hint: ")


def test_serve_saves_when_stopped_by_sigterm(mapfile):
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(mapfile), "--port", "0", "--save-every", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().split(" at ")[1].strip()
        a = Peer(url).join()
        a.apply(E.SetNote("c2", "queue moves fast"))
        time.sleep(0.3)
        a.leave()
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "saved" in out and jsondoc.read(mapfile).node("c2").note == "queue moves fast"


def _stored_rows(mapfile) -> int:
    import sqlite3

    with sqlite3.connect(store_path(mapfile)) as db:
        return db.execute("SELECT count(*) FROM yupdates").fetchone()[0]


def test_updates_that_come_together_are_stored_as_one(mapfile):
    with RunningServer(mapfile, save_every=30) as server:
        a, b = Peer(server.url).join(), Peer(server.url).join()
        start = time.monotonic()
        for i in range(40):
            a.apply(E.SetText("c1", f"draft {i}"))
        assert b.wait_until(lambda: b.doc.node("c1").text == "draft 39")
        spread = time.monotonic() - start  # on a loaded machine the edits may take a while to arrive
        time.sleep(server.options.store_every * 2.5)
        rows = _stored_rows(mapfile)
        a.leave()
        b.leave()
    # The map as it was shared, then one batch per store interval the edits spanned: not one row per edit.
    assert rows <= 4 + int(spread / server.options.store_every) and rows < 20


def _stored_note(mapfile, node_id: str) -> object:
    import asyncio

    from pycrdt import Doc
    from pycrdt.store import SQLiteYStore

    from argmap.collab import ydoc as Y

    async def read() -> object:
        store_class = type("Store", (SQLiteYStore,), {"db_path": str(store_path(mapfile))})
        doc = Doc()
        async with store_class(room_name(mapfile)) as store:
            await store.apply_updates(doc)
        return Y.read(doc)["nodes"][node_id].get("note")

    return asyncio.run(read())


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_server_stores_the_updates_not_yet_written(mapfile, stop):
    proc = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(mapfile), "--port", "0", "--save-every", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().split(" at ")[1].strip()
        a = Peer(url).join()
        a.apply(E.SetNote("c2", "queue moves fast"))
        time.sleep(0.1)  # less than the time between writes to the store
        a.leave()
    finally:
        proc.send_signal(stop)
        _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert _stored_note(mapfile, "c2") == "queue moves fast"
