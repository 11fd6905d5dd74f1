"""Submissions against a migrated database: versioned submissions (also under concurrent
submits), refused files and fields, deadlines, and who may fetch a file."""

import threading

import pytest
from sqlmodel import select

from champions.infra import files as storage
from champions.infra.reasons import RuleViolation
from champions.models import Application, Conflict, ReviewAssignment, Role, SubmissionFile, SubmissionVersion
from champions.services.phase2.submissions import can_download_file, submit_workshop, versions_of
from champions.services.registration.applications import withdraw_application
from champions.services.teams.teams import create_team, members_of, team_of
from tests.support.files import EXE, PNG, pdf

from ...conftest import row_count
from .conftest import DEADLINE, OPENS, SECOND, factory_for, form, submit


def test_each_submit_is_a_new_version_with_its_files_recorded(session, team, completers, workshop, tmp_path):
    first = submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    second = submit(
        session,
        completers[1],
        workshop,
        OPENS + 2 * SECOND,
        files=[("photo.png", PNG)],
        keep_previous="yes",
        tmp=tmp_path,
    )
    assert (first.number, second.number) == (1, 2)
    files = session.exec(select(SubmissionFile).where(SubmissionFile.version_id == second.id)).all()
    assert sorted(f.original_name for f in files) == ["deck.pdf", "photo.png"]
    png = next(f for f in files if f.original_name == "photo.png")
    assert (png.size, png.content_type, len(png.public_id) >= 24) == (len(PNG), "image/png", True)
    assert storage.stored_path(png.stored_name).read_bytes() == PNG
    assert png.stored_name != "photo.png" and str(storage.files_dir()) in str(
        storage.stored_path(png.stored_name)
    )


@pytest.mark.parametrize(
    ("files", "field", "message"),
    [
        ([("setup.pdf", EXE)], "files", "'setup.pdf' is not really a PDF file; export it again and retry."),
        ([("empty.pdf", b"")], "files", "'empty.pdf' is empty."),
        ([("../../x.pdf", pdf())], "files", "'../../x.pdf' is not a plain file name."),
        (
            [(f"f{i}.png", PNG) for i in range(6)],
            "files",
            "A version has at most 5 files (0 kept from the previous version).",
        ),
    ],
)
def test_refused_files_store_nothing(session, team, completers, workshop, tmp_path, files, field, message):
    with pytest.raises(RuleViolation) as error:
        submit(session, completers[0], workshop, OPENS + SECOND, files=files, tmp=tmp_path)
    assert error.value.by_field()[field] == message
    assert row_count(session.get_bind(), "submission_version") == 0
    assert [p for p in storage.files_dir().rglob("*") if p.is_file()] == []


def test_fields_are_checked(session, team, completers, workshop, tmp_path):
    with pytest.raises(RuleViolation) as error:
        submit(
            session,
            completers[0],
            workshop,
            OPENS + SECOND,
            title="",
            summary="word " * 501,
            link="javascript:alert(1)",
            tmp=tmp_path,
        )
    assert error.value.by_field() == {
        "title": "Give your submission a title.",
        "summary": "Keep the summary to 500 words (you wrote 501).",
        "link": "Enter a full web address starting with https://.",
    }


@pytest.mark.parametrize(
    ("moment", "ok"), [(OPENS - SECOND, False), (OPENS, True), (DEADLINE, True), (DEADLINE + SECOND, False)]
)
def test_deadline_edges(session, team, completers, workshop, tmp_path, moment, ok):
    if ok:
        assert submit(session, completers[0], workshop, moment, tmp=tmp_path).number == 1
    else:
        with pytest.raises(RuleViolation) as error:
            submit(session, completers[0], workshop, moment, tmp=tmp_path)
        assert error.value.reasons[0].code in ("not_open", "deadline_passed")


def test_two_members_submitting_at_the_same_moment_both_get_versions(
    session, team, completers, workshop, tmp_path
):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(user, name):
        folder = tmp_path / name
        folder.mkdir()
        received = form(folder, [(f"{name}.pdf", pdf(name))], title=f"From {name}")
        barrier.wait()
        try:
            results.append(
                submit_workshop(
                    session_factory=factory_for(session),
                    user_id=user.id,
                    workshop_id=workshop.id,
                    received=received,
                    now=OPENS + SECOND,
                )
            )
        except Exception as error:
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
        files = session.exec(
            select(SubmissionFile).where(SubmissionFile.version_id == by_title[f"From {name}"].id)
        ).all()
        assert [f.original_name for f in files] == [f"{name}.pdf"]


