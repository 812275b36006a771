"""Roles and what each lets a login do (R18): pure data, no database."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a login may do in the app."""

    COORDINATOR = "coordinator"
    CHAIR = "chair"
    MINUTE_TAKER = "minute-taker"
    ADMIN = "admin"


ALL_ROLES: tuple[Role, ...] = tuple(Role)

# What each task needs: any one of the roles listed.
NEEDS: dict[str, tuple[Role, ...]] = {
    # The home screen: today's meeting and its queue, children's names included.
    "overview": ALL_ROLES,
    "prep": (Role.COORDINATOR,),
    "chair": (Role.CHAIR, Role.MINUTE_TAKER),
    "minutes": (Role.MINUTE_TAKER, Role.CHAIR),
    # Amending an ended meeting's log (R20): the chair, or an admin.
    "amend": (Role.CHAIR, Role.ADMIN),
    "review": (Role.ADMIN,),
    "export": (Role.ADMIN,),
    "retention": (Role.ADMIN,),
    "audit": (Role.ADMIN,),
    "split": (Role.ADMIN,),
    "logins": (Role.ADMIN,),
    "directory": (Role.ADMIN,),
    "encrypt": (Role.ADMIN,),
}


def role_words(roles: tuple[str, ...] | tuple[Role, ...], *, last: str = "and") -> str:
    """Roles as a reader says them: "coordinator, chair and admin" (or "chair or minute taker")."""
    names = [str(r).replace("-", " ") for r in roles]
    if not names:
        return "no role"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {last} " + names[-1]


def parse_roles(text: str) -> tuple[Role, ...]:
    """``"chair, admin"`` → the roles; ValueError naming the first unknown one."""
    roles: list[Role] = []
    for part in text.split(","):
        word = "-".join(part.strip().lower().replace("_", " ").replace("-", " ").split())
        if not word:
            continue
        try:
            role = Role(word)
        except ValueError:
            raise ValueError(
                f"--role: {word[:30]!r} is not a role; use {', '.join(ALL_ROLES)}."
            ) from None
        if role not in roles:
            roles.append(role)
    return tuple(roles)


__all__ = ["ALL_ROLES", "NEEDS", "Role", "parse_roles", "role_words"]
