"""The store's identity (R27): one id per database, kept in its ``store_info`` row."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from store.models import StoreInfo


def store_id(session: Session) -> str:
    """The id of the store behind ``session``; written once if an old database lacks it."""
    info = session.get(StoreInfo, 1)
    if info is None:
        info = StoreInfo(id=1, store_id=uuid.uuid4().hex)
        session.add(info)
        session.commit()
    return info.store_id


__all__ = ["store_id"]
