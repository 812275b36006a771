"""``@record`` (store/frozen.py) behaves as the frozen dataclass each record of ours was.

Every record class in the package is compared with a frozen dataclass made from its fields:
the same signature, repr, equality and hash, the same refusal to change, and a pickle
round trip; then the corners, each against ``dataclasses.dataclass(frozen=True)``.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pickle
import pkgutil
import typing
from dataclasses import FrozenInstanceError, InitVar, field
from typing import Any, ClassVar

import pytest

import mace_tui
import store
from store.frozen import record

# Modules that run when imported (alembic's environment, the entry point): no records there.
SKIPPED = ("mace_tui.__main__", "store.migrations")


def _all_records() -> list[type]:
    found: dict[str, type] = {}
    for package in (mace_tui, store):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith(SKIPPED):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, type) and "_record_names" in value.__dict__:
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


RECORDS = _all_records()


def _twin(cls: type) -> type:
    """A frozen dataclass with ``cls``'s fields, as ``@dataclass(frozen=True)`` made them."""
    specs: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            specs.append((f.name, f.type, field(default_factory=f.default_factory)))
        elif f.default is not dataclasses.MISSING:
            specs.append((f.name, f.type, field(default=f.default)))
        else:
            specs.append((f.name, f.type))
    return dataclasses.make_dataclass(cls.__name__, specs, frozen=True)


def _values(cls: type, shift: int = 0) -> dict[str, Any]:
    return {f.name: (f"{f.name}-{shift}",) for f in dataclasses.fields(cls)}


def test_every_record_is_found() -> None:
    # The walk found the records the start-up path defines (a broken walk would pass vacuously).
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in RECORDS}
    assert {"store.meeting_records.QueueEntry", "mace_tui.chair.case.CaseView"} <= names
    assert len(RECORDS) > 200


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_a_record_behaves_as_its_frozen_dataclass(cls: type) -> None:
    twin = _twin(cls)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen and params.eq and params.init and params.repr
    assert str(inspect.signature(cls)) == str(inspect.signature(twin))
    assert [f.name for f in dataclasses.fields(cls)] == [f.name for f in dataclasses.fields(twin)]

    one, same, other = cls(**_values(cls)), cls(**_values(cls)), cls(**_values(cls, 1))
    twin_one = twin(**_values(cls))
    assert repr(one).split("(", 1)[1] == repr(twin_one).split("(", 1)[1]
    assert repr(one).startswith(cls.__qualname__ + "(")
    if "__eq__" not in cls.__dict__ or cls.__eq__ is not object.__eq__:
        assert one == same and hash(one) == hash(same)
        if dataclasses.fields(cls):
            assert one != other
    assert one != twin_one  # another class is never equal, as with dataclasses
    for name in [f.name for f in dataclasses.fields(cls)][:1]:
        with pytest.raises(FrozenInstanceError):
            setattr(one, name, "changed")
        with pytest.raises(FrozenInstanceError):
            delattr(one, name)
    with pytest.raises(FrozenInstanceError):
        one.not_a_field = 1
    if "<locals>" not in cls.__qualname__:
        assert pickle.loads(pickle.dumps(one)) == one
    assert dataclasses.replace(one) == one
    assert dataclasses.asdict(one) == dataclasses.asdict(twin_one)


# The corners, each made twice: as a record and as a frozen dataclass.
def _both(body: dict[str, Any], annotations: dict[str, Any]) -> tuple[type, type]:
    made: list[type] = []
    for decorate in (record, dataclasses.dataclass(frozen=True)):
        namespace = {**body, "__annotations__": dict(annotations), "__module__": __name__}
        made.append(decorate(type("Corner", (), namespace)))
    return made[0], made[1]


def test_a_default_factory_gives_each_record_its_own_value() -> None:
    mine, theirs = _both({"items": field(default_factory=list)}, {"items": "list[int]"})
    for cls in (mine, theirs):
        assert cls().items == [] and cls().items is not cls().items
        assert cls(items=[1]).items == [1]
    assert str(inspect.signature(mine)) == str(inspect.signature(theirs))


