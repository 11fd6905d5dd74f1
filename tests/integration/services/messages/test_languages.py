"""Messages in the recipient's language (issue 24): decisions and reminders are written from the
catalogue's translation of the default wording in each person's language (`User.language`),
an edition's template rewritten for one language reaches only the readers of that language,
English is unchanged, and the unsubscribe page speaks the person's language (else the
browser's)."""

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from champions.infra.reasons import RuleViolation
from champions.models import (
    ApplicationStatus,
    AuditEntry,
    MessageTemplate,
    OutboxMessage,
    Team,
    TeamMember,
    User,
)
from champions.routes import api
from champions.services.accounts.password_reset import request_password_reset
from champions.services.messages.custom import reset_template, save_template, template_lines
from champions.services.messages.notify import remember_zone, settings_of, unsubscribe_token
from champions.services.messages.outbox import send_pending
from champions.services.messages.preview import preview_template
from champions.services.messages.scheduler import schedule_due
from champions.services.messages.templates import KINDS
from champions.services.registration import register as registering
from champions.services.registration.applications import decide_applications, withdraw_application
from champions.services.registration.register import check_registration_form, complete_registration

from ...conftest import T0, valid_form
from .conftest import HOUR, LECTURE, ORIGIN, lecture_at

EDITION = "Smart City Champions 2022"


def text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


@pytest.fixture
def readers(session, cohort, register):
    """Three applicants: one reads Korean, one Arabic, one never chose (English)."""
    cohort.capacity = 10
    session.add(cohort)
    made = {}
    for tag, name, language in (
        ("minjun", "김민준", "ko"),
        ("layla", "ليلى حسن", "ar"),
        ("ana", "Ana Lima", ""),
    ):
        user, application = register(full_name=name, email=f"{tag}@example.org")
        user.language = language
        session.add(user)
        made[tag] = (user, application)
    session.commit()
    return made


def accept_all(session, cohort, secretariat, readers) -> None:
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[application.id for _, application in readers.values()],
        decision=ApplicationStatus.ACCEPTED,
    )
    session.commit()


def test_a_decision_is_written_in_each_applicants_language(session, cohort, secretariat, readers, smtp):
    accept_all(session, cohort, secretariat, readers)
    assert send_pending(session=session, url=smtp.url) == 3
    [korean] = smtp.to("minjun@example.org")
    assert korean["Subject"] == f"{EDITION}에 합격하셨습니다"
    assert text(korean) == (
        "김민준님, 안녕하세요.\n\n"
        f"축하합니다! {EDITION} 지원에 합격하셨습니다.\n"
        "1단계(강의)는 2022년 3월 4일에 시작합니다. 강의와 시간은 다음에서 확인하실 수 있습니다:\n"
        f"{ORIGIN}/my-application\n"
    )
    [arabic] = smtp.to("layla@example.org")
    assert arabic["Subject"] == f"قُبلت في {EDITION}"
    assert text(arabic) == (
        "مرحبًا ليلى حسن،\n\n"
        f"تهانينا: قُبل طلبك للالتحاق بـ{EDITION}.\n"
        "تبدأ المرحلة الأولى (المحاضرات) في 4 مارس 2022. تجد محاضراتك ومواعيدها هنا:\n"
        f"{ORIGIN}/my-application\n"
    )
    [english] = smtp.to("ana@example.org")
    assert english["Subject"] == f"You are accepted to {EDITION}"
    assert text(english) == (
        "Hello Ana Lima,\n\n"
        f"Congratulations: your application to {EDITION} is accepted.\n"
        "Phase 1 (the lectures) starts on 4 March 2022. Your lectures and their times are at:\n"
        f"{ORIGIN}/my-application\n"
    )


