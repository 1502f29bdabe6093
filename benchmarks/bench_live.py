"""Live sharing under a class's load: many clients editing one map through `argmap serve` on loopback.

    python benchmarks/bench_live.py                        # 30 clients x 5 edits/s x 60 s, both modes, both maps
    python benchmarks/bench_live.py --seconds 10 --mode yjs --map bundled --profile /tmp/prof

Two modes:

- full: every client is a full argmap client (a Document kept in step by a Mirror, repairs and
  all), spread over --workers processes that share this machine's cores; while editing, a
  process's clients do everything (network, mirror, edits) on one thread, taking turns;
- yjs: one full argmap client in a process of its own, and the other clients plain pycrdt Yjs
  clients (a shared document, no argmap model), standing for other machines whose CPU would
  not be this one's.

The server runs as `argmap serve` in its own process. Every edit is one transaction that also
stamps the editor's own node with a unique text; the stamp's arrival at every other client is
seen on that client's network thread (edit -> arrival latency; time.monotonic is one clock for
all processes on Linux; a client that takes in several updates at once sees only a sender's
latest stamp, which then stands for the earlier ones too). A full client also notes when a
stamp is in its Document ("in the map"): it takes changes in as soon as it is free to, as a
window does. Edits: stamps alone, likelihoods on shared nodes, notes added and deleted under
the editor's node, and (full clients only: a move renumbers siblings, which needs the tree) the
editor's node moved, so concurrent moves and changes of the same fields meet. At the end every
client's map (plain clients': their shared document repaired) and the saved file must be the
same map, and every stamp must have reached every other client.

Last, the time a full argmap client takes for one remote update (decode, mirror, repair, apply
to the Document) on each map, without a network, and with --profile, cProfile's top entries
for one full client process while editing.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing as mp
import os
import pstats
import queue
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argmap.collab import canonical, resolve, state_doc
from argmap.collab import ydoc as Y
from argmap.errors import ArgmapError
from argmap.io import jsondoc
from argmap.model import edits as E
from argmap.model.document import Kind, Node
from argmap.paths import bundled_scenario


def digest(doc) -> str:
    return hashlib.sha256(json.dumps(canonical(doc), sort_keys=True).encode()).hexdigest()[:16]


def _is_stamp(text: object, cid: int) -> bool:
    return isinstance(text, str) and text.startswith("stamp ") and not text.startswith(f"stamp {cid}-")


def _full_worker(url: str, ids: list[int], clients: int, rate: float, seconds: float, start_at: float,
                 out, profile: str | None) -> None:
    """Full argmap clients (Peers), sharing one network thread."""
    from argmap.collab.peer import Peer

    arrivals: dict[tuple[str, int], float] = {}  # (stamp, receiving client) -> first seen
    in_map: dict[tuple[str, int], float] = {}  # ... -> first in the receiver's Document

    def tap_for(cid: int):
        def tap(kind, data):
            if kind == "change":
                now = time.monotonic()
                for fields in data[0]["nodes"].values():
                    if fields and _is_stamp(fields.get("text"), cid):
                        arrivals.setdefault((fields["text"], cid), now)
        return tap

    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    peers = {cid: Peer(url, name=f"c{cid}", tap=tap_for(cid), loop=loop).join(60) for cid in ids}
    rng = random.Random(ids[0])
    own = {cid: f"own{cid}" for cid in ids}
    first = next(iter(peers.values())).doc
    targets = [n.id for n in first.nodes if n.kind is Kind.CONSEQUENCE] + [f"own{c}" for c in range(clients)]
    for cid, peer in peers.items():
        parent = rng.choice([n.id for n in peer.doc.nodes if n.kind is Kind.CONSEQUENCE])
        peer.apply(E.AddNode(Node(id=own[cid], kind=Kind.CONSEQUENCE, parent=parent, text="stamp start")))

    def take_in() -> None:
        for cid, peer in peers.items():
            for edit in peer.process():
                now = time.monotonic()
                for _nid, fields in edit.nodes:
                    if fields and _is_stamp(fields.get("text"), cid):
                        in_map.setdefault((fields["text"], cid), now)

    while time.monotonic() < start_at:
        take_in()
        time.sleep(0.02)
    sent: dict[str, float] = {}
    notes: dict[int, list[str]] = {cid: [] for cid in ids}
    end = start_at + seconds
    next_at = {cid: start_at + rng.random() / rate for cid in ids}

    async def editing() -> None:
        """The clients' editing, on their network thread: a process's clients then take turns
        on one thread, as single-threaded clients would, instead of two threads fighting over
        the interpreter's lock."""
        import cProfile

        prof = cProfile.Profile()
        if profile:
            prof.enable()
        seq = 0
        while (now := time.monotonic()) < end:
            take_in()  # like a window: others' edits are taken in as soon as it is free
            for cid, peer in peers.items():
                if now < next_at[cid]:
                    continue
                next_at[cid] += rng.expovariate(rate)
                seq += 1
                edit(cid, peer, seq)
            await asyncio.sleep(0.002)
        if profile:
            prof.disable()
            os.makedirs(profile, exist_ok=True)
            prof.dump_stats(f"{profile}/full-client.prof")
        quiet_since, last = time.monotonic(), len(arrivals) + len(in_map)
        while time.monotonic() - quiet_since < 2.0:
            take_in()
            if len(arrivals) + len(in_map) != last:
                last, quiet_since = len(arrivals) + len(in_map), time.monotonic()
            await asyncio.sleep(0.05)

    def edit(cid: int, peer, seq: int) -> None:
        stamp = f"stamp {cid}-{seq}"
        doc = peer.doc
        if not doc.has_node(own[cid]):
            return
        parts = [E.SetText(own[cid], stamp)]
        roll = rng.random()
        target = rng.choice(targets)
        fits = target != own[cid] and doc.has_node(target) and own[cid] not in {a.id for a in doc.ancestors(target)}
        if roll < 0.25 and fits:
            parts.append(E.SetLikelihood(target, round(rng.random(), 3)))
        elif roll < 0.40:
            note = f"note{cid}-{seq}"
            notes[cid].append(note)
            parts.append(E.AddNode(Node(id=note, kind=Kind.NOTE, parent=own[cid], text=stamp)))
        elif roll < 0.50 and notes[cid]:
            gone = notes[cid].pop(rng.randrange(len(notes[cid])))
            if doc.has_node(gone):
                parts.append(E.DeleteBranch(gone))
        elif roll < 0.60 and fits:
            parts.append(E.MoveNode(own[cid], target))
        try:
            sent[stamp] = time.monotonic()
            peer.apply(E.Batch(tuple(parts)))
        except ArgmapError:  # a move the local rules refuse: the stamp goes alone
            peer.apply(E.SetText(own[cid], stamp))

    asyncio.run_coroutine_threadsafe(editing(), loop).result()
    out.put({"sent": sent, "arrivals": [(s, c, t) for (s, c), t in arrivals.items()],
             "in_map": [(s, c, t) for (s, c), t in in_map.items()], "full": list(ids),
             "digests": {cid: digest(p.doc) for cid, p in peers.items()}})
    for peer in peers.values():
        peer.leave()


