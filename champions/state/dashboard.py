"""DashboardState: the secretariat's cohort dashboard at /secretariat. The view (cohort,
region, country) lives in the URL, so a link shows a colleague the same figures; every table
exports to CSV."""

from datetime import date
from urllib.parse import urlencode

import reflex as rx

from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import gettext, ngettext
from champions.models import Role
from champions.services.dashboard.export import TABLES
from champions.services.dashboard.figures import (
    ATTENDANCE_COLUMNS,
    CELL_STATES,
    SESSION_COLUMNS,
    Filters,
    filter_refusal,
)
from champions.services.dashboard.views import dashboard_csv, dashboard_page
from champions.services.registration.countries import COUNTRIES, Region, country_label, sort_key
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service
from champions.state.language import page_language

MATRIX_SHOWN = 200  # teams listed on the page; the CSV has them all
SORT_KEYS = ["name", "region", "applicants", "eligible", "accepted"]


_CODE_OF_NAME = {name: code for code, name in COUNTRIES.items()}  # the figures name countries in English


def _key(label: str) -> str:
    """A chart's data key for a column label ("by recording" -> "by_recording")."""
    return label.replace(" ", "_")


class DashboardState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    region: str = ""
    country: str = ""
    country_options: list[list[str]] = []  # [code, name] of the countries the cohort's applicants come from
    filter_errors: dict[str, str] = {}
    computed: str = ""
    funnel: list[dict[str, str | int]] = []
    regions: list[dict[str, str | int]] = []
    countries: list[dict[str, str | int]] = []
    sort_by: str = "applicants"
    sort_descending: bool = True
    lectures: list[dict[str, str | int]] = []
    sessions: list[dict[str, str | int]] = []  # workshop sessions' attendance
    at_risk: list[dict[str, str | int]] = []
    workshops: list[str] = []
    matrix: list[list[str]] = []  # [team, cell per workshop]
    matrix_note: str = ""
    matrix_totals: list[dict[str, str | int]] = []
    judging: list[dict[str, str | int]] = []

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        """Opens the view the URL names (?cohort=&region=&country=)."""
        asked = self.router.url.query_parameters
        self.cohort = str(asked.get("cohort", self.cohort or ""))
        await self._show(str(asked.get("region", "")), str(asked.get("country", "")).upper(), caller.language)

    async def _show(self, region: str, country: str, language: str):
        filters = Filters(region, country)
        refusal = filter_refusal(filters)
        self.filter_errors = {refusal.field: refusal.text(language)} if refusal else {}
        if refusal:
            filters = Filters()
        self.region, self.country = filters.region, filters.country
        language = await page_language(self)
        page = await call_service(
            dashboard_page, cohort_name=self.cohort, filters=filters, today=date.today()
        )
        self.cohorts, board, seconds = page.cohorts, page.board, page.seconds
        if board is None:  # no cohorts at all, or an unknown name in the URL: show nothing stale
            self.cohort, self.computed, self.funnel, self.regions, self.countries = "", "", [], [], []
            self.lectures, self.at_risk, self.workshops, self.matrix, self.matrix_totals = [], [], [], [], []
            self.sessions = []
            self.judging, self.matrix_note = [], ""
            return
        self.cohort = board.cohort
        self.computed = gettext(language, "Computed in {ms} ms", ms=f"{seconds * 1000:.0f}")
        self.funnel = [
            {
                "stage": gettext(language, "submitted workshop {number}", number=s.workshop)
                if s.workshop
                else s.stage,
                "count": s.count,
            }
            for s in board.funnel
        ]
        self.regions = [
            {"name": r.name, "applicants": r.applicants, "eligible": r.eligible, "accepted": r.accepted}
            for r in board.regions
        ]
        self.countries = [
            {
                "code": r.code,
                "name": country_label(r.code, language),
                "region": r.region,
                "applicants": r.applicants,
                "eligible": r.eligible,
                "accepted": r.accepted,
            }
            for r in board.countries
        ]
        self._sort_countries()
        if not filters.country:
            named = ([r.code, country_label(r.code, language)] for r in board.countries)
            self.country_options = sorted(named, key=lambda o: sort_key(o[1]))
        elif not any(code == filters.country for code, _ in self.country_options):
            self.country_options = [[filters.country, country_label(filters.country, language)]]
        self.lectures = [
            {
                "label": f"L{i}",
                "title": r.title,
                "starts": format_instant(r.starts_at, SEOUL_ZONE, language),
                **{_key(c): r.counts[c] for c in ATTENDANCE_COLUMNS},
            }
            for i, r in enumerate(board.lectures, start=1)
        ]
        self.sessions = [
            {
                "title": gettext(language, "Workshop {position}: {title}", position=r.position, title=r.name)
                if r.position
                else r.title,
                "starts": format_instant(r.starts_at, SEOUL_ZONE, language),
                **{_key(c): r.counts[c] for c in SESSION_COLUMNS},
            }
            for r in board.sessions
        ]
        self.at_risk = [
            {
                "name": r.name,
                "email": r.email,
                "country": country_label(_CODE_OF_NAME.get(r.country, r.country), language),
                "counted": gettext(
                    language, "{counted} of {required}", counted=r.counted, required=r.required
                ),
                "possible": r.still_possible,
                "why": r.why,
            }
            for r in board.at_risk
        ]
        self.workshops = board.workshops
        self.matrix = [[row.team, *row.cells] for row in board.matrix[:MATRIX_SHOWN]]
        self.matrix_note = (
            gettext(
                language,
                "Showing {shown} of {count} teams; the CSV has them all.",
                shown=MATRIX_SHOWN,
                count=len(board.matrix),
            )
            if len(board.matrix) > MATRIX_SHOWN
            else ngettext(language, "{count} team.", "{count} teams.", len(board.matrix))
        )
        self.matrix_totals = [
            {"workshop": f"W{i}", **{_key(s): totals[s] for s in CELL_STATES}}
            for i, totals in enumerate(board.matrix_totals, start=1)
        ]
        self.judging = [
            {
                "mentor": r.mentor,
                "assigned": r.assigned,
                "submitted": r.submitted,
                "drafts": r.drafts,
                "to_do": r.assigned - r.submitted - r.drafts,
                "remaining": r.remaining,
            }
            for r in board.judging
        ]

    def _sort_countries(self):
        numeric = self.sort_by in ("applicants", "eligible", "accepted")

        def key(row):
            value = row[self.sort_by]
            return (value if numeric else str(value).casefold()), str(row["name"]).casefold()

        self.countries = sorted(self.countries, key=key, reverse=self.sort_descending)

    def _url(self, region: str, country: str) -> str:
        query = {
            key: value
            for key, value in (("cohort", self.cohort), ("region", region), ("country", country))
            if value
        }
        return "/secretariat" + (f"?{urlencode(query)}" if query else "")

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if isinstance(name, str) and name in self.cohorts:
            self.cohort = name
            return rx.redirect(self._url("", ""))

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_region(self, caller: Caller, region: str):
        if isinstance(region, str) and region in {"", *(r.value for r in Region)}:
            return rx.redirect(self._url(region, ""))

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_country(self, caller: Caller, code: str):
        if isinstance(code, str) and (
            code == "" or any(option[0] == code for option in self.country_options)
        ):
            return rx.redirect(self._url(self.region, code))

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def sort_countries(self, caller: Caller, column: str):
        if not isinstance(column, str) or column not in SORT_KEYS:
            return
        if column == self.sort_by:
            self.sort_descending = not self.sort_descending
        else:
            self.sort_by, self.sort_descending = column, column not in ("name", "region")
        self._sort_countries()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def export(self, caller: Caller, table: str):
        if not isinstance(table, str) or table not in TABLES or not self.cohort:
            return
        made = await call_service(
            dashboard_csv,
            cohort_name=self.cohort,
            filters=Filters(self.region, self.country),
            table=table,
            today=date.today(),
            language=caller.language,
        )
        if made is None:
            return
        return rx.download(data=made.text.encode("utf-8"), filename=made.filename, mime_type="text/csv")
