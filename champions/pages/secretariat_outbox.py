"""/secretariat/outbox: the emails the app sent or holds, newest first."""

import reflex as rx

from champions.components.forms import form_banner
from champions.components.i18n import t
from champions.components.layout import template
from champions.state.outbox_admin import OutboxState as S


def _message(m) -> rx.Component:
    """A message as it was sent (its subject and body in its recipient's language, so marked
    translate="no": a record, not the page's words) and its state in the reader's language."""
    return rx.card(
        rx.vstack(
            rx.text(
                rx.text.strong(m.subject, custom_attrs={"translate": "no"}),
                " · ",
                t("to {recipient}", recipient=m.recipient),
                size="2",
            ),
            rx.text(m.created, " · ", m.status, size="1", color_scheme="gray"),
            rx.el.details(
                rx.el.summary(t("Message")),
                rx.text(
                    m.body, white_space="pre-wrap", size="2", custom_attrs={"dir": "auto", "translate": "no"}
                ),
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
    )


@template
def secretariat_outbox() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Outbox"), size="7", as_="h1"),
        rx.text(
            rx.cond(
                S.smtp,
                t("Messages are delivered by the SMTP server in CHAMPIONS_SMTP_URL."),
                t("No SMTP server is configured (CHAMPIONS_SMTP_URL): messages wait here."),
            ),
            size="2",
        ),
        rx.cond(S.smtp, rx.button(t("Send waiting messages"), on_click=S.retry, variant="soft")),
        form_banner(S.notice, color="green"),
        rx.cond(S.messages.length() > 0, rx.foreach(S.messages, _message), rx.text(t("No messages yet."))),
        spacing="3",
        width="100%",
        data_testid="outbox",
    )
