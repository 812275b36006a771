"""A source added to a parsed style sheet is parsed alone, and the sheet ends up exactly as
Textual's own would after parsing everything again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from mace_tui.styles import IncrementalStylesheet

VARIABLES = {"primary": "#004578"}
A = ("Static { color: red; } #note { background: $primary; }", ("a.tcss", ""))
B = ("Static.warn { color: yellow; } Label { padding: 0 1; }", ("b.tcss", ""))
C = ("#note { color: $primary; } DataTable > .datatable--header { text-style: bold; }", None)
A2 = ("Static { color: blue; }", ("a.tcss", ""))  # a new text for A's origin
BAD = ("Static { colour: red; }", ("bad.tcss", ""))

Step = Callable[[Stylesheet], object]


def add(
    source: tuple[str, tuple[str, str] | None], *, default: bool = False, tie_breaker: int = 0
) -> Step:
    css, read_from = source
    return lambda sheet: sheet.add_source(
        css, read_from=read_from, is_default_css=default, tie_breaker=tie_breaker
    )


def parse(sheet: Stylesheet) -> object:
    sheet.parse()
    return None


def read_map(sheet: Stylesheet) -> object:
    return sheet.rules_map


def shape(sheet: Stylesheet) -> tuple[object, object]:
    """The rules in order and the map from selector names to rules, as comparable values."""

    def described(rules: list) -> list[tuple[str, bool, int]]:
        return [(rule.css, rule.is_default_rules, rule.tie_breaker) for rule in rules]

    rules_map = {name: described(rules) for name, rules in sorted(sheet.rules_map.items())}
    return described(sheet.rules), rules_map


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param([add(A), parse, add(B), add(C, default=True)], id="sources-after-a-parse"),
        pytest.param([add(A), parse, read_map, add(B), add(C)], id="the-map-already-built"),
        pytest.param([add(A), add(B), parse, read_map, add(C)], id="two-then-one"),
        pytest.param([add(A), parse, add(B), add(A2)], id="a-source-replaced"),
        pytest.param([add(A), parse, read_map, add(A), add(B)], id="the-same-source-again"),
        pytest.param([add(A), add(B), add(C)], id="never-parsed"),
        pytest.param([parse, add(A), read_map, add(B)], id="from-empty"),
        # A base class's CSS first, then again from a subclass, nearer the root: Textual
        # keeps the lower tie-breaker for its next full parse.
        pytest.param(
            [add(B, default=True, tie_breaker=2), parse, read_map, add(B, default=True), add(C)],
            id="a-lower-tie-breaker",
        ),
        pytest.param(
            [add(B, default=True, tie_breaker=2), parse, add(B, default=True), read_map],
            id="a-lower-tie-breaker-alone",
        ),
    ],
)
def test_the_sheet_is_as_textual_would_parse_it(steps: list[Step]) -> None:
    ours = IncrementalStylesheet(variables=VARIABLES)
    textuals = Stylesheet(variables=VARIABLES)
    for step in steps:
        step(ours)
        step(textuals)
    textuals.reparse()
    assert shape(ours) == shape(textuals)


def test_a_new_source_is_not_parsed_with_the_rest_again(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = IncrementalStylesheet(variables=VARIABLES)
    add(A)(sheet)
    sheet.parse()
    parsed: list[object] = []
    real = IncrementalStylesheet._parse_rules

    def counting(self: IncrementalStylesheet, css: str, read_from: object, *args: object):
        parsed.append(read_from)
        return real(self, css, read_from, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(IncrementalStylesheet, "_parse_rules", counting)
    add(B)(sheet)
    assert len(sheet.rules) == 4  # two from each source
    assert parsed == [B[1]]


def test_a_source_that_does_not_parse_fails_as_in_textual() -> None:
    ours = IncrementalStylesheet(variables=VARIABLES)
    add(A)(ours)
    ours.parse()
    add(BAD)(ours)
    with pytest.raises(StylesheetParseError):
        ours.rules  # noqa: B018 (reading it parses, and fails)
    textuals = Stylesheet(variables=VARIABLES)
    add(A)(textuals)
    textuals.parse()
    add(BAD)(textuals)
    with pytest.raises(StylesheetParseError):
        textuals.rules  # noqa: B018