def test_a_reminder_and_its_unsubscribe_line_are_in_the_recipients_language(
    session, cohort, secretariat, readers, smtp
):
    accept_all(session, cohort, secretariat, readers)
    send_pending(session=session, url=smtp.url)
    lecture_at(session, cohort, secretariat, LECTURE)
    for tag in ("minjun", "layla", "ana"):
        remember_zone(session=session, user_id=readers[tag][0].id, zone="Europe/Paris")
    session.commit()
    assert schedule_due(session=session, now=LECTURE - 24 * HOUR).sent == 3
    send_pending(session=session, url=smtp.url)
    when = "Thu 10 Mar 2022, 02:00 CET"
    seoul = "Thu 10 Mar 2022, 10:00 KST"
    # Dates in each reader's language (CLDR), in the reader's zone and in Seoul's.
    when_ko, seoul_ko = "2022년 3월 10일 (목) 02:00 CET", "2022년 3월 10일 (목) 10:00 KST"
    when_ar, seoul_ar = "الخميس، 10 مارس 2022، 02:00 CET", "الخميس، 10 مارس 2022، 10:00 KST"

    [korean] = [m for m in smtp.to("minjun@example.org") if m["Subject"].startswith("내일")]
    assert korean["Subject"] == "내일: Open data for safer streets"
    url = korean["List-Unsubscribe"].strip("<>")
    assert text(korean) == (
        "김민준님, 안녕하세요.\n\n"
        f"알림: {EDITION}의 강의 Open data for safer streets이(가) "
        f"{when_ko}(서울 시간 {seoul_ko})에 시작합니다.\n"
        "접속: https://meet.example.org/1\n"
        f"캘린더 일정을 첨부했습니다. 내 강의: {ORIGIN}/schedule\n"
        "\n--\n"
        f"이 이메일(강의 알림(24시간 전))을 그만 받으려면: {url}\n"
    )
    [arabic] = [m for m in smtp.to("layla@example.org") if m["Subject"].startswith("غدًا")]
    assert arabic["Subject"] == "غدًا: Open data for safer streets"
    url = arabic["List-Unsubscribe"].strip("<>")
    assert text(arabic) == (
        "مرحبًا ليلى حسن،\n\n"
        f"للتذكير: تبدأ محاضرة Open data for safer streets ضمن {EDITION} "
        f"في {when_ar} ({seoul_ar} بتوقيت سيول).\n"
        "الانضمام: https://meet.example.org/1\n"
        f"أرفقنا موعد التقويم. محاضراتك: {ORIGIN}/schedule\n"
        "\n--\n"
        f"لإيقاف هذه الرسائل (تذكيرات المحاضرات (قبل 24 ساعة)): {url}\n"
    )
    [english] = [m for m in smtp.to("ana@example.org") if m["Subject"].startswith("Tomorrow")]
    url = english["List-Unsubscribe"].strip("<>")
    assert text(english) == (
        "Hello Ana Lima,\n\n"
        f"A reminder: the lecture Open data for safer streets of {EDITION} starts {when} "
        f"({seoul}, Seoul time).\n"
        "Join: https://meet.example.org/1\n"
        f"The calendar entry is attached. Your lectures: {ORIGIN}/schedule\n"
        "\n--\n"
        f"To stop these emails (Lecture reminders (24 hours before)): {url}\n"
    )


def test_a_template_rewritten_in_korean_reaches_the_korean_reader_only(
    session, cohort, secretariat, readers, smtp
):
    save_template(
        session=session,
        actor=secretariat,
        cohort=cohort,
        kind="decision_accepted",
        subject="{name}님, {edition} 합격을 축하합니다",
        body="{name}님, 환영합니다! {link}",
        language="ko",
    )
    session.commit()
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "message_template_saved")).all()
    assert entry.entity_id == "decision_accepted:ko"
    accept_all(session, cohort, secretariat, readers)
    send_pending(session=session, url=smtp.url)
    [korean] = smtp.to("minjun@example.org")
    assert korean["Subject"] == f"김민준님, {EDITION} 합격을 축하합니다"
    assert text(korean) == f"김민준님, 환영합니다! {ORIGIN}/my-application\n"
    assert smtp.to("layla@example.org")[0]["Subject"] == f"قُبلت في {EDITION}"
    assert smtp.to("ana@example.org")[0]["Subject"] == f"You are accepted to {EDITION}"


