"""/secretariat/audit: the audit trail, newest first, filtered by cohort, action, actor and
period, exported to CSV. Read only."""

import reflex as rx

from champions.components.forms import dropdown, labeled
from champions.components.layout import table_region, template
from champions.components.secretariat import SELECT_STYLE
from champions.state.audit_admin import AuditState as S


def _filter(label: str, key: str, everything: str, options) -> rx.Component:
    control_id = f"audit_{key}"
    return rx.box(
        labeled(
            label,
            dropdown(
                rx.el.option(everything, value=""),
                rx.foreach(options, lambda o: rx.el.option(o, value=o)),
                id=control_id,
                value=S.filters[key],
                on_change=lambda v: S.set_filter(key, v),
                style=SELECT_STYLE,
            ),
            control_id,
        ),
        min_width="11rem",
    )


def _text(label: str, key: str, type_: str = "text", hint: str = "") -> rx.Component:
    control_id = f"audit_{key}"
    handler = (
        {"on_change": lambda v: S.set_filter(key, v)}
        if type_ == "date"
        else {"on_blur": lambda v: S.set_filter(key, v)}
    )
    return rx.box(
        labeled(
            label,
            rx.input(id=control_id, type=type_, default_value=S.filters[key], **handler),
            control_id,
            S.errors.get(key, ""),
            hint,
        ),
        min_width="11rem",
    )


def _entry(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.text(row.at, size="2"),
            rx.cond(row.at_seoul != "", rx.text(row.at_seoul, size="1", color_scheme="gray")),
        ),
        rx.table.cell(rx.text(row.actor, size="2"), rx.text(row.actor_email, size="1", color_scheme="gray")),
        rx.table.cell(row.cohort),
        rx.table.row_header_cell(rx.code(row.action)),
        rx.table.cell(row.entity),
        rx.table.cell(row.reason),
        rx.table.cell(
            rx.el.details(
                rx.el.summary("Before and after"),
                rx.text("Before", size="1", weight="bold"),
                rx.code(row.before, white_space="pre-wrap"),
                rx.text("After", size="1", weight="bold"),
                rx.code(row.after, white_space="pre-wrap"),
            ),
            max_width="28rem",
        ),
    )


@template
def secretariat_audit() -> rx.Component:
    return rx.vstack(
        rx.heading("Audit log", size="7", as_="h1"),
        rx.text(
            "Every change by the secretariat or a mentor that affects a participant: who, what, when, "
            "before and after. Entries cannot be edited or deleted.",
            size="2",
            color_scheme="gray",
        ),
        rx.flex(
            _filter("Cohort", "cohort", "All cohorts", S.cohorts),
            _filter("Action", "action", "All actions", S.actions),
            _text("Actor name or email", "actor", hint="Applied when you leave the field."),
            _text("From (UTC day)", "since", "date"),
            _text("To (UTC day)", "until", "date"),
            gap="3",
            wrap="wrap",
            align="start",
        ),
        rx.flex(
            rx.text(S.page_label, size="2", data_testid="audit-count"),
            rx.button("Newer", on_click=S.turn_page(-1), disabled=S.page == 0, variant="soft", size="1"),
            rx.button("Older", on_click=S.turn_page(1), disabled=~S.has_next, variant="soft", size="1"),
            rx.button("Export CSV", on_click=S.export, variant="outline", size="1"),
            gap="3",
            align="center",
            wrap="wrap",
        ),
        table_region(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(h)
                            for h in ("When", "Who", "Cohort", "Action", "Entity", "Reason", "Change")
                        ]
                    )
                ),
                rx.table.body(rx.foreach(S.rows, _entry)),
                size="1",
                width="100%",
            ),
            "Audit log entries",
            data_testid="audit-table",
        ),
        spacing="4",
        width="100%",
    )
