"""The map canvas: the laid-out map in a QGraphicsView, with zoom, pan, selection and in-place editing.

Every change goes through the session; the canvas listens to `document_changed` and
updates incrementally: it rebuilds the (cheap) scene data, moves the items whose cards
moved and repaints only the cards whose faces changed.
"""

from __future__ import annotations

import gc
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from argmap.gui import theme
from argmap.gui.canvasinput import CanvasInput
from argmap.gui.changes import SetDirection, changed_nodes, score_changes
from argmap.gui.mapitems import CardItem, FanItem, LinksItem, OverviewItem
from argmap.model.edits import AddNode, DeleteBranch, SetCollapsed
from argmap.render.painter import FAR_SCALE, LOD_BOX, LOD_READABLE, LOD_TEXT
from argmap.render.scene import Scene, build_scene, later_values

__all__ = ["MapCanvas", "SetDirection"]

MAX_FOLD = 9  # View ▸ Show Levels offers 1 to this
_SMALLEST_CARD = 220.0 * 48.0  # the area of the smallest card, close up or far (one line, no badges)
ZOOM_STEP = 1.25
MIN_ZOOM = 0.002
MAX_ZOOM = 4.0
#: Maps with more cards than this switch to the batched box overview when zoomed far out.
OVERVIEW_MIN_CARDS = 300
#: The halo and wash on a contested card in the class view (stronger the more contested the card is).
TINT_COLOR = "#d81b60"


def _shown_by_cards(scores: Any) -> Any:
    """The part of the scores that cards show: argued values and each option's overall score."""
    if scores is None:
        return None
    return (dict(getattr(scores, "argued", None) or {}),
            [(o.node_id, o.overall) for o in getattr(scores, "options", None) or ()])


