"""The graphics items of the map canvas; each draws with `argmap.render.painter`."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from argmap.render.painter import MARK_MARGIN, edge_path, paint_card, paint_edges, paint_links, paint_overview
from argmap.render.scene import Card, Edge, LinkPath, Scene

__all__ = ["CardItem", "FanItem", "LinksItem", "OverviewItem"]

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
        paint_card(painter, self.card, lod, self.is_selected, self.is_target)
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
        paint_edges(painter, self.edges, lod, self._paths)


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
        paint_links(painter, self.links, lod)


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
            paint_overview(painter, self.scene_data, self.selected)
