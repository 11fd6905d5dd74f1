"""Judging end to end in Chromium: the secretariat opens judging and assigns mentors
automatically, two mentors score a submission, a third cannot see it, the secretariat closes
and publishes the round and reads the ranking, and the team reads its feedback (never the
private notes or who wrote what). Handlers are attacked directly."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.models import (
    Conflict,
    Criterion,
    JudgingRound,
    ReviewAssignment,
    Role,
    Score,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
    Workshop,
)
from champions.models._time import utcnow
from champions.services.accounts.accounts import create_user
from champions.services.accounts.passwords import hash_password
from champions.services.judging.assignment import assign_mentor
from champions.services.judging.rubrics import criteria_of, move_round
from champions.services.judging.scoring import ScoreForm, mentor_queue, save_score
from champions.state.judging import JudgingState
from champions.state.judging_admin import JudgingAdminState
from champions.state.results_admin import ResultsAdminState
from champions.state.team import TeamState
from tests.e2e.helpers import (
    PARTICIPANT_PASSWORD,
    cohort_with_participants,
    login,
    phrases_shown,
    run_async,
    session_token_for,
    watch_phrases,
)
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e

SECRET_SUMMARY = "Lanterns along the river path, tested with the night-shift workers of Dong-gu."
MENTOR_PASSWORD = "mentor passphrase 2026"


def judging_cohort(server, name: str) -> dict:
    """A cohort whose one judged workshop closed yesterday, two teams of one with a version
    each, and three mentors of its own (the cohort needs two per submission)."""
    now = datetime.now(UTC)
    emails = [f"{name.lower()}.{who}@example.org" for who in ("river", "hill")]
    with server.session() as session:
        cohort, users, _ = cohort_with_participants(
            session,
            name,
            [(emails[0], "Nguyễn Thị Hoa"), (emails[1], "Omar Haddad")],
            reviewers_per_submission=2,
        )
        workshop = Workshop(
            cohort_id=cohort.id,
            position=1,
            title="Pitch",
            brief="Pitch your pilot.",
            judged=True,
            opens_at=now - timedelta(days=10),
            deadline=now - timedelta(days=1),
        )
        session.add(workshop)
        teams = []
        for user, (team_name, summary) in zip(
            users, [("River Lights", SECRET_SUMMARY), ("Hill Steps", "Handrails for the steep lanes.")]
        ):
            team = Team(
                cohort_id=cohort.id,
                name=team_name,
                name_key=team_name.lower(),
                invite_code=f"J{user.id:07d}",
                challenge="Safer streets at night",
                city="Busan",
            )
            session.add(team)
            session.flush()
            session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=user.id))
            session.add(
                SubmissionVersion(
                    team_id=team.id,
                    workshop_id=workshop.id,
                    number=1,
                    title=f"Our pitch: {summary[:20]}",
                    summary=summary,
                    submitted_by=user.id,
                    submitted_at=now - timedelta(days=2),
                )
            )
            teams.append(team)
        # Deactivate the demo mentors for this test's assignment, so the cohort's own three
        # mentors are the only candidates; restored at the end of the test.
        demo_mentors = [m for m in session.exec(select(User).where(User.role == Role.MENTOR, User.is_active))]
        for mentor in demo_mentors:
            mentor.is_active = False
            session.add(mentor)
        mentors = [
            create_user(
                session=session,
                email=f"{name.lower()}.mentor{i}@example.org",
                full_name=f"Mentor {name} {i}",
                role=Role.MENTOR,
                password_hash=hash_password(MENTOR_PASSWORD),
            )
            for i in (1, 2, 3)
        ]
        session.commit()
        return {
            "cohort": cohort.name,
            "workshop": workshop.id,
            "teams": [t.id for t in teams],
            "team_emails": emails,
            "mentors": [(m.id, m.email) for m in mentors],
            "demo_mentors": [m.id for m in demo_mentors],
        }


def restore_mentors(server, ids: list[int]) -> None:
    with server.session() as session:
        for mentor in session.exec(select(User).where(User.id.in_(ids))):
            mentor.is_active = True
            session.add(mentor)
        session.commit()


def label_for(server, team_id: int, email: str) -> str:
    """The blind label a mentor's queue shows for the team's submission (their assignment's code)."""
    with server.session() as session:
        row = session.exec(
            select(ReviewAssignment, Workshop)
            .join(User, User.id == ReviewAssignment.mentor_id)
            .join(Workshop, Workshop.id == ReviewAssignment.workshop_id)
            .where(ReviewAssignment.team_id == team_id, User.email == email)
        ).one()
        return f"Submission {row[1].position}-{row[0].code}"


def code_of(server, team_id: int, mentor_id: int) -> str:
    with server.session() as session:
        return session.exec(
            select(ReviewAssignment.code).where(
                ReviewAssignment.team_id == team_id, ReviewAssignment.mentor_id == mentor_id
            )
        ).one()


def assigned_to(server, team_id: int) -> set[int]:
    with server.session() as session:
        return set(
            session.exec(select(ReviewAssignment.mentor_id).where(ReviewAssignment.team_id == team_id))
        )


def new_page(browser) -> Page:
    return browser.new_context(timezone_id="Asia/Seoul", locale="en-GB").new_page()


def score_in_browser(
    page: Page, server, email: str, label: str, values: list[str], submit: bool = True, note: str = ""
) -> None:
    watch_phrases(page, "Loading your submissions…", "Nothing is assigned to you yet")
    login(page, server, email, MENTOR_PASSWORD)
    expect(page).to_have_url(re.compile(r"/mentor$"), timeout=20000)
    page.get_by_role("button", name=f"Score {label}").click()
    # While the queue loads the page says so, never that nothing is assigned.
    assert phrases_shown(page) == {"Loading your submissions…"}
    expect(page.get_by_test_id("review-summary")).to_be_visible(timeout=15000)
    for name, value in zip(
        ["Problem understanding", "Innovation", "Feasibility", "Safety & inclusion", "Impact on SDG 11"],
        values,
    ):
        page.get_by_label(re.compile("^" + re.escape(name))).fill(value)
    page.get_by_label("Comment for the team").fill(
        f"Comment from {email.split('@')[0]}: light the stairs too."
    )
    page.get_by_label("Private note for the secretariat").fill(note)
    page.get_by_role("button", name="Submit score" if submit else "Save draft").click()


def test_judging_from_assignment_to_published_feedback(page: Page, browser, server):
    data = judging_cohort(server, "E2E-judging")
    river, hill = data["teams"]
    try:
        # The secretariat opens judging and assigns mentors automatically.
        login(page, server, "secretariat@champions.example", "champions-demo")
        expect(page).to_have_url(re.compile("/secretariat$"), timeout=20000)
        page.goto(server.url + "/secretariat/judging")
        page.get_by_label("Cohort").select_option(data["cohort"])
        expect(page.get_by_test_id("round-state")).to_contain_text("Preparing", timeout=15000)
        page.get_by_role("button", name="Open judging").click()
        expect(page.get_by_test_id("round-state")).to_contain_text("Open: mentors are scoring", timeout=15000)
        page.get_by_role("button", name="Assign mentors automatically").click()
        expect(
            page.get_by_text("Added 4 assignments. Mentors' loads: 1 to 2 submissions (spread 1).")
        ).to_be_visible(timeout=15000)
        expect(page.get_by_test_id("assignments").locator("tbody tr")).to_have_count(4)
    finally:
        restore_mentors(server, data["demo_mentors"])

    mentors = dict(data["mentors"])
    on_river = sorted(assigned_to(server, river))
    outsider = next(m for m in mentors if m not in on_river)
    assert len(on_river) == 2

    # The first mentor: a missing criterion is refused next to the field, then submitted.
    first = new_page(browser)
    label = label_for(server, river, mentors[on_river[0]])
    # Blind: the label is a random code, nothing of the team's id.
    assert re.fullmatch(r"Submission 1-[A-HJ-NP-Z2-9]{8}", label) and f"{river:04d}" not in label
    score_in_browser(first, server, mentors[on_river[0]], label, ["8", "9", "7", "", "8"])
    expect(first.get_by_text("Give a score from 1 to 10.")).to_be_visible(timeout=15000)
    first.get_by_label(re.compile("^Safety & inclusion")).fill("10")
    first.get_by_label("Private note for the secretariat").fill("Best pitch of my batch.")
    first.get_by_role("button", name="Submit score").click()
    expect(first.get_by_test_id("score-status")).to_have_text("Status: Submitted", timeout=15000)
    # Blind: no member name, no team name on the mentor's page.
    body = first.locator("main").inner_text()
    assert "Nguyễn Thị Hoa" not in body and "River Lights" not in body and SECRET_SUMMARY in body
    first.get_by_role("button", name="← Back to my list").click()
    expect(first.get_by_test_id("mentor-progress")).to_contain_text("1 of ", timeout=15000)

    # The second mentor saves a draft, then submits.
    second = new_page(browser)
    second_label = label_for(server, river, mentors[on_river[1]])
    assert second_label != label  # each mentor has their own code: nothing to compare between them
    score_in_browser(
        second, server, mentors[on_river[1]], second_label, ["6", "7", "6", "8", ""], submit=False
    )
    expect(second.get_by_test_id("score-status")).to_have_text("Status: Draft saved", timeout=15000)
    second.get_by_label(re.compile("^Impact on SDG 11")).fill("7")
    second.get_by_role("button", name="Submit score").click()
    expect(second.get_by_test_id("score-status")).to_have_text("Status: Submitted", timeout=15000)

    # The third mentor does not see River Lights' submission, and cannot open it directly.
    third = new_page(browser)
    login(third, server, mentors[outsider], MENTOR_PASSWORD)
    expect(third.get_by_test_id("mentor-progress")).to_be_visible(timeout=20000)
    expect(third.get_by_text(label)).to_have_count(0)
    # Neither another mentor's code nor the old "team:workshop" key opens it.
    for key in (code_of(server, river, on_river[0]), f"{river}:{data['workshop']}"):
        client = run_async(_open_directly(server.url, session_token_for(server, mentors[outsider]), key))
        assert SECRET_SUMMARY not in client.received_text()
        assert "This submission is not assigned to you." in client.received_text()
    assert SECRET_SUMMARY not in client.received_text()
    assert "This submission is not assigned to you." in client.received_text()

    # Before publication the team reads nothing.
    member = new_page(browser)
    login(member, server, data["team_emails"][0], PARTICIPANT_PASSWORD)
    expect(member).to_have_url(re.compile("/my-application"), timeout=20000)
    member.goto(server.url + "/team")
    expect(member.get_by_test_id("team-name")).to_have_text("River Lights", timeout=20000)
    expect(member.get_by_test_id("feedback")).to_have_count(0)

    # Hill Steps' mentors score too, then the secretariat closes and publishes.
    with server.session() as session:
        criteria = criteria_of(session=session, workshop_id=data["workshop"])
        for mentor_id in assigned_to(server, hill):
            save_score(
                session=session,
                mentor=session.get(User, mentor_id),
                team_id=hill,
                workshop_id=data["workshop"],
                form=ScoreForm({str(c.id): "5" for c in criteria}),
                submit=True,
                now=utcnow(),
            )
        session.commit()
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_test_id("round-state")).to_contain_text("Closed", timeout=15000)
    page.get_by_role("button", name="Publish to teams").click()
    expect(page.get_by_test_id("round-state")).to_contain_text("Published", timeout=15000)

    page.goto(server.url + "/secretariat/results")
    page.get_by_label("Cohort").select_option(data["cohort"])
    ranking = page.get_by_test_id("ranking")
    # River Lights: each mentor's total is (sum of the five values − 5) / 45 · 100 on a 1–10 scale.
    expect(ranking.locator("tbody tr").first).to_contain_text("River Lights", timeout=15000)
    river_total = (100 * (8 + 9 + 7 + 10 + 8 - 5) / 45 + 100 * (6 + 7 + 6 + 8 + 7 - 5) / 45) / 2
    expect(ranking.locator("tbody tr").first).to_contain_text(f"{river_total:.2f}")
    expect(ranking.locator("tbody tr").nth(1)).to_contain_text("Hill Steps")
    expect(ranking.locator("tbody tr").nth(1)).to_contain_text(f"{100 * 20 / 45:.2f}")

    # The team reads its published feedback: score, comments, no private note, no mentor.
    member.goto(server.url + "/team")
    expect(member.get_by_test_id("feedback-score")).to_have_text(
        f"Score: {river_total:.1f} / 100", timeout=20000
    )
    feedback = member.get_by_test_id("feedback").inner_text()
    assert "light the stairs too" in feedback
    assert "Best pitch of my batch." not in member.content()
    assert "Mentor E2E-judging" not in member.content()
    with server.session() as session:
        assert len(session.exec(select(Score).where(Score.team_id == river, Score.submitted)).all()) == 2
    for opened in (first, second, third, member):
        opened.context.close()


