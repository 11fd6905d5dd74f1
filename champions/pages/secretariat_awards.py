"""The secretariat's award list: the proposal and its decisions, recognitions, categories,
finalization and publication, and the ceremony exports."""

import reflex as rx

from champions.components.forms import dropdown, field_error, form_banner, labeled
from champions.components.i18n import t, t_var, tn
from champions.components.layout import template
from champions.components.secretariat import SELECT_STYLE, cohort_picker
from champions.infra.translations import N_
from champions.state.awards_admin import AwardState as S

# What a proposed award is (champions/services/awards/proposal.py), marked for the catalogue
# here where its badge shows it translated.
AWARD_STATUSES = (N_("awarded"), N_("tie"), N_("waiting"), N_("check decision"), N_("not awarded"))

LINK_BUTTON = {
    "display": "inline-block",
    "padding": "0.45rem 0.9rem",
    "border": "1px solid var(--accent-8)",
    "border_radius": "6px",
    "color": "var(--accent-11)",
    "text_decoration": "none",
    "font_weight": "500",
}


def _reason_field(form: str, label) -> rx.Component:
    control_id = form + "_reason"
    return labeled(
        label,
        rx.text_area(name="reason", id=control_id, rows="2", width="100%", max_length=1000),
        control_id,
        S.errors.get(form + ".reason", ""),
    )


def _award_card(award) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(award["name"], size="4", as_="h3"),
                rx.badge(
                    t_var(award["status"]),
                    color_scheme=rx.match(
                        award["status"], ("awarded", "green"), ("not awarded", "gray"), "orange"
                    ),
                ),
                rx.cond(
                    award["decided"] == "yes", rx.badge(t("decided by the secretariat"), color_scheme="blue")
                ),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.text(rx.text.strong(t("Winner:")), " ", award["winners"]),
            rx.text(award["note"], size="2", color_scheme="gray"),
            rx.cond(
                ~S.finalized,
                rx.button(
                    rx.cond(
                        award["status"] == "awarded",
                        t("Change {award}", award=award["name"]),
                        t("Decide {award}", award=award["name"]),
                    ),
                    variant="soft",
                    size="2",
                    on_click=S.start_decision(award["category_id"]),
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="team-award",
    )


def _decision_form() -> rx.Component:
    return rx.cond(
        S.deciding != "",
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("Decide: {award}", award=S.deciding_name), size="4", as_="h2"),
                    rx.text(t("Tick one team, or several to give the award jointly."), size="2"),
                    rx.el.fieldset(
                        rx.el.legend(t("Teams, in rank order")),
                        rx.foreach(
                            S.teams,
                            lambda team: rx.el.label(
                                rx.el.input(
                                    type="checkbox",
                                    name="team_" + team["id"],
                                    default_checked=S.deciding_checked.contains(team["id"]),
                                ),
                                " ",
                                team["label"],
                                display="block",
                                padding_y="0.15rem",
                            ),
                        ),
                        style={"border": "none", "padding": "0"},
                    ),
                    field_error(S.errors.get("decide.team", "")),
                    _reason_field("decide", t("Reason for this decision (recorded in the audit trail)")),
                    rx.flex(
                        rx.button(t("Save decision"), type="submit"),
                        rx.button(
                            t("Cancel"),
                            type="button",
                            variant="soft",
                            color_scheme="gray",
                            on_click=S.cancel_decision,
                        ),
                        spacing="2",
                        wrap="wrap",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=S.decide,
                reset_on_submit=False,
                width="100%",
            ),
            rx.cond(
                S.deciding_decided,
                rx.form(
                    rx.vstack(
                        rx.divider(),
                        rx.text(
                            t("Or undo the decision: the award goes back to what the results propose."),
                            size="2",
                        ),
                        _reason_field("clear", t("Reason for undoing it")),
                        rx.button(t("Return to the proposal"), type="submit", variant="outline"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=S.clear,
                    width="100%",
                ),
            ),
            width="100%",
            key=S.deciding,
        ),
    )


def _recognition_form() -> rx.Component:
    return rx.cond(
        ~S.finalized,
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("Grant or withdraw a recognition"), size="4", as_="h3"),
                    rx.flex(
                        rx.box(
                            labeled(
                                t("Recognition"),
                                dropdown(
                                    rx.foreach(
                                        S.recognitions, lambda r: rx.el.option(r["name"], value=r["id"])
                                    ),
                                    name="recognition",
                                    id="recognition_category",
                                    style=SELECT_STYLE,
                                ),
                                "recognition_category",
                                S.errors.get("recognize.category", ""),
                            ),
                            flex="1 1 12rem",
                        ),
                        rx.box(
                            labeled(
                                t("Participant"),
                                dropdown(
                                    rx.el.option(t("Choose…"), value=""),
                                    rx.foreach(
                                        S.participants, lambda p: rx.el.option(p["label"], value=p["id"])
                                    ),
                                    name="person",
                                    id="recognition_person",
                                    style=SELECT_STYLE,
                                ),
                                "recognition_person",
                                S.errors.get("recognize.person", ""),
                            ),
                            flex="1 1 12rem",
                        ),
                        rx.box(
                            labeled(
                                t("Action"),
                                dropdown(
                                    rx.el.option(t("Grant"), value="grant"),
                                    rx.el.option(t("Withdraw"), value="withdraw"),
                                    name="action",
                                    id="recognition_action",
                                    style=SELECT_STYLE,
                                ),
                                "recognition_action",
                            ),
                            flex="0 1 9rem",
                        ),
                        spacing="3",
                        wrap="wrap",
                        width="100%",
                    ),
                    _reason_field(
                        "recognize", t("Reason for granting or withdrawing (recorded in the audit trail)")
                    ),
                    rx.button(t("Save"), type="submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=S.recognize,
                reset_on_submit=True,
                width="100%",
            ),
            width="100%",
        ),
    )


