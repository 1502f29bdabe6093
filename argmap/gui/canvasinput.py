"""How the map canvas answers the keyboard and the mouse: navigation, in-place editing,
selection clicks, collapse toggles, drag to reparent, and tooltips.

A mixin for MapCanvas (which provides `session`, `scene_data`, the card items and `_apply`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QGraphicsView, QToolTip

from argmap.gui.inlineedit import InlineEditor
from argmap.gui.mapitems import CardItem
from argmap.model.edits import Batch, MoveNode, SetText, SetTitle
from argmap.model.markers import marker_help, marker_label, markers
from argmap.render.style import BAND_HEIGHT
from argmap.textsafe import qt_tooltip

__all__ = ["CanvasInput", "is_fresh"]

#: The narrowest the in-place editor gets on screen (the view zooms in to give it this much).
EDITOR_MIN_WIDTH = 180
#: How far the view may zoom in to make room for the in-place editor.
MAX_EDIT_ZOOM = 3.0
#: Scene units kept free between the in-place editor and the card below it.
EDITOR_GAP = 4.0


def is_fresh(node: Any) -> bool:
    """Whether a node is as it was added, untitled with the placeholder text ("New option")."""
    return not node.title and node.text == f"New {node.kind.value}"


def _tooltip(node: Any) -> str:
    """A card's full text (cards cut long text short), its note and its tags."""
    parts = [node.title] if node.title else []
    parts.append(node.text)
    for marker in markers(node):
        parts.append(f"{marker_label(marker)}: {marker_help(marker)}")
    if node.note:
        parts.append(f"Note: {node.note}")
    if node.tags:
        parts.append("Tags: " + ", ".join(node.tags))
    return "\n".join(p for p in parts if p)


