"""The cohort dashboard against a real database: a cohort with known counts, built through the
services, and every figure the dashboard shows asserted, unfiltered and filtered; the figures
agree with Phase 1 progress; the `stats` command prints the same."""

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from champions.cli import main
from champions.models import (
    ApplicationStatus,
    AttendanceStatus,
    AwardCategory,
    AwardEntry,
    AwardKind,
    Extension,
    LectureMode,
    ReviewAssignment,
    Role,
    Score,
    SubmissionVersion,
    Team,
    TeamMember,
    Workshop,
)
from champions.services.dashboard.export import dashboard_json, dashboard_table
from champions.services.dashboard.figures import Filters, cohort_dashboard, filter_refusal
from champions.services.phase1.attendance import record_attendance
from champions.services.phase1.lectures import CheckedLecture, save_lecture
from champions.services.phase1.progress import at_risk, phase1_progress
from champions.services.registration.applications import decide_applications

UTC = timezone.utc
NOW = datetime(2022, 6, 10, 12, 0, tzinfo=UTC)
FIRST_LECTURE = datetime(2022, 3, 4, 1, 0, tzinfo=UTC)
P, A = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT
# (name, country, decision): twelve applicants.
PEOPLE = [("KR one", "KR", "accepted"), ("KR two", "KR", "accepted"), ("KR three", "KR", "accepted"),
          ("JP one", "JP", "accepted"), ("BR one", "BR", "accepted"), ("BR two", "BR", "waitlisted"),
          ("KE one", "KE", "accepted"), ("KE two", "KE", "accepted"), ("FR one", "FR", "accepted"),
          ("FR two", "FR", "rejected"), ("TR one", "TR", "accepted"), ("EG one", "EG", "submitted")]
# Attendance at the six lectures: six people at all, FR one at five, KE two at the first two, TR one at none.
ATTENDANCE = {"KR one": [P] * 6, "KR two": [P] * 6, "KR three": [P] * 6, "JP one": [P] * 6, "KE one": [P] * 6,
              "BR one": [P] * 6, "FR one": [P] * 5 + [A], "KE two": [P, P, A, A, A, A]}
WORKSHOP_DEADLINES = [datetime(2022, 5, 1, 15, tzinfo=UTC), datetime(2022, 5, 15, 15, tzinfo=UTC),
                      datetime(2022, 6, 5, 15, tzinfo=UTC)]


@pytest.fixture
def known(session, cohort, register, secretariat, make_user):
    """The known cohort. Returns the people by name."""
    cohort.capacity = 50
    session.add(cohort)
    people, applications = {}, {}
    for i, (name, country, _) in enumerate(PEOPLE):
        people[name], applications[name] = register(full_name=name, email=f"person{i}@example.org", country=country)
    applications["EG one"].eligible = False  # as if the age rule had failed
    session.add(applications["EG one"])
    for decision in ("accepted", "waitlisted", "rejected"):
        decide_applications(session=session, actor=secretariat, cohort_id=cohort.id,
                            application_ids=[applications[n].id for n, _, d in PEOPLE if d == decision],
                            decision=ApplicationStatus(decision))
    for i in range(6):
        start = FIRST_LECTURE + timedelta(days=7 * i)
        lecture = save_lecture(session=session, actor=secretariat, cohort=cohort, checked=CheckedLecture(
            title=f"Lecture {i + 1}", speaker="S", description="", starts_at=start, ends_at=start + timedelta(hours=2),
            mode=LectureMode.ONLINE, join_url="https://meet.example.org/x", venue="", recording_url=""))
        record_attendance(session=session, actor=secretariat, lecture_id=lecture.id,
                          marks={people[n].id: marks[i] for n, marks in ATTENDANCE.items()},
                          now=start + timedelta(hours=1))
    workshops = [Workshop(cohort_id=cohort.id, position=i + 1, title=f"Workshop {i + 1}", brief="",
                          opens_at=FIRST_LECTURE, deadline=deadline) for i, deadline in enumerate(WORKSHOP_DEADLINES)]
    session.add_all(workshops)
    teams = {"Alpha": ["KR one", "KR two", "JP one", "KE one"], "Beta": ["BR one", "FR one", "KE two"]}
    made = {}
    for name, members in teams.items():
        made[name] = Team(cohort_id=cohort.id, name=name, name_key=name.lower(), invite_code=name.upper())
        session.add(made[name])
        session.flush()
        session.add_all(TeamMember(team_id=made[name].id, cohort_id=cohort.id, user_id=people[m].id) for m in members)
    alpha, beta = made["Alpha"], made["Beta"]
    w1, w2, w3 = workshops

    def version(team, workshop, at, under_extension=False):
        session.add(SubmissionVersion(team_id=team.id, workshop_id=workshop.id, number=1, title="T", summary="S",
                                      submitted_by=people[teams[team.name][0]].id, submitted_at=at,
                                      under_extension=under_extension))

    version(alpha, w1, w1.deadline - timedelta(days=1))
    version(beta, w1, w1.deadline - timedelta(hours=1))
    version(alpha, w2, w2.deadline - timedelta(days=2))
    session.add(Extension(team_id=beta.id, workshop_id=w2.id, deadline=w2.deadline + timedelta(days=5), reason="Ill"))
    version(beta, w2, w2.deadline + timedelta(days=2), under_extension=True)
    session.add(Extension(team_id=beta.id, workshop_id=w3.id, deadline=NOW + timedelta(days=5), reason="Travel"))
    # Alpha never submits workshop 3: missing.
    mentor_one = make_user(email="m1@example.org", full_name="Mentor One", role=Role.MENTOR)
    mentor_two = make_user(email="m2@example.org", full_name="Mentor Two", role=Role.MENTOR)
    session.add_all([ReviewAssignment(team_id=alpha.id, workshop_id=w1.id, mentor_id=mentor_one.id),
                     ReviewAssignment(team_id=beta.id, workshop_id=w1.id, mentor_id=mentor_one.id),
                     ReviewAssignment(team_id=alpha.id, workshop_id=w2.id, mentor_id=mentor_two.id),
                     Score(team_id=alpha.id, workshop_id=w1.id, mentor_id=mentor_one.id, submitted=True,
                           submitted_at=NOW),
                     Score(team_id=beta.id, workshop_id=w1.id, mentor_id=mentor_one.id, submitted=False)])
    # A finalized list: the Champion Team (Beta) and one Certificate of Completion (KR one).
    champion = AwardCategory(cohort_id=cohort.id, position=1, name="Champion Team", kind=AwardKind.RANK, place=1)
    completion = AwardCategory(cohort_id=cohort.id, position=2, name="Certificate of Completion",
                               kind=AwardKind.COMPLETION)
    session.add_all([champion, completion])
    session.flush()
    session.add_all([
        AwardEntry(cohort_id=cohort.id, category_id=champion.id, order=1, award="Champion Team", kind=AwardKind.RANK,
                   team_id=beta.id, team_name="Beta", recipient="Beta", members="[]"),
        AwardEntry(cohort_id=cohort.id, category_id=completion.id, order=2, award="Certificate of Completion",
                   kind=AwardKind.COMPLETION, user_id=people["KR one"].id, recipient="KR one", members="[]"),
    ])
    session.commit()
    return people