class _Plain:
    """A plain pycrdt Yjs client: a shared document and a connection, no argmap model."""

    def __init__(self, url: str, cid: int, arrivals: dict) -> None:
        from pycrdt import Doc, Map

        self.url, self.cid, self.arrivals = url, cid, arrivals
        self.doc = Doc()
        self.nodes = self.doc.get("nodes", type=Map)
        self.receiving = False
        self.outbox: list[bytes] = []
        self.synced = asyncio.Event()
        self.doc.observe(self._on_update)
        self.nodes.observe_deep(self._on_nodes)

    def _on_update(self, event) -> None:
        if not self.receiving:
            from pycrdt import create_update_message

            self.outbox.append(create_update_message(event.update))

    def _on_nodes(self, events, _txn=None) -> None:
        if not self.receiving:
            return
        now = time.monotonic()
        for event in events:
            if event.path:
                text = event.keys.get("text", {}).get("newValue")
                if _is_stamp(text, self.cid):
                    self.arrivals.setdefault((text, self.cid), now)

    async def run(self, stop: asyncio.Event) -> None:
        from pycrdt import YMessageType, create_sync_message, handle_sync_message
        from websockets.asyncio.client import connect

        async with connect(self.url, max_size=2**26) as ws:
            self.ws = ws
            await ws.send(create_sync_message(self.doc))
            reader = asyncio.create_task(self._read(ws, handle_sync_message, YMessageType.SYNC))
            await stop.wait()
            reader.cancel()

    async def _read(self, ws, handle, sync_type) -> None:
        async for message in ws:
            if isinstance(message, bytes) and message and message[0] == sync_type:
                self.receiving = True
                try:
                    reply = handle(message[1:], self.doc)
                finally:
                    self.receiving = False
                if reply is not None:
                    await ws.send(reply)
                if message[1] == 1:
                    self.synced.set()

    async def flush(self) -> None:
        while self.outbox:
            await self.ws.send(self.outbox.pop(0))