def test_save_and_next_opens_the_next_submission_to_score_from_the_keyboard(page: Page, server):
    data = judging_cohort(server, "E2E-next")
    restore_mentors(server, data["demo_mentors"])  # assigned by hand below, not automatically
    mentor_id, email = data["mentors"][0]
    with server.session() as session:
        secretariat = session.exec(select(User).where(User.email == "secretariat@champions.example")).one()
        move_round(
            session=session, actor=secretariat, workshop_id=data["workshop"], move="open", now=utcnow()
        )
        for team_id in data["teams"]:
            assign_mentor(
                session=session,
                actor=secretariat,
                team_id=team_id,
                workshop_id=data["workshop"],
                mentor_id=mentor_id,
            )
        session.commit()
        # The labels as the queue shows them, in its order (whatever their wording).
        first, second = [i.label for i in mentor_queue(session=session, mentor_id=mentor_id)]

    login(page, server, email, MENTOR_PASSWORD)
    expect(page.get_by_test_id("mentor-progress")).to_have_text("0 of 2 scored", timeout=20000)
    page.get_by_role("button", name=f"Score {first}").press("Enter")
    expect(page.get_by_test_id("review-label")).to_have_text(first, timeout=15000)
    for value, name in zip("78689", ["Problem", "Innovation", "Feasibility", "Safety", "Impact"]):
        page.get_by_label(re.compile("^" + name)).fill(value)
    page.get_by_role("button", name="Save and next").press("Enter")
    # The next one opens with the keyboard's focus on its heading, the form empty.
    expect(page.get_by_test_id("review-label")).to_have_text(second, timeout=15000)
    expect(page.get_by_test_id("review-label")).to_be_focused()
    expect(page.get_by_text("Score submitted. This is the next submission to score.")).to_be_visible()
    expect(page.get_by_test_id("score-status")).to_have_text("Status: Not started")
    expect(page.get_by_label(re.compile("^Problem"))).to_have_value("")
    # A missing criterion stays on this submission with the reason next to the field.
    page.get_by_role("button", name="Save and next").press("Enter")
    expect(page.get_by_text("Give a score from 1 to 10.").first).to_be_visible(timeout=15000)
    expect(page.get_by_test_id("review-label")).to_have_text(second)
    for value, name in zip("56565", ["Problem", "Innovation", "Feasibility", "Safety", "Impact"]):
        page.get_by_label(re.compile("^" + name)).fill(value)
    page.get_by_role("button", name="Save and next").press("Enter")
    expect(
        page.get_by_text("Score submitted. All your assigned submissions open for scoring are scored.")
    ).to_be_visible(timeout=15000)
    expect(page.get_by_test_id("review-label")).to_have_text(second)
    expect(page.get_by_test_id("score-status")).to_have_text("Status: Submitted")
    with server.session() as session:
        scores = session.exec(select(Score).where(Score.mentor_id == mentor_id)).all()
        assert sorted((s.team_id, s.submitted) for s in scores) == sorted((t, True) for t in data["teams"])
    page.get_by_role("button", name="← Back to my list").click()
    expect(page.get_by_test_id("mentor-progress")).to_have_text("2 of 2 scored", timeout=15000)


