"""The weighing pane's semantics choices each explain themselves with the words of the weighing terms."""

from __future__ import annotations

from PySide6.QtCore import Qt

from argmap.gui.weighing import WeighingPanel
from argmap.scoring.terms import TERMS


def test_every_semantics_choice_has_its_own_tip_from_the_terms(qtbot, session):
    panel = WeighingPanel(session)
    qtbot.addWidget(panel)
    combo = panel.semantics_combo
    tips = {combo.itemData(i): combo.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(combo.count())}
    for name in ("euler-based", "quad", "h-categorizer"):
        assert tips[name] == TERMS[f"semantics-{name}"]
    assert len(set(tips.values())) == len(tips)  # no choice falls back to the generic sentence
    combo.setCurrentIndex(combo.findData("quad"))
    assert combo.toolTip() == TERMS["semantics-quad"]
