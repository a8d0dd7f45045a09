"""Arrow schemas derived from the record dataclasses, so Parquet holds every field of SCHEMA.md."""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, Literal, Union

import pyarrow as pa

from rasad.records import Failure, Record

_SCALARS: dict[type, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def _optional(hint: Any) -> tuple[Any, bool]:
    """(the type inside `X | None`, whether None is allowed)."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"cannot store a union of {args} in Parquet")
        return args[0], True
    return hint, False


def arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of one annotated field type (dataclass → struct, tuple[X, ...] → list)."""
    if hint in _SCALARS:
        return _SCALARS[hint]
    origin = typing.get_origin(hint)
    if origin is Literal:
        kinds = {type(v) for v in typing.get_args(hint)}
        if len(kinds) != 1:
            raise TypeError(f"cannot store a mixed Literal {hint} in Parquet")
        return _SCALARS[kinds.pop()]
    if origin is tuple:
        item, *rest = typing.get_args(hint)
        if rest != [Ellipsis]:
            raise TypeError(f"only tuple[X, ...] can be stored in Parquet, not {hint}")
        return pa.list_(_field("item", item))
    if dataclasses.is_dataclass(hint):
        return pa.struct(arrow_fields(hint))
    raise TypeError(f"no Parquet type for {hint!r}")


def _field(name: str, hint: Any) -> pa.Field:
    inner, nullable = _optional(hint)
    return pa.field(name, arrow_type(inner), nullable=nullable)


def arrow_fields(cls: type) -> list[pa.Field]:
    """One Arrow field per dataclass field, in declaration order; None is allowed only where the type says."""
    hints = typing.get_type_hints(cls)
    return [_field(f.name, hints[f.name]) for f in dataclasses.fields(cls)]


@cache
def record_schema() -> pa.Schema:
    """The nested Parquet schema of an article record (entities with mentions, quotes with speaker, …)."""
    return pa.schema(arrow_fields(Record))


@cache
def failure_schema() -> pa.Schema:
    """The failures table: where the article came from, why it failed, and the error class."""
    return pa.schema(arrow_fields(Failure))
