"""Fuzzing the readers in the suite: any input gives a map or one clean line, never another exception.

Bounded and derandomized, so every run tries the same few hundred inputs per reader;
`benchmarks/fuzz.py` runs the same mutations for as long as it is given.
"""

from __future__ import annotations

import json
import random
import re
from functools import cache
from typing import Any, Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError
from argmap.io import argdown, jsondoc
from argmap.model.document import Document
from argmap.model.rules import check
from benchmarks.fuzz import corpus, mutate_argdown, mutate_json

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")


@cache
def seeds(fmt: str) -> tuple[Any, ...]:
    return tuple(corpus(fmt))


def assert_map_or_one_clean_line(read: Callable[[], Document], shown: Any) -> None:
    try:
        doc = read()
    except ArgmapError as err:
        text = str(err)
        assert not RAW.search(text) and not RAW.search(err.hint), f"{text!r} for {str(shown)[:300]!r}"
        assert len(text) <= 400 and len(err.hint) <= 400, f"{text[:300]!r} for {str(shown)[:300]!r}"
    else:
        assert isinstance(doc, Document)
        check(doc)  # what `argmap validate` does next must not fail either


# -- the JSON reader ------------------------------------------------------------------------


@FUZZ
@given(st.integers(0, 2**32 - 1), st.integers(0, 2**16))
def test_mutated_map_files_give_a_map_or_one_clean_line(seed, pick):
    data = mutate_json(seeds("json")[pick % len(seeds("json"))], random.Random(seed))
    assert_map_or_one_clean_line(lambda: jsondoc.loads(data, "fuzz.argmap.json"), data)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.sampled_from([10**400, 2**63, 1e308])
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12)
_PLACES = ["version", "format", "title", "question", "nodes", "links", "perspectives", "view", "tour", "weighings",
           "impact_scale", "extra", "nodes.0", "nodes.1.id", "nodes.1.parent", "nodes.1.kind", "nodes.1.impact",
           "nodes.1.impact.p", "nodes.1.likelihood", "nodes.1.order", "nodes.1.tags", "nodes.1.citations",
           "nodes.1.extra", "perspectives.0.weight", "perspectives.0.id", "links.0.from", "links.0.kind",
           "impact_scale.min", "view.fold", "view.collapsed"]


def _skeleton() -> dict[str, Any]:
    return {"format": "argmap", "version": 2, "question": "q", "perspectives": [{"id": "p", "name": "P"}],
            "nodes": [{"id": "q", "kind": "question", "text": "Q?"},
                      {"id": "o", "kind": "option", "parent": "q", "impact": {"p": 1.0}}],
            "links": [{"from": "o", "to": "q", "kind": "supports"}], "impact_scale": {"min": -10, "max": 10},
            "view": {}}


def _with(place: str, value: Any) -> dict[str, Any]:
    """The skeleton map with `value` put at a dotted place (list items by index)."""
    root: Any = _skeleton()
    holder = root
    *path, last = place.split(".")
    for key in path:
        holder = holder[int(key)] if key.isdigit() else holder[key]
    holder[int(last) if last.isdigit() else last] = value
    return root


@FUZZ
@given(st.sampled_from(_PLACES), _JSON_VALUES, st.booleans())
def test_any_json_value_in_any_field_gives_a_map_or_one_clean_line(place, value, ascii_only):
    data = json.dumps(_with(place, value), allow_nan=True, ensure_ascii=ascii_only)
    assert_map_or_one_clean_line(lambda: jsondoc.loads(data, "fuzz.argmap.json"), data)


# -- the Argdown reader ---------------------------------------------------------------------


@FUZZ
@given(st.integers(0, 2**32 - 1), st.integers(0, 2**16))
def test_mutated_argdown_gives_a_map_or_one_clean_line(seed, pick):
    text = mutate_argdown(seeds("argdown")[pick % len(seeds("argdown"))], random.Random(seed))
    assert_map_or_one_clean_line(lambda: argdown.loads(text, "fuzz.argdown"), text)


_PIECES = ["[A]", "[A]:", "<B>", "<B>:", "[C]", " text", "?", "\n", "\n\n", "  ", "    ", "\t", "+ ", "- ", "<+ ",
           "<- ", "_ ", "<_ ", "+> ", "-> ", "_> ", ">< ", "(1) ", "(2) ", "----", "--", "{", "}", "#t", "#(x y)",
           "# H", "===", "\n===\n", "//c", "/*", "*/", "<!--", "-->", "* ", "1. ", "@[A]", "[x](http://y)", "\\",
           "{kind: question}", "{kind: pro}", "{uses: [1]}", "{id: A}", "{id: 3}", "{link: supports}",
           "{link: foo, link_data: {x: 1}}", "{parent: A}", "{order: -1}", "{likelihood: 2}", "{impact: {p: .inf}}",
           '{note: "\\ud800"}', '{"t": "\\ud83e\\udee8"}', "{a: " + "[" * 120 + "]" * 120 + "}",
           "{a: " + "9" * 4400 + "}", '===\nargmap: {"node_order": ["A", 1]}\n===\n',
           '===\nargmap: {"question": "nowhere"}\n===\n', "\x00", "\x1b[2J", "\u202e", "\u2028", "🎉"]


@FUZZ
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_argdown_made_of_syntax_pieces_gives_a_map_or_one_clean_line(text):
    assert_map_or_one_clean_line(lambda: argdown.loads(text, "fuzz.argdown"), text)
