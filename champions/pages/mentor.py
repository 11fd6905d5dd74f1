"""The mentor's home: assigned submissions with progress, the review and score form of one,
and conflicts of interest."""

import reflex as rx

from champions.components.forms import field_error, form_banner, invalid_when, labeled
from champions.components.i18n import t, t_var, tc
from champions.components.layout import template
from champions.state.auth import AuthState
from champions.state.judging import JudgingState as S


def _status(status) -> rx.Var:
    """An assignment's status (judging.views.STATUS_TEXT, in English there) in the page's language."""
    return rx.match(
        status,
        ("Not started", t("Not started")),
        ("Draft saved", t("Draft saved")),
        ("Submitted", tc("a mentor's score: sent to the secretariat", "Submitted")),
        status,
    )


def _item(item) -> rx.Component:
    return rx.el.li(
        rx.card(
            rx.flex(
                rx.vstack(
                    rx.text(item["label"], weight="medium"),
                    rx.text(item["workshop"], size="2", color_scheme="gray"),
                    spacing="0",
                ),
                rx.flex(
                    rx.badge(_status(item["status"]), size="2"),
                    rx.button(
                        rx.cond(
                            item["round"] == "open", tc("button: open the scoring form", "Score"), t("View")
                        ),
                        size="2",
                        aria_label=rx.cond(
                            item["round"] == "open",
                            t("Score {label}", label=item["label"]),
                            t("View {label}", label=item["label"]),
                        ),
                        on_click=S.open(item["key"]),
                    ),
                    spacing="3",
                    align="center",
                ),
                justify="between",
                align="center",
                wrap="wrap",
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        style={"list_style": "none"},
    )


def _queue() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Submissions assigned to you"), size="5", as_="h2"),
        rx.text(S.progress_text, weight="medium", data_testid="mentor-progress"),
        rx.cond(
            S.items.length() == 0,
            rx.cond(
                S.loaded,
                rx.text(
                    t(
                        "Nothing is assigned to you yet. The secretariat assigns submissions when judging "
                        "of a workshop is prepared."
                    )
                ),
                rx.text(t("Loading your submissions…")),
            ),
            rx.el.ul(
                rx.foreach(S.items, _item),
                style={"padding": "0", "margin": "0", "display": "grid", "gap": "0.5rem", "width": "100%"},
            ),
        ),
        spacing="3",
        width="100%",
    )


def _conflicts() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("Declare a conflict of interest"), size="4", as_="h2"),
                rx.text(
                    t(
                        "If you know a team's members personally, work with them, or could not judge them "
                        "fairly, say so: you will not review the team. Only the secretariat reads the reason."
                    ),
                    size="2",
                ),
                # forms.labeled's hint is plain text: this one is in the viewer's language.
                rx.vstack(
                    rx.el.label(
                        t("Submission code or team name"),
                        html_for="conflict_submission",
                        style={"font_weight": "500"},
                    ),
                    rx.input(
                        name="submission",
                        id="conflict_submission",
                        max_length=120,
                        width="100%",
                        custom_attrs={"aria-describedby": "conflict_submission-hint"},
                    ),
                    rx.text(
                        t(
                            "The code shown in your queue (like {example}), "
                            "or the team's name as you know it.",
                            example="2-ABCD2345",
                        ),
                        size="1",
                        color_scheme="gray",
                        id="conflict_submission-hint",
                    ),
                    spacing="1",
                    width="100%",
                    align="stretch",
                ),
                labeled(
                    t("Reason"),
                    rx.text_area(name="reason", id="conflict_reason", rows="2", width="100%"),
                    "conflict_reason",
                    S.conflict_error,
                ),
                form_banner(t_var(S.conflict_message), "green"),
                rx.button(t("Declare conflict"), type="submit", variant="outline"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.declare,
            reset_on_submit=True,
        ),
        width="100%",
    )


def _criterion(c) -> rx.Component:
    control_id = "criterion_" + c["id"]
    return rx.vstack(
        rx.el.label(c["name"] + " (" + c["range"] + ")", html_for=control_id, style={"font_weight": "500"}),
        rx.cond(c["guidance"] != "", rx.text(c["guidance"], size="2", color_scheme="gray")),
        rx.input(
            name=control_id,
            id=control_id,
            type="number",
            min=c["min"],
            max=c["max"],
            step="1",
            default_value=c["value"],
            input_mode="numeric",
            width="8rem",
            disabled=S.review["round"] != "open",
            custom_attrs=invalid_when(S.errors.get(control_id, ""), control_id + "-error"),
        ),
        field_error(S.errors.get(control_id, ""), control_id + "-error"),
        spacing="1",
        width="100%",
    )


