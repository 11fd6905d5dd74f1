"""Recording the audit trail."""

import json
from typing import Any, Optional

from sqlmodel import Session

from champions.models import AuditEntry


def record_audit(
    *,
    session: Session,
    actor_id: Optional[int],
    action: str,
    entity: str,
    entity_id: Any,
    before: Optional[dict] = None,
    after: Optional[dict] = None,
    cohort_id: Optional[int] = None,
    reason: str = "",
) -> AuditEntry:
    """Add an audit entry to the session (committed with the change it describes)."""
    entry = AuditEntry(
        actor_id=actor_id,
        cohort_id=cohort_id,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=json.dumps(before or {}, ensure_ascii=False, default=str),
        after=json.dumps(after or {}, ensure_ascii=False, default=str),
        reason=reason,
    )
    session.add(entry)
    return entry
