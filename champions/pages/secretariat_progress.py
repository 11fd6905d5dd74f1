"""Phase 1 progress: the at-risk list, every participant's progress, reflections to review."""

import reflex as rx

from champions.components.forms import field_error, form_banner
from champions.components.layout import template
from champions.components.secretariat import cohort_picker, data_table
from champions.state.progress_admin import ProgressAdminState as S


def _at_risk() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading("At risk", size="5", as_="h2"),
            rx.button("Export at-risk CSV", on_click=S.export("at-risk"), variant="outline", size="2"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.text(
            "Participants who can no longer complete Phase 1, or who missed the last two lectures.",
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            S.risk.length() > 0,
            rx.box(
                data_table(
                    ["Participant", "Country", "Counted", "Why"],
                    S.risk,
                    lambda r: [
                        rx.table.row_header_cell(r["name"]),
                        rx.table.cell(r["country"]),
                        rx.table.cell(r["counted"]),
                        rx.table.cell(r["why"]),
                    ],
                ),
                data_testid="at-risk",
                width="100%",
            ),
            rx.text("Nobody is at risk.", data_testid="at-risk-empty"),
        ),
        spacing="2",
        width="100%",
    )


def _reflection(item) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(
                rx.text.strong(item["name"]),
                " on '",
                item["lecture"],
                "' · ",
                item["words"],
                " words · ",
                item["submitted"],
            ),
            rx.text(item["text"], white_space="pre-wrap", size="2"),
            field_error(S.review_errors.get(item["id"], "")),
            rx.flex(
                rx.button("Approve", color_scheme="green", on_click=S.approve(item["id"])),
                rx.form(
                    rx.el.input(type="hidden", name="reflection_id", value=item["id"]),
                    rx.flex(
                        rx.box(
                            rx.el.label(
                                "Feedback if returned",
                                html_for="feedback-" + item["id"],
                                style={"display": "block", "font_size": "0.85rem"},
                            ),
                            rx.input(
                                name="feedback", id="feedback-" + item["id"], placeholder="What to improve"
                            ),
                            min_width="12rem",
                        ),
                        rx.button(
                            "Return with feedback", type="submit", variant="soft", color_scheme="amber"
                        ),
                        spacing="2",
                        wrap="wrap",
                        align="end",
                    ),
                    on_submit=S.return_reflection,
                ),
                spacing="3",
                wrap="wrap",
                align="end",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


@template
def secretariat_progress() -> rx.Component:
    return rx.vstack(
        rx.heading("Phase 1 progress", size="7", as_="h1"),
        rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), max_width="14rem"),
        rx.text(S.summary, weight="medium", data_testid="progress-summary"),
        form_banner(S.error),
        form_banner(S.message, color="green"),
        _at_risk(),
        rx.heading("Reflections to review", size="5", as_="h2"),
        rx.cond(S.pending.length() > 0, rx.foreach(S.pending, _reflection), rx.text("None waiting.")),
        rx.flex(
            rx.heading("Every participant", size="5", as_="h2"),
            rx.button("Export attendance CSV", on_click=S.export("attendance"), variant="outline", size="2"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.text(
            "P present · L late · E excused · A absent · R counted by recording · – missed · · upcoming",
            size="1",
            color_scheme="gray",
        ),
        data_table(
            ["Participant", "Country", "Lectures", "Progress"],
            S.rows,
            lambda r: [
                rx.table.row_header_cell(r["name"]),
                rx.table.cell(r["country"]),
                rx.table.cell(rx.code(r["marks"])),
                rx.table.cell(r["summary"]),
            ],
        ),
        spacing="4",
        width="100%",
    )
