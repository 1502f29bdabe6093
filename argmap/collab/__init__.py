"""Live sharing of a map through a Yjs document (pycrdt): core, no Qt.

Nothing here is imported unless a map is shared.
"""

from argmap.collab.live import LiveDoc
from argmap.collab.mirror import Mirror, resolve
from argmap.collab.remote import RemoteEdit
from argmap.collab.state import canonical, doc_state, state_doc

__all__ = ["LiveDoc", "Mirror", "RemoteEdit", "resolve", "canonical", "doc_state", "state_doc"]