FUNNEL = [("applied", 12), ("eligible", 11), ("accepted", 9), ("Phase 1 active", 8), ("Phase 1 complete", 7),
          ("in a team", 7), ("submitted workshop 1", 7), ("submitted workshop 2", 7), ("submitted workshop 3", 0),
          ("judged", 4), ("awarded", 4)]


def test_every_figure_of_the_known_cohort(session, cohort, known):
    board = cohort_dashboard(session=session, cohort=cohort, now=NOW)
    assert [(s.stage, s.count) for s in board.funnel] == FUNNEL
    assert [(r.name, r.applicants, r.eligible, r.accepted) for r in board.regions] == [
        ("Africa", 2, 2, 2), ("Americas", 2, 2, 1), ("Asia-Pacific", 4, 4, 4), ("Europe", 3, 3, 2),
        ("Middle East", 1, 0, 0)]
    assert [(r.code, r.name, r.region, r.applicants, r.eligible, r.accepted) for r in board.countries] == [
        ("KR", "South Korea", "Asia-Pacific", 3, 3, 3), ("BR", "Brazil", "Americas", 2, 2, 1),
        ("FR", "France", "Europe", 2, 2, 1), ("KE", "Kenya", "Africa", 2, 2, 2),
        ("EG", "Egypt", "Middle East", 1, 0, 0), ("JP", "Japan", "Asia-Pacific", 1, 1, 1),
        ("TR", "Türkiye", "Europe", 1, 1, 1)]
    # present, late, excused, absent, by recording, no record (TR one never recorded).
    assert [[r.counts[c] for c in r.counts] for r in board.lectures] == (
        [[8, 0, 0, 0, 0, 1]] * 2 + [[7, 0, 0, 1, 0, 1]] * 3 + [[6, 0, 0, 2, 0, 1]])
    assert [(r.name, r.counted, r.required, r.still_possible, r.why) for r in board.at_risk] == [
        ("KE two", 2, 5, 2, "can no longer complete Phase 1; missed the last two lectures"),
        ("TR one", 0, 5, 0, "can no longer complete Phase 1; missed the last two lectures")]
    assert board.workshops == ["1. Workshop 1", "2. Workshop 2", "3. Workshop 3"]
    assert [(r.team, r.cells) for r in board.matrix] == [("Alpha", ["on time", "on time", "missing"]),
                                                         ("Beta", ["on time", "late", "extension"])]
    assert [(t["on time"], t["late"], t["extension"], t["missing"]) for t in board.matrix_totals] == [
        (2, 0, 0, 0), (1, 1, 0, 0), (0, 0, 1, 1)]
    assert [(r.mentor, r.assigned, r.submitted, r.drafts, r.remaining) for r in board.judging] == [
        ("Mentor One", 2, 1, 1, 1), ("Mentor Two", 1, 0, 0, 1)]