async def _open_directly(url: str, token: str, key: str):
    client = ReflexClient(url, "/mentor", session_token=token)
    await client.connect()
    await client.emit(JudgingState, "open", {"key": key}, settle=0.5)
    await client.close()
    return client


async def _attack(
    url: str,
    token: str,
    team_id: int,
    code: str,
    assignment_id: int,
    mentor_id: int,
    setup_workshop_id: int,
    conflict_id: int,
    participant: bool,
):
    client = ReflexClient(url, "/secretariat/judging", session_token=token)
    await client.connect()
    # Declaring a conflict is a mentor's own right; a participant must be refused.
    declare = (
        [(JudgingState, "declare", {"form_data": {"submission": code, "reason": "sabotage"}})]
        if participant
        else []
    )
    for state, handler, payload in declare + [
        (JudgingAdminState, "choose_workshop", {"workshop_id": str(setup_workshop_id)}),
        (
            JudgingAdminState,
            "save_rubric",
            {"form_data": {"1.name": "Hijacked", "1.weight": "1", "1.scale_min": "1", "1.scale_max": "10"}},
        ),
        (JudgingAdminState, "reopen", {"form_data": {"reason": "hijack"}}),
        (JudgingAdminState, "withdraw", {"conflict_id": str(conflict_id)}),
        (JudgingAdminState, "load", {}),
        (JudgingAdminState, "choose_cohort", {"name": "E2E-judging-attack"}),
        (JudgingAdminState, "move", {"move": "close"}),
        (JudgingAdminState, "auto_assign", {}),
        (JudgingAdminState, "assign", {"form_data": {"team": str(team_id), "mentor": str(mentor_id)}}),
        (JudgingAdminState, "ask_remove", {"assignment_id": str(assignment_id)}),
        (JudgingAdminState, "remove", {"form_data": {"reason": "hijack"}}),
        (ResultsAdminState, "load", {}),
        (ResultsAdminState, "choose_cohort", {"name": "E2E-judging-attack"}),
        (ResultsAdminState, "download", {}),
        (JudgingState, "open", {"key": code}),
        (JudgingState, "set_intent", {"intent": "submit"}),
        (JudgingState, "save", {"form_data": {"criterion_1": "10"}}),
        (TeamState, "show", {"zone": "Asia/Seoul"}),
    ]:
        await client.emit(state, handler, payload, settle=0.3)
    await client.close()
    return client


