"""The little YAML that Argdown files hold: flow-style data blocks and a frontmatter of top-level keys.

Flow style (`{kind: pro, weights: [1, 2], note: "a, b"}`) is parsed fully;
JSON is a subset of it. A data block in block style (a line break right after
`{`) holds nested mappings and `- item` lists by indentation. The frontmatter parser reads top-level `key: value`
lines (plain, quoted, flow or `|`/`>` block scalars) and keeps nested blocks
as their raw text, which is all an argument map needs from it.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["YamlError", "YamlLimit", "parse_flow", "parse_block", "parse_frontmatter", "join_block_data",
           "unkeepable", "MAX_DEPTH", "MAX_DIGITS"]

#: How deep flow collections may nest (a map's file nests them inside its own structure; the
#: JSON reader stops at 200 levels in all).
MAX_DEPTH = 100
#: The most digits a whole number may have (Python's and the JSON reader's limit).
MAX_DIGITS = 4300


class YamlError(Exception):
    """A YAML problem at a 0-based line and 1-based column of the parsed text."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


class YamlLimit(YamlError):
    """Valid YAML that goes beyond what a map can hold (nesting depth, digits of a number)."""


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f",
            "v": "\v", '"': '"', "/": "/", "\\": "\\", " ": " ", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029", "\t": "\t"}
