"""Editions against a real database: creating one from nothing, editing it (an age-rule change
once applications exist is confirmed, re-evaluates them and is audited), opening registration,
archiving (read-only everywhere) and cloning with the dates moved by whole weeks."""

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from champions.infra.reasons import Reason, RuleViolation
from champions.models import (
    Application,
    ApplicationStatus,
    AuditEntry,
    AwardCategory,
    AwardKind,
    Cohort,
    Criterion,
    Lecture,
    LectureMode,
    Team,
    Workshop,
)
from champions.services.awards.views import award_page
from champions.services.dashboard.figures import Filters, cohort_dashboard
from champions.services.editions.clone import clone_edition
from champions.services.editions.editions import (
    ConfirmationNeeded,
    archive_edition,
    create_edition,
    edition_form,
    open_registration,
    update_edition,
)
from champions.services.editions.rules import EditionForm
from champions.services.editions.views import edition_lines, participant_ceremony
from champions.services.judging.rubrics import criteria_of
from champions.services.phase1.lectures import CheckedLecture, cancel_lecture, save_lecture
from champions.services.phase2.views import teams_page, workshops_page
from champions.services.registration.applications import decide_applications
from champions.services.registration.cohorts import open_cohort
from champions.services.results.views import results_page
from champions.services.teams.teams import create_team, team_eligibility

from ...conftest import TODAY

NEW = EditionForm(
    name="2023",
    title="Smart City Champions 2023",
    registration_opens="2023-02-20",
    registration_closes="2023-03-02",
    phase1_start="2023-03-03",
    phase1_end="2023-04-23",
    phase2_start="2023-04-24",
    phase2_end="2023-06-11",
    ceremony_date="2023-12-07",
    ceremony_time="15:00",
    ceremony_venue="Seoul City Hall",
    ceremony_join_url="https://meet.example.org/ceremony",
)


def audits(session, action: str) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def refused(call) -> list[Reason]:
    with pytest.raises(RuleViolation) as error:
        call()
    return error.value.reasons


def test_an_edition_from_an_empty_database(session, secretariat):
    cohort = create_edition(session=session, actor_id=secretariat.id, form=NEW)
    session.commit()
    stored = session.exec(select(Cohort)).one()
    assert stored.name == "2023" and stored.min_age is None and stored.max_age_exclusive == 35
    assert stored.ceremony_starts_at == datetime(2023, 12, 7, 6, 0, tzinfo=UTC)
    assert (stored.ceremony_venue, stored.ceremony_mode) == ("Seoul City Hall", "hybrid")
    assert stored.reference_date == date(2023, 3, 3)  # Phase 1's first day
    [entry] = audits(session, "edition.create")
    assert (entry.actor_id, entry.cohort_id) == (secretariat.id, cohort.id)
    assert json.loads(entry.after)["ceremony_starts_at"] == "2023-12-07T06:00:00+00:00"
    assert edition_form(stored) == replace(NEW, ceremony_zone="Asia/Seoul")  # the edit form round-trips


def test_a_refused_edition_changes_nothing(session, secretariat, cohort):
    overlapping = replace(NEW, registration_opens="2022-03-01", registration_closes="2022-03-03")
    reasons = refused(lambda: create_edition(session=session, actor_id=secretariat.id, form=overlapping))
    assert [(r.code, r.field) for r in reasons] == [("registration_overlap", "registration_opens")]
    session.rollback()
    assert [c.name for c in session.exec(select(Cohort))] == ["2022"]
    assert audits(session, "edition.create") == []


@pytest.fixture
def applicants(session, cohort, register):
    """Three applicants of 2022: 34, 29 and 17 on 4 March 2022 (Phase 1's first day)."""
    made = [
        register(full_name="Old Enough", email="old@example.org", date_of_birth="1987-06-01"),
        register(full_name="Middle Age", email="mid@example.org", date_of_birth="1992-06-01"),
        register(full_name="Young One", email="young@example.org", date_of_birth="2004-06-01"),
    ]
    return [application for _, application in made]


