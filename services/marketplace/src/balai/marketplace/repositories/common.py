from __future__ import annotations

from typing import Any

from balai.common.errors import Problem


def rowcount(result: Any) -> int:
    """Rows an UPDATE/DELETE touched (a `CursorResult`)."""
    return int(result.rowcount)


def changed_meanwhile(what: str) -> Problem:
    return Problem(409, "changed_meanwhile", f"{what} baru saja diubah orang lain. Muat ulang lalu coba lagi.")
