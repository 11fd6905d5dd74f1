"""The demo data: the 2022 cohort (past, complete) and a current edition open for
registration, with dates relative to today. Loading is idempotent."""

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from champions.demo.awards import seed_awards
from champions.demo.judging import seed_judging
from champions.demo.phase1 import schedule_sessions, seed_phase1
from champions.demo.phase2 import seed_phase2, seed_phase2_extras
from champions.models import Application, ApplicationStatus, Cohort, Role, User
from champions.services.accounts.accounts import find_user_by_email
from champions.services.program.contacts import Contacts, NamedLink, program_contacts, save_contacts
from champions.services.registration.eligibility import check_cohort_eligibility

DEMO_PASSWORD = "champions-demo"
SECRETARIAT_EMAIL = "secretariat@champions.example"
PARTICIPANT_EMAIL = "participant@champions.example"
# The demo shows the interface in Korean and in Arabic (right to left): the participant and one
# mentor have chosen them; everyone else has not chosen (their browser's language, else English).
DEMO_LANGUAGES = {PARTICIPANT_EMAIL: "ko", "mentor3@champions.example": "ar"}

# (name, country, city): WeGO member cities of 2022 (../shared/data/wego-member-cities-2022.csv)
# across the five regions, names in their scripts.
APPLICANTS = [
    ("김민준", "KR", "Seoul"),
    ("이서연", "KR", "Seoul"),
    ("박지훈", "KR", "Goyang"),
    ("王芳", "CN", "Chengdu"),
    ("陈伟", "CN", "Ningbo"),
    ("Nguyễn Thị Hương", "VN", "Ha Noi"),
    ("Trần Văn Đức", "VN", "Da Nang"),
    ("Бат-Эрдэнэ Ганбаатар", "MN", "Ulaanbaatar"),
    ("Siti Nurhaliza", "ID", "Jakarta"),
    ("Maria Santos", "PH", "Makati"),
    ("नेहा शर्मा", "IN", "Agra"),
    ("Aarav Shrestha", "NP", "Kathmandu"),
    ("Dilnoza Karimova", "UZ", "Tashkent"),
    ("Aizada Bekova", "KZ", "Nur-Sultan"),
    ("Nurlan Ospanov", "KZ", "Almaty"),
    ("Tan Wei Ming", "MY", "Penang Island"),
    ("Kavindi Perera", "LK", "Sri Jayawardenapura Kotte"),
    ("Somchai Phongsri", "TH", "Bangkok"),
    ("محمد العلي", "IQ", "Erbil"),
    ("ليلى حداد", "PS", "Ramallah"),
    ("Ahmet Yılmaz", "TR", "Beyoğlu"),
    ("Zeynep Kaya", "TR", "Gaziantep"),
    ("فاطمة الزهراء", "TN", "Tunis"),
    ("Omar Al-Farsi", "OM", "Muscat"),
    ("سارة الكعبي", "AE", "Abu Dhabi"),
    ("Hamid Rahimi", "IR", "Isfahan"),
    ("Abebe Bikila Tesfaye", "ET", "Addis Ababa"),
    ("Grace Uwase", "RW", "Kigali"),
    ("Wanjiru Kamau", "KE", "Nairobi"),
    ("Joseph Okello", "UG", "Kampala"),
    ("Kwame Mensah", "GH", "Accra"),
    ("Chiamaka Okafor", "NG", "Abuja"),
    ("Fatou Diop", "SN", "Dakar"),
    ("Youssef Benali", "MA", "Rabat"),
    ("Thandiwe Nkosi", "ZA", "Tshwane"),
    ("Amani Mwakyusa", "TZ", "Dar es Salaam"),
    ("Анна Иванова", "RU", "Vladivostok"),
    ("Дмитрий Соколов", "RU", "Moscow"),
    ("Алена Ковалёва", "BY", "Minsk"),
    ("Maria Popescu", "RO", "Bucharest"),
    ("Sophie Janssens", "BE", "Brussels"),
    ("Daan de Vries", "NL", "Rotterdam"),
    ("Zoë Müller", "DE", "Berlin"),
    ("Jürgen Weiß", "DE", "Frankfurt"),
    ("Elif Şahin", "TR", "Ankara"),
    ("Leyla Məmmədova", "AZ", "Baku"),
    ("Narges Karimi", "IR", "Shiraz"),
    ("Émile Dubois", "FR", "Paris"),
    ("João Pereira", "BR", "São Paulo"),
    ("Ana Beatriz Souza", "BR", "Porto Alegre"),
    ("Valentina Gómez", "VE", "Caracas"),
    ("Santiago Rodríguez", "PY", "Asunción"),
    ("Camila Torres", "PE", "Lima"),
    ("Mateo Fernández", "AR", "San Antonio de Areco"),
    ("Sofía Hernández", "MX", "Mexico City"),
    ("Diego Morales", "PE", "Cusco"),
    ("Isabella Rojas", "DO", "Villa Tapia"),
    ("Emily Johnson", "US", "Pittsburgh"),
    ("Liam Walker", "NZ", "Wellington"),
    ("Andrés Castillo", "CR", "Buenos Aires"),
]
FIELDS = [
    "Urban planning",
    "Computer science",
    "Civil engineering",
    "Public policy",
    "Architecture",
    "Data science",
    "Environmental science",
    "Sociology",
]
AFFILIATIONS = [
    "National University",
    "Institute of Technology",
    "City Youth Council",
    "University of Applied Sciences",
    "Smart City Lab",
]
MOTIVATION = (
    "I grew up in {city} and I see every day how transport, safety and public services shape "
    "the lives of young people, women, older residents and people with disabilities. I want to "
    "learn how data, sensors and open platforms can make my city safer and more inclusive, "
    "and to work with peers from other WeGO cities on a solution we can pilot together. "
    "Smart City Champions is the program where I can learn from experts, build a team and "
    "turn an idea into a project that matters for my neighbourhood."
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def demo_logins() -> list[DemoLogin]:
    return [
        DemoLogin("secretariat", SECRETARIAT_EMAIL, DEMO_PASSWORD),
        *[DemoLogin("mentor", f"mentor{i}@champions.example", DEMO_PASSWORD) for i in range(1, 7)],
        DemoLogin("participant (2022, accepted)", PARTICIPANT_EMAIL, DEMO_PASSWORD),
    ]


def cohort_2022() -> Cohort:
    return Cohort(
        name="2022",
        title="Smart City Champions 2022",
        # Launched on 23 February 2022; registration closes the day before Phase 1 starts.
        registration_opens=date(2022, 2, 23),
        registration_closes=date(2022, 3, 3),
        phase1_start=date(2022, 3, 4),
        phase1_end=date(2022, 4, 24),
        phase2_start=date(2022, 4, 25),
        phase2_end=date(2022, 6, 12),
        ceremony_date=date(2022, 12, 8),
        capacity=45,
        consent_version="2022-01",
    )


def current_edition(today: date) -> Cohort:
    """An edition whose registration is open today, so a newcomer can follow the live flow."""
    phase1_start = today + timedelta(days=37)
    return Cohort(
        name=str(phase1_start.year),
        title=f"Smart City Champions {phase1_start.year}",
        registration_opens=today - timedelta(days=14),
        registration_closes=today + timedelta(days=30),
        phase1_start=phase1_start,
        phase1_end=phase1_start + timedelta(days=51),
        phase2_start=phase1_start + timedelta(days=52),
        phase2_end=phase1_start + timedelta(days=100),
        ceremony_date=date(phase1_start.year + (phase1_start.month > 8), 12, 10),
        capacity=60,
        consent_version="2022-01",
    )


# The secretariat decided every application on 3 March 2022, before Phase 1 started.
DECIDED = datetime(2022, 3, 3, 9, tzinfo=UTC)


def _status_for(index: int) -> ApplicationStatus:
    if index < 40:
        return ApplicationStatus.ACCEPTED
    return [
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.WITHDRAWN,
    ][index % 4]


def seed_demo(*, session: Session, password_hash: str, today: date) -> bool:
    """Load the demo cohorts, accounts, lecture schedules and 2022 attendance, each part unless
    it exists. Returns False when nothing was missing.
    `password_hash` is the argon2 hash of DEMO_PASSWORD (hashed once by the caller)."""
    existing = session.exec(select(Cohort).where(Cohort.name == "2022")).first()
    if existing is not None:
        # A database seeded by an earlier version gets the parts added since.
        return _seed_later_parts(session, existing, today)
    rng = random.Random(2022)
    cohort = cohort_2022()
    session.add(cohort)
    current = current_edition(today)
    if session.exec(select(Cohort).where(Cohort.name == current.name)).first() is None:
        session.add(current)
    session.add(
        User(
            email=SECRETARIAT_EMAIL,
            full_name="WeGO Secretariat",
            role=Role.SECRETARIAT,
            password_hash=password_hash,
        )
    )
    mentor_names = [
        "Dr. Hye-jin Park",
        "Prof. Carlos Mendes",
        "Dr. Amina Yusuf",
        "Dr. Elena Petrova",
        "Prof. Rahul Mehta",
        "Dr. Sarah Cohen",
    ]
    for i, name in enumerate(mentor_names, start=1):
        session.add(
            User(
                email=f"mentor{i}@champions.example",
                full_name=name,
                role=Role.MENTOR,
                password_hash=password_hash,
                language=DEMO_LANGUAGES.get(f"mentor{i}@champions.example", ""),
            )
        )
    session.flush()
    people = [("Ji-woo Han", "KR", "Seoul")] + APPLICANTS
    for index, (name, country, city) in enumerate(people):
        email = PARTICIPANT_EMAIL if index == 0 else f"applicant{index:02d}@champions.example"
        if find_user_by_email(session=session, email=email) is not None:
            continue
        user = User(
            email=email,
            full_name=name,
            role=Role.PARTICIPANT,
            password_hash=password_hash,
            language=DEMO_LANGUAGES.get(email, ""),
        )
        session.add(user)
        session.flush()
        born = cohort.phase1_start - timedelta(days=rng.randint(18 * 365 + 5, 34 * 365 - 5))
        eligibility = check_cohort_eligibility(born, cohort)
        # Within the registration window: from the launch to the day before it closes.
        submitted = datetime(2022, 2, 23, 0, tzinfo=UTC) + timedelta(hours=rng.randint(0, 24 * 8))
        status = _status_for(index)
        session.add(
            Application(
                cohort_id=cohort.id,
                user_id=user.id,
                date_of_birth=born,
                country=country,
                city=city,
                affiliation=f"{city} {rng.choice(AFFILIATIONS)}",
                field_of_study=rng.choice(FIELDS),
                motivation=MOTIVATION.format(city=city),
                consent_version=cohort.consent_version,
                consented_at=submitted,
                status=status,
                eligible=eligibility.eligible,
                eligibility_snapshot=json.dumps(eligibility.snapshot()),
                submitted_at=submitted,
                decided_at=None if status == ApplicationStatus.SUBMITTED else DECIDED,
            )
        )
    session.flush()
    _seed_later_parts(session, cohort, today)
    return True


def _seed_later_parts(session: Session, past: Cohort, today: date) -> bool:
    current = session.exec(select(Cohort).where(Cohort.name == current_edition(today).name)).first()
    secretariat = find_user_by_email(session=session, email=SECRETARIAT_EMAIL)
    if current is None or secretariat is None:
        return False
    loaded = seed_phase1(session=session, past=past, current=current, secretariat=secretariat)
    loaded = seed_phase2(session=session, cohort=past, secretariat=secretariat) or loaded
    loaded = schedule_sessions(session, past) or loaded
    loaded = schedule_sessions(session, current) or loaded
    loaded = seed_phase2_extras(session=session, cohort=past, secretariat=secretariat) or loaded
    loaded = seed_judging(session=session, cohort=past, secretariat=secretariat) or loaded
    loaded = _seed_contacts(session, secretariat) or loaded
    return seed_awards(session=session, cohort=past, secretariat=secretariat) or loaded


# The demo's program contacts: WeGO's website, and an example address for the rest (the
# secretariat sets the real ones on /secretariat/settings; the demo must not mail a real inbox).
CONTACTS = Contacts(
    email="champions@wego.example",
    address="WeGO Secretariat, Seoul, Republic of Korea",
    website="https://we-gov.org",
    partners=[NamedLink("Seoul Metropolitan Government", "https://english.seoul.go.kr")],
)


def _seed_contacts(session: Session, secretariat: User) -> bool:
    if program_contacts(session=session) != Contacts():
        return False
    save_contacts(session=session, actor=secretariat, contacts=CONTACTS)
    return True