class MapCanvas(CanvasInput, QGraphicsView):
    """Shows the session's document as a map; edits go through `session.apply`."""

    #: A short message for the status bar (a refused move, for instance).
    message = Signal(str)
    #: The levels shown changed (None: all levels).
    fold_changed = Signal(object)

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.scores: Any = None
        self._built_scores: Any = None  # the scores the current items show
        self.scene_data = Scene()
        self._measure = theme.canvas_measure()  # cards grow with the system's font size
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
        self._init_input()
        self._overview = False
        self._initial_view_pending = False
        # Folding is this view's state, not an edit: kept in the file's view settings when chosen,
        # but never on the undo stack and never marking the map as changed.
        self.fold: int | None = session.document.view.fold
        self.unfolded: set[str] = set()
        self._tried: dict[tuple[int | None, float], Scene] = {}  # scenes laid out while choosing a fold
        # Zoomed out below LOD_TEXT, cards are rebuilt to show only their title, enlarged (semantic zoom).
        self.far = 0.0
        #: Node id -> 0..1: how strongly each card is tinted (the class view's disagreement); never exported.
        self.tint: dict[str, float] = {}
        self._make_layers()
        session.document_changed.connect(self._on_session_document_changed)
        session.document_replaced.connect(self._on_session_document_replaced)
        session.selection_changed.connect(self._on_session_selection_changed)
        self.rebuild()
        theme.install_canvas(self)  # the theme's background, the badges' tooltips

    def set_measure(self, measure: Any) -> None:
        """Lay the cards out with another measure (the theme's, when the system font size changes)."""
        self._measure = measure
        self._tried.clear()
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
        self._selected = set(self.session.selection)
        self._make_layers()
        self._overview_item.set_selected(self.session.selection)
        self._overview = False
        self.fold = self.session.document.view.fold
        self.unfolded = set()
        self.far = 0.0
        if self.fold is None:
            # The opening view folds what cannot read on any screen: not laying it out first saves
            # seconds on a big map (the view refines the level once it knows its size).
            self.fold = self._unreadable_beyond()
        self.refresh()
        # Where to look first depends on the viewport's size: wait until it has one.
        self._initial_view_pending = True
        if self.isVisible():
            self._show_initial()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._initial_view_pending:
            self._show_initial()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._initial_view_pending and self.isVisible():
            self._show_initial()

    def refresh(self, changed: set[str] | None = None, same_tree: bool = False, added: tuple[str, ...] = (),
                removed: tuple[str, ...] = ()) -> None:
        """Bring the items up to date with the document: move, add, remove, repaint what changed.

        `changed`, `same_tree`, `added` and `removed`, when given, vouch for what an edit left alone (see
        `build_scene`); cards whose shown scores changed are added here.
        """
        # Collections triggered by the many small objects of a rebuild cost more than the
        # rebuild itself on a big map; let the collector run after it instead.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._refresh(changed, same_tree, added, removed)
        finally:
            if was_enabled:
                gc.enable()

    def _refresh(self, changed: set[str] | None, same_tree: bool, added: tuple[str, ...] = (),
                 removed: tuple[str, ...] = ()) -> None:
        doc = self.session.document
        if changed is not None:
            by_scores = score_changes(self._built_scores, self.scores)
            changed = None if by_scores is None else changed | by_scores
        scene = build_scene(doc, self.scores, measure=self._measure, previous=self.scene_data, changed=changed,
                            same_tree=same_tree, added=added if changed is not None else (),
                            removed=removed if changed is not None else (), fold=self.fold,
                            unfold=self.unfolded, far=self.far)
        self._built_scores = self.scores
        if scene is self.scene_data:  # nothing shown changed
            return
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
        """Open on as much of the map as reads: every level that fits legibly, at least the question
        and its options (the view's own fold level, when the file has one, is kept)."""
        self._initial_view_pending = False
        self.resetTransform()
        if self.session.document.view.fold is None:
            fold = self.readable_fold()
            if fold is not False:
                self._fit(fold, store=False)
                return
            self._set_fold(2, store=False, far=FAR_SCALE)
        elif (self._fit_zoom_of(self._scene_for(self.fold, 0.0).bounds) >= LOD_TEXT
                or self._fit_zoom_of(self._scene_for(self.fold, FAR_SCALE).bounds) >= LOD_READABLE):
            self._fit(self.fold, store=False)
            return
        self._tried.clear()
        self._use_far(FAR_SCALE)
        b = self.scene_data.bounds
        vp = self.viewport().rect()
        root = self.scene_data.card(self.scene_data.root or "")
        if root is None or b.w <= 0 or b.h <= 0:
            return
        # Show the question with its options, as large as fits while the titles stay legible.
        first = [c for c in (self.scene_data.card(n.id) for n in self.session.document.children(root.id)) if c]
        rects = [root.rect] + [c.rect for c in first]
        x0, y0 = min(r.x for r in rects), min(r.y for r in rects)
        x1, y1 = max(r.x + r.w for r in rects), max(r.y + r.h for r in rects)
        margin = 40
        fit = min(vp.width() / (x1 - x0 + 2 * margin), vp.height() / (y1 - y0 + 2 * margin))
        self.set_zoom(max(LOD_READABLE, min(LOD_TEXT - 0.005, fit)))
        if fit >= LOD_READABLE:
            self.centerOn(QPointF((x0 + x1) / 2, (y0 + y1) / 2))
        else:
            r = root.rect
            z = self.zoom()
            if self.scene_data.direction == "top-down" or self.scene_data.layout == "compact":
                self.centerOn(QPointF(r.x + r.w / 2, r.y - margin + vp.height() / 2 / z))
            else:
                self.centerOn(QPointF(r.x - margin + vp.width() / 2 / z, r.y + r.h / 2))
        self._update_overview_mode()

    # -- folding by depth ----------------------------------------------------------------

    def max_depth(self) -> int:
        """The number of levels of the map (1: the question alone)."""
        return len(self._level_sizes())

    def _unreadable_beyond(self) -> int | None:
        """The deepest level up to which the map could read on a 4K screen (None: all of it could)."""
        sizes = self._level_sizes()
        most = 3840 * 2160 / (_SMALLEST_CARD * LOD_READABLE ** 2)
        shown = 0
        for level, n in enumerate(sizes, start=1):
            shown += n
            if shown > most:
                return max(2, level - 1)
        return None

    def _level_sizes(self) -> list[int]:
        """How many nodes each level of the map holds (level 1 first)."""
        doc = self.session.document
        root = doc.root()
        if root is None:
            return []
        sizes: list[int] = []
        level = [root.id]
        while level:
            sizes.append(len(level))
            level = [c.id for nid in level for c in doc.children(nid)]
        return sizes

    def folded_count(self) -> int:
        """How many nodes are hidden under folded cards (by depth or by collapsing)."""
        return sum(c.face.hidden for c in self.scene_data.cards if c.face.toggle == "+")

    def _fit_zoom_of(self, bounds: Any) -> float:
        vp = self.viewport().rect()
        if bounds.w <= 0 or bounds.h <= 0:
            return MIN_ZOOM
        return min(1.0, vp.width() / bounds.w, vp.height() / bounds.h)

    def readable_fold(self) -> int | None | bool:
        """The deepest fold level whose map, fitted to the view, keeps every title legible.

        None when the whole map reads (no fold needed); False when not even the question and its
        options do.
        """
        self._tried.clear()
        sizes = self._level_sizes()
        depth = len(sizes)
        vp = self.viewport().rect()
        room = vp.width() * vp.height()
        for level in range(min(depth, MAX_FOLD + 1), 1, -1):
            fold = None if level >= depth else level
            # Cards never overlap: when even the smallest cards would not fit in the view at the
            # zoom needed, the level is skipped without laying it out.
            shown = sum(sizes[:level])
            if shown * _SMALLEST_CARD * LOD_TEXT ** 2 <= room:
                if self._fit_zoom_of(self._scene_for(fold, 0.0).bounds) >= LOD_TEXT:
                    return fold
            if shown * _SMALLEST_CARD * LOD_READABLE ** 2 <= room:
                if self._fit_zoom_of(self._scene_for(fold, FAR_SCALE).bounds) >= LOD_READABLE:
                    return fold
        return False

    def _scene_for(self, fold: int | None, far: float) -> Any:
        """The scene at a fold level (nothing opened beyond it) with close-up or far faces."""
        if fold == self.fold and far == self.far and not self.unfolded:
            return self.scene_data
        scene = self._tried.get((fold, far))
        if scene is None:
            scene = self._tried[(fold, far)] = build_scene(self.session.document, self.scores, measure=self._measure,
                                                          fold=fold, far=far)
        return scene

    def _set_far(self, far: float) -> None:
        """Switch between close-up and far faces, keeping the card nearest the view's centre in place."""
        if far == self.far:
            return
        vp = self.viewport().rect()
        centre = self.mapToScene(vp.center())
        anchor = self._nearest_card(centre.x(), centre.y())
        before = self.mapFromScene(QPointF(*anchor.rect.center)) if anchor is not None else None
        self.far = far
        self.refresh()
        card = self.scene_data.card(anchor.id) if anchor is not None else None
        if card is not None and before is not None:
            z = self.zoom()
            cx, cy = card.rect.center
            self.centerOn(QPointF(cx + (vp.center().x() - before.x()) / z, cy + (vp.center().y() - before.y()) / z))

    def _nearest_card(self, x: float, y: float) -> Any:
        cards = self.scene_data.cards
        if not cards:
            return None
        hit = self.scene_data.card_at(x, y) if len(cards) < 5000 else None
        if hit is not None:
            return hit
        return min(cards, key=lambda c: (c.rect.center[0] - x) ** 2 + (c.rect.center[1] - y) ** 2)

    def set_fold(self, levels: int | None) -> None:
        """Show levels 1 to `levels` of the map and fold the rest (None: every level); kept with the file."""
        self._set_fold(levels, store=True)
        self.message.emit(self.fold_message())

    def _set_fold(self, levels: int | None, store: bool, far: float | None = None) -> None:
        """Fold to `levels` (and switch to close-up or far faces when `far` is given) in one rebuild."""
        if levels is not None and levels >= self.max_depth():
            levels = None
        if store:
            self.session.document.view.fold = levels  # view state: no edit, no undo, not "modified"
        far = self.far if far is None else far
        refold = levels != self.fold or bool(self.unfolded)
        if not refold and far == self.far:
            return
        self.fold, self.far = levels, far
        self.unfolded = set()
        self.refresh()
        if not refold:
            return
        self.fold_changed.emit(levels)
        if any(i not in self.scene_data.by_id for i in self.session.selection):
            shown = next((a.id for a in self.session.document.ancestors(self.session.current)
                          if a.id in self.scene_data.by_id), None) if self.session.current else None
            if shown is not None:
                self.session.select(shown)

    def fold_message(self) -> str:
        """'levels 1–3 shown; 41 cards folded' (or 'all levels shown')."""
        hidden = self.folded_count()
        folded = f"; {hidden} card{'s' if hidden != 1 else ''} folded" if hidden else ""
        if self.fold is None:
            return f"all {self.max_depth()} levels shown{folded}"
        shown = f"levels 1–{self.fold}" if self.fold > 1 else "level 1"
        return f"{shown} shown{folded}"

    def item(self, node_id: str) -> CardItem | None:
        """The card item of a visible node."""
        return self._cards.get(node_id)

    @property
    def items_by_id(self) -> dict[str, CardItem]:
        return dict(self._cards)

    # -- scores and settings -------------------------------------------------------

    def set_scores(self, scores: Any) -> None:
        """Show these scores (argued likelihoods, option score bars); None hides them."""
        unchanged = _shown_by_cards(scores) == _shown_by_cards(self._built_scores)
        if unchanged and getattr(scores, "decisions", None):  # a later decision's options show values too
            doc = self.session.document
            unchanged = later_values(doc, scores) == later_values(doc, self._built_scores)
        self.scores = scores
        if not unchanged:
            self.refresh(set(), same_tree=True)

    def set_tint(self, tint: dict[str, float] | None) -> None:
        """Tint cards by a 0..1 value each (the class view's disagreement); None or {} removes it.

        Drawn over the view only: exports and prints, which paint the scene themselves, never show it.
        """
        tint = {k: v for k, v in (tint or {}).items() if v > 0}
        if tint != self.tint:
            self.tint = tint
            self.viewport().update()

    def shown_tint(self) -> dict[str, tuple[float, bool]]:
        """The tint of each shown card: (value, own); a folded card takes the most contested under it (not own)."""
        key = (id(self.scene_data), id(self.tint))
        cached = getattr(self, "_tint_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        doc, shown = self.session.document, self.scene_data.by_id
        out: dict[str, tuple[float, bool]] = {}
        for node_id, value in self.tint.items():
            if node_id in shown:
                out[node_id] = (min(1.0, value), True)
            elif doc.has_node(node_id):
                above = next((a.id for a in doc.ancestors(node_id) if a.id in shown), None)
                if above is not None and above not in self.tint and value > out.get(above, (0.0, False))[0]:
                    out[above] = (min(1.0, value), False)
        self._tint_cache = (key, out)
        return out

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 (Qt override)
        super().drawForeground(painter, rect)
        if not self.tint:
            return
        painter.save()
        for node_id, (value, own) in self.shown_tint().items():
            card = self.scene_data.card(node_id)
            if card is None:
                continue
            r = QRectF(card.rect.x, card.rect.y, card.rect.w, card.rect.h)
            if not r.adjusted(-12, -12, 12, 12).intersects(rect):
                continue
            color = QColor(TINT_COLOR)
            # A halo outside the card and a hatched wash over it: no kind of card looks like either,
            # and multiplied, the hatching leaves the dark text dark. A folded card is only ringed.
            color.setAlphaF(0.25 + 0.6 * value)
            width = 2.0 + 7.0 * value
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine if own else Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r.adjusted(-width / 2 - 1, -width / 2 - 1, width / 2 + 1, width / 2 + 1), 8, 8)
            if own:
                color.setAlphaF(0.2 + 0.45 * value)
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(color, Qt.BrushStyle.BDiagPattern))
                painter.drawRoundedRect(r, 6, 6)
        painter.restore()

    @Slot(str)
    def set_direction(self, direction: str) -> None:
        """Lay out top-down or left-right (an undoable view change)."""
        if self.session.document.view.direction != direction:
            self._apply(SetDirection(direction), "Change layout direction")

    def set_layout(self, layout: str) -> None:
        """Lay the map out as a tidy tree or compact (a view setting: kept with the file, not an edit)."""
        view = self.session.document.view
        if view.layout != layout:
            view.layout = layout  # type: ignore[assignment]
            self.refresh()
            self.message.emit("compact layout" if layout == "compact" else "tidy tree layout")

    @Slot(str)
    def toggle_collapsed(self, node_id: str) -> None:
        """Collapse an expanded branch or expand a collapsed one."""
        doc = self.session.document
        if not doc.has_node(node_id) or not doc.children(node_id):
            return
        if self._toggle_unfolded(node_id):
            return
        collapsed = node_id in doc.view.collapsed
        if self._apply(SetCollapsed(node_id, not collapsed), "Expand branch" if collapsed else "Collapse branch"):
            if not collapsed and any(i not in self.scene_data.by_id for i in self.session.selection):
                self.session.select(node_id)

    def reveal(self, node_id: str) -> None:
        """Open the cards folded by depth above a node, so that its own card is shown."""
        doc = self.session.document
        if self.fold is None or node_id in self.scene_data.by_id or not doc.has_node(node_id):
            return
        above = [a.id for a in doc.ancestors(node_id)]
        if any(a in doc.view.collapsed for a in above):
            return  # collapsed by an edit: the user's own choice
        self.unfolded.update(above)
        self.refresh()

    def is_folded_by_depth(self, node_id: str) -> bool:
        """Whether a card is folded because of the fold level (not collapsed by an edit)."""
        card = self.scene_data.card(node_id)
        return (card is not None and card.face.toggle == "+"
                and node_id not in self.session.document.view.collapsed)

    def _toggle_unfolded(self, node_id: str) -> bool:
        """Open a card folded by depth one level, or fold an opened one again; False for other cards."""
        if self.fold is None or node_id in self.session.document.view.collapsed:
            return False
        if self.is_folded_by_depth(node_id):
            self.unfolded.add(node_id)
        elif node_id in self.unfolded:
            doc = self.session.document
            below, stack = {node_id}, [node_id]
            while stack:
                kids = [c.id for c in doc.children(stack.pop())]
                below.update(kids)
                stack.extend(kids)
            self.unfolded -= below
        else:
            return False
        self.refresh()
        return True

    def _apply(self, edit: Any, text: str) -> bool:
        refused = self.session.try_apply(edit, text)
        if refused:
            self.message.emit(refused)
        return not refused

    # -- zoom -----------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, value: float) -> None:
        """Zoom to `value` (1 = 100 %), between half the fit-to-window zoom (or MIN_ZOOM) and MAX_ZOOM."""
        value = max(min(MIN_ZOOM, self._fit_zoom() / 2), min(MAX_ZOOM, value))
        factor = value / self.zoom()
        self.scale(factor, factor)
        self._set_far(FAR_SCALE if value < LOD_TEXT else 0.0)
        self._update_overview_mode()

    def _fit_zoom(self) -> float:
        b = self.scene_data.bounds
        vp = self.viewport().rect()
        if b.w <= 0 or b.h <= 0:
            return MIN_ZOOM
        return min(vp.width() / b.w, vp.height() / b.h)

    @Slot()
    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    @Slot()
    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    @Slot()
    def fit_to_window(self, choose_fold: bool = True) -> None:
        """Show the whole map (never enlarged beyond 100 %), folded to the deepest level whose titles
        stay legible; the status bar says what is shown."""
        if choose_fold:
            fold = self.readable_fold()
            self._fit(2 if fold is False else fold, store=True)
        else:
            self._fit(self.fold, store=False)

    def _fit(self, fold: int | None, store: bool) -> None:
        """Fold to `fold` and fit the map to the view, with far faces unless it reads close up."""
        if fold is not None and fold >= self.max_depth():
            fold = None
        close = self._fit_zoom_of(self._scene_for(fold, 0.0).bounds) >= LOD_TEXT
        self._set_fold(fold, store, far=0.0 if close else FAR_SCALE)
        self._tried.clear()
        b = self.scene_data.bounds
        if b.w <= 0 or b.h <= 0:
            return
        self.fitInView(QRectF(b.x, b.y, b.w, b.h), Qt.AspectRatioMode.KeepAspectRatio)
        cap = 1.0 if close else LOD_TEXT - 0.005  # far faces are for far zooms only
        if self.zoom() > cap:
            self.set_zoom(cap)
        self.centerOn(QPointF(*b.center))
        self._update_overview_mode()
        self.message.emit(self.fold_message())

    def _use_far(self, far: float) -> None:
        if far != self.far:
            self.far = far
            self.refresh()

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
        for nid in ids:
            self.reveal(nid)
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
        self.reveal(node_id)
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

    # -- session signals ----------------------------------------------------------------------

    def _on_session_document_changed(self, edit: Any) -> None:
        found = changed_nodes(edit)
        if found is None:
            self.refresh()
        else:
            self.refresh(*found, added=(edit.node.id,) if isinstance(edit, AddNode) else (),
                         removed=(edit.node_id,) if isinstance(edit, DeleteBranch) else ())

    def _on_session_document_replaced(self) -> None:
        self.rebuild()
