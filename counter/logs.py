"""Security log: one JSON object per line, UTC timestamps.

User input is only ever a JSON string value, so a newline or a quote typed by someone
cannot forge a log line.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

logger = logging.getLogger("counter.security")
if not logger.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(_handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def log_event(event: str, **fields: Any) -> str:
    """Write one line (and return it, for tests)."""
    record = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event}
    record.update({key: value if isinstance(value, int | float | bool) or value is None
                   else str(value) for key, value in fields.items()})
    line = json.dumps(record, ensure_ascii=True, sort_keys=False)
    logger.info(line)
    return line
