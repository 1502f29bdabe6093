"""The outline: the map as a tree view, kept in step with the session edit by edit.

The model keeps its own copy of the tree's shape (children per parent), so that
after an edit it can tell views which rows went and came, without resetting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from argmap.errors import ArgmapError, NotFoundError
from argmap.gui.session import Session
from argmap.model import edits as E
from argmap.model.document import Document, Kind, Node
from argmap.model.markers import marker_help, marker_label, markers
from argmap.model.summary import weight_parts
from argmap.textsafe import qt_plain, qt_tooltip

__all__ = ["OutlineModel", "OutlineView", "KIND_COLORS", "kind_icon", "NODE_MIME"]

NODE_MIME = "application/x-argmap-node-ids"
_Index = QModelIndex | QPersistentModelIndex

try:  # the canvas's colours, so that the outline's badges match the cards
    from argmap.render.style import KIND_COLORS as _CARD_COLORS

    KIND_COLORS: dict[Kind, str] = {k: _CARD_COLORS[k.value][0] for k in Kind}
except (ImportError, KeyError):
    KIND_COLORS = {
        Kind.QUESTION: "#34495e", Kind.OPTION: "#5e35b1", Kind.CONSEQUENCE: "#b26500", Kind.SCENARIO: "#00796b",
        Kind.PRO: "#2e7d32", Kind.CON: "#c62828", Kind.EVIDENCE: "#546e7a", Kind.NOTE: "#8d7b00",
    }
_LETTERS = {Kind.QUESTION: "?", Kind.OPTION: "O", Kind.CONSEQUENCE: "C", Kind.SCENARIO: "S",
            Kind.PRO: "+", Kind.CON: "−", Kind.EVIDENCE: "E", Kind.NOTE: "N"}
_icons: dict[Kind, QIcon] = {}

COLUMNS = ("Node", "Kind", "Weights")
TEXT_SHARE = 0.55  # the part of a narrow outline's width the text column keeps
TEXT_LEAST = 220  # and the least width it keeps, in pixels
COLUMN_TIPS = (
    "The map as a tree: each row is one card, indented under the card it answers, follows from or argues about.",
    "What sort of card the row is: question, option, consequence, scenario (a fork of outcomes), pro, con, "
    "evidence or note.",
    "The numbers typed on the card: p is the chance it happens (0 to 1), s is how strong an argument is (0 to 1), "
    "and a side's name with + or − says how good or bad it is for that side.",
)
_KIND_TIPS = {
    Kind.QUESTION: "the decision the map is about",
    Kind.OPTION: "one answer to the question; options are ranked against each other",
    Kind.CONSEQUENCE: "something that may happen if the card above it happens",
    Kind.SCENARIO: "a fork: exactly one of the outcomes under it happens, so their chances add up to 1",
    Kind.PRO: "an argument that makes the card above it more believable",
    Kind.CON: "an argument that makes the card above it less believable",
    Kind.EVIDENCE: "a fact or quote that backs the card above it",
    Kind.NOTE: "a remark; it does not count in any score",
}

_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_USER = Qt.ItemDataRole.UserRole
_ROLES = frozenset({_DISPLAY, _DECORATION, Qt.ItemDataRole.ToolTipRole, _USER})
_DROP_ONLY = Qt.ItemFlag.ItemIsDropEnabled
_ROOT_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
_NODE_FLAGS = _ROOT_FLAGS | Qt.ItemFlag.ItemIsDragEnabled


def kind_icon(kind: Kind) -> QIcon:
    """A small round badge in the kind's colour with its letter."""
    if kind not in _icons:
        pix = QPixmap(16, 16)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(QColor(KIND_COLORS[kind]))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(1, 1, 14, 14)
        p.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(10)
        font.setBold(True)
        p.setFont(font)
        p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, _LETTERS[kind])
        p.end()
        _icons[kind] = QIcon(pix)
    return _icons[kind]


