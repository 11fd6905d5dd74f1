"""The program's contacts: the secretariat's email, phone, address, official website and social
links, and the partners with their links. One row; shown in every page's footer and on the
landing page; its email is the Reply-To of every email the app sends."""

import json
import re
from dataclasses import dataclass, field

from sqlmodel import Session, select

from champions.infra.links import is_web_address
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import N_
from champions.models import ProgramSettings, User
from champions.models._time import utcnow
from champions.services.accounts.accounts import email_problems, normalize_email
from champions.services.audit import record_audit

MAX_LINKS = 20
_PHONE = re.compile(r"\A\+?[0-9 ()./-]{5,40}\Z")


@dataclass(frozen=True)
class NamedLink:
    name: str
    url: str  # "" for a partner without a website


@dataclass(frozen=True)
class Contacts:
    email: str = ""
    phone: str = ""
    address: str = ""
    website: str = ""
    social: list[NamedLink] = field(default_factory=list)
    partners: list[NamedLink] = field(default_factory=list)


@dataclass(frozen=True)
class ContactsForm:
    """What the settings form sends, as text. `social` and `partners` hold one link a line:
    "Name | https://…" (a partner's link may be left out)."""

    email: str = ""
    phone: str = ""
    address: str = ""
    website: str = ""
    social: str = ""
    partners: str = ""

    @classmethod
    def from_form_data(cls, data) -> "ContactsForm":
        data = data if isinstance(data, dict) else {}
        return cls(
            **{
                name: data[name] if isinstance(data.get(name), str) else ""
                for name in cls.__dataclass_fields__
            }
        )


def _links_text(links: list[NamedLink]) -> str:
    return "\n".join(f"{link.name} | {link.url}" if link.url else link.name for link in links)


def contacts_form(contacts: Contacts) -> ContactsForm:
    """The form filled with the saved contacts."""
    return ContactsForm(
        contacts.email,
        contacts.phone,
        contacts.address,
        contacts.website,
        _links_text(contacts.social),
        _links_text(contacts.partners),
    )


def _parse_links(
    text: str, field_name: str, too_many: str, url_required: bool
) -> tuple[list[NamedLink], list[Reason]]:
    links, reasons = [], []
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if len(lines) > MAX_LINKS:
        return [], [Reason("too_many", too_many, field_name, values={"max": MAX_LINKS})]
    for number, line in enumerate(lines, start=1):
        name, _, url = (part.strip() for part in line.partition("|"))
        if not name:
            reasons.append(
                Reason(
                    "required",
                    "Line {number}: write the name before the '|'.",
                    field_name,
                    values={"number": number},
                )
            )
        elif len(name) > 120:
            reasons.append(
                Reason(
                    "too_long",
                    "Line {number}: use at most 120 characters for the name.",
                    field_name,
                    values={"number": number},
                )
            )
        elif (url or url_required) and not is_web_address(url):
            reasons.append(
                Reason(
                    "invalid_url",
                    "Line {number}: after the '|', enter a full web address starting with https://.",
                    field_name,
                    values={"number": number},
                )
            )
        else:
            links.append(NamedLink(name, url))
    return links, reasons


def check_contacts(form: ContactsForm) -> Contacts:
    """Parse and check the form. Raises RuleViolation with the reasons by field."""
    reasons: list[Reason] = []
    email = normalize_email(form.email)
    if email:
        reasons += [
            Reason(r.code, "Enter a valid email address, like secretariat@example.org.", "email")
            for r in email_problems(email)
        ]
    phone = form.phone.strip()
    if phone and not _PHONE.match(phone):
        reasons.append(
            Reason("invalid_phone", "Enter the phone number with digits, like +82 2 720 2934.", "phone")
        )
    address = form.address.strip()
    if len(address) > 500:
        reasons.append(Reason("too_long", "Use at most 500 characters.", "address"))
    website = form.website.strip()
    if website and not is_web_address(website):
        reasons.append(Reason("invalid_url", "Enter a full web address starting with https://.", "website"))
    social, problems = _parse_links(
        form.social, "social", N_("List at most {max} social links."), url_required=True
    )
    reasons += problems
    partners, problems = _parse_links(
        form.partners, "partners", N_("List at most {max} partners."), url_required=False
    )
    reasons += problems
    if reasons:
        raise RuleViolation(reasons)
    return Contacts(email, phone, address, website, social, partners)


def _row(session: Session) -> ProgramSettings | None:
    return session.exec(select(ProgramSettings).order_by(ProgramSettings.id)).first()


def _links(stored: str) -> list[NamedLink]:
    try:
        items = json.loads(stored or "[]")
    except ValueError:
        return []
    return [NamedLink(str(i.get("name", "")), str(i.get("url", ""))) for i in items if isinstance(i, dict)]


def program_contacts(*, session: Session) -> Contacts:
    """The saved contacts (all empty before the secretariat sets them). Reads only."""
    row = _row(session)
    if row is None:
        return Contacts()
    return Contacts(
        row.email, row.phone, row.address, row.website, _links(row.social_links), _links(row.partners)
    )


def reply_to_address(*, session: Session) -> str:
    """The secretariat's email, the Reply-To of the app's emails ("" when not set)."""
    return program_contacts(session=session).email


def _snapshot(contacts: Contacts) -> dict:
    return {
        "email": contacts.email,
        "phone": contacts.phone,
        "address": contacts.address,
        "website": contacts.website,
        "social": [[link.name, link.url] for link in contacts.social],
        "partners": [[link.name, link.url] for link in contacts.partners],
    }


def save_contacts(*, session: Session, actor: User, contacts: Contacts) -> Contacts:
    """Replace the program's contacts with checked ones (`check_contacts`). Audited with the
    before and after values. Flushes; the caller commits."""
    before = program_contacts(session=session)
    row = _row(session) or ProgramSettings()
    row.email, row.phone, row.address, row.website = (
        contacts.email,
        contacts.phone,
        contacts.address,
        contacts.website,
    )
    row.social_links = json.dumps(
        [{"name": x.name, "url": x.url} for x in contacts.social], ensure_ascii=False
    )
    row.partners = json.dumps([{"name": x.name, "url": x.url} for x in contacts.partners], ensure_ascii=False)
    row.updated_at, row.updated_by = utcnow(), actor.id
    session.add(row)
    record_audit(
        session=session,
        actor_id=actor.id,
        action="contacts_updated",
        entity="program_settings",
        entity_id=1,
        before=_snapshot(before),
        after=_snapshot(contacts),
    )
    session.flush()
    return contacts


def settings_form(*, session: Session) -> ContactsForm:
    """The settings form filled with the saved contacts. Reads only."""
    return contacts_form(program_contacts(session=session))


def update_contacts(*, session: Session, actor_id: int, form: ContactsForm) -> Contacts:
    """Check the form (RuleViolation by field, nothing saved) and save it. Flushes."""
    return save_contacts(session=session, actor=session.get(User, actor_id), contacts=check_contacts(form))
