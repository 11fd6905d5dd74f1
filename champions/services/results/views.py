"""What the Results page shows: the ranking with every figure, the method, and the CSV."""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from champions.infra.spreadsheet import to_csv
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import N_, gettext
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.services.results.ranking import judging_results, ranking_rows
from champions.services.views import CsvFile

# --- the results ----------------------------------------------------------------------------


def _f(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _agreement_words(value: float | None, language: str = "en") -> str:
    if value is None:
        return gettext(language, "not enough submissions with two or more scores")
    words = (
        N_("poor")
        if value < 0.4
        else N_("fair")
        if value < 0.6
        else N_("good")
        if value < 0.75
        else N_("excellent")
    )
    return gettext(language, "{value} ({words})", value=f"{value:.2f}", words=gettext(language, words))


# The ways a submission's score is taken from its mentors' totals (Cohort.score_aggregation).
AGGREGATIONS = {"mean": N_("mean"), "median": N_("median")}


def _settings(data, language: str) -> str:
    """ "Submission score: mean over mentors, after per-mentor normalization. Disagreement is
    flagged above 15 points." """
    values = {
        "aggregation": gettext(language, AGGREGATIONS.get(data.aggregation, data.aggregation)),
        "threshold": f"{data.disagreement_threshold:g}",
    }
    if data.normalize:
        return gettext(
            language,
            "Submission score: {aggregation} over mentors, after per-mentor normalization. "
            "Disagreement is flagged above {threshold} points.",
            **values,
        )
    return gettext(
        language,
        "Submission score: {aggregation} over mentors. Disagreement is flagged above {threshold} points.",
        **values,
    )


@dataclass(frozen=True)
class ResultsPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""
    ranking_columns: list[str] = field(default_factory=list)
    ranking: list[list[str]] = field(default_factory=list)
    spreads: list[list[str]] = field(default_factory=list)  # the widest disagreement first
    mentors: list[list[str]] = field(default_factory=list)
    agreement: list[str] = field(default_factory=list)
    settings: str = ""


def results_page(*, session: Session, cohort_name: str, today: date, language: str = "en") -> ResultsPage:
    """The ranking with each step's figures, disagreement per submission, mentors' progress and
    leniency, agreement per round, of the cohort named (else the current one)."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return ResultsPage()
    results = judging_results(session=session, cohort=cohort)
    workshops = sorted(results.data.workshops, key=lambda w: w.position)
    names = results.mentor_names
    ranking_columns = (
        [gettext(language, "Rank"), gettext(language, "Team"), gettext(language, "Final score")]
        + [
            f"W{w.position} ({100 * r:.0f}%)"
            for w, r in zip(
                workshops, [t.weight for t in results.teams[0].workshops] if results.teams else []
            )
        ]
        + [
            gettext(
                language, "{criterion} average", criterion=results.criterion or gettext(language, "Criterion")
            ),
            gettext(language, "Last on-time submission (Seoul)"),
        ]
    )
    ranking = [
        [
            gettext(language, "{rank} (tie)", rank=t.rank) if t.tie else str(t.rank),
            t.name,
            _f(t.final_score, 2),
        ]
        + [
            (
                _f(w.score, 2)
                if w.score_raw == w.score or w.score_raw is None
                else gettext(language, "{score} (raw {raw})", score=_f(w.score, 2), raw=_f(w.score_raw, 2))
            )
            if w.submitted or w.score is not None
            else gettext(language, "missing (0)")
            for w in t.workshops
        ]
        + [
            _f(t.criterion_average, 2),
            format_instant(t.last_on_time, SEOUL_ZONE, language) if t.last_on_time else "—",
        ]
        for t in results.teams
    ]
    spreads = []
    for t in results.teams:
        for w in t.workshops:
            progress = results.by_submission.get((t.team_id, w.workshop_id))
            if not w.mentors and progress is None:
                continue
            spreads.append(
                (
                    -(w.high - w.low) if w.mentors else 0.0,
                    [
                        f"{t.name} — W{w.position}",
                        ", ".join(f"{names.get(m.mentor_id, '?')} {m.total:.1f}" for m in w.mentors) or "—",
                        gettext(
                            language,
                            "{counted} of {required}",
                            counted=progress.submitted if progress else 0,
                            required=progress.assigned if progress else 0,
                        ),
                        _f(w.sd),
                        f"{_f(w.low)}–{_f(w.high)}" if w.mentors else "—",
                        gettext(language, "spread over threshold") if w.flagged else "",
                    ],
                )
            )
    mentors = [
        [
            names.get(m, "?"),
            str(p.assigned),
            str(p.submitted),
            str(p.drafts),
            (
                gettext(
                    language,
                    "{difference} over {count}",
                    difference=f"{results.leniency[m][0]:+.1f}",
                    count=results.leniency[m][1],
                )
                if m in results.leniency
                else "—"
            ),
        ]
        for m, p in sorted(results.by_mentor.items(), key=lambda item: names.get(item[0], "").casefold())
    ]
    return ResultsPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        ranking_columns=ranking_columns,
        ranking=ranking,
        spreads=[row for _, row in sorted(spreads, key=lambda item: item[0])],
        mentors=mentors,
        agreement=[
            gettext(
                language,
                "Workshop {position}: {agreement}",
                position=w.position,
                agreement=_agreement_words(results.agreement.get(w.id), language),
            )
            for w in workshops
        ],
        settings=_settings(results.data, language),
    )


def ranking_csv(*, session: Session, cohort_name: str, today: date, language: str = "en") -> CsvFile | None:
    """The ranking of the cohort named (else the current one) as a CSV file in `language`; None
    when there is no such cohort (as for the dashboard's tables)."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return None
    results = judging_results(session=session, cohort=cohort)
    return CsvFile(f"ranking-{cohort.name}.csv", to_csv(*ranking_rows(results, cohort, language)))
