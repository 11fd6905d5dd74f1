"""/secretariat: the cohort dashboard. Each panel is a chart with its numbers in a table beside
it (the table is what a screen reader reads), and each table exports to CSV."""

import reflex as rx

from champions.components.forms import dropdown, labeled
from champions.components.i18n import t, t_var
from champions.components.layout import table_region, template
from champions.components.secretariat import KEEP_WORDS, REGION_NAMES, SELECT_STYLE, cohort_picker, data_table
from champions.infra.translations import N_
from champions.services.dashboard.figures import ATTENDANCE_COLUMNS, CELL_STATES, SESSION_COLUMNS
from champions.state.dashboard import DashboardState as S
from champions.state.dashboard import _key

# Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito).
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#999999"]
CELL_COLOURS = {
    N_("on time"): "#009E73",
    N_("late"): "#E69F00",
    N_("extension"): "#56B4E9",
    N_("missing"): "#D55E00",
    N_("open"): "#0072B2",
    N_("not open"): "#BBBBBB",
}
# The figures service's fixed words (champions/services/dashboard/figures.py), marked for the
# catalogue here where the charts and tables show them translated: the funnel's stages (but
# "submitted workshop N", worded with its number by the state), the attendance columns (as legend
# and, capitalized, as column headings) and the reasons a participant is at risk.
STAGES = (
    N_("applied"),
    N_("eligible"),
    N_("accepted"),
    N_("Phase 1 active"),
    N_("Phase 1 complete"),
    N_("in a team"),
    N_("judged"),
    N_("awarded"),
)
COLUMN_NAMES = (N_("present"), N_("late"), N_("excused"), N_("absent"), N_("no record"))
COLUMN_HEADINGS = {
    "present": N_("Present"),
    "late": N_("Late"),
    "excused": N_("Excused"),
    "absent": N_("Absent"),
    "by recording": N_("By recording"),
    "no record": N_("No record"),
}
RISKS = (N_("can no longer complete Phase 1"), N_("missed the last two lectures"))


def _headings(columns: list[str]) -> list[str]:
    """The column headings of attendance columns (marked texts, translated where shown)."""
    return [COLUMN_HEADINGS[column] for column in columns]


def _translated(rows, key: str):
    """The rows (a list of dicts var) with the text under `key` in the viewer's language (what
    a chart draws as its categories); a text outside the catalogue stays as it is."""
    return rows.map(lambda row: row.to(dict).merge({key: t_var(row[key].to(str))}))


def _panel(title, export, table: str, *children, note=None) -> rx.Component:
    """A dashboard panel: its heading `title`, the button `export` (a CSV of `table`), a `note`
    under them, then `children` (all texts given translated)."""
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(title, size="5", as_="h2"),
                rx.button(export, on_click=S.export(table), variant="outline", size="1"),
                justify="between",
                align="center",
                wrap="wrap",
                gap="2",
                width="100%",
            ),
            rx.text(note, size="2", color_scheme="gray") if note is not None else rx.fragment(),
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
    bars: list[tuple],
    *,
    vertical: bool = False,
    height: int = 260,
    stacked: bool = True,
    label="",
    table: str = "",
) -> rx.Component:
    """A bar chart: `bars` are (data key, legend name given translated, colour); `vertical` lays
    categories down the side. Its text alternative is `label` (given translated) and the table
    of the same figures whose id is `table` (aria-details)."""
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
        # Drawn left to right in every language: in a right-to-left page the axes' labels (SVG
        # text anchored at their end) would otherwise run over the bars.
        custom_attrs={"aria-details": table, "dir": "ltr"},
    )