def test_judging_handlers_refuse_participants_and_unassigned_mentors(server):
    data = judging_cohort(server, "E2E-judging-attack")
    restore_mentors(server, data["demo_mentors"])
    team_id, workshop_id = data["teams"][0], data["workshop"]
    with server.session() as session:
        secretariat = session.exec(select(User).where(User.role == Role.SECRETARIAT)).first()
        move_round(session=session, actor=secretariat, workshop_id=workshop_id, move="open", now=utcnow())
        mentor_id = data["mentors"][0][0]
        assignment = ReviewAssignment(team_id=team_id, workshop_id=workshop_id, mentor_id=mentor_id)
        session.add(assignment)
        session.flush()
        criteria = criteria_of(session=session, workshop_id=workshop_id)
        save_score(
            session=session,
            mentor=session.get(User, mentor_id),
            team_id=team_id,
            workshop_id=workshop_id,
            form=ScoreForm({str(c.id): "3" for c in criteria}, "Needs work", "Weak team, honestly."),
            submit=True,
            now=utcnow(),
        )
        # A second judged workshop still in setup (its rubric editable) and a declared conflict.
        setup = Workshop(
            cohort_id=session.get(Team, team_id).cohort_id,
            position=2,
            title="Pilot",
            brief="",
            judged=True,
            opens_at=utcnow() - timedelta(days=5),
            deadline=utcnow() - timedelta(days=1),
        )
        session.add(setup)
        conflict = Conflict(
            mentor_id=data["mentors"][2][0],
            team_id=data["teams"][1],
            reason="Former colleague",
            declared_by=data["mentors"][2][0],
        )
        session.add(conflict)
        session.commit()
        assignment_id, setup_id, conflict_id = assignment.id, setup.id, conflict.id
        assignment_code = assignment.code
    # A member of the team before publication (who may read the team's own submission, not
    # its scores) and an unassigned mentor (who may read neither).
    member, mentor = data["team_emails"][0], data["mentors"][1][1]
    for email, secrets in (
        (member, ["Weak team, honestly.", "Needs work"]),
        (mentor, ["Weak team, honestly.", "Needs work", SECRET_SUMMARY, "Our pitch: Lanterns along"]),
    ):
        client = run_async(
            _attack(
                server.url,
                session_token_for(server, email),
                team_id,
                assignment_code,
                assignment_id,
                data["mentors"][2][0],
                setup_id,
                conflict_id,
                email == member,
            )
        )
        text = client.received_text()
        for secret in secrets:
            assert secret not in text, (email, secret)
        if email == member:
            assert "Our pitch: Lanterns along" in text  # the attack really reached the team page
    with server.session() as session:
        assert {
            a.mentor_id
            for a in session.exec(select(ReviewAssignment).where(ReviewAssignment.workshop_id == workshop_id))
        } == {data["mentors"][0][0]}
        scores = session.exec(select(Score).where(Score.workshop_id == workshop_id)).all()
        assert [(s.mentor_id, s.comment) for s in scores] == [(data["mentors"][0][0], "Needs work")]
        assert [
            (c.id, c.reason)
            for c in session.exec(select(Conflict).where(Conflict.team_id.in_(data["teams"])))
        ] == [(conflict_id, "Former colleague")]
        assert session.exec(select(Criterion).where(Criterion.name == "Hijacked")).all() == []
        assert (
            session.exec(select(JudgingRound.state).where(JudgingRound.workshop_id == workshop_id))
            .one()
            .value
            == "open"
        )


