"""What a person sees when an event handler fails instead of answering: a short toast that
says what happened and what to do, never a stack trace.

- A malformed event (arguments a page never sends: missing, unknown) is refused before any
  of the app's code runs; it is logged in one line.
- The database unreachable (a restart, a full disk, a lost connection): nothing was saved,
  because every change runs in one transaction; the person is asked to try again.
- The database lost after the handler had committed its change (it was reading the page's
  new contents): the person is told the change was saved and to reload, never that nothing
  was saved.
- Redis unreachable (several workers keep the pages' state there): the page cannot act until
  it is back; nothing saved is lost and no one is logged out.
- Anything else is a bug: logged with its traceback, and the person is told nothing was lost
  that was saved before.
"""

import logging
import traceback
from pathlib import Path

import reflex
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger("champions")

MALFORMED = "This request was not understood. Reload the page and try again."
DATABASE_DOWN = "The database is not reachable right now, so nothing was saved. Please try again in a moment."
STATE_STORE_DOWN = (
    "The service is restarting, so this action was not completed. Reload the page in a moment; "
    "everything you saved is kept."
)
SAVED_NOT_SHOWN = (
    "Your change was saved, but the page could not be updated because the database stopped "
    "answering. Reload the page in a moment to see it."
)
UNEXPECTED = (
    "Something went wrong on our side and this action was not completed. Please try again; "
    "if it keeps happening, tell the secretariat."
)

_REFLEX_DIR = str(Path(reflex.__file__).parent)


def _raised_by_reflex(exception: BaseException) -> bool:
    """True when the innermost frame is Reflex's own (binding the event's arguments)."""
    frames = traceback.extract_tb(exception.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(_REFLEX_DIR)


def _is_redis_outage(exception: BaseException) -> bool:
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeout
    except ImportError:  # Redis is optional (one worker)
        return False
    return isinstance(exception, (RedisConnectionError, RedisTimeout))


class SavedButNotShown(Exception):
    """The database failed after the running handler had committed a change (raised by the
    role guard from the database's own error)."""


def is_database_outage(exception: BaseException) -> bool:
    return isinstance(exception, (OperationalError, PoolTimeout)) or (
        isinstance(exception, DBAPIError) and exception.connection_invalidated
    )


def message_for(exception: BaseException) -> str:
    if isinstance(exception, TypeError) and _raised_by_reflex(exception):
        return MALFORMED
    if _is_redis_outage(exception):
        return STATE_STORE_DOWN
    if isinstance(exception, SavedButNotShown):
        return SAVED_NOT_SHOWN
    if is_database_outage(exception):
        return DATABASE_DOWN
    return UNEXPECTED


def backend_exception_handler(exception: Exception):
    """rx.App's backend_exception_handler: log, and tell the person in plain words."""
    from reflex_components_sonner.toast import toast

    text = message_for(exception)
    if text == MALFORMED:
        log.warning("Refused a malformed event: %s", exception)
    elif text in (DATABASE_DOWN, STATE_STORE_DOWN, SAVED_NOT_SHOWN):
        service = "Redis" if text == STATE_STORE_DOWN else "Database"
        log.error("%s unavailable during an event: %s", service, exception)
    else:
        log.error(
            "Unexpected error in an event handler:\n%s",
            "".join(traceback.format_exception(type(exception), exception, exception.__traceback__)),
        )
    return toast(
        text, level="error", fallback_to_alert=True, position="top-center", id="backend_error", duration=10000
    )
