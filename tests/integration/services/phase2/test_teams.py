"""Phase 2 against a migrated database: team rules, auto-forming, deadlines and extensions,
versioned submissions (also under concurrent submits) and who may fetch a file."""

import json
import tempfile
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import Session, select

from champions.infra import files as storage
from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.models import (
    ApplicationStatus,
    AttendanceStatus,
    AuditEntry,
    LectureMode,
    ReviewAssignment,
    Role,
    SubmissionFile,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
    Workshop,
)
from champions.services.phase1.attendance import record_attendance
from champions.services.phase1.lectures import CheckedLecture, save_lecture
from champions.services.phase2.submissions import (
    can_download_file,
    cohort_standings,
    counted_version,
    submit_workshop,
    versions_of,
    workshop_state,
)
from champions.services.phase2.teams import (
    Candidate,
    auto_form_teams,
    country_spread,
    create_team,
    join_team,
    leave_team,
    move_member,
    set_team_locked,
    update_team,
)
from champions.services.phase2.uploads import ReceivedFile, ReceivedForm
from champions.services.phase2.workshops import grant_extension
from champions.services.registration.applications import decide_applications
from tests.support.files import EXE, PNG, pdf

from tests.integration.conftest import race, row_count

LECTURE_START = datetime(2022, 3, 10, 1, 0, tzinfo=timezone.utc)
OPENS = datetime(2022, 5, 1, 1, 0, tzinfo=timezone.utc)
DEADLINE = datetime(2022, 5, 11, 9, 0, tzinfo=timezone.utc)
SECOND = timedelta(seconds=1)
COUNTRIES = ["KR", "KR", "BR", "KE", "KE", "TR", "VN", "KR", "BR", "UG", "KE"]


@pytest.fixture
def completers(session, cohort, register, secretariat):
    """Eleven accepted participants with Phase 1 complete (5 of 5 lectures), one accepted
    participant who attended none, and a waitlisted applicant."""
    cohort.capacity = 50
    session.add(cohort)
    made = [register(full_name=f"Person {i:02d}", email=f"p{i:02d}@example.org", country=country)
            for i, country in enumerate(COUNTRIES + ["MX", "FR"])]
    decide_applications(session=session, actor=secretariat, cohort_id=cohort.id,
                        application_ids=[a.id for _, a in made[:12]], decision=ApplicationStatus.ACCEPTED)
    decide_applications(session=session, actor=secretariat, cohort_id=cohort.id,
                        application_ids=[made[12][1].id], decision=ApplicationStatus.WAITLISTED)
    for i in range(5):
        start = LECTURE_START + timedelta(days=7 * i)
        lecture = save_lecture(session=session, actor=secretariat, cohort=cohort, checked=CheckedLecture(
            title=f"L{i}", speaker="S", description="", starts_at=start, ends_at=start + timedelta(hours=2),
            mode=LectureMode.ONLINE, join_url="https://meet.example.org/x", venue="", recording_url=""))
        record_attendance(session=session, actor=secretariat, lecture_id=lecture.id,
                          marks={user.id: AttendanceStatus.PRESENT for user, _ in made[:11]},
                          now=start + timedelta(hours=1))
    session.commit()
    return [user for user, _ in made]


@pytest.fixture
def workshop(session, cohort) -> Workshop:
    made = Workshop(cohort_id=cohort.id, position=1, title="Problem framing", brief="", opens_at=OPENS,
                    deadline=DEADLINE)
    session.add(made)
    session.commit()
    return made


def reason_of(error) -> str:
    return error.value.reasons[0].message


# --- team rules ---------------------------------------------------------------------------


def test_create_and_join_by_invite_code_until_full(session, cohort, completers):
    team = create_team(session=session, user=completers[0], cohort=cohort, name="  Safe   Steps ",
                       challenge="Night safety", city="Seoul")
    assert team.name == "Safe Steps" and len(team.invite_code) == 8
    for person in completers[1:5]:
        join_team(session=session, user=person, code=team.invite_code.lower())
    with pytest.raises(RuleViolation) as error:
        join_team(session=session, user=completers[5], code=team.invite_code)
    assert reason_of(error) == "This team is full (5 members)."
    session.commit()
    assert row_count(session.get_bind(), "team_member") == 5