class CanvasInput:
    """Keyboard and mouse handling of the map canvas."""

    session: Any
    scene_data: Any
    _cards: dict[str, CardItem]
    _selected: set[str]
    _overview: bool

    def _init_input(self) -> None:
        self._press: tuple[str, QPointF] | None = None
        self._press_scene = QPointF()
        self._dragging = False
        self._target: str | None = None
        self._background_press: QPointF | None = None
        self._editor: InlineEditor | None = None
        self._editor_fresh = False

    # -- keyboard ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Escape and self._press is not None:
            self._end_drag()
        elif key == Qt.Key.Key_F2:
            self.edit_text()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right) and not ctrl:
            self.navigate(key)
        elif ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.fit_to_window()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def navigate(self, key: Qt.Key) -> None:
        """Move the selection: towards the parent, the first child, or the previous/next sibling."""
        scene = self.scene_data
        current = self.session.current
        card = scene.card(current) if current else None
        if card is None:
            if scene.root:
                self.session.select(scene.root)
            return
        top_down = scene.direction == "top-down" or scene.layout == "compact"  # compact is drawn top-down
        up, down, back, ahead = ((Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right) if top_down
                                 else (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down))
        doc = self.session.document
        target: str | None = None
        if key == up:
            target = card.parent
        elif key == down:
            kids = [k.id for k in doc.children(card.id) if k.id in scene.by_id]
            target = kids[0] if kids else None
        else:
            target = self._neighbour(card.id, card.depth, -1 if key == back else 1)
        if target is not None:
            self.session.select(target)

    def _neighbour(self, node_id: str, depth: int, step: int) -> str | None:
        """The sibling before/after, else the nearest card on the same layer."""
        scene = self.scene_data
        card = scene.by_id[node_id]
        if card.parent is not None:
            sibs = [k.id for k in self.session.document.children(card.parent) if k.id in scene.by_id]
            i = sibs.index(node_id) + step
            if 0 <= i < len(sibs):
                return sibs[i]
        across = 0 if scene.direction == "top-down" or scene.layout == "compact" else 1
        layer = sorted((c for c in scene.cards if c.depth == depth), key=lambda c: (c.rect.x, c.rect.y)[across])
        ids = [c.id for c in layer]
        i = ids.index(node_id) + step
        return ids[i] if 0 <= i < len(ids) else None

    # -- in-place editing ------------------------------------------------------------------

    def edit_text(self, node_id: str | None = None) -> InlineEditor | None:
        """Open an editor over a card (the current one by default): typing fills the title, Tab moves to
        the text; Enter commits both as one undo step, Escape cancels."""
        node_id = node_id or self.session.current
        card = self.scene_data.card(node_id) if node_id else None
        if card is None:
            return None
        self._close_editor(commit=True)
        self.reveal(card.id)
        node = self.session.document.node(card.id)
        fresh = is_fresh(node)
        editor = InlineEditor(card.id, node.title or "", "" if fresh else node.text, self.viewport())
        editor.committed.connect(self._on_editor_committed)
        editor.cancelled.connect(lambda: self._close_editor(commit=False))
        editor.resized.connect(self._place_editor)
        self._editor = editor
        self._editor_fresh = fresh
        self._place_editor()
        editor.show()
        editor.setFocus()
        return editor

    @property
    def editor(self) -> InlineEditor | None:
        return self._editor

    def _editor_room(self, card: Any) -> tuple[float, float, float, float]:
        """The scene box the editor of a card may take: the card below its band, and the free space under
        it down to the next card (so that the editor never hides another card)."""
        r = card.rect
        below = [c.rect.y for c in self.scene_data.cards
                 if c.id != card.id and c.rect.y >= r.bottom - 0.5 and c.rect.x < r.right and c.rect.right > r.x]
        limit = min(below) - EDITOR_GAP if below else r.bottom + 400.0
        top = r.y + BAND_HEIGHT
        return r.x, top, r.w, max(r.bottom, limit) - top

    def _place_editor(self) -> None:
        """Lay the open editor over its card, zooming in first when the card is too small on screen to type in."""
        editor = self._editor
        if editor is None:
            return
        card = self.scene_data.card(editor.node_id)
        if card is None:
            return
        for _ in range(3):
            x, y, w, room = self._editor_room(card)
            z = self.zoom()
            need = max(editor.minimum_height() / (room * z), EDITOR_MIN_WIDTH / (w * z))
            if need <= 1.0 or z >= MAX_EDIT_ZOOM:
                break
            self.set_zoom(min(MAX_EDIT_ZOOM, z * need * 1.02))
            card = self.scene_data.card(editor.node_id) or card  # faces change between far and close zooms
        z = self.zoom()
        height = min(room, max(card.rect.bottom - y, editor.wanted_height() / z))
        self.ensureVisible(QRectF(x, y - BAND_HEIGHT, w, height + BAND_HEIGHT), 20, 20)
        top_left = self.mapFromScene(QPointF(x, y))
        bottom_right = self.mapFromScene(QPointF(x + w, y + height))
        editor.place(top_left.x(), top_left.y(), bottom_right.x() - top_left.x(), bottom_right.y() - top_left.y())

    def _on_editor_committed(self, node_id: str, title: str, text: str) -> None:
        fresh = self._editor_fresh
        self._close_editor(commit=False)
        doc = self.session.document
        if not doc.has_node(node_id):
            return
        node = doc.node(node_id)
        if fresh and not title and not text:
            return  # a new card left as it was: it keeps its placeholder text
        edits: list[Any] = []
        if (title or None) != node.title:
            edits.append(SetTitle(node_id, title or None))
        if text != node.text:
            edits.append(SetText(node_id, text))
        if len(edits) == 2:
            self._apply(Batch(tuple(edits)), "Edit card")
        elif edits:
            self._apply(edits[0], "Edit title" if isinstance(edits[0], SetTitle) else "Edit text")

    def _close_editor(self, commit: bool) -> None:
        editor, self._editor = self._editor, None
        if editor is None:
            return
        if commit:
            editor.commit()
        editor.close_quietly()
        self.setFocus()

    # -- mouse: select, toggle, drag to reparent, pan ---------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._editor is not None:
            self._close_editor(commit=True)
        pos = event.position()
        node_id = self.card_at(pos)
        if node_id is None or event.button() != Qt.MouseButton.LeftButton:
            if node_id is None and event.button() == Qt.MouseButton.LeftButton:
                self._background_press = pos
                self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            super().mousePressEvent(event)
            return
        scene_pos = self.mapToScene(pos.toPoint())
        if self._on_toggle(node_id, pos):
            self.toggle_collapsed(node_id)
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            sel = self.session.selection
            self.session.select([i for i in sel if i != node_id] if node_id in sel else sel + [node_id])
        elif node_id not in self._selected or self.session.current != node_id:
            self.session.select(node_id)
        self._press = (node_id, pos)
        self._press_scene = scene_pos
        self._dragging = False
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        node_id, start = self._press
        pos = event.position()
        if not self._dragging:
            if (pos - start).manhattanLength() < QApplication.startDragDistance() or self._overview:
                return
            self._dragging = True
            item = self._cards.get(node_id)
            if item is not None:
                item.setZValue(10)
                item.setOpacity(0.75)
        self._scroll_near_edge(pos)
        item = self._cards.get(node_id)
        if item is not None:
            delta = self.mapToScene(pos.toPoint()) - self._press_scene
            item.setPos(item.card.rect.x + delta.x(), item.card.rect.y + delta.y())
        self._set_target(self.card_at(pos))

    def _scroll_near_edge(self, pos: QPointF) -> None:
        """While dragging a card, scroll when the pointer nears the viewport's edge."""
        rect = self.viewport().rect()
        margin, step = 24, 20
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        if pos.x() < margin:
            h.setValue(h.value() - step)
        elif pos.x() > rect.width() - margin:
            h.setValue(h.value() + step)
        if pos.y() < margin:
            v.setValue(v.value() - step)
        elif pos.y() > rect.height() - margin:
            v.setValue(v.value() + step)

    def _end_drag(self) -> str | None:
        """Stop pressing/dragging a card and put it back; returns the card it was dragged from."""
        if self._press is None:
            return None
        node_id = self._press[0]
        was_dragging = self._dragging
        self._press = None
        self._dragging = False
        self._set_target(None)
        item = self._cards.get(node_id)
        if item is not None and was_dragging:
            item.setZValue(2)
            item.setOpacity(1.0)
            item.setPos(item.card.rect.x, item.card.rect.y)
        return node_id

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            super().mouseReleaseEvent(event)
            self.setDragMode(QGraphicsView.DragMode.NoDrag)
            start, self._background_press = self._background_press, None
            if start is not None and (event.position() - start).manhattanLength() < QApplication.startDragDistance():
                self.session.select(None)
            return
        target = self.card_at(event.position()) if self._dragging else None
        node_id = self._end_drag()
        if target is not None and target != node_id:
            self.drop_node(node_id, target)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        node_id = self.card_at(event.position())
        if node_id is None:
            super().mouseDoubleClickEvent(event)
            return
        if self._on_toggle(node_id, event.position()):  # stands for the second press: toggle back, no editor
            self.toggle_collapsed(node_id)
            event.accept()
            return
        self.session.select(node_id)
        self.edit_text(node_id)
        event.accept()

    def _on_toggle(self, node_id: str, view_pos: QPointF) -> bool:
        """Whether a viewport position is on the collapse/expand toggle of a card."""
        card = self.scene_data.card(node_id)
        toggle = card.toggle_rect if card is not None else None
        p = self.mapToScene(view_pos.toPoint())
        return toggle is not None and toggle.adjusted(3).contains(p.x(), p.y())

    def _set_target(self, node_id: str | None) -> None:
        if node_id == self._target:
            return
        for nid, value in ((self._target, False), (node_id, True)):
            item = self._cards.get(nid) if nid else None
            if item is not None:
                item.set_target(value)
        self._target = node_id

    def drop_node(self, node_id: str, target_id: str) -> bool:
        """Reparent `node_id` under `target_id`; a refused move is reported through `message`."""
        doc = self.session.document
        if not doc.has_node(node_id) or not doc.has_node(target_id) or node_id == target_id:
            return False
        if doc.node(node_id).parent == target_id:  # dropped back on its own parent: nothing to do
            return False
        selection = self.session.selection
        if node_id not in selection:
            selection = [node_id]
        if not self._apply(MoveNode(node_id, target_id), "Move branch"):
            return False
        # Views that rebuild their rows for the move may drop the selection on the way: the moved
        # card stays selected, as it was when it was picked up.
        if self.session.selection != selection:
            self.session.select(selection)
        return True

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            node_id = self.card_at(QPointF(event.pos()))
            doc = self.session.document
            if node_id is not None and doc.has_node(node_id):
                QToolTip.showText(event.globalPos(), qt_tooltip(_tooltip(doc.node(node_id))), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)
