"""Phase 1 progress: the at-risk list, every participant's progress, reflections to review."""

import reflex as rx

from champions.components.forms import field_error, form_banner
from champions.components.i18n import t, t_var, tn
from champions.components.layout import template
from champions.components.secretariat import cohort_picker, data_table
from champions.state.progress_admin import ProgressAdminState as S


def _at_risk() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading(t("At risk"), size="5", as_="h2"),
            rx.button(t("Export at-risk CSV"), on_click=S.export("at-risk"), variant="outline", size="2"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.text(
            t("Participants who can no longer complete Phase 1, or who missed the last two lectures."),
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            S.risk.length() > 0,
            rx.box(
                data_table(
                    [t("Participant"), t("Country"), t("Counted"), t("Why")],
                    S.risk,
                    lambda r: [
                        rx.table.row_header_cell(r["name"]),
                        rx.table.cell(r["country"]),
                        rx.table.cell(r["counted"]),
                        rx.table.cell(r["why"]),
                    ],
                    label="At risk",
                ),
                data_testid="at-risk",
                width="100%",
            ),
            rx.text(t("Nobody is at risk."), data_testid="at-risk-empty"),
        ),
        spacing="2",
        width="100%",
    )


def _reflection(item) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(
                rx.text.strong(item["name"]),
                " ",
                # The title isolated (FSI … PDI), so one in another script keeps its order in the sentence.
                t("on '{lecture}'", lecture="\u2068" + item["lecture"] + "\u2069"),
                " · ",
                tn("{count} word", "{count} words", item["words"]),
                " · ",
                item["submitted"],
            ),
            # The participant's own words, in their own direction whatever the page's.
            rx.text(item["text"], white_space="pre-wrap", size="2", custom_attrs={"dir": "auto"}),
            field_error(S.review_errors.get(item["id"], "")),
            rx.flex(
                rx.button(t("Approve"), color_scheme="green", on_click=S.approve(item["id"])),
                rx.form(
                    rx.el.input(type="hidden", name="reflection_id", value=item["id"]),
                    rx.flex(
                        rx.box(
                            rx.el.label(
                                t("Feedback if returned"),
                                html_for="feedback-" + item["id"],
                                style={"display": "block", "font_size": "0.85rem"},
                            ),
                            rx.input(
                                name="feedback", id="feedback-" + item["id"], placeholder=t("What to improve")
                            ),
                            min_width="12rem",
                        ),
                        rx.button(
                            t("Return with feedback"), type="submit", variant="soft", color_scheme="amber"
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
        rx.heading(t("Phase 1 progress"), size="7", as_="h1"),
        rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), max_width="14rem"),
        rx.text(S.summary, weight="medium", data_testid="progress-summary"),
        form_banner(t_var(S.error)),
        form_banner(t_var(S.message), color="green"),
        _at_risk(),
        rx.heading(t("Reflections to review"), size="5", as_="h2"),
        rx.cond(S.pending.length() > 0, rx.foreach(S.pending, _reflection), rx.text(t("None waiting."))),
        rx.flex(
            rx.heading(t("Every participant"), size="5", as_="h2"),
            rx.button(
                t("Export attendance CSV"), on_click=S.export("attendance"), variant="outline", size="2"
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.text(
            t("P present · L late · E excused · A absent · R counted by recording · – missed · · upcoming"),
            size="1",
            color_scheme="gray",
        ),
        data_table(
            [t("Participant"), t("Country"), t("Lectures"), t("Progress")],
            S.rows,
            lambda r: [
                rx.table.row_header_cell(r["name"]),
                rx.table.cell(r["country"]),
                rx.table.cell(rx.code(r["marks"])),
                rx.table.cell(r["summary"]),
            ],
            label="Every participant",
        ),
        spacing="4",
        width="100%",
    )