def test_who_may_fetch_a_file(session, cohort, team, completers, secretariat, workshop, make_user, tmp_path):
    version = submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    file = session.exec(select(SubmissionFile).where(SubmissionFile.version_id == version.id)).one()
    other_team = create_team(
        session=session, user=completers[5], cohort=cohort, name="Other", challenge="", city=""
    )
    assigned = make_user(email="assigned@example.org", full_name="Assigned Mentor", role=Role.MENTOR)
    unassigned = make_user(email="free@example.org", full_name="Free Mentor", role=Role.MENTOR)
    session.add(ReviewAssignment(team_id=team.id, workshop_id=workshop.id, mentor_id=assigned.id))
    session.commit()
    allowed = {
        who: can_download_file(session=session, user=user, file=file)
        for who, user in [
            ("member", completers[1]),
            ("secretariat", secretariat),
            ("assigned mentor", assigned),
            ("other team", completers[5]),
            ("outsider", completers[11]),
            ("unassigned mentor", unassigned),
            ("nobody", None),
        ]
    }
    assert allowed == {
        "member": True,
        "secretariat": True,
        "assigned mentor": True,
        "other team": False,
        "outsider": False,
        "unassigned mentor": False,
        "nobody": False,
    }
    assert other_team.id != team.id
    assert can_download_file(session=session, user=completers[1], file=None) is False
    assert session.exec(select(SubmissionVersion)).one().submitted_by == completers[0].id


# --- access that outlives its rule (issue 22, finding 6) ----------------------------------------


def test_a_conflict_declared_after_the_round_closed_ends_the_mentor_s_downloads(
    session, cohort, team, completers, workshop, make_user, tmp_path
):
    """A closed round keeps its assignments, but a conflicted mentor may not read the team's
    files any more (nor may its coach)."""
    version = submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    file = session.exec(select(SubmissionFile).where(SubmissionFile.version_id == version.id)).one()
    mentor = make_user(email="late.conflict@example.org", full_name="Late Conflict", role=Role.MENTOR)
    coach = make_user(email="coach@example.org", full_name="Coach", role=Role.MENTOR)
    for m in (mentor, coach):
        session.add(ReviewAssignment(team_id=team.id, workshop_id=workshop.id, mentor_id=m.id))
    session.add(Conflict(mentor_id=mentor.id, team_id=team.id, reason="My cousin", declared_by=mentor.id))
    team.coach_id = coach.id
    session.add(team)
    session.commit()
    assert can_download_file(session=session, user=mentor, file=file) is False
    assert can_download_file(session=session, user=coach, file=file) is False


def test_a_participant_who_withdraws_leaves_their_team_and_its_files(
    session, cohort, team, completers, workshop, tmp_path
):
    """Only accepted participants are in teams (DESIGN.md, Phase 2): withdrawing takes the
    person out of their team, even after it submitted; the team keeps its versions."""
    version = submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    file = session.exec(select(SubmissionFile).where(SubmissionFile.version_id == version.id)).one()
    leaving = completers[1]
    application = session.exec(
        select(Application).where(Application.user_id == leaving.id, Application.cohort_id == cohort.id)
    ).one()
    withdraw_application(
        session=session, user=leaving, application_id=application.id, today=cohort.phase2_start
    )
    session.commit()
    assert team_of(session=session, cohort_id=cohort.id, user_id=leaving.id) is None
    assert can_download_file(session=session, user=leaving, file=file) is False
    with pytest.raises(RuleViolation) as refused:
        submit(session, leaving, workshop, OPENS + 2 * SECOND, tmp=tmp_path)
    assert refused.value.reasons[0].message == "Only members of a team can submit."
    assert [m.id for m in members_of(session=session, team_id=team.id)] == [
        completers[0].id,
        completers[2].id,
    ]
    assert session.get(SubmissionVersion, version.id).team_id == team.id
