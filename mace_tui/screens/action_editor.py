"""Adding or editing one action (R8) or information-sharing action (R9), with SMART checks inline.

The editor returns an ``ActionInput`` (mace_tui/chair/action_input.py, re-exported here).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from mace_tui.chair.action_input import ActionInput, OwnerChoice
from mace_tui.rules.disruption import tactic_problem, tactic_value
from mace_tui.rules.duedates import DueDateError, parse_due
from mace_tui.rules.smart import ActionDraft, Problem, check_action, is_blocked
from mace_tui.screens.modals import dismiss_asking
from mace_tui.widgets.language_area import LanguageArea
from mace_tui.widgets.suggesting_input import SuggestingInput
from mace_tui.widgets.tactic_picker import chosen_tactic, show_other_words, tactic_fields
from store.records import ActionDetail, AgencyRecord

__all__ = ["ActionEditor", "ActionInput", "OwnerChoice"]


class ActionEditor(ModalScreen[ActionInput | None]):
    """The action form. Save is refused while a problem blocks it; warnings are shown, not enforced."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="action.cancel"),
        Binding("ctrl+s", "save", "Save", id="action.save"),
        Binding("ctrl+l", "better_wording", "Better wording", id="action.wording"),
    ]

    DEFAULT_CSS = """
    ActionEditor .dialog { width: 90; height: 90%; }
    ActionEditor #action-form { height: 1fr; }
    ActionEditor #action-what { height: 4; }
    ActionEditor .row { height: auto; }
    ActionEditor .row > * { width: 1fr; }
    ActionEditor #due-parsed { height: 1; color: $text-muted; }
    ActionEditor #action-problems { height: auto; max-height: 4; margin-top: 1; }
    ActionEditor .dialog-buttons { margin-top: 0; }
    ActionEditor #action-title { width: 100%; text-wrap: nowrap; text-overflow: ellipsis; }
    ActionEditor .share { display: none; }
    ActionEditor.-share .share { display: block; }
    """

    def __init__(
        self,
        *,
        action: ActionDetail | None,
        kind: str,
        today: date,
        owners: Sequence[OwnerChoice],
        agencies: Sequence[AgencyRecord],
        present_agencies: Collection[str],
        excluded_owners: Collection[str] = (),
        tactics: Sequence[str] = (),
        for_child: bool = True,
        item_title: str = "",
    ) -> None:
        super().__init__(classes="modal")
        # What the action is on, named in the title (an actions-only meeting's item, R21).
        self._on = item_title
        self._action = action
        self._kind = action.kind if action else kind
        self._today = today
        self._owners = list(owners)
        self._agencies = list(agencies)
        self._present = set(present_agencies)
        self._excluded = set(excluded_owners)
        self._tactics = tuple(tactics)
        # Allocating a professional is a child's action (R7); not asked elsewhere.
        self._for_child = for_child

    def compose(self) -> ComposeResult:
        action = self._action
        title = "Information-sharing action" if self._kind == "info-share" else "Action"
        with Vertical(classes="dialog"):
            heading = f"[b]{'Edit' if action else 'New'} {title.lower()}[/b]"
            if self._on:
                heading += f" on: {escape(self._on)}"
            yield Label(heading, id="action-title", classes="dialog-title")
            with VerticalScroll(id="action-form"):
                yield Label("What will be done, and how we will know it is done")
                yield LanguageArea(action.text if action else "", id="action-what")
                yield Static("", id="action-language", classes="hint")
                with Horizontal(classes="row"):
                    yield SuggestingInput(
                        action.owner if action else "",
                        placeholder="Owner: a named person or team",
                        suggester=SuggestFromList(
                            [o.name for o in self._owners], case_sensitive=False
                        ),
                        id="action-owner",
                    )
                    yield Select(
                        [(a.name, a.id) for a in self._agencies],
                        prompt="Agency",
                        value=action.agency_id if action and action.agency_id else Select.NULL,
                        id="action-agency",
                    )
                with Horizontal(classes="row"):
                    yield Input(
                        f"{action.due:%Y-%m-%d}" if action and action.due else "",
                        placeholder="Due: +3d, fri, 2026-12-01",
                        id="action-due",
                    )
                    yield Checkbox(
                        "Agreed by the owner's agency",
                        action.agreed if action else False,
                        id="action-agreed",
                    )
                yield Static("", id="due-parsed")
                if self._tactics:
                    yield from tactic_fields(self._tactics, action.tactic if action else "")
                yield Checkbox(
                    "Allocates a named professional to the child (required for HIGH)",
                    action.allocated_professional if action else False,
                    id="action-allocated",
                )
                # Labelled, not just placeholders: once typed in, a field still says what it is.
                yield Label("What is shared", classes="share")
                yield Input(
                    action.share_what if action else "",
                    placeholder="What is shared",
                    id="share-what",
                    classes="share",
                )
                yield Label("With whom (person or agency)", classes="share")
                yield Input(
                    action.share_with if action else "",
                    placeholder="With whom",
                    id="share-with",
                    classes="share",
                )
                yield Label("Why it is shared", classes="share")
                yield Input(
                    action.share_why if action else "",
                    placeholder="Why",
                    id="share-why",
                    classes="share",
                )
            # Outside the scrolling form, so the problems show even on an 80×24 terminal.
            yield Static("", id="action-problems")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="action-save", compact=True)
                yield Button("Cancel", id="action-cancel", compact=True)

    def on_mount(self) -> None:
        self.set_class(self._kind == "info-share", "-share")
        self.query_one("#action-allocated", Checkbox).display = self._for_child
        self.query_one("#action-what", LanguageArea).focus()
        self._opened_with = self._snapshot()
        self._check()

    # -- reading the form ---------------------------------------------------------
    def _due(self) -> tuple[date | None, str | None]:
        raw = self.query_one("#action-due", Input).value
        if not raw.strip():
            return None, None
        try:
            return parse_due(raw, today=self._today), None
        except DueDateError as exc:
            return None, str(exc)

    def _agency_name(self) -> str:
        value = self.query_one("#action-agency", Select).value
        return next((a.name for a in self._agencies if a.id == value), "")

    def _draft(self) -> ActionDraft:
        due, _ = self._due()
        return ActionDraft(
            text=self.query_one("#action-what", LanguageArea).text,
            owner=self.query_one("#action-owner", Input).value,
            agency=self._agency_name(),
            due=due,
            agreed=self.query_one("#action-agreed", Checkbox).value,
            kind=self._kind,
            share_what=self.query_one("#share-what", Input).value,
            share_with=self.query_one("#share-with", Input).value,
            share_why=self.query_one("#share-why", Input).value,
        )

    def _problems(self) -> list[Problem]:
        problems = check_action(
            self._draft(),
            today=self._today,
            present_agencies=self._present,
            excluded_owners=self._excluded,
        )
        _, due_error = self._due()
        if due_error:
            problems = [p for p in problems if p.field != "due"] + [Problem("due", due_error)]
        if self._tactics:
            chosen, words = chosen_tactic(self)
            wrong = tactic_problem(chosen, words, kind=self._kind)
            if wrong:
                problems.append(Problem("tactic", wrong))
        return problems

    def _check(self) -> None:
        due, error = self._due()
        parsed = self.query_one("#due-parsed", Static)
        parsed.update(escape(error) if error else (f"Due {due:%A %d %B %Y}" if due else ""))
        problems = self._problems()
        lines = [
            f"[{'red' if p.blocking else 'yellow'}]{'✗' if p.blocking else '!'} {escape(p.message)}[/]"
            for p in problems
        ]
        self.query_one("#action-problems", Static).update(
            "\n".join(lines) or "[green]✓ SMART[/green]"
        )

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(LanguageArea.Changed)
    def changed(self) -> None:
        if self._tactics:
            show_other_words(self)
        self._check()

    @on(LanguageArea.HintChanged, "#action-what")
    def language_hint(self, event: LanguageArea.HintChanged) -> None:
        hint = self.query_one("#action-language", Static)
        hint.update(f"[yellow]{escape(event.hit.hint())}[/yellow]" if event.hit else "")

    @on(Input.Changed, "#action-owner")
    def owner_typed(self, event: Input.Changed) -> None:
        owner = next(
            (o for o in self._owners if o.name.lower() == event.value.strip().lower()), None
        )
        if owner is not None:
            self.query_one("#action-agency", Select).value = owner.agency_id

    # -- saving -------------------------------------------------------------------
    @on(Button.Pressed, "#action-save")
    def action_save(self) -> None:
        problems = self._problems()
        if is_blocked(problems):
            self.notify("Fix the problems marked ✗ first.", severity="warning")
            return
        draft = self._draft()
        owner = next(
            (o for o in self._owners if o.name.lower() == draft.owner.strip().lower()), None
        )
        value = self.query_one("#action-agency", Select).value
        self.dismiss(
            ActionInput(
                action_id=self._action.id if self._action else None,
                kind=self._kind,
                text=draft.text,
                owner=draft.owner,
                owner_person_id=owner.person_id if owner else None,
                agency_id=value if isinstance(value, int) else None,
                due=draft.due,
                agreed=draft.agreed,
                share_what=draft.share_what,
                share_with=draft.share_with,
                share_why=draft.share_why,
                allocated_professional=self.query_one("#action-allocated", Checkbox).value,
                tactic=tactic_value(*chosen_tactic(self)) if self._tactics else "",
            )
        )

    @on(Button.Pressed, "#action-cancel")
    def action_cancel(self) -> None:
        """Leave the form; typed changes are thrown away only once the chair says so."""
        dismiss_asking(self, changed=self._changed(), what="action")

    def _changed(self) -> bool:
        """Has anything been typed or changed since the form opened?"""
        return self._snapshot() != self._opened_with

    def _snapshot(self) -> tuple[object, ...]:
        values: list[object] = [self.query_one("#action-what", LanguageArea).text]
        values += [i.value for i in self.query(Input)]
        values += [c.value for c in self.query(Checkbox)]
        values += [c.value for c in self.query(Select)]
        return tuple(values)

    def action_better_wording(self) -> None:
        if self.query_one("#action-what", LanguageArea).apply_better_wording() is None:
            self.app.bell()
