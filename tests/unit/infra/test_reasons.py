"""Reasons and RuleViolation: the message joins the reasons, by_field keeps the first per field."""

import dataclasses

import pytest

from champions.infra.reasons import Plural, Reason, RuleViolation, Term


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


# --- in the reader's language (issue 24) -------------------------------------------------------


def test_a_reason_with_values_keeps_its_msgid_and_says_the_english_with_the_values_filled():
    reason = Reason("too_long", "Use at most {limit} characters.", "title", values={"limit": 120})
    assert reason.message == "Use at most 120 characters."
    assert (reason.msgid, reason.values) == ("Use at most {limit} characters.", {"limit": 120})
    assert reason.text() == reason.text("en") == "Use at most 120 characters."
    # Equal to the reason as it was written before it had values (what the tests compare).
    assert reason == Reason("too_long", "Use at most 120 characters.", "title")


def test_a_reason_in_korean_and_arabic_has_its_values_filled_in():
    reason = Reason("too_long", "Use at most {limit} characters.", "title", values={"limit": 120})
    assert reason.text("ko") == "120자 이내로 쓰세요."
    assert reason.text("ar") == "استخدم 120 حرفًا على الأكثر."
    assert reason.text("fr") == "Utilisez au plus 120 caractères."
    full = Reason("full", "{team} is full ({count} members).", values={"team": "Han River", "count": 5})
    assert full.message == "Han River is full (5 members)."
    assert full.text("ko") == "Han River 팀은 정원이 찼습니다(5명)."
    assert full.text("ar") == "اكتمل الفريق Han River (5 أعضاء)."


def test_a_reason_without_values_and_one_the_catalogue_lacks():
    assert Reason("cancelled", "This lecture was cancelled.").text("ko") == "이 강의는 취소되었습니다."
    assert Reason("x", "Not a text of the catalogue.").text("ar") == "Not a text of the catalogue."


def test_a_term_value_is_translated_and_a_plural_value_takes_the_languages_form():
    closed = Reason(
        "wrong_state",
        "Judging of this workshop is {state}, so it cannot close now.",
        values={"state": Term("closed")},
    )
    assert closed.message == "Judging of this workshop is closed, so it cannot close now."
    assert closed.text("ko") == "이 워크숍의 심사는 마감 상태라서 지금 마감할 수 없습니다."
    assert closed.text("ar") == "حالة التقييم في ورشة العمل هذه: مغلق، لذا لا يمكن إغلاقه الآن."

    def wait(minutes: int) -> Reason:
        return Reason(
            "address_throttled",
            "Too many failed logins from your network. Try again in {wait}.",
            values={"wait": Plural("{count} minute", "{count} minutes", minutes)},
        )

    assert wait(1).message == "Too many failed logins from your network. Try again in 1 minute."
    assert wait(15).message == "Too many failed logins from your network. Try again in 15 minutes."
    assert wait(15).text("ko") == "이 네트워크에서 로그인 실패가 너무 많습니다. 15분 후에 다시 시도하세요."
    assert wait(2).text("ar") == "محاولات دخول فاشلة كثيرة من شبكتك. حاول مجددًا بعد دقيقتين."
    assert wait(3).text("ar") == "محاولات دخول فاشلة كثيرة من شبكتك. حاول مجددًا بعد 3 دقائق."
    assert wait(11).text("ar") == "محاولات دخول فاشلة كثيرة من شبكتك. حاول مجددًا بعد 11 دقيقة."


def test_a_value_is_never_read_as_a_placeholder_itself():
    reason = Reason(
        "placeholder",
        "Unknown placeholder {unknown}: use {known}, or no braces.",
        "body",
        values={"unknown": "{known}", "known": "{first_name}"},
    )
    assert reason.message == "Unknown placeholder {known}: use {first_name}, or no braces."
    assert (
        reason.text("ko") == "알 수 없는 자리표시자 {known}: {first_name}을(를) 쓰거나 중괄호를 쓰지 마세요."
    )


def test_a_violation_by_field_first_and_text_in_a_language_and_a_reason_moved_to_another_field():
    violation = RuleViolation(
        [
            Reason("too_short", "Use at least {min} characters.", "password", values={"min": 10}).at(
                "new_password"
            ),
            Reason("closed", "Registration is closed."),
        ]
    )
    assert violation.by_field("ko") == {"new_password": "10자 이상 쓰세요.", "": "등록이 마감되었습니다."}
    assert violation.by_field() == {
        "new_password": "Use at least 10 characters.",
        "": "Registration is closed.",
    }
    assert violation.first("ar") == "استخدم 10 أحرف على الأقل."
    assert violation.text("ko") == "10자 이상 쓰세요.; 등록이 마감되었습니다."
    assert violation.text() == str(violation)
    assert RuleViolation([]).first("ko") == ""


def test_a_localized_value_is_written_in_each_readers_language():
    from datetime import date

    from champions.infra.reasons import Localized
    from champions.services.registration.eligibility import format_day

    reason = Reason(
        "deadline_passed",
        "Reflections on this lecture were due by {day} (7 days after it).",
        values={"day": Localized(format_day, date(2027, 1, 8))},
    )
    assert reason.message == "Reflections on this lecture were due by 8 January 2027 (7 days after it)."
    assert reason.text("ko") == "이 강의의 성찰문은 2027년 1월 8일까지(강의 후 7일) 제출해야 했습니다."
    assert "8 يناير 2027" in reason.text("ar")
