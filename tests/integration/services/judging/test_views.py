"""What the judging pages show, against a migrated database: a mentor's queue (blind labels,
nothing of a conflicted or unassigned submission), who may open a review, the secretariat's
judging page, and the sentence after an automatic assignment."""

import re

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import ReviewAssignment, Team, Workshop
from champions.services.judging.assignment import (
    AssignmentPlan,
    AssignmentReport,
    auto_assign,
    declare_conflict,
)
from champions.services.judging.rubrics import criteria_of, move_round
from champions.services.judging.scoring import ScoreForm, save_score
from champions.services.judging.views import (
    AssignmentLine,
    ConflictLine,
    CriterionLine,
    JudgingAdminPage,
    RubricLine,
    SubmissionChoice,
    auto_assign_summary,
    judging_admin_page,
    mentor_queue_page,
    review_page,
)
from champions.services.teams.teams import assign_coach
from champions.services.views import Choice

from ...conftest import TODAY
from .conftest import AFTER, assigned_mentor, full, reason_of

NOT_ASSIGNED = "This submission is not assigned to you."
CONFLICTED = "You have a conflict of interest with this team, so you cannot score it."


@pytest.fixture
def elsewhere_team(session, cohort_a_year_earlier) -> Team:
    """A team of another cohort (2021, a year earlier), with a judged workshop."""
    other = cohort_a_year_earlier
    team = Team(
        cohort_id=other.id, name="Elsewhere", name_key="elsewhere", invite_code="ELSEWHRE", city="Lima"
    )
    session.add(team)
    session.commit()
    return team


def assignments_of(session, mentor) -> set[tuple[int, int]]:
    return {
        (a.team_id, a.workshop_id)
        for a in session.exec(select(ReviewAssignment).where(ReviewAssignment.mentor_id == mentor.id))
    }


def code_of(session, mentor) -> dict[tuple[int, int], str]:
    return {
        (a.team_id, a.workshop_id): a.code
        for a in session.exec(select(ReviewAssignment).where(ReviewAssignment.mentor_id == mentor.id))
    }


# --- a mentor's queue -----------------------------------------------------------------------


def test_a_mentor_s_queue_names_submissions_blindly_and_only_their_own(session, open_round, elsewhere_team):
    teams, workshops = open_round["teams"], open_round["workshops"]
    position = {w.id: w.position for w in workshops}
    for mentor in open_round["mentors"]:
        page = mentor_queue_page(session=session, mentor_id=mentor.id, today=TODAY)
        mine = assignments_of(session, mentor)
        assert mine, "every mentor reviews something"
        codes = code_of(session, mentor)
        expected = sorted(
            mine, key=lambda key: (position[key[1]], f"Submission {position[key[1]]}-{codes[key]}")
        )
        assert [item.key for item in page.items] == [codes[key] for key in expected]
        assert [item.label for item in page.items] == [
            f"Submission {position[w]}-{codes[(t, w)]}" for t, w in expected
        ]
        assert [item.workshop for item in page.items] == [
            f"Workshop {position[w]}: W{position[w]}" for _, w in expected
        ]
        assert {(item.round, item.status) for item in page.items} == {("open", "Not started")}
        assert page.progress_text == f"0 of {len(mine)} scored"
        # Blind: no team's name, no member's name.
        for name in [t.name for t in teams] + [m.full_name for m in open_round["members"]]:
            assert name not in repr(page.items)


def test_a_queue_shows_team_names_when_judging_is_not_blind_and_counts_submitted_scores(
    session, cohort, open_round
):
    cohort.blind_judging = False
    session.add(cohort)
    session.commit()
    team, w = open_round["teams"][1], open_round["workshops"][0]
    mentor = assigned_mentor(session, team, w, open_round["mentors"])
    save_score(
        session=session,
        mentor=mentor,
        team_id=team.id,
        workshop_id=w.id,
        form=full(criteria_of(session=session, workshop_id=w.id)),
        submit=True,
        now=AFTER,
    )
    session.commit()
    page = mentor_queue_page(session=session, mentor_id=mentor.id, today=TODAY)
    line = next(item for item in page.items if item.key == code_of(session, mentor)[(team.id, w.id)])
    assert (line.label, line.status) == ("Team 1 — Workshop 2", "Submitted")
    assert page.progress_text == f"1 of {len(assignments_of(session, mentor))} scored"
    total = len(assignments_of(session, mentor))
    # In the mentor's language: the queue's labels, its workshops and its progress.
    korean = mentor_queue_page(session=session, mentor_id=mentor.id, today=TODAY, language="ko")
    line = next(item for item in korean.items if item.key == code_of(session, mentor)[(team.id, w.id)])
    assert line.label == "Team 1 — 워크숍 2"
    assert korean.progress_text == f"{total}건 중 1건 채점 완료"
    arabic = mentor_queue_page(session=session, mentor_id=mentor.id, today=TODAY, language="ar")
    assert arabic.progress_text == f"تم تقييم 1 من {total}"


