"""/secretariat/audit: the audit trail, newest first, filtered by cohort, action, actor and
period, exported to CSV. Read only."""

import reflex as rx

from champions.components.forms import dropdown, labeled
from champions.components.i18n import t
from champions.components.layout import table_region, template
from champions.components.secretariat import SELECT_STYLE
from champions.state.audit_admin import PAGE_SIZE
from champions.state.audit_admin import AuditState as S


def _filter(label, key: str, everything, options) -> rx.Component:
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


def _text(label, key: str, type_: str = "text", hint=None) -> rx.Component:
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
            # A component, not a text: `labeled` asks whether there is a hint with Python's `if`.
            rx.fragment(hint) if hint is not None else "",
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
        # The entry's table and row ("application 12"): identifiers, like the action, so shown as code.
        rx.table.cell(rx.code(row.entity)),
        rx.table.cell(row.reason),
        rx.table.cell(
            rx.el.details(
                rx.el.summary(t("Before and after")),
                rx.text(t("Before"), size="1", weight="bold"),
                rx.code(row.before, white_space="pre-wrap"),
                rx.text(t("After"), size="1", weight="bold"),
                rx.code(row.after, white_space="pre-wrap"),
            ),
            max_width="28rem",
        ),
    )


def _page_label() -> rx.Var[str]:
    """Which entries show, of how many ("Entries 1–50 of 120"), in the viewer's language: the
    numbers as AuditState.page_label computes them."""
    end = (S.page + 1) * PAGE_SIZE
    return t(
        "Entries {first}–{last} of {total}",
        first=rx.cond(S.total > 0, S.page * PAGE_SIZE + 1, 0),
        last=rx.cond(S.total < end, S.total, end),
        total=S.total,
    )


@template
def secretariat_audit() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Audit log"), size="7", as_="h1"),
        rx.text(
            t(
                "Every change by the secretariat or a mentor that affects a participant: who, what, when, "
                "before and after. Entries cannot be edited or deleted."
            ),
            size="2",
            color_scheme="gray",
        ),
        rx.flex(
            _filter(t("Cohort"), "cohort", t("All cohorts"), S.cohorts),
            _filter(t("Action"), "action", t("All actions"), S.actions),
            _text(t("Actor name or email"), "actor", hint=t("Applied when you leave the field.")),
            _text(t("From (UTC day)"), "since", "date"),
            _text(t("To (UTC day)"), "until", "date"),
            gap="3",
            wrap="wrap",
            align="start",
        ),
        rx.flex(
            rx.text(_page_label(), size="2", data_testid="audit-count"),
            rx.button(t("Newer"), on_click=S.turn_page(-1), disabled=S.page == 0, variant="soft", size="1"),
            rx.button(t("Older"), on_click=S.turn_page(1), disabled=~S.has_next, variant="soft", size="1"),
            rx.button(t("Export CSV"), on_click=S.export, variant="outline", size="1"),
            gap="3",
            align="center",
            wrap="wrap",
        ),
        table_region(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("When")),
                        rx.table.column_header_cell(t("Who")),
                        rx.table.column_header_cell(t("Cohort")),
                        rx.table.column_header_cell(t("Action")),
                        rx.table.column_header_cell(t("Entity")),
                        rx.table.column_header_cell(t("Reason")),
                        rx.table.column_header_cell(t("Change")),
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
