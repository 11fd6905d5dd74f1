"""ResultsAdminState: the secretariat's view of judging results: the ranking with each step's
figures, disagreement per submission, mentors' progress and leniency, agreement per round."""

from datetime import date
from typing import Optional

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.spreadsheet import to_csv
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import Role
from champions.services.judging.results import METHOD, judging_results, ranking_rows
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.state.auth import current_caller
from champions.state.identity import Caller, off_loop


def _f(value: Optional[float], digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _agreement_words(value: Optional[float]) -> str:
    if value is None:
        return "not enough submissions with two or more scores"
    words = "poor" if value < 0.4 else "fair" if value < 0.6 else "good" if value < 0.75 else "excellent"
    return f"{value:.2f} ({words})"


def _load(cohort_name: str) -> dict:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        if cohort is None:
            return {"cohorts": [], "cohort": ""}
        results = judging_results(session=session, cohort=cohort)
        workshops = sorted(results.data.workshops, key=lambda w: w.position)
        names = results.mentor_names
        ranking_columns = (["Rank", "Team", "Final score"]
                           + [f"W{w.position} ({100 * r:.0f}%)" for w, r in
                              zip(workshops, [t.weight for t in results.teams[0].workshops] if results.teams else [])]
                           + [f"{results.criterion or 'Criterion'} average", "Last on-time submission (Seoul)"])
        ranking = [[str(t.rank) + (" (tie)" if t.tie else ""), t.name, _f(t.final_score, 2)]
                   + [(_f(w.score, 2) + ("" if w.score_raw == w.score or w.score_raw is None
                                         else f" (raw {_f(w.score_raw, 2)})")) if w.submitted or w.score is not None
                      else "missing (0)" for w in t.workshops]
                   + [_f(t.criterion_average, 2),
                      format_instant(t.last_on_time, SEOUL_ZONE) if t.last_on_time else "—"]
                   for t in results.teams]
        spreads = []
        for t in results.teams:
            for w in t.workshops:
                progress = results.by_submission.get((t.team_id, w.workshop_id))
                if not w.mentors and progress is None:
                    continue
                spreads.append((-(w.high - w.low) if w.mentors else 0.0, [
                    f"{t.name} — W{w.position}",
                    ", ".join(f"{names.get(m.mentor_id, '?')} {m.total:.1f}" for m in w.mentors) or "—",
                    f"{progress.submitted if progress else 0} of {progress.assigned if progress else 0}",
                    _f(w.sd), f"{_f(w.low)}–{_f(w.high)}" if w.mentors else "—",
                    "spread over threshold" if w.flagged else ""]))
        mentors = [[names.get(m, "?"), str(p.assigned), str(p.submitted), str(p.drafts),
                    (f"{results.leniency[m][0]:+.1f} over {results.leniency[m][1]}" if m in results.leniency else "—")]
                   for m, p in sorted(results.by_mentor.items(), key=lambda item: names.get(item[0], "").casefold())]
        return {
            "cohorts": [c.name for c in list_cohorts(session=session)], "cohort": cohort.name,
            "ranking_columns": ranking_columns, "ranking": ranking,
            "spreads": [row for _, row in sorted(spreads, key=lambda item: item[0])],
            "mentors": mentors,
            "agreement": [f"Workshop {w.position}: {_agreement_words(results.agreement.get(w.id))}" for w in workshops],
            "settings": (f"Submission score: {results.data.aggregation} over mentors"
                         f"{', after per-mentor normalization' if results.data.normalize else ''}. "
                         f"Disagreement is flagged above {results.data.disagreement_threshold:g} points."),
        }


def _csv(cohort_name: str) -> tuple[str, str]:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        results = judging_results(session=session, cohort=cohort)
        return to_csv(*ranking_rows(results, cohort)), f"ranking-{cohort.name}.csv"


class ResultsAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    ranking_columns: list[str] = []
    ranking: list[list[str]] = []
    spreads: list[list[str]] = []
    mentors: list[list[str]] = []
    agreement: list[str] = []
    settings: str = ""
    method: str = METHOD

    async def _secretariat(self) -> Optional[Caller]:
        return await current_caller(self, Role.SECRETARIAT)

    async def _refresh(self):
        for key, value in (await off_loop(_load, self.cohort)).items():
            setattr(self, key, value)

    @rx.event
    async def load(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        await self._refresh()

    @rx.event
    async def choose_cohort(self, name: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if name in self.cohorts:
            self.cohort = name
            await self._refresh()

    @rx.event
    async def download(self):
        if await self._secretariat() is None or not self.cohort:
            return
        text, filename = await off_loop(_csv, self.cohort)
        return rx.download(data=text, filename=filename)
