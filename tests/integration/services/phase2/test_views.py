"""What the Phase 2 pages show, against a migrated database: a participant's team page, the
secretariat's teams and workshops pages and a workshop's edit form; exact labels, and nothing
of another team or another cohort."""

from datetime import timedelta

import pytest
from sqlmodel import select

from champions.infra.translations import gettext
from champions.models import Role, SubmissionFile, SubmissionVersion, Team, Workshop
from champions.services.phase2.views import (
    MemberLine,
    PersonLine,
    TeamCard,
    TeamLine,
    TeamPage,
    TeamsPage,
    WorkshopsPage,
    team_page,
    teams_page,
    workshop_form,
    workshops_page,
)
from champions.services.phase2.workshops import WorkshopForm, check_workshop, grant_extension
from champions.services.teams.teams import assign_coach, create_team, join_team, set_team_locked
from champions.services.views import Choice

from ...conftest import TODAY
from .conftest import DEADLINE, OPENS, SECOND, submit

SEOUL = "Asia/Seoul"
LEAVE_AFTER_SUBMITTING = "Your team has submitted work; ask the secretariat to change the team."


@pytest.fixture
def elsewhere(session, cohort_a_year_earlier) -> dict:
    """Another cohort (2021, a year earlier) with a team and a workshop of its own."""
    other = cohort_a_year_earlier
    team = Team(cohort_id=other.id, name="Elsewhere", name_key="elsewhere", invite_code="ELSEWHRE")
    workshop = Workshop(
        cohort_id=other.id,
        position=1,
        title="Old framing",
        brief="",
        opens_at=OPENS - timedelta(days=365),
        deadline=DEADLINE - timedelta(days=365),
    )
    session.add_all([team, workshop])
    session.commit()
    return {"cohort": other, "team": team, "workshop": workshop}


@pytest.fixture
def other_team(session, cohort, completers) -> Team:
    """A second team of the cohort, "alpha" (lower case: sorted before "T" all the same)."""
    made = create_team(
        session=session, user=completers[3], cohort=cohort, name="alpha", challenge="", city=""
    )
    join_team(session=session, user=completers[4], code=made.invite_code)
    session.commit()
    return made


# --- a participant's team page ------------------------------------------------------------


def test_someone_not_accepted_reads_only_a_notice(session, completers, workshop):
    assert team_page(session=session, user_id=completers[12].id, zone=SEOUL, now=OPENS) == TeamPage(
        notice="Phase 2 teams are for accepted participants who completed Phase 1."
    )


@pytest.mark.parametrize(
    "person, eligible_text",
    [(3, ""), (11, "Teams are for participants who completed Phase 1.")],
)
def test_a_participant_without_a_team_sees_why_and_the_workshops_without_a_submit_button(
    session, cohort, completers, team, workshop, tmp_path, person, eligible_text
):
    submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    page = team_page(
        session=session, user_id=completers[person].id, zone=SEOUL, now=OPENS + timedelta(hours=1)
    )
    assert (page.notice, page.cohort, page.team_min, page.team_max) == ("", "Smart City Champions 2022", 3, 5)
    assert page.eligible_text == eligible_text
    assert (page.team, page.members, page.feedback) == (None, [], [])
    [card] = page.workshops
    assert (card.title, card.state, card.can_submit, card.closed_reason, card.has_versions, card.latest) == (
        "Workshop 1: Problem framing",
        "open",
        "",
        "",
        "",
        "",
    )
    # Nothing of the team that submitted.
    assert page.versions == {str(workshop.id): []}
    assert page.files == {}


