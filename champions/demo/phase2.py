"""Demo Phase 2 data for the 2022 cohort: teams auto-formed from the Phase 1 completers,
with names, challenges and cities, and versioned submissions (small generated PDFs) for the
four workshops, one of them late under an extension."""

import hashlib
import random
from datetime import timedelta

from sqlmodel import Session, select

from champions.infra import files as storage
from champions.infra.pdf import simple_pdf
from champions.models import Cohort, Team, TeamMember, User
from champions.services.phase1.lectures import list_workshops
from champions.services.phase2.submissions import StoredFile, SubmissionFields, record_version
from champions.services.phase2.workshops import grant_extension
from champions.services.teams.teams import auto_form_teams, name_key

TEAMS = [
    ("SafeSteps", "Safe night walking routes for women students", "Seoul"),
    ("Open Mobility Lab", "Accessible bus information for wheelchair users", "Bogotá"),
    ("Green Shade", "Heat-safe public spaces for older residents", "Amman"),
    ("Data for Dignity", "Open data on street lighting and reported incidents", "Nairobi"),
    ("Bridge the Gap", "Digital public services for migrants", "Istanbul"),
    ("Kids on Bikes", "Safe cycling routes to schools", "Kazan"),
    ("Clean Air Map", "Community air-quality sensors near markets", "Jakarta"),
    ("Silver Connect", "Neighbourhood help networks for older people", "Lisbon"),
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