def test_a_method_the_class_defines_is_kept() -> None:
    def __eq__(self: Any, other: object) -> bool:
        return True

    def __repr__(self: Any) -> str:
        return "mine"

    for cls in _both({"__eq__": __eq__, "__repr__": __repr__}, {"x": "int"}):
        assert cls(1) == cls(2) and repr(cls(1)) == "mine"
        assert hash(cls(1)) == hash(cls(1))  # __eq__ without __hash__: the fields' hash

    def __hash__(self: Any) -> int:
        return 7

    for cls in _both({"__hash__": __hash__}, {"x": "int"}):
        assert hash(cls(1)) == 7


def test_a_record_may_inherit_from_a_record() -> None:
    @record
    class Base:
        x: int

    @record
    class Child(Base):
        y: str = "y"

    assert str(inspect.signature(Child)) == "(x: 'int', y: 'str' = 'y') -> None"
    assert Child(1) == Child(1, "y") and Child(1) != Base(1)
    with pytest.raises(FrozenInstanceError):
        Child(1).x = 2  # type: ignore[misc]

    @dataclasses.dataclass(frozen=True)
    class Made(Child):  # dataclasses checks the base is frozen, as a record says it is
        z: int = 0

    assert Made(1, "y", 2) == Made(1, "y", 2) and Made(1).z == 0
    assert Base.__dataclass_params__.frozen and Child.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_a_plain_subclass_may_add_attributes_but_not_change_fields() -> None:
    @record
    class Base:
        x: int

    class Plain(Base):
        pass

    plain = Plain(1)
    plain.extra = 2  # type: ignore[attr-defined]
    assert plain.extra == 2  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        plain.x = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("body", "annotations"),
    [
        ({"__post_init__": lambda self, scale: None}, {"x": "int", "scale": InitVar[int]}),
        ({"y": field(default=0, compare=False)}, {"x": "int", "y": "int"}),
        ({"y": field(default=0, repr=False)}, {"x": "int", "y": "int"}),
        ({"y": field(default=0, kw_only=True)}, {"x": "int", "y": "int"}),
        ({"y": field(default=0, init=False)}, {"x": "int", "y": "int"}),
    ],
    ids=["post-init and InitVar", "compare=False", "repr=False", "kw_only", "init=False"],
)
def test_what_record_does_not_copy_is_left_to_dataclasses(
    body: dict[str, Any], annotations: dict[str, Any]
) -> None:
    mine, theirs = _both(body, annotations)
    assert "_record_names" not in mine.__dict__
    assert str(inspect.signature(mine)) == str(inspect.signature(theirs))
    assert mine.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_a_class_variable_is_not_a_field() -> None:
    mine, theirs = _both({"LIMIT": 3}, {"x": "int", "LIMIT": ClassVar[int]})
    assert str(inspect.signature(mine)) == str(inspect.signature(theirs)) == "(x: 'int') -> None"
    assert mine(1).LIMIT == 3


def test_a_record_without_a_docstring_is_described_as_dataclasses_would() -> None:
    mine, theirs = _both({"__doc__": None}, {"x": "int", "y": "str"})
    assert mine.__doc__ == theirs.__doc__ == "Corner(x: 'int', y: 'str')"


def test_its_init_resolves_its_annotations_in_the_records_module() -> None:
    """As a dataclass's: ``__init__`` has the module as its globals."""
    from store.meeting_records import QueueEntry

    hints = typing.get_type_hints(QueueEntry.__init__)
    assert hints["name"] is str and hints["return"] is type(None)


def test_a_field_named_self_and_defaults_out_of_order_are_as_dataclasses_have_them() -> None:
    mine, theirs = _both({"other": 1}, {"self": "int", "other": "int"})
    signatures = {str(inspect.signature(vars(kind)["__init__"])) for kind in (mine, theirs)}
    assert signatures == {"(__dataclass_self__, self: 'int', other: 'int' = 1) -> None"}
    assert mine(3) == mine(3, 1) and mine(3).self == 3
    for decorate in (record, dataclasses.dataclass(frozen=True)):
        namespace = {"a": 1, "__annotations__": {"a": "int", "b": "int"}}
        with pytest.raises(TypeError, match="non-default argument 'b' follows default"):
            decorate(type("Unordered", (), namespace))
