"""/secretariat: the cohort dashboard. Each panel is a chart with its numbers in a table beside
it (the table is what a screen reader reads), and each table exports to CSV."""

import reflex as rx

from champions.components.forms import dropdown, labeled
from champions.components.layout import table_region, template
from champions.components.secretariat import SELECT_STYLE, cohort_picker, data_table
from champions.services.dashboard.figures import ATTENDANCE_COLUMNS, CELL_STATES, SESSION_COLUMNS
from champions.services.registration.countries import Region
from champions.state.dashboard import DashboardState as S
from champions.state.dashboard import _key

# Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito).
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#999999"]
CELL_COLOURS = {
    "on time": "#009E73",
    "late": "#E69F00",
    "extension": "#56B4E9",
    "missing": "#D55E00",
    "open": "#0072B2",
    "not open": "#BBBBBB",
}


def _panel(title: str, table: str, *children, note: str = "") -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(title, size="5", as_="h2"),
                rx.button(
                    f"Export {title.lower()} (CSV)", on_click=S.export(table), variant="outline", size="1"
                ),
                justify="between",
                align="center",
                wrap="wrap",
                gap="2",
                width="100%",
            ),
            rx.text(note, size="2", color_scheme="gray") if note else rx.fragment(),
            *children,
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid=f"panel-{table}",
    )


def _chart(
    data,
    category: str,
    bars: list[tuple[str, str, str]],
    *,
    vertical: bool = False,
    height: int = 260,
    stacked: bool = True,
    label: str = "",
    table: str = "",
) -> rx.Component:
    """A bar chart: `bars` are (data key, legend name, colour); `vertical` lays categories down
    the side. Its text alternative is `label` and the table of the same figures whose id is
    `table` (aria-details)."""
    axes = (
        [
            rx.recharts.x_axis(type_="number", allow_decimals=False),
            rx.recharts.y_axis(
                data_key=category, type_="category", width=160, interval=0, tick={"fontSize": 12}
            ),
        ]
        if vertical
        else [rx.recharts.x_axis(data_key=category), rx.recharts.y_axis(allow_decimals=False)]
    )
    return rx.box(
        rx.recharts.bar_chart(
            *[
                rx.recharts.bar(
                    data_key=key,
                    name=name,
                    fill=colour,
                    is_animation_active=False,
                    **({"stack_id": "all"} if stacked else {}),
                )
                for key, name, colour in bars
            ],
            *axes,
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.graphing_tooltip(),
            *([rx.recharts.legend()] if len(bars) > 1 else []),
            data=data,
            layout="vertical" if vertical else "horizontal",
            width="100%",
            height=height,
        ),
        width="100%",
        role="img",
        aria_label=label,
        custom_attrs={"aria-details": table},
    )


def _filters() -> rx.Component:
    return rx.flex(
        rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), min_width="9rem"),
        rx.box(
            labeled(
                "WeGO region",
                dropdown(
                    rx.el.option("All regions", value=""),
                    *[rx.el.option(r.value, value=r.value) for r in Region],
                    id="filter_region",
                    value=S.region,
                    on_change=S.choose_region,
                    style=SELECT_STYLE,
                ),
                "filter_region",
                S.filter_errors.get("region", ""),
            ),
            min_width="11rem",
        ),
        rx.box(
            labeled(
                "Country",
                dropdown(
                    rx.el.option("All countries", value=""),
                    rx.foreach(S.country_options, lambda o: rx.el.option(o[1], value=o[0])),
                    id="filter_country",
                    value=S.country,
                    on_change=S.choose_country,
                    style=SELECT_STYLE,
                ),
                "filter_country",
                S.filter_errors.get("country", ""),
            ),
            min_width="11rem",
        ),
        gap="3",
        wrap="wrap",
        align="start",
    )


