"""The cohort dashboard against a real database: every figure of the known cohort asserted,
unfiltered and filtered; the figures agree with Phase 1 progress."""

from datetime import timedelta

import pytest

from champions.services.dashboard.figures import Filters, cohort_dashboard, filter_refusal
from champions.services.phase1.progress import at_risk, phase1_progress

from .conftest import FIRST_LECTURE, FUNNEL, NOW


def test_every_figure_of_the_known_cohort(session, cohort, known):
    board = cohort_dashboard(session=session, cohort=cohort, now=NOW)
    assert [(s.stage, s.count) for s in board.funnel] == FUNNEL
    assert [(r.name, r.applicants, r.eligible, r.accepted) for r in board.regions] == [
        ("Africa", 2, 2, 2),
        ("Americas", 2, 2, 1),
        ("Asia-Pacific", 4, 4, 4),
        ("Europe", 3, 3, 2),
        ("Middle East", 1, 0, 0),
    ]
    assert [(r.code, r.name, r.region, r.applicants, r.eligible, r.accepted) for r in board.countries] == [
        ("KR", "South Korea", "Asia-Pacific", 3, 3, 3),
        ("BR", "Brazil", "Americas", 2, 2, 1),
        ("FR", "France", "Europe", 2, 2, 1),
        ("KE", "Kenya", "Africa", 2, 2, 2),
        ("EG", "Egypt", "Middle East", 1, 0, 0),
        ("JP", "Japan", "Asia-Pacific", 1, 1, 1),
        ("TR", "Türkiye", "Europe", 1, 1, 1),
    ]
    # present, late, excused, absent, by recording, no record (TR one never recorded).
    assert [[r.counts[c] for c in r.counts] for r in board.lectures] == (
        [[8, 0, 0, 0, 0, 1]] * 2 + [[7, 0, 0, 1, 0, 1]] * 3 + [[6, 0, 0, 2, 0, 1]]
    )
    assert [(r.name, r.counted, r.required, r.still_possible, r.why) for r in board.at_risk] == [
        ("KE two", 2, 5, 2, "can no longer complete Phase 1; missed the last two lectures"),
        ("TR one", 0, 5, 0, "can no longer complete Phase 1; missed the last two lectures"),
    ]
    assert board.workshops == ["1. Workshop 1", "2. Workshop 2", "3. Workshop 3"]
    assert [(r.team, r.cells) for r in board.matrix] == [
        ("Alpha", ["on time", "on time", "missing"]),
        ("Beta", ["on time", "late", "extension"]),
    ]
    assert [(t["on time"], t["late"], t["extension"], t["missing"]) for t in board.matrix_totals] == [
        (2, 0, 0, 0),
        (1, 1, 0, 0),
        (0, 0, 1, 1),
    ]
    assert [(r.mentor, r.assigned, r.submitted, r.drafts, r.remaining) for r in board.judging] == [
        ("Mentor One", 2, 1, 1, 1),
        ("Mentor Two", 1, 0, 0, 1),
    ]


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
        (p.full_name, p.counted, "; ".join(p.risk_reasons()))
        for p in sorted(expected, key=lambda p: p.full_name)
    ]


def test_filters_narrow_people_and_teams(session, cohort, known):
    europe = cohort_dashboard(session=session, cohort=cohort, filters=Filters(region="Europe"), now=NOW)
    assert [s.count for s in europe.funnel] == [3, 3, 2, 1, 1, 1, 1, 1, 0, 0, 1]
    assert [r.name for r in europe.regions] == ["Europe"]
    assert [r.code for r in europe.countries] == ["FR", "TR"]  # WeGO counts Turkey in Europe
    assert [r.team for r in europe.matrix] == ["Beta"]
    assert [(r.mentor, r.assigned, r.submitted, r.drafts) for r in europe.judging] == [
        ("Mentor One", 1, 0, 1)
    ]
    assert [[r.counts["present"], r.counts["absent"]] for r in europe.lectures] == [[1, 0]] * 5 + [[0, 1]]
    korea = cohort_dashboard(session=session, cohort=cohort, filters=Filters(country="KR"), now=NOW)
    assert [s.count for s in korea.funnel] == [3, 3, 3, 3, 3, 2, 2, 2, 0, 2, 1]
    assert [r.name for r in korea.regions] == ["Asia-Pacific"] and korea.at_risk == []
    assert [r.team for r in korea.matrix] == ["Alpha"]


@pytest.mark.parametrize(
    "filters, field, message",
    [
        (Filters(region="Atlantis"), "region", "Choose one of the five WeGO regions."),
        (Filters(country="XX"), "country", "Choose a country from the list."),
        (Filters(region="Europe", country="KR"), "country", "South Korea is not in Europe."),
    ],
)
def test_filters_that_cannot_apply_say_why(filters, field, message):
    refusal = filter_refusal(filters)
    assert (refusal.field, refusal.message) == (field, message)
