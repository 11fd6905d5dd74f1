"""The dashboard's panels as tables: one CSV per panel (`dashboard_table`, as field names and
rows, in the language of whoever asks; English by default) and everything as plain data for
`python -m champions stats` (`dashboard_json`, always English keys and words)."""

import re

from champions.infra.translations import N_, SOURCE_LANGUAGE, gettext
from champions.services.dashboard.figures import ATTENDANCE_COLUMNS, CELL_STATES, SESSION_COLUMNS, Dashboard
from champions.services.registration.countries import COUNTRIES, country_label

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

# The words the tables carry (figures.py writes them in English), marked for the catalogue.
WORDS = [
    N_("stage"),
    N_("people"),
    N_("applicants"),
    N_("eligible"),
    N_("accepted"),
    N_("lecture"),
    N_("starts (UTC)"),
    N_("session starts (UTC)"),
    N_("still_possible"),
    N_("why"),
    N_("assigned"),
    N_("drafts"),
    N_("remaining"),
    # funnel stages
    N_("applied"),
    N_("Phase 1 active"),
    N_("Phase 1 complete"),
    N_("in a team"),
    N_("judged"),
    N_("awarded"),
    # attendance columns and submission cells
    N_("by recording"),
    N_("no record"),
    N_("on time"),
    N_("extension"),
    N_("missing"),
    N_("open"),
    N_("not open"),
]
_WORKSHOP_STAGE = re.compile(r"submitted workshop (\d+)")
_CODE_OF_NAME = {name: code for code, name in COUNTRIES.items()}  # the figures name countries in English


def _stage(stage: str, language: str) -> str:
    found = _WORKSHOP_STAGE.fullmatch(stage)
    if found:
        return gettext(language, "submitted workshop {position}", position=found.group(1))
    return gettext(language, stage)


def _country(name: str, code: str, language: str) -> str:
    """A country the figures name in English, in the language."""
    if language == SOURCE_LANGUAGE:
        return name
    return country_label(code or _CODE_OF_NAME.get(name, name), language)


def _words(language: str, texts: list[str]) -> list[str]:
    return [gettext(language, text) if text else text for text in texts]


def dashboard_table(
    board: Dashboard, table: str, language: str = SOURCE_LANGUAGE
) -> tuple[list[str], list[list]]:
    """One panel as (field names, rows), for CSV, in `language`: headings, stages, regions,
    countries, statuses and reasons; titles, names and times (UTC, ISO) as they are. Raises
    KeyError for an unknown table."""
    place_fields = ["applicants", "eligible", "accepted"]
    if table == "funnel":
        return _words(language, ["stage", "people"]), [
            [_stage(s.stage, language), s.count] for s in board.funnel
        ]
    if table == "regions":
        return _words(language, ["region"] + place_fields), [
            [gettext(language, r.name), r.applicants, r.eligible, r.accepted] for r in board.regions
        ]
    if table == "countries":
        return (
            _words(language, ["country", "region"] + place_fields),
            [
                [
                    _country(r.name, r.code, language),
                    _words(language, [r.region])[0],
                    r.applicants,
                    r.eligible,
                    r.accepted,
                ]
                for r in board.countries
            ],
        )
    if table == "attendance":
        return (
            _words(language, ["lecture", "starts (UTC)"] + ATTENDANCE_COLUMNS),
            [
                [r.title, r.starts_at.strftime("%Y-%m-%d %H:%M")] + [r.counts[c] for c in ATTENDANCE_COLUMNS]
                for r in board.lectures
            ],
        )
    if table == "workshop-attendance":
        return (
            _words(language, ["workshop", "session starts (UTC)"] + SESSION_COLUMNS),
            [
                [r.title, r.starts_at.strftime("%Y-%m-%d %H:%M")] + [r.counts[c] for c in SESSION_COLUMNS]
                for r in board.sessions
            ],
        )
    if table == "at-risk":
        return (
            _words(language, ["name", "email", "country", "counted", "required", "still_possible", "why"]),
            [
                [
                    r.name,
                    r.email,
                    _country(r.country, "", language),
                    r.counted,
                    r.required,
                    r.still_possible,
                    "; ".join(_words(language, r.why.split("; "))) if r.why else r.why,
                ]
                for r in board.at_risk
            ],
        )
    if table == "submissions":
        return (
            [gettext(language, "team")] + board.workshops,
            [[r.team] + _words(language, r.cells) for r in board.matrix],
        )
    if table == "judging":
        return (
            _words(language, ["mentor", "assigned", "submitted", "drafts", "remaining"]),
            [[r.mentor, r.assigned, r.submitted, r.drafts, r.remaining] for r in board.judging],
        )
    raise KeyError(table)


def dashboard_json(board: Dashboard) -> dict:
    """The figures as plain data: `funnel` is the list of {stage, count} in funnel order; every
    other panel is a list of objects named by its CSV's fields (the English ones)."""

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