def _filters() -> rx.Component:
    return rx.flex(
        rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), min_width="9rem"),
        rx.box(
            labeled(
                t("WeGO region"),
                dropdown(
                    rx.el.option(t("All regions"), value=""),
                    *[rx.el.option(t(name), value=name) for name in REGION_NAMES],
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
                t("Country"),
                dropdown(
                    rx.el.option(t("All countries"), value=""),
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
        t("Funnel"),
        t("Export funnel (CSV)"),
        "funnel",
        _chart(
            _translated(S.funnel, "stage"),
            "stage",
            [("count", t("people"), COLOURS[0])],
            vertical=True,
            height=500,
            label=t("Bar chart of the number of people at each stage; the table below has the numbers."),
            table="funnel-table",
        ),
        data_table(
            [t("Stage"), t("People")],
            S.funnel,
            lambda r: [rx.table.row_header_cell(t_var(r["stage"].to(str))), rx.table.cell(r["count"])],
            testid="funnel-table",
            label="Funnel",
            size="1",
        ),
        note=t(
            "People at each stage. Active: at least one lecture counted. Submitted: in a team whose "
            "submission counts for that workshop. Judged: in a team with a submitted mentor score. "
            "Awarded: on the finalized award list."
        ),
    )


def _sort_header(label, column: str) -> rx.Component:
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
    counts = [
        (key, t(key), colour)
        for key, colour in zip([N_("applicants"), N_("eligible"), N_("accepted")], COLOURS)
    ]
    return rx.vstack(
        _panel(
            t("Regions"),
            t("Export regions (CSV)"),
            "regions",
            _chart(
                _translated(S.regions, "name"),
                "name",
                counts,
                stacked=False,
                label=t(
                    "Bar chart of applicants, eligible and accepted per WeGO region; the "
                    "table has the numbers."
                ),
                table="regions-table",
            ),
            data_table(
                [t("Region"), t("Applicants"), t("Eligible"), t("Accepted")],
                S.regions,
                lambda r: [
                    rx.table.row_header_cell(t_var(r["name"].to(str))),
                    rx.table.cell(r["applicants"]),
                    rx.table.cell(r["eligible"]),
                    rx.table.cell(r["accepted"]),
                ],
                testid="regions-table",
                label="Regions",
                size="1",
            ),
        ),
        _panel(
            t("Countries"),
            t("Export countries (CSV)"),
            "countries",
            table_region(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            _sort_header(t("Country"), "name"),
                            _sort_header(t("Region"), "region"),
                            _sort_header(t("Applicants"), "applicants"),
                            _sort_header(t("Eligible"), "eligible"),
                            _sort_header(t("Accepted"), "accepted"),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            S.countries,
                            lambda r: rx.table.row(
                                rx.table.row_header_cell(r["name"]),
                                rx.table.cell(t_var(r["region"].to(str))),
                                rx.table.cell(r["applicants"]),
                                rx.table.cell(r["eligible"]),
                                rx.table.cell(r["accepted"]),
                            ),
                        )
                    ),
                    size="1",
                    width="100%",
                    style=KEEP_WORDS,
                ),
                "Applicants by country",
                max_height="24rem",
                overflow_y="auto",
                data_testid="countries-table",
            ),
            note=t("Choose a column heading to sort by it."),
        ),
        spacing="4",
        width="100%",
    )


def _attendance() -> rx.Component:
    return _panel(
        t("Attendance"),
        t("Export attendance (CSV)"),
        "attendance",
        _chart(
            S.lectures,
            "label",
            [
                (_key(c), t(c), colour)
                for c, colour in zip([c for c in ATTENDANCE_COLUMNS if c != "by recording"], COLOURS)
            ],
            label=t("Stacked bar chart of attendance per lecture; the table has the numbers."),
            table="attendance-table",
        ),
        data_table(
            [t("Lecture"), t("Starts (Seoul)")] + [t(heading) for heading in _headings(ATTENDANCE_COLUMNS)],
            S.lectures,
            lambda r: (
                [rx.table.row_header_cell(r["label"], " ", r["title"]), rx.table.cell(r["starts"])]
                + [rx.table.cell(r[_key(c)]) for c in ATTENDANCE_COLUMNS]
            ),
            testid="attendance-table",
            label="Attendance",
            size="1",
        ),
        note=t(
            "Accepted participants per lecture. By recording: an approved reflection, for someone absent, "
            "excused or not recorded."
        ),
    )


