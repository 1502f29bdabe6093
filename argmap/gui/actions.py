"""The map-editing actions: add child or sibling, delete, clipboard, reorder, collapse, kind.

The actions whose keys text fields also use (Tab, Enter, Delete, Ctrl+X/C/V, Alt+arrows)
fire only while the canvas or the outline has focus: they are widget-context
shortcuts added to those two widgets, so a text box in a dock keeps its keys.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from argmap.errors import ArgmapError
from argmap.gui import clipboard
from argmap.gui.session import Session
from argmap.model import edits as E
from argmap.model.document import Kind, Node
from argmap.model.rules import ALLOWED_CHILDREN

__all__ = ["EditActions", "CHILD_KIND", "ADD_KIND_KEYS", "default_child_kind"]

#: The kind a new child gets under each kind of parent (Tab).
CHILD_KIND: dict[Kind, Kind] = {
    Kind.QUESTION: Kind.OPTION,
    Kind.OPTION: Kind.CONSEQUENCE,
    Kind.CONSEQUENCE: Kind.CONSEQUENCE,
    Kind.SCENARIO: Kind.CONSEQUENCE,
    Kind.PRO: Kind.PRO,
    Kind.CON: Kind.PRO,
    Kind.EVIDENCE: Kind.PRO,
    Kind.NOTE: Kind.NOTE,
}

def default_child_kind(parent: Kind) -> Kind:
    return CHILD_KIND[parent]


#: The keys that add a child of a kind (canvas or outline focused; no key here types text there).
ADD_KIND_KEYS: dict[Kind, str] = {
    Kind.PRO: "+",
    Kind.CON: "-",
    Kind.EVIDENCE: "E",
    Kind.CONSEQUENCE: "C",
    Kind.SCENARIO: "F",  # a fork of outcomes
    Kind.OPTION: "O",
    Kind.NOTE: "N",
}


def _article(kind: Kind) -> str:
    return ("an " if kind.value[0] in "aeiou" else "a ") + kind.value


class EditActions(QObject):
    """The Map and Edit menus' editing actions over one session."""

    #: A status-bar message (e.g. why an action was refused).
    message = Signal(str)

    def __init__(self, session: Session, parent: QWidget, canvas: Callable[[], Any]) -> None:
        super().__init__(parent)
        self.session = session
        self._canvas = canvas
        self._focus_widgets: list[QWidget] = []
        local = Qt.ShortcutContext.WidgetShortcut
        self.add_child = self._action("Add &Child", self.do_add_child,
                                      [QKeySequence(Qt.Key.Key_Tab), QKeySequence(Qt.Key.Key_Insert)], local)
        self.add_sibling = self._action("Add &Sibling", self.do_add_sibling,
                                        [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)], local)
        self.edit_text = self._action("&Edit Text", self.do_edit_text, [QKeySequence(Qt.Key.Key_F2)], local)
        self.delete = self._action("&Delete", self.do_delete,
                                   [QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)], local)
        self.cut = self._action("Cu&t Branch", self.do_cut, [QKeySequence(QKeySequence.StandardKey.Cut)], local)
        self.copy = self._action("&Copy Branch", self.do_copy, [QKeySequence(QKeySequence.StandardKey.Copy)], local)
        self.paste = self._action("&Paste Branch", self.do_paste, [QKeySequence(QKeySequence.StandardKey.Paste)], local)
        self.move_up = self._action("Move &Up", lambda: self.do_move(-1), [QKeySequence("Alt+Up")], local)
        self.move_down = self._action("Move Do&wn", lambda: self.do_move(1), [QKeySequence("Alt+Down")], local)
        self.collapse = self._action("C&ollapse", lambda: self.do_collapse(True), [QKeySequence("Ctrl+[")], local)
        self.expand = self._action("E&xpand", lambda: self.do_collapse(False), [QKeySequence("Ctrl+]")], local)
        # Keys for kinds (canvas or outline focused): add a child of that kind under the selected node.
        self.add_kind: dict[Kind, QAction] = {}
        for kind, key in ADD_KIND_KEYS.items():
            where = "under the question" if kind is Kind.OPTION else "under the selected node"
            act = self._action(f"Add {kind.value.capitalize()}", lambda k=kind: self.do_add_kind(k),
                               [QKeySequence(key)], local)
            act.setToolTip(f"Add {_article(kind)} {where} ({key})")
            self.add_kind[kind] = act
        self.kind_group = QActionGroup(self)
        self.kinds: dict[Kind, QAction] = {}
        for kind in Kind:
            act = QAction(kind.value.capitalize(), self)
            act.setCheckable(True)
            act.triggered.connect(lambda _=False, k=kind: self.do_set_kind(k))
            self.kind_group.addAction(act)
            self.kinds[kind] = act
        session.selection_changed.connect(self._update)
        session.document_changed.connect(self._update)
        session.document_replaced.connect(self._update)
        self._update()

    def _action(self, text: str, slot: Callable[[], Any], keys: list[QKeySequence],
                context: Qt.ShortcutContext) -> QAction:
        act = QAction(text, self)
        act.setShortcuts(keys)
        act.setShortcutContext(context)
        act.triggered.connect(lambda _=False: slot())
        return act

    @property
    def widget_actions(self) -> list[QAction]:
        return [self.add_child, self.add_sibling, self.edit_text, self.delete, self.cut, self.copy, self.paste,
                self.move_up, self.move_down, self.collapse, self.expand, *self.add_kind.values()]

    def attach(self, widget: QWidget) -> None:
        """Let the focus-bound shortcuts fire while `widget` has focus."""
        for act in self.widget_actions:
            widget.addAction(act)
        self._focus_widgets.append(widget)

    # -- state ---------------------------------------------------------------------

    def _current(self) -> Node | None:
        cur = self.session.current
        return self.session.document.node(cur) if cur and self.session.document.has_node(cur) else None

    def fitting_kinds(self) -> list[Kind]:
        """The kinds Add Child of Kind can add now: those the selected node (or the question) may hold,
        and an option whenever there is a question."""
        doc = self.session.document
        parent = self._current() or doc.root()
        if parent is None:
            return []
        return [kind for kind in self.add_kind
                if kind in ALLOWED_CHILDREN[parent.kind] or (kind is Kind.OPTION and doc.root() is not None)]

    def fill_add_menu(self, menu: Any) -> None:
        """Fill a drop-down (the Add Child button's) with the kinds that fit the selected node."""
        menu.clear()
        for kind in self.fitting_kinds():
            menu.addAction(self.add_kind[kind])

    def _update(self, *_: Any) -> None:
        node = self._current()
        doc = self.session.document
        has = node is not None
        not_root = has and node.parent is not None  # type: ignore[union-attr]
        for act in (self.edit_text, self.copy, self.add_sibling):  # Enter on the question explains itself
            act.setEnabled(has)
        for act in (self.delete, self.cut, self.move_up, self.move_down):
            act.setEnabled(not_root)
        self.add_child.setEnabled(has or doc.root() is not None)
        self.paste.setEnabled(has)
        self.collapse.setEnabled(has and bool(doc.children(node.id)))  # type: ignore[union-attr]
        self.expand.setEnabled(has and bool(doc.children(node.id)))  # type: ignore[union-attr]
        parent_kind = doc.parent(node.id).kind if not_root else None  # type: ignore[union-attr]
        for kind, act in self.kinds.items():
            allowed = has and (kind is Kind.QUESTION if parent_kind is None else kind in ALLOWED_CHILDREN[parent_kind])
            act.setEnabled(bool(allowed))
            act.setChecked(has and node.kind is kind)  # type: ignore[union-attr]

    def _apply(self, edit: Any, text: str) -> bool:
        refused = self.session.try_apply(edit, text)
        if refused:
            self.message.emit(refused)
        return not refused

    def _start_editing(self, node_id: str) -> None:
        self._canvas().edit_text(node_id)

    # -- the actions -----------------------------------------------------------------

    def _new_node(self, kind: Kind, parent: str) -> Node:
        doc = self.session.document
        return Node(id=doc.new_id(), kind=kind, text=f"New {kind.value}", parent=parent)

    def do_add_child(self) -> str | None:
        """Add a child of the current node (the root when nothing is selected) and edit its text."""
        doc = self.session.document
        parent = self._current() or doc.root()
        if parent is None:
            return None
        node = self._new_node(default_child_kind(parent.kind), parent.id)
        if not self._apply(E.AddNode(node), f"Add {node.kind.value}"):
            return None
        self.session.select(node.id)
        self._start_editing(node.id)
        return node.id

    def do_add_kind(self, kind: Kind) -> str | None:
        """Add a child of this kind under the current node (an option: under the question) and edit its text.

        A kind the current node cannot hold is refused with the reason in the status bar.
        """
        doc = self.session.document
        parent = doc.root() if kind is Kind.OPTION else (self._current() or doc.root())
        if parent is None:
            return None
        node = self._new_node(kind, parent.id)
        if not self._apply(E.AddNode(node), f"Add {kind.value}"):
            return None
        self.session.select(node.id)
        self._start_editing(node.id)
        return node.id

    def do_add_sibling(self) -> str | None:
        """Add a node of the current node's kind right after it."""
        cur = self._current()
        if cur is None:
            return None
        if cur.parent is None:
            self.message.emit("The question has no siblings; press Tab to add an option under it.")
            return None
        doc = self.session.document
        row = [c.id for c in doc.children(cur.parent)].index(cur.id)
        node = self._new_node(cur.kind, cur.parent)
        if not self._apply(E.AddNode(node, row + 1), f"Add {node.kind.value}"):
            return None
        self.session.select(node.id)
        self._start_editing(node.id)
        return node.id

    def do_edit_text(self) -> None:
        if self.session.current:
            self._start_editing(self.session.current)

    def _selected_branches(self) -> list[str]:
        """The selected nodes that are not inside another selected node's branch."""
        doc = self.session.document
        chosen = set(self.session.selection)
        return [i for i in self.session.selection
                if doc.has_node(i) and not any(a.id in chosen for a in doc.ancestors(i))]

    def do_delete(self) -> bool:
        """Delete the selected branches (never the question) as one undo step."""
        doc = self.session.document
        ids = self._selected_branches()
        if any(doc.node(i).parent is None for i in ids):
            self.message.emit("The map's question cannot be deleted.")
            ids = [i for i in ids if doc.node(i).parent is not None]
        if not ids:
            return False
        first = doc.node(ids[0])
        siblings = [c.id for c in doc.children(first.parent)]
        row = siblings.index(first.id)
        rest = [s for s in siblings if s not in ids]
        after = rest[min(row, len(rest) - 1)] if rest else first.parent
        edit = E.DeleteBranch(ids[0]) if len(ids) == 1 else E.Batch(tuple(E.DeleteBranch(i) for i in ids))
        n = sum(len(doc.subtree_ids(i)) for i in ids)
        if not self._apply(edit, f"Delete {n} node{'s' if n != 1 else ''}"):
            return False
        self.session.select(after)
        return True

    def do_copy(self) -> bool:
        cur = self.session.current
        if cur is None:
            return False
        clipboard.copy_branch(self.session.document, cur)
        n = len(self.session.document.subtree_ids(cur))
        self.message.emit(f"Copied a branch of {n} node{'s' if n != 1 else ''}.")
        return True

    def do_cut(self) -> bool:
        cur = self._current()
        if cur is None:
            return False
        if cur.parent is None:
            self.message.emit("The map's question cannot be cut.")
            return False
        clipboard.copy_branch(self.session.document, cur.id)
        if not self._apply(E.DeleteBranch(cur.id), "Cut"):
            return False
        self.session.select(cur.parent)
        return True

    def do_paste(self) -> str | None:
        """Paste the clipboard's branch under the current node; returns the new branch's id."""
        cur = self._current()
        if cur is None:
            self.message.emit("Select the node to paste under.")
            return None
        branch = clipboard.clipboard_branch()
        if branch is None:
            return self._paste_lines(cur)
        try:
            edit, new_root, dropped = clipboard.paste_edit(self.session.document, branch, cur.id)
        except ArgmapError as err:
            self.message.emit(f"Cannot paste here: {err.message}")
            return None
        if not self._apply(edit, "Paste"):
            return None
        if dropped:
            self.message.emit(f"Pasted; {dropped} citation(s) or impact(s) left out: this map lacks their source or perspective.")
        self.session.select(new_root)
        return new_root

    def _paste_lines(self, parent: Node) -> str | None:
        """Plain text from elsewhere: each non-empty line becomes a child of the current node."""
        lines = [ln.strip() for ln in clipboard.clipboard_text().splitlines() if ln.strip()]
        if not lines:
            self.message.emit("The clipboard holds nothing to paste.")
            return None
        doc = self.session.document
        kind = default_child_kind(parent.kind)
        ids = clipboard.fresh_ids(doc, len(lines))
        edits = tuple(E.AddNode(Node(id=i, kind=kind, text=text, parent=parent.id)) for i, text in zip(ids, lines))
        if not self._apply(edits[0] if len(edits) == 1 else E.Batch(edits), "Paste text"):
            return None
        self.session.select(ids)
        return ids[0]

    def do_move(self, step: int) -> bool:
        """Move the current node one place up (-1) or down (+1) among its siblings."""
        cur = self._current()
        if cur is None or cur.parent is None:
            return False
        siblings = [c.id for c in self.session.document.children(cur.parent)]
        row = siblings.index(cur.id) + step
        if not 0 <= row < len(siblings):
            self.message.emit("Already the first." if step < 0 else "Already the last.")
            return False
        return self._apply(E.MoveNode(cur.id, cur.parent, row), "Move up" if step < 0 else "Move down")

    def do_collapse(self, collapsed: bool) -> bool:
        cur = self._current()
        if cur is None or not self.session.document.children(cur.id):
            return False
        if (cur.id in self.session.document.view.collapsed) == collapsed:
            return False
        return self._apply(E.SetCollapsed(cur.id, collapsed), "Collapse" if collapsed else "Expand")

    def do_set_kind(self, kind: Kind) -> bool:
        cur = self._current()
        if cur is None or cur.kind is kind:
            return False
        ok = self._apply(E.SetKind(cur.id, kind), f"Make {kind.value}")
        self._update()
        return ok
