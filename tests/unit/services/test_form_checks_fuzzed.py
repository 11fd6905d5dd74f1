"""Hypothesis drives the checks behind every form with arbitrary text: each answers with
either checked values that fit their database columns, or reasons that name a field of the
form and say what to do; never another exception."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from champions.infra.reasons import RuleViolation
from champions.models import Criterion, Lecture, Score, SubmissionVersion
from champions.services.judging.rubrics import CriterionForm, check_rubric
from champions.services.judging.scoring import ScoreForm, check_score
from champions.services.phase1.lectures import LectureForm, check_lecture
from champions.services.phase2.submissions import SubmissionFields, check_fields
from champions.services.phase2.workshops import WorkshopForm, check_workshop

EDGE = [
    "",
    " ",
    "\x00",
    "\u202e",
    "𝕏",
    "👩🏽‍💻",
    "٣",
    "김민준",
    "2022-02-30",
    "2022-03-10",
    "9999-12-31",
    "0000-01-01",
    "10:00",
    "24:00",
    "23:59",
    "7:5",
    "Asia/Seoul",
    "Mars/Olympus",
    "UTC",
    "online",
    "hybrid",
    "offline",
    "https://example.org/x",
    "javascript:alert(1)",
    "http://",
    "1",
    "0",
    "-1",
    "1e309",
    "nan",
    "inf",
    "2.5",
    "10",
    "a" * 201,
    "a" * 5001,
    "word " * 600,
]
TEXT = st.one_of(st.text(max_size=60), st.sampled_from(EDGE))


def _mostly(valid: dict[str, str], fields) -> dict:
    """Each field valid three times in four: accepted forms happen too, and are checked."""
    return {
        name: st.one_of(st.just(valid[name]), st.just(valid[name]), st.just(valid[name]), TEXT)
        if name in valid
        else TEXT
        for name in fields
    }


LECTURE = {
    "title": "Data for cities",
    "speaker": "Dr. Kim",
    "day": "2022-03-10",
    "start_time": "10:00",
    "end_time": "11:30",
    "zone": "Asia/Seoul",
    "mode": "online",
    "join_url": "https://meet.example.org/x",
    "venue": "",
    "recording_url": "",
    "description": "",
}
WORKSHOP = {
    "title": "Pitch",
    "brief": "",
    "opens_day": "2022-05-01",
    "opens_time": "09:00",
    "deadline_day": "2022-05-20",
    "deadline_time": "18:00",
    "zone": "Asia/Seoul",
    "judged": "yes",
    "weight": "1",
}
FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None)


def _column_limit(model, name: str) -> int:
    return model.__table__.c[name].type.length


def _explains(reasons, fields) -> None:
    assert reasons
    for reason in reasons:
        assert reason.message.strip(), reason
        assert reason.field in fields, reason


@FUZZ
@given(st.builds(LectureForm, **_mostly(LECTURE, LectureForm.__dataclass_fields__)))
def test_lecture_form(form):
    try:
        checked = check_lecture(form)
    except RuleViolation as violation:
        _explains(violation.reasons, LectureForm.__dataclass_fields__)
        return
    for name in ("title", "speaker", "join_url", "venue", "recording_url"):
        assert len(getattr(checked, name)) <= _column_limit(Lecture, name)
    assert checked.title and checked.speaker and checked.starts_at < checked.ends_at


@FUZZ
@given(st.builds(WorkshopForm, **_mostly(WORKSHOP, WorkshopForm.__dataclass_fields__)))
def test_workshop_form(form):
    try:
        checked = check_workshop(form)
    except RuleViolation as violation:
        _explains(violation.reasons, WorkshopForm.__dataclass_fields__)
        return
    assert checked.title and checked.opens_at < checked.deadline


@FUZZ
@given(
    st.lists(
        st.builds(
            CriterionForm,
            **_mostly(
                {"name": "Impact", "guidance": "", "weight": "2.5", "scale_min": "1", "scale_max": "10"},
                CriterionForm.__dataclass_fields__,
            ),
        ),
        max_size=14,
    )
)
def test_rubric_form(forms):
    checked, reasons = check_rubric(forms)
    if reasons:
        fields = {""} | {f"{i}.{n}" for i in range(len(forms)) for n in CriterionForm.__dataclass_fields__}
        _explains(reasons, fields)
        return
    assert 1 <= len(checked) == len(forms)
    for criterion in checked:
        assert 0 < len(criterion.name) <= _column_limit(Criterion, "name")
        assert len(criterion.guidance) <= _column_limit(Criterion, "guidance")
        assert math.isfinite(criterion.weight) and criterion.weight > 0
        assert criterion.scale_min < criterion.scale_max


CRITERIA = [
    Criterion(id=1, workshop_id=1, position=1, name="Impact", scale_min=1, scale_max=10),
    Criterion(id=2, workshop_id=1, position=2, name="Feasibility", scale_min=0, scale_max=5),
]


@FUZZ
@given(
    st.dictionaries(st.one_of(st.sampled_from(["1", "2", "3"]), st.text(max_size=4)), TEXT, max_size=4),
    TEXT,
    TEXT,
    st.booleans(),
)
def test_score_form(values, comment, note, complete):
    form = ScoreForm(values, comment, note)
    checked, reasons = check_score(CRITERIA, form, complete)
    if reasons:
        _explains(reasons, {"comment", "private_note", "criterion_1", "criterion_2", ""})
        return
    for criterion in CRITERIA:
        if criterion.id in checked:
            assert criterion.scale_min <= checked[criterion.id] <= criterion.scale_max
    assert not complete or set(checked) == {1, 2}
    assert len(comment.strip()) <= _column_limit(Score, "comment") and len(note.strip()) <= _column_limit(
        Score, "private_note"
    )


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["title", "summary", "link", "keep_previous", "other"]),
        st.one_of(TEXT, st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=2)),
    )
)
def test_submission_metadata(sent):
    fields = SubmissionFields.from_form(sent)
    reasons = check_fields(fields)
    if reasons:
        _explains(reasons, {"title", "summary", "link"})
        return
    assert 0 < len(fields.title) <= _column_limit(SubmissionVersion, "title")
    assert len(fields.link) <= _column_limit(SubmissionVersion, "link")