def test_an_age_rule_change_needs_a_confirmation_naming_whose_eligibility_changes(
    session, secretariat, cohort, applicants
):
    form = replace(edition_form(cohort), max_age_exclusive="30", min_age="18")
    with pytest.raises(ConfirmationNeeded) as needed:
        update_edition(session=session, actor_id=secretariat.id, cohort_id=cohort.id, form=form)
    assert [(c.name, c.eligible_before, c.eligible_after, c.age_after) for c in needed.value.changes] == [
        ("Old Enough", True, False, 34),
        ("Young One", True, False, 17),
    ]
    session.rollback()
    assert session.get(Cohort, cohort.id).max_age_exclusive == 35  # nothing changed yet

    outcome = update_edition(
        session=session, actor_id=secretariat.id, cohort_id=cohort.id, form=form, confirmed=True
    )
    session.commit()
    assert (outcome.changed, outcome.reevaluated) == (["max_age_exclusive", "min_age"], 2)
    eligible = {a.id: session.get(Application, a.id).eligible for a in applicants}
    assert eligible == {applicants[0].id: False, applicants[1].id: True, applicants[2].id: False}
    snapshot = json.loads(session.get(Application, applicants[2].id).eligibility_snapshot)
    assert [r["code"] for r in snapshot["reasons"]] == ["too_young"]
    changes = audits(session, "application.eligibility")
    assert [(e.entity_id, json.loads(e.before), json.loads(e.after)["eligible"]) for e in changes] == [
        (str(applicants[0].id), {"eligible": True}, False),
        (str(applicants[2].id), {"eligible": True}, False),
    ]
    [edit] = audits(session, "edition.update")
    assert (json.loads(edit.before), json.loads(edit.after)) == (
        {"max_age_exclusive": 35, "min_age": None},
        {"max_age_exclusive": 30, "min_age": 18},
    )


def test_moving_the_reference_date_is_an_age_rule_change(session, secretariat, cohort, applicants):
    form = replace(edition_form(cohort), age_reference_date="2022-06-01")  # Old Enough turns 35
    with pytest.raises(ConfirmationNeeded) as needed:
        update_edition(session=session, actor_id=secretariat.id, cohort_id=cohort.id, form=form)
    assert [c.name for c in needed.value.changes] == ["Old Enough"]


def test_other_changes_need_no_confirmation(session, secretariat, cohort, applicants):
    form = replace(edition_form(cohort), title="Champions 2022", capacity="40")
    outcome = update_edition(session=session, actor_id=secretariat.id, cohort_id=cohort.id, form=form)
    assert (outcome.changed, outcome.reevaluated) == (["title", "capacity"], 0)
    assert audits(session, "application.eligibility") == []


def test_the_capacity_cannot_go_below_those_accepted(session, secretariat, cohort, applicants):
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[a.id for a in applicants[:2]],
        decision=ApplicationStatus.ACCEPTED,
    )
    session.commit()
    form = replace(edition_form(cohort), capacity="1")
    assert refused(
        lambda: update_edition(session=session, actor_id=secretariat.id, cohort_id=cohort.id, form=form)
    ) == [
        Reason(
            "below_accepted", "2 applicants are already accepted: the capacity cannot be lower.", "capacity"
        )
    ]


def test_the_waitlist_stops_at_its_limit(session, secretariat, cohort, applicants):
    cohort.waitlist_capacity = 1
    session.add(cohort)
    session.commit()
    outcome = decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[a.id for a in applicants],
        decision=ApplicationStatus.WAITLISTED,
    )
    assert outcome.changed == [applicants[0].id]
    assert outcome.refused == [
        (applicants[1].id, Reason("waitlist_full", "The waitlist is full (1 waitlisted).")),
        (applicants[2].id, Reason("waitlist_full", "The waitlist is full (1 waitlisted).")),
    ]


def test_opening_registration_today(session, secretariat, cohort):
    upcoming = create_edition(session=session, actor_id=secretariat.id, form=NEW)
    session.commit()
    today = date(2023, 2, 1)
    assert open_cohort(session=session, today=today) is None
    open_registration(session=session, actor_id=secretariat.id, cohort_id=upcoming.id, today=today)
    session.commit()
    assert open_cohort(session=session, today=today).name == "2023"
    [entry] = audits(session, "edition.open_registration")
    assert json.loads(entry.after) == {"registration_opens": "2023-02-01"}
    assert refused(
        lambda: open_registration(
            session=session, actor_id=secretariat.id, cohort_id=upcoming.id, today=today
        )
    ) == [Reason("already_open", "Registration for this edition is already open.")]


def test_opening_registration_while_another_is_open_is_refused(session, secretariat, cohort):
    later = create_edition(session=session, actor_id=secretariat.id, form=NEW)
    session.commit()
    # On TODAY (1 February 2022) the 2022 registration is open: opening 2023's would overlap it.
    reasons = refused(
        lambda: open_registration(session=session, actor_id=secretariat.id, cohort_id=later.id, today=TODAY)
    )
    assert [r.code for r in reasons] == ["registration_overlap"]
    assert session.get(Cohort, later.id).registration_opens == date(2023, 2, 20)


def lecture(i: int, **overrides) -> CheckedLecture:
    start = datetime(2022, 3, 10, 1, 0, tzinfo=UTC) + timedelta(weeks=i)
    values = dict(
        title=f"Lecture {i + 1}",
        speaker="Dr. Lee",
        description="",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        mode=LectureMode.ONLINE,
        join_url="https://meet.example.org/l",
        venue="",
        recording_url="https://video.example.org/r",
    )
    return CheckedLecture(**{**values, **overrides})


