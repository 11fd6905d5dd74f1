"""The program's contacts (one row): the secretariat's address book and the partners, shown in
the footer and on the landing page and used as the Reply-To of the app's emails."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from champions.models._time import utcnow


class ProgramSettings(SQLModel, table=True):
    __tablename__ = "program_settings"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=500)
    website: str = Field(default="", max_length=500)
    # JSON lists of {"name": …, "url": …}.
    social_links: str = Field(default="[]")
    partners: str = Field(default="[]")
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="user.id")
