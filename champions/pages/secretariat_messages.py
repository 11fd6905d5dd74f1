"""/secretariat/messages: write to a segment of an edition's people (the preview says how many
and who, and shows the text as the first of them reads it, before anything is sent); which
kinds the edition sends; hold for review; and the edition's templates."""

import reflex as rx

from champions.components.forms import checkbox_choice, form_banner, labeled
from champions.components.layout import template
from champions.components.secretariat import SELECT_STYLE, cohort_picker
from champions.pages.secretariat_message_review import review_section
from champions.pages.secretariat_message_templates import templates_section
from champions.state.messages_admin import MessagesAdminState as S


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            labeled(
                "Send to",
                rx.el.select(
                    rx.foreach(S.segments, lambda o: rx.el.option(o.label, value=o.value)),
                    name="segment",
                    id="segment",
                    style=SELECT_STYLE,
                ),
                "segment",
                S.errors.get("segment", ""),
            ),
            labeled(
                "Subject",
                rx.input(name="subject", id="subject", size="3", width="100%", max_length=200),
                "subject",
                S.errors.get("subject", ""),
            ),
            labeled(
                "Message",
                rx.text_area(name="body", id="body", rows="8", width="100%"),
                "body",
                S.errors.get("body", ""),
                hint="Plain text. {name} becomes each person's name, {edition} the edition's name.",
            ),
            rx.button("Preview", type="submit", variant="soft"),
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
                rx.heading("Preview", size="4", as_="h2"),
                rx.cond(
                    S.preview.count > 0,
                    rx.vstack(
                        rx.text(S.preview.count.to_string() + " people will get this message.", size="2"),
                        rx.el.details(
                            rx.el.summary("Recipients (the first 50, by name)"),
                            rx.el.ul(rx.foreach(S.preview.names, lambda n: rx.el.li(n))),
                        ),
                        rx.text(rx.text.strong("Subject: "), S.preview.subject, size="2"),
                        rx.text(S.preview.body, white_space="pre-wrap", size="2"),
                        rx.button(
                            "Send to " + S.preview.count.to_string() + " people",
                            type="button",
                            on_click=S.send,
                        ),
                        rx.text("Sends the message as previewed; change it and preview again.", size="1"),
                        spacing="2",
                    ),
                    rx.text("Nobody is in this group.", size="2"),
                ),
                spacing="2",
            ),
            width="100%",
            max_width="40rem",
        ),
    )


def _switch(line) -> rx.Component:
    field_id = "kind-" + line.name
    return checkbox_choice(line.name, line.label, line.on, field_id, key=S.cohort + field_id)


def _switches() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("What this edition sends", size="4", as_="h2"),
            rx.text(
                "Untick a kind to send it to nobody of this edition (the email that confirms an "
                "address and your own messages always go). People choose the optional ones for "
                "themselves on their account page.",
                size="2",
            ),
            rx.foreach(S.switches, _switch),
            rx.button("Save what this edition sends", type="submit", variant="soft"),
            rx.cond(S.switches_notice != "", rx.text(S.switches_notice, size="2", role="status")),
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
        rx.heading("Messages", size="7", as_="h1"),
        rx.text(
            "Write to a group of the edition's people: they read it under Notifications and by email.",
            size="2",
        ),
        rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), max_width="14rem"),
        form_banner(S.notice, color="green"),
        rx.heading("Write to a group", size="4", as_="h2"),
        _form(),
        _preview(),
        _switches(),
        review_section(),
        templates_section(),
        spacing="4",
        width="100%",
    )
