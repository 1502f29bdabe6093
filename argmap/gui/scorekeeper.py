"""Keeping the window's scores in step with the document, without scoring more than needed.

The canvas repaints an edit as soon as the session announces it. The score keeper is
connected to the session before the canvas is built, so on a map that scores quickly
the new scores are ready when that repaint happens: one repaint per edit, not two.
Typing only renames things, so it is scored once it pauses; view changes not at all.
Edits that only change numbers are scored incrementally (`argmap.scoring.live`).
"""

from __future__ import annotations

import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from argmap.errors import ArgmapError
from argmap.gui.session import Session
from argmap.model import edits as E
from argmap.scoring import Scores
from argmap.scoring.live import LiveScores

__all__ = ["ScoreKeeper", "score_effect", "INLINE_SCORE_MS", "TEXT_SCORE_DELAY_MS"]

#: Maps that score faster than this (ms) are scored as each edit happens, before the canvas repaints
#: it; slower ones are scored once the event loop is idle, so edits made in a row are scored once.
INLINE_SCORE_MS = 400.0
#: Typing changes only labels, not numbers: it is scored once it pauses for this long (ms).
TEXT_SCORE_DELAY_MS = 250

_VIEW_ONLY = (E.SetCollapsed, E.SetNote, E.SetTags, E.AddCitation, E.RemoveCitation)
_LABEL_ONLY = (E.SetText, E.SetTitle, E.SetMapField, E.SetPerspective)


def score_effect(edit: Any) -> str:
    """What an edit changes in the scores: "none", "labels" (names only) or "values"."""
    if isinstance(edit, E.Batch):
        effects = {score_effect(e) for e in edit.edits}
        return "values" if "values" in effects else ("labels" if "labels" in effects else "none")
    if isinstance(edit, _VIEW_ONLY) or type(edit).__name__ == "SetDirection":
        return "none"
    if isinstance(edit, _LABEL_ONLY):
        return "labels"
    return "values"


class ScoreKeeper(QObject):
    """Scores the session's document after each edit and hands the scores to a canvas.

    `canvas` is a callable returning the canvas (built after the keeper); `semantics` returns
    the name of the gradual semantics to use.
    """

    #: New scores (None when the map cannot be scored; then `error` says why).
    scores_changed = Signal(object)

    def __init__(self, session: Session, canvas: Callable[[], Any], semantics: Callable[[], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.scores: Scores | None = None
        self.error = ""
        self.last_ms = 0.0
        self._canvas = canvas
        self._semantics = semantics
        self.live = LiveScores(session.document, semantics())
        self.timer = QTimer(self)  # values changed on a slow map: score when idle
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.recompute)
        self.label_timer = QTimer(self)  # names changed: score when typing pauses
        self.label_timer.setSingleShot(True)
        self.label_timer.setInterval(TEXT_SCORE_DELAY_MS)
        self.label_timer.timeout.connect(lambda: self.recompute(refresh_canvas=False))
        session.document_changed.connect(self._on_session_changed)
        session.document_replaced.connect(self._on_session_replaced)

    def _on_session_changed(self, edit: Any) -> None:
        self.live.changed(edit)
        effect = score_effect(edit)
        if effect == "none":
            return
        if effect == "labels":  # the numbers stand: the canvas need not repaint for them
            self.label_timer.start()
        elif self.last_ms <= INLINE_SCORE_MS:
            self.recompute(refresh_canvas=False)
        else:
            self.timer.start()

    def _on_session_replaced(self) -> None:
        self.live.reset(self.session.document)
        self.recompute(refresh_canvas=False)

    def recompute(self, refresh_canvas: bool = True) -> Scores | None:
        """Score the document now and give the scores to the canvas.

        With `refresh_canvas` False the canvas only takes the scores, for the repaint that the
        edit itself is about to cause.
        """
        self.timer.stop()
        self.label_timer.stop()
        start = time.perf_counter()
        semantics, doc = self._semantics(), self.session.document
        try:
            if semantics != self.live.semantics or doc is not self.live.doc:
                self.live.reset(doc, semantics)
            self.scores, self.error = self.live.scores(), ""
        except ArgmapError as err:
            self.scores, self.error = None, err.message
        self.last_ms = (time.perf_counter() - start) * 1000
        canvas = self._canvas()
        if canvas is not None:
            if refresh_canvas:
                canvas.set_scores(self.scores)
            else:
                canvas.scores = self.scores
        self.scores_changed.emit(self.scores)
        return self.scores
