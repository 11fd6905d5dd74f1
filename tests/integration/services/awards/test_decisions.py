"""Award decisions against a real database (the demo cohort of 2022): categories, decisions with
reasons, finalize / unlock / publish, and what a participant sees."""

import json

import pytest
from sqlmodel import select

from champions.demo.seed import PARTICIPANT_EMAIL, SECRETARIAT_EMAIL
from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, AwardKind, JudgingRound, RoundState, Team, User, Workshop
from champions.services.awards.decisions import (
    CategoryForm,
    decide_award,
    decide_recognition,
    draft_awards,
    finalize_awards,
    finalized_entries,
    publish_awards,
    published_awards_for,
    save_categories,
    unlock_awards,
)
from champions.services.awards.proposal import AWARDED, REVIEW, TIE

from .conftest import NOW, reasons, team_named


def test_the_demo_list_is_finalized_published_and_decided_the_tie_jointly(session, demo):
    cohort, _ = demo
    entries = finalized_entries(session=session, cohort_id=cohort.id)
    team_awards = [
        (e.award, e.recipient, e.rank) for e in entries if e.kind in (AwardKind.RANK, AwardKind.CRITERION)
    ]
    assert team_awards == [
        ("Most Inclusive Solution", "SafeSteps", 5),
        ("Most Innovative Solution", "Open Mobility Lab", 8),
        ("3rd place", "Kids on Bikes", 3),
        ("3rd place", "Clean Air Map", 3),
        ("2nd place", "Bridge the Gap", 2),
        ("Champion Team", "Green Shade", 1),
    ]
    third = [e for e in entries if e.award == "3rd place"]
    assert all(e.note.startswith("Decided by the secretariat: The two teams are equal") for e in third)
    assert all(e.note.endswith("(joint award)") for e in third)
    # Recognitions: every 2022 completer, and the champions among them.
    draft = draft_awards(session=session, cohort=cohort)
    completion = [r for r in draft.recognitions if r.category.kind == AwardKind.COMPLETION]
    assert len(completion) == len([e for e in entries if e.kind == AwardKind.COMPLETION]) == 36
    # The participant (Ji-woo Han, of SafeSteps) sees the list and their own entries.
    participant = session.exec(select(User).where(User.email == PARTICIPANT_EMAIL)).one()
    seen = published_awards_for(session=session, cohort=cohort, user_id=participant.id)
    assert [e.recipient for e in seen.team_awards][-1] == "Green Shade"
    assert [e.award for e in seen.mine] == [
        "Most Inclusive Solution",
        "Certificate of Completion",
        "Smart City Champion",
    ]


def test_a_joint_award_to_more_teams_than_its_record_holds_is_refused_and_changes_nothing(session, demo):
    cohort, secretariat = demo
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="One more look.")
    session.commit()
    for n in range(70):
        session.add(
            Team(cohort_id=cohort.id, name=f"Extra {n}", name_key=f"extra {n}", invite_code=f"EXTRA{n:03d}")
        )
    session.commit()
    teams = [t.id for t in session.exec(select(Team).where(Team.cohort_id == cohort.id).order_by(Team.id))]
    assert len(",".join(map(str, teams))) > 200
    champion_award = draft_awards(session=session, cohort=cohort).team_awards[-1]
    before = session.exec(select(AuditEntry)).all()
    with pytest.raises(RuleViolation) as refused:
        decide_award(
            session=session,
            actor=secretariat,
            cohort=cohort,
            category_id=champion_award.category.id,
            team_ids=teams,
            reason="Everyone wins.",
        )
    assert refused.value.by_field() == {"team": "Too many teams for one joint award: choose fewer."}
    assert session.exec(select(AuditEntry)).all() == before
    assert draft_awards(session=session, cohort=cohort).team_awards[-1].winners == champion_award.winners


