"""What the award pages show (the demo cohort of 2022, whose list is finalized and published):
the secretariat's award list in each state, a participant's published award lists (only
published lists, only the cohorts they were accepted into), and finding the cohort named."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from champions.demo.seed import PARTICIPANT_EMAIL
from champions.infra.reasons import RuleViolation
from champions.models import (
    Application,
    ApplicationStatus,
    AwardCategory,
    AwardEntry,
    AwardKind,
    AwardList,
    Cohort,
    TeamMember,
    User,
)
from champions.services.awards.decisions import (
    clear_decision,
    finalize_awards,
    publish_awards,
    unlock_awards,
)
from champions.services.awards.views import (
    AwardLine,
    AwardPage,
    CategoryLine,
    CohortAwards,
    TeamAwardLine,
    award_page,
    participant_awards,
)
from champions.services.registration.cohorts import cohort_named
from champions.services.views import Choice

from .conftest import NOW, reasons, team_named

# The day the demo was seeded: the 2026 edition is open for registration (the current cohort).
TODAY = date(2026, 11, 23)
THIRD_NOTE = (
    "Decided by the secretariat: The two teams are equal after every tie-break; the jury gives 3rd "
    "place to both rather than split them by chance."
)
TEAM_AWARDS = [
    ("Champion Team", "awarded", "Green Shade", "Ranked 1st with 75.31.", ""),
    ("2nd place", "awarded", "Bridge the Gap", "Ranked 2nd with 62.72.", ""),
    ("3rd place", "awarded", "Kids on Bikes, Clean Air Map", THIRD_NOTE, "yes"),
    ("Most Inclusive Solution", "awarded", "SafeSteps", "Best Safety & inclusion average: 58.02.", ""),
    ("Most Innovative Solution", "awarded", "Open Mobility Lab", "Best Innovation average: 56.79.", ""),
]
# The ceremony, the Champion Team first: (award, team, members, countries).
CEREMONY = [
    (
        "Champion Team",
        "Green Shade",
        "Joseph Okello, Maria Santos, Wanjiru Kamau, سارة الكعبي, 이서연",
        "Uganda, Philippines, Kenya, United Arab Emirates, South Korea",
    ),
    (
        "2nd place",
        "Bridge the Gap",
        "Aizada Bekova, Grace Uwase, Youssef Benali, 陈伟",
        "Kazakhstan, Rwanda, Morocco, China",
    ),
    (
        "3rd place",
        "Clean Air Map",
        "Siti Nurhaliza, Somchai Phongsri, Tan Wei Ming, Анна Иванова",
        "Indonesia, Thailand, Malaysia, Russia",
    ),
    (
        "3rd place",
        "Kids on Bikes",
        "Abebe Bikila Tesfaye, Fatou Diop, Nurlan Ospanov, Бат-Эрдэнэ Ганбаатар",
        "Ethiopia, Senegal, Kazakhstan, Mongolia",
    ),
    (
        "Most Innovative Solution",
        "Open Mobility Lab",
        "Amani Mwakyusa, Hamid Rahimi, Omar Al-Farsi, Trần Văn Đức, 김민준",
        "Tanzania, Iran, Oman, Vietnam, South Korea",
    ),
    (
        "Most Inclusive Solution",
        "SafeSteps",
        "Aarav Shrestha, Ahmet Yılmaz, Ji-woo Han, Nguyễn Thị Hương, محمد العلي",
        "Nepal, Türkiye, South Korea, Vietnam, Iraq",
    ),
]


def user_named(session, name: str) -> User:
    return session.exec(select(User).where(User.full_name == name)).one()


def participant(session) -> User:
    return session.exec(select(User).where(User.email == PARTICIPANT_EMAIL)).one()


# --- the secretariat's award list -----------------------------------------------------------


def test_the_published_demo_list_as_the_secretariat_reads_it(session, demo):
    cohort, _ = demo
    page = award_page(session=session, cohort_name="2022", today=TODAY)
    assert (page.cohorts, page.cohort, page.cohort_id) == (["2026", "2022"], "2022", str(cohort.id))
    assert page.status == "Finalized and published to participants on Thu 8 Dec 2022, 18:00 KST."
    assert (page.finalized, page.published, page.one_award_per_team, page.refusals) == (True, True, True, [])
    assert [(a.name, a.status, a.winners, a.note, a.decided) for a in page.team_awards] == TEAM_AWARDS
    # The winners' ids as the page's checkboxes hold them, and the teams to choose from in rank order.
    ids = {name: str(team_named(session, name).id) for name in ("Kids on Bikes", "Clean Air Map")}
    third = page.team_awards[2]
    assert third == TeamAwardLine(
        third.category_id,
        "3rd place",
        "awarded",
        "Kids on Bikes, Clean Air Map",
        f"{ids['Kids on Bikes']},{ids['Clean Air Map']}",
        THIRD_NOTE,
        "yes",
    )
    assert [t.label for t in page.teams] == [
        "Green Shade (rank 1, 75.31)",
        "Bridge the Gap (rank 2, 62.72)",
        "Clean Air Map (rank 3, 58.77)",
        "Kids on Bikes (rank 3, 58.77)",
        "SafeSteps (rank 5, 57.04)",
        "Data for Dignity (rank 6, 55.31)",
        "Silver Connect (rank 7, 52.59)",
        "Open Mobility Lab (rank 8, 52.10)",
    ]
    assert page.teams[0].id == str(team_named(session, "Green Shade").id)
    # The recognitions: every completer, named; the accepted who did not complete are not among them.
    assert [(r.name, r.count) for r in page.recognitions] == [
        ("Certificate of Completion", "36"),
        ("Smart City Champion", "36"),
    ]
    people = page.recognitions[0].people.split(", ")
    assert len(people) == 36 and "Ji-woo Han" in people and "Dilnoza Karimova" not in people
    assert page.withdrawn == []
    # Every accepted participant to choose from, by name (case-folded), with their user id.
    assert len(page.participants) == 40
    first = ["Aarav Shrestha", "Abebe Bikila Tesfaye", "Ahmet Yılmaz"]
    assert [p.label for p in page.participants[:3]] == first
    assert Choice(str(participant(session).id), "Ji-woo Han") in page.participants
    assert [(c.name, c.kind, c.place, c.criterion) for c in page.categories] == [
        ("Champion Team", "rank", "1", ""),
        ("2nd place", "rank", "2", ""),
        ("3rd place", "rank", "3", ""),
        ("Most Inclusive Solution", "criterion", "", "Safety & inclusion"),
        ("Most Innovative Solution", "criterion", "", "Innovation"),
        ("Certificate of Completion", "completion", "", ""),
        ("Smart City Champion", "champion", "", ""),
    ]
    assert all(isinstance(c, CategoryLine) and c.id.isdigit() for c in page.categories)
    assert page.criteria == [
        "Problem understanding",
        "Innovation",
        "Feasibility",
        "Safety & inclusion",
        "Impact on SDG 11",
    ]


def test_the_status_follows_the_list_from_draft_to_finalized_to_published(session, demo):
    cohort, secretariat = demo
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="A name to correct.")
    session.commit()
    draft = award_page(session=session, cohort_name="2022", today=TODAY)
    assert draft.status == (
        "Draft: proposed from the results, with your decisions applied. Nothing is final yet."
    )
    assert (draft.finalized, draft.published, draft.refusals) == (False, False, [])
    # The secretariat's decision on the tie stays after unlocking.
    assert [(a.name, a.winners, a.decided) for a in draft.team_awards][2] == (
        "3rd place",
        "Kids on Bikes, Clean Air Map",
        "yes",
    )
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    session.commit()
    finalized = award_page(session=session, cohort_name="2022", today=TODAY, now=NOW)
    assert finalized.status == (
        "Finalized on Thu 1 Dec 2022, 18:00 KST: locked. Participants see it when the ceremony starts "
        "(Thu 8 Dec 2022, 00:00 KST), unless you publish it earlier."
    )
    at_ceremony = award_page(
        session=session, cohort_name="2022", today=TODAY, now=datetime(2022, 12, 7, 15, 0, tzinfo=UTC)
    )
    assert at_ceremony.status == (
        "Finalized on Thu 1 Dec 2022, 18:00 KST: locked. Participants see it since the ceremony started "
        "(Thu 8 Dec 2022, 00:00 KST)."
    )
    assert (finalized.finalized, finalized.published) == (True, False)
    publish_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    session.commit()
    published = award_page(session=session, cohort_name="2022", today=TODAY)
    assert published.status == "Finalized and published to participants on Thu 1 Dec 2022, 18:00 KST."
    assert (published.finalized, published.published) == (True, True)


def test_without_a_name_the_current_cohort_is_shown_and_a_new_cohort_has_an_empty_draft(session, demo):
    page = award_page(session=session, cohort_name="", today=TODAY)
    assert (page.cohorts, page.cohort) == (["2026", "2022"], "2026")
    assert (page.finalized, page.published) == (False, False)
    assert page.status.startswith("Draft:")
    # Nothing of 2022 leaks into the 2026 list.
    assert page.teams == [] and page.participants == []
    assert all(line.winners == "—" and line.checked == "" for line in page.team_awards)
    assert "Green Shade" not in repr(page) and "Ji-woo Han" not in repr(page)


def test_an_undecided_tie_shows_what_finalizing_still_needs(session, demo):
    cohort, secretariat = demo
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="Review the joint 3rd place.")
    third = award_page(session=session, cohort_name="2022", today=TODAY).team_awards[2]
    clear_decision(
        session=session,
        actor=secretariat,
        cohort=cohort,
        category_id=int(third.category_id),
        reason="Decide it again.",
    )
    session.commit()
    page = award_page(session=session, cohort_name="2022", today=TODAY)
    third = page.team_awards[2]
    assert (third.name, third.status, third.decided) == ("3rd place", "tie", "")
    assert page.refusals == [
        f"3rd place: {third.note}",
        "Most Innovative Solution: Decide 3rd place first: "
        "Clean Air Map and Kids on Bikes could win it, and a team holds one award only.",
    ]
    with pytest.raises(RuleViolation) as refused:
        finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    assert reasons(refused) == page.refusals


@pytest.mark.parametrize("name", ["", "1999"])
def test_no_cohort_no_figures(session, name):
    assert award_page(session=session, cohort_name=name, today=TODAY) == AwardPage()


def test_an_unknown_cohort_name_reads_nothing_even_when_cohorts_exist(session, demo):
    assert award_page(session=session, cohort_name="1999", today=TODAY) == AwardPage()


# --- the cohort named -----------------------------------------------------------------------


@pytest.mark.parametrize("name, expected", [("2022", "2022"), ("2026", "2026"), ("", "2026")])
def test_cohort_named_or_the_current_one(session, demo, name, expected):
    assert cohort_named(session=session, name=name, today=TODAY).name == expected


def test_without_a_name_after_registration_the_most_recent_cohort(session, demo):
    assert cohort_named(session=session, name="", today=date(2027, 6, 1)).name == "2026"


@pytest.mark.parametrize("name", ["1999", "2022 "])
def test_cohort_named_refuses_an_unknown_name(session, demo, name):
    with pytest.raises(RuleViolation) as error:
        cohort_named(session=session, name=name, today=TODAY)
    assert [(r.code, r.message) for r in error.value.reasons] == [("not_found", "There is no such cohort.")]


def test_cohort_named_refuses_when_there_is_no_cohort(session):
    with pytest.raises(RuleViolation) as error:
        cohort_named(session=session, name="", today=TODAY)
    assert reasons(error) == ["There is no such cohort."]


# --- a participant's awards -----------------------------------------------------------------


def test_a_participant_sees_the_published_list_and_their_own_awards(session, demo):
    [seen] = participant_awards(session=session, user_id=participant(session).id)
    assert seen.cohort == "2022"
    assert seen.mine == [
        "Most Inclusive Solution — with SafeSteps",
        "Certificate of Completion",
        "Smart City Champion",
    ]
    assert [(a.award, a.team, a.members, a.countries) for a in seen.awards] == CEREMONY
    assert seen.awards[0] == AwardLine(
        "Champion Team",
        "Green Shade",
        CEREMONY[0][2],
        CEREMONY[0][3],
        "Heat-safe public spaces for older residents",
    )


RECOGNITIONS = ["Certificate of Completion", "Smart City Champion"]


@pytest.mark.parametrize(
    "name, award",
    [
        ("이서연", "Champion Team — with Green Shade"),
        ("陈伟", "2nd place — with Bridge the Gap"),
        ("Fatou Diop", "3rd place — with Kids on Bikes"),
        ("Анна Иванова", "3rd place — with Clean Air Map"),
        ("Hamid Rahimi", "Most Innovative Solution — with Open Mobility Lab"),
        ("김민준", "Most Innovative Solution — with Open Mobility Lab"),
    ],
)
def test_each_participant_reads_their_own_team_award(session, demo, name, award):
    [seen] = participant_awards(session=session, user_id=user_named(session, name).id)
    assert seen.mine == [award] + RECOGNITIONS
    # Everyone reads the same ceremony.
    assert [(a.award, a.team) for a in seen.awards] == [(c[0], c[1]) for c in CEREMONY]


def test_a_participant_whose_team_won_nothing_reads_only_their_recognitions(session, demo):
    team = team_named(session, "Data for Dignity")
    member = session.exec(select(TeamMember.user_id).where(TeamMember.team_id == team.id)).first()
    [seen] = participant_awards(session=session, user_id=member)
    assert seen.mine == RECOGNITIONS
    assert len(seen.awards) == 6


def test_nothing_before_the_list_is_published(session, demo):
    cohort, secretariat = demo
    user_id = participant(session).id
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="A name to correct.")
    session.commit()
    assert participant_awards(session=session, user_id=user_id) == []
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    session.commit()
    assert participant_awards(session=session, user_id=user_id, now=NOW) == []  # before the ceremony
    cohort.ceremony_starts_at = datetime(2022, 12, 8, 6, 0, tzinfo=UTC)  # 15:00 in Seoul
    session.add(cohort)
    session.commit()
    before, at = datetime(2022, 12, 8, 5, 59, tzinfo=UTC), datetime(2022, 12, 8, 6, 0, tzinfo=UTC)
    assert participant_awards(session=session, user_id=user_id, now=before) == []
    assert [c.cohort for c in participant_awards(session=session, user_id=user_id, now=at)] == ["2022"]
    publish_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)  # early, on purpose
    session.commit()
    assert [c.cohort for c in participant_awards(session=session, user_id=user_id, now=NOW)] == ["2022"]


@pytest.mark.parametrize(
    "email",
    [
        "applicant40@champions.example",  # waitlisted
        "applicant41@champions.example",  # rejected
        "applicant42@champions.example",  # submitted, never decided
        "applicant43@champions.example",  # withdrawn
        "mentor1@champions.example",
        "secretariat@champions.example",
    ],
)
def test_only_the_accepted_read_a_cohorts_list(session, demo, email):
    user = session.exec(select(User).where(User.email == email)).one()
    status = session.exec(select(Application.status).where(Application.user_id == user.id)).first()
    assert status != ApplicationStatus.ACCEPTED
    assert participant_awards(session=session, user_id=user.id) == []


def test_an_accepted_participant_who_did_not_complete_reads_the_ceremony_without_awards_of_their_own(
    session, demo
):
    [seen] = participant_awards(session=session, user_id=user_named(session, "Dilnoza Karimova").id)
    assert seen.mine == []
    assert [(a.award, a.team) for a in seen.awards] == [(c[0], c[1]) for c in CEREMONY]


def publish_a_2026_list(session, user: User) -> Cohort:
    """A published 2026 list with one recognition for `user`, and `user` accepted into 2026."""
    current = session.exec(select(Cohort).where(Cohort.name == "2026")).one()
    category = AwardCategory(
        cohort_id=current.id, position=1, name="Certificate of Completion", kind=AwardKind.COMPLETION
    )
    session.add(category)
    session.add(AwardList(cohort_id=current.id, finalized_at=NOW, published_at=NOW))
    session.flush()
    session.add(
        AwardEntry(
            cohort_id=current.id,
            category_id=category.id,
            order=1,
            award="Certificate of Completion 2026",
            kind=AwardKind.COMPLETION,
            user_id=user.id,
            recipient=user.full_name,
        )
    )
    session.commit()
    return current


def accept_into(session, user: User, cohort: Cohort) -> None:
    earlier = session.exec(select(Application).where(Application.user_id == user.id)).first()
    values = earlier.model_dump(exclude={"id", "cohort_id", "status"})
    session.add(Application(**values, cohort_id=cohort.id, status=ApplicationStatus.ACCEPTED))
    session.commit()


def test_only_the_cohorts_the_participant_was_accepted_into_the_newest_first(session, demo):
    ji_woo = participant(session)
    current = publish_a_2026_list(session, ji_woo)
    # Accepted into 2022 only: the 2026 list is not theirs, although it is published.
    assert [c.cohort for c in participant_awards(session=session, user_id=ji_woo.id)] == ["2022"]
    accept_into(session, ji_woo, current)
    seen = participant_awards(session=session, user_id=ji_woo.id)
    assert [c.cohort for c in seen] == ["2026", "2022"]
    assert seen[0] == CohortAwards("2026", ["Certificate of Completion 2026"], [])
    assert "Certificate of Completion 2026" not in repr(seen[1])
    # Another participant accepted into 2022 only reads 2022 only, without the 2026 recognition.
    other = participant_awards(session=session, user_id=user_named(session, "이서연").id)
    assert [c.cohort for c in other] == ["2022"] and "2026" not in repr(other)


def test_an_unknown_user_reads_nothing(session, demo):
    assert participant_awards(session=session, user_id=999_999) == []


def test_the_status_and_the_notes_in_the_secretariats_language(session, demo):
    cohort, secretariat = demo
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="A name to correct.")
    session.commit()
    draft = award_page(session=session, cohort_name="2022", today=TODAY, language="ko")
    assert (
        draft.status
        == "초안: 결과를 바탕으로 제안되었으며 사무국의 결정이 반영되었습니다. 아직 확정된 것은 없습니다."
    )
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    session.commit()
    finalized = award_page(session=session, cohort_name="2022", today=TODAY, now=NOW, language="ar")
    assert finalized.status.startswith("اعتُمدت في ")
    assert finalized.status.endswith("ما لم تنشرها قبل ذلك.")
