"""Youth recommendations: each Phase 2 team writes its recommendations to advance the youth
development agenda (a title, 100 to 1,000 words, the SDG 11 targets they serve) before the
final workshop's deadline (the team's extension of it included). Every save is a new version;
the last one before that deadline counts."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import Cohort, RecommendationVersion, Team, User, Workshop
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.phase2.workshops import effective_deadline, extension_of
from champions.services.registration.applications import count_words
from champions.services.teams.teams import members_of, team_of

MIN_WORDS, MAX_WORDS = 100, 1000

# The targets of Sustainable Development Goal 11 with their official short titles (UN).
SDG11_TARGETS: dict[str, str] = {
    "11.1": N_("Safe and affordable housing"),
    "11.2": N_("Affordable and sustainable transport systems"),
    "11.3": N_("Inclusive and sustainable urbanization"),
    "11.4": N_("Protect the world's cultural and natural heritage"),
    "11.5": N_("Reduce the adverse effects of natural disasters"),
    "11.6": N_("Reduce the environmental impact of cities"),
    "11.7": N_("Provide access to safe and inclusive green and public spaces"),
    "11.a": N_("Strong national and regional development planning"),
    "11.b": N_("Implement policies for inclusion, resource efficiency and disaster risk reduction"),
    "11.c": N_("Support least developed countries in sustainable and resilient building"),
}


def target_label(code: str, language: str = "en") -> str:
    """ "11.2 Affordable and sustainable transport systems" (the target's words in `language`)."""
    return f"{code} {gettext(language, SDG11_TARGETS[code])}"


def target_codes(stored: str) -> list[str]:
    """The stored comma-separated codes, in the official order."""
    chosen = set(stored.split(","))
    return [code for code in SDG11_TARGETS if code in chosen]


@dataclass(frozen=True)
class RecommendationFields:
    title: str = ""
    body: str = ""
    targets: tuple[str, ...] = ()

    @classmethod
    def from_form(cls, data) -> "RecommendationFields":
        """From a browser's form data, whatever it sent: a target is ticked when the form has
        `target_<code>` set (the code's dot written as "_": `target_11_2`)."""
        data = data if isinstance(data, dict) else {}
        text = {k: data.get(k) if isinstance(data.get(k), str) else "" for k in ("title", "body")}
        ticked = tuple(
            code
            for code in SDG11_TARGETS
            if data.get("target_" + code.replace(".", "_")) in (True, "on", "yes", "true")
        )
        return cls(text["title"].strip(), text["body"].strip(), ticked)


def check_recommendation(fields: RecommendationFields) -> list[Reason]:
    """One reason per bad field (none: the recommendations can be saved)."""
    reasons = []
    if not fields.title:
        reasons.append(Reason("required", "Give your recommendations a title.", "title"))
    elif len(fields.title) > 200:
        reasons.append(Reason("too_long", "Use at most 200 characters.", "title"))
    words = count_words(fields.body)
    if words < MIN_WORDS:
        reasons.append(
            Reason(
                "too_short",
                "Write at least {min} words (you wrote {words}).",
                "body",
                values={"min": MIN_WORDS, "words": words},
            )
        )
    elif words > MAX_WORDS:
        reasons.append(
            Reason(
                "too_long",
                "Keep it to {max} words (you wrote {words}).",
                "body",
                values={"max": f"{MAX_WORDS:,}", "words": f"{words:,}"},
            )
        )
    if not fields.targets:
        reasons.append(Reason("required", "Tick the SDG 11 targets your recommendations serve.", "targets"))
    elif any(code not in SDG11_TARGETS for code in fields.targets):
        reasons.append(Reason("unknown_target", "Choose targets from the list.", "targets"))
    return reasons


def final_workshop(*, session: Session, cohort_id: int) -> Workshop | None:
    """The workshop in the last position: its deadline closes the recommendations."""
    return session.exec(
        select(Workshop).where(Workshop.cohort_id == cohort_id).order_by(Workshop.position.desc())
    ).first()


def recommendation_deadline(*, session: Session, team: Team) -> datetime | None:
    """The final workshop's deadline for this team (its extension there included); None when
    the cohort has no workshops."""
    final = final_workshop(session=session, cohort_id=team.cohort_id)
    if final is None:
        return None
    return effective_deadline(final, extension_of(session=session, team_id=team.id, workshop_id=final.id))


def versions_of_recommendations(*, session: Session, team_id: int) -> list[RecommendationVersion]:
    """Every version, newest first."""
    return list(
        session.exec(
            select(RecommendationVersion)
            .where(RecommendationVersion.team_id == team_id)
            .order_by(RecommendationVersion.number.desc())
        )
    )


def counted_recommendation(*, session: Session, team: Team) -> RecommendationVersion | None:
    """The last version saved before the deadline."""
    deadline = recommendation_deadline(session=session, team=team)
    return next(
        (
            v
            for v in versions_of_recommendations(session=session, team_id=team.id)
            if deadline is None or v.submitted_at <= deadline
        ),
        None,
    )


def recommendation_refusal(
    *, session: Session, user: User, cohort: Cohort, now: datetime
) -> tuple[Team | None, Reason | None]:
    """Whether this person may save recommendations in this cohort now, and for which team."""
    team = team_of(session=session, cohort_id=cohort.id, user_id=user.id)
    if team is None:
        return None, Reason("no_team", "Only members of a Phase 2 team write recommendations.")
    deadline = recommendation_deadline(session=session, team=team)
    if deadline is None:
        return None, Reason("no_workshops", "The workshops of this edition are not set yet.")
    if now > deadline:
        return None, Reason(
            "deadline_passed", "The final workshop's deadline has passed; recommendations are closed."
        )
    return team, None


def save_recommendation(
    *, session: Session, user: User, cohort: Cohort, fields: RecommendationFields, now: datetime | None = None
) -> RecommendationVersion:
    """Save a new version of the caller's team's recommendations. Raises RuleViolation (reasons
    by field) and writes nothing when refused. Audited. Flushes; the caller commits."""
    now = now or utcnow()
    team, refusal = recommendation_refusal(session=session, user=user, cohort=cohort, now=now)
    if refusal is not None:
        raise RuleViolation([refusal])
    reasons = check_recommendation(fields)
    if reasons:
        raise RuleViolation(reasons)
    previous = versions_of_recommendations(session=session, team_id=team.id)
    version = RecommendationVersion(
        team_id=team.id,
        number=(previous[0].number + 1) if previous else 1,
        title=fields.title,
        body=fields.body,
        targets=",".join(fields.targets),
        submitted_by=user.id,
        submitted_at=now,
    )
    session.add(version)
    session.flush()
    record_audit(
        session=session,
        actor_id=user.id,
        cohort_id=cohort.id,
        action="recommendations_saved",
        entity="recommendation_version",
        entity_id=version.id,
        after={"team_id": team.id, "number": version.number, "targets": version.targets},
    )
    session.flush()
    return version


@dataclass(frozen=True)
class BookletEntry:
    """A team's counted recommendations, as the booklet and the CSV show them."""

    team: str
    city: str
    members: list[str]
    title: str
    body: str
    targets: list[str]  # codes
    version: int
    submitted_at: datetime


def cohort_recommendations(*, session: Session, cohort: Cohort) -> list[BookletEntry]:
    """Every team's counted recommendations in the cohort, by team name (case-insensitive).
    Reads only."""
    out = []
    teams = session.exec(select(Team).where(Team.cohort_id == cohort.id))
    # Sorted here, not by the database, so every database gives the same order.
    for team in sorted(teams, key=lambda t: (t.name.casefold(), t.id)):
        version = counted_recommendation(session=session, team=team)
        if version is None:
            continue
        out.append(
            BookletEntry(
                team=team.name,
                city=team.city,
                members=[m.full_name for m in members_of(session=session, team_id=team.id)],
                title=version.title,
                body=version.body,
                targets=target_codes(version.targets),
                version=version.number,
                submitted_at=version.submitted_at,
            )
        )
    return out
