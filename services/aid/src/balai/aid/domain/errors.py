"""The one exception the domain raises; rendered as RFC 9457 problem details by the service."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule refused a command. `detail` is Bahasa Indonesia for operators; `code` is stable."""

    def __init__(self, code: str, detail: str, *, status: int = 422, **extra: Any) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status
        self.extra = extra


def invalid(code: str, detail: str, **extra: Any) -> DomainError:
    return DomainError(code, detail, status=422, **extra)


def conflict(code: str, detail: str, **extra: Any) -> DomainError:
    return DomainError(code, detail, status=409, **extra)