def test_the_secretariat_sets_when_scoring_closes(page: Page, server):
    data = judging_cohort(server, "E2E-close")
    restore_mentors(server, data["demo_mentors"])  # this test assigns nobody
    login(page, server, "secretariat@champions.example", "champions-demo")
    expect(page).to_have_url(re.compile("/secretariat$"), timeout=20000)
    page.goto(server.url + "/secretariat/judging")
    page.get_by_label("Cohort").select_option(data["cohort"])
    expect(page.get_by_label("Workshop", exact=True)).to_have_value(str(data["workshop"]), timeout=15000)
    expect(page.get_by_test_id("scoring-closes")).to_have_text(
        "No scoring close time is set: mentors get no reminder before it.", timeout=15000
    )
    page.get_by_label("Scoring closes on (Seoul time)").fill("2020-01-01")
    page.get_by_label("Time (Seoul)", exact=True).fill("12:00")
    page.get_by_role("button", name="Save the close time").click()
    expect(page.get_by_text("Choose a time in the future.")).to_be_visible(timeout=15000)
    with server.session() as session:
        assert session.exec(
            select(JudgingRound.scoring_closes_at).where(JudgingRound.workshop_id == data["workshop"])
        ).all() in ([], [None])
    day = (datetime.now(UTC) + timedelta(days=30)).date()
    page.get_by_label("Scoring closes on (Seoul time)").fill(day.isoformat())
    page.get_by_label("Time (Seoul)", exact=True).fill("18:00")
    page.get_by_role("button", name="Save the close time").click()
    expect(page.get_by_test_id("scoring-closes")).to_contain_text(
        f"{day.day} {day.strftime('%b')} {day.year}, 18:00 KST", timeout=15000
    )
    with server.session() as session:
        closes = session.exec(
            select(JudgingRound.scoring_closes_at).where(JudgingRound.workshop_id == data["workshop"])
        ).one()
        assert closes == datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
