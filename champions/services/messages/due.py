"""One reminder to one person, as a pass of the scheduler computes it (`scheduler`)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from champions.services.messages.notify import Attachment, dedupe_key


@dataclass
class Due:
    """One reminder to one person, as this pass computes it."""

    user_id: int
    kind: str
    subject_key: str
    cohort_id: int
    due_at: datetime
    moment: datetime | None  # the event it reminds of (None: useful as long as it is computed)
    path: str
    values: dict[str, str] = field(default_factory=dict)
    instants: dict[str, datetime] = field(default_factory=dict)  # shown in the recipient's zone
    attachment: Attachment | None = None

    @property
    def key(self) -> str:
        return dedupe_key(self.kind, self.subject_key, self.user_id, self.moment)


LOOKBACK = timedelta(days=7)  # events older than this are history, not missed reminders
