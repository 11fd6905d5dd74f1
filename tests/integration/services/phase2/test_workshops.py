"""Workshop extensions against a migrated database: an extension reopens a workshop for one
team and marks its versions."""

from datetime import timedelta

import pytest

from champions.infra.reasons import RuleViolation
from champions.services.phase2.submissions import (
    cohort_standings,
    counted_version,
    versions_of,
    workshop_state,
)
from champions.services.phase2.workshops import grant_extension
from champions.services.teams.teams import create_team

from .conftest import DEADLINE, OPENS, SECOND, submit


def test_an_extension_reopens_for_that_team_only_and_marks_versions(
    session, cohort, team, completers, secretariat, workshop, tmp_path
):
    other = create_team(
        session=session, user=completers[5], cohort=cohort, name="Other", challenge="", city=""
    )
    session.commit()
    submit(session, completers[0], workshop, DEADLINE - SECOND, tmp=tmp_path)
    with pytest.raises(RuleViolation) as error:
        grant_extension(
            session=session,
            actor=secretariat,
            team_id=team.id,
            workshop_id=workshop.id,
            deadline=DEADLINE,
            reason="",
        )
    assert error.value.by_field() == {
        "reason": "Say why the team gets more time.",
        "deadline_day": "An extension must end after the workshop's deadline.",
    }
    grant_extension(
        session=session,
        actor=secretariat,
        team_id=team.id,
        workshop_id=workshop.id,
        deadline=DEADLINE + timedelta(days=1),
        reason="Power outage",
    )
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
    assert (
        workshop_state(workshop, versions, DEADLINE + timedelta(days=1), DEADLINE + timedelta(days=2))
        == "late"
    )
    assert workshop_state(workshop, [], DEADLINE, DEADLINE + SECOND) == "missed"
    assert workshop_state(workshop, [], DEADLINE, OPENS) == "open"
    assert workshop_state(workshop, [], DEADLINE, OPENS - SECOND) == "not open"
    assert other is not None
