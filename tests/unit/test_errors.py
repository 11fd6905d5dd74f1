"""The words a person reads when a handler fails (champions/errors.py)."""

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from champions.errors import _REFLEX_DIR, DATABASE_DOWN, MALFORMED, STATE_STORE_DOWN, UNEXPECTED, message_for


def _raised(make):
    try:
        make()
    except Exception as exception:
        return exception
    raise AssertionError("nothing raised")


def test_an_event_with_arguments_no_page_sends_is_malformed():
    scope = {}
    # As Reflex binds the payload to the handler: the innermost frame is Reflex's.
    exec(
        compile("def bind(fn, payload):\n    return fn(**payload)\n", f"{_REFLEX_DIR}/state.py", "exec"),
        scope,
    )

    def handler(form_data):
        return form_data

    assert message_for(_raised(lambda: scope["bind"](handler, {}))) == MALFORMED
    assert message_for(_raised(lambda: scope["bind"](handler, {"form_data": {}, "extra": 1}))) == MALFORMED


def test_a_type_error_inside_the_app_is_a_bug_not_a_malformed_request():
    assert message_for(_raised(lambda: len(5))) == UNEXPECTED


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked")),
        OperationalError("SELECT 1", {}, Exception("connection refused")),
    ],
)
def test_an_unreachable_database_asks_to_try_again(error):
    assert message_for(error) == DATABASE_DOWN
    assert "nothing was saved" in DATABASE_DOWN and "try again" in DATABASE_DOWN


def test_messages_say_what_to_do():
    assert MALFORMED == "This request was not understood. Reload the page and try again."
    assert UNEXPECTED.endswith("if it keeps happening, tell the secretariat.")


def test_redis_gone_says_the_service_is_restarting():
    from redis.exceptions import ConnectionError as RedisConnectionError

    assert message_for(RedisConnectionError("Connection refused")) == STATE_STORE_DOWN
    assert "everything you saved is kept" in STATE_STORE_DOWN
