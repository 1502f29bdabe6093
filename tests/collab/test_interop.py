"""A Node.js Yjs client (yjs + y-websocket) and argmap edit one map through `argmap serve`'s room."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from livepeers import RunningServer, small_map

from argmap.collab.peer import Peer
from argmap.io import jsondoc
from argmap.model import edits as E
from argmap.model.document import Kind

JS = Path(__file__).parent / "js"
#: Where the npm packages are installed once (outside the repository's tracked files).
CACHE = Path(os.environ.get("ARGMAP_NPM_CACHE", "/tmp/argmap-npm"))
PACKAGES = ["yjs@13", "y-websocket@3", "ws@8"]


@pytest.fixture(scope="module")
def node_modules() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("The interop test needs Node.js 18+ and npm on PATH (to install yjs and y-websocket).")
    modules = CACHE / "node_modules"
    if not all((modules / name.split("@")[0] / "package.json").exists() for name in PACKAGES):
        CACHE.mkdir(parents=True, exist_ok=True)
        run = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), *PACKAGES],
                             capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            pytest.fail(f"npm could not install {' '.join(PACKAGES)}: {run.stderr.strip()[-500:]}")
    return modules


def test_a_nodejs_yjs_client_and_argmap_see_each_others_edits(node_modules, tmp_path):
    path = tmp_path / "lunch.argmap.json"
    jsondoc.write(small_map(), path)
    # An ES module finds its imports in the node_modules beside it (NODE_PATH is not read for them).
    script = node_modules.parent / "yclient.mjs"
    shutil.copy(JS / "yclient.mjs", script)
    with RunningServer(path, token="fig") as server:
        py = Peer(server.url, "fig", "Python").join()
        base = f"ws://127.0.0.1:{server.port}"
        proc = subprocess.Popen(["node", str(script), base, server.room_name, "fig"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            first = proc.stdout.readline()
            assert first.startswith("SYNCED "), first + proc.stderr.read()
            seen = json.loads(first[len("SYNCED "):])
            assert seen == {"title": "Lunch", "c1": "Good coffee", "n": 7}
            # The JavaScript edits reach the Python document as edits.
            assert py.wait_until(lambda: py.doc.node("c1").text == "from node" and py.doc.has_node("js1"))
            assert py.doc.node("js1").kind is Kind.CON and py.doc.node("js1").parent == "c3"
            assert py.wait_until(lambda: any(s.get("user", {}).get("name") == "Node" for s in py.presence.values()))
            # And the Python edit reaches JavaScript.
            py.apply(E.SetText("c2", "from python"))
            assert proc.stdout.readline().strip() == "SEEN"
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        py.leave()
        assert py.wait_until(lambda: server.saves > 0 and jsondoc.read(path).has_node("js1"))
    saved = jsondoc.read(path)
    assert saved.node("c1").text == "from node" and saved.node("c2").text == "from python"