def test_the_editor_shows_resets_and_previews_each_language_on_its_own(session, cohort, secretariat, readers):
    accept_all(session, cohort, secretariat, readers)
    by_kind = {line.kind: line for line in template_lines(session=session, cohort=cohort, language="ar")}
    assert (by_kind["lecture_reminder"].subject, by_kind["lecture_reminder"].custom) == (
        "غدًا: {lecture}",
        False,
    )
    assert by_kind["lecture_reminder"].label == "Lecture reminders (24 hours before)"  # shown via t()
    english = {line.kind: line for line in template_lines(session=session, cohort=cohort)}
    assert english["lecture_reminder"].subject == KINDS["lecture_reminder"].subject

    save_template(
        session=session,
        actor=secretariat,
        cohort=cohort,
        kind="decision_rejected",
        subject="{edition}",
        body="Bonjour {name}",
        language="fr",
    )
    save_template(
        session=session,
        actor=secretariat,
        cohort=cohort,
        kind="decision_rejected",
        subject="{edition}!",
        body="Hi {name}",
    )
    session.commit()
    reset = reset_template(
        session=session, actor=secretariat, cohort=cohort, kind="decision_rejected", language="fr"
    )
    session.commit()
    assert (reset.subject, reset.custom) == ("Votre candidature à {edition}", False)
    rows = session.exec(select(MessageTemplate.language, MessageTemplate.subject)).all()
    assert rows == [("en", "{edition}!")]  # the English rewrite stays

    # The preview reads as someone who reads the language, when the edition has one.
    shown = preview_template(
        session=session,
        cohort=cohort,
        kind="decision_accepted",
        subject="{name}",
        body="{name}",
        language="ar",
    )
    assert (shown.recipient, shown.subject) == ("ليلى حسن <layla@example.org>", "ليلى حسن")
    shown = preview_template(
        session=session,
        cohort=cohort,
        kind="decision_accepted",
        subject="{name}",
        body="{name}",
        language="es",
    )
    assert shown.recipient.endswith("@example.org>")  # nobody reads Spanish: anyone


def test_a_template_in_a_language_not_offered_is_refused(session, cohort, secretariat):
    with pytest.raises(RuleViolation) as refused:
        save_template(
            session=session,
            actor=secretariat,
            cohort=cohort,
            kind="decision_rejected",
            subject="{edition}",
            body="Hallo {name}",
            language="de",
        )
    assert refused.value.by_field() == {"language": "Choose a language."}


def test_the_unsubscribe_page_speaks_the_persons_language_else_the_browsers(session, readers):
    minjun = readers["minjun"][0]
    token = unsubscribe_token(settings_of(session=session, user_id=minjun.id), "lecture_reminder")
    session.commit()
    client = TestClient(api)
    page = client.get(f"/api/unsubscribe?token={token}", headers={"Accept-Language": "fr"})
    assert '<html lang="ko" dir="ltr">' in page.text
    assert "<h1>이 이메일을 그만 받으시겠습니까?</h1>" in page.text
    assert "받지 않기: 강의 알림(24시간 전). 지원 결과와 보안 관련 메시지는 항상 발송됩니다." in page.text
    assert '<button type="submit">이 이메일 받지 않기</button>' in page.text
    done = client.post(f"/api/unsubscribe?token={token}")
    assert "이제 이 이메일을 받지 않습니다: 강의 알림(24시간 전)." in done.text
    bad = client.get("/api/unsubscribe?token=1.x.y", headers={"Accept-Language": "ar-EG,ar;q=0.9"})
    assert bad.status_code == 400
    assert '<html lang="ar" dir="rtl">' in bad.text
    assert "<h1>الرابط غير صالح</h1>" in bad.text
    english = client.get("/api/unsubscribe?token=1.x.y")
    assert '<html lang="en" dir="ltr">' in english.text and "<h1>Link not valid</h1>" in english.text


