"""propose_awards: golden cases (ties at the award boundary, decisions, one award per team),
determinism, and the ceremony order."""

import random

import pytest

from champions.models import AwardKind
from champions.services.awards.proposal import (
    AWARDED,
    NOT_AWARDED,
    REVIEW,
    TIE,
    WAITING,
    CategorySpec,
    RankedTeam,
    TeamDecision,
    ceremony_order,
    propose_awards,
)

CHAMPION = CategorySpec(1, 1, "Champion Team", AwardKind.RANK, place=1)
SECOND = CategorySpec(2, 2, "2nd place", AwardKind.RANK, place=2)
THIRD = CategorySpec(3, 3, "3rd place", AwardKind.RANK, place=3)
INCLUSIVE = CategorySpec(4, 4, "Most Inclusive Solution", AwardKind.CRITERION, criterion="Safety & inclusion")
INNOVATIVE = CategorySpec(5, 5, "Most Innovative Solution", AwardKind.CRITERION, criterion="Innovation")
COMPLETION = CategorySpec(6, 6, "Certificate of Completion", AwardKind.COMPLETION)
CHAMPIONS = CategorySpec(7, 7, "Smart City Champion", AwardKind.CHAMPION)
DEFAULTS = [CHAMPION, SECOND, THIRD, INCLUSIVE, INNOVATIVE, COMPLETION, CHAMPIONS]


def team(
    team_id: int,
    rank: int,
    score: float,
    inclusion: float = 50.0,
    innovation: float = 50.0,
    scored: bool = True,
) -> RankedTeam:
    return RankedTeam(
        team_id,
        f"Team {team_id}",
        rank,
        score,
        scored,
        {"safety & inclusion": inclusion, "innovation": innovation},
    )


def outcome(awards) -> dict[str, tuple]:
    """award name → (status, winners, candidates)"""
    return {a.category.name: (a.status, a.winners, a.candidates) for a in awards}


def propose(ranking, decisions=None, one_award_per_team=True, categories=DEFAULTS):
    return outcome(
        propose_awards(
            categories=categories,
            ranking=ranking,
            decisions=decisions or {},
            one_award_per_team=one_award_per_team,
        )
    )


def test_a_clear_ranking_gives_places_in_order_and_criterion_awards_to_the_best_average():
    ranking = [
        team(1, 1, 80, inclusion=60, innovation=70),
        team(2, 2, 70, inclusion=75, innovation=40),
        team(3, 3, 60, inclusion=50, innovation=65),
        team(4, 4, 50, inclusion=74, innovation=64),
    ]
    assert propose(ranking, one_award_per_team=False) == {
        "Champion Team": (AWARDED, (1,), ()),
        "2nd place": (AWARDED, (2,), ()),
        "3rd place": (AWARDED, (3,), ()),
        "Most Inclusive Solution": (AWARDED, (2,), ()),
        "Most Innovative Solution": (AWARDED, (1,), ()),
    }


def test_one_award_per_team_passes_over_holders_for_the_next_best():
    ranking = [
        team(1, 1, 80, inclusion=60, innovation=70),
        team(2, 2, 70, inclusion=75, innovation=40),
        team(3, 3, 60, inclusion=50, innovation=65),
        team(4, 4, 50, inclusion=74, innovation=64),
        team(5, 5, 45, inclusion=73, innovation=66),
    ]
    # Team 2 (best inclusion) and team 1 (best innovation) hold places: the next best win. Team 4 takes
    # inclusion (74), so innovation goes past it, to team 5 (66) rather than team 4 (64).
    assert propose(ranking, one_award_per_team=True) == {
        "Champion Team": (AWARDED, (1,), ()),
        "2nd place": (AWARDED, (2,), ()),
        "3rd place": (AWARDED, (3,), ()),
        "Most Inclusive Solution": (AWARDED, (4,), ()),
        "Most Innovative Solution": (AWARDED, (5,), ()),
    }


def test_a_tie_at_the_boundary_of_two_places_is_a_decision_for_both():
    ranking = [team(1, 1, 80), team(2, 2, 70), team(3, 2, 70), team(4, 4, 60)]
    result = propose(ranking, categories=[CHAMPION, SECOND, THIRD])
    assert result == {
        "Champion Team": (AWARDED, (1,), ()),
        "2nd place": (TIE, (), (2, 3)),
        "3rd place": (TIE, (), (2, 3)),
    }


def test_deciding_the_tie_settles_the_next_place():
    ranking = [team(1, 1, 80), team(2, 2, 70), team(3, 2, 70), team(4, 4, 60)]
    decided = {2: TeamDecision(2, (3,), "Team 3's pilot is already funded.")}
    assert propose(ranking, decided, categories=[CHAMPION, SECOND, THIRD]) == {
        "Champion Team": (AWARDED, (1,), ()),
        "2nd place": (AWARDED, (3,), ()),
        "3rd place": (AWARDED, (2,), ()),
    }