def test_a_member_sees_the_team_its_members_and_their_versions_newest_first(
    session, cohort, completers, team, other_team, workshop, secretariat, make_user, tmp_path
):
    coach = make_user(email="coach@example.org", full_name="Mina Mentor", role=Role.MENTOR)
    assign_coach(session=session, actor=secretariat, team_id=team.id, mentor_id=coach.id)
    session.commit()
    submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path, title="First try")
    submit(session, completers[1], workshop, OPENS + 2 * SECOND, tmp=tmp_path, title="Second try")
    submit(session, completers[3], workshop, OPENS + 3 * SECOND, tmp=tmp_path, title="Alpha's secret")
    page = team_page(session=session, user_id=completers[2].id, zone=SEOUL, now=OPENS + timedelta(hours=1))
    assert page.team == TeamCard(
        id=str(team.id),
        name="T",
        challenge="",
        city="",
        code=team.invite_code,
        locked="",
        coach="Mina Mentor",
        leave_refusal=LEAVE_AFTER_SUBMITTING,
    )
    assert page.members == [
        MemberLine("Person 00", "South Korea"),
        MemberLine("Person 01", "South Korea"),
        MemberLine("Person 02", "Brazil"),
    ]
    assert page.eligible_text == ""
    [card] = page.workshops
    w = str(workshop.id)
    assert card.id == w
    assert (card.opens, card.deadline, card.deadline_seoul, card.deadline_iso) == (
        "Sun 1 May 2022, 10:00 KST",
        "Wed 11 May 2022, 18:00 KST",
        "Wed 11 May 2022, 18:00 KST",
        DEADLINE.isoformat(),
    )
    assert (card.state, card.state_text) == ("submitted", "submitted: version 2, Sun 1 May 2022, 10:00 KST")
    assert (card.judged, card.extension, card.can_submit, card.closed_reason) == ("judged", "", "yes", "")
    assert (card.has_versions, card.latest) == ("yes", "2")
    assert [(v.key, v.number, v.title, v.by, v.counted, v.extension) for v in page.versions[w]] == [
        (f"{w}:2", "2", "Second try", "Person 01", "what the judges see", ""),
        (f"{w}:1", "1", "First try", "Person 00", "", ""),
    ]
    assert list(page.versions) == [w]
    # The files of each version, and none of the other team's.
    stored = {
        f"{w}:{number}": [(f.original_name, f"/files/{f.public_id}") for f in files]
        for number, files in (
            (
                v.number,
                session.exec(select(SubmissionFile).where(SubmissionFile.version_id == v.id)).all(),
            )
            for v in session.exec(select(SubmissionVersion).where(SubmissionVersion.team_id == team.id))
        )
    }
    assert sorted(page.files) == [f"{w}:1", f"{w}:2"]
    assert {key: [(f.name, f.url) for f in files] for key, files in page.files.items()} == stored
    assert all(
        f.name == "deck.pdf" and f.size.endswith(" KB") for files in page.files.values() for f in files
    )
    assert "Alpha's secret" not in repr(page)
    assert page.feedback == [] and page.feedback_criteria == {} and page.feedback_comments == {}


def test_after_the_deadline_an_extension_shows_for_its_team_only(
    session, cohort, completers, team, other_team, workshop, secretariat, tmp_path
):
    submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    grant_extension(
        session=session,
        actor=secretariat,
        team_id=team.id,
        workshop_id=workshop.id,
        deadline=DEADLINE + timedelta(days=1),
        reason="Power outage",
    )
    set_team_locked(session=session, actor=secretariat, team_id=team.id, locked=True)
    session.commit()
    now = DEADLINE + timedelta(hours=1)
    mine = team_page(session=session, user_id=completers[0].id, zone="UTC", now=now)
    [card] = mine.workshops
    assert (mine.team.locked, mine.team.leave_refusal) == ("yes", "This team is locked by the secretariat.")
    assert (card.deadline, card.deadline_seoul, card.extension) == (
        "Thu 12 May 2022, 09:00 UTC",
        "Thu 12 May 2022, 18:00 KST",
        "Extension granted: Power outage",
    )
    assert (card.state, card.can_submit, card.closed_reason) == ("submitted", "yes", "")
    theirs = team_page(session=session, user_id=completers[3].id, zone=SEOUL, now=now)
    [card] = theirs.workshops
    assert (theirs.team.name, theirs.team.leave_refusal) == ("alpha", "")
    assert (card.deadline, card.extension, card.state, card.state_text, card.can_submit) == (
        "Wed 11 May 2022, 18:00 KST",
        "",
        "missed",
        "missed",
        "",
    )
    assert card.closed_reason == (
        "The deadline has passed; the secretariat no longer accepts versions unless it grants your team "
        "an extension."
    )
    assert theirs.versions == {str(workshop.id): []}


# --- the secretariat's teams page -----------------------------------------------------------


def test_the_teams_page_without_any_cohort_is_empty(session):
    assert teams_page(session=session, cohort_name="", today=TODAY) == TeamsPage()


