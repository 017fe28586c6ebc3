"""The settings and fitted models a HandyFrame carries: one immutable value.

Every setter of a HandyFrame returns a new frame with a new :class:`HandyState`
(``dataclasses.replace``); nothing changes a state in place. Values computed
from a frame's data (its ``classes``) are not part of the state, so they never
reach a frame whose data differs.

The one thing that is used up is a :class:`SafetyLift`: ``safety_off()`` puts a
fresh one in the state of the frame it returns, shared by the frames derived
from that one, and the first action of any of them that brings rows to the
driver uses it. The frame ``safety_off()`` was called on never holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .safety import DEFAULT_SAFETY_LIMIT

__all__ = ["HandyState", "SafetyLift"]


class SafetyLift:
    """A one-time pass past the safety limit (see :meth:`HandyState.limit_for_action`)."""

    __slots__ = ("used",)

    def __init__(self) -> None:
        self.used = False

    def use(self) -> bool:
        """True the first time (the pass is then used up), False after."""
        fresh, self.used = not self.used, True
        return fresh

    def __repr__(self) -> str:
        return f"SafetyLift(used={self.used})"


@dataclass(frozen=True)
class HandyState:
    """Settings (safety limit, response) and fitted cleaning models of a HandyFrame.

    Examples
    --------
    >>> state = HandyState()
    >>> state.safety_limit
    1000
    >>> state.replace(safety_limit=10).safety_limit, state.safety_limit
    (10, 1000)
    """

    safety_limit: int = DEFAULT_SAFETY_LIMIT
    response: str | None = None
    fill_model: Any = None
    fence_model: Any = None
    lift: SafetyLift | None = None

    def replace(self, **changes: Any) -> HandyState:
        """A new state with ``changes``; this one is unchanged."""
        return replace(self, **changes)

    def limit_for_action(self) -> int | None:
        """The row limit of an action that brings rows to the driver: None when a fresh lift is used up now."""
        if self.lift is not None and self.lift.use():
            return None
        return self.safety_limit