def test_conflicted_submissions_leave_the_queue_though_still_assigned(session, open_round, secretariat):
    mentors, workshops = open_round["mentors"], open_round["workshops"]
    coached, declared = open_round["teams"][0], open_round["teams"][1]
    mentor = next(
        m
        for m in mentors
        if {(coached.id, workshops[0].id), (declared.id, workshops[0].id)} <= assignments_of(session, m)
    )
    # Coaching that came after the assignment, and a conflict declared once the round closed
    # (a closed round keeps its assignments).
    assign_coach(session=session, actor=secretariat, team_id=coached.id, mentor_id=mentor.id)
    for w in workshops:
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="close", now=AFTER)
    declare_conflict(
        session=session, actor=mentor, mentor_id=mentor.id, team_id=declared.id, reason="My cousin"
    )
    session.commit()
    kept = assignments_of(session, mentor)
    assert (coached.id, workshops[0].id) in kept and (declared.id, workshops[0].id) in kept
    page = mentor_queue_page(session=session, mentor_id=mentor.id, today=TODAY)
    by_code = {code: key for key, code in code_of(session, mentor).items()}
    shown = {by_code[item.key] for item in page.items}
    assert shown == {key for key in kept if key[0] not in (coached.id, declared.id)}
    assert page.progress_text == f"0 of {len(shown)} scored"
    assert {item.round for item in page.items} == {"closed"}
    for team in (coached, declared):
        for w in workshops:
            with pytest.raises(RuleViolation) as error:
                review_page(session=session, mentor_id=mentor.id, team_id=team.id, workshop_id=w.id)
            assert reason_of(error) == (CONFLICTED if (team.id, w.id) in kept else NOT_ASSIGNED)


def test_a_mentor_without_assignments_has_an_empty_queue(session, cohort, judged):
    page = mentor_queue_page(session=session, mentor_id=judged["mentors"][0].id, today=TODAY)
    assert (page.items, page.progress_text) == ([], "0 of 0 scored")


# --- a review -------------------------------------------------------------------------------


def test_an_assigned_mentor_reads_the_submission_blindly_with_their_own_score_only(session, open_round):
    team, w = open_round["teams"][2], open_round["workshops"][1]
    mentor = assigned_mentor(session, team, w, open_round["mentors"])
    colleague = next(
        m
        for m in open_round["mentors"]
        if m.id != mentor.id and (team.id, w.id) in assignments_of(session, m)
    )
    criteria = criteria_of(session=session, workshop_id=w.id)
    draft = ScoreForm({str(criteria[0].id): "8"}, "Promising", "Reminds me of last year's winner")
    save_score(
        session=session, mentor=mentor, team_id=team.id, workshop_id=w.id, form=draft, submit=False, now=AFTER
    )
    session.commit()
    page = review_page(session=session, mentor_id=mentor.id, team_id=team.id, workshop_id=w.id)
    review = page.review
    assert (review.label, review.workshop, review.challenge, review.city) == (
        f"Submission 3-{code_of(session, mentor)[(team.id, w.id)]}",
        "Workshop 3: W3",
        "Safer streets",
        "",  # blind: not even the city
    )
    assert (review.title, review.summary, review.status, review.round) == (
        "Team 2 W3",
        "Our idea.",
        "Draft saved",
        "open",
    )
    assert (review.comment, review.private_note) == ("Promising", "Reminds me of last year's winner")
    assert page.files == []
    assert page.criteria[0] == CriterionLine(
        str(criteria[0].id), criteria[0].name, criteria[0].guidance, "1 to 10", "1", "10", "8"
    )
    assert [c.value for c in page.criteria] == ["8", "", "", "", ""]
    assert open_round["members"][2].full_name not in repr(page)
    # A colleague on the same submission sees none of it.
    theirs = review_page(session=session, mentor_id=colleague.id, team_id=team.id, workshop_id=w.id)
    assert (theirs.review.status, theirs.review.comment, theirs.review.private_note) == (
        "Not started",
        "",
        "",
    )
    assert [c.value for c in theirs.criteria] == ["", "", "", "", ""]