def _review() -> rx.Component:
    r = S.review
    return rx.vstack(
        rx.button(t("← Back to my list"), variant="soft", on_click=S.back),
        rx.heading(
            r["label"], size="6", as_="h2", data_testid="review-label", id="review-label", tab_index=-1
        ),
        rx.text(r["workshop"], color_scheme="gray"),
        rx.card(
            rx.vstack(
                rx.heading(
                    rx.cond(r["title"] != "", r["title"], t("No version was submitted on time")),
                    size="4",
                    as_="h3",
                ),
                rx.cond(r["challenge"] != "", rx.text(rx.text.strong(t("Challenge:")), " ", r["challenge"])),
                rx.cond(r["city"] != "", rx.text(rx.text.strong(t("City:")), " ", r["city"])),
                rx.text(r["summary"], white_space="pre-wrap", data_testid="review-summary"),
                rx.cond(
                    r["link"] != "", rx.link(t("Open the team's link"), href=r["link"], is_external=True)
                ),
                rx.foreach(
                    S.files, lambda f: rx.link(f["name"] + " · " + f["size"], href=f["url"], is_external=True)
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.cond(
            r["recommendations_title"] != "",
            rx.card(
                rx.vstack(
                    rx.heading(
                        t("The team's youth recommendations: {title}", title=r["recommendations_title"]),
                        size="4",
                        as_="h3",
                    ),
                    rx.text(
                        rx.text.strong(t("SDG 11 targets served:")),
                        " ",
                        r["recommendations_targets"],
                        size="2",
                    ),
                    rx.text(
                        r["recommendations_body"],
                        white_space="pre-wrap",
                        data_testid="review-recommendations",
                    ),
                    spacing="2",
                    width="100%",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            r["brief"] != "", rx.el.details(rx.el.summary(t("The workshop's brief")), rx.markdown(r["brief"]))
        ),
        rx.form(
            rx.vstack(
                rx.heading(t("Your score"), size="4", as_="h3"),
                rx.text(t("Status: {status}", status=_status(r["status"])), data_testid="score-status"),
                rx.foreach(S.criteria, _criterion),
                labeled(
                    t("Comment for the team (they read it when results are published, without your name)"),
                    rx.text_area(
                        name="comment",
                        id="comment",
                        rows="4",
                        width="100%",
                        default_value=r["comment"],
                        disabled=r["round"] != "open",
                    ),
                    "comment",
                    S.errors.get("comment", ""),
                ),
                labeled(
                    t("Private note for the secretariat"),
                    rx.text_area(
                        name="private_note",
                        id="private_note",
                        rows="2",
                        width="100%",
                        default_value=r["private_note"],
                        disabled=r["round"] != "open",
                    ),
                    "private_note",
                    S.errors.get("private_note", ""),
                ),
                form_banner(S.errors.get("", "")),
                form_banner(t_var(S.message), "green"),
                rx.cond(
                    r["round"] == "open",
                    rx.flex(
                        rx.cond(
                            r["status"] != "Submitted",
                            rx.button(
                                t("Save draft"),
                                type="submit",
                                variant="outline",
                                on_click=S.set_intent("draft"),
                            ),
                        ),
                        rx.button(
                            rx.cond(r["status"] == "Submitted", t("Save changes"), t("Submit score")),
                            type="submit",
                            on_click=S.set_intent("submit"),
                        ),
                        # Submits, then opens the next assigned submission still to score.
                        rx.button(t("Save and next"), type="submit", on_click=S.set_intent("next")),
                        spacing="2",
                        wrap="wrap",
                    ),
                    rx.text(
                        rx.cond(
                            r["round"] == "setup",
                            t("Judging of this workshop has not opened yet."),
                            t("This round is closed; scores are locked."),
                        ),
                        color_scheme="gray",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            key=S.opened,
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


@template
def mentor_home() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Mentor home"), size="7", as_="h1"),
        rx.text(t("Welcome, {name}.", name=AuthState.user_name)),
        field_error(rx.cond(S.opened == "", t_var(S.message), "")),
        rx.cond(S.opened == "", rx.vstack(_queue(), _conflicts(), spacing="5", width="100%"), _review()),
        spacing="3",
        width="100%",
    )
