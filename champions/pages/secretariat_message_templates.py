"""/secretariat/messages, the templates section: the edition's wording of each kind of message,
previewed with a real recipient's data before it is saved, or reset to the default."""

import reflex as rx

from champions.components.forms import form_banner, labeled
from champions.components.i18n import t, t_var
from champions.components.secretariat import SELECT_STYLE
from champions.infra.translations import LANGUAGES
from champions.state.message_templates import MessageTemplatesState as T


def _fields() -> rx.Component:
    key = T.kind + T.version.to_string()
    return rx.form(
        rx.vstack(
            labeled(
                t("Template subject"),
                rx.input(
                    name="subject",
                    id="template_subject",
                    size="3",
                    width="100%",
                    max_length=200,
                    dir="auto",
                    default_value=T.shown.subject,
                    key="s" + key,
                ),
                "template_subject",
                T.errors.get("subject", ""),
            ),
            labeled(
                t("Template text"),
                rx.text_area(
                    name="body",
                    id="template_body",
                    rows="10",
                    width="100%",
                    dir="auto",
                    default_value=T.shown.body,
                    key="b" + key,
                ),
                "template_body",
                T.errors.get("body", ""),
                hint=t(
                    "Plain text. Words in braces are filled in for each person; this kind knows "
                    "only the ones listed below."
                ),
            ),
            rx.text(
                t("Placeholders: {names}", names=T.shown.placeholders),
                size="2",
                data_testid="template-placeholders",
            ),
            rx.flex(
                rx.button(t("Preview the template"), type="submit", variant="soft"),
                rx.cond(
                    T.shown.custom,
                    rx.button(
                        t("Reset to default"), type="button", variant="outline", on_click=T.reset_to_default
                    ),
                ),
                spacing="2",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=T.preview_template,
        reset_on_submit=False,
        width="100%",
    )


def _preview() -> rx.Component:
    return rx.cond(
        T.previewed,
        rx.card(
            rx.vstack(
                rx.heading(t("Preview"), size="3", as_="h3"),
                rx.text(t("As {recipient} would read it:", recipient=T.preview.recipient), size="2"),
                rx.text(
                    rx.text.strong(t("Subject:")),
                    " ",
                    T.preview.subject,
                    size="2",
                    data_testid="template-subject",
                ),
                rx.text(
                    T.preview.body,
                    white_space="pre-wrap",
                    size="2",
                    dir="auto",
                    data_testid="template-preview",
                ),
                rx.button(t("Save this template"), type="button", on_click=T.save),
                rx.text(t("Saves the wording as previewed; change it and preview again."), size="1"),
                spacing="2",
            ),
            width="100%",
        ),
    )


def templates_section() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Templates"), size="4", as_="h2"),
        rx.text(
            t("Each kind of message has a default wording; rewrite it for this edition, or reset it."),
            size="2",
        ),
        labeled(
            t("Kind of message"),
            rx.el.select(
                rx.foreach(
                    T.lines,
                    lambda line: rx.el.option(
                        rx.cond(
                            line.custom,
                            t("{kind} (this edition's wording)", kind=t_var(line.label)),
                            t_var(line.label),
                        ),
                        value=line.kind,
                    ),
                ),
                value=T.kind,
                on_change=T.choose_kind,
                id="template_kind",
                style=SELECT_STYLE,
            ),
            "template_kind",
            T.errors.get("kind", ""),
        ),
        labeled(
            t("Language of the template"),
            rx.el.select(
                *[rx.el.option(name, value=code, lang=code) for code, name in LANGUAGES.items()],
                value=T.language,
                on_change=T.choose_language,
                id="template_language",
                style=SELECT_STYLE,
            ),
            "template_language",
            T.errors.get("language", ""),
            hint=t("Each recipient gets the wording of their own language."),
        ),
        rx.text(
            rx.cond(T.shown.custom, t("This edition's own wording."), t("The default wording.")),
            size="2",
            data_testid="template-origin",
        ),
        form_banner(T.notice, color="green"),
        _fields(),
        _preview(),
        spacing="3",
        width="100%",
        max_width="40rem",
    )
