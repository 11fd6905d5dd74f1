"""The secretariat's judging: rubric, round, mentor assignment and conflicts, per judged workshop."""

import reflex as rx

from champions.components.forms import dropdown, form_banner, labeled
from champions.components.i18n import t, t_var, tc
from champions.components.layout import table_region, template
from champions.components.secretariat import SELECT_STYLE, cohort_picker
from champions.pages.secretariat_scoring_close import scoring_close_form
from champions.state.judging_admin import JudgingAdminState as S


def _criterion(row, index) -> rx.Component:
    key, errors = row["key"], S.rubric_errors
    disabled = S.state != "setup"

    def cell(label, field: str, width: str, **props) -> rx.Component:
        control_id = "rubric_" + key + "_" + field
        return rx.box(
            labeled(
                label,
                rx.input(
                    name=key + "." + field,
                    id=control_id,
                    value=row[field],
                    disabled=disabled,
                    dir="auto",  # the rubric's own words keep their direction in a right-to-left page
                    on_change=lambda value: S.set_cell(key, field, value),
                    width="100%",
                    **props,
                ),
                control_id,
                errors.get(key + "." + field, ""),
            ),
            flex=width,
            width="100%" if field == "guidance" else None,
        )

    return rx.card(
        rx.vstack(
            rx.flex(
                cell(t("Criterion {number}", number=index + 1), "name", "2 1 12rem"),
                cell(t("Weight"), "weight", "0 1 6rem", input_mode="decimal"),
                rx.box(
                    rx.text(t("Share"), weight="medium", size="2"),
                    rx.text(S.weight_shares[index]),
                    flex="0 0 4rem",
                ),
                cell(t("Scale from"), "scale_min", "0 1 6rem", input_mode="numeric"),
                cell(t("to"), "scale_max", "0 1 6rem", input_mode="numeric"),
                spacing="3",
                wrap="wrap",
                width="100%",
                align="end",
            ),
            rx.box(cell(t("Guidance for mentors"), "guidance", "1 1 auto"), width="100%"),
            rx.cond(
                S.state == "setup",
                rx.button(
                    t("Remove criterion {number}", number=index + 1),
                    type="button",
                    variant="ghost",
                    color_scheme="red",
                    size="1",
                    on_click=S.remove_criterion(key),
                ),
            ),
            spacing="2",
            width="100%",
        ),
        key=key,
        width="100%",
    )


