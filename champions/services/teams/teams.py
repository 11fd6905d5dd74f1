"""Phase 2 teams: who may be in one, creating and joining by invite code, leaving, locking,
auto-forming from unassigned completers (countries spread), moves and coaching mentors."""

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from champions.infra.db import claim
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import N_
from champions.models import (
    Cohort,
    Role,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
)
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.messages.events import team_changed
from champions.services.messages.templates import Words
from champions.services.phase1.attendance import is_accepted_participant
from champions.services.phase1.lectures import CODE_ALPHABET
from champions.services.phase1.progress import phase1_progress, progress_of

INVITE_LENGTH = 8
_LIMITS = {"name": 80, "challenge": 300, "city": 120}


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def new_invite_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(INVITE_LENGTH))


def team_of(*, session: Session, cohort_id: int, user_id: int) -> Team | None:
    return session.exec(
        select(Team)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.cohort_id == cohort_id, TeamMember.user_id == user_id)
    ).first()


def members_of(*, session: Session, team_id: int) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(TeamMember, TeamMember.user_id == User.id)
            .where(TeamMember.team_id == team_id)
            .order_by(TeamMember.joined_at, TeamMember.id)
        )
    )


def team_size(session: Session, team_id: int) -> int:
    return session.exec(select(func.count(TeamMember.id)).where(TeamMember.team_id == team_id)).one()


def has_submitted(session: Session, team_id: int) -> bool:
    return (
        session.exec(select(SubmissionVersion.id).where(SubmissionVersion.team_id == team_id)).first()
        is not None
    )


def team_eligibility(*, session: Session, cohort: Cohort, user_id: int) -> Reason | None:
    """Why this person cannot be in a team of the cohort (None: they can): accepted, Phase 1
    complete (when the cohort's Phase 2 requires it), not yet in a team."""
    if not is_accepted_participant(session=session, cohort_id=cohort.id, user_id=user_id):
        return Reason("not_participant", "Only accepted participants can be in a team.")
    progress = progress_of(session=session, cohort=cohort, user_id=user_id)
    if cohort.phase2_requires_phase1 and (progress is None or not progress.complete):
        return Reason("phase1_incomplete", "Teams are for participants who completed Phase 1.")
    if team_of(session=session, cohort_id=cohort.id, user_id=user_id) is not None:
        return Reason("already_in_team", "You are already in a team for this cohort.")
    return None


def _check_details(
    session: Session, cohort_id: int, name: str, challenge: str, city: str, team_id: int | None = None
) -> dict[str, str]:
    values = {
        "name": " ".join((name or "").split()),
        "challenge": (challenge or "").strip(),
        "city": (city or "").strip(),
    }
    reasons = []
    if not values["name"]:
        reasons.append(Reason("required", "Give your team a name.", "name"))
    for key, limit in _LIMITS.items():
        if len(values[key]) > limit:
            reasons.append(
                Reason("too_long", "Use at most {limit} characters.", key, values={"limit": limit})
            )
    taken = session.exec(
        select(Team.id).where(
            Team.cohort_id == cohort_id, Team.name_key == name_key(values["name"]), Team.id != (team_id or -1)
        )
    ).first()
    if values["name"] and taken is not None:
        reasons.append(Reason("name_taken", "Another team of this cohort has this name.", "name"))
    if reasons:
        raise RuleViolation(reasons)
    return values


def _snapshot(team: Team) -> dict:
    return {
        "name": team.name,
        "challenge": team.challenge,
        "city": team.city,
        "locked": team.locked,
        "coach_id": team.coach_id,
    }


def create_team(
    *,
    session: Session,
    user: User,
    cohort: Cohort,
    name: str,
    challenge: str,
    city: str,
    now: datetime | None = None,
) -> Team:
    """Create a team with `user` as its first member and a fresh invite code. Audited. Flushes."""
    refusal = team_eligibility(session=session, cohort=cohort, user_id=user.id)
    if refusal is not None:
        raise RuleViolation([refusal])
    values = _check_details(session, cohort.id, name, challenge, city)
    team = Team(
        cohort_id=cohort.id,
        name=values["name"],
        name_key=name_key(values["name"]),
        challenge=values["challenge"],
        city=values["city"],
        invite_code=new_invite_code(),
        created_by=user.id,
        created_at=now or utcnow(),
    )
    session.add(team)
    session.flush()
    session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=user.id, joined_at=team.created_at))
    record_audit(
        session=session,
        actor_id=user.id,
        cohort_id=cohort.id,
        action="team_created",
        entity="team",
        entity_id=team.id,
        after={**_snapshot(team), "members": [user.id]},
    )
    session.flush()
    return team