@pytest.mark.parametrize(
    "who, which, message",
    [
        ("stranger", "assigned", NOT_ASSIGNED),
        ("secretariat", "assigned", "Only mentors score submissions."),
        ("nobody", "assigned", "Only mentors score submissions."),
        ("mentor", "no team", NOT_ASSIGNED),
        ("mentor", "no workshop", NOT_ASSIGNED),
        ("mentor", "another cohort's team", NOT_ASSIGNED),
        ("mentor", "coached", CONFLICTED),
    ],
)
def test_review_page_refusals(session, open_round, secretariat, elsewhere_team, who, which, message):
    team, w = open_round["teams"][0], open_round["workshops"][0]
    mentor = assigned_mentor(session, team, w, open_round["mentors"])
    if which == "coached":
        assign_coach(session=session, actor=secretariat, team_id=team.id, mentor_id=mentor.id)
        session.commit()
    people = {
        "mentor": mentor.id,
        "stranger": assigned_mentor(session, team, w, open_round["mentors"], assigned=False).id,
        "secretariat": secretariat.id,
        "nobody": 9999,
    }
    team_id = {"no team": 9999, "another cohort's team": elsewhere_team.id}.get(which, team.id)
    workshop_id = 9999 if which == "no workshop" else w.id
    with pytest.raises(RuleViolation) as error:
        review_page(session=session, mentor_id=people[who], team_id=team_id, workshop_id=workshop_id)
    assert reason_of(error) == message


# --- the secretariat's judging page ---------------------------------------------------------


def test_the_judging_page_without_any_cohort_is_empty(session):
    assert (
        judging_admin_page(session=session, cohort_name="", workshop_id="", today=TODAY) == JudgingAdminPage()
    )


def test_the_judging_page_without_judged_workshops(session, cohort, make_user):
    unjudged = Workshop(
        cohort_id=cohort.id,
        position=1,
        title="Warm-up",
        brief="",
        judged=False,
        opens_at=AFTER,
        deadline=AFTER,
    )
    session.add(unjudged)
    session.commit()
    page = judging_admin_page(session=session, cohort_name="2022", workshop_id="", today=TODAY)
    assert page == JudgingAdminPage(cohorts=["2022"], cohort="2022")


@pytest.mark.parametrize("asked, shown", [("", 0), ("first", 0), ("second", 1), ("9999", 0)])
def test_the_judging_page_shows_the_workshop_asked_its_round_rubric_and_assignments(
    session, open_round, secretariat, elsewhere_team, asked, shown
):
    workshops, mentors, teams = open_round["workshops"], open_round["mentors"], open_round["teams"]
    workshop_id = {"first": str(workshops[0].id), "second": str(workshops[1].id)}.get(asked, asked)
    chosen = workshops[shown]
    page = judging_admin_page(session=session, cohort_name="", workshop_id=workshop_id, today=TODAY)
    assert (page.cohorts, page.cohort) == (["2022", "2021"], "2022")
    assert page.workshops == [Choice(str(w.id), f"Workshop {w.position}: {w.title}") for w in workshops]
    assert (page.workshop, page.state) == (str(chosen.id), "open")
    assert page.rubric == [
        RubricLine(c.name, c.guidance, "1", "1", "10")
        for c in criteria_of(session=session, workshop_id=chosen.id)
    ]
    assert len(page.rubric) == 5
    rows = session.exec(select(ReviewAssignment).where(ReviewAssignment.workshop_id == chosen.id)).all()
    mentor_names, team_names = {m.id: m.full_name for m in mentors}, {t.id: t.name for t in teams}
    assert page.assignments == sorted(
        [
            AssignmentLine(str(a.id), team_names[a.team_id], mentor_names[a.mentor_id], "not started")
            for a in rows
        ],
        key=lambda line: (line.team, line.mentor),
    )
    assert len(page.assignments) == 12
    assert page.submissions == [SubmissionChoice(str(t.id), t.name) for t in teams]
    assert page.mentors == [Choice(str(m.id), m.full_name) for m in mentors]
    assert page.conflicts == []


def test_the_judging_page_lists_declared_conflicts_then_coaching_links(session, open_round, secretariat):
    mentors, teams = open_round["mentors"], open_round["teams"]
    declared = declare_conflict(
        session=session,
        actor=secretariat,
        mentor_id=mentors[0].id,
        team_id=teams[3].id,
        reason="Former employer",
    )
    assign_coach(session=session, actor=secretariat, team_id=teams[1].id, mentor_id=mentors[4].id)
    session.commit()
    page = judging_admin_page(session=session, cohort_name="2022", workshop_id="", today=TODAY)
    assert page.conflicts == [
        ConflictLine(str(declared.id), "Mentor 1", "Team 3", "Former employer"),
        ConflictLine("", "Mentor 5", "Team 1", "Coaches the team"),
    ]
    # The conflicted mentor's assignments to that team went with the declaration.
    assert ("Team 3", "Mentor 1") not in {(a.team, a.mentor) for a in page.assignments}