def _rubric() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("Rubric"), size="4", as_="h2"),
            rx.foreach(S.rubric, _criterion),
            form_banner(S.rubric_errors.get("", "")),
            rx.cond(
                S.state == "setup",
                rx.flex(
                    rx.button(t("Add a criterion"), type="button", variant="soft", on_click=S.add_criterion),
                    rx.button(t("Save rubric"), type="submit"),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save_rubric,
        width="100%",
    )


def _round() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Round"), size="4", as_="h2"),
            rx.text(t_var(S.state_text), data_testid="round-state"),
            rx.flex(
                rx.cond(S.state == "setup", rx.button(t("Open judging"), on_click=S.move("open"))),
                rx.cond(
                    S.state == "open",
                    rx.button(t("Close the round"), color_scheme="orange", on_click=S.move("close")),
                ),
                rx.cond(
                    S.state == "closed",
                    rx.button(t("Publish to teams"), color_scheme="green", on_click=S.move("publish")),
                ),
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                S.state == "closed",
                rx.form(
                    rx.flex(
                        rx.box(
                            labeled(
                                t("Reason for reopening"),
                                rx.input(name="reason", id="reopen_reason", width="100%"),
                                "reopen_reason",
                                S.reopen_error,
                            ),
                            flex="1 1 16rem",
                        ),
                        rx.button(t("Reopen the round"), type="submit", variant="outline"),
                        spacing="2",
                        align="end",
                        wrap="wrap",
                        width="100%",
                    ),
                    on_submit=S.reopen,
                    width="100%",
                ),
            ),
            rx.cond((S.state == "setup") | (S.state == "open"), scoring_close_form()),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _assignments() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Mentors assigned"), size="4", as_="h2"),
        rx.text(
            t(
                "Automatic assignment fills every submission of every judged workshop that is not closed up "
                "to the cohort's number of mentors, least-loaded first, never a conflicted mentor. "
                "Existing assignments stay."
            ),
            size="2",
            color_scheme="gray",
        ),
        rx.button(t("Assign mentors automatically"), on_click=S.auto_assign),
        rx.cond(
            S.short.length() > 0,
            rx.callout(
                rx.vstack(
                    rx.text(t("Not enough mentors for these submissions:"), weight="medium"),
                    rx.el.ul(rx.foreach(S.short, lambda line: rx.el.li(line))),
                    spacing="1",
                ),
                color_scheme="orange",
                role="status",
                width="100%",
            ),
        ),
        table_region(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("Team")),
                        rx.table.column_header_cell(t("Mentor")),
                        rx.table.column_header_cell(tc("column header: the score given", "Score")),
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        S.assignments,
                        lambda a: rx.table.row(
                            rx.table.cell(a["team"]),
                            rx.table.cell(a["mentor"]),
                            rx.table.cell(t_var(a["status"].to(str))),
                            rx.table.cell(
                                rx.cond(
                                    S.changeable,
                                    rx.button(
                                        t("Remove"),
                                        size="1",
                                        variant="soft",
                                        color_scheme="red",
                                        aria_label=t(
                                            "Remove {mentor} from {team}", mentor=a["mentor"], team=a["team"]
                                        ),
                                        on_click=S.ask_remove(a["id"]),
                                    ),
                                )
                            ),
                        ),
                    )
                ),
                width="100%",
                data_testid="assignments",
            ),
            "Mentors assigned to each team",
        ),
        rx.cond(
            S.changeable,
            rx.form(
                rx.flex(
                    rx.box(
                        labeled(
                            t("Team"),
                            dropdown(
                                rx.foreach(S.submissions, lambda s: rx.el.option(s["team"], value=s["id"])),
                                name="team",
                                id="assign_team",
                                style=SELECT_STYLE,
                            ),
                            "assign_team",
                        ),
                        flex="1 1 12rem",
                    ),
                    rx.box(
                        labeled(
                            t("Mentor"),
                            dropdown(
                                rx.foreach(S.mentors, lambda m: rx.el.option(m["label"], value=m["id"])),
                                name="mentor",
                                id="assign_mentor",
                                style=SELECT_STYLE,
                            ),
                            "assign_mentor",
                        ),
                        flex="1 1 12rem",
                    ),
                    rx.button(t("Assign this mentor"), type="submit", variant="outline"),
                    spacing="2",
                    align="end",
                    wrap="wrap",
                    width="100%",
                ),
                on_submit=S.assign,
                width="100%",
            ),
        ),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title(t("Remove the mentor from this submission")),
                rx.dialog.description(
                    t("Their score of it, if any, is removed too (the audit log keeps a record).")
                ),
                rx.form(
                    rx.vstack(
                        labeled(
                            t("Reason"),
                            rx.input(name="reason", id="remove_reason", width="100%"),
                            "remove_reason",
                            S.remove_error,
                        ),
                        rx.flex(
                            rx.button(t("Remove"), type="submit", color_scheme="red"),
                            rx.dialog.close(rx.button(t("Cancel"), type="button", variant="soft")),
                            spacing="2",
                        ),
                        spacing="3",
                    ),
                    on_submit=S.remove,
                ),
            ),
            open=S.removing != "",
            on_open_change=S.remove_dialog,
        ),
        spacing="3",
        width="100%",
    )


def _conflicts() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Conflicts of interest"), size="4", as_="h2"),
        rx.cond(S.conflicts.length() == 0, rx.text(t("No conflicts declared."))),
        rx.foreach(
            S.conflicts,
            lambda c: rx.flex(
                rx.text(rx.text.strong(c["mentor"]), " — ", c["team"], ": ", c["reason"]),
                rx.cond(
                    c["id"] != "",
                    rx.button(
                        t("Withdraw"),
                        size="1",
                        variant="ghost",
                        aria_label=t(
                            "Withdraw the conflict of {mentor} with {team}",
                            mentor=c["mentor"],
                            team=c["team"],
                        ),
                        on_click=S.withdraw(c["id"]),
                    ),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
        ),
        spacing="2",
        width="100%",
    )


@template
def secretariat_judging() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Judging"), size="7", as_="h1"),
        rx.flex(
            rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), flex="1 1 10rem"),
            rx.box(
                labeled(
                    t("Workshop"),
                    dropdown(
                        rx.foreach(S.workshops, lambda w: rx.el.option(w["label"], value=w["id"])),
                        id="judging_workshop",
                        value=S.workshop,
                        on_change=S.choose_workshop,
                        style=SELECT_STYLE,
                    ),
                    "judging_workshop",
                ),
                flex="2 1 16rem",
            ),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        rx.link(t("See the results and ranking"), href="/secretariat/results"),
        form_banner(S.message, "green"),
        form_banner(S.error),
        rx.cond(
            S.workshop == "",
            rx.text(t("This cohort has no judged workshop.")),
            rx.vstack(_round(), _rubric(), _assignments(), _conflicts(), spacing="5", width="100%"),
        ),
        spacing="4",
        width="100%",
    )
