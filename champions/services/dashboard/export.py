"""The dashboard's panels as tables: one CSV per panel (`dashboard_table`, as field names and
rows) and everything as plain data for `python -m champions stats` (`dashboard_json`)."""

from champions.services.dashboard.figures import ATTENDANCE_COLUMNS, CELL_STATES, SESSION_COLUMNS, Dashboard

TABLES = [
    "funnel",
    "regions",
    "countries",
    "attendance",
    "workshop-attendance",
    "at-risk",
    "submissions",
    "judging",
]


def dashboard_table(board: Dashboard, table: str) -> tuple[list[str], list[list]]:
    """One panel as (field names, rows), for CSV. Raises KeyError for an unknown table."""
    place_fields = ["applicants", "eligible", "accepted"]
    if table == "funnel":
        return ["stage", "people"], [[s.stage, s.count] for s in board.funnel]
    if table == "regions":
        return ["region"] + place_fields, [
            [r.name, r.applicants, r.eligible, r.accepted] for r in board.regions
        ]
    if table == "countries":
        return (
            ["country", "region"] + place_fields,
            [[r.name, r.region, r.applicants, r.eligible, r.accepted] for r in board.countries],
        )
    if table == "attendance":
        return (
            ["lecture", "starts (UTC)"] + ATTENDANCE_COLUMNS,
            [
                [r.title, r.starts_at.strftime("%Y-%m-%d %H:%M")] + [r.counts[c] for c in ATTENDANCE_COLUMNS]
                for r in board.lectures
            ],
        )
    if table == "workshop-attendance":
        return (
            ["workshop", "session starts (UTC)"] + SESSION_COLUMNS,
            [
                [r.title, r.starts_at.strftime("%Y-%m-%d %H:%M")] + [r.counts[c] for c in SESSION_COLUMNS]
                for r in board.sessions
            ],
        )
    if table == "at-risk":
        return (
            ["name", "email", "country", "counted", "required", "still_possible", "why"],
            [
                [r.name, r.email, r.country, r.counted, r.required, r.still_possible, r.why]
                for r in board.at_risk
            ],
        )
    if table == "submissions":
        return ["team"] + board.workshops, [[r.team] + r.cells for r in board.matrix]
    if table == "judging":
        return (
            ["mentor", "assigned", "submitted", "drafts", "remaining"],
            [[r.mentor, r.assigned, r.submitted, r.drafts, r.remaining] for r in board.judging],
        )
    raise KeyError(table)


def dashboard_json(board: Dashboard) -> dict:
    """The figures as plain data: `funnel` is the list of {stage, count} in funnel order; every
    other panel is a list of objects named by its CSV's fields."""

    def objects(table: str) -> list[dict]:
        fields, rows = dashboard_table(board, table)
        return [dict(zip(fields, row)) for row in rows]

    return {
        "cohort": board.cohort,
        "filters": {"region": board.filters.region, "country": board.filters.country},
        "computed_at": board.computed_at.isoformat(),
        "funnel": [{"stage": s.stage, "count": s.count} for s in board.funnel],
        "regions": objects("regions"),
        "countries": objects("countries"),
        "attendance": objects("attendance"),
        "workshop_attendance": objects("workshop-attendance"),
        "at_risk": objects("at-risk"),
        "submissions": {
            "workshops": board.workshops,
            "teams": objects("submissions"),
            "totals": [dict(zip(CELL_STATES, [t[s] for s in CELL_STATES])) for t in board.matrix_totals],
        },
        "judging": objects("judging"),
    }