def _funnel() -> rx.Component:
    return _panel(
        "Funnel",
        "funnel",
        _chart(
            S.funnel,
            "stage",
            [("count", "people", COLOURS[0])],
            vertical=True,
            height=500,
            label="Bar chart of the number of people at each stage; the table below has the numbers.",
            table="funnel-table",
        ),
        data_table(
            ["Stage", "People"],
            S.funnel,
            lambda r: [rx.table.row_header_cell(r["stage"]), rx.table.cell(r["count"])],
            testid="funnel-table",
            size="1",
        ),
        note="People at each stage. Active: at least one lecture counted. Submitted: in a team whose "
        "submission counts for that workshop. Judged: in a team with a submitted mentor score. "
        "Awarded: on the finalized award list.",
    )


def _sort_header(label: str, column: str) -> rx.Component:
    return rx.table.column_header_cell(
        rx.button(
            label,
            rx.cond(S.sort_by == column, rx.cond(S.sort_descending, " ↓", " ↑"), ""),
            on_click=S.sort_countries(column),
            variant="ghost",
            size="1",
        ),
        aria_sort=rx.cond(S.sort_by == column, rx.cond(S.sort_descending, "descending", "ascending"), "none"),
    )


def _places() -> rx.Component:
    counts = [(key, key, colour) for key, colour in zip(["applicants", "eligible", "accepted"], COLOURS)]
    return rx.vstack(
        _panel(
            "Regions",
            "regions",
            _chart(
                S.regions,
                "name",
                counts,
                stacked=False,
                label=(
                    "Bar chart of applicants, eligible and accepted per WeGO region; the "
                    "table has the numbers."
                ),
                table="regions-table",
            ),
            data_table(
                ["Region", "Applicants", "Eligible", "Accepted"],
                S.regions,
                lambda r: [
                    rx.table.row_header_cell(r["name"]),
                    rx.table.cell(r["applicants"]),
                    rx.table.cell(r["eligible"]),
                    rx.table.cell(r["accepted"]),
                ],
                testid="regions-table",
                size="1",
            ),
        ),
        _panel(
            "Countries",
            "countries",
            table_region(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            _sort_header("Country", "name"),
                            _sort_header("Region", "region"),
                            _sort_header("Applicants", "applicants"),
                            _sort_header("Eligible", "eligible"),
                            _sort_header("Accepted", "accepted"),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            S.countries,
                            lambda r: rx.table.row(
                                rx.table.row_header_cell(r["name"]),
                                rx.table.cell(r["region"]),
                                rx.table.cell(r["applicants"]),
                                rx.table.cell(r["eligible"]),
                                rx.table.cell(r["accepted"]),
                            ),
                        )
                    ),
                    size="1",
                    width="100%",
                ),
                "Applicants by country",
                max_height="24rem",
                overflow_y="auto",
                data_testid="countries-table",
            ),
            note="Choose a column heading to sort by it.",
        ),
        spacing="4",
        width="100%",
    )


def _attendance() -> rx.Component:
    return _panel(
        "Attendance",
        "attendance",
        _chart(
            S.lectures,
            "label",
            [
                (_key(c), c, colour)
                for c, colour in zip([c for c in ATTENDANCE_COLUMNS if c != "by recording"], COLOURS)
            ],
            label="Stacked bar chart of attendance per lecture; the table has the numbers.",
            table="attendance-table",
        ),
        data_table(
            ["Lecture", "Starts (Seoul)"] + [c.capitalize() for c in ATTENDANCE_COLUMNS],
            S.lectures,
            lambda r: (
                [rx.table.row_header_cell(r["label"], " ", r["title"]), rx.table.cell(r["starts"])]
                + [rx.table.cell(r[_key(c)]) for c in ATTENDANCE_COLUMNS]
            ),
            testid="attendance-table",
            size="1",
        ),
        note="Accepted participants per lecture. By recording: an approved reflection, for someone absent, "
        "excused or not recorded.",
    )