def test_the_teams_page_lists_the_cohort_s_teams_members_and_the_unassigned(
    session, cohort, completers, team, other_team, workshop, secretariat, make_user, elsewhere, tmp_path
):
    second = Workshop(
        cohort_id=cohort.id,
        position=2,
        title="Prototype",
        brief="",
        opens_at=OPENS + timedelta(days=14),
        deadline=DEADLINE + timedelta(days=14),
        judged=False,
    )
    session.add(second)
    zed = make_user(email="zed@example.org", full_name="Zed Mentor", role=Role.MENTOR)
    amy = make_user(email="amy@example.org", full_name="Amy Mentor", role=Role.MENTOR)
    assign_coach(session=session, actor=secretariat, team_id=team.id, mentor_id=zed.id)
    set_team_locked(session=session, actor=secretariat, team_id=team.id, locked=True)
    grant_extension(
        session=session,
        actor=secretariat,
        team_id=other_team.id,
        workshop_id=workshop.id,
        deadline=DEADLINE + timedelta(days=1),
        reason="Power outage",
    )
    session.commit()
    submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    for cohort_name in ("", "2022"):
        page = teams_page(session=session, cohort_name=cohort_name, today=TODAY)
        assert (page.cohorts, page.cohort, page.team_min, page.team_max) == (["2022", "2021"], "2022", 3, 5)
        assert page.teams == [
            TeamLine(
                id=str(other_team.id),
                name="alpha",
                challenge="",
                city="",
                size="2",
                locked="",
                coach="",
                submissions="W1: – (extended to Thu 12 May 2022, 18:00 KST) · W2: –",
            ),
            TeamLine(
                id=str(team.id),
                name="T",
                challenge="",
                city="",
                size="3",
                locked="yes",
                coach=str(zed.id),
                submissions="W1: v1 · W2: –",
            ),
        ]
        person = {p.id: p for p in completers}
        assert page.members == {
            str(other_team.id): [
                PersonLine(str(completers[3].id), "Person 03", "Kenya"),
                PersonLine(str(completers[4].id), "Person 04", "Kenya"),
            ],
            str(team.id): [
                PersonLine(str(completers[0].id), "Person 00", "South Korea"),
                PersonLine(str(completers[1].id), "Person 01", "South Korea"),
                PersonLine(str(completers[2].id), "Person 02", "Brazil"),
            ],
        }
        assert [(person[int(p.user_id)].full_name, p.name, p.country) for p in page.unassigned] == [
            ("Person 05", "Person 05", "Türkiye"),
            ("Person 06", "Person 06", "Vietnam"),
            ("Person 07", "Person 07", "South Korea"),
            ("Person 08", "Person 08", "Brazil"),
            ("Person 09", "Person 09", "Uganda"),
            ("Person 10", "Person 10", "Kenya"),
        ]
        assert page.workshops == [
            Choice(str(workshop.id), "Workshop 1: Problem framing"),
            Choice(str(second.id), "Workshop 2: Prototype"),
        ]
        assert page.mentors == [Choice(str(amy.id), "Amy Mentor"), Choice(str(zed.id), "Zed Mentor")]
    # The other cohort's page: its own team, nothing of this one's.
    page = teams_page(session=session, cohort_name="2021", today=TODAY)
    assert [(t.name, t.size, t.submissions) for t in page.teams] == [("Elsewhere", "0", "W1: –")]
    assert page.members == {str(elsewhere["team"].id): []}
    assert (page.unassigned, page.workshops) == (
        [],
        [Choice(str(elsewhere["workshop"].id), "Workshop 1: Old framing")],
    )


# --- the secretariat's workshops page and a workshop's form ---------------------------------


@pytest.fixture
def workshops(session, cohort, workshop) -> list[Workshop]:
    """The fixture's judged workshop (weight 1), a judged one of weight 3 and one not judged."""
    workshop.brief = "Frame <script>alert(1)</script> one problem."
    more = [
        Workshop(
            cohort_id=cohort.id,
            position=2,
            title="Prototype",
            brief="",
            opens_at=OPENS + timedelta(days=14),
            deadline=DEADLINE + timedelta(days=14),
            weight=3,
        ),
        Workshop(
            cohort_id=cohort.id,
            position=3,
            title="Showcase",
            brief="",
            opens_at=OPENS + timedelta(days=28),
            deadline=DEADLINE + timedelta(days=28),
            judged=False,
            weight=5,
        ),
    ]
    session.add_all([workshop, *more])
    session.commit()
    return [workshop, *more]


def test_the_workshops_page_without_any_cohort_is_empty(session):
    assert workshops_page(session=session, cohort_name="", zone=SEOUL, today=TODAY) == WorkshopsPage()


