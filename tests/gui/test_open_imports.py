"""The editor opens AIF and Kialo files as imports: never saved back over them, and export writes data formats."""

from __future__ import annotations

import shutil
from pathlib import Path

from argmap.gui.exportdialog import FORMAT_CHOICES
from argmap.gui.files import is_map_file
from argmap.io import jsondoc
from argmap.render.exporter import export

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_an_aif_json_file_opens_as_an_import_and_save_asks_where(tmp_path, window):
    aif = tmp_path / "town.json"
    shutil.copy(FIXTURES / "aif" / "town-bridge.json", aif)
    before = aif.read_bytes()
    assert window.files.open_path(aif)
    assert window.session.path is None  # Save would ask for a new name: the AIF file is never overwritten
    assert len(window.session.document.nodes) > 3
    assert "as AIF JSON" in window.statusBar().currentMessage()
    assert aif.read_bytes() == before


def test_a_kialo_export_opens_from_its_txt_file(tmp_path, window):
    kialo = tmp_path / "uniforms.txt"
    shutil.copy(FIXTURES / "kialo" / "school-uniforms.txt", kialo)
    assert is_map_file(str(kialo))
    assert window.files.open_path(kialo)
    assert window.session.path is None
    doc = window.session.document
    assert doc.node(doc.question).kind.value == "question" and len(doc.nodes) > 3
    assert "as a Kialo export" in window.statusBar().currentMessage()


def test_an_argmap_json_file_still_opens_as_itself(tmp_path, window, session):
    own = tmp_path / "mine.json"
    jsondoc.write(session.document, own)
    assert window.files.open_path(own)
    assert window.session.path == own.resolve()


def test_the_export_dialog_offers_and_writes_the_data_formats(tmp_path, session):
    suffixes = {suffix for _label, suffix, _brief in FORMAT_CHOICES}
    assert {".aif.json", ".graphml", ".dot", ".csv"} <= suffixes
    doc = session.document
    assert "AIF" in export(doc, tmp_path / "m.aif.json")
    assert (tmp_path / "m.aif.json").read_text().lstrip().startswith("{")
    export(doc, tmp_path / "m.graphml")
    assert "<graphml" in (tmp_path / "m.graphml").read_text()
    export(doc, tmp_path / "m.csv")
    assert (tmp_path / "m.nodes.csv").is_file() and (tmp_path / "m.links.csv").is_file()