def _plain_worker(url: str, ids: list[int], rate: float, seconds: float, start_at: float, out) -> None:
    """Plain Yjs clients on one event loop; the same edits as a full client's, but no moves."""
    from pycrdt import Map

    arrivals: dict[tuple[str, int], float] = {}
    sent: dict[str, float] = {}

    async def main() -> None:
        stop = asyncio.Event()
        clients = {cid: _Plain(url, cid, arrivals) for cid in ids}
        tasks = [asyncio.create_task(c.run(stop)) for c in clients.values()]
        for c in clients.values():
            await asyncio.wait_for(c.synced.wait(), 60)
        rng = random.Random(ids[0])
        nodes = next(iter(clients.values())).nodes
        targets = [nid for nid, f in nodes.items() if f.get("kind") == "consequence"]
        notes: dict[int, list[str]] = {cid: [] for cid in ids}
        for cid, c in clients.items():
            parent = rng.choice(targets)
            order = sum(1 for f in c.nodes.values() if f.get("parent") == parent)
            with c.doc.transaction():
                c.nodes[f"own{cid}"] = Map({"kind": "consequence", "parent": parent, "order": order,
                                            "text": "stamp start"})
            await c.flush()
        while time.monotonic() < start_at:
            await asyncio.sleep(0.02)
        next_at = {cid: start_at + rng.random() / rate for cid in ids}
        seq, end = 0, start_at + seconds
        while (now := time.monotonic()) < end:
            for cid, c in clients.items():
                if now < next_at[cid]:
                    continue
                next_at[cid] += rng.expovariate(rate)
                seq += 1
                stamp, own, roll = f"stamp {cid}-{seq}", f"own{cid}", rng.random()
                sent[stamp] = time.monotonic()
                with c.doc.transaction():
                    c.nodes[own]["text"] = stamp
                    if roll < 0.25:
                        c.nodes[rng.choice(targets)]["likelihood"] = round(rng.random(), 3)
                    elif roll < 0.40:
                        notes[cid].append(f"note{cid}-{seq}")
                        c.nodes[notes[cid][-1]] = Map({"kind": "note", "parent": own, "text": stamp,
                                                       "order": len(notes[cid]) - 1})
                    elif roll < 0.50 and notes[cid]:
                        i = rng.randrange(len(notes[cid]))
                        del c.nodes[notes[cid].pop(i)]
                        for j in range(i, len(notes[cid])):  # the others close the gap, as an editor's would
                            c.nodes[notes[cid][j]]["order"] = j
                await c.flush()
            await asyncio.sleep(0.002)
        last, quiet_since = len(arrivals), time.monotonic()
        while time.monotonic() - quiet_since < 2.0:
            await asyncio.sleep(0.05)
            if len(arrivals) != last:
                last, quiet_since = len(arrivals), time.monotonic()
        digests = {cid: digest(state_doc(resolve(Y.read(c.doc))[0])) for cid, c in clients.items()}
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        out.put({"sent": sent, "arrivals": [(s, c, t) for (s, c), t in arrivals.items()], "in_map": [],
                 "full": [], "digests": digests})

    asyncio.run(main())


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sched(pid: int) -> tuple[float, float]:
    """Seconds a process's threads ran, and waited runnable for a CPU (Linux schedstat)."""
    ran = waited = 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "schedstat").read_text().split()
        except OSError:  # the thread ended meanwhile
            continue
        ran += int(fields[0]) / 1e9
        waited += int(fields[1]) / 1e9
    return ran, waited


