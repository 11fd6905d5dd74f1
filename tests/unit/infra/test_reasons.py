"""Reasons and RuleViolation: the message joins the reasons, by_field keeps the first per field."""

import dataclasses

import pytest

from champions.infra.reasons import Reason, RuleViolation


def test_a_reason_is_a_frozen_value_with_no_field_by_default():
    reason = Reason("required", "Give a title.")
    assert reason.field == ""
    assert reason == Reason("required", "Give a title.", "")
    assert reason != Reason("required", "Give a title.", "title")
    assert hash(reason) == hash(Reason("required", "Give a title."))
    with pytest.raises(dataclasses.FrozenInstanceError):
        reason.message = "changed"


def test_the_message_joins_every_reason_in_order():
    reasons = [
        Reason("required", "Give a title.", "title"),
        Reason("too_long", "Use at most 200 characters.", "title"),
        Reason("closed", "The window is closed."),
    ]
    violation = RuleViolation(reasons)
    assert str(violation) == "Give a title.; Use at most 200 characters.; The window is closed."
    assert violation.args == ("Give a title.; Use at most 200 characters.; The window is closed.",)
    assert violation.reasons is reasons
    assert isinstance(violation, Exception)


def test_by_field_keeps_the_first_message_of_each_field_and_the_fieldless_under_empty():
    violation = RuleViolation(
        [
            Reason("closed", "The window is closed."),
            Reason("required", "Give a title.", "title"),
            Reason("invalid_url", "Enter a full web address.", "link"),
            Reason("too_long", "Use at most 200 characters.", "title"),
            Reason("late", "Too late as well."),
        ]
    )
    assert violation.by_field() == {
        "": "The window is closed.",
        "title": "Give a title.",
        "link": "Enter a full web address.",
    }
    assert list(violation.by_field()) == ["", "title", "link"]  # in the order the fields first appear


def test_one_reason_and_no_reasons():
    one = RuleViolation([Reason("taken", "That email is taken.", "email")])
    assert str(one) == "That email is taken."
    assert one.by_field() == {"email": "That email is taken."}
    none = RuleViolation([])
    assert str(none) == "" and none.by_field() == {} and none.reasons == []


def test_raising_and_catching_keeps_the_reasons():
    reason = Reason("invalid", "Not valid.", "code")
    with pytest.raises(RuleViolation, match=r"^Not valid\.$") as raised:
        raise RuleViolation([reason])
    assert raised.value.reasons == [reason]
