"""Logins: which operating-system accounts may use the app, with which roles (R18)."""

from __future__ import annotations

from sqlalchemy import exists, insert, literal, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from store.frozen import record
from store.models import Login


@record
class LoginRow:
    """One login as stored."""

    id: int
    os_account: str
    person_id: int | None
    roles: tuple[str, ...]


def _row(login: Login) -> LoginRow:
    assert login.id is not None
    roles = tuple(r for r in login.roles.split(",") if r)
    return LoginRow(login.id, login.os_account, login.person_id, roles)


def has_logins(session: Session) -> bool:
    """True once any login has been set up."""
    return session.exec(select(Login.id).limit(1)).first() is not None


def find_login(session: Session, *, os_account: str) -> LoginRow | None:
    """The login of ``os_account``, if it has one."""
    found = session.exec(select(Login).where(Login.os_account == os_account)).first()
    return None if found is None else _row(found)


def list_logins(session: Session) -> list[LoginRow]:
    """Every login, by account name."""
    return [_row(r) for r in session.exec(select(Login).order_by(col(Login.os_account)))]


def save_login(
    session: Session, *, os_account: str, roles: tuple[str, ...], person_id: int | None = None
) -> LoginRow:
    """Create the login, or replace its roles (and person, when given); committed."""
    found = session.exec(select(Login).where(Login.os_account == os_account)).first()
    if found is None:
        found = Login(os_account=os_account)
    found.roles = ",".join(roles)
    if person_id is not None:
        found.person_id = person_id
    session.add(found)
    session.commit()
    session.refresh(found)
    return _row(found)


# A PostgreSQL advisory lock taken for the first login's one statement (any fixed number;
# this one spells "MACE" in ASCII), so that two seats on an empty store take turns.
_FIRST_LOGIN_LOCK = 0x4D414345


def first_login(session: Session, *, os_account: str, roles: tuple[str, ...]) -> LoginRow | None:
    """Make ``os_account`` the first login, holding ``roles``, only if there is no login yet.

    One guarded statement (insert where the table is empty), committed: of two seats asking at
    the same instant on an empty store, one makes its login and the other makes none. (It used
    to insert, then take its login back if another seat's was older: a crash between left two
    accounts holding every role.) Returns None when another login exists already.
    """
    if session.get_bind().dialect.name == "postgresql":
        # Each statement sees what was committed before it began: the lock makes the second
        # seat's statement begin after the first seat's commit.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _FIRST_LOGIN_LOCK})
    guarded = insert(Login).from_select(
        ["os_account", "roles"],
        select(literal(os_account), literal(",".join(roles))).where(~exists().select_from(Login)),
    )
    try:
        made = session.execute(guarded.returning(col(Login.id))).first() is not None
        session.commit()
    except IntegrityError:  # the same account, made by another seat of its own meanwhile
        session.rollback()
        return None
    return find_login(session, os_account=os_account) if made else None


def remove_login(session: Session, *, os_account: str) -> bool:
    """Take ``os_account``'s login away; True if it had one."""
    found = session.exec(select(Login).where(Login.os_account == os_account)).first()
    if found is None:
        return False
    session.delete(found)
    session.commit()
    return True


__all__ = [
    "LoginRow",
    "find_login",
    "first_login",
    "has_logins",
    "list_logins",
    "remove_login",
    "save_login",
]