def _workshop_attendance() -> rx.Component:
    return _panel(
        t("Workshop attendance"),
        t("Export workshop attendance (CSV)"),
        "workshop-attendance",
        rx.cond(
            S.sessions.length() > 0,
            data_table(
                [t("Workshop session"), t("Starts (Seoul)")]
                + [t(heading) for heading in _headings(SESSION_COLUMNS)],
                S.sessions,
                lambda r: (
                    [rx.table.row_header_cell(r["title"]), rx.table.cell(r["starts"])]
                    + [rx.table.cell(r[_key(c)]) for c in SESSION_COLUMNS]
                ),
                testid="workshop-attendance-table",
                label="Workshop attendance",
                size="1",
            ),
            rx.text(t("No workshop session is scheduled in this cohort.")),
        ),
        note=t("Accepted participants per workshop session, as recorded on the roster or by check-in."),
    )


def _at_risk() -> rx.Component:
    return _panel(
        t("At risk"),
        t("Export at risk (CSV)"),
        "at-risk",
        rx.cond(
            S.at_risk.length() > 0,
            data_table(
                [t("Participant"), t("Email"), t("Country"), t("Counted"), t("Still possible"), t("Why")],
                S.at_risk,
                lambda r: [
                    rx.table.row_header_cell(r["name"]),
                    rx.table.cell(r["email"]),
                    rx.table.cell(r["country"]),
                    rx.table.cell(r["counted"]),
                    rx.table.cell(r["possible"]),
                    # The reasons, each a catalogue text, joined by "; " (RISKS).
                    rx.table.cell(r["why"].to(str).split("; ").map(t_var).join("; ")),
                ],
                testid="at-risk-table",
                label="At risk",
                size="1",
            ),
            rx.text(t("Nobody is at risk."), data_testid="at-risk-empty"),
        ),
        note=t("Participants who can no longer complete Phase 1, or who missed the last two lectures."),
    )


def _cell(state) -> rx.Component:
    return rx.table.cell(
        rx.badge(
            t_var(state),
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
        t("Submissions"),
        t("Export submissions (CSV)"),
        "submissions",
        _chart(
            S.matrix_totals,
            "workshop",
            [(_key(s), t(s), CELL_COLOURS[s]) for s in CELL_STATES],
            label=t(
                "Stacked bar chart of teams per submission state for each workshop; the table has each team."
            ),
            table="matrix-table",
        ),
        rx.text(S.matrix_note, size="2"),
        table_region(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("Team")),
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
                style=KEEP_WORDS,
            ),
            "Submission state of each team in each workshop",
            max_height="30rem",
            overflow_y="auto",
            data_testid="matrix-table",
            id="matrix-table",
        ),
        note=t(
            "On time, late (under an extension), extension (granted, still open), missing (deadline passed)."
        ),
    )


def _judging() -> rx.Component:
    return _panel(
        t("Judging"),
        t("Export judging (CSV)"),
        "judging",
        _chart(
            S.judging,
            "mentor",
            [
                ("submitted", t("submitted"), COLOURS[2]),
                ("drafts", t("drafts"), COLOURS[1]),
                ("to_do", t("not started"), COLOURS[5]),
            ],
            vertical=True,
            label=t("Stacked bar chart of scores per mentor; the table has the numbers."),
            table="judging-table",
        ),
        data_table(
            [t("Mentor"), t("Assigned"), t("Submitted"), t("Drafts"), t("Remaining")],
            S.judging,
            lambda r: [
                rx.table.row_header_cell(r["mentor"]),
                rx.table.cell(r["assigned"]),
                rx.table.cell(r["submitted"]),
                rx.table.cell(r["drafts"]),
                rx.table.cell(r["remaining"]),
            ],
            testid="judging-table",
            label="Judging",
            size="1",
        ),
        note=t("Scores per mentor over their assigned submissions."),
    )


@template
def secretariat_dashboard() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Cohort dashboard"), size="7", as_="h1"),
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