def update_team(*, session: Session, actor: User, team_id: int, name: str, challenge: str, city: str) -> Team:
    """Change a team's name, challenge or city: its members while the team is not locked, the
    secretariat always (the names go on certificates). Audited when something changed."""
    team = session.get(Team, team_id)
    if team is None or not (actor.role == Role.SECRETARIAT or is_member(session, team.id, actor.id)):
        raise RuleViolation([Reason("not_found", "There is no such team.")])
    if team.locked and actor.role != Role.SECRETARIAT:
        raise RuleViolation(
            [Reason("locked", "This team is locked by the secretariat; ask it to change the details.")]
        )
    values = _check_details(session, team.cohort_id, name, challenge, city, team_id=team.id)
    before = _snapshot(team)
    team.name, team.name_key = values["name"], name_key(values["name"])
    team.challenge, team.city = values["challenge"], values["city"]
    if _snapshot(team) == before:
        return team
    session.add(team)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=team.cohort_id,
        action="team_updated",
        entity="team",
        entity_id=team.id,
        before=before,
        after=_snapshot(team),
    )
    session.flush()
    return team


def is_member(session: Session, team_id: int, user_id: int) -> bool:
    return (
        session.exec(
            select(TeamMember.id).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id)
        ).first()
        is not None
    )


def join_team(*, session: Session, user: User, code: str, now: datetime | None = None) -> Team:
    """Join the team whose invite code this is, unless it is full or locked. Audited."""
    typed = "".join(str(code or "").split()).upper()[:32]
    team = session.exec(select(Team).where(Team.invite_code == typed)).first() if typed else None
    # Joiners of one team (on any worker) take turns, so the last place is given once.
    if team is None or not claim(session, Team, team.id):
        raise RuleViolation(
            [Reason("wrong_code", "No team has this invite code. Check it with your team.", "code")]
        )
    session.refresh(team)
    cohort = session.get(Cohort, team.cohort_id)
    refusal = team_eligibility(session=session, cohort=cohort, user_id=user.id)
    if refusal is not None:
        raise RuleViolation([refusal.at("code")])
    if team.locked:
        raise RuleViolation([Reason("locked", "This team is locked by the secretariat.", "code")])
    if team_size(session, team.id) >= cohort.team_max:
        raise RuleViolation(
            [
                Reason(
                    "full", "This team is full ({count} members).", "code", values={"count": cohort.team_max}
                )
            ]
        )
    session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=user.id, joined_at=now or utcnow()))
    record_audit(
        session=session,
        actor_id=user.id,
        cohort_id=cohort.id,
        action="team_joined",
        entity="team",
        entity_id=team.id,
        after={"user_id": user.id},
    )
    session.flush()
    team_changed(
        session=session,
        team=team,
        change=Words.line(N_("{person} joined your team {team}."), person=user.full_name, team=team.name),
        about_user_id=user.id,
        exclude=user.id,
        now=now,
    )
    return team


def leave_refusal(session: Session, team: Team) -> Reason | None:
    if team.locked:
        return Reason("locked", "This team is locked by the secretariat.")
    if has_submitted(session, team.id):
        return Reason("submitted", "Your team has submitted work; ask the secretariat to change the team.")
    return None


def leave_team(*, session: Session, user: User, cohort_id: int) -> Team:
    """Leave one's team before its first submission (a team left empty is deleted). Audited."""
    team = team_of(session=session, cohort_id=cohort_id, user_id=user.id)
    if team is None or not claim(session, Team, team.id):  # not while someone joins the team it may delete
        raise RuleViolation([Reason("no_team", "You are not in a team.")])
    session.refresh(team)
    refusal = leave_refusal(session, team)
    if refusal is not None:
        raise RuleViolation([refusal])
    membership = session.exec(
        select(TeamMember).where(TeamMember.team_id == team.id, TeamMember.user_id == user.id)
    ).one()
    session.delete(membership)
    record_audit(
        session=session,
        actor_id=user.id,
        cohort_id=cohort_id,
        action="team_left",
        entity="team",
        entity_id=team.id,
        before={"user_id": user.id},
    )
    session.flush()
    team_changed(
        session=session,
        team=team,
        change=Words.line(N_("{person} left your team {team}."), person=user.full_name, team=team.name),
        about_user_id=user.id,
    )
    if team_size(session, team.id) == 0:
        session.delete(team)
        session.flush()
    return team


