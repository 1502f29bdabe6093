"""A word wider than the page in a printed table breaks instead of pushing the other columns off it."""

from __future__ import annotations

from pdfminer.high_level import extract_text

from argmap.render.textpdf import LONG_WORD, _breakable_tables, write_markdown_pdf


def _table(cell: str) -> str:
    header = "| Claim | Source | Pakistan | US | Taliban | Kabul |"
    rule = "| --- | --- | ---: | ---: | ---: | ---: |"
    row = f"| A claim with a long source | {cell} | +1.50 | -2.25 | +0.75 | lastcolumnmark |"
    return "\n".join([header, rule, row]) + "\n"


def test_every_column_is_printed_when_one_word_is_wider_than_the_page(qapp, tmp_path):
    word = "x" * 95
    out = tmp_path / "table.pdf"
    write_markdown_pdf(_table(word), out)
    text = extract_text(str(out)).replace("\u200b", "")
    for heading in ("Claim", "Source", "Pakistan", "US", "Taliban", "Kabul"):
        assert heading in text
    assert "lastcolumnmark" in text and "-2.25" in text
    assert text.count("x") >= 95  # the long word is all there, over several lines


def test_only_over_long_words_in_table_rows_get_break_points():
    long = "y" * (LONG_WORD * 2 + 5)
    markdown = f"A paragraph {long} stays as it is.\n\n" + _table(long) + "| ok | government |\n"
    out = _breakable_tables(markdown)
    paragraph, table = out.split("\n\n", 1)
    assert paragraph == f"A paragraph {long} stays as it is."
    assert "\u200b".join(["y" * LONG_WORD, "y" * LONG_WORD, "yyyyy"]) in table
    assert "government" in table and "lastcolumnmark" in table  # words of normal length untouched
