"""Demo Phase 2 data for the 2022 cohort: teams auto-formed from the Phase 1 completers,
with names, challenges and WeGO member cities, versioned submissions (small generated PDFs)
for the four workshops, one of them late under an extension, the attendance at the workshop
sessions, and every team's youth recommendations."""

import hashlib
import random
from datetime import timedelta

from sqlmodel import Session, select

from champions.infra import files as storage
from champions.infra.pdf import simple_pdf
from champions.models import (
    AttendanceStatus,
    Cohort,
    RecommendationVersion,
    Team,
    TeamMember,
    User,
    WorkshopAttendance,
)
from champions.services.phase1.attendance import WORKSHOP, record_attendance
from champions.services.phase1.lectures import list_workshops
from champions.services.phase2.recommendations import RecommendationFields, save_recommendation
from champions.services.phase2.submissions import StoredFile, SubmissionFields, record_version
from champions.services.phase2.workshops import grant_extension
from champions.services.teams.teams import auto_form_teams, name_key

TEAMS = [
    ("SafeSteps", "Safe night walking routes for women students", "Seoul"),
    ("Open Mobility Lab", "Accessible bus information for wheelchair users", "Lima"),
    ("Green Shade", "Heat-safe public spaces for older residents", "Ramallah"),
    ("Data for Dignity", "Open data on street lighting and reported incidents", "Nairobi"),
    ("Bridge the Gap", "Digital public services for migrants", "Beyoğlu"),
    ("Kids on Bikes", "Safe cycling routes to schools", "Moscow"),
    ("Clean Air Map", "Community air-quality sensors near markets", "Jakarta"),
    ("Silver Connect", "Neighbourhood help networks for older people", "Paris"),
    ("Flood Ready", "Early warnings for informal settlements", "Dar es Salaam"),
    ("Open Streets", "Car-free Sundays with accessibility audits", "Mexico City"),
]

TIE_PAIR = (5, 6)  # indexes of the two teams the demo judging ties


def _pdf_file(team: Team, workshop_title: str, number: int) -> StoredFile:
    data = simple_pdf(
        f"{team.name}: {workshop_title} (version {number})",
        [
            f"Challenge: {team.challenge}",
            f"City: {team.city}",
            "A demo submission of the Smart City Champions 2022 cohort.",
        ],
    )
    return StoredFile(
        storage.store_bytes(data),
        f"{team.name.replace(' ', '-')}-{workshop_title.replace(' ', '-')}-v{number}.pdf",
        len(data),
        "application/pdf",
        hashlib.sha256(data).hexdigest(),
    )