def weights_text(doc: Document, node: Node) -> str:
    """The node's weights in a few characters: p, strength, impacts."""
    return " · ".join(weight_parts(doc, node, compact=True))


def weights_tip(doc: Document, node: Node) -> str:
    """One plain sentence for each number in the node's Weights cell."""
    names = {p.id: p.name for p in doc.perspectives}
    lines = []
    if node.likelihood is not None:
        lines.append(f"p {node.likelihood:.2f}: the chance this happens if the card above it happens "
                     f"({node.likelihood:.0%}).")
    elif node.remainder:
        lines.append("p rest: its chance is whatever the other outcomes of the fork leave over, so they add up to 1.")
    if node.strength is not None:
        lines.append(f"s {node.strength:.2f}: how strong this argument is on its own, from 0 (worthless) to 1 "
                     f"(decisive).")
    scale = doc.impact_scale
    for pid, value in node.impact.items():
        name = names.get(pid, pid)
        lines.append(f"{name[:3]} {value:+g}: how {'good' if value >= 0 else 'bad'} this is for {name} if it "
                     f"happens, on a scale from {scale.min:g} to {scale.max:g} {scale.unit}.")
    return "\n".join(lines) or "No numbers on this card yet: it is left out of the scores until it has them."


class OutlineModel(QAbstractItemModel):
    """The session's document as a tree model whose rows are node ids."""

    #: A drag-and-drop move was refused; the argument says why.
    move_refused = Signal(str)
    #: The rows are in step with an edit again (emitted after the rows moved for it).
    rows_synced = Signal()

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        #: True while rows are being moved for an edit (the view then ignores the selection it loses).
        self.syncing_rows = False
        self._kids: dict[str | None, list[str]] = {}
        self._parent: dict[str, str | None] = {}
        self._row: dict[str, int] = {}
        self._ids: dict[str, int] = {}  # node id -> number stored in the index
        self._names: list[str] = []  # number -> node id
        self._rebuild()
        session.document_replaced.connect(self._on_session_replaced)
        session.document_changed.connect(self._on_session_changed)

    # -- the shadow tree ---------------------------------------------------------

    @property
    def doc(self) -> Document:
        return self.session.document

    def _number(self, node_id: str) -> int:
        n = self._ids.get(node_id)
        if n is None:
            n = len(self._names) + 1
            self._ids[node_id] = n
            self._names.append(node_id)
        return n

    def _rebuild(self) -> None:
        self._kids = {}
        self._parent = {}
        self._row = {}
        root = self.doc.root()
        self._kids[None] = [root.id] if root else []
        self._renumber(None)
        for node in (self.doc.walk(root.id) if root else ()):
            self._adopt(node.id, node.parent if node.id != root.id else None, subtree=False)

    def _adopt(self, node_id: str, parent: str | None, subtree: bool = True) -> None:
        """Record `node_id` (already placed in its parent's list) and its children from the document."""
        stack = [(node_id, parent)]
        while stack:
            nid, par = stack.pop()
            self._parent[nid] = par
            self._number(nid)
            kids = [c.id for c in self.doc.children(nid)]
            self._kids[nid] = kids
            for i, k in enumerate(kids):
                self._row[k] = i
            if subtree:
                stack.extend((k, nid) for k in kids)

    def _forget(self, node_id: str) -> None:
        stack = [node_id]
        while stack:
            nid = stack.pop()
            stack.extend(self._kids.pop(nid, []))
            self._parent.pop(nid, None)
            self._row.pop(nid, None)

    def _renumber(self, parent: str | None) -> None:
        for i, k in enumerate(self._kids.get(parent, [])):
            self._row[k] = i

    def index_of(self, node_id: str, column: int = 0) -> QModelIndex:
        """The model index of a node (invalid when the node is not in the tree)."""
        if node_id not in self._parent:
            return QModelIndex()
        return self.createIndex(self._row[node_id], column, self._ids[node_id])

    def node_id(self, index: _Index) -> str | None:
        if not index.isValid():
            return None
        return self._names[index.internalId() - 1]

    # -- keeping in step with edits -----------------------------------------------

    def _on_session_replaced(self) -> None:
        self.syncing_rows = True
        try:
            self.beginResetModel()
            self._rebuild()
            self.endResetModel()
        finally:
            self.syncing_rows = False
        self.rows_synced.emit()

    def _on_session_changed(self, edit: Any) -> None:
        parents: list[str | None] = []
        touched: list[str] = []
        if not self._collect(edit, parents, touched):
            self._on_session_replaced()
            return
        self.syncing_rows = True
        try:
            for parent in dict.fromkeys(parents):
                if parent is None or parent in self._parent:
                    self._sync(parent)
        finally:
            self.syncing_rows = False
        if parents:
            self.rows_synced.emit()
        last = self.columnCount() - 1
        for node_id in dict.fromkeys(touched):
            if node_id in self._parent:
                self.dataChanged.emit(self.index_of(node_id), self.index_of(node_id, last))

    def _collect(self, edit: Any, parents: list[str | None], touched: list[str]) -> bool:
        """Gather the parents whose children an edit changed; False when it is not known how."""
        doc = self.doc
        if isinstance(edit, E.Batch):
            return all(self._collect(e, parents, touched) for e in edit.edits)
        if isinstance(edit, E.AddNode):
            parents.append(edit.node.parent)
            if edit.node.parent is None:
                return False
        elif isinstance(edit, E.DeleteBranch):
            if edit.node_id not in self._parent:
                return False
            parents.append(self._parent[edit.node_id])
        elif isinstance(edit, E.RestoreBranch):
            if not doc.has_node(edit.node_id):
                return False
            parents.append(doc.node(edit.node_id).parent)
        elif isinstance(edit, E.MoveNode):
            parents.append(self._parent.get(edit.node_id))
            parents.append(edit.parent)
        elif isinstance(edit, (E.RemovePerspective, E.AddPerspective, E.SetPerspective)):
            touched.extend(self._parent)
        elif hasattr(edit, "node_id") and isinstance(edit.node_id, str):
            touched.append(edit.node_id)
        return True

    def _sync(self, parent: str | None) -> None:
        """Bring one parent's rows in line with the document, announcing each change."""
        if parent is None:
            root = self.doc.root()
            new = [root.id] if root else []
        else:
            new = [c.id for c in self.doc.children(parent)] if self.doc.has_node(parent) else []
        pidx = QModelIndex() if parent is None else self.index_of(parent)
        old = self._kids.setdefault(parent, [])
        wanted = set(new)
        # Rows that left this parent.
        i = len(old) - 1
        while i >= 0:
            if old[i] not in wanted:
                j = i
                while j > 0 and old[j - 1] not in wanted:
                    j -= 1
                self.beginRemoveRows(pidx, j, i)
                for nid in old[j:i + 1]:
                    if self._parent.get(nid, "") == parent:
                        self._forget(nid)
                del old[j:i + 1]
                self._renumber(parent)
                self.endRemoveRows()
                i = j
            i -= 1
        # Rows that came, or moved within.
        for pos, nid in enumerate(new):
            if pos < len(old) and old[pos] == nid:
                continue
            if nid in old:
                src = old.index(nid)
                self.beginMoveRows(pidx, src, src, pidx, pos)
                old.insert(pos, old.pop(src))
                self._renumber(parent)
                self.endMoveRows()
                continue
            if nid in self._parent:  # it still sits under another parent: take it out there first
                self._detach(nid)
                pidx = QModelIndex() if parent is None else self.index_of(parent)
            self.beginInsertRows(pidx, pos, pos)
            old.insert(pos, nid)
            self._renumber(parent)
            self._adopt(nid, parent)
            self.endInsertRows()

    def _detach(self, node_id: str) -> None:
        parent = self._parent[node_id]
        siblings = self._kids[parent]
        row = siblings.index(node_id)
        self.beginRemoveRows(QModelIndex() if parent is None else self.index_of(parent), row, row)
        del siblings[row]
        self._forget(node_id)
        self._renumber(parent)
        self.endRemoveRows()

    # -- QAbstractItemModel ---------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        kids = self._kids.get(self.node_id(parent))
        if kids is None or not 0 <= row < len(kids) or not 0 <= column < len(COLUMNS):
            return QModelIndex()
        return self.createIndex(row, column, self._ids[kids[row]])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node_id = self.node_id(index)
        if node_id is None:
            return QModelIndex()
        parent = self._parent.get(node_id)
        return QModelIndex() if parent is None else self.index_of(parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._kids.get(self.node_id(parent), ()))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell on every repaint: answer the unused ones first.
        if role not in _ROLES or not index.isValid():
            return None
        node_id = self._names[index.internalId() - 1]
        if role == _USER:
            return node_id
        try:
            node = self.session.document.node(node_id)
        except NotFoundError:
            return None
        col = index.column()
        if role == _DISPLAY:
            if col == 0:
                label = qt_plain(node.label.replace("\n", " ")) or f"({node.kind.value})"
                marks = markers(node) if node.tags else ()
                return label + "".join(f"  [{marker_label(m)}]" for m in marks)
            if col == 1:
                return node.kind.value
            return weights_text(self.session.document, node)
        if col != 0:
            if role != Qt.ItemDataRole.ToolTipRole:
                return None
            if col == 1:
                return f"A {node.kind.value}: {_KIND_TIPS[node.kind]}."
            return qt_tooltip(weights_tip(self.session.document, node))
        if role == _DECORATION:
            return kind_icon(node.kind)
        tip = f"{node.kind.value}: {node.text}"  # tooltip
        for m in markers(node) if node.tags else ():
            tip += f"\n{marker_label(m)}: {marker_help(m)}"
        return qt_tooltip(tip)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _DROP_ONLY
        if self._parent.get(self._names[index.internalId() - 1]) is None:
            return _ROOT_FLAGS
        return _NODE_FLAGS

    # -- drag and drop: reparent through MoveNode ----------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [NODE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(i for i in (self.node_id(x) for x in indexes) if i))
        mime = QMimeData()
        mime.setData(NODE_MIME, "\n".join(ids).encode("utf-8"))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        return data.hasFormat(NODE_MIME) and parent.isValid()

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        target = self.node_id(parent)
        if not data.hasFormat(NODE_MIME) or target is None:
            return False
        ids = [i for i in bytes(data.data(NODE_MIME).data()).decode("utf-8").split("\n") if i]
        self.move_nodes(ids, target, row if row >= 0 else None)
        return False  # the model follows the edit itself; Qt must not remove the dragged rows

    def move_nodes(self, ids: list[str], target: str, row: int | None = None) -> bool:
        """Move nodes under `target` (before sibling `row`, or last) as one undoable step."""
        moves: list[Any] = []
        index = row
        for node_id in ids:
            if not self.doc.has_node(node_id):
                continue
            if index is not None and self._parent.get(node_id) == target and self._row[node_id] < row:  # type: ignore[operator]
                index -= 1
            moves.append(E.MoveNode(node_id, target, index))
            if index is not None:
                index += 1
        if not moves:
            return False
        try:
            self.session.apply(moves[0] if len(moves) == 1 else E.Batch(tuple(moves)), "Move")
        except ArgmapError as err:
            self.move_refused.emit(err.message)
            return False
        return True


