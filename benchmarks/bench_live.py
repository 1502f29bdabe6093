"""Live sharing under a class's load: many clients editing one map through `argmap serve` on loopback.

    python benchmarks/bench_live.py                      # 30 clients x 5 edits/s x 60 s
    python benchmarks/bench_live.py --clients 10 --seconds 10 --runs 3

The server runs as `argmap serve` in its own process; the clients are split over worker
processes (each client: its own connection, on one network thread per process, and a
Document kept in step by a Mirror, taking others' edits in ten times a second).
Every edit is one transaction that also stamps the editor's own node with a unique text, so
its arrival at every other client is seen on that client's network thread (edit -> arrival
latency; time.monotonic is one clock for all processes on Linux; a client that takes in
several updates at once sees only a sender's latest stamp, which then stands for the
earlier ones too). Edits: stamps alone, and
likelihoods on shared nodes, notes added and deleted, the editor's node moved (concurrent
moves and changes of the same fields meet). At the end every client's map and the saved
file must be the same map, and every stamp must have reached every other client.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argmap.collab import canonical  # noqa: E402
from argmap.errors import ArgmapError  # noqa: E402
from argmap.io import jsondoc  # noqa: E402
from argmap.model import edits as E  # noqa: E402
from argmap.model.document import Kind, Node  # noqa: E402
from argmap.paths import bundled_scenario  # noqa: E402


def digest(doc) -> str:
    return hashlib.sha256(json.dumps(canonical(doc), sort_keys=True).encode()).hexdigest()[:16]


def _worker(url: str, ids: list[int], rate: float, seconds: float, start_at: float, out) -> None:
    from argmap.collab.peer import Peer

    arrivals: dict[tuple[str, int], float] = {}  # (stamp, receiving client) -> first seen

    def tap_for(cid: int):
        def tap(kind, data):
            if kind == "change":
                now = time.monotonic()
                for fields in data[0]["nodes"].values():
                    text = fields.get("text", "") if fields else ""
                    if text.startswith("stamp ") and not text.startswith(f"stamp {cid}-"):
                        arrivals.setdefault((text, cid), now)
        return tap

    import asyncio
    import threading

    loop = asyncio.new_event_loop()  # one network thread for this process's clients
    threading.Thread(target=loop.run_forever, daemon=True).start()
    peers = {cid: Peer(url, name=f"c{cid}", tap=tap_for(cid), loop=loop).join(30) for cid in ids}
    rng = random.Random(ids[0])
    own = {cid: f"own{cid}" for cid in ids}
    for cid, peer in peers.items():
        parent = rng.choice([n.id for n in peer.doc.nodes if n.kind is Kind.CONSEQUENCE])
        peer.apply(E.AddNode(Node(id=own[cid], kind=Kind.CONSEQUENCE, parent=parent, text="stamp start")))
    sent: dict[str, float] = {}
    notes: dict[int, list[str]] = {cid: [] for cid in ids}
    while time.monotonic() < start_at:
        for peer in peers.values():
            peer.process()
        time.sleep(0.02)
    end = start_at + seconds
    next_at = {cid: start_at + rng.random() / rate for cid in ids}
    seq = 0
    taken_at = 0.0
    while True:
        now = time.monotonic()
        if now >= end:
            break
        if now - taken_at >= 0.1:  # like a window: others' edits are taken in once a frame or so
            taken_at = now
            for peer in peers.values():
                peer.process()
        for cid, peer in peers.items():
            if now < next_at[cid]:
                continue
            next_at[cid] += rng.expovariate(rate)
            seq += 1
            stamp = f"stamp {cid}-{seq}"
            doc = peer.doc
            if not doc.has_node(own[cid]):
                continue
            parts = [E.SetText(own[cid], stamp)]
            roll = rng.random()
            consequences = [n.id for n in doc.nodes if n.kind is Kind.CONSEQUENCE and n.id != own[cid]
                            and own[cid] not in {a.id for a in doc.ancestors(n.id)}]
            if roll < 0.25 and consequences:
                parts.append(E.SetLikelihood(rng.choice(consequences), round(rng.random(), 3)))
            elif roll < 0.40:
                note = f"note{cid}-{seq}"
                notes[cid].append(note)
                parts.append(E.AddNode(Node(id=note, kind=Kind.NOTE, parent=own[cid], text=stamp)))
            elif roll < 0.50 and notes[cid]:
                gone = notes[cid].pop(rng.randrange(len(notes[cid])))
                if doc.has_node(gone):
                    parts.append(E.DeleteBranch(gone))
            elif roll < 0.60 and consequences:
                parts.append(E.MoveNode(own[cid], rng.choice(consequences)))
            try:
                sent[stamp] = time.monotonic()
                peer.apply(E.Batch(tuple(parts)))
            except ArgmapError:  # a move the local rules refuse: the stamp goes alone
                peer.apply(E.SetText(own[cid], stamp))
        time.sleep(0.005)
    # Quiet: wait until nothing has arrived for two seconds.
    quiet_since = time.monotonic()
    last = len(arrivals)
    while time.monotonic() - quiet_since < 2.0:
        for peer in peers.values():
            peer.process()
        if len(arrivals) != last:
            last, quiet_since = len(arrivals), time.monotonic()
        time.sleep(0.05)
    for peer in peers.values():
        peer.process()
    out.put({"sent": sent, "arrivals": [(stamp, cid, t) for (stamp, cid), t in arrivals.items()], "digests": {cid: digest(p.doc) for cid, p in peers.items()},
             "states": {cid: canonical(p.doc) for cid, p in list(peers.items())[:1]}})
    for peer in peers.values():
        peer.leave()


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_once(clients: int, rate: float, seconds: float, workers: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-live-"))
    path = folder / "class.argmap.json"
    jsondoc.write(jsondoc.read(bundled_scenario()), path)
    server = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(path), "--port", "0", "--save-every", "3"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    line = server.stdout.readline()
    url = line.split(" at ")[1].strip()
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    groups = [list(range(i, clients, workers)) for i in range(workers)]
    start_at = time.monotonic() + 8 + clients * 0.15
    procs = [ctx.Process(target=_worker, args=(url, g, rate, seconds, start_at, out)) for g in groups if g]
    for p in procs:
        p.start()
    while time.monotonic() < start_at:
        time.sleep(0.05)
    cpu0, wall0 = _proc_cpu(server.pid), time.monotonic()
    client0 = [_proc_cpu(p.pid) for p in procs]
    time.sleep(seconds)
    client1 = [_proc_cpu(p.pid) for p in procs]
    clients_cpu = 100 * (sum(client1) - sum(client0)) / (time.monotonic() - wall0)
    results = [out.get(timeout=seconds + 180) for _ in procs]
    cpu1, wall1 = _proc_cpu(server.pid), time.monotonic()
    hwm = _proc_hwm_mb(server.pid)
    for p in procs:
        p.join(30)
    server.send_signal(signal.SIGINT)
    server.communicate(timeout=30)
    saved = digest(jsondoc.read(path))
    sent: dict[str, float] = {}
    for r in results:
        sent.update(r["sent"])
    # A receiver takes in what arrived together at once, so it may see only the latest of a
    # sender's stamps: stamp k has arrived when it or a later stamp of the same sender has
    # (updates are applied in order), at the earliest such time.
    seen: dict[tuple[int, int], dict[int, float]] = {}
    for r in results:
        for stamp, receiver, t in r["arrivals"]:
            if stamp in sent:
                sender, seq = map(int, stamp.split()[1].split("-"))
                seen.setdefault((sender, receiver), {})[seq] = t
    by_sender: dict[int, list[int]] = {}
    for stamp in sent:
        sender, seq = map(int, stamp.split()[1].split("-"))
        by_sender.setdefault(sender, []).append(seq)
    latencies = []
    for (sender, _receiver), times in seen.items():
        later = float("inf")
        for seq in sorted(by_sender.get(sender, []), reverse=True):
            later = min(later, times.get(seq, float("inf")))
            if later != float("inf"):
                latencies.append((later - sent[f"stamp {sender}-{seq}"]) * 1000)
    expected = len(sent) * (clients - 1)
    digests = {d for r in results for d in r["digests"].values()}
    latencies.sort()
    return {
        "edits": len(sent), "rate": len(sent) / seconds, "expected": expected, "arrived": len(latencies),
        "lost": expected - len(latencies), "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "converged": len(digests) == 1, "file": digests == {saved},
        "cpu": 100 * (cpu1 - cpu0) / (wall1 - wall0), "rss": hwm, "clients_cpu": clients_cpu,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=30)
    ap.add_argument("--rate", type=float, default=5.0, help="edits per second per client")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=3, help="processes the clients are spread over")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    runs = [run_once(args.clients, args.rate, args.seconds, args.workers) for _ in range(args.runs)]

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    print(f"live sharing: {args.clients} clients x {args.rate:g} edits/s x {args.seconds:g} s on loopback "
          f"(bundled map, {args.workers} client processes; median of {len(runs)} run(s))")
    rows = [
        ("edits sent", f"{med('edits'):.0f} ({med('rate'):.1f}/s)"),
        ("arrivals expected", f"{med('expected'):.0f}"),
        ("arrivals seen", f"{med('arrived'):.0f}"),
        ("edits lost", f"{max(r['lost'] for r in runs)}"),
        ("latency p50", f"{med('p50'):.1f} ms"),
        ("latency p95", f"{med('p95'):.1f} ms  (target < 200 ms)"),
        ("latency max", f"{med('max'):.1f} ms"),
        ("all clients converged", "yes" if all(r["converged"] for r in runs) else "NO"),
        ("saved file = clients' map", "yes" if all(r["file"] for r in runs) else "NO"),
        ("server CPU (avg)", f"{med('cpu'):.0f} % of one core"),
        ("server peak RSS", f"{med('rss'):.0f} MB"),
        ("client processes' CPU", f"{med('clients_cpu'):.0f} % of one core, all together (while editing)"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    ok = all(r["converged"] and r["file"] and r["lost"] == 0 for r in runs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
