"""Grade, rationale and outcome (R6, R7): the rules propose, the chair accepts or overrides."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Select, Static

from mace_tui.rules.outcomes import OUTCOMES, TEAM_OUTCOME, Routing
from mace_tui.rules.subject_words import grade_definition, risk_title
from mace_tui.rules.vocab import GRADES
from mace_tui.widgets.language_area import LanguageArea
from store.records import GradingRecord

Propose = Callable[[GradingRecord], Routing | None]


class GradingPane(VerticalScroll):
    """The grading form; every change is announced so the screen can save it.

    h, m and l grade directly (when not typing); Tab moves through the form.
    """

    BINDINGS = [
        Binding("h", "grade('HIGH')", "HIGH", id="grade.high"),
        Binding("m", "grade('MEDIUM')", "MEDIUM", id="grade.medium"),
        Binding("l", "grade('LOW')", "LOW", id="grade.low"),
    ]

    DEFAULT_CSS = """
    GradingPane { height: 1fr; padding: 0 1; }
    GradingPane #grade-choice { layout: horizontal; height: auto; width: 100%; }
    GradingPane #grade-definition { height: auto; color: $text-muted; }
    GradingPane .flags { height: auto; }
    GradingPane .flags Checkbox { width: auto; }
    GradingPane #rationale { height: 3; border-left: wide $primary 40%; }
    GradingPane #proposal { height: auto; padding: 0 1; background: $boost; margin: 1 0; }
    GradingPane #outcome { width: 100%; }
    GradingPane #override-reason { display: none; }
    GradingPane.-override #override-reason { display: block; }
    GradingPane #team-name { display: none; }
    GradingPane.-team #team-name { display: block; }
    GradingPane .flags Checkbox { margin-right: 2; }
    """

    @dataclass
    class GradingChanged(Message):
        """The grading form changed; save it."""

        grading: GradingRecord

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.grading: GradingRecord | None = None
        self.routing: Routing | None = None
        self.propose: Propose = lambda _grading: None
        self.risk_scale: Mapping[str, str] = {}
        # child, person or location (R22): what the grade is of, in the pane's words.
        self.kind = "child"
        self._loading = False
        # Emptied and disabled by ``close`` (no one under discussion) until the next ``load``.
        self._emptied = False

    def compose(self) -> ComposeResult:
        with RadioSet(id="grade-choice", compact=True):
            for grade in GRADES:
                yield RadioButton(grade, id=f"grade-{grade}")
        yield Static("Choose the grade with the panel.", id="grade-definition")
        with Horizontal(classes="flags"):
            yield Checkbox("Crime identified", id="crime", compact=True)
            yield Checkbox("Managed by the NPA", id="npa", compact=True)
            yield Checkbox("Significant new risk", id="new-risk", compact=True)
        yield Label("Rationale (required)")
        yield LanguageArea(id="rationale", compact=True)
        yield Static("", id="proposal")
        yield Label("Outcome")
        yield Select(
            [(label, key) for key, label in OUTCOMES.items()],
            id="outcome",
            prompt="Outcome",
            compact=True,
        )
        yield Input(
            placeholder="Name of the multi-agency team (required for this outcome)",
            id="team-name",
            compact=True,
        )
        yield Input(
            placeholder="Why the proposed outcome is overridden (or the discharge rationale)",
            id="override-reason",
            compact=True,
        )

    def load(
        self,
        grading: GradingRecord | None,
        *,
        item_id: int,
        propose: Propose,
        risk_scale: Mapping[str, str],
        last_medium: date | None,
    ) -> None:
        """Fill the form for a child (empty if not yet graded)."""
        if self._emptied:  # a seat that may not grade keeps its pane disabled (minutes.py)
            self.disabled = self._emptied = False
        self._loading = True
        self.propose = propose
        self.risk_scale = risk_scale
        self.grading = grading or GradingRecord(
            item_id, "", "", False, False, False, "", "", "", ""
        )
        g = self.grading
        radios = self.query_one("#grade-choice", RadioSet)
        for grade in GRADES:
            self.query_one(f"#grade-{grade}", RadioButton).value = g.grade == grade
        del radios
        self.query_one("#crime", Checkbox).value = g.crime_identified
        self.query_one("#npa", Checkbox).value = g.npa_managed
        new_risk = self.query_one("#new-risk", Checkbox)
        new_risk.value = g.significant_new_risk
        new_risk.label = (
            f"Significant new risk since MEDIUM on {last_medium:%d %b %Y}"
            if last_medium
            else "Significant new risk"
        )
        self.query_one("#rationale", LanguageArea).load_text(g.rationale)
        self.query_one("#override-reason", Input).value = g.override_reason
        self.query_one("#team-name", Input).value = g.team_name
        self._refresh_proposal()
        self.call_after_refresh(self._done_loading)

    def close(self) -> None:
        """No one under discussion: the form empty (nothing of the last child shown, R18) and
        disabled until the next is open (a grade chosen now would be saved nowhere)."""
        self.load(None, item_id=0, propose=lambda _grading: None, risk_scale={}, last_medium=None)
        self.disabled = self._emptied = True

    def _done_loading(self) -> None:
        self._loading = False

    def _refresh_proposal(self) -> None:
        assert self.grading is not None
        g = self.grading
        self.query_one("#grade-definition", Static).update(
            escape(grade_definition(self.kind, g.grade, self.risk_scale))
            if g.grade
            else f"Choose the grade with the panel: {risk_title(self.kind).lower()}."
        )
        self.routing = self.propose(g) if g.grade else None
        proposal = self.query_one("#proposal", Static)
        outcome = self.query_one("#outcome", Select)
        if self.routing is None:
            proposal.update("Proposed outcome: grade the risk first.")
        else:
            steps = "".join(f"\n  • {escape(step)}" for step in self.routing.steps)
            proposal.update(
                f"[b]Proposed:[/b] {escape(self.routing.label)}\n{escape(self.routing.reason)}{steps}"
            )
        options = [
            (
                f"{label}{'  (proposed)' if self.routing and key == self.routing.outcome else ''}",
                key,
            )
            for key, label in OUTCOMES.items()
        ]
        with self.prevent(Select.Changed):
            outcome.set_options(options)
            if g.outcome:
                outcome.value = g.outcome
        self.set_class(bool(g.outcome) and g.outcome != g.proposed_outcome, "-override")
        self.set_class(g.outcome == TEAM_OUTCOME, "-team")

    def _change(self, **fields: object) -> None:
        if self._loading or self.grading is None:
            return
        updated = replace(self.grading, **fields)  # type: ignore[arg-type]
        routing = self.propose(updated) if updated.grade else None
        proposed = routing.outcome if routing else ""
        # The outcome follows the proposal unless the chair has chosen another one.
        following = not updated.outcome or updated.outcome == updated.proposed_outcome
        updated = replace(
            updated,
            proposed_outcome=proposed,
            outcome=proposed if following else updated.outcome,
            outcome_reason=routing.reason if routing else "",
        )
        self.grading = updated
        self._refresh_proposal()
        # Nothing is stored until there is a grade; the flags and rationale wait for it.
        if updated.grade:
            self.post_message(self.GradingChanged(updated))

    @on(RadioSet.Changed, "#grade-choice")
    def grade_chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        label = str(event.pressed.label)
        if self.grading is not None and self.grading.grade != label:
            self._change(grade=label)

    @on(Checkbox.Changed)
    def flag_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        field = {
            "crime": "crime_identified",
            "npa": "npa_managed",
            "new-risk": "significant_new_risk",
        }
        if event.checkbox.id in field:
            self._change(**{field[event.checkbox.id]: event.value})

    @on(LanguageArea.Changed, "#rationale")
    def rationale_typed(self, event: LanguageArea.Changed) -> None:
        event.stop()
        self._change(rationale=event.text_area.text)

    @on(Select.Changed, "#outcome")
    def outcome_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and self.grading and event.value != self.grading.outcome:
            self._change(outcome=event.value)

    @on(Input.Changed, "#team-name")
    def team_typed(self, event: Input.Changed) -> None:
        event.stop()
        self._change(team_name=event.value)

    @on(Input.Changed, "#override-reason")
    def override_typed(self, event: Input.Changed) -> None:
        event.stop()
        self._change(override_reason=event.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """h, m and l grade only from the grade choice: typed elsewhere (on a checkbox, say)
        a word must never change the grade."""
        if action == "grade":
            focused = self.screen.focused
            choice = self.query_one("#grade-choice")
            return focused is not None and (focused is choice or choice in focused.ancestors)
        return True

    def action_grade(self, grade: str) -> None:
        """Grade by key (h, m, l)."""
        self.query_one(f"#grade-{grade}", RadioButton).value = True
        # The radio set may think this button is still pressed from the previous
        # child (values set while loading send no change): record the grade directly.
        if self.grading is not None and self.grading.grade != grade:
            self._change(grade=grade)

    def better_wording(self) -> None:
        """Apply the suggested wording in the rationale."""
        if self.query_one("#rationale", LanguageArea).apply_better_wording() is None:
            self.app.bell()
