"""The participant's Phase 1 page: progress, the lecture schedule (own zone and Seoul time),
check-in, reflections on recordings, the workshops, and the calendar file."""

import reflex as rx

from champions.components.ceremony import ceremony_card
from champions.components.forms import field_error, form_banner, invalid_when
from champions.components.i18n import t, t_var, tn
from champions.components.layout import template
from champions.services.phase1.reflections import REFLECTION_MIN_WORDS
from champions.state.ceremony import CeremonyState
from champions.state.schedule import ScheduleState as S


def _summary() -> rx.Var:
    """ "4 of 6 attended; 1 more needed." (Progress.summary) in the page's language."""
    attended = t("{counted} of {total} attended", counted=S.counted, total=S.total)
    attended = rx.cond(
        S.by_recording > 0,
        t("{attended} (including {count} by recording)", attended=attended, count=S.by_recording),
        attended,
    )
    return rx.cond(
        S.complete,
        t("{attended}; Phase 1 complete.", attended=attended),
        tn(
            "{attended}; {count} more needed.",
            "{attended}; {count} more needed.",
            S.needed,
            attended=attended,
        ),
    )


def _possible(line) -> rx.Component:
    """A line of what the participant can still do (views.PossibleLine)."""
    return rx.el.li(
        rx.match(
            line.kind,
            (
                "complete",
                t("Phase 1 complete: you can join a Phase 2 team (Phase 2 starts {day}).", day=line.when),
            ),
            ("upcoming", tn("{count} lecture still to come.", "{count} lectures still to come.", line.count)),
            (
                "recoverable",
                t(
                    "'{title}' can still count through a reflection on its recording (due {when}).",
                    title=line.title,
                    when=line.when,
                ),
            ),
            t(
                "With what is left you cannot reach {count} lectures; please talk to the secretariat.",
                count=line.count,
            ),
        )
    )


def _notice() -> rx.Var:
    return rx.cond(
        S.notice_status == "",
        t("The lecture schedule is for accepted participants. You have not applied yet."),
        t(
            "The lecture schedule is for accepted participants; your application is {status}.",
            status=t_var(S.notice_status),
        ),
    )


def _progress() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("My Phase 1 progress"), size="4", as_="h2"),
            rx.text(_summary(), size="4", weight="medium", data_testid="phase1-summary"),
            rx.el.progress(
                value=S.counted,
                max=S.required,
                aria_label=t("Lectures counted towards Phase 1"),
                style={"width": "100%", "height": "0.8rem"},
            ),
            rx.el.ul(rx.foreach(S.possible_lines, _possible)),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _check_in_form(lecture, kind: str = "lecture") -> rx.Component:
    """Check in to a lecture, or (kind "workshop") to a workshop session."""
    key = ("w" if kind == "workshop" else "") + lecture["id"]
    control_id = "code-" + key
    return rx.form(
        rx.el.input(type="hidden", name="lecture_id", value=lecture["id"]),
        rx.el.input(type="hidden", name="kind", value=kind),
        rx.vstack(
            rx.el.label(t("Check-in code"), html_for=control_id, style={"font_weight": "500"}),
            rx.hstack(
                rx.input(
                    name="code",
                    id=control_id,
                    autocomplete="off",
                    max_length=32,
                    style={"text_transform": "uppercase"},
                    custom_attrs=invalid_when(S.checkin_errors.get(key, ""), control_id + "-error"),
                ),
                rx.button(t("Check in"), type="submit"),
                spacing="2",
            ),
            field_error(S.checkin_errors.get(key, ""), control_id + "-error"),
            spacing="1",
        ),
        on_submit=S.check_in,
        reset_on_submit=True,
    )


def _reflection_form(lecture) -> rx.Component:
    control_id = "reflection-" + lecture["id"]
    return rx.form(
        rx.el.input(type="hidden", name="lecture_id", value=lecture["id"]),
        rx.vstack(
            rx.el.label(
                t("My reflection on the recording"), html_for=control_id, style={"font_weight": "500"}
            ),
            rx.text(
                tn(
                    "At least {count} word, due {date}.",
                    "At least {count} words, due {date}.",
                    REFLECTION_MIN_WORDS,
                    date=lecture["reflection_due"],
                ),
                size="1",
                color_scheme="gray",
            ),
            rx.text_area(
                name="text", id=control_id, rows="6", width="100%", default_value=lecture["reflection_text"]
            ),
            field_error(S.reflection_errors.get(lecture["id"], "")),
            rx.button(t("Submit reflection"), type="submit", variant="outline"),
            spacing="1",
            width="100%",
        ),
        on_submit=S.submit_reflection,
        width="100%",
    )