def _proc_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _latencies(sent: dict[str, float], seen_at: list[tuple[str, int, float]]) -> list[float]:
    """Edit -> arrival times (ms): stamp k has arrived at a receiver when it or a later stamp of
    the same sender has (updates are applied in order), at the earliest such time."""
    seen: dict[tuple[int, int], dict[int, float]] = {}
    for stamp, receiver, t in seen_at:
        if stamp in sent:
            sender, seq = map(int, stamp.split()[1].split("-"))
            seen.setdefault((sender, receiver), {})[seq] = t
    by_sender: dict[int, list[int]] = {}
    for stamp in sent:
        sender, seq = map(int, stamp.split()[1].split("-"))
        by_sender.setdefault(sender, []).append(seq)
    out = []
    for (sender, _receiver), times in seen.items():
        later = float("inf")
        for seq in sorted(by_sender.get(sender, []), reverse=True):
            later = min(later, times.get(seq, float("inf")))
            if later != float("inf"):
                out.append((later - sent[f"stamp {sender}-{seq}"]) * 1000)
    return sorted(out)


def _pct(values: list[float], q: float) -> float:
    return values[int(q * (len(values) - 1))] if values else float("nan")


def run_once(mode: str, map_path: Path, clients: int, rate: float, seconds: float, workers: int,
             profile: str | None) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-live-"))
    path = folder / "class.argmap.json"
    path.write_bytes(map_path.read_bytes())
    server = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(path), "--port", "0", "--save-every", "3"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    url = server.stdout.readline().split(" at ")[1].strip()
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start_at = time.monotonic() + 10 + clients * 0.2
    if mode == "full":
        groups = [list(range(i, clients, workers)) for i in range(workers)]
        procs = [ctx.Process(target=_full_worker, args=(url, g, clients, rate, seconds, start_at, out,
                                                          profile if i == 0 else None))
                 for i, g in enumerate(groups) if g]
    else:
        plain = list(range(1, clients))
        groups = [plain[i::workers] for i in range(workers)]
        procs = [ctx.Process(target=_full_worker, args=(url, [0], clients, rate, seconds, start_at, out, profile))]
        procs += [ctx.Process(target=_plain_worker, args=(url, g, rate, seconds, start_at, out)) for g in groups if g]
    for p in procs:
        p.start()
    while time.monotonic() < start_at:
        time.sleep(0.05)
    cpu0, wall0 = _proc_cpu(server.pid), time.monotonic()
    client0 = [_proc_cpu(p.pid) for p in procs]
    sched0 = [_sched(pid) for pid in (server.pid, *(p.pid for p in procs))]
    time.sleep(seconds)
    client1 = [_proc_cpu(p.pid) for p in procs]
    sched1 = [_sched(pid) for pid in (server.pid, *(p.pid for p in procs))]
    ran = sum(b[0] - a[0] for a, b in zip(sched0, sched1))
    waited = sum(b[1] - a[1] for a, b in zip(sched0, sched1))
    wall = time.monotonic() - wall0
    cpu1 = _proc_cpu(server.pid)
    results = []
    deadline = time.monotonic() + seconds + 300
    while len(results) < len(procs):
        try:
            results.append(out.get(timeout=1))
        except queue.Empty:
            if time.monotonic() > deadline or any(p.exitcode not in (None, 0) for p in procs):
                server.kill()
                raise RuntimeError("a client process failed or hung; see its traceback above") from None
    hwm = _proc_hwm_mb(server.pid)
    for p in procs:
        p.join(30)
    server.send_signal(signal.SIGINT)
    server.communicate(timeout=60)
    saved = digest(jsondoc.read(path))
    sent: dict[str, float] = {}
    for r in results:
        sent.update(r["sent"])
    arrivals = [a for r in results for a in r["arrivals"]]
    latencies = _latencies(sent, arrivals)
    full_ids = {cid for r in results for cid in r["full"]}
    full_latencies = _latencies(sent, [a for a in arrivals if a[1] in full_ids])
    in_map = _latencies(sent, [a for r in results for a in r["in_map"]])
    expected = len(sent) * (clients - 1)
    digests = {d for r in results for d in r["digests"].values()}
    return {
        "edits": len(sent), "intended": clients * rate * seconds, "expected": expected, "arrived": len(latencies),
        "lost": expected - len(latencies), "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": _pct(latencies, 0.95), "max": latencies[-1] if latencies else float("nan"),
        "full_p50": _pct(full_latencies, 0.5), "full_p95": _pct(full_latencies, 0.95),
        "map_p50": _pct(in_map, 0.5), "map_p95": _pct(in_map, 0.95), "map_max": in_map[-1] if in_map else float("nan"),
        "converged": len(digests) == 1, "file": digests == {saved},
        "cpu": 100 * (cpu1 - cpu0) / wall, "rss": hwm, "clients_cpu": 100 * (sum(client1) - sum(client0)) / wall,
        "full_cpu": 100 * (client1[0] - client0[0]) / wall,
        "cpu_wait": 100 * waited / max(ran + waited, 1e-9),
    }


