"""The little YAML that Argdown files hold: flow-style data blocks and a frontmatter of top-level keys.

Flow style (`{kind: pro, weights: [1, 2], note: "a, b"}`) is parsed fully;
JSON is a subset of it. The frontmatter parser reads top-level `key: value`
lines (plain, quoted, flow or `|`/`>` block scalars) and keeps nested blocks
as their raw text, which is all an argument map needs from it.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["YamlError", "parse_flow", "parse_frontmatter"]


class YamlError(Exception):
    """A YAML problem at a 0-based line and 1-based column of the parsed text."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f",
            "v": "\v", '"': '"', "/": "/", "\\": "\\", " ": " ", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029", "\t": "\t"}
_HEX = {"x": 2, "u": 4, "U": 8}
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
        self.text, self.i = text, 0

    def fail(self, message: str) -> YamlError:
        line = self.text.count("\n", 0, self.i)
        col = self.i - (self.text.rfind("\n", 0, self.i) + 1) + 1
        return YamlError(message, line, col)

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
        if c == "{":
            return self.mapping()
        if c == "[":
            return self.sequence()
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
                    out.append(chr(int(digits, 16)))
                    self.i += 2 + _HEX[nxt]
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
        return raw if key else _scalar(raw)


def parse_flow(text: str) -> Any:
    """Parse one flow-style YAML value (a JSON text is one)."""
    parser = _Flow(text)
    value = parser.value(False)
    parser.skip()
    if parser.i < len(text):
        raise parser.fail(f"unexpected text after the value: {text[parser.i:parser.i + 20]!r}")
    return value


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
        m = re.match(r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^:#][^:]*?)\s*:(?:\s+|$)(.*)$", line)
        if not m:
            raise YamlError("expected 'key: value'", i, 1)
        key = parse_flow(m.group(1)) if m.group(1)[0] in "\"'" else m.group(1).strip()
        rest = m.group(2).strip()
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
                value = parse_flow(flow) if rest[0] in "\"'{[" else _scalar(" ".join(
                    re.split(r"\s+#", flow, maxsplit=1)[0].split()))
            except YamlError as exc:
                raise YamlError(exc.message, i + exc.line, exc.col) from None
        else:
            value = "\n".join(nested) if nested else None
        out[str(key)] = value
        i = j
    return out