def test_the_at_risk_list_follows_the_phase1_progress_rule(session, cohort, known):
    board = cohort_dashboard(session=session, cohort=cohort, now=NOW)
    progresses = phase1_progress(session=session, cohort=cohort, now=NOW)
    assert [r.name for r in board.at_risk] == sorted(p.full_name for p in at_risk(progresses))
    complete = sum(p.complete for p in progresses)
    assert dict((s.stage, s.count) for s in board.funnel)["Phase 1 complete"] == complete == 7
    # Mid-programme (after lecture 4), TR one has missed the last two and KE two can still not
    # finish: the same two, for the same reasons as the progress page gives.
    midway = FIRST_LECTURE + timedelta(days=21, hours=3)
    board = cohort_dashboard(session=session, cohort=cohort, now=midway)
    expected = at_risk(phase1_progress(session=session, cohort=cohort, now=midway))
    assert [(r.name, r.counted, r.why) for r in board.at_risk] == [
        (p.full_name, p.counted, "; ".join(p.risk_reasons())) for p in sorted(expected, key=lambda p: p.full_name)]


def test_filters_narrow_people_and_teams(session, cohort, known):
    europe = cohort_dashboard(session=session, cohort=cohort, filters=Filters(region="Europe"), now=NOW)
    assert [s.count for s in europe.funnel] == [3, 3, 2, 1, 1, 1, 1, 1, 0, 0, 1]
    assert [r.name for r in europe.regions] == ["Europe"]
    assert [r.code for r in europe.countries] == ["FR", "TR"]  # WeGO counts Turkey in Europe
    assert [r.team for r in europe.matrix] == ["Beta"]
    assert [(r.mentor, r.assigned, r.submitted, r.drafts) for r in europe.judging] == [("Mentor One", 1, 0, 1)]
    assert [[r.counts["present"], r.counts["absent"]] for r in europe.lectures] == [[1, 0]] * 5 + [[0, 1]]
    korea = cohort_dashboard(session=session, cohort=cohort, filters=Filters(country="KR"), now=NOW)
    assert [s.count for s in korea.funnel] == [3, 3, 3, 3, 3, 2, 2, 2, 0, 2, 1]
    assert [r.name for r in korea.regions] == ["Asia-Pacific"] and korea.at_risk == []
    assert [r.team for r in korea.matrix] == ["Alpha"]


@pytest.mark.parametrize("filters, field, message", [
    (Filters(region="Atlantis"), "region", "Choose one of the five WeGO regions."),
    (Filters(country="XX"), "country", "Choose a country from the list."),
    (Filters(region="Europe", country="KR"), "country", "South Korea is not in Europe."),
])
def test_filters_that_cannot_apply_say_why(filters, field, message):
    refusal = filter_refusal(filters)
    assert (refusal.field, refusal.message) == (field, message)


def test_each_table_exports_and_the_stats_command_prints_the_same_figures(session, cohort, known, capsys,
                                                                          monkeypatch):
    board = cohort_dashboard(session=session, cohort=cohort, now=NOW)
    fields, rows = dashboard_table(board, "at-risk")
    assert fields == ["name", "email", "country", "counted", "required", "still_possible", "why"]
    assert [r[:4] for r in rows] == [["KE two", "person7@example.org", "Kenya", 2], ["TR one", "person10@example.org",
                                                                                      "Türkiye", 0]]
    assert dashboard_table(board, "submissions") == (
        ["team", "1. Workshop 1", "2. Workshop 2", "3. Workshop 3"],
        [["Alpha", "on time", "on time", "missing"], ["Beta", "on time", "late", "extension"]])
    assert dashboard_json(board)["funnel"] == [{"stage": s, "count": n} for s, n in FUNNEL]
    # The command computes "now" itself: every lecture and deadline of the cohort is long past,
    # and Beta's extension too, so its workshop 3 is missing there.
    assert main(["stats", "--cohort", "2022", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["funnel"] == [{"stage": s, "count": n} for s, n in FUNNEL]
    assert printed["regions"][4] == {"region": "Middle East", "applicants": 1, "eligible": 0, "accepted": 0}
    assert [t["name"] for t in printed["at_risk"]] == ["KE two", "TR one"]
    assert printed["submissions"]["teams"][1] == {"team": "Beta", "1. Workshop 1": "on time",
                                                  "2. Workshop 2": "late", "3. Workshop 3": "missing"}
    assert main(["stats", "--cohort", "2022", "--format", "csv-judging", "--country", "fr"]) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")))) == [
        ["mentor", "assigned", "submitted", "drafts", "remaining"], ["Mentor One", "1", "0", "1", "1"]]
    assert main(["stats", "--cohort", "2022", "--region", "Europe", "--country", "KR"]) == 2
    assert capsys.readouterr().err == "error: South Korea is not in Europe.\n"
    assert main(["stats", "--cohort", "1999"]) == 2
