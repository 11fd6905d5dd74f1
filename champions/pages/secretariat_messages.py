"""/secretariat/messages: write to a segment of an edition's people (the preview says how many
and who, and shows the text as the first of them reads it, before anything is sent); which
kinds the edition sends; hold for review; and the edition's templates."""

import reflex as rx

from champions.components.forms import checkbox_choice, form_banner, labeled
from champions.components.i18n import t, t_var, tn
from champions.components.layout import template
from champions.components.secretariat import SELECT_STYLE, cohort_picker
from champions.pages.secretariat_message_review import review_section
from champions.pages.secretariat_message_templates import templates_section
from champions.state.messages_admin import MessagesAdminState as S


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            labeled(
                t("Send to"),
                rx.el.select(
                    rx.foreach(S.segments, lambda o: rx.el.option(t_var(o.label), value=o.value)),
                    name="segment",
                    id="segment",
                    style=SELECT_STYLE,
                ),
                "segment",
                S.errors.get("segment", ""),
            ),
            labeled(
                t("Subject"),
                rx.input(name="subject", id="subject", size="3", width="100%", max_length=200, dir="auto"),
                "subject",
                S.errors.get("subject", ""),
            ),
            labeled(
                t("Message"),
                rx.text_area(name="body", id="body", rows="8", width="100%", dir="auto"),
                "body",
                S.errors.get("body", ""),
                hint=t("Plain text. {name} becomes each person's name, {edition} the edition's name."),
            ),
            rx.button(t("Preview"), type="submit", variant="soft"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.preview_message,
        reset_on_submit=False,
        width="100%",
        max_width="40rem",
    )


def _preview() -> rx.Component:
    return rx.cond(
        S.previewed,
        rx.card(
            rx.vstack(
                rx.heading(t("Preview"), size="4", as_="h2"),
                rx.cond(
                    S.preview.count > 0,
                    rx.vstack(
                        rx.text(
                            tn(
                                "{count} person will get this message.",
                                "{count} people will get this message.",
                                S.preview.count,
                            ),
                            size="2",
                        ),
                        rx.el.details(
                            rx.el.summary(t("Recipients (the first 50, by name)")),
                            rx.el.ul(rx.foreach(S.preview.names, lambda n: rx.el.li(n))),
                        ),
                        rx.text(rx.text.strong(t("Subject:")), " ", S.preview.subject, size="2"),
                        rx.text(S.preview.body, white_space="pre-wrap", size="2", dir="auto"),
                        rx.button(
                            tn("Send to {count} person", "Send to {count} people", S.preview.count),
                            type="button",
                            on_click=S.send,
                        ),
                        rx.text(t("Sends the message as previewed; change it and preview again."), size="1"),
                        spacing="2",
                    ),
                    rx.text(t("Nobody is in this group."), size="2"),
                ),
                spacing="2",
            ),
            width="100%",
            max_width="40rem",
        ),
    )


def _switch(line) -> rx.Component:
    field_id = "kind-" + line.name
    return checkbox_choice(line.name, t_var(line.label), line.on, field_id, key=S.cohort + field_id)


def _switches() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("What this edition sends"), size="4", as_="h2"),
            rx.text(
                t(
                    "Untick a kind to send it to nobody of this edition (the email that confirms an "
                    "address and your own messages always go). People choose the optional ones for "
                    "themselves on their account page."
                ),
                size="2",
            ),
            rx.foreach(S.switches, _switch),
            rx.button(t("Save what this edition sends"), type="submit", variant="soft"),
            rx.cond(S.switches_notice != "", rx.text(t_var(S.switches_notice), size="2", role="status")),
            spacing="2",
            width="100%",
        ),
        on_submit=S.save_switches,
        reset_on_submit=False,
        max_width="40rem",
        width="100%",
    )


@template
def secretariat_messages() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Messages"), size="7", as_="h1"),
        rx.text(
            t("Write to a group of the edition's people: they read it under Notifications and by email."),
            size="2",
        ),
        rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), max_width="14rem"),
        form_banner(S.notice, color="green"),
        rx.heading(t("Write to a group"), size="4", as_="h2"),
        _form(),
        _preview(),
        _switches(),
        review_section(),
        templates_section(),
        spacing="4",
        width="100%",
    )
