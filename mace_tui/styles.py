"""Textual's style sheet, parsed again only where it changed, and kept parsed between runs."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

log = logging.getLogger(__name__)

# A file holding more than this many parsed sources is started afresh (themes or many
# versions of our CSS would otherwise make it grow without end).
MAX_ENTRIES = 400


class IncrementalStylesheet(Stylesheet):
    """Textual's style sheet, except that:

    - ``reparse`` parses only the sources not yet parsed with the current variables.
      Textual parses every source again (about 10 ms for ours) whenever a screen brings its
      own CSS file, as prep, review and the directory do before their first frame;
    - with a ``kept`` file (``ParsedCss``), a source parsed by an earlier run is read from
      it rather than parsed again. Each widget class brings its own CSS as it first mounts,
      and parsing the 30 or so sources of a screen took 20–35 ms of every start-up.

    Nothing is kept that should not be: parsed rules are remembered by their source's text
    and the variables they were parsed with, and ``set_variables`` (a new theme) forgets
    those held in memory, so every source is then parsed with the new variables as before."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self.kept: ParsedCss | None = None

    def reparse(self) -> None:
        self._require_parse = True
        self.parse()

    def _parse_rules(
        self,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        kept = self.kept
        if kept is None or key in self._parse_cache:
            return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        digest = kept.digest(key, self._variables)
        rules = kept.get(digest)
        if rules is not None:
            self._parse_cache[key] = rules
            return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            kept.add(digest, rules)
        return rules


class ParsedCss:
    """Parsed CSS sources kept in a file in the cache folder, by a digest of the source's
    text, where it came from, and the variables it was parsed with.

    The file is named after the Textual and the Python it was made with (a parsed rule is
    Textual's own object). It is read once, when first needed; each source is unpickled only when asked
    for. Anything wrong with the file (missing, unreadable, from another version) just means
    parsing as Textual does; ``save`` writes it again, whole, if anything was added."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, bytes] | None = None
        self._added: dict[str, list[RuleSet]] = {}

    @classmethod
    def in_folder(cls, folder: Path) -> ParsedCss:
        """The file for this Textual and this Python in ``folder``. Textual is told apart by
        its parsed rules' modules (their size and time), not ``textual.__version__``, which
        reads the package's metadata (10-15 ms of start-up)."""
        import textual.css.model
        import textual.css.styles

        stamp = hashlib.blake2b(digest_size=8)
        for module in (textual.css.model, textual.css.styles):
            file = Path(module.__file__ or "")
            try:
                found = file.stat()
            except OSError:
                continue
            stamp.update(f"{file}:{found.st_size}:{found.st_mtime_ns};".encode())
        python = f"{sys.version_info.major}{sys.version_info.minor}"
        return cls(folder / f"parsed-css-{stamp.hexdigest()}-py{python}.pickle")

    @staticmethod
    def digest(key: tuple[Any, ...], variables: dict[str, str]) -> str:
        text = repr((key, sorted(variables.items())))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()

    def _load(self) -> dict[str, bytes]:
        if self._entries is None:
            self._entries = {}
            try:
                with self.path.open("rb") as file:
                    entries = pickle.load(file)
                if isinstance(entries, dict):
                    self._entries = entries
            except FileNotFoundError:
                pass
            except Exception as error:  # damaged, or from another version: parse as Textual does
                log.warning("parsed CSS not read (%s); parsing it again", type(error).__name__)
        return self._entries

    def get(self, digest: str) -> list[RuleSet] | None:
        blob = self._load().get(digest)
        if blob is None:
            return None
        try:
            rules = pickle.loads(blob)
        except Exception as error:
            log.warning("a parsed CSS source not read (%s)", type(error).__name__)
            return None
        if not isinstance(rules, list) or not all(isinstance(r, RuleSet) for r in rules):
            return None
        return rules

    def add(self, digest: str, rules: list[RuleSet]) -> None:
        self._added[digest] = rules

    @property
    def changed(self) -> bool:
        return bool(self._added)

    def save(self) -> None:
        """Write the file with what was added (atomically; a failure only logs)."""
        if not self._added:
            return
        entries = dict(self._load())
        if len(entries) + len(self._added) > MAX_ENTRIES:
            entries = {}
        try:
            for digest, rules in self._added.items():
                entries[digest] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temporary = tempfile.mkstemp(prefix=".parsed-css-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as file:
                    pickle.dump(entries, file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except Exception as error:
            log.warning("parsed CSS not kept (%s)", type(error).__name__)
            return
        self._entries = entries
        self._added = {}
