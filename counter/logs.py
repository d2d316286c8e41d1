"""Security log: one JSON object per line, UTC timestamps; and log records nobody can forge.

User input is only ever a JSON string value, so a newline or a quote typed by someone
cannot forge a line of the security log. The framework's own records (Reflex, granian, any
library) are plain text that often repeats what a client sent: an event argument, a
JavaScript error text, an exception message. `install_log_escaping` makes every record of
the process escape CR, LF and the other control characters in its message, arguments,
exception text and stack, so a record is always one line and a newline never starts a
record (SECURITY 37). It runs when this module is imported, i.e. in every worker process
that loads the app, and again at startup.
"""

from __future__ import annotations

import json
import logging
import os
import re
import traceback
from datetime import UTC, datetime
from typing import Any

# C0 controls (CR, LF, tab, ESC...), DEL, C1 controls (NEL...), and the Unicode line and
# paragraph separators: all of them can end a line in some reader, or repaint a terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_log_text(text: str) -> str:
    """The text on one line: each control character written as an escape such as \\n."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}")
                        if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def _escaped_argument(value: Any) -> Any:
    if isinstance(value, int | float | bool) or value is None:
        return value
    return escape_log_text(value if isinstance(value, str) else str(value))


def escape_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record on one line (in place): message and arguments escaped, and the exception
    and stack, which formatters would print on lines of their own, escaped into the message.
    """
    record.msg = escape_log_text(record.msg if isinstance(record.msg, str) else str(record.msg))
    if isinstance(record.args, dict):
        record.args = {key: _escaped_argument(value) for key, value in record.args.items()}
    elif record.args:
        record.args = tuple(_escaped_argument(value) for value in record.args)
    tails = []
    if record.exc_info and record.exc_info[1] is not None:
        tails.append("".join(traceback.format_exception(*record.exc_info)))
    elif record.exc_text:
        tails.append(record.exc_text)
    if record.stack_info:
        tails.append(record.stack_info)
    for tail in tails:
        text = escape_log_text(tail.rstrip("\n"))
        record.msg += " | " + (text.replace("%", "%%") if record.args else text)
    record.exc_info, record.exc_text, record.stack_info = None, None, None
    return record


class _EscapingFactory:
    """A log record factory that escapes each record as it is made, whatever its logger."""

    def __init__(self, make: Any) -> None:
        self.make = make

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return escape_record(self.make(*args, **kwargs))


def _unwrap_framework_consoles() -> None:
    """Reflex prints its records through rich consoles, which wrap long lines at 80 columns
    when the output is a file or a pipe: the wrapped part of a record would start a line with
    text that a client chose. Soft wrapping keeps each record on its line."""
    try:
        from reflex_base.utils import log as reflex_log
    except ImportError:  # another Reflex layout: nothing of this kind to adjust
        return
    for name in ("_console", "_console_stderr"):
        console = getattr(reflex_log, name, None)
        if console is not None:
            console.soft_wrap = True


def install_log_escaping() -> None:
    """Every log record of this process is escaped when it is made, and the framework's
    consoles never wrap a record onto a second line (idempotent)."""
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _EscapingFactory):
        logging.setLogRecordFactory(_EscapingFactory(factory))
    _unwrap_framework_consoles()


install_log_escaping()

logger = logging.getLogger("counter.security")
if not logger.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(_handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def json_logs() -> bool:
    """Whether every record of this process is a JSON line: `REFLEX_LOG_JSON`, the variable
    Reflex reads for its own records and granian's; `serve --prebuilt` and `jobs` turn it on
    unless the operator set it (issue 14, point 6)."""
    return os.environ.get("REFLEX_LOG_JSON", "").strip().lower() in {"1", "true", "yes", "on"}


def install_json_logs() -> None:
    """In JSON mode, a record of any logger without a handler of its own (SQLAlchemy,
    Alembic, the product's) is written as Reflex writes its own: one JSON object per line
    (timestamp, level, logger, message, location, pid). Idempotent; nothing otherwise."""
    if not json_logs():
        return
    from reflex_base.utils.log import JsonHandler

    root = logging.getLogger()
    if not any(isinstance(handler, JsonHandler) for handler in root.handlers):
        root.addHandler(JsonHandler())
    logging.captureWarnings(True)  # a library's warning too, not a bare stderr line


_said = logging.getLogger("counter.cli")
_said.setLevel(logging.INFO)


def say(message: str) -> None:
    """A command's message to the operator: printed, or in JSON mode one record (so a
    production log has no plain-text line)."""
    if json_logs():
        install_json_logs()
        _said.info(message)
    else:
        print(message, flush=True)


def log_event(event: str, **fields: Any) -> str:
    """Write one line (and return it, for tests)."""
    record = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event}
    record.update({key: value if isinstance(value, int | float | bool) or value is None
                   else str(value) for key, value in fields.items()})
    line = json.dumps(record, ensure_ascii=True, sort_keys=False)
    logger.info(line)
    return line
