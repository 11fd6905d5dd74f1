"""The benchmark's scoring loop starts from a submission the mentor's queue really names."""

from datetime import date

from bench.mentor_loop import prepare_mentor
from champions.demo.seed import seed_demo
from champions.models import Role
from champions.services.accounts.accounts import session_user
from champions.services.judging.scoring import assignment_by_code, mentor_queue


def test_the_loop_opens_the_first_submission_by_its_code_and_every_one_is_assigned(session, password_hash):
    assert seed_demo(session=session, password_hash=password_hash, today=date.today()) is True
    session.commit()
    prepared = prepare_mentor(count=3)
    mentor = session_user(session=session, token=prepared["token"])
    assert mentor is not None and mentor.role == Role.MENTOR
    # The code JudgingState.open takes (blind judging names no team id to a mentor).
    assert assignment_by_code(session=session, mentor_id=mentor.id, code=prepared["first"]) is not None
    queue = mentor_queue(session=session, mentor_id=mentor.id)
    assert len(queue) == 3 and queue[0].code == prepared["first"]
    assert len(prepared["criteria"]) >= 1 and all(c.startswith("criterion_") for c in prepared["criteria"])