def test_two_people_taking_the_last_place_of_a_team_at_once_on_two_workers(session, engine, cohort, completers):
    """The second joiner waits for the first to commit and is told the team is full."""
    team = create_team(session=session, user=completers[0], cohort=cohort, name="Safe Steps", challenge="",
                       city="")
    for person in completers[1:4]:
        join_team(session=session, user=person, code=team.invite_code)
    session.commit()
    fifth, sixth = completers[4].id, completers[5].id
    outcome = race(engine, lambda one: join_team(session=one, user=one.get(User, fifth), code=team.invite_code),
                   lambda two: join_team(session=two, user=two.get(User, sixth), code=team.invite_code))
    assert outcome["waited"] is True
    assert isinstance(outcome["error"], RuleViolation)
    assert outcome["error"].reasons[0].message == "This team is full (5 members)."
    assert row_count(engine, "team_member") == 5

@pytest.mark.parametrize(("who", "message"), [
    (11, "Teams are for participants who completed Phase 1."),
    (12, "Only accepted participants can be in a team."),
])
def test_only_accepted_completers_can_be_in_a_team(session, cohort, completers, who, message):
    team = create_team(session=session, user=completers[0], cohort=cohort, name="A", challenge="", city="")
    with pytest.raises(RuleViolation) as error:
        join_team(session=session, user=completers[who], code=team.invite_code)
    assert reason_of(error) == message
    with pytest.raises(RuleViolation) as error:
        create_team(session=session, user=completers[who], cohort=cohort, name="B", challenge="", city="")
    assert reason_of(error) == message


def test_a_name_of_the_longest_length_is_kept_even_when_casefolding_spells_it_out(session, cohort, completers):
    """"ß" casefolds to "ss" (and "ﬃ" to "ffi"): the key that keeps names unique can be longer
    than the 80 characters a name may have, and PostgreSQL, unlike SQLite, refuses a value
    longer than its column."""
    name = "Straßenfest " + "ß" * 68
    assert len(name) == 80
    team = create_team(session=session, user=completers[0], cohort=cohort, name=name, challenge="", city="")
    session.commit()
    assert session.get(Team, team.id).name_key == "strassenfest " + "ss" * 68
    with pytest.raises(RuleViolation) as error:
        create_team(session=session, user=completers[1], cohort=cohort, name="STRAßENFEST " + "ß" * 68, challenge="",
                    city="")
    assert error.value.by_field() == {"name": "Another team of this cohort has this name."}


def test_one_team_per_person_and_names_unique_in_the_cohort(session, cohort, completers):
    team = create_team(session=session, user=completers[0], cohort=cohort, name="Green Shade", challenge="",
                       city="")
    with pytest.raises(RuleViolation) as error:
        create_team(session=session, user=completers[0], cohort=cohort, name="Other", challenge="", city="")
    assert reason_of(error) == "You are already in a team for this cohort."
    with pytest.raises(RuleViolation) as error:
        create_team(session=session, user=completers[1], cohort=cohort, name="GREEN  shade", challenge="", city="")
    assert error.value.by_field() == {"name": "Another team of this cohort has this name."}
    with pytest.raises(RuleViolation) as error:
        join_team(session=session, user=completers[0], code=team.invite_code)
    assert reason_of(error) == "You are already in a team for this cohort."
    with pytest.raises(RuleViolation) as error:
        join_team(session=session, user=completers[1], code="NOPE1234")
    assert error.value.by_field() == {"code": "No team has this invite code. Check it with your team."}