def test_a_joint_2nd_place_leaves_3rd_place_unawarded_rather_than_giving_it_to_the_4th():
    ranking = [team(1, 1, 80), team(2, 2, 70), team(3, 2, 70), team(4, 4, 60)]
    decided = {2: TeamDecision(2, (2, 3), "Equal after every tie-break.")}
    awards = propose_awards(
        categories=[CHAMPION, SECOND, THIRD], ranking=ranking, decisions=decided, one_award_per_team=True
    )
    assert outcome(awards)["3rd place"] == (NOT_AWARDED, (), ())
    assert (
        awards[2].note == "Not awarded: the next team, Team 4, is ranked 4th because a place above is shared."
    )


def test_a_tie_for_the_last_place_can_be_given_jointly():
    ranking = [team(1, 1, 80), team(2, 2, 70), team(3, 3, 60), team(4, 3, 60), team(5, 5, 50)]
    categories = [CHAMPION, SECOND, THIRD]
    assert propose(ranking, categories=categories)["3rd place"] == (TIE, (), (3, 4))
    awards = propose_awards(
        categories=categories,
        ranking=ranking,
        one_award_per_team=True,
        decisions={3: TeamDecision(3, (3, 4), "Both teams equal.")},
    )
    assert (awards[2].status, awards[2].winners) == (AWARDED, (3, 4))
    assert awards[2].note == "Decided by the secretariat: Both teams equal."


def test_a_team_eligible_for_two_awards_with_and_without_one_award_per_team():
    # Team 1 is first and has the best inclusion average.
    ranking = [
        team(1, 1, 80, inclusion=90),
        team(2, 2, 70, inclusion=60),
        team(3, 3, 60, inclusion=85),
        team(4, 4, 50, inclusion=40),
    ]
    categories = [CHAMPION, SECOND, INCLUSIVE]
    assert propose(ranking, one_award_per_team=False, categories=categories)["Most Inclusive Solution"] == (
        AWARDED,
        (1,),
        (),
    )
    assert propose(ranking, one_award_per_team=True, categories=categories)["Most Inclusive Solution"] == (
        AWARDED,
        (3,),
        (),
    )


def test_an_award_waits_when_its_best_team_is_still_a_candidate_in_an_undecided_tie():
    ranking = [team(1, 1, 80, inclusion=50), team(2, 2, 70, inclusion=95), team(3, 2, 70, inclusion=60)]
    categories = [CHAMPION, SECOND, INCLUSIVE]
    awards = propose_awards(categories=categories, ranking=ranking, decisions={}, one_award_per_team=True)
    assert outcome(awards)["Most Inclusive Solution"] == (WAITING, (), (2,))
    assert awards[2].note.startswith("Decide 2nd place first: Team 2 could win it")
    # Without the option there is nothing to wait for.
    assert propose(ranking, one_award_per_team=False, categories=categories)["Most Inclusive Solution"] == (
        AWARDED,
        (2,),
        (),
    )
    # Once 2nd place is decided, the award follows.
    decided = {2: TeamDecision(2, (2,), "Decided.")}
    assert propose(ranking, decided, categories=categories)["Most Inclusive Solution"] == (AWARDED, (3,), ())
    decided = {2: TeamDecision(2, (3,), "Decided.")}
    assert propose(ranking, decided, categories=categories)["Most Inclusive Solution"] == (AWARDED, (2,), ())


def test_equal_criterion_averages_are_a_tie():
    ranking = [
        team(1, 1, 80, innovation=50),
        team(2, 2, 70, innovation=72.5),
        team(3, 3, 60, innovation=72.5),
    ]
    assert propose(ranking, categories=[INNOVATIVE]) == {"Most Innovative Solution": (TIE, (), (2, 3))}


def test_replacing_the_champion_moves_the_places_down_the_ranking():
    ranking = [team(1, 1, 80), team(2, 2, 70), team(3, 3, 60), team(4, 4, 50)]
    decided = {1: TeamDecision(1, (2,), "Team 1 withdrew from the program.")}
    assert propose(ranking, decided, categories=[CHAMPION, SECOND, THIRD]) == {
        "Champion Team": (AWARDED, (2,), ()),
        "2nd place": (AWARDED, (1,), ()),
        "3rd place": (AWARDED, (3,), ()),
    }


def test_teams_without_any_score_win_nothing():
    ranking = [team(1, 1, 80), team(2, 2, 0, scored=False), team(3, 2, 0, scored=False)]
    assert propose(ranking, categories=[CHAMPION, SECOND, INCLUSIVE], one_award_per_team=False) == {
        "Champion Team": (AWARDED, (1,), ()),
        "2nd place": (NOT_AWARDED, (), ()),
        "Most Inclusive Solution": (AWARDED, (1,), ()),
    }


def test_a_criterion_no_team_was_scored_on_is_not_awarded():
    ranking = [RankedTeam(1, "Team 1", 1, 80.0, True, {"innovation": 70.0})]
    awards = propose_awards(categories=[INCLUSIVE], ranking=ranking, decisions={}, one_award_per_team=True)
    assert (awards[0].status, awards[0].note) == (NOT_AWARDED, "No team has scores on Safety & inclusion.")


