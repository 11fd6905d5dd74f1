"""The roster of one lecture: every accepted participant, bulk "mark present", then exceptions."""

import reflex as rx

from champions.components.forms import dropdown, form_banner, labeled
from champions.components.layout import table_region, template
from champions.components.secretariat import SELECT_STYLE, cohort_picker
from champions.state.roster import STATUSES
from champions.state.roster import RosterState as S


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["name"]),
        rx.table.cell(row["country"]),
        rx.table.cell(
            dropdown(
                rx.el.option("not recorded", value="", disabled=True),
                *[rx.el.option(status, value=status) for status in STATUSES],
                value=row["status"],
                on_change=lambda value: S.set_status(row["user_id"], value),
                aria_label="Attendance of " + row["name"],
                style=SELECT_STYLE,
            )
        ),
        rx.table.cell(row["source"]),
    )


@template
def secretariat_roster() -> rx.Component:
    c = S.counts
    return rx.vstack(
        rx.heading("Attendance roster", size="7", as_="h1"),
        rx.flex(
            rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), flex="1 1 8rem"),
            rx.box(
                labeled(
                    "Lecture or workshop session",
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
                    c["present"],
                    " present · ",
                    c["late"],
                    " late · ",
                    c["excused"],
                    " excused · ",
                    c["absent"],
                    " absent · ",
                    c["unrecorded"],
                    " not recorded",
                    data_testid="roster-counts",
                ),
                rx.flex(
                    rx.button("Mark everyone not recorded as present", on_click=S.mark_all_present),
                    rx.link("Progress and at-risk list", href="/secretariat/progress"),
                    spacing="3",
                    wrap="wrap",
                    align="center",
                ),
                form_banner(S.error),
                form_banner(S.message, color="green"),
                table_region(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(h)
                                    for h in ("Participant", "Country", "Attendance", "Recorded by")
                                ]
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
            rx.text("This cohort has no lectures yet."),
        ),
        spacing="4",
        width="100%",
    )
