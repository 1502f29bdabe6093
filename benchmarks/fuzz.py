"""Mutation fuzzing of the map readers: every input gives a map or one clean line, and quickly.

    python benchmarks/fuzz.py --format json|argdown|aif|kialo [--seconds 600] [--max-inputs N]
                              [--seed 1] [--crashers DIR] [--json]
    python benchmarks/fuzz.py --runs [--length 20000]

Inputs are made from a corpus (the bundled scenarios, their Argdown exports, the test
samples and fixtures, small generated maps) by mutations of the bytes or text (tokens
inserted, spans cut, doubled or replaced, runs of one syntax character, truncation) and,
for JSON, of the parsed tree (values swapped for NaN, huge numbers, deep nesting, odd
text, colliding ids, broken parents). AIF inputs (the AIF fixtures and exports of the
maps, with and without argmap's annotations) get mutations of the graph: keys dropped or
added, values of the wrong type, huge numbers, deep nesting, cycles of inferences,
dangling edges, duplicate ids, control characters, lone surrogates, very long text. Kialo
inputs (the Kialo fixtures and the maps written as Kialo exports) get numbering chaos
(huge, deep, zero, doubled, gapped and malformed numbers), stance labels changed,
`-> See` references to anything, lines moved and odd text. Each input is read; a map that
loads is checked as `argmap validate` checks it, then saved in every text format argmap
writes and reads (JSON, Argdown, AIF) and read back.

Counted: inputs tried, clean errors (an ArgmapError whose message is one line), valid
maps, crashes (any other exception, an error or warning that is not one line, a save that
cannot be read back), slow inputs (a read over one second) and round-trip losses (a save read
back as a different map). Crashes and slow inputs are saved to --crashers.

--runs times the reader on long runs of each Argdown syntax character (20,000 `{` took
44.5 s before the reader found data blocks by bisection); it prints the length, the
seconds and whether the read gave a map or a clean error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from argmap.errors import ArgmapError  # noqa: E402
from argmap.io import aif, argdown, jsondoc, kialo  # noqa: E402
from argmap.model.document import Document  # noqa: E402
from argmap.model.rules import check  # noqa: E402

__all__ = ["FORMATS", "corpus", "kialo_text", "mutate", "mutate_aif", "mutate_argdown", "mutate_json", "mutate_kialo",
           "read", "is_one_line", "try_input", "main"]

SLOW = 1.0  # seconds: a read slower than this is reported
HANG = 5  # seconds: a read is stopped after this and counted as a crash
MAX_MESSAGE = 500  # characters: a longer error line is not "one line" for a terminal
#: The formats fuzzed, and the file suffix a crasher of each is saved with.
FORMATS = {"json": ".argmap.json", "argdown": ".argdown", "aif": ".aif.json", "kialo": ".txt"}

# Characters no error line may show raw: controls, separators, bidirectional and format characters.
_RAW = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")

# -- the corpus --------------------------------------------------------------------------


def corpus(fmt: str) -> list[Any]:
    """Seed inputs for a format: bytes for JSON and AIF, text for Argdown and Kialo."""
    from benchmarks.generate import generate

    maps = [jsondoc.read(p) for p in sorted((ROOT / "scenarios").glob("*.argmap.json"))]
    maps += [generate(n, seed=n) for n in (3, 12, 40)]
    samples = sorted((ROOT / "tests" / "io" / "argdown").glob("*.argdown"))
    fixtures = ROOT / "tests" / "fixtures"
    hostile = fixtures / "hostile"
    if fmt == "aif":
        seeds: list[Any] = [p.read_bytes() for p in sorted((fixtures / "aif").glob("*.json"))]
        for doc in maps:
            seeds.append(aif.dumps(doc))
            plain = aif.to_aif(doc)  # as another tool writes it: no argmap annotations
            plain.pop("argmap", None)
            for node in plain["nodes"]:
                node.pop("argmap", None)
            seeds.append(json.dumps(plain, ensure_ascii=False).encode("utf-8"))
        return seeds + [p.read_bytes() for p in sorted(hostile.glob("*.aif.json"))]
    if fmt == "kialo":
        texts = [p.read_text(encoding="utf-8") for p in sorted((fixtures / "kialo").glob("*.txt"))]
        texts += [kialo_text(doc) for doc in maps]
        return texts + [p.read_text(encoding="utf-8", errors="surrogateescape") for p in sorted(hostile.glob("*.txt"))]
    if fmt == "json":
        seeds = [jsondoc.dumps(doc) for doc in maps]
        for path in samples:
            try:
                seeds.append(jsondoc.dumps(argdown.read(path)))
            except ArgmapError:
                continue
        seeds += [p.read_bytes() for p in sorted(hostile.glob("*.json")) if not p.name.endswith(".aif.json")]
        return seeds
    seeds = [argdown.dumps(doc) for doc in maps]
    seeds += [p.read_text(encoding="utf-8") for p in samples]
    seeds += [p.read_text(encoding="utf-8") for p in sorted(hostile.glob("*.argdown"))]
    return seeds


def kialo_text(doc: Document) -> str:
    """A map written as Kialo exports a discussion: the question as its title, options as theses, links as reuses."""
    root = doc.node(doc.question) if doc.question else doc.roots()[0]
    lines = [f"Discussion Title: {' '.join(root.text.split())}", ""]
    numbers: dict[str, str] = {}

    def add(node_id: str, prefix: str, top: bool) -> None:
        for i, child in enumerate(doc.children(node_id), start=1):
            number = f"{prefix}{i}."
            numbers[child.id] = number
            stance = "" if top else ("Con: " if child.kind.value == "con" else "Pro: ")
            text = " ".join((child.title or child.text or "x").split()).replace("(", "\\(").replace(")", "\\)")
            lines.append(f"{number} {stance}{text}")
            add(child.id, number, False)

    add(root.id, "", True)
    for k, link in enumerate(doc.links):
        if link.target in numbers and link.source in numbers and len(numbers[link.target]) > 2:
            stance = "Con" if link.kind.value in ("attacks", "undercuts", "contradicts") else "Pro"
            lines.append(f"{numbers[link.target]}{900 + k}. {stance}: -> See {numbers[link.source]}")
    return "\n".join(lines) + "\n"


# -- mutations ---------------------------------------------------------------------------

_ODD_TEXT = ["", " ", "\x00", "\x1b[31m", "\u202e", "\u2066x\u2069", "\u200f", "\n", "\r\n", "\t", "\u2028", "\x85",
             "\ufeff", "\ufffe", "\uffff", "🎉", "\U0001fae8", "é", "你", "ع", "a\nb", "<script>", "[x](javascript:y)",
             "{", "}", "[", "]", "#", "//", "/*", "===", "x" * 5000]
_ODD_VALUES: list[Any] = [float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 5e-324, -0.0, 0, -1, 1, 2, 0.5,
                          2 ** 63, -(2 ** 63), 10 ** 400, 10 ** 4000, True, False, None, [], {}, "", "q", "2",
                          [1, "a"], {"a": 1}]
_KINDS = ["question", "option", "consequence", "scenario", "pro", "con", "evidence", "note", "Pro", "x"]
_JSON_TOKENS = [b"{", b"}", b"[", b"]", b'"', b",", b":", b"\\", b"NaN", b"Infinity", b"-Infinity", b"1e999",
                b"-1e999", b"1e-999", b"0", b"-0", b"-1", b"null", b"true", b'"version": 0, ', b'"version": -1, ',
                b'"version": 3, ', b'"\\ud800"', b'"\\udc00\\ud800"', b'"\\ud83e\\udee8"', b'"\\u0000"', b"\\u001b",
                b"\\u202e", b"\\n", b"\xff", b"\xc3", b"\x00", b"\xef\xbb\xbf", b"9" * 4400, b"-" + b"9" * 4400,
                b"[" * 300, b'{"a":' * 250, b'"kind": "pro", ', b'"parent": "q", ', b'"id": "q", ',
                b'"impact": {"p": 1e308}, ', b'"likelihood": 2, ', b'"question": "nowhere", ', b'"from": "q", ',
                b'"format": "x", ', b'"nodes": [], ', b'"weighings": [{"id": "w", "values": {"q": {}}}], ']
_ARGDOWN_TOKENS = ["[A]", "[A]:", "<B>", "<B>:", " text", "\n", "\n\n", "  ", "\t", "+ ", "- ", "<+ ", "<- ", "_ ",
                   "<_ ", "+> ", "-> ", "_> ", ">< ", "(1) ", "(2) ", "----", "--", "\n--\n", "{", "}", "{kind: pro}",
                   "{likelihood: 2}", "{a: [1, 2}", "#tag", "#(x y)", "# H", "## ", "===", "\n===\n", "//c", "/*",
                   "*/", "<!--", "-->", "* ", "1. ", "@[A]", "@<B>", "[x](http://y)", "\\", "?", "'", '"', ":", ",",
                   "{kind: question}", "{uses: [1]}", "{id: A}", "{id: 3}", "{tags: x}", "{order: x}",
                   "{impact: 3}", "{link: foo}", "{link: supports}", "{parent: A}", "{id: q}", "{order: -1}",
                   "{impact: {p: 1e308}}", "{impact: {p: .nan}}", "{strength: .inf}", "{x: 1e999}",
                   '{note: "\\ud800"}', '{note: "\\ud83e\\udee8"}', '{"note": "\\ud800"}', "{a: " + "9" * 4400 + "}",
                   "{a: " + "[" * 150 + "]" * 150 + "}", '{"a": ' + "[" * 250 + "]" * 250 + "}",
                   "{a: " + "{a: " * 120 + "1" + "}" * 121, '\n===\nargmap: {"node_order": [1]}\n===\n',
                   '===\nargmap: {"question": "nowhere"}\n===\n', "===\ntitle: \"\\ud83e\\udee8\"\n===\n",
                   "===\nx: " + "9" * 4400 + "\n===\n", "\x00", "\x1b", "\u202e", "\u2028", "\x85", "\r", "\ufeff",
                   "🎉", "\U0001fae8"]
_RUNS = ["{", "}", "[", "]", "<", ">", "#", "#(", "@[", "@<", "\\", "/", "=", "-", "+", " ", "\n", ":", ".", "(", "*",
         "_", "{ ", "[a](", "[-", "'", '"']


def mutate(fmt: str, seed: Any, rnd: random.Random) -> Any:
    """One mutated input made from a seed."""
    return {"json": mutate_json, "argdown": mutate_argdown, "aif": mutate_aif, "kialo": mutate_kialo}[fmt](seed, rnd)


def mutate_json(seed: bytes, rnd: random.Random) -> bytes:
    """A map file changed in its tree (when it parses) and/or in its bytes."""
    data = seed
    if rnd.random() < 0.6:
        try:
            tree = json.loads(seed)
        except (ValueError, RecursionError):
            tree = None
        if tree is not None:
            try:
                for _ in range(rnd.randint(1, 4)):
                    tree = _mutate_tree(tree, rnd)
                data = json.dumps(tree, ensure_ascii=rnd.random() < 0.5, allow_nan=True,
                                  indent=rnd.choice([None, 1])).encode("utf-8", "surrogatepass")
            except (TypeError, AttributeError, KeyError, IndexError, ValueError, RecursionError):
                pass  # a mutation that does not fit this tree: mutate the bytes instead
            else:
                if rnd.random() < 0.6:
                    return data
    for _ in range(rnd.randint(1, 4)):
        data = _mutate_bytes(data, rnd)
    return data


def _mutate_tree(tree: Any, rnd: random.Random) -> Any:
    if isinstance(tree, dict) and isinstance(tree.get("nodes"), list) and tree["nodes"] and rnd.random() < 0.3:
        nodes = tree["nodes"]
        ids = [n.get("id") for n in nodes if isinstance(n, dict)]
        node = rnd.choice(nodes)
        if not isinstance(node, dict):
            return tree
        choice = rnd.randrange(9)
        if choice == 0 and len(nodes) > 4:  # crop to a slice of the nodes
            start = rnd.randrange(len(nodes))
            tree["nodes"] = nodes[start:start + rnd.randint(1, 20)]
        elif choice == 1:
            node["parent"] = rnd.choice(ids + [node.get("id"), "nowhere", None])
        elif choice == 2:
            node["id"] = rnd.choice(ids + _ODD_TEXT)
        elif choice == 3:
            node["kind"] = rnd.choice(_KINDS)
        elif choice == 4:
            nodes.append(dict(node))
        elif choice == 5:
            tree["question"] = rnd.choice(ids + ["nowhere", None, 3])
        elif choice == 6:
            node.setdefault("impact", {})[rnd.choice(["p1", "p2", "nowhere", ""])] = rnd.choice(_ODD_VALUES)
        elif choice == 7:
            node[rnd.choice(["text", "title", "note", "extra"])] = rnd.choice(_ODD_TEXT) * rnd.randint(1, 3)
        else:
            tree.setdefault("links", []).append({"from": rnd.choice(ids), "to": rnd.choice(ids),
                                                 "kind": rnd.choice(["supports", "attacks", "leads_to", "x"])})
        return tree
    places = _places(tree)
    if not places:
        return rnd.choice(_ODD_VALUES)
    holder, key = rnd.choice(places)
    choice = rnd.randrange(6)
    if choice == 0:
        holder[key] = rnd.choice(_ODD_VALUES)
    elif choice == 1:
        holder[key] = rnd.choice(_ODD_TEXT)
    elif choice == 2:
        value: Any = rnd.choice([1, "x", None])
        for _ in range(rnd.randint(1, 260)):
            value = [value] if rnd.random() < 0.5 else {"a": value}
        holder[key] = value
    elif choice == 3:
        del holder[key]
    elif choice == 4 and isinstance(holder, dict):
        holder[rnd.choice(["x", "version", "format", "_extra", "impact_scale", "view", "tour"])] = rnd.choice(
            _ODD_VALUES + _ODD_TEXT)
    else:
        other_holder, other_key = rnd.choice(places)
        holder[key] = json.loads(json.dumps(other_holder[other_key]))
    return tree


def _places(tree: Any) -> list[tuple[Any, Any]]:
    out: list[tuple[Any, Any]] = []
    stack = [tree]
    while stack and len(out) < 5000:
        item = stack.pop()
        keys = list(item) if isinstance(item, dict) else range(len(item)) if isinstance(item, list) else []
        for k in keys:
            out.append((item, k))
            if isinstance(item[k], (dict, list)):
                stack.append(item[k])
    return out


def _span(n: int, rnd: random.Random) -> tuple[int, int]:
    start = rnd.randint(0, n)
    return start, min(n, start + int(rnd.expovariate(1 / 16)) + 1)


def _mutate_bytes(data: bytes, rnd: random.Random) -> bytes:
    n = len(data)
    start, stop = _span(n, rnd)
    choice = rnd.randrange(8)
    if choice == 0:
        return data[:start] + rnd.choice(_JSON_TOKENS) + data[start:]
    if choice == 1:
        return data[:start] + data[stop:]
    if choice == 2:
        return data[:start] + rnd.choice(_JSON_TOKENS) + data[stop:]
    if choice == 3:
        return data[:stop] + data[start:stop] + data[stop:]
    if choice == 4:
        return data[:start]
    if choice == 5 and n:
        at = rnd.randrange(n)
        return data[:at] + bytes([rnd.randrange(256)]) + data[at + 1:]
    if choice == 6:
        run = rnd.choice([b"[", b"{", b'"', b"\\", b"9", b" ", b"{\"a\":", b"[1,"]) * rnd.randint(1, 3000)
        return data[:start] + run + data[start:]
    return data[:start] + data[stop:stop + (stop - start)] + data[start:stop] + data[stop + (stop - start):]


def mutate_argdown(seed: str, rnd: random.Random) -> str:
    """An Argdown text cropped (when long) and changed by insertions, cuts, runs and line moves."""
    text = seed
    lines = text.split("\n")
    if len(lines) > 40 and rnd.random() < 0.7:
        start = rnd.randrange(len(lines))
        window = lines[start:start + rnd.randint(3, 40)]
        head = lines[:lines.index("===", 1) + 1] if lines[0] == "===" and "===" in lines[1:] and rnd.random() < 0.5 else []
        text = "\n".join(head + window)
    for _ in range(rnd.randint(1, 5)):
        text = _mutate_text(text, rnd)
    return text


def _mutate_text(text: str, rnd: random.Random) -> str:
    n = len(text)
    start, stop = _span(n, rnd)
    choice = rnd.randrange(9)
    if choice <= 1:
        return text[:start] + rnd.choice(_ARGDOWN_TOKENS) + text[start:]
    if choice == 2:
        return text[:start] + text[stop:]
    if choice == 3:
        return text[:stop] + text[start:stop] + text[stop:]
    if choice == 4:
        return text[:start] + rnd.choice(_RUNS) * rnd.randint(2, 3000) + text[start:]
    if choice == 5:
        lines = text.split("\n")
        i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if choice == 6:
        lines = text.split("\n")
        i = rnd.randrange(len(lines))
        lines[i] = rnd.choice(["", "  ", "    ", "\t"]) + lines[i].lstrip() if rnd.random() < 0.7 else lines[i].lstrip()
        return "\n".join(lines)
    if choice == 7:
        return text[:start] + rnd.choice(_ODD_TEXT) + text[stop:]
    return text[:start]


# -- AIF and Kialo -------------------------------------------------------------------------

_AIF_TYPES = ["I", "RA", "CA", "MA", "PA", "L", "YA", "TA", "", "i", "ra", "ca", "X", None, 3]
_AIF_KEYS = ["nodeID", "text", "type", "scheme", "schemeID", "timestamp", "argmap", "edgeID", "fromID", "toID",
             "formEdgeID", "x", ""]
_ANNOTATIONS: list[Any] = [{"kind": "pro"}, {"kind": "question"}, {"kind": "x"}, {"likelihood": 2}, {"order": 10 ** 400},
                           {"order": "x"}, {"parent": "nowhere"}, {"id": 5}, {"link": {"kind": "attacks"}},
                           {"link": {"kind": "undercuts", "to": "nowhere"}}, {"link": {"kind": "x"}}, {"link": 3},
                           {"impact": {"p": 1e308}}, {"tags": ["\ud800"]}, {"citations": [{"source": "nowhere"}]}]
_DOC_ANNOTATIONS: list[Any] = [{}, {"question": "nowhere"}, {"question": 3}, {"perspectives": [1]},
                               {"perspectives": [{"id": "p", "name": "P"}, {"id": "p", "name": "Q"}]},
                               {"view": {"collapsed": ["\ud800"]}}, {"tour": ["nowhere"]}, {"impact_scale": {"min": 5}},
                               {"title": "\x1b[2J\u202e"}, {"weighings": [{"id": "w", "values": {"nowhere": {}}}]}, [], 3]


def _graph(top: Any) -> dict[str, Any] | None:
    if not isinstance(top, dict):
        return None
    inner = top.get("AIF", top.get("aif"))
    graph = inner if isinstance(inner, dict) else top
    for key in ("nodes", "edges"):
        if not isinstance(graph.get(key), list):
            graph[key] = []
    return graph


def _mutate_aif_graph(top: Any, rnd: random.Random) -> Any:
    graph = _graph(top)
    if graph is None:
        return {"nodes": [top], "edges": []}
    nodes, edges = graph["nodes"], graph["edges"]
    items = [x for x in nodes + edges if isinstance(x, dict)]
    ids = [n.get("nodeID") for n in nodes if isinstance(n, dict)] or ["a"]
    inodes = [n.get("nodeID") for n in nodes if isinstance(n, dict) and n.get("type") == "I"] or ids
    item = rnd.choice(items) if items else {}
    choice = rnd.randrange(16)
    if choice == 0 and item:  # a key missing
        item.pop(rnd.choice(list(item)), None)
    elif choice == 1:  # a key added, of any name
        item[rnd.choice(_AIF_KEYS)] = rnd.choice(_ODD_VALUES + _ODD_TEXT + ids)
    elif choice == 2:  # a value of the wrong type, or a huge number
        item[rnd.choice(["nodeID", "type", "text", "fromID", "toID", "edgeID"])] = rnd.choice(
            _ODD_VALUES + [10 ** 400, 2 ** 63, 1e308, -1e308, 1.5, [ids[0]], {"id": ids[0]}])
    elif choice == 3:  # deep nesting
        value: Any = rnd.choice(ids + [1, None])
        for _ in range(rnd.randint(1, 300)):
            value = [value] if rnd.random() < 0.5 else {"a": value}
        item[rnd.choice(["nodeID", "text", "type", "fromID", "argmap", "x"])] = value
    elif choice == 4:  # a cycle of inferences or conflicts through k claims
        ring = [rnd.choice(inodes) for _ in range(rnd.randint(1, 6))]
        for k, a in enumerate(ring):
            sid = f"cyc{rnd.randrange(10 ** 6)}"
            nodes.append({"nodeID": sid, "type": rnd.choice(["RA", "CA", "MA"]), "text": "Default Inference"})
            edges += [{"fromID": a, "toID": sid}, {"fromID": sid, "toID": ring[(k + 1) % len(ring)]}]
    elif choice == 5:  # a dangling edge, or a node removed under its edges
        if nodes and rnd.random() < 0.5:
            nodes.pop(rnd.randrange(len(nodes)))
        else:
            edges.append({"edgeID": rnd.choice([None, 1, "e1"]), "fromID": rnd.choice(ids + ["nowhere"]),
                          "toID": rnd.choice(ids + ["nowhere", 10 ** 30])})
    elif choice == 6 and items:  # a duplicate id: a copy, a changed copy, or another node's id
        copy = json.loads(json.dumps(item))
        if rnd.random() < 0.5:
            copy[rnd.choice(["text", "type"])] = rnd.choice(_AIF_TYPES + _ODD_TEXT)
        (nodes if "nodeID" in item else edges).append(copy)
        if rnd.random() < 0.3 and "nodeID" in item:
            item["nodeID"] = rnd.choice(ids)
    elif choice == 7:  # control characters, bidirectional overrides, lone surrogates
        item[rnd.choice(["text", "nodeID", "scheme", "fromID"])] = rnd.choice(_ODD_TEXT) + rnd.choice(
            ["\ud800", "\udc00x", "\x00", "\x1b[2J", "\u202e", "\u2028", "\x85"]) + str(rnd.choice(ids))
    elif choice == 8:  # very long text or ids
        item[rnd.choice(["text", "nodeID", "scheme"])] = rnd.choice(["x", "word ", "(", "\\", "é"]) * rnd.randint(1000, 50000)
    elif choice == 9:  # an S-node joining many premises and conclusions, or aimed at another S-node
        sid = rnd.choice(ids)
        for _ in range(rnd.randint(1, 30)):
            edges.append({"fromID": rnd.choice(ids), "toID": sid} if rnd.random() < 0.5 else {"fromID": sid, "toID": rnd.choice(ids)})
    elif choice == 10 and item:  # a node's type changed
        item["type"] = rnd.choice(_AIF_TYPES)
    elif choice == 11:  # argmap's own annotations, broken
        extra = rnd.choice(_DOC_ANNOTATIONS)
        if rnd.random() < 0.5:
            known = graph.get("argmap")
            graph["argmap"] = {**known, **extra} if isinstance(known, dict) and isinstance(extra, dict) else extra
        elif item:
            known = item.get("argmap")
            item["argmap"] = {**(known if isinstance(known, dict) else {}), **rnd.choice(_ANNOTATIONS)}
    elif choice == 12:  # wrapped as OVA writes it, unwrapped, or not a graph at all
        return rnd.choice([{"AIF": graph, "OVA": {}, "text": "t"}, {"aif": graph}, graph, [graph], {"AIF": nodes},
                           {"nodes": nodes}, {"edges": edges}, {"nodes": {"0": nodes}, "edges": edges}])
    elif choice == 13:  # order shuffled, or half the edges gone
        rnd.shuffle(nodes)
        if rnd.random() < 0.5:
            graph["edges"] = [e for e in edges if rnd.random() < 0.5]
    elif choice == 14:  # a long chain of inferences (deep tree) or a wide fan
        count = rnd.choice([10, 100, 1000])
        base = f"ch{rnd.randrange(10 ** 6)}-"
        nodes += [{"nodeID": f"{base}{k}", "type": "I", "text": "x"} for k in range(count)]
        nodes += [{"nodeID": f"{base}s{k}", "type": "RA"} for k in range(count)]
        deep = rnd.random() < 0.5
        for k in range(1, count):
            edges += [{"fromID": f"{base}{k}", "toID": f"{base}s{k}"},
                      {"fromID": f"{base}s{k}", "toID": f"{base}{k - 1}" if deep else f"{base}0"}]
    else:  # a part of the file other tools write, of the wrong shape
        graph[rnd.choice(["locutions", "participants", "schemefulfillments", "edges", "nodes", "x"])] = rnd.choice(
            _ODD_VALUES + _ODD_TEXT)
    return top


def _crop_aif(top: Any, rnd: random.Random) -> Any:
    """A large graph cut to a window of its nodes and the edges between them (keeps each input quick)."""
    graph = _graph(top)
    if graph is None or len(graph["nodes"]) <= 60:
        return top
    start = rnd.randrange(len(graph["nodes"]))
    graph["nodes"] = graph["nodes"][start:start + rnd.randint(5, 60)]
    kept = {str(n.get("nodeID")) for n in graph["nodes"] if isinstance(n, dict)}
    graph["edges"] = [e for e in graph["edges"]
                      if not isinstance(e, dict) or (str(e.get("fromID")) in kept and str(e.get("toID")) in kept)]
    return top


def mutate_aif(seed: bytes, rnd: random.Random) -> bytes:
    """An AIF file changed in its graph (nodes, edges, annotations) and/or in its bytes."""
    data = seed
    if rnd.random() < 0.8:
        try:
            top = json.loads(seed)
        except (ValueError, RecursionError):
            top = None
        if top is not None:
            try:
                if rnd.random() < 0.9:
                    top = _crop_aif(top, rnd)
                for _ in range(rnd.randint(1, 4)):
                    top = _mutate_aif_graph(top, rnd) if rnd.random() < 0.8 else _mutate_tree(top, rnd)
                data = json.dumps(top, ensure_ascii=rnd.random() < 0.5, allow_nan=True).encode("utf-8", "surrogatepass")
            except (TypeError, AttributeError, KeyError, IndexError, ValueError, RecursionError):
                pass
            else:
                if rnd.random() < 0.7:
                    return data
    if len(data) > 20000 and rnd.random() < 0.9:  # a byte-mutated large file is a window of it
        start = rnd.randrange(len(data))
        data = data[:200] + data[start:start + 5000]
    for _ in range(rnd.randint(1, 3)):
        data = _mutate_bytes(data, rnd)
    return data


_KIALO_NUMBERS = ["0.", "00.", "01.", "1", "1..", "1.1", ".1.", "-1.", "1.a.", "a.", "1. 1.", "١.", "1.٢.", "１.",
                  "9" * 4400 + ".", "1." + "9" * 5000 + ".", "1." * 2000, "1." * 20000, "99999999999999999999.",
                  "1.0.", "1.-1.", "2.1.1.1.1.", "1.1.1.1.1.1.1.1.1.1."]
_KIALO_STANCES = ["Pro: ", "Con: ", "", "pro: ", "CON: ", "Neutral: ", "Pro:", "Pro:Con: ", "Pro: Con: ", ": "]
_KIALO_PIECES = ["Discussion Title: ", "Discussion Name: ", "-> See ", "-> See 1.", "-> See 1.1.", "->", "\\(", "\\",
                 "\\)", "\\[", "\\*", "\\\\", "\t", "    ", "\n", "\n\n", "\r", "\r\n", "\u2028", "\x0c", "\x1c"]


def _kialo_line(lines: list[str], rnd: random.Random) -> str:
    numbered = [ln for ln in lines if ln[:1].isdigit()]
    number = rnd.choice(numbered).split(" ", 1)[0] if numbered else "1."
    choice = rnd.randrange(4)
    if choice == 0:
        number = rnd.choice(_KIALO_NUMBERS)
    elif choice == 1:
        number = number + f"{rnd.randint(0, 12)}."
    elif choice == 2:
        number = ".".join(number.split(".")[:-2]) + "." if number.count(".") > 1 else "1."
    body = rnd.choice(["a claim", "x", "", f"-> See {rnd.choice(numbered) if numbered else '1.'}",
                       "-> See " + rnd.choice(_KIALO_NUMBERS), rnd.choice(_ODD_TEXT)])
    if body.startswith("-> See ") and numbered:
        body = body.split(" ", 1)[0] + " See " + body.rsplit(" ", 1)[-1].split(" ")[0]
    return f"{number} {rnd.choice(_KIALO_STANCES)}{body}"


def mutate_kialo(seed: str, rnd: random.Random) -> str:
    """A Kialo export changed line by line: numbers, stances, reuses, titles, odd and long text."""
    lines = seed.split("\n")
    if len(lines) > 60 and rnd.random() < 0.5:
        start = rnd.randrange(len(lines))
        lines = lines[:2] + lines[start:start + rnd.randint(3, 60)]
    for _ in range(rnd.randint(1, 5)):
        i = rnd.randrange(len(lines) + 1)
        choice = rnd.randrange(10)
        if choice == 0:  # numbering chaos on an existing line
            if i < len(lines) and " " in lines[i]:
                lines[i] = rnd.choice(_KIALO_NUMBERS + [lines[rnd.randrange(len(lines))].split(" ", 1)[0]]) + " " + lines[i].split(" ", 1)[1]
        elif choice == 1:  # a new claim line of any number, stance and body
            lines.insert(i, _kialo_line(lines, rnd))
        elif choice == 2 and i < len(lines):  # a line moved, doubled or dropped
            line = lines.pop(i) if rnd.random() < 0.7 else lines[i]
            if rnd.random() < 0.8:
                lines.insert(rnd.randrange(len(lines) + 1), line)
        elif choice == 3 and i < len(lines):  # a stance relabelled
            lines[i] = re.sub(r"\b(Pro|Con): ", lambda m: rnd.choice(_KIALO_STANCES), lines[i], count=1)
        elif choice == 4:  # a reuse of anything: itself, an ancestor, a reuse, nothing
            numbered = [ln.split(" ", 1)[0] for ln in lines if ln[:1].isdigit()] or ["1."]
            here = rnd.choice(numbered)
            lines.insert(i, f"{here}{rnd.randint(1, 9)}. {rnd.choice(['Pro', 'Con'])}: -> See {rnd.choice(numbered + _KIALO_NUMBERS[:6])}")
        elif choice == 5:  # a title line moved, doubled, emptied
            lines.insert(i, rnd.choice(["Discussion Title: ", "Discussion Title: t", "Discussion Name: n", "Discussion Title:"]))
        elif choice == 6:  # continuation lines, blank lines, indentation
            lines.insert(i, rnd.choice(["", " ", "\t", "  go on", "more text", "   1. indented", "#", "-", "*"]))
        elif choice == 7 and i < len(lines):  # odd text inside a line
            at = rnd.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rnd.choice(_ODD_TEXT + _KIALO_PIECES + ["\ud800", "\udcff"]) + lines[i][at:]
        elif choice == 8 and i < len(lines):  # a very long line
            lines[i] += rnd.choice(["x", "word ", "\\(", "1.", " "]) * rnd.randint(1000, 30000)
        else:
            text = _mutate_text("\n".join(lines), rnd)
            lines = text.split("\n")
    return "\n".join(lines)


# -- one input ---------------------------------------------------------------------------


def read(fmt: str, data: Any) -> Document:
    """Read an input as `argmap` reads a file of that format."""
    return read_with_warnings(fmt, data)[0]


def read_with_warnings(fmt: str, data: Any) -> tuple[Document, list[Any]]:
    """Read an input as `argmap` reads a file of that format: the map, and its importer's warnings."""
    if fmt == "json":
        return jsondoc.loads(data, "fuzz.argmap.json"), []
    if fmt == "aif":
        return aif.loads_with_diagnostics(data, "fuzz.aif.json")
    if fmt == "kialo":
        return kialo.loads_with_diagnostics(data, "fuzz.txt")
    return argdown.loads(data, "fuzz.argdown"), []


