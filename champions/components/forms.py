"""Form pieces: every control has a visible label and its error right under it,
announced to screen readers (role="alert").

Labels, hints and titles are given already translated (`t("Email")`, or a plain string);
the texts these pieces write themselves ("Close", "Reason", the password fields) are
translated here. An error or banner message held in a var is shown through `t_var`: a
state's fixed message marked `N_("…")` where it is written shows in the viewer's language,
and any other text (built with values on the server) shows as it is."""

import reflex as rx

from champions.components.i18n import t, t_var


def _given(value) -> bool:
    """A Var (an id computed in the page) counts as given; an empty string does not."""
    return not isinstance(value, str) or value != ""


def _message(message):
    """A message var in the viewer's language when it is a catalogue text (else as it is)."""
    return t_var(message) if isinstance(message, rx.Var) else message


def field_error(message, error_id="") -> rx.Component:
    return rx.cond(
        message != "",
        rx.text(
            _message(message),
            color_scheme="red",
            size="2",
            role="alert",
            **({"id": error_id} if _given(error_id) else {}),
        ),
    )


def invalid_when(error, error_id="") -> dict:
    """custom_attrs for a control whose error shows under it: aria-invalid while it shows (which
    assets/a11y.js follows to move focus after a refused submit) and the error as its description."""
    attrs = {"aria-invalid": rx.cond(error != "", "true", "false")}
    if _given(error_id):
        attrs["aria-describedby"] = rx.cond(error != "", error_id, "")
    return attrs


def labeled(label, control: rx.Component, control_id: str, error="", hint="") -> rx.Component:
    """`label` and `hint`: a text (`t("…")`) or a plain string; `hint` "" for none."""
    hint_id, error_id = f"{control_id}-hint", f"{control_id}-error"
    has_hint = _given(hint)
    if not isinstance(error, str) or error:
        # The field says it is in error and which text explains it (assets/a11y.js moves focus
        # to the first such field after a refused submit).
        control.custom_attrs["aria-invalid"] = rx.cond(error != "", "true", "false")
        control.custom_attrs["aria-describedby"] = rx.cond(error != "", error_id, hint_id if has_hint else "")
    elif has_hint:
        control.custom_attrs["aria-describedby"] = hint_id
    return rx.vstack(
        rx.el.label(label, html_for=control_id, style={"font_weight": "500"}),
        control,
        rx.text(hint, size="1", color_scheme="gray", id=hint_id) if has_hint else rx.fragment(),
        field_error(error, error_id),
        spacing="1",
        width="100%",
        align="stretch",
    )


def text_field(label, name: str, error="", type_: str = "text", hint="", **props) -> rx.Component:
    control_id = props.pop("id", name)
    return labeled(
        label,
        rx.input(name=name, id=control_id, type=type_, size="3", width="100%", **props),
        control_id,
        error,
        hint,
    )


def form_banner(message, color: str = "red") -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(
            _message(message), color_scheme=color, role="alert" if color == "red" else "status", width="100%"
        ),
    )


def dropdown(*options, **props) -> rx.Component:
    """A native <select> (keyboard and screen-reader friendly on every device); give it a
    visible label with `labeled` or an `aria_label`."""
    return rx.el.select(*options, **props)


def form_actions(submit_label, close_label=None, color_scheme: str = "") -> rx.Component:
    """A dialog form's buttons: submit, and one that closes the dialog without saving ("Close"
    unless `close_label` says otherwise); the labels are given translated (`t("Save")`)."""
    submit_props = {"color_scheme": color_scheme} if color_scheme else {}
    return rx.flex(
        rx.button(submit_label, type="submit", **submit_props),
        rx.dialog.close(
            rx.button(t("Close") if close_label is None else close_label, variant="soft", type="button")
        ),
        spacing="2",
    )


def reason_dialog(
    *,
    title,
    description,
    reason_id: str,
    error,
    confirm_label,
    on_submit,
    open,
    on_open_change,
) -> rx.Component:
    """A confirmation dialog that asks why (cancelling a lecture, archiving an edition): the
    reason is sent as the form's `reason` field; "Keep it" closes without a change. The title,
    description and confirm label are given translated (`t("…")`)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.dialog.description(description, size="2"),
            rx.form(
                rx.vstack(
                    labeled(
                        t("Reason"),
                        rx.text_area(name="reason", id=reason_id, width="100%"),
                        reason_id,
                        error,
                    ),
                    form_actions(confirm_label, t("Keep it"), color_scheme="red"),
                    spacing="3",
                ),
                on_submit=on_submit,
            ),
        ),
        open=open,
        on_open_change=on_open_change,
    )


def new_password_fields(errors) -> rx.Component:
    """A new password and its repetition (password change, reset, invitation): the same names
    (`new_password`, `repeat_password`), hint and autocomplete everywhere; `errors` is the
    state's field → reason dict."""
    return rx.fragment(
        text_field(
            t("New password"),
            "new_password",
            errors.get("new_password", ""),
            type_="password",
            auto_complete="new-password",
            hint=t("10 to 256 characters."),
        ),
        text_field(
            t("Repeat new password"),
            "repeat_password",
            errors.get("repeat_password", ""),
            type_="password",
            auto_complete="new-password",
        ),
    )


def checkbox_choice(name, label, checked, field_id, key) -> rx.Component:
    """A native checkbox with its visible label (given translated), sent as form field `name` when ticked;
    `key` makes React draw it anew when what it shows changes (another edition's switches)."""
    return rx.flex(
        rx.el.input(type="checkbox", name=name, id=field_id, default_checked=checked, key=key),
        rx.el.label(label, html_for=field_id),
        spacing="2",
        align="center",
    )