def _lecture(lecture) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(
                    rx.cond(
                        lecture["number"] != "",
                        t("Lecture {number}: {title}", number=lecture["number"], title=lecture["title"]),
                        lecture["title"],
                    ),
                    size="4",
                    as_="h3",
                ),
                rx.cond(lecture["is_next"] != "", rx.badge(t("Next"), color_scheme="teal", size="2")),
                rx.cond(
                    lecture["status"] != "", rx.badge(t_var(lecture["status"]), size="2", variant="surface")
                ),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                lecture["cancelled"] != "", rx.text(lecture["cancelled"], color_scheme="red", weight="bold")
            ),
            rx.text(lecture["speaker"], color_scheme="gray"),
            rx.text(rx.text.strong(t("Your time:")), " ", lecture["when_local"]),
            rx.cond(
                lecture["when_seoul"] != "",
                rx.text(rx.text.strong(t("Seoul time:")), " ", lecture["when_seoul"]),
            ),
            rx.text(
                rx.text.strong(t("Mode:")),
                " ",
                t_var(lecture["mode"]),
                rx.cond(lecture["venue"] != "", rx.fragment(" · ", lecture["venue"])),
            ),
            rx.cond(lecture["description"] != "", rx.text(lecture["description"], size="2")),
            rx.cond(
                lecture["join_url"] != "",
                rx.link(t("Join the lecture"), href=lecture["join_url"], is_external=True, weight="bold"),
            ),
            rx.cond(
                lecture["recording_url"] != "",
                rx.link(t("Watch the recording"), href=lecture["recording_url"], is_external=True),
            ),
            rx.cond(lecture["can_check_in"] != "", _check_in_form(lecture)),
            rx.cond(
                lecture["reflection_state"] != "", rx.text(lecture["reflection_state"], color_scheme="blue")
            ),
            rx.cond(lecture["can_reflect"] != "", _reflection_form(lecture)),
            rx.cond(
                lecture["reflection_note"] != "",
                rx.text(lecture["reflection_note"], size="2", color_scheme="gray"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="lecture-" + lecture["id"],
    )


def _session(w, when) -> rx.Component:
    """ "Mon 2 May 2022, 14:00–17:00 KST · hybrid · Seoul Global Center" (session_text), the
    mode in the page's language."""
    return rx.fragment(
        when,
        " · ",
        t_var(w["session_mode"]),
        rx.cond(w["session_venue"] != "", rx.fragment(" · ", w["session_venue"])),
    )


def _workshop(w) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(
                    t("Workshop {position}: {title}", position=w["position"], title=w["name"]),
                    size="4",
                    as_="h3",
                ),
                rx.cond(w["status"] != "", rx.badge(t_var(w["status"]), size="2", variant="surface")),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                w["session"] != "",
                rx.vstack(
                    rx.text(rx.text.strong(t("Session (your time):")), " ", _session(w, w["session_when"])),
                    rx.cond(
                        w["session_seoul"] != "",
                        rx.text(rx.text.strong(t("Seoul time:")), " ", _session(w, w["session_when_seoul"])),
                    ),
                    spacing="1",
                ),
                rx.text(t("Session: date to be announced."), color_scheme="gray"),
            ),
            rx.text(
                t("Submissions open {opens}; deadline {deadline}", opens=w["opens"], deadline=w["deadline"]),
                rx.cond(w["deadline_seoul"] != "", rx.fragment(" (", w["deadline_seoul"], ")")),
                size="2",
            ),
            rx.cond(
                w["join_url"] != "",
                rx.link(t("Join the workshop"), href=w["join_url"], is_external=True, weight="bold"),
            ),
            rx.cond(w["can_check_in"] != "", _check_in_form(w, "workshop")),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="workshop-" + w["id"],
    )


def _workshops() -> rx.Component:
    return rx.cond(
        S.workshops.length() > 0,
        rx.vstack(
            rx.heading(t("Phase 2 workshops"), size="5", as_="h2"),
            rx.foreach(S.workshops, _workshop),
            spacing="3",
            width="100%",
        ),
    )


@template
def schedule() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Phase 1 lectures"), size="7", as_="h1"),
        ceremony_card(CeremonyState.ceremony),
        rx.cond(
            S.notice != "",
            rx.text(_notice()),
            rx.cond(
                S.loaded,
                rx.vstack(
                    rx.text(
                        S.cohort,
                        " · ",
                        t("times in your zone ({zone}) and in Seoul time", zone=S.zone),
                        color_scheme="gray",
                    ),
                    _progress(),
                    form_banner(t_var(S.error)),
                    form_banner(t_var(S.message), color="green"),
                    rx.cond(S.next_up != "", rx.text(rx.text.strong(t("Next lecture:")), " ", S.next_up)),
                    rx.button(
                        t("Download the calendar (.ics)"), on_click=S.download_calendar, variant="outline"
                    ),
                    rx.foreach(S.lectures, _lecture),
                    _workshops(),
                    spacing="4",
                    width="100%",
                ),
                rx.text(t("Loading your schedule…")),
            ),
        ),
        spacing="4",
        width="100%",
    )