def test_an_archived_edition_is_read_only_everywhere(session, secretariat, cohort, applicants, register):
    made = save_lecture(
        session=session,
        actor=secretariat,
        cohort=cohort,
        checked=lecture(0),
        now=datetime(2022, 2, 1, tzinfo=UTC),
    )
    session.commit()
    archive_edition(session=session, actor_id=secretariat.id, cohort_id=cohort.id, reason="The year is over.")
    session.commit()
    archived = [Reason("archived", "The 2022 edition is archived: it is read-only.")]
    cohort = session.get(Cohort, cohort.id)
    attempts = [
        lambda: save_lecture(session=session, actor=secretariat, cohort=cohort, checked=lecture(1)),
        lambda: cancel_lecture(
            session=session, actor=secretariat, lecture_id=made.id, reason="The speaker is ill today."
        ),
        lambda: decide_applications(
            session=session,
            actor=secretariat,
            cohort_id=cohort.id,
            application_ids=[applicants[0].id],
            decision=ApplicationStatus.ACCEPTED,
        ),
        lambda: update_edition(
            session=session, actor_id=secretariat.id, cohort_id=cohort.id, form=edition_form(cohort)
        ),
        lambda: archive_edition(
            session=session, actor_id=secretariat.id, cohort_id=cohort.id, reason="Again"
        ),
    ]
    for attempt in attempts:
        assert refused(attempt) == archived
        session.rollback()
    workshop = Workshop(
        cohort_id=cohort.id,
        position=1,
        title="W",
        opens_at=datetime(2022, 4, 25, tzinfo=UTC),
        deadline=datetime(2022, 5, 2, tzinfo=UTC),
    )
    session.add(workshop)
    assert refused(session.flush) == archived
    session.rollback()
    assert session.exec(select(Workshop)).all() == [] and session.get(Lecture, made.id).cancelled_at is None
    # Still read: the dashboard, the award page (its draft list and rubric made on first read).
    board = cohort_dashboard(session=session, cohort=cohort, filters=Filters("", ""))
    assert board is not None
    assert award_page(session=session, cohort_name="2022", today=TODAY).cohort == "2022"
    assert results_page(session=session, cohort_name="2022", today=TODAY) is not None
    assert teams_page(session=session, cohort_name="2022", today=TODAY) is not None
    assert workshops_page(session=session, cohort_name="2022", zone="Asia/Seoul", today=TODAY) is not None
    session.commit()
    assert open_cohort(session=session, today=TODAY) is None  # never open for registration
    [line] = edition_lines(session=session, today=TODAY, zone="Asia/Seoul")
    assert (line.status, line.archived, line.can_open) == ("Archived (read-only)", True, False)
    [entry] = audits(session, "edition.archive")
    assert entry.reason == "The year is over."


def test_archiving_needs_a_reason(session, secretariat, cohort):
    assert refused(
        lambda: archive_edition(session=session, actor_id=secretariat.id, cohort_id=cohort.id, reason="  ")
    ) == [Reason("required", "Say why the edition is archived.", "reason")]