def test_another_cohort_s_judging_page_shows_none_of_this_one(session, open_round, elsewhere_team):
    page = judging_admin_page(session=session, cohort_name="2021", workshop_id="", today=TODAY)
    assert page == JudgingAdminPage(
        cohorts=["2022", "2021"],
        cohort="2021",
        mentors=[Choice(str(m.id), m.full_name) for m in open_round["mentors"]],
    )


# --- after an automatic assignment ----------------------------------------------------------


@pytest.mark.parametrize(
    "added, loads, removed, said",
    [
        (2, {1: 1, 2: 1}, 0, "Added 2 assignments. Mentors' loads: 1 to 1 submissions (spread 0)."),
        (
            3,
            {1: 2, 2: 0, 3: 5},
            2,
            "Added 3 assignments, removed 2 conflicted. Mentors' loads: 0 to 5 submissions (spread 5).",
        ),
        (0, {}, 0, "Added 0 assignments. There are no active mentors."),
        (0, {}, 1, "Added 0 assignments, removed 1 conflicted. There are no active mentors."),
    ],
)
def test_auto_assign_summary(added, loads, removed, said):
    plan = AssignmentPlan(added=[(1, 1, m) for m in range(added)], short={}, loads=loads)
    assert auto_assign_summary(AssignmentReport(plan, removed_conflicted=removed)) == said


def test_auto_assign_summary_of_a_real_assignment(session, cohort, judged, secretariat):
    for w in judged["workshops"]:
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER)
    # 4 teams x 2 workshops x 3 mentors over 5 mentors.
    first = auto_assign(session=session, actor=secretariat, cohort=cohort)
    assert (
        auto_assign_summary(first) == "Added 24 assignments. Mentors' loads: 4 to 5 submissions (spread 1)."
    )
    assign_coach(
        session=session, actor=secretariat, team_id=judged["teams"][0].id, mentor_id=judged["mentors"][0].id
    )
    coached = len(
        session.exec(
            select(ReviewAssignment).where(
                ReviewAssignment.team_id == judged["teams"][0].id,
                ReviewAssignment.mentor_id == judged["mentors"][0].id,
            )
        ).all()
    )
    again = auto_assign(session=session, actor=secretariat, cohort=cohort)
    loads = sorted(again.plan.loads.values())
    assert auto_assign_summary(again) == (
        f"Added {coached} assignments"
        + (f", removed {coached} conflicted" if coached else "")
        + f". Mentors' loads: {loads[0]} to {loads[-1]} submissions (spread {loads[-1] - loads[0]})."
    )


# --- blind judging stays blind (issue 22, finding 1) ----------------------------------------


def test_a_mentor_s_queue_page_carries_nothing_of_any_team(session, open_round, elsewhere_team):
    """Labels and keys are a random code: no team id, name or city, no member, and no list of
    the cohort's teams to match codes against."""
    planted = [t.name for t in open_round["teams"]] + [m.full_name for m in open_round["members"]]
    planted += ["Almaty", "Elsewhere", "Lima"]
    for mentor in open_round["mentors"]:
        page = mentor_queue_page(session=session, mentor_id=mentor.id, today=TODAY)
        assert page.items
        text = repr(page)
        for value in planted:
            assert value not in text
        for team in open_round["teams"]:
            assert f"{team.id:04d}" not in text and f"'{team.id}:" not in text
        for item in page.items:
            assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", item.key)
            assert item.label.endswith("-" + item.key)


def test_auto_assign_summary_in_korean_and_arabic():
    plan = AssignmentPlan(added=[(1, 1, m) for m in range(3)], short={}, loads={1: 2, 2: 0, 3: 5})
    report = AssignmentReport(plan, removed_conflicted=2)
    assert auto_assign_summary(report, "ko") == (
        "배정 3건을 추가하고 이해 충돌이 있는 2건을 삭제했습니다. 멘토별 부담: 제출물 0~5건(차이 5)."
    )
    assert auto_assign_summary(AssignmentReport(AssignmentPlan(added=[], short={}, loads={})), "ar") == (
        "أُضيف 0 من التكليفات. لا يوجد موجّهون نشطون."
    )
