"""The debate brief's PDF wraps its text and tables at word boundaries: no word of the map is split."""

from __future__ import annotations

import re

import pytest
from pdfminer.high_level import extract_text

from argmap.cli import main
from argmap.io import brief, read
from argmap.paths import SCENARIOS

MAP = SCENARIOS / "pakistan-peace-talks.argmap.json"
_LIGATURES = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl"}
_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> list[str]:
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    return _WORD.findall(text)


@pytest.mark.parametrize("side, page, orientation", [("opt_us", "a4", "portrait"),
                                                     ("opt_neutral", "letter", "portrait"),
                                                     ("opt_taliban", "a4", "landscape")])
def test_no_word_of_the_brief_is_split_in_its_pdf(tmp_path, capsys, side, page, orientation):
    out = tmp_path / "brief.pdf"
    assert main(["brief", str(MAP), "--side", side, "-o", str(out), "--page", page,
                 "--orientation", orientation]) == 0
    capsys.readouterr()
    markdown = brief.brief(read(MAP), side)
    known = set(_words(markdown))
    printed = _words(extract_text(str(out)))
    # Every run of letters printed is a whole word of the brief: a word broken over two lines
    # ("governm" / "ent") would leave pieces that are no words of it.
    pieces = sorted({w for w in printed if w not in known})
    assert pieces == []
    # The table of options by perspective is there, its long headers whole.
    assert "|" in markdown and {"government", "Argued", "support", "Pakistan"} <= set(printed)
    assert len(printed) > 0.9 * len([w for w in _words(markdown) if w not in {"_", "http", "https"}])