def test_unlock_override_with_reason_and_finalize_again_are_audited(session, demo):
    cohort, secretariat = demo
    champion = team_named(session, "Green Shade")
    silver = team_named(session, "Silver Connect")
    with pytest.raises(RuleViolation) as refused:
        decide_award(
            session=session,
            actor=secretariat,
            cohort=cohort,
            category_id=draft_awards(session=session, cohort=cohort).team_awards[0].category.id,
            team_ids=[silver.id],
            reason="x",
        )
    assert reasons(refused) == ["The award list is finalized. Unlock it, with a reason, to change it."]
    with pytest.raises(RuleViolation) as refused:
        unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="   ")
    assert reasons(refused) == ["Write the reason for this decision."]
    assert len(finalized_entries(session=session, cohort_id=cohort.id)) > 0
    unlock_awards(
        session=session, actor=secretariat, cohort=cohort, reason="A member of Green Shade plagiarized."
    )
    assert finalized_entries(session=session, cohort_id=cohort.id) == []
    champion_award = draft_awards(session=session, cohort=cohort).team_awards[0]
    assert champion_award.category.name == "Champion Team" and champion_award.winners == (champion.id,)
    for bad, expected in (
        ([], "Choose one or more of this cohort's teams."),
        ([999999], "Choose one or more of this cohort's teams."),
    ):
        with pytest.raises(RuleViolation) as refused:
            decide_award(
                session=session,
                actor=secretariat,
                cohort=cohort,
                category_id=champion_award.category.id,
                team_ids=bad,
                reason="Plagiarism",
            )
        assert reasons(refused) == [expected]
    with pytest.raises(RuleViolation) as refused:
        decide_award(
            session=session,
            actor=secretariat,
            cohort=cohort,
            category_id=champion_award.category.id,
            team_ids=[silver.id],
            reason="",
        )
    assert refused.value.by_field() == {"reason": "Write the reason for this decision."}
    decide_award(
        session=session,
        actor=secretariat,
        cohort=cohort,
        category_id=champion_award.category.id,
        team_ids=[silver.id],
        reason="Green Shade is disqualified; the jury names Silver Connect.",
    )
    session.commit()
    audit = session.exec(
        select(AuditEntry).where(AuditEntry.action == "award_decided").order_by(AuditEntry.id.desc())
    ).first()
    assert json.loads(audit.before)["teams"] == ["Green Shade"]
    assert json.loads(audit.after) == {"award": "Champion Team", "teams": ["Silver Connect"]}
    assert audit.reason == "Green Shade is disqualified; the jury names Silver Connect."
    # Silver Connect is champion; Green Shade, still first in the ranking, takes 2nd. The joint 3rd place
    # decided earlier no longer matches the results (Bridge the Gap is next now): it waits for review.
    places = {a.category.name: a for a in draft_awards(session=session, cohort=cohort).team_awards}
    assert places["2nd place"].winners == (champion.id,)
    third = places["3rd place"]
    assert third.status == REVIEW and third.note == (
        'Check the decision for Kids on Bikes and Clean Air Map ("The two teams are equal after every '
        "tie-break; "
        'the jury gives 3rd place to both rather than split them by chance."): the results have changed '
        "since, "
        "and now propose Bridge the Gap. Confirm it or change it."
    )
    with pytest.raises(RuleViolation) as refused:
        finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    assert reasons(refused) == ["3rd place: " + third.note]
    decide_award(
        session=session,
        actor=secretariat,
        cohort=cohort,
        category_id=third.category.id,
        team_ids=[team_named(session, "Bridge the Gap").id],
        reason="Bridge the Gap moves up.",
    )
    # That frees the two former 3rd-place teams, who tie on innovation: a decision again, never a coin toss.
    innovative = {a.category.name: a for a in draft_awards(session=session, cohort=cohort).team_awards}[
        "Most Innovative Solution"
    ]
    assert innovative.status == TIE and innovative.note == (
        "Tie: Clean Air Map and Kids on Bikes share the best Innovation average (58.02). Choose one team, "
        "or give "
        "the award jointly."
    )
    decide_award(
        session=session,
        actor=secretariat,
        cohort=cohort,
        category_id=innovative.category.id,
        team_ids=[team_named(session, "Kids on Bikes").id],
        reason="The jury's vote: 4 to 1.",
    )
    # A round that is not closed blocks finalization, with the reason.
    judging = session.exec(select(JudgingRound).order_by(JudgingRound.id)).first()
    judging.state = RoundState.OPEN
    session.add(judging)
    with pytest.raises(RuleViolation) as refused:
        finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    title = session.get(Workshop, judging.workshop_id).title
    assert reasons(refused) == [f"Judging of {title} is not closed, so its scores can still change."]
    judging.state = RoundState.CLOSED
    session.add(judging)
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    session.commit()
    entries = finalized_entries(session=session, cohort_id=cohort.id)
    assert [e.recipient for e in entries if e.award == "Champion Team"] == ["Silver Connect"]
    assert [e.note for e in entries if e.award == "Champion Team"] == [
        "Decided by the secretariat: Green Shade is disqualified; the jury names Silver Connect."
    ]
    actions = [
        a
        for a in session.exec(
            select(AuditEntry.action).where(AuditEntry.cohort_id == cohort.id).order_by(AuditEntry.id)
        )
    ]
    assert actions[-5:] == [
        "awards_unlocked",
        "award_decided",
        "award_decided",
        "award_decided",
        "awards_finalized",
    ]
    participant = session.exec(select(User).where(User.email == PARTICIPANT_EMAIL)).one()
    assert (
        published_awards_for(session=session, cohort=cohort, user_id=participant.id, now=NOW) is None
    )  # not published, before the ceremony
    publish_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    assert published_awards_for(session=session, cohort=cohort, user_id=participant.id, now=NOW) is not None


