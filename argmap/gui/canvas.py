"""The map canvas: the laid-out map in a QGraphicsView, with zoom, pan, selection and in-place editing.

Every change goes through the session; the canvas listens to `document_changed` and
updates incrementally: it rebuilds the (cheap) scene data, moves the items whose cards
moved and repaints only the cards whose faces changed.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QToolTip, QWidget

from argmap.errors import ArgmapError, RuleError
from argmap.gui.inlineedit import InlineEditor
from argmap.gui.mapitems import CardItem, FanItem, LinksItem, OverviewItem
from argmap.model.document import Document
from argmap.model.edits import MoveNode, SetCollapsed, SetText
from argmap.render.painter import LOD_BOX, qt_measure
from argmap.render.scene import Scene, build_scene

__all__ = ["MapCanvas", "SetDirection"]

ZOOM_STEP = 1.25
MIN_ZOOM = 0.002
MAX_ZOOM = 4.0
#: Maps with more cards than this switch to the batched box overview when zoomed far out.
OVERVIEW_MIN_CARDS = 300


@dataclass(frozen=True)
class SetDirection:
    """Lay the map out top-down or left-right (a view setting, undoable like any edit)."""

    value: str

    def apply(self, doc: Document) -> "SetDirection":
        old = doc.view.direction
        try:
            doc.view.direction = self.value  # type: ignore[assignment]
        except ValidationError:
            raise RuleError(f"Unknown layout direction '{self.value}'.", hint="Use top-down or left-right.") from None
        return SetDirection(old)


def _tooltip(node: Any) -> str:
    """A card's full text (cards cut long text short), its note and its tags."""
    parts = [node.title] if node.title else []
    parts.append(node.text)
    if node.note:
        parts.append(f"Note: {node.note}")
    if node.tags:
        parts.append("Tags: " + ", ".join(node.tags))
    return "\n".join(p for p in parts if p)


