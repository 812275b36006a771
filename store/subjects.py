"""An agenda item's subject in a query, whatever its kind (R22): its reference and its name.

``with_subjects`` adds the outer joins from ``agenda_item`` to the three subject
tables; ``SUBJECT_REF`` and ``SUBJECT_NAME`` then read the one that is filled.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import col

from store.models import AgendaItem, Child, ConcernLocation, ConcernPerson

SUBJECT_REF: Any = func.coalesce(col(Child.ref), col(ConcernPerson.ref), col(ConcernLocation.ref))
SUBJECT_NAME: Any = func.coalesce(
    col(Child.name), col(ConcernPerson.name), col(ConcernLocation.name)
)


def with_subjects(query: Any) -> Any:
    """``query`` (which reads ``agenda_item``) joined to the subject of each item."""
    return (
        query.outerjoin(Child, col(Child.id) == col(AgendaItem.child_id))
        .outerjoin(ConcernPerson, col(ConcernPerson.id) == col(AgendaItem.concern_person_id))
        .outerjoin(ConcernLocation, col(ConcernLocation.id) == col(AgendaItem.concern_location_id))
    )