def _category_row(row, index) -> rx.Component:
    key = row["key"]

    def control(label, field: str, element: rx.Component, flex: str) -> rx.Component:
        return rx.box(
            labeled(
                label,
                element,
                "category_" + key + "_" + field,
                S.errors.get("categories." + key + "." + field, ""),
            ),
            flex=flex,
        )

    def on(field: str):
        return lambda value: S.set_cell(key, field, value)

    return rx.card(
        rx.flex(
            control(
                t("Award {number}", number=index + 1),
                "name",
                rx.input(
                    name=key + ".name",
                    id="category_" + key + "_name",
                    value=row["name"],
                    on_change=on("name"),
                    disabled=S.finalized,
                    width="100%",
                ),
                "2 1 14rem",
            ),
            control(
                t("For"),
                "kind",
                dropdown(
                    rx.el.option(t("Place in the ranking"), value="rank"),
                    rx.el.option(t("Best on a criterion"), value="criterion"),
                    rx.el.option(t("Certificate: Phase 1 complete"), value="completion"),
                    rx.el.option(t("Individual: both phases complete"), value="champion"),
                    name=key + ".kind",
                    id="category_" + key + "_kind",
                    value=row["kind"],
                    on_change=on("kind"),
                    disabled=S.finalized,
                    style=SELECT_STYLE,
                ),
                "1 1 12rem",
            ),
            rx.cond(
                row["kind"] == "rank",
                control(
                    t("Place"),
                    "place",
                    rx.input(
                        name=key + ".place",
                        id="category_" + key + "_place",
                        value=row["place"],
                        on_change=on("place"),
                        input_mode="numeric",
                        disabled=S.finalized,
                        width="100%",
                    ),
                    "0 1 6rem",
                ),
            ),
            rx.cond(
                row["kind"] == "criterion",
                control(
                    t("Criterion"),
                    "criterion",
                    dropdown(
                        rx.el.option(t("Choose…"), value=""),
                        rx.foreach(S.criteria, lambda c: rx.el.option(c, value=c)),
                        name=key + ".criterion",
                        id="category_" + key + "_criterion",
                        value=row["criterion"],
                        on_change=on("criterion"),
                        disabled=S.finalized,
                        style=SELECT_STYLE,
                    ),
                    "1 1 12rem",
                ),
            ),
            rx.cond(
                ~S.finalized,
                rx.button(
                    t("Remove award {number}", number=index + 1),
                    type="button",
                    variant="ghost",
                    color_scheme="red",
                    size="1",
                    on_click=S.remove_category(key),
                ),
            ),
            spacing="3",
            wrap="wrap",
            align="end",
            width="100%",
        ),
        key=key,
        width="100%",
    )