def test_registering_keeps_the_pages_language_and_the_first_email_speaks_it(session, cohort, monkeypatch):
    monkeypatch.setattr(
        registering, "date", type("FixedDate", (), {"today": staticmethod(lambda: T0.date())})
    )
    checked = check_registration_form(valid_form(email="hana@example.org", full_name="한아름"), "203.0.113.7")
    complete_registration(checked, "x" * 20, "203.0.113.7", language="ko")
    session.expire_all()
    user = session.exec(select(User).where(User.email == "hana@example.org")).one()
    assert user.language == "ko"
    [email] = session.exec(select(OutboxMessage).where(OutboxMessage.to_email == "hana@example.org")).all()
    assert email.subject == f"{cohort.title} 지원을 확인해 주십시오"
    assert email.body.startswith(f"한아름님, 안녕하세요.\n\n{cohort.title}에 지원해 주셔서 감사합니다.")


def test_a_team_change_is_told_to_each_member_in_their_language(session, cohort, secretariat, readers, smtp):
    accept_all(session, cohort, secretariat, readers)
    team = Team(cohort_id=cohort.id, name="Night Owls", name_key="night owls", invite_code="OWLS1")
    session.add(team)
    session.flush()
    for tag in ("minjun", "layla", "ana"):
        session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=readers[tag][0].id))
    session.commit()
    withdraw_application(
        session=session,
        user=readers["ana"][0],
        application_id=readers["ana"][1].id,
        today=cohort.phase1_start,
    )
    session.commit()
    send_pending(session=session, url=smtp.url)
    [korean] = [m for m in smtp.to("minjun@example.org") if "Night Owls" in m["Subject"]]
    assert korean["Subject"] == "Night Owls 팀에 변경 사항이 있습니다"
    assert text(korean).startswith(
        "김민준님, 안녕하세요.\n\nAna Lima님이 프로그램 참가를 철회하여 팀을 떠났습니다.\n내 팀: "
    )
    [arabic] = [m for m in smtp.to("layla@example.org") if "Night Owls" in m["Subject"]]
    assert arabic["Subject"] == "تغيّر فريقك Night Owls"
    assert text(arabic).startswith("مرحبًا ليلى حسن،\n\nانسحب Ana Lima من البرنامج وغادر فريقك.\nفريقك: ")


def test_a_password_reset_is_written_in_the_accounts_language(session, readers):
    request_password_reset(session=session, email="layla@example.org", origin=ORIGIN, now=LECTURE)
    request_password_reset(session=session, email="ana@example.org", origin=ORIGIN, now=LECTURE)
    session.commit()
    [arabic] = session.exec(select(OutboxMessage).where(OutboxMessage.to_email == "layla@example.org")).all()
    assert arabic.subject == "اختر كلمة مرور جديدة لـSmart City Champions"
    assert arabic.body.startswith(
        "مرحبًا ليلى حسن،\n\n"
        "طلب أحدهم (نرجو أن تكون أنت) إعادة تعيين كلمة مرور حسابك في Smart City Champions.\n"
    )
    assert (
        "يعمل الرابط مرة واحدة حتى الخميس، 10 مارس 2022، 02:00 UTC (الخميس، 10 مارس 2022، 11:00 KST)."
        in arabic.body
    )
    [english] = session.exec(select(OutboxMessage).where(OutboxMessage.to_email == "ana@example.org")).all()
    assert english.subject == "Choose a new password for Smart City Champions"
    assert english.body.startswith("Hello Ana Lima,\n\nSomeone (we hope you) asked to reset the password")
