"""Errors as RFC 9457 problem details (`application/problem+json`), worded for village operators.

`detail` is in Bahasa Indonesia (the interface language); `code` is a stable machine-readable key
the PWA can translate; `type` is a URI naming the problem kind.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://balai.desa.id/problems/"

_DEFAULT_TITLES = {
    400: "Permintaan tidak valid",
    401: "Perlu masuk terlebih dahulu",
    403: "Tidak diizinkan",
    404: "Tidak ditemukan",
    405: "Metode tidak diizinkan",
    409: "Bentrok dengan data yang ada",
    413: "Berkas terlalu besar",
    415: "Jenis berkas tidak didukung",
    422: "Data tidak valid",
    423: "Terkunci sementara",
    429: "Terlalu banyak percobaan",
    500: "Kesalahan pada server",
    503: "Layanan belum siap",
}


class Problem(Exception):
    """Raise from any layer; rendered as problem details with the given status."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or _DEFAULT_TITLES.get(status, "Kesalahan")
        self.headers = headers
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


def not_found(what: str, code: str = "not_found") -> Problem:
    return Problem(404, code, f"{what} tidak ditemukan.")


def forbidden(detail: str = "Anda tidak berhak mengakses data ini.") -> Problem:
    return Problem(403, "forbidden", detail)


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    return JSONResponse(
        problem.body(request.url.path if request else None),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=problem.headers,
    )


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return problem_response(exc, request)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else _DEFAULT_TITLES.get(exc.status_code, "")
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(exc.status_code, "http")
        problem = Problem(exc.status_code, code, detail, headers=getattr(exc, "headers", None))
        return problem_response(problem, request)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")),
                "message": err.get("msg", ""),
                "type": err.get("type", ""),
            }
            for err in exc.errors()
        ]
        fields = ", ".join(e["field"] for e in errors if e["field"]) or "permintaan"
        problem = Problem(422, "validation", f"Periksa kembali isian: {fields}.", errors=errors)
        return problem_response(problem, request)

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        problem = Problem(500, "internal", "Terjadi kesalahan pada server. Silakan coba lagi sebentar lagi.")
        return problem_response(problem, request)

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(Exception, on_unexpected)
