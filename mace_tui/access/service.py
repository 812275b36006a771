"""Who is at the keyboard and what they may do: ``require(store, task)`` (R18).

The login is the operating-system account running mace-tui (see
mace_tui/protection.py). A store with no login yet makes its first user the
holder of every role, once, and says so: a one-person install needs no set-up.
After that, an account with no login, or without the role a task needs, is
refused, and the refusal is written to the audit log.
"""

from __future__ import annotations

from datetime import datetime

from mace_tui.access.events import record_refusal
from mace_tui.access.roles import ALL_ROLES, NEEDS, Role, role_words
from mace_tui.protection import os_user
from store.db import Store
from store.errors import UserError
from store.frozen import record
from store.logins import find_login, first_login


class AccessRefused(UserError):
    """This account may not do that; the message names the role needed and who can grant it."""


@record
class Who:
    """The account at the keyboard and its roles."""

    account: str
    roles: tuple[Role, ...]
    # True the one time this account was made the first login, holding every role.
    made_first: bool = False

    def may(self, task: str) -> bool:
        """True when one of this account's roles lets it do ``task``."""
        return any(role in self.roles for role in NEEDS[task])

    @property
    def first_notice(self) -> str:
        """What to tell the user when they were made the first login."""
        return (
            f"No logins were set up, so {self.account}, the first user, now holds every role "
            f"({role_words(ALL_ROLES)}). Add other people with `mace-tui logins add`."
        )


def who(store: Store, *, account: str | None = None) -> Who:
    """The account's login; the first account to ask, in a store with none, gets every role."""
    account = account or os_user()
    with store.session() as session:
        found = find_login(session, os_account=account)
        if found is None:
            made = first_login(session, os_account=account, roles=tuple(map(str, ALL_ROLES)))
            if made is not None:
                return Who(account, ALL_ROLES, made_first=True)
            # Another seat was first: this account's own other seat, or someone else's.
            found = find_login(session, os_account=account)
            if found is None:
                return Who(account, ())
    return Who(account, tuple(Role(r) for r in found.roles if r in set(map(str, ALL_ROLES))))


def may(store: Store, task: str, *, account: str | None = None) -> bool:
    """Whether the account may do ``task``, without making a first login or auditing: for
    reading a screen's data early, before the app's own check (``require``)."""
    from store.logins import has_logins

    account = account or os_user()
    with store.session() as session:
        found = find_login(session, os_account=account)
        if found is None:
            return not has_logins(session)
    return any(role in found.roles for role in map(str, NEEDS[task]))


def require(
    store: Store, task: str, *, at: datetime, account: str | None = None, what: str | None = None
) -> Who:
    """The login, if it may do ``task``; else the refusal is audited and AccessRefused raised."""
    current = who(store, account=account)
    if current.may(task):
        return current
    needed = NEEDS[task]
    record_refusal(
        store, user=current.account, at=at, what=what or task, needs=role_words(needed, last="or")
    )
    held = role_words(current.roles) if current.roles else "no login"
    raise AccessRefused(
        f"{what or task}: needs the {role_words(needed, last='or')} role; the account {current.account} "
        f"has {held}. Ask an admin to run `mace-tui logins add {current.account} "
        f"--role {needed[0]}`."
    )


__all__ = ["AccessRefused", "Who", "may", "require", "who"]
