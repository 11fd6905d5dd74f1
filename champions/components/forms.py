"""Form pieces: every control has a visible label and its error right under it,
announced to screen readers (role="alert")."""

import reflex as rx


def field_error(message) -> rx.Component:
    return rx.cond(
        message != "",
        rx.text(message, color_scheme="red", size="2", role="alert"),
    )


def labeled(label: str, control: rx.Component, control_id: str, error="", hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=control_id, style={"font_weight": "500"}),
        control,
        rx.cond(hint != "", rx.text(hint, size="1", color_scheme="gray")) if hint else rx.fragment(),
        field_error(error),
        spacing="1",
        width="100%",
        align="stretch",
    )


def text_field(label: str, name: str, error="", type_: str = "text", hint: str = "", **props) -> rx.Component:
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
        rx.callout(message, color_scheme=color, role="alert" if color == "red" else "status", width="100%"),
    )


def dropdown(*options, **props) -> rx.Component:
    """A native <select> (keyboard and screen-reader friendly on every device); give it a
    visible label with `labeled` or an `aria_label`."""
    return rx.el.select(*options, **props)