@pytest.mark.parametrize(
    "zone, local_deadlines",
    [
        (SEOUL, ["", "", ""]),
        (
            "Europe/Istanbul",
            [
                "Wed 11 May 2022, 12:00 UTC+03",
                "Wed 25 May 2022, 12:00 UTC+03",
                "Wed 8 Jun 2022, 12:00 UTC+03",
            ],
        ),
    ],
)
def test_the_workshops_page_shows_seoul_times_the_local_deadline_and_the_judged_shares(
    session, workshops, elsewhere, zone, local_deadlines
):
    page = workshops_page(session=session, cohort_name="", zone=zone, today=TODAY)
    assert (page.cohorts, page.cohort) == (["2022", "2021"], "2022")
    assert [line.id for line in page.lines] == [str(w.id) for w in workshops]
    assert [(line.title, line.opens, line.deadline, line.judged) for line in page.lines] == [
        (
            "Workshop 1: Problem framing",
            "Sun 1 May 2022, 10:00 KST",
            "Wed 11 May 2022, 18:00 KST",
            "judged · weight 1 (25% of the final score)",
        ),
        (
            "Workshop 2: Prototype",
            "Sun 15 May 2022, 10:00 KST",
            "Wed 25 May 2022, 18:00 KST",
            "judged · weight 3 (75% of the final score)",
        ),
        ("Workshop 3: Showcase", "Sun 29 May 2022, 10:00 KST", "Wed 8 Jun 2022, 18:00 KST", "not judged"),
    ]
    assert [line.deadline_local for line in page.lines] == local_deadlines
    assert page.lines[0].deadline_iso == DEADLINE.isoformat()
    # Raw HTML in a brief is shown as text.
    assert page.lines[0].brief == "Frame &lt;script&gt;alert(1)&lt;/script&gt; one problem."
    assert "Old framing" not in repr(page)


def test_the_workshops_page_of_another_cohort(session, workshops, elsewhere):
    page = workshops_page(session=session, cohort_name="2021", zone=SEOUL, today=TODAY)
    assert page.cohort == "2021"
    assert [(line.title, line.judged) for line in page.lines] == [
        ("Workshop 1: Old framing", "judged · weight 1 (100% of the final score)")
    ]


def test_a_workshop_s_form_shows_its_times_in_seoul_and_saves_back_unchanged(session, workshops):
    form = workshop_form(session=session, workshop_id=workshops[0].id)
    assert form == WorkshopForm(
        title="Problem framing",
        brief="Frame <script>alert(1)</script> one problem.",
        opens_day="2022-05-01",
        opens_time="10:00",
        deadline_day="2022-05-11",
        deadline_time="18:00",
        zone=SEOUL,
        judged="yes",
        weight="1",
        mode="hybrid",
    )
    assert workshop_form(session=session, workshop_id=workshops[2].id).judged == ""
    assert workshop_form(session=session, workshop_id=workshops[2].id).weight == "5"
    checked = check_workshop(form)
    assert (checked.opens_at, checked.deadline) == (OPENS, DEADLINE)


def test_the_form_of_no_workshop_is_none(session, cohort):
    assert workshop_form(session=session, workshop_id=9999) is None


def test_a_workshops_title_and_state_come_as_parts_for_the_page_to_say_in_the_viewers_language(
    session, cohort, completers, team, workshop, tmp_path
):
    """The team page says "Workshop 1: title" and "submitted: version 2, <when>" in the viewer's
    words from these parts (so they follow the language menu in place); the date is in the language."""
    submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path, title="First try")
    page = team_page(
        session=session, user_id=completers[1].id, zone=SEOUL, now=OPENS + timedelta(hours=1), language="ar"
    )
    [card] = page.workshops
    assert (card.position, card.name, card.state, card.counted_number) == (
        "1",
        workshop.title,
        "submitted",
        "1",
    )
    [version] = page.versions[str(workshop.id)]
    state = "{state}: version {number}, {when}"
    said = gettext(
        "ar", state, state=gettext("ar", card.state), number=card.counted_number, when=card.counted_when
    )
    assert said == "مُرسل: النسخة 1، الأحد، 1 مايو 2022، 10:00 KST"
    assert card.state_text == "submitted: version 1, Sun 1 May 2022, 10:00 KST"  # English, as it was
    assert (version.counted, gettext("ko", version.counted)) == (
        "what the judges see",
        "심사위원이 보는 버전",
    )
