"""The roster of one lecture: every accepted participant, bulk "mark present", then exceptions."""

import reflex as rx

from champions.components.forms import dropdown, form_banner, labeled
from champions.components.i18n import t, t_var
from champions.components.layout import table_region, template
from champions.components.secretariat import SELECT_STYLE, cohort_picker
from champions.infra.translations import N_
from champions.state.roster import STATUSES
from champions.state.roster import RosterState as S

# The attendance statuses (champions.models.AttendanceStatus) as the select names them.
STATUS_LABELS = {
    "present": N_("present"),
    "late": N_("late"),
    "excused": N_("excused"),
    "absent": N_("absent"),
}


def _status_option(status: str) -> rx.Component:
    label = STATUS_LABELS[status]
    return rx.el.option(t(label), value=status)


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["name"]),
        rx.table.cell(row["country"]),
        rx.table.cell(
            dropdown(
                rx.el.option(t("not recorded"), value="", disabled=True),
                *[_status_option(status) for status in STATUSES],
                value=row["status"],
                on_change=lambda value: S.set_status(row["user_id"], value),
                aria_label=t("Attendance of {name}", name=row["name"]),
                # Wide enough for the status in every language (the table scrolls on a phone).
                style={**SELECT_STYLE, "min_width": "8rem"},
            )
        ),
        rx.table.cell(
            rx.match(
                row["source"],
                ("roster", t("roster")),
                ("self check-in", t("self check-in")),
                row["source"],
            ),
            white_space="nowrap",
        ),
    )


@template
def secretariat_roster() -> rx.Component:
    c = S.counts
    return rx.vstack(
        rx.heading(t("Attendance roster"), size="7", as_="h1"),
        rx.flex(
            rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), flex="1 1 8rem"),
            rx.box(
                labeled(
                    t("Lecture or workshop session"),
                    dropdown(
                        rx.foreach(S.lectures, lambda lec: rx.el.option(lec.label, value=lec.id)),
                        id="roster_lecture",
                        value=S.lecture,
                        on_change=S.choose_lecture,
                        style=SELECT_STYLE,
                    ),
                    "roster_lecture",
                ),
                flex="3 1 16rem",
                min_width="0",
            ),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(
            S.lecture != "",
            rx.vstack(
                rx.text(
                    t(
                        "{present} present · {late} late · {excused} excused · {absent} absent · "
                        "{unrecorded} not recorded",
                        present=c["present"],
                        late=c["late"],
                        excused=c["excused"],
                        absent=c["absent"],
                        unrecorded=c["unrecorded"],
                    ),
                    data_testid="roster-counts",
                ),
                rx.flex(
                    rx.button(t("Mark everyone not recorded as present"), on_click=S.mark_all_present),
                    rx.link(t("Progress and at-risk list"), href="/secretariat/progress"),
                    spacing="3",
                    wrap="wrap",
                    align="center",
                ),
                form_banner(S.error),
                form_banner(t_var(S.message), color="green"),
                table_region(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell(t("Participant")),
                                rx.table.column_header_cell(t("Country")),
                                rx.table.column_header_cell(t("Attendance")),
                                rx.table.column_header_cell(t("Recorded by")),
                            )
                        ),
                        rx.table.body(rx.foreach(S.rows, _row)),
                        width="100%",
                    ),
                    "Attendance roster",
                ),
                spacing="3",
                width="100%",
            ),
            rx.text(t("This cohort has no lectures yet.")),
        ),
        spacing="4",
        width="100%",
    )