def test_leaving_before_the_first_submission_and_locked_teams(session, cohort, completers, workshop, secretariat):
    team = create_team(session=session, user=completers[0], cohort=cohort, name="T", challenge="", city="")
    join_team(session=session, user=completers[1], code=team.invite_code)
    leave_team(session=session, user=completers[1], cohort_id=cohort.id)
    join_team(session=session, user=completers[1], code=team.invite_code)
    set_team_locked(session=session, actor=completers[0], team_id=team.id, locked=True)
    with pytest.raises(RuleViolation, match="locked by the secretariat"):
        join_team(session=session, user=completers[2], code=team.invite_code)
    with pytest.raises(RuleViolation, match="locked by the secretariat"):
        leave_team(session=session, user=completers[1], cohort_id=cohort.id)
    session.commit()
    audited = row_count(session.get_bind(), "audit_entry")
    with pytest.raises(RuleViolation, match="locked by the secretariat; ask it to change the details"):
        update_team(session=session, actor=completers[1], team_id=team.id, name="Renamed", challenge="", city="")
    update_team(session=session, actor=secretariat, team_id=team.id, name="T", challenge="", city="")  # no change
    session.commit()
    assert row_count(session.get_bind(), "audit_entry") == audited
    update_team(session=session, actor=secretariat, team_id=team.id, name="Renamed by staff", challenge="", city="")
    assert session.get(Team, team.id).name == "Renamed by staff"
    set_team_locked(session=session, actor=completers[0], team_id=team.id, locked=False)
    session.commit()
    submit(session, completers[0], workshop, OPENS + SECOND)
    with pytest.raises(RuleViolation, match="has submitted work"):
        leave_team(session=session, user=completers[1], cohort_id=cohort.id)


def test_the_last_member_leaving_removes_the_team(session, cohort, completers):
    team = create_team(session=session, user=completers[0], cohort=cohort, name="Solo", challenge="", city="")
    leave_team(session=session, user=completers[0], cohort_id=cohort.id)
    session.commit()
    assert session.get(Team, team.id) is None


def test_auto_forming_is_deterministic_within_bounds_and_spreads_countries(session, cohort, completers,
                                                                           secretariat):
    outcome = auto_form_teams(session=session, actor=secretariat, cohort=cohort)
    session.commit()
    assert outcome.message == "Formed 3 teams from 11 completers." and outcome.left_out == []
    teams = [[Candidate(m.user_id, COUNTRIES[[u.id for u in completers].index(m.user_id)])
              for m in session.exec(select(TeamMember).where(TeamMember.team_id == team.id))]
             for team in outcome.teams]
    assert sorted(len(t) for t in teams) == [3, 4, 4]
    assert max(country_spread(teams).values()) <= 1
    assert [t.name for t in outcome.teams] == ["Team 1", "Team 2", "Team 3"]
    again = auto_form_teams(session=session, actor=secretariat, cohort=cohort)
    assert again.teams == [] and again.message == "Every Phase 1 completer is already in a team."
    actions = [e.action for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "team"))]
    assert actions == ["team_auto_formed"] * 3


def test_secretariat_moves_people_by_hand_within_the_maximum(session, cohort, completers, secretariat):
    first = create_team(session=session, user=completers[0], cohort=cohort, name="First", challenge="", city="")
    second = create_team(session=session, user=completers[1], cohort=cohort, name="Second", challenge="", city="")
    move_member(session=session, actor=secretariat, user_id=completers[0].id, to_team_id=second.id)
    for person in completers[2:5]:
        move_member(session=session, actor=secretariat, user_id=person.id, to_team_id=second.id)
    with pytest.raises(RuleViolation, match="Second is full"):
        move_member(session=session, actor=secretariat, user_id=completers[5].id, to_team_id=second.id)
    session.commit()
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "team_member_moved")).first()
    assert (json.loads(entry.before), json.loads(entry.after)) == ({"team_id": first.id}, {"team_id": second.id})


# --- submissions ----------------------------------------------------------------------------


def form(tmp, files: list[tuple[str, bytes]], **fields) -> ReceivedForm:
    values = {"title": "Our framing", "summary": "Dark streets near campus.", "link": "", **fields}
    received = ReceivedForm(fields=values)
    for i, (name, data) in enumerate(files):
        path = tmp / f"in-{i}-{threading.get_ident()}-{name.replace('/', '_')[:40]}"
        path.write_bytes(data)
        received.files.append(ReceivedFile(original_name=name, temp_path=str(path), size=len(data), sha256="x"))
    return received


