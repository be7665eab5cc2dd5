"""The public verification page ``/v/{code}``: Bahasa Indonesia, phone-sized, a clear green or red state.

The letters app serves it itself (standalone); in the embedded stack, where the app is mounted at
``/api/letters``, :func:`verify_page_app` gives a tiny Starlette app to mount at ``/v`` on the origin --
the address printed in every QR.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from balai.common.errors import Problem
from balai.letters.app_context import LettersContext
from balai.letters.indonesian import format_tanggal
from balai.letters.verification import check_rate, verify_code

__all__ = ["render_page", "verify_page", "verify_page_app"]

_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_STATES: dict[str, tuple[str, str, str, str]] = {
    # status: (css class, symbol, heading, explanation)
    "valid": ("ok", "✓", "Surat ini ASLI dan BERLAKU", "Surat diterbitkan oleh pemerintah desa melalui Balai."),
    "expired": (
        "warn",
        "!",
        "Surat ini asli, tetapi MASA BERLAKUNYA SUDAH HABIS",
        "Minta pemohon mengurus surat baru.",
    ),
    "revoked": ("bad", "✕", "Surat ini TELAH DICABUT", "Surat tidak berlaku lagi sejak dicabut oleh pemerintah desa."),
    "unknown": (
        "bad",
        "?",
        "Surat TIDAK DIKENAL",
        "Kode ini tidak terdaftar. Surat bisa palsu, atau kode salah ketik. Hubungi kantor desa penerbit.",
    ),
    "limited": ("warn", "…", "Terlalu banyak pemeriksaan", "Tunggu sebentar, lalu muat ulang halaman ini."),
}

_CSS = """
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f4f2;color:#1b1b1b}
main{max-width:32rem;margin:0 auto;padding:1rem}
.state{border-radius:12px;padding:1.25rem;color:#fff;display:flex;gap:1rem;align-items:center}
.state b{font-size:1.15rem;display:block}.sym{font-size:2.6rem;font-weight:700;line-height:1}
.ok{background:#1b7f3b}.bad{background:#b3261e}.warn{background:#8a5a00}
dl{background:#fff;border-radius:12px;padding:1rem;margin:1rem 0}
dt{font-size:.85rem;color:#555}dd{margin:0 0 .7rem 0;font-weight:600;word-break:break-word}
p.note{font-size:.85rem;color:#444}
"""


def _row(label: str, value: str | None) -> str:
    return f"<dt>{html.escape(label)}</dt><dd>{html.escape(value or '-')}</dd>"


def _date(value: str | None) -> str | None:
    if not value:
        return None
    return format_tanggal(dt.date.fromisoformat(value))


def render_page(status: str, data: dict[str, Any]) -> str:
    css, symbol, heading, explanation = _STATES.get(status, _STATES["unknown"])
    details = ""
    if status in ("valid", "expired", "revoked"):
        rows = [
            _row("Jenis surat", data.get("type_title")),
            _row("Nomor", data.get("number")),
            _row("Atas nama", data.get("holder")),
            _row("Desa", (data.get("village") or {}).get("name")),
            _row("Tanggal surat", _date(data.get("issued_on"))),
            _row("Berlaku sampai", _date(data.get("valid_until")) or "Tidak ada batas waktu"),
            _row(
                "Ditandatangani",
                " ".join(
                    filter(
                        None,
                        (
                            data.get("signer_on_behalf_of") and "a.n. " + data["signer_on_behalf_of"],
                            data.get("signer_position"),
                        ),
                    )
                ),
            ),
        ]
        if data.get("revoked_on"):
            rows.append(_row("Dicabut pada", _date(data.get("revoked_on"))))
        details = "<dl>" + "".join(rows) + "</dl>"
    return (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>Verifikasi surat – {html.escape(heading)}</title><style>{_CSS}</style></head><body><main>"
        f"<div class='state {css}' role='status'><span class='sym' aria-hidden='true'>{symbol}</span>"
        f"<div><b>{html.escape(heading)}</b>{html.escape(explanation)}</div></div>{details}"
        "<p class='note'>Cocokkan nama, nomor dan tanggal di atas dengan surat yang Anda pegang. "
        "Nama pemegang ditampilkan sebagian untuk melindungi data pribadi.</p>"
        "</main></body></html>"
    )


async def verify_page(ctx: LettersContext, request: Request, code: str) -> Response:
    client = request.client.host if request.client else "unknown"
    try:
        await check_rate(ctx.limiter, client)
    except Problem as problem:
        return HTMLResponse(render_page("limited", {}), status_code=429, headers=_HEADERS | (problem.headers or {}))
    status_code, answer = await verify_code(ctx.unit_of_work, code, ctx.today(), ctx.settings.timezone)
    data = answer.model_dump(mode="json")
    return HTMLResponse(render_page(answer.status, data), status_code=status_code, headers=_HEADERS)


def verify_page_app(letters_app: FastAPI) -> Starlette:
    """A tiny app serving ``/{code}`` for the stack to mount at ``/v`` beside ``/api/letters``.

    It shares the letters app's running context (database, rate limiter), so mount it in the same process
    and run the letters app's lifespan (the stack does both).
    """

    async def page(request: Request) -> Response:
        ctx: LettersContext = letters_app.state.runtime.extras["letters"]
        return await verify_page(ctx, request, request.path_params["code"])

    return Starlette(routes=[Route("/{code}", page, methods=["GET"])])
