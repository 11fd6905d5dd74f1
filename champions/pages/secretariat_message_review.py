"""/secretariat/messages, the hold-for-review section: whether the edition's reminders wait for
approval, and the held ones to approve (one, or all) or discard with a reason."""

import reflex as rx

from champions.components.forms import checkbox_choice, form_banner, reason_dialog
from champions.components.i18n import t, tn
from champions.state.held_messages import HeldMessagesState as H


def _held(line) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(
                rx.text.strong(line.subject), " · ", t("to {recipient}", recipient=line.recipient), size="2"
            ),
            rx.text(line.kind, " · ", t("made {when}", when=line.made), size="1", color_scheme="gray"),
            rx.el.details(
                rx.el.summary(t("Message")), rx.text(line.body, white_space="pre-wrap", size="2", dir="auto")
            ),
            rx.flex(
                rx.button(
                    t("Approve"),
                    size="1",
                    on_click=H.approve(line.id),
                    aria_label=t("Approve: {subject}", subject=line.subject),
                ),
                rx.button(
                    t("Discard"),
                    size="1",
                    variant="outline",
                    color_scheme="red",
                    on_click=H.ask_discard(line.id),
                    aria_label=t("Discard: {subject}", subject=line.subject),
                ),
                spacing="2",
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
    )


def review_section() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Hold for review"), size="4", as_="h2"),
        rx.form(
            rx.vstack(
                checkbox_choice(
                    "hold",
                    t("Hold this edition's reminders for my approval before they are sent"),
                    H.holding,
                    "hold_for_review",
                    key="hold" + H.holding.to_string(),
                ),
                rx.text(
                    t(
                        "Decisions, the application's confirmation, password resets, your own messages "
                        "and the daily digest are never held."
                    ),
                    size="1",
                    color_scheme="gray",
                ),
                rx.button(t("Save the review setting"), type="submit", variant="soft"),
                spacing="2",
            ),
            on_submit=H.save_holding,
            reset_on_submit=False,
        ),
        form_banner(H.error),
        form_banner(H.notice, color="green"),
        rx.cond(
            H.held.length() > 0,
            rx.vstack(
                rx.flex(
                    rx.text(
                        tn("{count} held.", "{count} held.", H.held.length()),
                        size="2",
                        data_testid="held-count",
                    ),
                    rx.button(t("Approve all"), on_click=H.approve_all, size="1"),
                    spacing="3",
                    align="center",
                ),
                rx.foreach(H.held, _held),
                spacing="2",
                width="100%",
            ),
            rx.text(t("Nothing is held."), size="2", data_testid="held-count"),
        ),
        reason_dialog(
            title=t("Discard this message?"),
            description=t("It will not be sent. Say why (kept in the outbox and the audit log)."),
            reason_id="discard_reason",
            error=H.discard_error,
            confirm_label=t("Discard"),
            on_submit=H.discard,
            open=H.discarding != "",
            on_open_change=H.discard_dialog,
        ),
        spacing="3",
        width="100%",
        max_width="40rem",
    )