def factory_for(session: Session):
    """New sessions on the test's database, each committed, as the app's `session_scope`."""
    return lambda: session_scope(session.get_bind())


def submit(session, user, workshop, now, files=(("deck.pdf", pdf()),), tmp=None, **fields):
    folder = Path(tmp or tempfile.mkdtemp())
    return submit_workshop(session_factory=factory_for(session), user_id=user.id, workshop_id=workshop.id,
                           received=form(folder, list(files), **fields), now=now)


@pytest.fixture
def team(session, cohort, completers):
    made = create_team(session=session, user=completers[0], cohort=cohort, name="T", challenge="", city="")
    join_team(session=session, user=completers[1], code=made.invite_code)
    join_team(session=session, user=completers[2], code=made.invite_code)
    session.commit()
    return made


def test_each_submit_is_a_new_version_with_its_files_recorded(session, team, completers, workshop, tmp_path):
    first = submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    second = submit(session, completers[1], workshop, OPENS + 2 * SECOND, files=[("photo.png", PNG)],
                    keep_previous="yes", tmp=tmp_path)
    assert (first.number, second.number) == (1, 2)
    files = session.exec(select(SubmissionFile).where(SubmissionFile.version_id == second.id)).all()
    assert sorted(f.original_name for f in files) == ["deck.pdf", "photo.png"]
    png = next(f for f in files if f.original_name == "photo.png")
    assert (png.size, png.content_type, len(png.public_id) >= 24) == (len(PNG), "image/png", True)
    assert storage.stored_path(png.stored_name).read_bytes() == PNG
    assert png.stored_name != "photo.png" and str(storage.files_dir()) in str(storage.stored_path(png.stored_name))


@pytest.mark.parametrize(("files", "field", "message"), [
    ([("setup.pdf", EXE)], "files", "'setup.pdf' is not really a PDF file; export it again and retry."),
    ([("empty.pdf", b"")], "files", "'empty.pdf' is empty."),
    ([("../../x.pdf", pdf())], "files", "'../../x.pdf' is not a plain file name."),
    ([(f"f{i}.png", PNG) for i in range(6)], "files", "A version has at most 5 files (0 kept from the previous "
                                                      "version)."),
])
def test_refused_files_store_nothing(session, team, completers, workshop, tmp_path, files, field, message):
    with pytest.raises(RuleViolation) as error:
        submit(session, completers[0], workshop, OPENS + SECOND, files=files, tmp=tmp_path)
    assert error.value.by_field()[field] == message
    assert row_count(session.get_bind(), "submission_version") == 0
    assert [p for p in storage.files_dir().rglob("*") if p.is_file()] == []


def test_fields_are_checked(session, team, completers, workshop, tmp_path):
    with pytest.raises(RuleViolation) as error:
        submit(session, completers[0], workshop, OPENS + SECOND, title="", summary="word " * 501,
               link="javascript:alert(1)", tmp=tmp_path)
    assert error.value.by_field() == {"title": "Give your submission a title.",
                                      "summary": "Keep the summary to 500 words (you wrote 501).",
                                      "link": "Enter a full web address starting with https://."}


@pytest.mark.parametrize(("moment", "ok"), [
    (OPENS - SECOND, False), (OPENS, True), (DEADLINE, True), (DEADLINE + SECOND, False)])
def test_deadline_edges(session, team, completers, workshop, tmp_path, moment, ok):
    if ok:
        assert submit(session, completers[0], workshop, moment, tmp=tmp_path).number == 1
    else:
        with pytest.raises(RuleViolation) as error:
            submit(session, completers[0], workshop, moment, tmp=tmp_path)
        assert error.value.reasons[0].code in ("not_open", "deadline_passed")