class MapCanvas(QGraphicsView):
    """Shows the session's document as a map; edits go through `session.apply`."""

    #: A short message for the status bar (a refused move, for instance).
    message = Signal(str)

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.scores: Any = None
        self.scene_data = Scene()
        self._measure = qt_measure()
        self._qscene = QGraphicsScene(self)
        self.setScene(self._qscene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setBackgroundBrush(QBrush(QColor("#fafafa")))
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._cards: dict[str, CardItem] = {}
        self._fans: dict[str, FanItem] = {}
        self._selected: set[str] = set()
        self._press: tuple[str, QPointF] | None = None
        self._dragging = False
        self._target: str | None = None
        self._background_press: QPointF | None = None
        self._editor: InlineEditor | None = None
        self._overview = False
        self._make_layers()
        session.document_changed.connect(self._on_session_document_changed)
        session.document_replaced.connect(self._on_session_document_replaced)
        session.selection_changed.connect(self._on_session_selection_changed)
        self.rebuild()

    # -- building ---------------------------------------------------------------

    def _make_layers(self) -> None:
        # Card, fan and link items stay top-level: the scene's BSP index only finds
        # top-level items, so children of a common parent would all be visited per paint.
        self._links = LinksItem()
        self._qscene.addItem(self._links)
        self._overview_item = OverviewItem()
        self._overview_item.setVisible(False)
        self._qscene.addItem(self._overview_item)

    def rebuild(self) -> None:
        """Drop every item and build the map afresh (a new document)."""
        self._close_editor(commit=False)
        self._qscene.clear()
        self._cards.clear()
        self._fans.clear()
        self._selected = set()
        self._make_layers()
        self._overview = False
        self.refresh()
        self._show_initial()

    def refresh(self) -> None:
        """Bring the items up to date with the document: move, add, remove, repaint what changed."""
        # Collections triggered by the many small objects of a rebuild cost more than the
        # rebuild itself on a big map; let the collector run after it instead.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._refresh()
        finally:
            if was_enabled:
                gc.enable()

    def _refresh(self) -> None:
        doc = self.session.document
        scene = build_scene(doc, self.scores, measure=self._measure, previous=self.scene_data)
        items = self._cards
        for card in scene.cards:
            item = items.get(card.id)
            if item is None:
                item = items[card.id] = self._add(CardItem(card))
                if card.id in self._selected:
                    item.is_selected = True
            elif item.card is not card:
                item.set_card(card)
        if len(items) != len(scene.cards):
            for nid in [n for n in items if n not in scene.by_id]:
                self._qscene.removeItem(items.pop(nid))
        fans = self._fans
        for pid, edges in scene.fans.items():
            fan = fans.get(pid)
            if fan is None:
                fans[pid] = self._add(FanItem(edges))
            elif fan.edges is not edges:
                fan.set_edges(edges)
        if len(scene.fans) != len(fans):
            for pid in [p for p in fans if p not in scene.fans]:
                self._qscene.removeItem(fans.pop(pid))
        self._links.set_links(scene.links)
        self._overview_item.set_scene_data(scene)
        b = scene.bounds.adjusted(400)
        self._qscene.setSceneRect(QRectF(b.x, b.y, b.w, b.h))
        self.scene_data = scene
        self._selected = {i for i in self._selected if i in scene.by_id}
        self._update_overview_mode()

    def _add(self, item: Any) -> Any:
        if self._overview:
            item.setVisible(False)
        self._qscene.addItem(item)
        return item

    def _detail_items(self) -> list[Any]:
        """The items drawn close up (hidden in the far-out overview)."""
        return [*self._cards.values(), *self._fans.values(), self._links]

    @property
    def is_overview(self) -> bool:
        """Whether the view is so far out that it shows the box overview instead of the items."""
        return self._overview

    def _show_initial(self) -> None:
        """Fit a map that is readable when fitted; otherwise show its question at 100 %."""
        self.resetTransform()
        b = self.scene_data.bounds
        vp = self.viewport().rect()
        if b.w <= 0 or b.h <= 0:
            return
        scale = min(vp.width() / b.w, vp.height() / b.h)
        if scale >= 0.6:
            self.fit_to_window()
        else:
            root = self.scene_data.card(self.scene_data.root or "")
            if root is not None:
                r = root.rect
                if self.scene_data.direction == "top-down":
                    self.centerOn(QPointF(r.x + r.w / 2, r.y - 40 + vp.height() / 2))
                else:
                    self.centerOn(QPointF(r.x - 40 + vp.width() / 2, r.y + r.h / 2))
            self._update_overview_mode()

    def item(self, node_id: str) -> CardItem | None:
        """The card item of a visible node."""
        return self._cards.get(node_id)

    @property
    def items_by_id(self) -> dict[str, CardItem]:
        return dict(self._cards)

    # -- scores and settings -------------------------------------------------------

    def set_scores(self, scores: Any) -> None:
        """Show these scores (argued likelihoods, option score bars); None hides them."""
        self.scores = scores
        self.refresh()

    @Slot(str)
    def set_direction(self, direction: str) -> None:
        """Lay out top-down or left-right (an undoable view change)."""
        if self.session.document.view.direction != direction:
            self._apply(SetDirection(direction), "Change layout direction")

    @Slot(str)
    def toggle_collapsed(self, node_id: str) -> None:
        """Collapse an expanded branch or expand a collapsed one."""
        doc = self.session.document
        if not doc.has_node(node_id) or not doc.children(node_id):
            return
        collapsed = node_id in doc.view.collapsed
        if self._apply(SetCollapsed(node_id, not collapsed), "Expand branch" if collapsed else "Collapse branch"):
            if not collapsed and any(i not in self.scene_data.by_id for i in self.session.selection):
                self.session.select(node_id)

    def _apply(self, edit: Any, text: str) -> bool:
        try:
            self.session.apply(edit, text)
        except ArgmapError as err:
            self.message.emit(err.message)
            return False
        return True

    # -- zoom -----------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, value: float) -> None:
        value = max(MIN_ZOOM, min(MAX_ZOOM, value))
        factor = value / self.zoom()
        self.scale(factor, factor)
        self._update_overview_mode()

    @Slot()
    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    @Slot()
    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    @Slot()
    def fit_to_window(self) -> None:
        """Show the whole map (never enlarged beyond 100 %)."""
        b = self.scene_data.bounds
        if b.w <= 0 or b.h <= 0:
            return
        self.fitInView(QRectF(b.x, b.y, b.w, b.h), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:
            self.set_zoom(1.0)
        self.centerOn(QPointF(*b.center))
        self._update_overview_mode()

    def _update_overview_mode(self) -> None:
        far = self.zoom() < LOD_BOX and len(self.scene_data.cards) > OVERVIEW_MIN_CARDS
        if far != self._overview:
            self._overview = far
            for item in self._detail_items():
                item.setVisible(not far)
            self._overview_item.setVisible(far)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                anchor = self.transformationAnchor()
                self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
                self.set_zoom(self.zoom() * (1.0015 ** delta))
                self.setTransformationAnchor(anchor)
            event.accept()
            return
        super().wheelEvent(event)

    # -- selection --------------------------------------------------------------------

    def _on_session_selection_changed(self, ids: list[str]) -> None:
        new = set(ids)
        for nid in self._selected ^ new:
            item = self._cards.get(nid)
            if item is not None:
                item.set_selected(nid in new)
        self._selected = new
        self._overview_item.set_selected(ids)
        if ids:
            self.scroll_to(ids[0])

    def scroll_to(self, node_id: str) -> None:
        """Make a node's card (or, in a collapsed branch, its visible ancestor's) visible, scrolling little."""
        card = self.scene_data.card(node_id)
        doc = self.session.document
        if card is None and doc.has_node(node_id):
            card = next((self.scene_data.card(a.id) for a in doc.ancestors(node_id) if a.id in self.scene_data.by_id),
                        None)
        if card is not None:
            r = card.rect
            self.ensureVisible(QRectF(r.x, r.y, r.w, r.h), 40, 40)

    ensure_visible = scroll_to

    def center_on(self, node_id: str) -> None:
        """Centre the view on a node's card."""
        card = self.scene_data.card(node_id)
        if card is not None:
            self.centerOn(QPointF(*card.rect.center))

    def card_at(self, view_pos: QPointF) -> str | None:
        """The id of the card under a viewport position."""
        p = self.mapToScene(view_pos.toPoint())
        card = self.scene_data.card_at(p.x(), p.y()) if self._overview else None
        if card is not None:
            return card.id
        for item in self.items(view_pos.toPoint()):
            if isinstance(item, CardItem) and item.node_id != (self._press[0] if self._dragging and self._press else None):
                return item.node_id
        return None

    # -- keyboard ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_F2:
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
        top_down = scene.direction == "top-down"
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
        across = 0 if scene.direction == "top-down" else 1
        layer = sorted((c for c in scene.cards if c.depth == depth), key=lambda c: (c.rect.x, c.rect.y)[across])
        ids = [c.id for c in layer]
        i = ids.index(node_id) + step
        return ids[i] if 0 <= i < len(ids) else None

    # -- in-place editing ------------------------------------------------------------------

    def edit_text(self, node_id: str | None = None) -> InlineEditor | None:
        """Open an editor over a card (the current one by default); Enter commits, Escape cancels."""
        node_id = node_id or self.session.current
        card = self.scene_data.card(node_id) if node_id else None
        if card is None:
            return None
        self._close_editor(commit=True)
        self.scroll_to(card.id)
        r = card.rect
        top_left = self.mapFromScene(QPointF(r.x, r.y + 20))
        bottom_right = self.mapFromScene(QPointF(r.right, r.bottom))
        editor = InlineEditor(card.id, self.session.document.node(card.id).text, self.viewport())
        w = max(bottom_right.x() - top_left.x(), 220)
        h = max(bottom_right.y() - top_left.y(), 70)
        editor.setGeometry(top_left.x(), top_left.y(), w, h)
        editor.committed.connect(self._on_editor_committed)
        editor.cancelled.connect(lambda: self._close_editor(commit=False))
        self._editor = editor
        editor.show()
        editor.setFocus()
        return editor

    @property
    def editor(self) -> InlineEditor | None:
        return self._editor

    def _on_editor_committed(self, node_id: str, text: str) -> None:
        self._close_editor(commit=False)
        doc = self.session.document
        if doc.has_node(node_id) and doc.node(node_id).text != text:
            self._apply(SetText(node_id, text), "Edit text")

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
        toggle = self.scene_data.by_id[node_id].toggle_rect
        if toggle is not None and toggle.adjusted(3).contains(scene_pos.x(), scene_pos.y()):
            self.toggle_collapsed(node_id)
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            sel = self.session.selection
            self.session.select([i for i in sel if i != node_id] if node_id in sel else sel + [node_id])
        elif node_id not in self._selected or self.session.current != node_id:
            self.session.select(node_id)
        self._press = (node_id, pos)
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
        item = self._cards.get(node_id)
        if item is not None:
            delta = self.mapToScene(pos.toPoint()) - self.mapToScene(start.toPoint())
            item.setPos(item.card.rect.x + delta.x(), item.card.rect.y + delta.y())
        self._set_target(self.card_at(pos))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            super().mouseReleaseEvent(event)
            self.setDragMode(QGraphicsView.DragMode.NoDrag)
            start, self._background_press = self._background_press, None
            if start is not None and (event.position() - start).manhattanLength() < QApplication.startDragDistance():
                self.session.select(None)
            return
        node_id, _ = self._press
        target = self.card_at(event.position()) if self._dragging else None
        was_dragging = self._dragging
        self._press = None
        self._dragging = False
        self._set_target(None)
        item = self._cards.get(node_id)
        if item is not None and was_dragging:
            item.setZValue(2)
            item.setOpacity(1.0)
            item.setPos(item.card.rect.x, item.card.rect.y)
        if target is not None and target != node_id:
            self.drop_node(node_id, target)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        node_id = self.card_at(event.position())
        if node_id is None:
            super().mouseDoubleClickEvent(event)
            return
        self.session.select(node_id)
        self.edit_text(node_id)
        event.accept()

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
        return self._apply(MoveNode(node_id, target_id), "Move branch")

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            node_id = self.card_at(QPointF(event.pos()))
            doc = self.session.document
            if node_id is not None and doc.has_node(node_id):
                QToolTip.showText(event.globalPos(), _tooltip(doc.node(node_id)), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # -- session signals ----------------------------------------------------------------------

    def _on_session_document_changed(self, edit: Any) -> None:
        self.refresh()

    def _on_session_document_replaced(self) -> None:
        self.rebuild()