def set_team_locked(*, session: Session, actor: User, team_id: int, locked: bool) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise RuleViolation([Reason("not_found", "There is no such team.")])
    before = _snapshot(team)
    team.locked = bool(locked)
    session.add(team)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=team.cohort_id,
        action="team_locked" if locked else "team_unlocked",
        entity="team",
        entity_id=team.id,
        before=before,
        after=_snapshot(team),
    )
    session.flush()
    return team


def assign_coach(*, session: Session, actor: User, team_id: int, mentor_id: int | None) -> Team:
    """Give a team a coaching mentor (None removes it). Audited."""
    team = session.get(Team, team_id)
    if team is None:
        raise RuleViolation([Reason("not_found", "There is no such team.")])
    if mentor_id is not None:
        mentor = session.get(User, mentor_id)
        if mentor is None or mentor.role != Role.MENTOR:
            raise RuleViolation([Reason("not_mentor", "Choose one of the program's mentors.", "coach")])
    before = _snapshot(team)
    team.coach_id = mentor_id
    session.add(team)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=team.cohort_id,
        action="team_coach_assigned",
        entity="team",
        entity_id=team.id,
        before=before,
        after=_snapshot(team),
    )
    session.flush()
    return team


def move_member(*, session: Session, actor: User, user_id: int, to_team_id: int) -> Team:
    """Move a participant (in a team or not yet) into another team of the same cohort, within
    the maximum size. The secretariat's hand edit: allowed after submissions and on locked
    teams. Audited with the team before and after."""
    target = session.get(Team, to_team_id) if isinstance(to_team_id, int) else None
    if target is None or not claim(session, Team, target.id):  # see join_team
        raise RuleViolation([Reason("not_found", "There is no such team.")])
    cohort = session.get(Cohort, target.cohort_id)
    current = team_of(session=session, cohort_id=cohort.id, user_id=user_id)
    if current is not None and current.id == target.id:
        return target
    if current is None:
        refusal = team_eligibility(session=session, cohort=cohort, user_id=user_id)
        if refusal is not None:
            raise RuleViolation([refusal])
    if team_size(session, target.id) >= cohort.team_max:
        raise RuleViolation(
            [
                Reason(
                    "full",
                    "{team} is full ({count} members).",
                    values={"team": target.name, "count": cohort.team_max},
                )
            ]
        )
    if current is not None:
        membership = session.exec(
            select(TeamMember).where(TeamMember.team_id == current.id, TeamMember.user_id == user_id)
        ).one()
        membership.team_id = target.id
        session.add(membership)
    else:
        session.add(TeamMember(team_id=target.id, cohort_id=cohort.id, user_id=user_id))
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="team_member_moved",
        entity="team_member",
        entity_id=user_id,
        before={"team_id": current.id if current else None},
        after={"team_id": target.id},
    )
    session.flush()
    moved = session.get(User, user_id)
    team_changed(
        session=session,
        team=target,
        change=Words.line(
            N_("The secretariat put {person} in your team {team}."), person=moved.full_name, team=target.name
        ),
        about_user_id=user_id,
    )
    if current is not None:
        team_changed(
            session=session,
            team=current,
            change=Words.line(
                N_("The secretariat moved {person} from your team {team} to {other}."),
                person=moved.full_name,
                team=current.name,
                other=target.name,
            ),
            about_user_id=user_id,
        )
    return target


# --- auto-forming ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    user_id: int
    country: str


