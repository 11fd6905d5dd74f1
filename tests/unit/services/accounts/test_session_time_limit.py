"""WCAG 2.2.1 (timing adjustable): a session that ends after inactivity needs a warning and a way
to extend it unless the limit is longer than 20 hours. Champions' limits are (72 hours idle, 30
days in all), so nobody is cut off while working; README asks operators to keep them so."""

from datetime import timedelta

from champions.services.accounts.accounts import SESSION_ABSOLUTE, SESSION_IDLE


def test_the_session_limits_are_longer_than_wcags_20_hours():
    assert timedelta(hours=72) == SESSION_IDLE
    assert timedelta(days=30) == SESSION_ABSOLUTE
    assert min(SESSION_IDLE, SESSION_ABSOLUTE) > timedelta(hours=20)