def apply_times(doc, updates: int = 400) -> tuple[float, float]:
    """A full client's time for one remote update (ms, median and p95), without a network."""
    from pycrdt import Doc

    from argmap.collab import LiveDoc

    a, b = LiveDoc.share(doc), LiveDoc.join(Doc())
    b.receive(a.ydoc.get_update())
    got: list[bytes] = []
    a.ydoc.observe(lambda event: got.append(event.update))
    rng = random.Random(7)
    targets = [n.id for n in a.doc.nodes if n.kind is Kind.CONSEQUENCE]
    a.apply(E.AddNode(Node(id="ownA", kind=Kind.CONSEQUENCE, parent=targets[0], text="stamp start")))
    b.receive(got.pop())
    notes: list[str] = []
    times = []
    for seq in range(updates):
        parts = [E.SetText("ownA", f"stamp 0-{seq}")]
        roll, target = rng.random(), rng.choice(targets)
        if roll < 0.25:
            parts.append(E.SetLikelihood(target, round(rng.random(), 3)))
        elif roll < 0.40:
            notes.append(f"note{seq}")
            parts.append(E.AddNode(Node(id=notes[-1], kind=Kind.NOTE, parent="ownA", text="x")))
        elif roll < 0.50 and notes:
            parts.append(E.DeleteBranch(notes.pop(rng.randrange(len(notes)))))
        elif roll < 0.60 and "ownA" not in {x.id for x in a.doc.ancestors(target)}:
            parts.append(E.MoveNode("ownA", target))
        a.apply(E.Batch(tuple(parts)))
        update = got.pop()
        t0 = time.perf_counter()
        b.receive(update)
        times.append((time.perf_counter() - t0) * 1000)
    assert canonical(a.doc) == canonical(b.doc)
    times.sort()
    return statistics.median(times), _pct(times, 0.95)