def plan_team_sizes(count: int, team_min: int, team_max: int) -> list[int]:
    """Sizes of the teams to form from `count` people: as few teams as the maximum allows,
    sizes differing by at most one and never below the minimum (people who do not fit
    stay unassigned: the sizes may add up to less than `count`)."""
    if count < team_min or team_min > team_max:
        return []
    teams = -(-count // team_max)
    while teams > 0 and count // teams < team_min:
        teams -= 1
    if teams == 0:
        return []
    placed = min(count, teams * team_max)
    base, extra = divmod(placed, teams)
    return [base + 1] * extra + [base] * (teams - extra)


def plan_teams(candidates: list[Candidate], team_min: int, team_max: int) -> list[list[Candidate]]:
    """Deterministic split: people ordered by country (largest groups first) are dealt
    round-robin into the teams, so each country's members differ by at most one between
    teams wherever the numbers allow."""
    sizes = plan_team_sizes(len(candidates), team_min, team_max)
    by_country: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in sorted(candidates, key=lambda c: (c.country, c.user_id)):
        by_country[candidate.country].append(candidate)
    ordered = [
        c
        for country in sorted(by_country, key=lambda k: (-len(by_country[k]), k))
        for c in by_country[country]
    ]
    teams: list[list[Candidate]] = [[] for _ in sizes]
    slot = 0
    for candidate in ordered[: sum(sizes)]:
        while len(teams[slot % len(teams)]) >= sizes[slot % len(teams)]:
            slot += 1
        teams[slot % len(teams)].append(candidate)
        slot += 1
    return teams


@dataclass
class AutoFormOutcome:
    teams: list[Team] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)  # completers who could not be placed
    message: str = ""


def unassigned_completers(*, session: Session, cohort: Cohort) -> list[Candidate]:
    in_team = set(session.exec(select(TeamMember.user_id).where(TeamMember.cohort_id == cohort.id)))
    return [
        Candidate(p.user_id, p.country)
        for p in phase1_progress(session=session, cohort=cohort)
        if (p.complete or not cohort.phase2_requires_phase1) and p.user_id not in in_team
    ]


def auto_form_teams(*, session: Session, actor: User, cohort: Cohort) -> AutoFormOutcome:
    """Form new teams ("Team 1", "Team 2"…) from every unassigned Phase 1 completer; teams
    that exist are left as they are. Audited per team. Flushes."""
    claim(session, Cohort, cohort.id)  # two runs at once would place the same completers twice
    candidates = unassigned_completers(session=session, cohort=cohort)
    planned = plan_teams(candidates, cohort.team_min, cohort.team_max)
    outcome = AutoFormOutcome()
    placed = {c.user_id for team in planned for c in team}
    outcome.left_out = [c.user_id for c in candidates if c.user_id not in placed]
    taken = set(session.exec(select(Team.name_key).where(Team.cohort_id == cohort.id)))
    number = 0
    for members in planned:
        number += 1
        while name_key(f"Team {number}") in taken:
            number += 1
        team = Team(
            cohort_id=cohort.id,
            name=f"Team {number}",
            name_key=name_key(f"Team {number}"),
            invite_code=new_invite_code(),
            created_by=actor.id,
        )
        session.add(team)
        session.flush()
        for member in members:
            session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=member.user_id))
        record_audit(
            session=session,
            actor_id=actor.id,
            cohort_id=cohort.id,
            action="team_auto_formed",
            entity="team",
            entity_id=team.id,
            after={"name": team.name, "members": [m.user_id for m in members]},
        )
        session.flush()
        team_changed(
            session=session,
            team=team,
            change=Words.line(
                N_("The secretariat formed your team {team}. Meet your teammates on the team page."),
                team=team.name,
            ),
            about_user_id=0,
        )
        outcome.teams.append(team)
    session.flush()
    if not candidates:
        outcome.message = "Every Phase 1 completer is already in a team."
    else:
        outcome.message = f"Formed {len(outcome.teams)} teams from {len(placed)} completers."
        if outcome.left_out:
            outcome.message += (
                f" {len(outcome.left_out)} could not be placed (teams need "
                f"{cohort.team_min} to {cohort.team_max}); move them by hand."
            )
    return outcome


def country_spread(teams: list[list[Candidate]]) -> dict[str, int]:
    """Per country: the largest minus the smallest number of its members in any team."""
    countries = {c.country for team in teams for c in team}
    return {
        country: max(sum(c.country == country for c in team) for team in teams)
        - min(sum(c.country == country for c in team) for team in teams)
        for country in countries
    }