def is_one_line(err: ArgmapError) -> bool:
    """Whether an error prints as one short, plain line (and its hint as another)."""
    for text in (str(err), err.hint):
        if len(text) > MAX_MESSAGE or _RAW.search(text):
            return False
    return True


class _Hang(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Hang()


def try_input(fmt: str, data: Any) -> tuple[str, str, float]:
    """(outcome, detail, read seconds) for one input.

    Outcomes: "error" (a clean one-line error), "valid" (a map that also survives
    validation and a save in every text format), "loss" (valid, but a save reads back as
    a different map), "crash" (anything else).
    """
    start = time.perf_counter()
    try:
        doc, warnings = read_with_warnings(fmt, data)
    except ArgmapError as err:
        seconds = time.perf_counter() - start
        return ("error", "", seconds) if is_one_line(err) else ("crash", f"not one line: {str(err)[:300]!r}", seconds)
    except _Hang:
        raise
    except BaseException as exc:  # noqa: BLE001 - counting every uncaught exception is the point
        if isinstance(exc, KeyboardInterrupt):
            raise
        return "crash", f"read: {type(exc).__name__}: {str(exc)[:300]}", time.perf_counter() - start
    seconds = time.perf_counter() - start
    for warning in warnings:
        text = str(warning)
        if len(text) > MAX_MESSAGE or _RAW.search(text) or _RAW.search(warning.hint):
            return "crash", f"warning not one line: {text[:300]!r}", seconds
    return (*_after_load(doc), seconds)


def _after_load(doc: Document) -> tuple[str, str]:
    try:
        check(doc)
    except Exception as exc:  # noqa: BLE001
        return "crash", f"validate: {type(exc).__name__}: {str(exc)[:300]}"
    outcome = "valid", ""
    normal = doc.model_copy(deep=True)
    normal.invalidate()
    normal.normalize_order()  # the native reader numbers siblings 0, 1, ...; an Argdown import keeps its numbers
    for name, dumps, loads in (("json", jsondoc.dumps, jsondoc.loads), ("argdown", argdown.dumps, argdown.loads),
                               ("aif", aif.dumps, aif.loads)):
        try:
            saved = dumps(doc)
        except ArgmapError as err:
            if not is_one_line(err):
                return "crash", f"{name} save refusal not one line: {str(err)[:300]!r}"
            continue  # refused before anything is written: allowed
        except Exception as exc:  # noqa: BLE001
            return "crash", f"{name} save: {type(exc).__name__}: {str(exc)[:300]}"
        try:
            back = loads(saved)
        except Exception as exc:  # noqa: BLE001
            return "crash", f"{name} saved but unreadable: {type(exc).__name__}: {str(exc)[:300]}"
        if back != (doc if name == "argdown" else normal):
            outcome = "loss", f"{name} round trip changes the map"
    return outcome


# -- the run -----------------------------------------------------------------------------


def fuzz(fmt: str, seconds: float, max_inputs: int | None, seed: int, crashers: Path,
         progress: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Mutate and read inputs for `seconds` (or `max_inputs`); the counts, and the crashers saved."""
    rnd = random.Random(seed)
    seeds = corpus(fmt)
    counts = {"format": fmt, "seed": seed, "inputs": 0, "clean_errors": 0, "valid_maps": 0, "crashes": 0,
              "slow_inputs": 0, "round_trip_losses": 0, "slowest_read_s": 0.0, "seconds": 0.0, "crashers": str(crashers)}
    crashers.mkdir(parents=True, exist_ok=True)
    suffix = FORMATS[fmt]
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < seconds and (max_inputs is None or counts["inputs"] < max_inputs):
            data = mutate(fmt, rnd.choice(seeds), rnd)
            signal.alarm(HANG)
            try:
                outcome, detail, took = try_input(fmt, data)
            except _Hang:
                outcome, detail, took = "crash", f"stopped after {HANG} s", float(HANG)
            finally:
                signal.alarm(0)
            counts["inputs"] += 1
            counts["slowest_read_s"] = max(counts["slowest_read_s"], round(took, 3))
            key = {"error": "clean_errors", "valid": "valid_maps", "loss": "valid_maps", "crash": "crashes"}[outcome]
            counts[key] += 1
            if outcome == "loss":
                counts["round_trip_losses"] += 1
            if took > SLOW:
                counts["slow_inputs"] += 1
            if outcome in ("crash", "loss") or took > SLOW:
                raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
                kind = outcome if outcome != "valid" else "slow"
                name = f"{kind}-{hashlib.sha1(raw).hexdigest()[:12]}{suffix}"
                (crashers / name).write_bytes(raw)
                (crashers / (name + ".txt")).write_text(f"{detail}\nread: {took:.3f} s\n", encoding="utf-8")
            if progress is not None and counts["inputs"] % 5000 == 0:
                progress(counts)
    finally:
        signal.signal(signal.SIGALRM, previous)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def syntax_runs(length: int) -> list[tuple[str, int, float, str]]:
    """(name, characters, seconds, outcome) of reading long runs of each syntax character."""
    texts = {f"{run!r} x {length}": "[A]: text " + run * (length // len(run)) for run in _RUNS}
    texts[f"'{{' x {length} alone"] = "{" * length
    texts[f"spaces in a frontmatter key x {length}"] = "===\na" + " " * length + "\n===\n[A]: text"
    texts[f"headings x {length // 4}"] = "# h\n" * (length // 4) + "[A]: text"
    texts[f"chain of {length // 20} references"] = "".join(f"[a{i}]\n  + [a{i + 1}]\n\n" for i in range(length // 20))
    out = []
    for name, text in texts.items():
        start = time.perf_counter()
        try:
            argdown.loads(text)
            outcome = "map"
        except ArgmapError:
            outcome = "clean error"
        out.append((name, len(text), time.perf_counter() - start, outcome))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=list(FORMATS), default="json")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    parser.add_argument("--max-inputs", type=int, default=None, help="stop after this many inputs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--crashers", type=Path, default=None, help="folder for crashing and slow inputs")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument("--runs", action="store_true", help="time long runs of Argdown syntax characters instead")
    parser.add_argument("--length", type=int, default=20000, help="with --runs: characters per run (default 20000)")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    if args.runs:
        rows = syntax_runs(args.length)
        for name, size, took, outcome in rows:
            print(f"{name:40} {size:9,d} chars {took:8.3f} s  {outcome}")
        return 0 if all(took < SLOW for _, _, took, _ in rows) else 1
    crashers = args.crashers or Path(tempfile.mkdtemp(prefix=f"argmap-fuzz-{args.format}-"))

    def progress(counts: dict[str, Any]) -> None:
        print(f"  {counts['inputs']:,} inputs, {counts['crashes']} crashes, {counts['slow_inputs']} slow",
              file=sys.stderr, flush=True)

    counts = fuzz(args.format, args.seconds, args.max_inputs, args.seed, crashers, progress)
    if args.json:
        print(json.dumps(counts, indent=1))
    else:
        for key, value in counts.items():
            print(f"{key.replace('_', ' '):20} {value:,}" if isinstance(value, int) else f"{key.replace('_', ' '):20} {value}")
    return 0 if counts["crashes"] == 0 and counts["slow_inputs"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
