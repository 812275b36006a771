"""Victim-blaming language check (R15): a hint, never a block.

Phrases live in ``language.toml`` beside this module. A phrase matches its
whole word family: each word of the text and of the phrase is reduced to its
stem (the Snowball English stemmer), so "consented", "consents" and
"consenting" are one word to the check, and "putting herself at risk" also
finds "puts herself at risk". Words in a phrase may be separated by spaces or
a hyphen in the text ("drug-running"), never by punctuation.

A phrase may carry a drop-in wording (``instead``) that fits the sentence in
place of the words as the phrase spells them; an inflected match ("puts"
where the phrase says "putting") gets the advice only, because the drop-in
would no longer fit the sentence.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from store.frozen import record

PHRASES_FILE = Path(__file__).with_name("language.toml")

CATEGORIES = {
    "choice": "choice and consent",
    "responsibility": "responsibility for the harm",
    "criminalising": "criminalising the child",
    "sexualising": "sexualising the child",
    "engagement": "engagement with services",
}

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# What may stand between two words of a phrase: spaces (a line break too) or one hyphen.
_GAP = re.compile(r"\s+|\s*[-‐–]\s*")
_SLOT = re.compile(r"\[([^\]]+)\]|([^\s\[\]]+)")

_stemmer = snowballstemmer.stemmer("english")


@record
class Phrase:
    """A phrase to avoid: what it implies, what to write instead, and a drop-in wording if one fits."""

    match: str
    why: str
    advice: str
    instead: str = ""
    category: str = "responsibility"
    stem: bool = True


@record
class Hit:
    """A phrase found in a text, at ``start:end``; ``exact`` when it is spelt as the phrase is."""

    start: int
    end: int
    text: str
    phrase: Phrase
    exact: bool = True

    @property
    def replacement(self) -> str | None:
        """The wording ctrl+l puts in place of the phrase, or None when none fits the sentence."""
        if self.exact and self.phrase.instead:
            return self.phrase.instead
        return None

    def hint(self) -> str:
        """One line for the chair: the phrase, why it matters, and the drop-in wording or advice."""
        text = " ".join(self.text.split())
        better = self.replacement
        if better:
            return f"“{text}”: {self.phrase.why} ctrl+l → “{better}”"
        return f"“{text}”: {self.phrase.why} {self.phrase.advice}"


@record
class _Token:
    start: int
    end: int
    word: str
    stem: str


Alternative = tuple[str, ...]
Slot = tuple[Alternative, ...]


def _normal(word: str) -> str:
    return word.casefold().replace("’", "'")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The word's family name: ``stem("consented") == stem("consenting")``.

    Cached: the check runs over the whole note at each key, and the words repeat."""
    return str(_stemmer.stemWord(_normal(word)))


def _words(text: str) -> list[str]:
    return [_normal(w) for w in _WORD.findall(text)]


def parse(spec: str) -> tuple[Slot, ...]:
    """``putting [himself|herself] at risk`` → one slot per word, a slot holding its alternatives."""
    slots: list[Slot] = []
    for found in _SLOT.finditer(spec):
        options, word = found.group(1), found.group(2)
        if options is not None:
            slots.append(tuple(tuple(_words(o)) for o in options.split("|")))
        else:
            slots.extend(((w,),) for w in _words(word))
    return tuple(slots)


@record
class _Compiled:
    phrase: Phrase
    slots: tuple[Slot, ...]


def _key(word: str, phrase: Phrase) -> str:
    return stem(word) if phrase.stem else word


@lru_cache(maxsize=1)
def phrases() -> tuple[Phrase, ...]:
    """All phrases from the data file."""
    with PHRASES_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        Phrase(
            match=p["match"],
            why=p["why"],
            advice=p["advice"],
            instead=p.get("instead", ""),
            category=p["category"],
            stem=p.get("stem", True),
        )
        for p in data["phrase"]
    )


@lru_cache(maxsize=1)
def _index() -> dict[tuple[bool, str], list[_Compiled]]:
    """Phrases by the key of their first word, so each word of a text costs one look-up."""
    index: dict[tuple[bool, str], list[_Compiled]] = defaultdict(list)
    for phrase in phrases():
        compiled = _Compiled(phrase, parse(phrase.match))
        for alternative in compiled.slots[0]:
            bucket = index[(phrase.stem, _key(alternative[0], phrase))]
            if compiled not in bucket:
                bucket.append(compiled)
    return dict(index)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for found in _WORD.finditer(text):
        word = _normal(found.group(0))
        tokens.append(_Token(found.start(), found.end(), word, stem(word)))
    return tokens


def _joined(text: str, left: _Token, right: _Token) -> bool:
    return _GAP.fullmatch(text, left.end, right.start) is not None


def _ends(
    text: str, tokens: list[_Token], at: int, slots: tuple[Slot, ...], phrase: Phrase
) -> list[tuple[int, bool]]:
    """Every (end token index, spelt exactly) where ``slots`` match from token ``at``."""
    if not slots:
        return [(at, True)]
    found: list[tuple[int, bool]] = []
    for alternative in slots[0]:
        i, exact = at, True
        for word in alternative:
            if i >= len(tokens) or (i > at and not _joined(text, tokens[i - 1], tokens[i])):
                break
            token = tokens[i]
            if (token.stem if phrase.stem else token.word) != _key(word, phrase):
                break
            exact = exact and token.word == word
            i += 1
        else:
            if i < len(tokens) and slots[1:] and not _joined(text, tokens[i - 1], tokens[i]):
                continue
            found.extend(
                (end, exact and rest) for end, rest in _ends(text, tokens, i, slots[1:], phrase)
            )
    return found


def check(text: str) -> list[Hit]:
    """Every phrase to rethink in ``text``, left to right, not overlapping."""
    index = _index()
    tokens = _tokens(text)
    hits: list[Hit] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        best: tuple[int, bool, Phrase] | None = None
        for candidates in (index.get((True, token.stem), []), index.get((False, token.word), [])):
            for compiled in candidates:
                for end, exact in _ends(text, tokens, i, compiled.slots, compiled.phrase):
                    if best is None or (end, exact) > (best[0], best[1]):
                        best = (end, exact, compiled.phrase)
        if best is None:
            i += 1
            continue
        end, exact, phrase = best
        start, stop = token.start, tokens[end - 1].end
        hits.append(Hit(start, stop, text[start:stop], phrase, exact))
        i = end
    return hits


def hit_at(hits: list[Hit], offset: int) -> Hit | None:
    """The phrase the cursor at ``offset`` is in, else the last one before it, else None."""
    chosen: Hit | None = None
    for hit in hits:
        if hit.start <= offset:
            chosen = hit
    return chosen
