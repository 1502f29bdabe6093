"""Regenerate resources/argmap.schema.json from the document model."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.io.jsondoc import schema  # noqa: E402
from argmap.paths import RESOURCES  # noqa: E402

out = RESOURCES / "argmap.schema.json"
out.write_text(json.dumps(schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(out)