def seed_phase2(*, session: Session, cohort: Cohort, secretariat: User) -> bool:
    """Teams and submissions of the 2022 cohort unless it has teams already. Flushes."""
    if session.exec(select(Team.id).where(Team.cohort_id == cohort.id)).first() is not None:
        return False
    formed = auto_form_teams(session=session, actor=secretariat, cohort=cohort).teams
    rng = random.Random(612)
    workshops = list_workshops(session=session, cohort_id=cohort.id)
    for team, (name, challenge, city) in zip(formed, TEAMS):
        team.name, team.name_key, team.challenge, team.city = name, name_key(name), challenge, city
        team.locked = True  # the cohort is over
        session.add(team)
    session.flush()
    twin_times: dict[int, tuple[int, int]] = {}
    for index, team in enumerate(formed):
        members = list(session.exec(select(TeamMember.user_id).where(TeamMember.team_id == team.id)))
        for workshop in workshops:
            late = index == 2 and workshop.position == 4
            if late:
                grant_extension(
                    session=session,
                    actor=secretariat,
                    team_id=team.id,
                    workshop_id=workshop.id,
                    deadline=workshop.deadline + timedelta(days=2),
                    reason="A member's city had a power outage on the deadline day.",
                    now=workshop.deadline - timedelta(hours=3),
                )
            count, hours = rng.choice([1, 1, 2, 3]), rng.randint(6, 150)
            # The judging demo ties two teams all the way down the tie-break chain, so the
            # second submits at the very times the first did.
            if index == TIE_PAIR[0]:
                twin_times[workshop.id] = (count, hours)
            elif index == TIE_PAIR[1]:
                count, hours = twin_times[workshop.id]
            for number in range(1, count + 1):
                # Each version later than the one before; the late team's after the deadline.
                submitted = (
                    workshop.deadline + timedelta(hours=20 + number)
                    if late
                    else workshop.deadline - timedelta(hours=hours // number)
                )
                fields = SubmissionFields(
                    title=f"{workshop.title}: {team.challenge}"
                    + (f" (revised {number - 1}x)" if number > 1 else ""),
                    summary=(
                        f"{team.challenge}. For '{workshop.title}' we describe who is "
                        "affected, what we learned from residents and the next step of our pilot."
                    ),
                )
                record_version(
                    session=session,
                    user=session.get(User, members[(number - 1) % len(members)]),
                    workshop_id=workshop.id,
                    fields=fields,
                    stored=[_pdf_file(team, workshop.title, number)],
                    now=submitted,
                )
    session.flush()
    return True


# The SDG 11 targets each team's recommendations serve, in TEAMS order.
TEAM_TARGETS = [
    ("11.2", "11.7"),
    ("11.2",),
    ("11.6", "11.7"),
    ("11.3", "11.b"),
    ("11.3",),
    ("11.2", "11.7"),
    ("11.6",),
    ("11.1", "11.3"),
    ("11.5", "11.b"),
    ("11.7", "11.3"),
]
RECOMMENDATION = (
    "Young people in {city} want to shape the city they will inherit. From our work on "
    "{challenge_lower} we recommend three steps to advance the youth development agenda.\n\n"
    "First, give young residents a standing seat where city services are designed: a youth panel "
    "that reviews new digital services before they launch, with the time and data it needs to "
    "test them in the neighbourhoods where young people live, study and work.\n\n"
    "Second, open the data that our project relied on, in formats that students and community "
    "groups can use, and protect the privacy of the people it describes, so that safety and "
    "inclusion can be measured by everyone and not only by experts.\n\n"
    "Third, fund small pilots led by youth teams together with city departments, with a clear "
    "plan to scale what works across WeGO member cities and to share what did not work."
)


def seed_phase2_extras(*, session: Session, cohort: Cohort, secretariat: User) -> bool:
    """The attendance at the 2022 workshop sessions and each team's recommendations (two
    versions for the first team), unless the cohort has recommendations already. Flushes."""
    teams = list(session.exec(select(Team).where(Team.cohort_id == cohort.id).order_by(Team.id)))
    if not teams:
        return False
    team_ids = [team.id for team in teams]
    if session.exec(
        select(RecommendationVersion.id).where(RecommendationVersion.team_id.in_(team_ids))
    ).first():
        return False
    rng = random.Random(1225)
    members = {
        team.id: list(session.exec(select(TeamMember.user_id).where(TeamMember.team_id == team.id)))
        for team in teams
    }
    workshops = list_workshops(session=session, cohort_id=cohort.id)
    statuses = [AttendanceStatus.PRESENT] * 17 + [
        AttendanceStatus.LATE,
        AttendanceStatus.EXCUSED,
        AttendanceStatus.ABSENT,
    ]
    for workshop in workshops:
        if (
            workshop.session_starts_at is None
            or session.exec(
                select(WorkshopAttendance.id).where(WorkshopAttendance.workshop_id == workshop.id)
            ).first()
        ):
            continue
        record_attendance(
            session=session,
            actor=secretariat,
            lecture_id=workshop.id,
            marks={uid: rng.choice(statuses) for team in teams for uid in members[team.id]},
            now=workshop.session_ends_at,
            occasion=WORKSHOP,
        )
    final = workshops[-1]
    for index, team in enumerate(teams):
        targets = TEAM_TARGETS[index % len(TEAM_TARGETS)]
        body = RECOMMENDATION.format(
            city=team.city, challenge_lower=team.challenge[:1].lower() + team.challenge[1:]
        )
        versions = 2 if index == 0 else 1
        for number in range(1, versions + 1):
            save_recommendation(
                session=session,
                user=session.get(User, members[team.id][(number - 1) % len(members[team.id])]),
                cohort=cohort,
                fields=RecommendationFields(
                    title=f"{team.name}: youth recommendations for {team.city}"
                    + (" (draft)" if number < versions else ""),
                    body=body,
                    targets=targets,
                ),
                now=final.deadline - timedelta(days=3 - number),
            )
    session.flush()
    return True
