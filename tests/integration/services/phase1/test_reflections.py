"""Reflections on recorded lectures against a migrated database: deadline, length, refusals
and review."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import Reflection, ReflectionStatus
from champions.services.phase1.lectures import save_lecture
from champions.services.phase1.progress import progress_of
from champions.services.phase1.reflections import review_reflection, submit_reflection

from .conftest import AFTER_ALL, REFLECTION, SECOND, _cohort, checked, mark


def words(n: int) -> str:
    return " ".join(["word"] * n)


@pytest.mark.parametrize(
    ("after_end", "ok"),
    [
        (timedelta(days=7), True),
        (timedelta(days=7, seconds=1), False),
        (-SECOND, False),
    ],
)
def test_reflection_deadline_is_seven_days_after_the_lecture(session, people, lectures, after_end, ok):
    moment = lectures[0].ends_at + after_end
    if ok:
        assert (
            submit_reflection(
                session=session, user=people[0], lecture_id=lectures[0].id, text=REFLECTION, now=moment
            ).status
            == ReflectionStatus.SUBMITTED
        )
    else:
        with pytest.raises(RuleViolation) as caught:
            submit_reflection(
                session=session, user=people[0], lecture_id=lectures[0].id, text=REFLECTION, now=moment
            )
        assert caught.value.reasons[0].code in ("deadline_passed", "not_ended")


@pytest.mark.parametrize(("count", "ok"), [(99, False), (100, True), (2000, True), (2001, False)])
def test_reflection_needs_100_words(session, people, lectures, count, ok):
    moment = lectures[0].ends_at + timedelta(days=1)
    if ok:
        submit_reflection(
            session=session, user=people[0], lecture_id=lectures[0].id, text=words(count), now=moment
        )
    else:
        with pytest.raises(RuleViolation) as caught:
            submit_reflection(
                session=session, user=people[0], lecture_id=lectures[0].id, text=words(count), now=moment
            )
        assert caught.value.by_field() == {"text": f"Write 100 to 2000 words (you wrote {count})."}


def test_reflection_refusals(session, cohort, secretariat, people, lectures):
    ana = people[0]
    moment = lectures[0].ends_at + timedelta(days=1)
    mark(session, secretariat, lectures[0], ana, "present")
    with pytest.raises(RuleViolation, match=re.escape("You attended this lecture; it already counts.")):
        submit_reflection(session=session, user=ana, lecture_id=lectures[0].id, text=REFLECTION, now=moment)
    with pytest.raises(RuleViolation, match="Only accepted participants"):
        submit_reflection(
            session=session, user=people[3], lecture_id=lectures[0].id, text=REFLECTION, now=moment
        )
    save_lecture(
        session=session,
        actor=secretariat,
        cohort=cohort,
        lecture_id=lectures[1].id,
        checked=checked(1, recording_url=""),
    )
    with pytest.raises(RuleViolation, match="The recording is not available yet"):
        submit_reflection(
            session=session,
            user=ana,
            lecture_id=lectures[1].id,
            text=REFLECTION,
            now=lectures[1].ends_at + SECOND,
        )
    cohort.recording_route = False
    session.add(cohort)
    with pytest.raises(RuleViolation, match="does not count lectures by recording"):
        submit_reflection(
            session=session,
            user=ana,
            lecture_id=lectures[2].id,
            text=REFLECTION,
            now=lectures[2].ends_at + SECOND,
        )


def test_review_approve_counts_the_lecture_and_return_allows_a_resubmission(
    session, secretariat, people, lectures
):
    ana = people[0]
    moment = lectures[0].ends_at + timedelta(days=1)
    reflection = submit_reflection(
        session=session, user=ana, lecture_id=lectures[0].id, text=REFLECTION, now=moment
    )
    with pytest.raises(RuleViolation) as caught:
        review_reflection(session=session, actor=secretariat, reflection_id=reflection.id, approve=False)
    assert caught.value.by_field() == {"feedback": "Say what the participant should improve."}
    review_reflection(
        session=session,
        actor=secretariat,
        reflection_id=reflection.id,
        approve=False,
        feedback="Say what you would apply in your city.",
    )
    assert (
        progress_of(
            session=session, cohort=_cohort(session, lectures[0]), user_id=ana.id, now=moment
        ).by_recording
        == 0
    )
    submit_reflection(
        session=session,
        user=ana,
        lecture_id=lectures[0].id,
        text=REFLECTION + " In Seoul.",
        now=moment + timedelta(days=1),
    )
    review_reflection(session=session, actor=secretariat, reflection_id=reflection.id, approve=True)
    session.commit()
    progress = progress_of(
        session=session, cohort=_cohort(session, lectures[0]), user_id=ana.id, now=AFTER_ALL
    )
    assert progress.by_recording == 1 and progress.statuses[lectures[0].id] == "recording"
    with pytest.raises(RuleViolation, match="approved already"):
        submit_reflection(
            session=session,
            user=ana,
            lecture_id=lectures[0].id,
            text=REFLECTION,
            now=moment + timedelta(days=2),
        )
    with pytest.raises(RuleViolation, match=re.escape("This reflection was approved already.")):
        review_reflection(session=session, actor=secretariat, reflection_id=reflection.id, approve=True)
    assert session.exec(select(Reflection)).one().status == ReflectionStatus.APPROVED