def test_an_extension_reopens_for_that_team_only_and_marks_versions(session, cohort, team, completers, secretariat,
                                                                    workshop, tmp_path):
    other = create_team(session=session, user=completers[5], cohort=cohort, name="Other", challenge="", city="")
    session.commit()
    submit(session, completers[0], workshop, DEADLINE - SECOND, tmp=tmp_path)
    with pytest.raises(RuleViolation) as error:
        grant_extension(session=session, actor=secretariat, team_id=team.id, workshop_id=workshop.id,
                        deadline=DEADLINE, reason="")
    assert error.value.by_field() == {"reason": "Say why the team gets more time.",
                                      "deadline_day": "An extension must end after the workshop's deadline."}
    grant_extension(session=session, actor=secretariat, team_id=team.id, workshop_id=workshop.id,
                    deadline=DEADLINE + timedelta(days=1), reason="Power outage")
    session.commit()
    late = submit(session, completers[1], workshop, DEADLINE + timedelta(hours=3), tmp=tmp_path)
    assert (late.number, late.under_extension) == (2, True)
    with pytest.raises(RuleViolation, match="deadline has passed"):
        submit(session, completers[5], workshop, DEADLINE + timedelta(hours=3), tmp=tmp_path)
    with pytest.raises(RuleViolation, match="deadline has passed"):
        submit(session, completers[1], workshop, DEADLINE + timedelta(days=1) + SECOND, tmp=tmp_path)
    versions = versions_of(session=session, team_id=team.id, workshop_id=workshop.id)
    assert counted_version(versions, DEADLINE + timedelta(days=1)).number == 2
    standing = cohort_standings(session=session, cohort_id=cohort.id)[(team.id, workshop.id)]
    assert (standing.counted.number, standing.extension.reason) == (2, "Power outage")
    assert (other.id, workshop.id) not in cohort_standings(session=session, cohort_id=cohort.id)
    assert workshop_state(workshop, versions, DEADLINE + timedelta(days=1), DEADLINE + timedelta(days=2)) == "late"
    assert workshop_state(workshop, [], DEADLINE, DEADLINE + SECOND) == "missed"
    assert workshop_state(workshop, [], DEADLINE, OPENS) == "open"
    assert workshop_state(workshop, [], DEADLINE, OPENS - SECOND) == "not open"
    assert other is not None


def test_two_members_submitting_at_the_same_moment_both_get_versions(session, team, completers, workshop, tmp_path):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(user, name):
        folder = tmp_path / name
        folder.mkdir()
        received = form(folder, [(f"{name}.pdf", pdf(name))], title=f"From {name}")
        barrier.wait()
        try:
            results.append(submit_workshop(session_factory=factory_for(session), user_id=user.id,
                                           workshop_id=workshop.id, received=received, now=OPENS + SECOND))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(completers[i], f"member{i}")) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = versions_of(session=session, team_id=team.id, workshop_id=workshop.id)
    assert sorted(v.number for v in versions) == [1, 2]
    by_title = {v.title: v for v in versions}
    for name in ("member0", "member1"):
        files = session.exec(select(SubmissionFile).where(SubmissionFile.version_id == by_title[f"From {name}"].id)
                             ).all()
        assert [f.original_name for f in files] == [f"{name}.pdf"]


def test_who_may_fetch_a_file(session, cohort, team, completers, secretariat, workshop, make_user, tmp_path):
    version = submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    file = session.exec(select(SubmissionFile).where(SubmissionFile.version_id == version.id)).one()
    other_team = create_team(session=session, user=completers[5], cohort=cohort, name="Other", challenge="", city="")
    assigned = make_user(email="assigned@example.org", full_name="Assigned Mentor", role=Role.MENTOR)
    unassigned = make_user(email="free@example.org", full_name="Free Mentor", role=Role.MENTOR)
    session.add(ReviewAssignment(team_id=team.id, workshop_id=workshop.id, mentor_id=assigned.id))
    session.commit()
    allowed = {who: can_download_file(session=session, user=user, file=file) for who, user in [
        ("member", completers[1]), ("secretariat", secretariat), ("assigned mentor", assigned),
        ("other team", completers[5]), ("outsider", completers[11]), ("unassigned mentor", unassigned),
        ("nobody", None)]}
    assert allowed == {"member": True, "secretariat": True, "assigned mentor": True, "other team": False,
                       "outsider": False, "unassigned mentor": False, "nobody": False}
    assert other_team.id != team.id
    assert can_download_file(session=session, user=completers[1], file=None) is False
    assert session.exec(select(SubmissionVersion)).one().submitted_by == completers[0].id