def test_reasons_of_the_longest_length_are_kept_whole_in_the_finalized_list(session, demo):
    """A finalized entry's note is the reason with what was decided around it: it is longer than
    the 1000 characters a reason may have, and PostgreSQL, unlike SQLite, refuses a value longer
    than its column."""
    cohort, secretariat = demo
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="Longer reasons.")
    draft = draft_awards(session=session, cohort=cohort)
    third = next(a for a in draft.team_awards if a.category.name == "3rd place")
    assert len(third.winners) == 2
    team_reason, person_reason = "t" * 1000, "p" * 1000
    decide_award(
        session=session,
        actor=secretariat,
        cohort=cohort,
        category_id=third.category.id,
        team_ids=list(third.winners),
        reason=team_reason,
    )
    completion = next(c for c in draft.categories if c.kind == AwardKind.COMPLETION)
    holder = next(r for r in draft.recognitions if r.category.id == completion.id)
    decide_recognition(
        session=session,
        actor=secretariat,
        cohort=cohort,
        category_id=completion.id,
        user_id=holder.user_id,
        granted=True,
        reason=person_reason,
    )
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    session.commit()
    entries = finalized_entries(session=session, cohort_id=cohort.id)
    assert [e.note for e in entries if e.award == "3rd place"] == [
        f"Decided by the secretariat: {team_reason} (joint award)"
    ] * 2
    assert [e.note for e in entries if e.user_id == holder.user_id and e.category_id == completion.id] == [
        f"Granted by the secretariat: {person_reason}"
    ]


def test_ties_must_be_decided_before_finalizing(session, demo):
    cohort, secretariat = demo
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="Review the joint 3rd place.")
    third = next(
        a for a in draft_awards(session=session, cohort=cohort).team_awards if a.category.name == "3rd place"
    )
    from champions.services.awards.decisions import clear_decision

    clear_decision(
        session=session,
        actor=secretariat,
        cohort=cohort,
        category_id=third.category.id,
        reason="Decide it again.",
    )
    third = next(
        a for a in draft_awards(session=session, cohort=cohort).team_awards if a.category.name == "3rd place"
    )
    assert third.status == TIE and {
        team_named(session, n).id for n in ("Clean Air Map", "Kids on Bikes")
    } == set(third.candidates)
    with pytest.raises(RuleViolation) as refused:
        finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    assert reasons(refused) == [
        "3rd place: " + third.note,
        "Most Innovative Solution: Decide 3rd place first: "
        "Clean Air Map and Kids on Bikes could win it, and a team holds one award only.",
    ]


def test_categories_are_checked_field_by_field_and_change_nothing_when_wrong(session, demo):
    cohort, secretariat = demo
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="Add a category.")
    before = [(c.name, c.kind) for c in draft_awards(session=session, cohort=cohort).categories]
    forms = [
        CategoryForm("", "Champion Team", "rank", "1"),
        CategoryForm("", "champion team", "rank", "1"),
        CategoryForm("", "Best pitch", "criterion", "", "Pitch"),
        CategoryForm("", "", "rank", "x"),
        CategoryForm("", "A", "completion"),
        CategoryForm("", "B", "completion"),
        CategoryForm("", "C", "bogus"),
    ]
    with pytest.raises(RuleViolation) as refused:
        save_categories(session=session, actor=secretariat, cohort=cohort, forms=forms)
    assert refused.value.by_field() == {
        "category_1_name": "Another award has this name.",
        "category_1_place": "Another award is for this place.",
        "category_2_criterion": "Choose one of the rubric's criteria.",
        "category_3_name": "Give the award a name.",
        "category_3_place": "Enter the place as a whole number, 1 or more.",
        "category_5_kind": "There is already an award of this kind.",
        "category_6_kind": "Choose what the award is for.",
    }
    assert [(c.name, c.kind) for c in draft_awards(session=session, cohort=cohort).categories] == before
    forms = [
        CategoryForm("", "Grand Prize", "rank", "1"),
        CategoryForm("", "Best feasibility", "criterion", "", "feasibility"),
    ]
    save_categories(session=session, actor=secretariat, cohort=cohort, forms=forms)
    awards = draft_awards(session=session, cohort=cohort).team_awards
    assert [(a.category.name, a.category.criterion, a.status) for a in awards] == [
        ("Grand Prize", "", AWARDED),
        ("Best feasibility", "Feasibility", AWARDED),
    ]
    assert draft_awards(session=session, cohort=cohort).recognitions == []


def test_recognitions_can_be_granted_and_withdrawn_with_a_reason(session, demo):
    cohort, secretariat = demo
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="Certificates.")
    draft = draft_awards(session=session, cohort=cohort)
    completion = next(c for c in draft.categories if c.kind == AwardKind.COMPLETION)
    holder = next(r for r in draft.recognitions if r.category.id == completion.id)
    decide_recognition(
        session=session,
        actor=secretariat,
        cohort=cohort,
        category_id=completion.id,
        user_id=holder.user_id,
        granted=False,
        reason="Attendance records were wrong.",
    )
    outsider = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
    with pytest.raises(RuleViolation) as refused:
        decide_recognition(
            session=session,
            actor=secretariat,
            cohort=cohort,
            category_id=completion.id,
            user_id=outsider.id,
            granted=True,
            reason="x",
        )
    assert reasons(refused) == ["Choose an accepted participant of this cohort."]
    draft = draft_awards(session=session, cohort=cohort)
    assert holder.user_id not in {r.user_id for r in draft.recognitions if r.category.id == completion.id}
    assert [(c.name, name, why) for c, _, name, why in draft.withdrawn] == [
        ("Certificate of Completion", holder.name, "Attendance records were wrong.")
    ]
