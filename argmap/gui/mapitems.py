"""The graphics items of the map canvas; each draws with `argmap.render.painter` in the theme's look.

Hovering a card's badge, score, kind letter or fold count shows what it means (`install_tips`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF
from PySide6.QtGui import QHelpEvent, QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QStyleOptionGraphicsItem, QToolTip, QWidget

from argmap.gui import theme
from argmap.render import style as S
from argmap.render.faces import kind_mark
from argmap.render.painter import LOD_TEXT, MARK_MARGIN, edge_path, paint_card, paint_edges, paint_links, paint_overview
from argmap.render.scene import Card, Edge, LinkPath, Scene
from argmap.textsafe import qt_tooltip

__all__ = ["CardItem", "FanItem", "LinksItem", "OverviewItem", "install_tips", "tip_target", "tip_text", "card_tip"]

_MARGIN = MARK_MARGIN  # room for the selection outline outside the card


class CardItem(QGraphicsItem):
    """One node's card; its position is the card's top-left corner."""

    def __init__(self, card: Card, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.is_selected = False
        self.is_target = False
        self._bounds = self._rect_for(card)
        self.setPos(card.rect.x, card.rect.y)
        self.setZValue(2)

    @staticmethod
    def _rect_for(card: Card) -> QRectF:
        return QRectF(-_MARGIN, -_MARGIN, card.rect.w + 2 * _MARGIN, card.rect.h + 2 * _MARGIN)

    @property
    def node_id(self) -> str:
        return self.card.id

    def set_card(self, card: Card) -> bool:
        """Take a rebuilt card; repaint only if its face changed. Returns whether it did."""
        old = self.card
        self.card = card
        changed = card.face is not old.face and card.face != old.face
        if changed:
            if card.rect.w != old.rect.w or card.rect.h != old.rect.h:
                self.prepareGeometryChange()
                self._bounds = self._rect_for(card)
            self.update()
        if card.rect.x != old.rect.x or card.rect.y != old.rect.y:
            self.setPos(card.rect.x, card.rect.y)
        return changed

    def set_selected(self, value: bool) -> None:
        if value != self.is_selected:
            self.is_selected = value
            self.update()

    def set_target(self, value: bool) -> None:
        if value != self.is_target:
            self.is_target = value
            self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        """The card itself, without the outline margin, for hit tests."""
        path = QPainterPath()
        path.addRect(QRectF(0, 0, self.card.rect.w, self.card.rect.h))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        x, y = self.card.rect.x, self.card.rect.y
        painter.translate(-x, -y)
        paint_card(painter, self.card, lod, self.is_selected, self.is_target, theme.look())
        painter.translate(x, y)


class FanItem(QGraphicsItem):
    """The tree edges from one parent to its children."""

    def __init__(self, edges: tuple[Edge, ...], parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.edges: tuple[Edge, ...] = ()
        self._paths: dict = {}
        self._bounds = QRectF()
        self.setZValue(0)
        self.set_edges(edges)

    def set_edges(self, edges: tuple[Edge, ...]) -> None:
        if edges == self.edges:
            return
        self.prepareGeometryChange()
        self.edges = edges
        self._paths = edge_path(edges)
        xs = [x for e in edges for x, _ in e.points]
        ys = [y for e in edges for _, y in e.points]
        # Labels sit on the edges; leave room for their width.
        self._bounds = QRectF(min(xs) - 40, min(ys) - 10, max(xs) - min(xs) + 80, max(ys) - min(ys) + 20)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        paint_edges(painter, self.edges, lod, self._paths, theme.look())


class LinksItem(QGraphicsItem):
    """All cross-links (there are few)."""

    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.links: tuple[LinkPath, ...] = ()
        self._bounds = QRectF()
        self.setZValue(1)

    def set_links(self, links: list[LinkPath]) -> None:
        links_t = tuple(links)
        if links_t == self.links:
            return
        self.prepareGeometryChange()
        self.links = links_t
        if links_t:
            xs = [x for ln in links_t for x, _ in ln.points]
            ys = [y for ln in links_t for _, y in ln.points]
            self._bounds = QRectF(min(xs) - 60, min(ys) - 20, max(xs) - min(xs) + 120, max(ys) - min(ys) + 40)
        else:
            self._bounds = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        paint_links(painter, self.links, lod, theme.look())


class OverviewItem(QGraphicsItem):
    """The whole map as coloured boxes, shown instead of the card items when zoomed far out."""

    def __init__(self) -> None:
        super().__init__()
        self.scene_data: Scene | None = None
        self.selected: list[str] = []
        self._bounds = QRectF()
        self.setZValue(3)
        # Repaints while panning or after a selection elsewhere reuse the last drawing.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_scene_data(self, scene: Scene) -> None:
        b = scene.bounds
        rect = QRectF(b.x, b.y, b.w, b.h)
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = rect
        self.scene_data = scene
        self.update()

    def set_selected(self, ids: list[str]) -> None:
        self.selected = list(ids)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self.scene_data is not None:
            paint_overview(painter, self.scene_data, self.selected, theme.look())


# -- what the marks on a card mean ---------------------------------------------------------------

#: What each kind of card is, for the tooltip of its letter.
KIND_HELP = {
    "question": "the question the map answers",
    "option": "an answer to the question, scored by the expected impact of its consequences",
    "consequence": "what the card above it is claimed to lead to, weighed by its likelihood and impact",
    "scenario": "a fork of outcomes of which exactly one happens, so their likelihoods add up to 1",
    "pro": "a reason for the claim it hangs under",
    "con": "a reason against the claim it hangs under",
    "evidence": "a fact or quote from a source that bears on the claim it hangs under",
    "note": "a remark on the map that is not weighed",
}
_STRENGTH_VERB = {"pro": "supports", "con": "attacks", "evidence": "bears on"}


def tip_target(card: Card, x: float, y: float) -> tuple[str, int] | None:
    """What is drawn at (x, y) on a close-up card (relative to its top-left corner): ("badge", i),
    ("score", 0), ("fold", 0) or ("kind", 0); None elsewhere."""
    f = card.face
    for i, b in enumerate(f.badges):
        if b.x <= x <= b.x + b.w and b.y <= y <= b.y + b.h:
            return ("badge", i)
    s = f.scale
    if f.score_label and f.score_y <= y <= f.score_y + S.SCORE_HEIGHT * s:
        return ("score", 0)
    t = card.toggle_rect
    band = S.BAND_HEIGHT * s
    if 0 <= y <= band:
        if t is not None and f.toggle == "+" and f.hidden and x >= t.x - card.rect.x - 6 - 30 * s:
            return ("fold", 0)
        mark = kind_mark(f)
        if mark is not None and x <= mark.label_x:
            return ("kind", 0)
    return None


def _num(v: float) -> str:
    return f"{v:.2f}"


def tip_text(card: Card, target: tuple[str, int], doc: Any, scores: Any = None) -> str:
    """One sentence saying what `target` on `card` is and what its number means."""
    what, index = target
    f = card.face
    node = doc.node(card.id)
    kind = f.kind
    if what == "kind":
        return f"{S.KIND_MARKS.get(kind, '')} marks a {kind}: {KIND_HELP.get(kind, 'a card of the map')}."
    if what == "fold":
        return (f"{f.hidden} card{'s are' if f.hidden != 1 else ' is'} folded under this one; "
                "click its + to show them.")
    argued = (getattr(scores, "argued", None) or {}).get(node.id) if scores is not None else None
    if what == "score":
        opt = next((o for o in getattr(scores, "options", ()) or () if o.node_id == node.id), None)
        overall = getattr(opt, "overall", None)
        if overall is None:
            return "Unweighed: none of this option's consequences has a likelihood and an impact yet, so it has no score."
        return (f"Score {overall:+.2f}: this option's overall value, the expected impact of its consequences "
                "averaged over the perspectives by their weights (the bar runs from the lowest option to the highest).")
    badge = f.badges[index]
    if badge.role == "unweighed":
        if kind in _STRENGTH_VERB:
            return f"Strength not weighed: this {kind} moves no likelihood until it is given a strength in the inspector."
        return "Likelihood not weighed: this consequence counts in no score until it is given a likelihood in the inspector."
    if badge.role == "likelihood":
        parent = doc.node(node.parent).kind if node.parent and doc.has_node(node.parent) else None
        above = getattr(parent, "value", parent) or "card above it"
        meaning = f"how likely this {kind} is to follow from the {above} above it (0 never, 1 certainly)"
        if node.remainder:
            head = "Likelihood: the rest, what the other outcomes of its scenario leave of 1"
            head += f" ({_num(argued)} after its pros and cons)" if argued is not None else ""
            return f"{head}: {meaning}."
        if argued is not None and (node.likelihood is None or abs(argued - node.likelihood) > 0.005):
            given = f"{_num(node.likelihood)} as weighed, " if node.likelihood is not None else ""
            return f"Likelihood {given}{_num(argued)} after its pros and cons: {meaning}."
        return f"Likelihood {_num(node.likelihood)}: {meaning}."
    if badge.role == "strength":
        verb = _STRENGTH_VERB.get(kind, "bears on")
        meaning = f"how strongly this {kind} {verb} the claim it hangs under (0 not at all, 1 conclusively)"
        if argued is not None and abs(argued - node.strength) > 0.005:
            return f"Strength {_num(node.strength)} as weighed, {_num(argued)} after its own pros and cons: {meaning}."
        return f"Strength {_num(node.strength)}: {meaning}."
    # An impact badge: the i-th perspective this node has an impact for.
    shown = [p for p in doc.perspectives if node.impact and node.impact.get(p.id) is not None]
    impacts = [b for b in f.badges[:index] if b.role == "impact"]
    if len(impacts) < len(shown):
        p = shown[len(impacts)]
        v = node.impact[p.id]
        scale = doc.impact_scale
        value = f"{v:+g}" if v else "0"
        return (f"Impact for {p.name} {value}: how good (+) or bad (−) this {kind} is for {p.name} if it happens, "
                f"on the map's scale from {scale.min:g} to {scale.max:+g} {scale.unit}.")
    return badge.text


def card_tip(view: QGraphicsView, view_pos: QPointF) -> str | None:
    """The tooltip sentence for what is under `view_pos` on the canvas `view`, or None (not a mark)."""
    item = next((i for i in view.items(view_pos.toPoint()) if isinstance(i, CardItem)), None)
    if item is None or item.card.face.far:
        return None
    lod = level_of_detail_of(view)
    if lod < LOD_TEXT:
        return None
    at = item.mapFromScene(view.mapToScene(view_pos.toPoint()))
    target = tip_target(item.card, at.x(), at.y())
    session = getattr(view, "session", None)
    if target is None or session is None or not session.document.has_node(item.card.id):
        return None
    return tip_text(item.card, target, session.document, getattr(view, "scores", None))


def level_of_detail_of(view: QGraphicsView) -> float:
    t = view.transform()
    return abs(t.m11() * t.m22() - t.m12() * t.m21()) ** 0.5


class _Tips(QObject):
    """Shows a card mark's meaning when the pointer rests on it; anything else goes on to the view.

    A child of the view's viewport, holding no reference to the view (it finds it as the viewport's parent).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            viewport = self.parent()
            view = viewport.parent() if viewport is not None else None
            if isinstance(view, QGraphicsView):
                text = card_tip(view, QPointF(event.pos()))
                if text:
                    QToolTip.showText(event.globalPos(), qt_tooltip(text), viewport)
                    return True
        return False


def install_tips(view: QGraphicsView) -> None:
    """Make hovering the marks on `view`'s cards (badges, score, kind letter, fold count) explain them."""
    viewport = view.viewport()
    if viewport.findChild(_Tips) is None:
        viewport.installEventFilter(_Tips(viewport))
