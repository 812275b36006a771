"""``@record``: a frozen dataclass that is cheap to define.

Every record of ours is a frozen dataclass, and start-up defines dozens of them before the
first screen shows. ``dataclasses.dataclass(frozen=True)`` compiles six methods per class
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``),
about a millisecond a class here: 30 ms of the minute taker's start-up (issue 18).

``record`` lets ``dataclasses`` do its bookkeeping (the fields, ``fields()``, ``replace()``,
``asdict()``, ``__match_args__``) and compiles only ``__init__``; the other five are shared
functions that read the class's field names. A record behaves as the frozen dataclass it
replaces: the same ``__init__`` signature, repr, equality, hashing, refusal to change, and
pickling (tests/test_frozen_records.py compares every record of ours with the dataclass).

A class using what ``record`` does not copy (``__post_init__``, ``InitVar``, ``kw_only``,
``field(init=False)``, ``compare``, ``repr`` or ``hash`` set on a field, ``__slots__``) is
simply made a frozen dataclass.
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

__all__ = ["record"]


class _Factory:
    """The default shown in a signature for a field with a default factory (as dataclasses)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen dataclass, defining it quickly (see the module's docstring)."""
    if not _plain(cls):
        return dataclasses.dataclass(frozen=True)(cls)
    had_doc = cls.__doc__ is not None
    # As dataclasses, a method the class defines is kept. A class that defines __eq__ and no
    # __hash__ gets __hash__ = None from Python; dataclasses gives it the fields' hash.
    own = set(cls.__dict__)
    if cls.__dict__.get("__hash__", 0) is None and "__eq__" in own:
        own.discard("__hash__")
    if not had_doc:
        cls.__doc__ = ""  # dataclasses would describe the inherited __init__; set below
    # dataclasses insists that a subclass of a frozen one be frozen: for a record's subclass it
    # makes __setattr__ and __delattr__ itself (the same as ours).
    inherits = any("_record_names" in base.__dict__ for base in cls.__mro__[1:])
    dataclasses.dataclass(init=False, repr=False, eq=False, frozen=inherits)(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    methods: dict[str, object] = {
        "__init__": _init(cls, fields),
        "__repr__": _repr,
        "__eq__": _eq,
        "__hash__": _hash,
        "__setattr__": _setattr(cls, frozenset(names)),
        "__delattr__": _delattr(cls, frozenset(names)),
        "_record_names": names,
        "_record_values": staticmethod(_values(names)),
    }
    for name, value in methods.items():
        if name not in own:
            setattr(cls, name, value)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    for name in ("init", "repr", "eq", "frozen"):  # what the class now is
        setattr(params, name, True)
    if not had_doc:
        cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    return cls


def _plain(cls: type) -> bool:
    """Whether the class (before dataclasses sees it) uses only what ``record`` copies."""
    own = cls.__dict__
    if {"__slots__", "__setattr__", "__delattr__"} & own.keys() or hasattr(cls, "__post_init__"):
        return False
    for name, annotation in own.get("__annotations__", {}).items():
        if "InitVar" in str(annotation) or "KW_ONLY" in str(annotation):
            return False
        spec = own.get(name)
        if isinstance(spec, dataclasses.Field) and not _plain_field(spec):
            return False
    for base in cls.__mro__[1:]:
        if base is object:
            continue
        params = base.__dict__.get("__dataclass_params__")
        if params is None or "_record_names" not in base.__dict__:
            return False  # a base that is not a record: leave it all to dataclasses
    return True


def _plain_field(f: dataclasses.Field[Any]) -> bool:
    kw_only = f.kw_only is True  # MISSING until dataclasses has seen the class
    return f.init and f.repr and f.compare and f.hash is None and not kw_only


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The one compiled method: ``__init__`` with the dataclass's signature. As dataclasses
    does, it is made inside a function given the defaults and helpers, with the class's
    module as its globals (so its annotations resolve there)."""
    helpers: dict[str, Any] = {"__FACTORY": _FACTORY, "__set": object.__setattr__}
    self_name = "__dataclass_self__" if any(f.name == "self" for f in fields) else "self"
    params: list[str] = []
    body: list[str] = []
    seen_default = ""
    for f in fields:
        value = f.name
        if f.default_factory is not dataclasses.MISSING:
            helpers[f"__factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=__FACTORY")
            value = f"__factory_{f.name}() if {f.name} is __FACTORY else {f.name}"
            seen_default = f.name
        elif f.default is not dataclasses.MISSING:
            helpers[f"__default_{f.name}"] = f.default
            params.append(f"{f.name}=__default_{f.name}")
            seen_default = f.name
        else:
            if seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            params.append(f.name)
        body.append(f"  __set({self_name}, {f.name!r}, {value})")
    source = (
        f"def __create_fn__({', '.join(helpers)}):\n"
        f" def __init__({', '.join([self_name, *params])}):\n"
        + ("\n".join(body) or "  pass")
        + "\n return __init__"
    )
    module = sys.modules.get(cls.__module__)
    made: dict[str, Any] = {}
    exec(source, module.__dict__ if module is not None else {}, made)
    init: Callable[..., None] = made["__create_fn__"](**helpers)
    init.__annotations__ = {f.name: f.type for f in fields} | {"return": None}
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _values(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """A record's field values as one tuple (what equality and the hash compare)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    values: Callable[[object], tuple[Any, ...]] = attrgetter(*names)
    return values


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_names)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return self._record_values(self) == self._record_values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self._record_values(self))


def _setattr(cls: Any, fields: frozenset[str]) -> Callable[[Any, str, Any], None]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in fields:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    return __setattr__


def _delattr(cls: Any, fields: frozenset[str]) -> Callable[[Any, str], None]:
    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in fields:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __delattr__