def test_clone_copies_the_program_never_the_people(session, secretariat, cohort, applicants):
    made = [
        save_lecture(
            session=session,
            actor=secretariat,
            cohort=cohort,
            checked=lecture(i),
            now=datetime(2022, 2, 1, tzinfo=UTC),
        )
        for i in range(3)
    ]
    cancel_lecture(
        session=session,
        actor=secretariat,
        lecture_id=made[2].id,
        reason="Speaker ill",
        now=datetime(2022, 2, 1, tzinfo=UTC),
    )
    made[0].checkin_code = "ABC234"
    workshop = Workshop(
        cohort_id=cohort.id,
        position=1,
        title="Problem framing",
        brief="Frame it",
        opens_at=datetime(2022, 4, 25, 0, 0, tzinfo=UTC),
        deadline=datetime(2022, 5, 8, 14, 59, tzinfo=UTC),
        weight=2.0,
    )
    session.add(workshop)
    session.add(
        AwardCategory(cohort_id=cohort.id, position=1, name="Champion Team", kind=AwardKind.RANK, place=1)
    )
    session.flush()
    criteria_of(session=session, workshop_id=workshop.id)
    cohort.ceremony_starts_at = datetime(2022, 12, 8, 6, 0, tzinfo=UTC)
    session.add(cohort)
    session.commit()

    new = clone_edition(
        session=session,
        actor_id=secretariat.id,
        source_id=cohort.id,
        name="2023",
        title="Champions 2023",
        weeks="52",
    )
    session.commit()
    assert (new.name, new.title, new.capacity) == ("2023", "Champions 2023", cohort.capacity)
    for name in ("registration_opens", "phase1_start", "phase2_end", "ceremony_date"):
        before, after = getattr(cohort, name), getattr(new, name)
        assert after - before == timedelta(weeks=52) and after.weekday() == before.weekday()
    assert new.ceremony_starts_at == datetime(2023, 12, 7, 6, 0, tzinfo=UTC)
    copies = list(
        session.exec(select(Lecture).where(Lecture.cohort_id == new.id).order_by(Lecture.starts_at))
    )
    assert [(c.title, c.starts_at.astimezone(UTC)) for c in copies] == [
        ("Lecture 1", datetime(2023, 3, 9, 1, 0, tzinfo=UTC)),
        ("Lecture 2", datetime(2023, 3, 16, 1, 0, tzinfo=UTC)),
    ]  # the cancelled one stays behind
    assert all(c.checkin_code == "" and c.recording_url == "" and c.join_url for c in copies)
    [copy] = session.exec(select(Workshop).where(Workshop.cohort_id == new.id)).all()
    assert (copy.title, copy.brief, copy.weight, copy.position) == ("Problem framing", "Frame it", 2.0, 1)
    assert copy.deadline.astimezone(UTC) == datetime(2023, 5, 7, 14, 59, tzinfo=UTC)
    names = [
        c.name
        for c in session.exec(
            select(Criterion).where(Criterion.workshop_id == copy.id).order_by(Criterion.position)
        )
    ]
    assert len(names) == 5 and names == [
        c.name for c in criteria_of(session=session, workshop_id=workshop.id)
    ]
    [category] = session.exec(select(AwardCategory).where(AwardCategory.cohort_id == new.id)).all()
    assert (category.name, category.kind, category.place) == ("Champion Team", AwardKind.RANK, 1)
    assert session.exec(select(Application).where(Application.cohort_id == new.id)).all() == []
    assert session.exec(select(Team).where(Team.cohort_id == new.id)).all() == []
    [entry] = audits(session, "edition.clone")
    after = json.loads(entry.after)
    assert (
        after["weeks"],
        after["lectures"],
        after["workshops"],
        after["criteria"],
        after["award_categories"],
    ) == (
        52,
        2,
        1,
        5,
        1,
    )


def test_a_clone_is_checked_like_a_new_edition(session, secretariat, cohort):
    reasons = refused(
        lambda: clone_edition(
            session=session, actor_id=secretariat.id, source_id=cohort.id, name="2022", title="", weeks="1"
        )
    )
    assert [(r.code, r.field) for r in reasons] == [
        ("taken", "name"),
        ("required", "title"),
        ("registration_overlap", "registration_opens"),
    ]
    assert refused(
        lambda: clone_edition(
            session=session, actor_id=secretariat.id, source_id=cohort.id, name="2023", title="T", weeks="0"
        )
    ) == [Reason("invalid_weeks", "Shift by a whole number of weeks from 1 to 520 (or minus that).", "weeks")]


def test_phase2_without_phase1_when_the_edition_says_so(session, secretariat, cohort, applicants):
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[applicants[1].id],
        decision=ApplicationStatus.ACCEPTED,
    )
    session.commit()
    user_id = applicants[1].user_id
    assert team_eligibility(session=session, cohort=cohort, user_id=user_id).code == "phase1_incomplete"
    cohort.phase2_requires_phase1 = False
    session.add(cohort)
    session.commit()
    assert team_eligibility(session=session, cohort=cohort, user_id=user_id) is None
    from champions.models import User

    team = create_team(
        session=session,
        user=session.get(User, user_id),
        cohort=cohort,
        name="Early Birds",
        challenge="",
        city="",
    )
    assert team.cohort_id == cohort.id


def test_the_participant_sees_the_ceremony_in_their_zone_and_in_seoul(session, cohort, applicants):
    cohort.ceremony_starts_at = datetime(2022, 12, 8, 6, 0, tzinfo=UTC)
    cohort.ceremony_mode, cohort.ceremony_venue = "hybrid", "Seoul City Hall"
    cohort.ceremony_join_url = "https://meet.example.org/ceremony"
    session.add(cohort)
    session.commit()
    seen = participant_ceremony(session=session, user_id=applicants[0].user_id, zone="Europe/Paris")
    assert (seen.day, seen.when_seoul, seen.when_local) == (
        "8 December 2022",
        "Thu 8 Dec 2022, 15:00 KST",
        "Thu 8 Dec 2022, 07:00 CET",
    )
    assert (seen.mode, seen.venue, seen.join_url) == (
        "Hybrid (in person and online)",
        "Seoul City Hall",
        "https://meet.example.org/ceremony",
    )
    assert participant_ceremony(session=session, user_id=10_000, zone="Asia/Seoul").day == ""
