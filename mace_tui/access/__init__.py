"""Access: logins (operating-system accounts), their roles, and audited refusals (R18)."""

from mace_tui.access.roles import ALL_ROLES, NEEDS, Role, parse_roles, role_words

__all__ = ["ALL_ROLES", "NEEDS", "Role", "parse_roles", "role_words"]
