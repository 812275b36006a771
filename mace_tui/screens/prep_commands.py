"""The preparation screen's actions in the command palette (ctrl+p), by their footer words."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.actions import parse
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenActions(Provider):
    """Every binding of the screen the palette was opened on that can run now."""

    def _actions(self) -> Iterator[tuple[str, str, str]]:
        screen = self.screen
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            namespace, name, params = parse(binding.action)
            if namespace or not screen.check_action(name, params):
                continue
            key = binding.key_display or binding.key.split(",")[0]
            yield binding.description, binding.action, key

    async def discover(self) -> Hits:
        for description, action, key in self._actions():
            yield DiscoveryHit(
                description, partial(self.screen.run_action, action), help=f"Key: {key}"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, action, key in self._actions():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),
                    partial(self.screen.run_action, action),
                    text=description,
                    help=f"Key: {key}",
                )
