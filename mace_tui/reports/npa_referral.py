"""The NPA referral form (R7), drafted from the discussion for the coordinator to check and send.

For each child whose outcome sends them to the neighbourhood policing area:
the risk summary (grade, rationale, the Threat, Harm and Risk notes), further
safeguarding considerations (Vulnerabilities and Engagement notes), disruption
opportunities (Investigation notes and the actions agreed), whether a crime
was identified, and the route that applies.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from mace_tui.reports import words as w
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.layout import Block, Bullets, Facts, Heading, Paragraph
from mace_tui.reports.records import ActionLog, ChildSection
from store import research as store_research
from store.frozen import record

NPA_OUTCOMES = ("npa-referral", "npa-master-report")
RISK_SECTIONS = ("threat", "harm", "risk")
SAFEGUARDING_SECTIONS = ("vulnerabilities", "engagement")
DISRUPTION_SECTIONS = ("investigation",)
ROUTES = {
    "crime": "Add to the crime report (a crime was identified).",
    "safeguarding": "Safeguarding report with an occurrence task (no crime identified).",
    "master": "Add to the master management report (the NPA already manages the child).",
}


@record
class NpaReferral:
    """A drafted referral: the discussion it comes from and what the rules make of it."""

    log: ActionLog
    child: ChildSection
    crime_identified: bool
    npa_managed: bool

    @property
    def route(self) -> str:
        """``master``, ``crime`` or ``safeguarding``."""
        if self.npa_managed or self.child.outcome == "npa-master-report":
            return "master"
        return "crime" if self.crime_identified else "safeguarding"

    @property
    def file_stem(self) -> str:
        """``npa-referral-<profile>-<date>-<MACE ref>``: never the child's name (R18)."""
        meeting = self.log.meeting
        return f"npa-referral-{meeting.profile_key}-{meeting.date:%Y-%m-%d}-{self.child.child.ref}"


def build_referrals(
    session: Session, *, meeting_id: int, generated_at: datetime, config_dir: Path | None = None
) -> list[NpaReferral]:
    """A draft for each child of the meeting whose outcome goes to the NPA."""
    log = build_action_log(
        session, meeting_id=meeting_id, generated_at=generated_at, config_dir=config_dir
    )
    chosen = [c for c in log.children if c.outcome in NPA_OUTCOMES and not c.deferred]
    flags = store_research.grading_flags(session, item_ids=[c.item_id for c in chosen])
    return [NpaReferral(log, child, *flags.get(child.item_id, (False, False))) for child in chosen]


def _notes(child: ChildSection, sections: tuple[str, ...]) -> list[str]:
    return [
        f"{w.THRIVE_LABELS.get(n.section, n.section)} ({n.agency or 'agency not recorded'}, "
        f"{w.NOTE_KINDS.get(n.kind, n.kind).lower()}): {n.text}"
        for n in child.notes
        if n.section in sections
    ]


def document(referral: NpaReferral) -> list[Block]:
    """The draft, in the order the NPA reads it."""
    child = referral.child
    ref = child.child
    meeting = referral.log.meeting
    risk = _notes(child, RISK_SECTIONS)
    safeguarding = _notes(child, SAFEGUARDING_SECTIONS)
    disruption = _notes(child, DISRUPTION_SECTIONS)
    disruption += [
        f"Action A{a.id}: {w.action_text(a)} (owner {a.owner or 'not named'}, "
        f"{a.agency or 'no agency'}, due {w.short_date(a.due)})"
        for a in child.actions
    ]
    return [
        Heading(1, f"Referral to the neighbourhood policing area: {ref.name}"),
        Paragraph(
            f"Drafted from the {meeting.profile_name} of {w.long_date(meeting.date)} "
            f"on {w.stamp(referral.log.generated_at)}. Check and complete it before sending."
        ),
        Facts(
            (
                ("To", child.npa or "the NPA is not recorded for this child: fill it in"),
                ("Child", f"{ref.name}, born {w.birth_date(ref.date_of_birth)}"),
                (
                    "References",
                    "; ".join(r for r in (f"MACE {ref.ref}", ref.police_ref, ref.la_ref) if r),
                ),
                ("Exploitation", w.exploitation(child.exploitation_types)),
                ("Crime identified", w.yes_no(referral.crime_identified)),
                ("Route", ROUTES[referral.route]),
            )
        ),
        Heading(2, "Risk summary"),
        Paragraph(f"{child.grade}. {child.rationale or 'No rationale recorded.'}", "Grade:"),
        Bullets(tuple(risk)) if risk else Paragraph("No Threat, Harm or Risk notes recorded."),
        Heading(2, "Further safeguarding considerations"),
        Bullets(tuple(safeguarding))
        if safeguarding
        else Paragraph("No Vulnerabilities or Engagement notes recorded."),
        Heading(2, "Disruption opportunities"),
        Bullets(tuple(disruption))
        if disruption
        else Paragraph("No Investigation notes or actions recorded."),
    ]


def plain_text(blocks: list[Block]) -> str:
    """The draft as plain text the coordinator edits: ``#`` headings, ``- `` list lines."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + block.text)
        elif isinstance(block, Paragraph):
            parts.append(f"{block.label} {block.text}" if block.label else block.text)
        elif isinstance(block, Facts):
            parts.append("\n".join(f"- {label}: {value}" for label, value in block.items))
        elif isinstance(block, Bullets):
            parts.append("\n".join(f"- {item}" for item in block.items))
    return "\n\n".join(parts)


def text_blocks(text: str) -> list[Block]:
    """The coordinator's edited text back as blocks, for the Markdown and Word files."""
    blocks: list[Block] = []
    bullets: list[str] = []
    lines: list[str] = []

    def flush() -> None:
        if bullets:
            blocks.append(Bullets(tuple(bullets)))
            bullets.clear()
        if lines:
            blocks.append(Paragraph(" ".join(lines)))
            lines.clear()

    for raw in text.splitlines():
        line = raw.strip()
        level = len(line) - len(line.lstrip("#"))
        if not line:
            flush()
        elif 1 <= level <= 3 and line[level : level + 1] == " ":
            flush()
            blocks.append(Heading(level, line[level:].strip()))
        elif line.startswith(("- ", "* ")):
            if lines:
                flush()
            bullets.append(line[2:].strip())
        else:
            if bullets:
                flush()
            lines.append(line)
    flush()
    return blocks


CLOSING = "Draft for the exploitation coordinator: check every line before it goes to the NPA."

__all__ = [
    "NPA_OUTCOMES",
    "ROUTES",
    "NpaReferral",
    "build_referrals",
    "document",
    "plain_text",
    "text_blocks",
]
