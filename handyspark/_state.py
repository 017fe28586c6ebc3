"""The settings and learned values a HandyFrame carries from one operation to the next."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .safety import DEFAULT_SAFETY_LIMIT


@dataclass
class HandyState:
    """Settings (safety limit, response) and fitted cleaning models of a HandyFrame."""

    safety_limit: int = DEFAULT_SAFETY_LIMIT
    safety_off_once: bool = False
    response: str | None = None
    classes: list | None = None
    fill_model: Any = None
    fence_model: Any = None
    extra: dict = field(default_factory=dict)

    def copy(self, **changes: Any) -> HandyState:
        """A copy for a derived frame; the one-shot safety switch is not inherited."""
        changes.setdefault("safety_off_once", False)
        return replace(self, **changes)

    def take_limit(self) -> int | None:
        """The row limit for the next action (None when lifted), resetting a one-shot ``safety_off``."""
        if self.safety_off_once:
            self.safety_off_once = False
            return None
        return self.safety_limit
