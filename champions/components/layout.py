"""The page template: header with navigation by role, main content, footer."""

from collections.abc import Callable
from functools import wraps

import reflex as rx

from champions.state.auth import AuthState
from champions.state.contacts import ContactsState

NAV = {
    "": [("Home", "/"), ("Register", "/register"), ("Log in", "/login")],
    "participant": [
        ("My application", "/my-application"),
        ("Lectures", "/schedule"),
        ("My team", "/team"),
        ("Awards", "/awards"),
    ],
    "mentor": [("Mentor home", "/mentor")],
    "secretariat": [
        ("Dashboard", "/secretariat"),
        ("Applications", "/secretariat/applications"),
        ("Lectures", "/secretariat/lectures"),
        ("Roster", "/secretariat/roster"),
        ("Progress", "/secretariat/progress"),
        ("Workshops", "/secretariat/workshops"),
        ("Teams", "/secretariat/teams"),
        ("Judging", "/secretariat/judging"),
        ("Results", "/secretariat/results"),
        ("Awards", "/secretariat/awards"),
        ("Mentors", "/secretariat/mentors"),
        ("Audit", "/secretariat/audit"),
        ("Outbox", "/secretariat/outbox"),
        ("Settings", "/secretariat/settings"),
    ],
}


def _links(items: list[tuple[str, str]]) -> rx.Component:
    return rx.hstack(
        *[rx.link(label, href=href, size="3", weight="medium") for label, href in items],
        spacing="4",
        wrap="wrap",
    )


def navigation() -> rx.Component:
    return rx.el.nav(
        rx.match(
            AuthState.user_role,
            ("participant", _links(NAV["participant"])),
            ("mentor", _links(NAV["mentor"])),
            ("secretariat", _links(NAV["secretariat"])),
            _links(NAV[""]),
        ),
        aria_label="Main",
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.flex(
            rx.link(
                rx.heading("Smart City Champions", size="5", as_="span"),
                href="/",
                underline="none",
            ),
            navigation(),
            rx.cond(
                AuthState.user_role != "",
                rx.hstack(
                    rx.link(AuthState.user_name, href="/account", size="2"),
                    rx.button("Log out", on_click=AuthState.logout, variant="soft", size="2"),
                    align="center",
                    spacing="3",
                ),
            ),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="3",
        ),
        style={"padding": "0.75rem 1rem", "border_bottom": "1px solid var(--gray-5)"},
    )


def _named_links(links) -> rx.Component:
    return rx.foreach(
        links,
        lambda link: rx.cond(
            link.url != "",
            rx.link(link.name, href=link.url, is_external=True, size="1"),
            rx.text(link.name, size="1", as_="span"),
        ),
    )


def contacts_block(size: str = "1") -> rx.Component:
    """The program's contacts and partners (what the secretariat set; nothing when empty)."""
    c = ContactsState.contacts
    return rx.vstack(
        rx.cond(
            (c.email != "") | (c.phone != "") | (c.website != ""),
            rx.flex(
                rx.text("Contact the secretariat:", size=size, weight="medium"),
                rx.cond(c.email != "", rx.link(c.email, href="mailto:" + c.email, size=size)),
                rx.cond(c.phone != "", rx.link(c.phone, href="tel:" + c.phone, size=size)),
                rx.cond(
                    c.website != "", rx.link("Official website", href=c.website, is_external=True, size=size)
                ),
                _named_links(c.social),
                spacing="3",
                wrap="wrap",
                justify="center",
            ),
        ),
        rx.cond(c.address != "", rx.text(c.address, size=size, white_space="pre-line")),
        rx.cond(
            c.partners.length() > 0,
            rx.flex(
                rx.text("Partners:", size=size, weight="medium"),
                _named_links(c.partners),
                spacing="3",
                wrap="wrap",
                justify="center",
            ),
        ),
        spacing="1",
        align="center",
    )


def layout(content: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        header(),
        rx.el.main(
            content,
            id="main",
            style={"max_width": "70rem", "margin": "0 auto", "padding": "1.5rem 1rem 3rem"},
        ),
        rx.el.footer(
            rx.vstack(
                contacts_block(),
                rx.text(
                    "A program of WeGO, the World Smart Sustainable Cities Organization · ",
                    rx.link("Privacy notice", href="/privacy"),
                    size="1",
                    color_scheme="gray",
                ),
                spacing="2",
                align="center",
            ),
            on_mount=ContactsState.load,
            style={"padding": "1rem", "text_align": "center"},
        ),
    )


def template(page: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
    """Decorator: wrap a page's content in the common layout."""

    @wraps(page)
    def wrapped() -> rx.Component:
        return layout(page())

    return wrapped
