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


def renew_store_id(session: Session) -> str:
    """Give this store a new id (a copy of another store, e.g. the demo's template, is not it)."""
    info = session.get(StoreInfo, 1)
    new = uuid.uuid4().hex
    if info is None:
        info = StoreInfo(id=1, store_id=new)
    else:
        info.store_id = new
    session.add(info)
    session.commit()
    return new


__all__ = ["renew_store_id", "store_id"]