class OutlineView(QTreeView):
    """A tree view of the outline model whose selection follows the session's, and back."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.outline = OutlineModel(session, self)
        self.setModel(self.outline)
        self.setObjectName("outline")
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        self._column_timer = QTimer(self)  # sizes the columns once a change or a resize has settled
        self._column_timer.setSingleShot(True)
        self._column_timer.setInterval(0)
        self._column_timer.timeout.connect(self._size_columns)
        self._size_columns()
        for signal in (self.outline.dataChanged, self.outline.rowsInserted, self.outline.modelReset,
                       self.expanded):
            signal.connect(lambda *_: self._column_timer.start())
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for column in (1, 2):  # right-click the header to show or hide the Kind and Weights columns
            act = QAction(COLUMNS[column], header)
            act.setCheckable(True)
            act.setChecked(True)
            act.toggled.connect(lambda on, c=column: (self.setColumnHidden(c, not on), self._column_timer.start()))
            header.addAction(act)
        self._syncing = False
        # While the model moves rows for an edit the view drops their selection on its own: that is no
        # choice of the user's, so it is not passed on, and the session's selection is shown again after.
        self.outline.rows_synced.connect(lambda: self._on_session_selection_changed(self.session.selection))
        self.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        session.selection_changed.connect(self._on_session_selection_changed)
        session.document_replaced.connect(self._expand_initial)
        self.outline.rowsInserted.connect(self._on_rows_inserted)
        self._expand_initial()

    def _size_columns(self) -> None:
        """The text column takes the width the others leave; Kind and Weights fit their contents.

        In a narrow pane the two give way (their cells' tooltips hold the whole text) so that the
        text column keeps TEXT_SHARE of the width, and at least TEXT_LEAST pixels (the whole
        width of a narrower pane): there the numbers are a scroll away rather than the text cut
        to a few letters.
        """
        header = self.header()
        shown = [c for c in (1, 2) if not self.isColumnHidden(c)]
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        wanted = {c: max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in shown}
        width = self.viewport().width()
        text = max(int(width * TEXT_SHARE), min(TEXT_LEAST, width))
        room = width - text
        total = sum(wanted.values())
        sizes = {c: w if total <= room else max(header.minimumSectionSize(), w * max(room, 0) // total)
                 for c, w in wanted.items()}
        if width - sum(sizes.values()) >= text:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:  # too narrow for all three: the text keeps its least width, the pane scrolls sideways
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(0, text)
        for column, size in sizes.items():
            if header.sectionSize(column) != size:
                header.resizeSection(column, size)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._size_columns()

    def restore_header(self, state: QByteArray) -> None:
        """Restore which columns are shown (saved by header().saveState()); the sizing rules stay this view's."""
        header = self.header()
        header.restoreState(state)
        self._size_columns()
        for column, act in zip((1, 2), header.actions()):
            act.setChecked(not self.isColumnHidden(column))

    def _expand_initial(self) -> None:
        if len(self.session.document.nodes) <= 500:
            self.expandAll()
        else:
            self.expandToDepth(1)
        self._on_session_selection_changed(self.session.selection)

    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            self.expand(parent)

    def _on_view_selection_changed(self, *_: Any) -> None:
        if self._syncing or self.outline.syncing_rows:
            return
        rows = self.selectionModel().selectedRows(0)
        ids = [self.outline.node_id(i) for i in rows]
        current = self.outline.node_id(self.currentIndex())
        ordered = [i for i in ids if i]
        if current in ordered:
            ordered.remove(current)
            ordered.insert(0, current)
        self._syncing = True
        try:
            self.session.select(ordered)
        finally:
            self._syncing = False

    def _on_session_selection_changed(self, ids: list[str]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            selection = QItemSelection()
            for node_id in ids:
                idx = self.outline.index_of(node_id)
                if idx.isValid():
                    selection.select(idx, self.outline.index_of(node_id, self.outline.columnCount() - 1))
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.selectionModel().select(selection, flags)
            if ids:
                current = self.outline.index_of(ids[0])
                if current.isValid():
                    parent = current.parent()
                    while parent.isValid():
                        self.expand(parent)
                        parent = parent.parent()
                    self.selectionModel().setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
                    self.scrollTo(current)
        finally:
            self._syncing = False
