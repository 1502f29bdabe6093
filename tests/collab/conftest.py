"""Three peers sharing a small map."""

from __future__ import annotations

import pytest
from livepeers import share_three


@pytest.fixture
def peers():
    return share_three()
