"""The quorum bar: each core agency and required role, present or missing (R1, R2)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mace_tui.rules.quorum import Quorum, QuorumRule
from mace_tui.rules.vocab import role_label, sector_label


class QuorumBar(Static):
    """One line: ✓ for each requirement met, ✗ for each missing, and the verdict."""

    DEFAULT_CSS = """
    QuorumBar { height: 1; padding: 0 1; background: $boost; }
    QuorumBar.-missing { background: $error 25%; }
    """

    def show(self, rule: QuorumRule, quorum: Quorum, *, label: str = "Quorum") -> None:
        """Render the requirements of ``rule`` against the result ``quorum``."""
        line = Text(f"{label}  ", style="bold")
        for sector in rule.core_sectors:
            ok = sector not in quorum.missing_sectors
            line.append("✓ " if ok else "✗ ", style="green" if ok else "bold red")
            line.append(sector_label(sector) + "   ")
        for role in rule.required_roles:
            ok = role not in quorum.missing_roles
            line.append("✓ " if ok else "✗ ", style="green" if ok else "bold red")
            line.append(role_label(role) + "   ")
        line.append(
            "quorate" if quorum.quorate else "NOT quorate",
            style="bold green" if quorum.quorate else "bold red",
        )
        self.set_class(not quorum.quorate, "-missing")
        self.update(line)