_HEX = {"x": 2, "u": 4, "U": 8}
_LOW_SURROGATE = re.compile(r"\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _scalar(text: str) -> Any:
    """A plain scalar resolved by YAML 1.2's core schema."""
    low = text.lower()
    if text in ("", "~") or low == "null":
        return None
    if low == "true":
        return True
    if low == "false":
        return False
    if _INT.match(text):
        if len(text.lstrip("+-")) > MAX_DIGITS:
            raise ValueError(f"a whole number of {len(text.lstrip('+-'))} digits; at most {MAX_DIGITS} are read")
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if low in (".inf", "+.inf"):
        return float("inf")
    if low == "-.inf":
        return float("-inf")
    if low == ".nan":
        return float("nan")
    return text


class _Flow:
    def __init__(self, text: str) -> None:
        self.text, self.i, self.depth = text, 0, 0

    def fail(self, message: str, error: type[YamlError] = YamlError) -> YamlError:
        line = self.text.count("\n", 0, self.i)
        col = self.i - (self.text.rfind("\n", 0, self.i) + 1) + 1
        return error(message, line, col)

    def skip(self) -> None:
        text = self.text
        while self.i < len(text):
            c = text[self.i]
            if c in " \t\n\r":
                self.i += 1
            elif c == "#" and (self.i == 0 or text[self.i - 1] in " \t\n"):
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            else:
                break

    def value(self, in_flow: bool) -> Any:
        self.skip()
        if self.i >= len(self.text):
            raise self.fail("a value is missing")
        c = self.text[self.i]
        if c in "{[":
            if self.depth >= MAX_DEPTH:
                raise self.fail(f"it is nested more than {MAX_DEPTH} levels deep", YamlLimit)
            self.depth += 1
            value = self.mapping() if c == "{" else self.sequence()
            self.depth -= 1
            return value
        if c == '"':
            return self.double()
        if c == "'":
            return self.single()
        return self.plain(in_flow)

    def mapping(self) -> dict[str, Any]:
        self.i += 1
        out: dict[Any, Any] = {}
        while True:
            self.skip()
            if self.i >= len(self.text):
                raise self.fail("a '{' is not closed with '}'")
            if self.text[self.i] == "}":
                self.i += 1
                return out
            key = self.value(True) if self.text[self.i] in "\"'[{" else self.plain(True, key=True)
            self.skip()
            val = None
            if self.i < len(self.text) and self.text[self.i] == ":":
                self.i += 1
                self.skip()
                if self.i < len(self.text) and self.text[self.i] not in ",}":
                    val = self.value(True)
            if isinstance(key, (dict, list)):
                raise self.fail("a key must be a scalar")
            out[key] = val
            self.skip()
            if self.i < len(self.text) and self.text[self.i] == ",":
                self.i += 1
            elif self.i < len(self.text) and self.text[self.i] != "}":
                raise self.fail(f"expected ',' or '}}', found {self.text[self.i]!r}")

    def sequence(self) -> list[Any]:
        self.i += 1
        out: list[Any] = []
        while True:
            self.skip()
            if self.i >= len(self.text):
                raise self.fail("a '[' is not closed with ']'")
            if self.text[self.i] == "]":
                self.i += 1
                return out
            out.append(self.value(True))
            self.skip()
            if self.i < len(self.text) and self.text[self.i] == ",":
                self.i += 1
            elif self.i < len(self.text) and self.text[self.i] != "]":
                raise self.fail(f"expected ',' or ']', found {self.text[self.i]!r}")

    def double(self) -> str:
        text, out = self.text, []
        self.i += 1
        while self.i < len(text):
            c = text[self.i]
            if c == '"':
                self.i += 1
                return "".join(out)
            if c == "\\":
                nxt = text[self.i + 1:self.i + 2]
                if nxt in _HEX:
                    digits = text[self.i + 2:self.i + 2 + _HEX[nxt]]
                    if len(digits) != _HEX[nxt] or not all(d in "0123456789abcdefABCDEF" for d in digits):
                        raise self.fail("a bad \\x, \\u or \\U escape")
                    code = int(digits, 16)
                    if code > 0x10FFFF:
                        raise self.fail(f"\\{nxt}{digits} is beyond the last Unicode character")
                    self.i += 2 + _HEX[nxt]
                    low = _LOW_SURROGATE.match(text, self.i) if 0xD800 <= code < 0xDC00 else None
                    if low:  # a character beyond the BMP written as a UTF-16 pair, as JSON does
                        code = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
                        self.i = low.end()
                    out.append(chr(code))
                    continue
                if nxt not in _ESCAPES:
                    raise self.fail(f"an unknown escape '\\{nxt}'")
                out.append(_ESCAPES[nxt])
                self.i += 2
                continue
            if c == "\n":  # a line break in a quoted scalar folds to a space
                while out and out[-1] in " \t":
                    out.pop()
                out.append(" ")
                self.i += 1
                while self.i < len(text) and text[self.i] in " \t":
                    self.i += 1
                continue
            out.append(c)
            self.i += 1
        raise self.fail("a '\"' string is not closed")
    
    def single(self) -> str:
        text, out = self.text, []
        self.i += 1
        while self.i < len(text):
            c = text[self.i]
            if c == "'":
                if text[self.i + 1:self.i + 2] == "'":
                    out.append("'")
                    self.i += 2
                    continue
                self.i += 1
                return "".join(out)
            out.append(c)
            self.i += 1
        raise self.fail("a \"'\" string is not closed")

    def plain(self, in_flow: bool, key: bool = False) -> Any:
        text, start = self.text, self.i
        while self.i < len(text):
            c = text[self.i]
            if in_flow and c in ",[]{}":
                break
            if c == ":" and (self.i + 1 >= len(text) or text[self.i + 1] in " \t\n,[]{}"):
                break
            if c == "#" and self.i > start and text[self.i - 1] in " \t":
                break
            self.i += 1
        raw = " ".join(text[start:self.i].split())
        if not raw and not key:
            raise self.fail(f"unexpected {text[self.i]!r}" if self.i < len(text) else "a value is missing")
        if key:
            return raw
        try:
            return _scalar(raw)
        except ValueError as exc:
            self.i = start
            raise self.fail(str(exc), YamlLimit) from None


def parse_flow(text: str) -> Any:
    """Parse one flow-style YAML value (a JSON text is one)."""
    parser = _Flow(text)
    value = parser.value(False)
    parser.skip()
    if parser.i < len(text):
        raise parser.fail(f"unexpected text after the value: {text[parser.i:parser.i + 20]!r}")
    return value


def _plain_value(rest: str, line: int, col: int) -> Any:
    """A value written after 'key:' or '- ' on one line: flow, quoted or plain (with a trailing comment)."""
    try:
        if rest[0] in "\"'{[":
            return parse_flow(rest)
        comment = _COMMENT.search(rest)
        return _scalar(" ".join((rest[:comment.start()] if comment else rest).split()))
    except YamlError as exc:
        raise type(exc)(exc.message, line + exc.line, col + exc.col - 1) from None
    except ValueError as exc:
        raise YamlLimit(str(exc), line, col) from None


def parse_block(text: str) -> dict[str, Any]:
    """A block-style YAML mapping: `key: value` lines, nested by indentation, with `- item` lists."""
    rows = []
    for number, raw in enumerate(text.split("\n")):
        body = raw.strip()
        if body and not body.startswith("#"):
            if "\t" in raw[:len(raw) - len(raw.lstrip())]:
                raise YamlError("a tab in the indentation", number, 1)
            rows.append((number, len(raw) - len(raw.lstrip(" ")), body))
    if not rows:
        return {}
    value, end = _block(rows, 0, rows[0][1], 1)
    if end < len(rows):
        raise YamlError("a line indented less than the first", rows[end][0], rows[end][1] + 1)
    if not isinstance(value, dict):
        raise YamlError("expected 'key: value' lines", rows[0][0], rows[0][1] + 1)
    return value


def _block(rows: list[tuple[int, int, str]], i: int, indent: int, depth: int) -> tuple[Any, int]:
    """The mapping or list whose lines start at rows[i] with this indentation; and the row after it."""
    if depth > MAX_DEPTH:
        raise YamlLimit(f"it is nested more than {MAX_DEPTH} levels deep", rows[i][0], indent + 1)
    is_list = rows[i][2] == "-" or rows[i][2].startswith("- ")
    out: Any = [] if is_list else {}
    while i < len(rows) and rows[i][1] == indent:
        number, _, body = rows[i]
        if is_list != (body == "-" or body.startswith("- ")):
            raise YamlError("a list item and a key at the same indentation", number, indent + 1)
        if is_list:
            rest, col = body[1:].strip(), indent + 3
        else:
            split = _key_value(body)
            if split is None:
                raise YamlError("expected 'key: value'", number, indent + 1)
            raw_key, rest = split
            key = parse_flow(raw_key) if raw_key[0] in "\"'" else raw_key.strip()
            col = indent + len(body) - len(rest) + 1
            rest = rest.strip()
        i += 1
        if rest:
            value = _plain_value(rest, number, col)
        elif i < len(rows) and rows[i][1] > indent:
            value, i = _block(rows, i, rows[i][1], depth + 1)
        else:
            value = None
        if is_list:
            out.append(value)
        else:
            out[str(key)] = value
    if i < len(rows) and rows[i][1] > indent:
        raise YamlError("a line indented more than the lines before it", rows[i][0], rows[i][1] + 1)
    return out, i


_OPENS_BLOCK_DATA = re.compile(r"(?<!\\)\{[ \t]*$")


def join_block_data(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines with a data block in block style (a line ending in '{', then YAML lines up to one
    starting with '}') joined into their first line, so that no YAML line reads as a relation."""
    if not any(_OPENS_BLOCK_DATA.search(line) for _, line in block):
        return block
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(block):
        number, line = block[i]
        if _OPENS_BLOCK_DATA.search(line):
            close = next((j for j in range(i + 1, len(block)) if block[j][1].lstrip().startswith("}")), None)
            if close is not None:
                out.append((number, "\n".join(ln for _, ln in block[i:close + 1])))
                i = close + 1
                continue
        out.append((number, line))
        i += 1
    return out


def parse_frontmatter(text: str) -> dict[str, Any]:
    """Top-level keys of a block-style YAML mapping; nested blocks are kept as raw text."""
    out: dict[str, Any] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        if line[0] in " \t":
            raise YamlError("an indented line without a key above it", i, 1)
        split = _key_value(line)
        if split is None:
            raise YamlError("expected 'key: value'", i, 1)
        raw_key, rest = split
        try:
            key = parse_flow(raw_key) if raw_key[0] in "\"'" else raw_key.strip()
        except YamlError as exc:
            raise type(exc)(exc.message, i + exc.line, exc.col) from None
        rest = rest.strip()
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or lines[j][0] in " \t"):
            j += 1
        nested = [ln for ln in lines[i + 1:j]]
        while nested and not nested[-1].strip():
            nested.pop()
        if rest[:1] in ("|", ">"):
            body = [ln.strip() for ln in nested]
            value: Any = ("\n" if rest[0] == "|" else " ").join(body).strip() + ("\n" if rest[0] == "|" else "")
        elif rest:
            flow = "\n".join([rest] + nested)
            try:
                if rest[0] in "\"'{[":
                    value = parse_flow(flow)
                else:
                    comment = _COMMENT.search(flow)
                    value = _scalar(" ".join((flow[:comment.start()] if comment else flow).split()))
            except YamlError as exc:
                raise type(exc)(exc.message, i + exc.line, exc.col) from None
            except ValueError as exc:
                raise YamlLimit(str(exc), i, len(line) - len(line.lstrip()) + 1) from None
        else:
            value = "\n".join(nested) if nested else None
        out[str(key)] = value
        i = j
    return out


_QUOTED_KEY = re.compile(r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*')\s*:(?:\s+|$)(.*)$")
_COMMENT = re.compile(r"\s#")


def _key_value(line: str) -> tuple[str, str] | None:
    """A frontmatter line's key (raw) and the rest after 'key:', or None when it has no key.

    Found without a backtracking pattern: a plain key ends at the first colon, so a long
    line of spaces or colons is read in one pass.
    """
    m = _QUOTED_KEY.match(line)
    if m:
        return m.group(1), m.group(2)
    colon = line.find(":")
    if colon <= 0 or line[0] in ":#":
        return None
    rest = line[colon + 1:]
    if rest and not rest[0].isspace():
        return None
    return line[:colon].rstrip() or line[:colon], rest.lstrip()


_SURROGATE = re.compile("[\\ud800-\\udfff]")


def unkeepable(value: Any) -> tuple[str, str] | None:
    """Why a map cannot keep this data (a problem and a hint), or None.

    A number that is NaN or infinite (JSON has none), text with a lone surrogate (not
    Unicode: no file can hold it), or collections nested more than MAX_DEPTH deep.
    """
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                return f"holds {item}, which is not a finite number", "Write a number, or leave the value out."
        elif isinstance(item, str):
            bad = _SURROGATE.search(item)
            if bad:
                return (f"holds a lone surrogate (\\u{ord(bad.group(0)):04x}), which is not Unicode",
                        "Write the character itself, or both \\u escapes of its pair.")
        elif isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                return f"is nested more than {MAX_DEPTH} levels deep", "Flatten the data."
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
            if isinstance(item, dict):
                stack.extend((k, depth + 1) for k in item)
    return None
