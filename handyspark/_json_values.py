"""Exact JSON for the values Spark gives back: NaN, infinities, decimals, dates and instants as tagged objects.

One codec, two spellings of its tags: fitted stages (:mod:`handyspark._column_models`, saved with Spark
ML's writers) tag a value as ``{"float": "nan"}``, profiles (:mod:`handyspark.profile`) as
``{"$float": "nan"}``. Both spellings are formats already written to disk, so both stay.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar, TypeVar

from ._expressions import Instant
from .errors import ArgumentError

__all__ = ["Codec", "STAGE", "PROFILE", "JsonRecord"]

_KINDS: dict[str, Callable[[Any], Any]] = {
    "float": float,
    "decimal": decimal.Decimal,
    "instant": lambda micros: Instant(int(micros)),
    "datetime": _dt.datetime.fromisoformat,
    "date": _dt.date.fromisoformat,
}


@dataclass(frozen=True)
class Codec:
    """Scalars to strict-JSON data and back; ``tags`` spells the tag of each kind of value.

    Examples
    --------
    >>> PROFILE.encode_tree([1, 1.5, float("nan"), None])
    [1, 1.5, {'$float': 'nan'}, None]
    >>> STAGE.decode(STAGE.encode(float("-inf")))
    -inf
    """

    tags: Mapping[str, str]  # kind -> tag
    what: str  # what holds the values, for the error message

    def encode(self, value: Any) -> Any:
        """A JSON-safe form of a scalar that :meth:`decode` turns back into an equal value of the same type."""
        if hasattr(value, "item") and not isinstance(value, (bool, int, float, str)):  # numpy scalar
            value = value.item()
        if value is None or isinstance(value, (bool, int, str)):
            return value
        if isinstance(value, float):
            return value if math.isfinite(value) else {self.tags["float"]: repr(value)}
        if isinstance(value, decimal.Decimal):
            return {self.tags["decimal"]: str(value)}
        if isinstance(value, Instant):
            return {self.tags["instant"]: value.micros}
        if isinstance(value, _dt.datetime):
            return {self.tags["datetime"]: value.isoformat()}
        if isinstance(value, _dt.date):
            return {self.tags["date"]: value.isoformat()}
        raise TypeError(f"{self.what} holds no value of type {type(value).__name__} ({value!r})")

    def decode(self, data: Any) -> Any:
        """The scalar :meth:`encode` made ``data`` of."""
        if not isinstance(data, Mapping):
            return data
        kind = self._kind(data)
        if kind is None:
            raise ValueError(f"unknown encoded value {data!r}")
        (raw,) = data.values()
        return _KINDS[kind](raw)

    def encode_tree(self, value: Any) -> Any:
        """:meth:`encode` through lists, tuples (as lists) and dicts (keys as strings)."""
        if isinstance(value, (list, tuple)):
            return [self.encode_tree(v) for v in value]
        if isinstance(value, dict):
            return {str(k): self.encode_tree(v) for k, v in value.items()}
        return self.encode(value)

    def decode_tree(self, data: Any) -> Any:
        """The value :meth:`encode_tree` made ``data`` of (tuples come back as lists)."""
        if isinstance(data, list):
            return [self.decode_tree(v) for v in data]
        if isinstance(data, Mapping):
            kind = self._kind(data)
            if kind is not None:
                (raw,) = data.values()
                return _KINDS[kind](raw)
            return {k: self.decode_tree(v) for k, v in data.items()}
        return data

    def _kind(self, data: Mapping) -> str | None:
        if len(data) != 1:
            return None
        (tag,) = data.keys()
        return next((kind for kind, spelled in self.tags.items() if spelled == tag), None)


#: The tags of fitted stages (imputer and fencer values, strata keys).
STAGE = Codec({"float": "float", "decimal": "decimal", "instant": "instant_us", "datetime": "timestamp",
               "date": "date"}, "a fitted model")

#: The tags of profiles.
PROFILE = Codec({kind: f"${kind}" for kind in _KINDS}, "a profile")


_R = TypeVar("_R", bound="JsonRecord")


class JsonRecord:
    """A dataclass of plain data kept as exact JSON: ``to_dict``/``from_dict``, ``to_json``/``from_json``, and
    equality by that JSON (NaN equals NaN; ``1`` differs from ``1.0``). Values are tagged by :data:`PROFILE`.

    A subclass (a dataclass) sets ``FORMAT``, the version of its layout, and ``KIND``, what errors call it.
    """

    FORMAT: ClassVar[int] = 1
    KIND: ClassVar[str] = "record"

    def to_dict(self) -> dict:
        """Strict-JSON data (no NaN: non-finite floats, decimals, dates and instants tagged) that
        :meth:`from_dict` turns back into an equal value."""
        return {"format": self.FORMAT, **{f.name: PROFILE.encode_tree(getattr(self, f.name))
                                          for f in fields(self)}}  # type: ignore[arg-type]

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as JSON text (``kwargs`` go to ``json.dumps``, e.g. ``indent=1``)."""
        return json.dumps(self.to_dict(), allow_nan=False, **kwargs)

    @classmethod
    def from_dict(cls: type[_R], data: dict) -> _R:
        """The value :meth:`to_dict` made ``data`` of."""
        found = data.get("format") if isinstance(data, dict) else None
        if found != cls.FORMAT:
            raise ArgumentError(f"not a {cls.KIND} of format {cls.FORMAT}: format {found!r}")
        return cls(**{f.name: PROFILE.decode_tree(data[f.name]) for f in fields(cls)})  # type: ignore[arg-type]

    @classmethod
    def from_json(cls: type[_R], text: str) -> _R:
        """The value :meth:`to_json` wrote."""
        return cls.from_dict(json.loads(text))

    def __eq__(self, other: object) -> bool:
        """Equal figures, types included (NaN equals NaN; ``1`` differs from ``1.0``)."""
        if type(other) is not type(self):
            return NotImplemented
        return json.dumps(self.to_dict(), sort_keys=True) == json.dumps(other.to_dict(), sort_keys=True)

    __hash__ = None  # type: ignore[assignment]
