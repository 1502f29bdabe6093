"""Map text made safe for the place it is shown: one function per target (no Qt).

Map text is data. Wherever it goes it must read as the characters it holds and
never act as markup, a link, a terminal command or a reordering of the line:

- `terminal`: one line for a terminal; control, format and bidirectional characters shown as escapes.
- `markdown`: one line of inert Markdown; markup characters backslash-escaped, bare URLs defused.
- `xml`: XML 1.0 character data (SVG); markup characters escaped, characters XML forbids dropped.
- `qt_rich`: text for a Qt rich-text string (HTML subset), escaped.
- `qt_plain`: text for a Qt widget set to plain text; what it cannot show is dropped, and
  bidirectional overrides it leaves open are closed at its end.
- `qt_tooltip`: a tooltip that shows the text as it is (Qt guesses a tooltip's format).

A lone surrogate (which cannot be encoded as UTF-8) comes out as U+FFFD everywhere but
in `terminal`, which shows its code.
"""

from __future__ import annotations

import re

__all__ = ["terminal", "markdown", "xml", "qt_rich", "qt_plain", "qt_tooltip"]

# -- terminal ---------------------------------------------------------------------------

# What a terminal would act on instead of showing: C0 and C1 controls (ESC, NUL, BEL, ...),
# DEL, line and paragraph separators, bidirectional embeddings, overrides and isolates,
# other invisible format characters, surrogates and the non-characters U+FFFE/U+FFFF.
_TERMINAL = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\ufffe\uffff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _code(match: re.Match[str]) -> str:
    c = match.group(0)
    short = _SHORT.get(c)
    if short is not None:
        return short
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def terminal(text: str) -> str:
    """`text` as one line a terminal shows as it is: what it would act on becomes an escape such as '\\x1b'."""
    return _TERMINAL.sub(_code, text)


# -- Markdown ---------------------------------------------------------------------------

_MD_ALWAYS = frozenset("\\`*_[]<>|~&#!@")
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&#!@\ud800-\udfff\x00-\x08\x0b\x0e-\x1f\x7f]")
_MD_LINE_START = re.compile(r"([-+=>]|\d+[.)])")
# Bare URLs that Markdown renderers turn into links by themselves (GitHub's and Qt's
# "permissive autolinks"): 'scheme://...' and 'www.'. Escaping the ':' or the '.' keeps
# the text as it reads and leaves nothing for an autolinker to find ('@' of an e-mail
# address is escaped with the other specials).
_MD_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9]):(?=//)|(?<![\w.])([Ww][Ww][Ww])\.")
_MD_DROP = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _md_char(match: re.Match[str]) -> str:
    c = match.group(0)
    if "\ud800" <= c <= "\udfff":
        return "\ufffd"
    if _MD_DROP.match(c):
        return ""
    return "\\" + c


def markdown(text: str) -> str:
    """`text` as one line of inert Markdown: markup characters escaped, no list or heading start, no autolink."""
    flat = " ".join(text.split())
    out = _MD_SPECIAL.sub(_md_char, flat)
    out = _MD_AUTOLINK.sub(lambda m: "\\:" if m.group(1) is None else m.group(1) + "\\.", out)
    m = _MD_LINE_START.match(out)
    if m:  # '- x', '1. x', '> x' or '=' would start a list, a quote or a heading underline
        end = m.end() - 1
        out = out[:end] + "\\" + out[end:]
    return out


# -- XML (SVG) --------------------------------------------------------------------------

# Everything XML 1.0 forbids in text (C0 controls but tab, newline and return; lone surrogates;
# U+FFFE and U+FFFF), and the characters that would read as markup.
_XML_SPECIAL = re.compile("[&<>\"\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_TABLE: dict[int, str | None] = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#13;"}
_XML_TABLE.update({c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)})
_XML_TABLE.update({c: None for c in range(0xD800, 0xE000)})
_XML_QUOTED = dict(_XML_TABLE)
_XML_QUOTED[ord('"')] = "&quot;"


def xml(text: str, quote: bool = False) -> str:
    """`text` as XML character data (with `quote`, as a double-quoted attribute value): markup
    characters escaped, characters XML 1.0 forbids dropped."""
    if not _XML_SPECIAL.search(text):
        return text
    return text.translate(_XML_QUOTED if quote else _XML_TABLE)


# -- Qt ---------------------------------------------------------------------------------

# What a Qt text view shows as a box or acts on: C0 controls but tab and newline, DEL, C1
# controls, lone surrogates, U+FFFE/U+FFFF.
_QT_DROP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_QT_SURROGATE = re.compile("[\ud800-\udfff]")
_QT_RICH = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"}


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OPENS_EMBEDDING = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO: closed by PDF
_OPENS_ISOLATE = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI: closed by PDI


def _bidi_closers(text: str) -> str:
    """The PDF and PDI characters that close what `text` leaves open of its embeddings, overrides and isolates.

    Text shown next to other text (a label in a list item, a name in a sentence) would
    otherwise turn everything after it around: an unclosed right-to-left override in a
    name reverses the numbers that follow it. (A line break would close them too, but not in
    rich text, where it is a <br>; a closer past one does nothing.)
    """
    stack: list[str] = []
    for match in _BIDI.finditer(text):
        c = match.group(0)
        if c in _OPENS_EMBEDDING:
            stack.append("\u202c")
        elif c in _OPENS_ISOLATE:
            stack.append("\u2069")
        elif c == "\u202c" and stack and stack[-1] == "\u202c":  # a PDF does not close past an open isolate
            stack.pop()
        elif c == "\u2069" and "\u2069" in stack:  # a PDI closes its isolate and the embeddings opened inside it
            while stack.pop() != "\u2069":
                pass
    return "".join(reversed(stack))


def qt_plain(text: str) -> str:
    """`text` for a Qt widget whose text format is plain: controls dropped, lone surrogates replaced,
    bidirectional embeddings, overrides and isolates the text leaves open closed at its end.

    This does not stop Qt from guessing rich text: the widget must be set to plain text
    (`setTextFormat(Qt.PlainText)`), or use `qt_rich`/`qt_tooltip`.
    """
    out = _QT_SURROGATE.sub("\ufffd", _QT_DROP.sub("", text))
    return out + _bidi_closers(out) if _BIDI_OPEN.search(out) else out


_BIDI_OPEN = re.compile("[\u202a\u202b\u202d\u202e\u2066-\u2068]")


def qt_rich(text: str) -> str:
    """`text` inside a Qt rich-text string: every character that could be a tag or entity escaped, lines kept."""
    return qt_plain(text).translate(_QT_RICH).replace("\r\n", "\n").replace("\n", "<br>")


def qt_tooltip(text: str) -> str:
    """A tooltip showing `text` as it is: rich text (so Qt does not guess) holding the escaped text."""
    return f"<p>{qt_rich(text)}</p>"