def _workshop_attendance() -> rx.Component:
    return _panel(
        "Workshop attendance",
        "workshop-attendance",
        rx.cond(
            S.sessions.length() > 0,
            data_table(
                ["Workshop session", "Starts (Seoul)"] + [c.capitalize() for c in SESSION_COLUMNS],
                S.sessions,
                lambda r: (
                    [rx.table.row_header_cell(r["title"]), rx.table.cell(r["starts"])]
                    + [rx.table.cell(r[_key(c)]) for c in SESSION_COLUMNS]
                ),
                testid="workshop-attendance-table",
                size="1",
            ),
            rx.text("No workshop session is scheduled in this cohort."),
        ),
        note="Accepted participants per workshop session, as recorded on the roster or by check-in.",
    )


def _at_risk() -> rx.Component:
    return _panel(
        "At risk",
        "at-risk",
        rx.cond(
            S.at_risk.length() > 0,
            data_table(
                ["Participant", "Email", "Country", "Counted", "Still possible", "Why"],
                S.at_risk,
                lambda r: [
                    rx.table.row_header_cell(r["name"]),
                    rx.table.cell(r["email"]),
                    rx.table.cell(r["country"]),
                    rx.table.cell(r["counted"]),
                    rx.table.cell(r["possible"]),
                    rx.table.cell(r["why"]),
                ],
                testid="at-risk-table",
                size="1",
            ),
            rx.text("Nobody is at risk.", data_testid="at-risk-empty"),
        ),
        note="Participants who can no longer complete Phase 1, or who missed the last two lectures.",
    )


def _cell(state) -> rx.Component:
    return rx.table.cell(
        rx.badge(
            state,
            color_scheme=rx.match(
                state,
                ("on time", "green"),
                ("late", "amber"),
                ("extension", "blue"),
                ("missing", "red"),
                "gray",
            ),
        )
    )


def _submissions() -> rx.Component:
    return _panel(
        "Submissions",
        "submissions",
        _chart(
            S.matrix_totals,
            "workshop",
            [(_key(s), s, CELL_COLOURS[s]) for s in CELL_STATES],
            label=(
                "Stacked bar chart of teams per submission state for each workshop; the table has each team."
            ),
            table="matrix-table",
        ),
        rx.text(S.matrix_note, size="2"),
        table_region(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Team"),
                        rx.foreach(S.workshops, rx.table.column_header_cell),
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        S.matrix,
                        lambda row: rx.table.row(
                            rx.table.row_header_cell(row[0]), rx.foreach(row[1:], _cell)
                        ),
                    )
                ),
                size="1",
                width="100%",
            ),
            "Submission state of each team in each workshop",
            max_height="30rem",
            overflow_y="auto",
            data_testid="matrix-table",
            id="matrix-table",
        ),
        note=(
            "On time, late (under an extension), extension (granted, still open), missing (deadline passed)."
        ),
    )


def _judging() -> rx.Component:
    return _panel(
        "Judging",
        "judging",
        _chart(
            S.judging,
            "mentor",
            [
                ("submitted", "submitted", COLOURS[2]),
                ("drafts", "drafts", COLOURS[1]),
                ("to_do", "not started", COLOURS[5]),
            ],
            vertical=True,
            label="Stacked bar chart of scores per mentor; the table has the numbers.",
            table="judging-table",
        ),
        data_table(
            ["Mentor", "Assigned", "Submitted", "Drafts", "Remaining"],
            S.judging,
            lambda r: [
                rx.table.row_header_cell(r["mentor"]),
                rx.table.cell(r["assigned"]),
                rx.table.cell(r["submitted"]),
                rx.table.cell(r["drafts"]),
                rx.table.cell(r["remaining"]),
            ],
            testid="judging-table",
            size="1",
        ),
        note="Scores per mentor over their assigned submissions.",
    )


@template
def secretariat_dashboard() -> rx.Component:
    return rx.vstack(
        rx.heading("Cohort dashboard", size="7", as_="h1"),
        _filters(),
        rx.text(S.computed, size="1", color_scheme="gray", data_testid="computed"),
        _funnel(),
        _places(),
        _attendance(),
        _workshop_attendance(),
        _at_risk(),
        _submissions(),
        _judging(),
        spacing="4",
        width="100%",
    )