def _categories() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Award categories"), size="5", as_="h2"),
        rx.checkbox(
            t("One award per team (a team that holds an award is passed over for the later ones)"),
            checked=S.one_award_per_team,
            disabled=S.finalized,
            on_change=S.set_one_award,
            id="one_award_per_team",
        ),
        rx.form(
            rx.vstack(
                rx.foreach(S.categories, _category_row),
                rx.cond(
                    ~S.finalized,
                    rx.flex(
                        rx.button(
                            t("Add a category"), type="button", variant="soft", on_click=S.add_category
                        ),
                        rx.button(t("Save categories"), type="submit"),
                        spacing="2",
                        wrap="wrap",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            on_submit=S.save_categories,
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def _finalization() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Finalize and publish"), size="5", as_="h2"),
            rx.cond(
                ~S.finalized,
                rx.vstack(
                    rx.cond(
                        S.refusals.length() > 0,
                        rx.vstack(
                            rx.text(t("Before the list can be finalized:"), weight="medium"),
                            rx.el.ul(rx.foreach(S.refusals, lambda r: rx.el.li(r)), data_testid="refusals"),
                            spacing="1",
                        ),
                    ),
                    rx.button(
                        t("Finalize the award list"),
                        on_click=S.finalize,
                        disabled=S.refusals.length() > 0,
                        color_scheme="green",
                    ),
                    spacing="2",
                ),
            ),
            rx.cond(S.finalized & ~S.published, rx.button(t("Publish to participants"), on_click=S.publish)),
            rx.cond(
                S.finalized,
                rx.form(
                    rx.vstack(
                        rx.text(
                            t("Unlocking withdraws the publication and lets the list change again."), size="2"
                        ),
                        _reason_field("unlock", t("Reason for unlocking")),
                        rx.button(
                            t("Unlock the list"), type="submit", variant="outline", color_scheme="orange"
                        ),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=S.unlock,
                    reset_on_submit=True,
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _exports() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Exports for the ceremony"), size="5", as_="h2"),
        rx.cond(
            S.finalized,
            rx.flex(
                rx.foreach(
                    S.exports,
                    lambda e: rx.el.a(
                        t_var(e[1]),
                        href="/exports/awards/" + S.cohort_id + "/" + e[0],
                        download=True,
                        # A plain request (not the router's page change): the server answers with the file.
                        custom_attrs={"reloadDocument": True},
                        style=LINK_BUTTON,
                    ),
                ),
                spacing="2",
                wrap="wrap",
            ),
            rx.text(t("The exports are made from the finalized list."), color_scheme="gray"),
        ),
        spacing="2",
        width="100%",
    )


@template
def secretariat_awards() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Awards"), size="7", as_="h1"),
        rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), max_width="20rem", width="100%"),
        rx.callout(S.status, color_scheme=rx.cond(S.finalized, "green", "blue"), data_testid="award-status"),
        form_banner(S.message, "green"),
        form_banner(S.error),
        rx.el.details(
            rx.el.summary(t("How the award list is proposed")),
            rx.text(t_var(S.rules), white_space="pre-wrap", size="2"),
        ),
        rx.heading(t("Team awards"), size="5", as_="h2"),
        _decision_form(),
        rx.grid(
            rx.foreach(S.team_awards, _award_card),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        rx.heading(t("Recognitions"), size="5", as_="h2"),
        rx.foreach(
            S.recognitions,
            lambda r: rx.el.details(
                rx.el.summary(
                    tn(
                        "{name}: {count} participant",
                        "{name}: {count} participants",
                        r["count"],
                        name=r["name"],
                    )
                ),
                rx.text(r["people"], size="2"),
            ),
        ),
        rx.cond(
            S.withdrawn.length() > 0,
            rx.vstack(
                rx.text(t("Withdrawn:"), weight="medium"),
                rx.el.ul(rx.foreach(S.withdrawn, lambda w: rx.el.li(w))),
                spacing="1",
            ),
        ),
        _recognition_form(),
        _finalization(),
        _exports(),
        _categories(),
        spacing="4",
        width="100%",
    )
