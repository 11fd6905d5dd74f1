"""What the secretariat's dashboard shows, read in one go: the cohorts to choose from and the
figures of one cohort under the filters (typed values from `figures`), and one table as CSV."""

import time
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from champions.infra.spreadsheet import to_csv
from champions.services.dashboard.export import dashboard_table
from champions.services.dashboard.figures import Dashboard, Filters, cohort_dashboard
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.services.views import CsvFile


@dataclass(frozen=True)
class DashboardPage:
    cohorts: list[str] = field(default_factory=list)
    board: Dashboard | None = None  # None without cohorts, or for an unknown cohort name
    seconds: float = 0.0  # how long the server took


def dashboard_page(*, session: Session, cohort_name: str, filters: Filters, today: date) -> DashboardPage:
    """The dashboard of the cohort named (else the current one) under the filters."""
    started = time.perf_counter()
    names = [c.name for c in list_cohorts(session=session)]
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    board = None if cohort is None else cohort_dashboard(session=session, cohort=cohort, filters=filters)
    return DashboardPage(names, board, time.perf_counter() - started)


def dashboard_csv(
    *, session: Session, cohort_name: str, filters: Filters, table: str, today: date, language: str = "en"
) -> CsvFile | None:
    """One table of the dashboard (`export.TABLES`) as a CSV file in `language`; None without a
    cohort."""
    board = dashboard_page(session=session, cohort_name=cohort_name, filters=filters, today=today).board
    if board is None:
        return None
    return CsvFile(f"{table}-{board.cohort}.csv", to_csv(*dashboard_table(board, table, language)))
