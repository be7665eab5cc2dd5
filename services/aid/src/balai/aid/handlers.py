"""Command and event handlers of the aid service: one small function each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

COMMAND_HANDLERS: dict[type, Callable[..., Any]] = {}
EVENT_HANDLERS: dict[type, Sequence[Callable[..., Any]]] = {}
