"""Textual's style sheet, parsed again only where it changed, and kept parsed between runs."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import stat
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

    def add_source(
        self,
        css: str,
        read_from: Any = None,
        is_default_css: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> None:
        """As Textual's, except that a new source added to a parsed sheet is parsed alone and
        its rules appended (to the rules and to the map from selector names to rules).

        Textual marks the whole sheet for parsing again instead, and rebuilds the map, for
        each widget class as it first mounts: a dozen times before prep's first frame. The
        result is the same: a new source comes last in ``source``, and so its rules come last.
        A source that replaces another, that does not parse, or that comes again with a lower
        tie-breaker is left to ``parse``."""
        if read_from is None:
            read_from = ("", str(hash(css)))
        appended = not self._require_parse and read_from not in self.source
        rules_map = self._rules_map
        known = self.source.get(read_from)
        super().add_source(css, read_from, is_default_css, tie_breaker, scope)
        if known is not None and known.content == css and known.tie_breaker > tie_breaker:
            # Textual keeps the lower tie-breaker (a subclass brought its base's CSS again)
            # and applies it at its next full parse, which comes with the next new source:
            # here, with the next read of the rules.
            self._require_parse = True
            self._rules_map = None
        if appended and css not in self._invalid_css:
            self._append(css, (read_from, is_default_css, tie_breaker, scope), rules_map)

    def _append(
        self,
        css: str,
        where: tuple[Any, bool, int, str],
        rules_map: dict[str, list[RuleSet]] | None,
    ) -> None:
        try:
            rules = self._parse_rules(css, *where)
        except Exception:
            return  # parse() raises it, as Textual would
        if any(rule.errors for rule in rules):
            return
        self._rules = [*self._rules, *rules]
        self._require_parse = False
        if rules_map is not None:
            for rule in rules:
                for name in rule.selector_names:
                    rules_map.setdefault(name, []).append(rule)
            self._rules_map = rules_map

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


# The last variables stamped, a copy, and their stamp: every source of a run is parsed with the
# same 170 or so variables, and sorting and writing them out for each source's digest took
# 3-4 ms of every start-up.
_stamped: tuple[dict[str, str], str] | None = None


def _variables_stamp(variables: dict[str, str]) -> str:
    """The variables, written out in order (what a digest is made from), kept for the next."""
    global _stamped
    if _stamped is not None and _stamped[0] == variables:
        return _stamped[1]
    stamp = repr(sorted(variables.items()))
    _stamped = (dict(variables), stamp)
    return stamp


class ParsedCss:
    """Parsed CSS sources kept in a file in the cache folder, by a digest of the source's
    text, where it came from, and the variables it was parsed with.

    The file is named after the Textual and the Python it was made with (a parsed rule is
    Textual's own object). It is read once, when first needed; each source is unpickled only
    when asked for. Unpickling runs code, so the file is read only from a folder and a file
    that are this user's own and that nobody else may write (a cache folder shared with
    others, or set loosely, is not used at all). Anything wrong with the file (missing,
    unreadable, from another version) just means parsing as Textual does; ``save`` writes
    it again, whole, if anything was added, and removes files left by other versions. A
    cache is never worth a message: its failures are logged at debug level only."""

    PREFIX = "parsed-css-"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, bytes] | None = None
        self._added: dict[str, list[RuleSet]] = {}
        self._given_up = False

    @classmethod
    def in_folder(cls, folder: Path) -> ParsedCss:
        """The file for this Textual and this Python in ``folder``. Textual is told apart by
        its CSS modules (their path, size and time), not ``textual.__version__``, which reads
        the package's metadata (10-15 ms of start-up)."""
        import textual.css.model

        stamp = hashlib.blake2b(digest_size=8)
        package = Path(textual.css.model.__file__ or "").parent
        for name in _TEXTUAL_CSS_MODULES:
            file = package / name
            try:
                found = file.stat()
            except OSError:
                continue
            stamp.update(f"{file}:{found.st_size}:{found.st_mtime_ns};".encode())
        python = f"{sys.version_info.major}{sys.version_info.minor}"
        return cls(folder / f"{cls.PREFIX}{stamp.hexdigest()}-py{python}.pickle")

    @staticmethod
    def digest(key: tuple[Any, ...], variables: dict[str, str]) -> str:
        text = repr(key) + _variables_stamp(variables)
        return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()

    def _load(self) -> dict[str, bytes]:
        if self._entries is None:
            self._entries = {}
            try:
                entries = self._read()
            except FileNotFoundError:
                return self._entries
            except Exception as error:  # damaged, another version's, or not ours to trust
                log.debug("parsed CSS not read (%s); parsing it again", type(error).__name__)
                return self._entries
            if isinstance(entries, dict):
                self._entries = entries
        return self._entries

    def _read(self) -> object:
        if not _private_folder(self.path.parent):
            raise PermissionError("the cache folder is not this user's own")
        fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as file:
            if not _private(os.fstat(file.fileno())):
                raise PermissionError("the file is not this user's own")
            return pickle.load(file)

    def get(self, digest: str) -> list[RuleSet] | None:
        blob = self._load().get(digest)
        if blob is None:
            return None
        try:
            rules = pickle.loads(blob)
        except Exception as error:
            log.debug("a parsed CSS source not read (%s)", type(error).__name__)
            return None
        if not isinstance(rules, list) or not all(isinstance(r, RuleSet) for r in rules):
            return None
        return rules

    def add(self, digest: str, rules: list[RuleSet]) -> None:
        self._added[digest] = rules

    def save(self) -> None:
        """Write the file with what was added (atomically; after a failure, no more tries)."""
        if not self._added or self._given_up:
            return
        entries = dict(self._load())
        if len(entries) + len(self._added) > MAX_ENTRIES:
            entries = {}
        folder = self.path.parent
        try:
            for digest, rules in self._added.items():
                entries[digest] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not _private_folder(folder):
                raise PermissionError("the cache folder is not this user's own")
            fd, temporary = tempfile.mkstemp(prefix=".parsed-css-", dir=folder)
            try:
                with os.fdopen(fd, "wb") as file:
                    pickle.dump(entries, file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except Exception as error:
            self._given_up = True
            log.debug("parsed CSS not kept (%s)", type(error).__name__)
            return
        self._entries = entries
        self._added = {}
        for other in folder.glob(f"{self.PREFIX}*.pickle"):  # another Textual's or Python's
            if other != self.path:
                with contextlib.suppress(OSError):
                    other.unlink()


# The modules of Textual whose change could change a parsed rule.
_TEXTUAL_CSS_MODULES = (
    "model.py",
    "styles.py",
    "parse.py",
    "tokenize.py",
    "tokenizer.py",
    "_styles_builder.py",
    "_style_properties.py",
    "stylesheet.py",
    "scalar.py",
    "types.py",
    "constants.py",
)


def _private(found: os.stat_result) -> bool:
    """Whether a file or folder is this user's own and nobody else may write it."""
    own = not hasattr(os, "getuid") or found.st_uid == os.getuid()
    return own and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _private_folder(folder: Path) -> bool:
    try:
        return _private(folder.stat())
    except OSError:
        return False