def _print_profiles(folder: str) -> None:
    for name in sorted(Path(folder).glob("*.prof")):
        print(f"\ncProfile of one full client process, {Path(folder).name} (top 15 by own time):")
        stats = pstats.Stats(str(name))
        stats.sort_stats("tottime").print_stats(15)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=30)
    ap.add_argument("--rate", type=float, default=5.0, help="edits per second per client")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=3, help="processes the (full or plain) clients are spread over")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--mode", choices=("full", "yjs", "both"), default="both")
    ap.add_argument("--map", choices=("bundled", "generated", "both"), default="both")
    ap.add_argument("--nodes", type=int, default=1000, help="size of the generated map")
    ap.add_argument("--profile", metavar="DIR", help="cProfile one full client process; print its top entries")
    ap.add_argument("--apply-only", action="store_true", help="only the per-update apply times")
    args = ap.parse_args()
    from benchmarks.generate import generate

    folder = Path(tempfile.mkdtemp(prefix="bench-live-maps-"))
    maps: dict[str, Path] = {}
    if args.map in ("bundled", "both"):
        maps["bundled"] = Path(bundled_scenario())
    if args.map in ("generated", "both"):
        maps["generated"] = folder / "generated.argmap.json"
        jsondoc.write(generate(args.nodes), maps["generated"])
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
    ok = True
    for label, path in maps.items():
        nodes = len(jsondoc.read(path).nodes)
        for mode in (("full", "yjs") if args.mode == "both" else (args.mode,)):
            if args.apply_only:
                break
            runs = [run_once(mode, path, args.clients, args.rate, args.seconds, args.workers,
                             args.profile and f"{args.profile}/{label}-{mode}") for _ in range(args.runs)]
            ok &= _table(mode, label, nodes, args, runs)
        med, p95 = apply_times(jsondoc.read(path))
        print(f"\none remote update into a full argmap client, {label} map ({nodes} nodes), no network: "
              f"median {med:.2f} ms, p95 {p95:.2f} ms")
    if args.profile:
        for sub in sorted(Path(args.profile).iterdir()):
            if sub.is_dir():
                _print_profiles(str(sub))
    return 0 if ok else 1


def _table(mode: str, label: str, nodes: int, args: argparse.Namespace, runs: list[dict]) -> bool:
    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    who = (f"{args.clients} full argmap clients in {args.workers} processes" if mode == "full" else
           f"1 full argmap client + {args.clients - 1} plain Yjs clients in {args.workers} processes")
    print(f"\nlive sharing, {mode} mode: {who}, {args.rate:g} edits/s each x {args.seconds:g} s on loopback; "
          f"{label} map ({nodes} nodes); median of {len(runs)} run(s)")
    rows = [
        ("edits sent / intended", f"{med('edits'):.0f} / {med('intended'):.0f}"),
        ("arrivals expected", f"{med('expected'):.0f}"),
        ("arrivals seen", f"{med('arrived'):.0f}"),
        ("edits lost", f"{max(r['lost'] for r in runs)}"),
        ("latency p50 / p95 / max", f"{med('p50'):.1f} / {med('p95'):.1f} / {med('max'):.1f} ms  (target p95 < 200 ms)"),
        ("  at full clients p50 / p95", f"{med('full_p50'):.1f} / {med('full_p95'):.1f} ms"),
        ("  in a full client's map p50 / p95 / max",
         f"{med('map_p50'):.1f} / {med('map_p95'):.1f} / {med('map_max'):.1f} ms"),
        ("all clients converged", "yes" if all(r["converged"] for r in runs) else "NO"),
        ("saved file = clients' map", "yes" if all(r["file"] for r in runs) else "NO"),
        ("server CPU (avg)", f"{med('cpu'):.0f} % of one core"),
        ("server peak RSS", f"{med('rss'):.0f} MB"),
        ("client processes' CPU", f"{med('clients_cpu'):.0f} % of one core, all together (while editing)"),
    ]
    if mode == "yjs":
        rows.append(("  the full client's process", f"{med('full_cpu'):.0f} % of one core"))
    waiting = f"{med('cpu_wait'):.0f} % of the time the server and clients wanted to run (others' load here)"
    rows.append(("waiting for a CPU", waiting))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    return all(r["converged"] and r["file"] and r["lost"] == 0 for r in runs)


if __name__ == "__main__":
    sys.exit(main())