@pytest.mark.parametrize("seed", range(5))
def test_the_proposal_does_not_depend_on_the_order_of_the_categories(seed):
    ranking = [team(1, 1, 80, 60, 70), team(2, 2, 70, 75, 40), team(3, 2, 70, 50, 65), team(4, 4, 50, 74, 64)]
    shuffled = DEFAULTS[:]
    random.Random(seed).shuffle(shuffled)
    assert propose(ranking, categories=shuffled) == propose(ranking, categories=DEFAULTS)


def test_ceremony_order_recognitions_then_criterion_awards_then_places_up_to_the_champion():
    assert [c.name for c in ceremony_order(DEFAULTS)] == [
        "Certificate of Completion",
        "Smart City Champion",
        "Most Inclusive Solution",
        "Most Innovative Solution",
        "3rd place",
        "2nd place",
        "Champion Team",
    ]


def test_a_decision_whose_results_changed_is_flagged_for_review_not_applied_silently():
    ranking = [team(1, 1, 80), team(2, 2, 70), team(3, 3, 60), team(4, 3, 60)]
    categories = [CHAMPION, SECOND, THIRD]
    tied = propose_awards(categories=categories, ranking=ranking, decisions={}, one_award_per_team=True)[2]
    joint = TeamDecision(3, (3, 4), "Both teams equal.", basis=tied.basis)
    assert propose(ranking, {3: joint}, categories=categories)["3rd place"] == (AWARDED, (3, 4), ())
    # The champion is replaced by team 3: 3rd place would now be team 2's,
    # so the joint decision is for review.
    replaced = {1: TeamDecision(1, (3,), "Team 1 withdrew."), 3: joint}
    awards = propose_awards(
        categories=categories, ranking=ranking, decisions=replaced, one_award_per_team=True
    )
    assert (awards[2].status, awards[2].winners, awards[2].needs_decision) == (REVIEW, (3, 4), True)
    assert awards[2].note == (
        'Check the decision for Team 3 and Team 4 ("Both teams equal."): the results have '
        "changed since, and now propose Team 2. Confirm it or change it."
    )


def test_a_tie_among_many_teams_keeps_a_basis_that_fits_its_column_and_still_tells_changes_apart():
    """Three hundred teams with no separation: the basis becomes a digest of at most 400 characters,
    equal for the same results and different when one team's score changes."""
    ranking = [team(i, 1, 50.0) for i in range(1000, 1300)]
    tied = propose_awards(categories=[CHAMPION], ranking=ranking, decisions={}, one_award_per_team=True)[0]
    assert tied.status == TIE and len(tied.candidates) == 300
    assert tied.basis.startswith("sha256:") and len(tied.basis) <= 400
    again = propose_awards(categories=[CHAMPION], ranking=ranking, decisions={}, one_award_per_team=True)[0]
    assert again.basis == tied.basis
    changed = [team(1000, 1, 51.0)] + [team(i, 2, 50.0) for i in range(1001, 1300)]
    assert (
        propose_awards(categories=[CHAMPION], ranking=changed, decisions={}, one_award_per_team=True)[0].basis
        != tied.basis
    )
    few = propose_awards(categories=[CHAMPION], ranking=ranking[:2], decisions={}, one_award_per_team=True)[0]
    assert few.basis == "tie::1000,1001"


def test_the_notes_are_written_in_the_readers_language():
    ranking = [team(1, 1, 80), team(2, 2, 70), team(3, 2, 70), team(4, 4, 60)]
    decided = {2: TeamDecision(2, (2, 3), "Equal after every tie-break.")}
    awards = propose_awards(
        categories=[CHAMPION, SECOND, THIRD], ranking=ranking, decisions=decided, one_award_per_team=True
    )
    assert awards[0].note.text("ko") == "80.00점으로 1위."
    assert awards[2].note.text("ar") == "لم تُمنح: الفريق التالي، Team 4، في المركز 4 لأن مركزًا أعلى مشترك."
    assert awards[2].note.text("fr") == (
        "Non attribué : l'équipe suivante, Team 4, est classée 4ᵉ car une place au-dessus est partagée."
    )
    assert awards[1].note.text("ko") == "사무국 결정: Equal after every tie-break."
    tie = propose_awards(categories=[SECOND], ranking=ranking[1:3], decisions={}, one_award_per_team=True)
    assert tie[0].note == (
        "Tie: Team 2 and Team 3 share rank 2 with 70.00 after every tie-break. Choose one team, or give the "
        "award jointly."
    )
    assert tie[0].note.text("ar") == (
        "تعادل: يتشارك Team 2 وTeam 3 المركز 2 بدرجة 70.00 بعد كل معايير كسر التعادل. "
        "اختر فريقًا واحدًا أو امنح الجائزة بالاشتراك."
    )
