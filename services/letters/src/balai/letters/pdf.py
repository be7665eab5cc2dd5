"""HTML -> A4 PDF, behind a small protocol so the service can swap or fake the renderer.

:class:`WeasyPrintRenderer` renders in memory (no output or temp files per render): the bundled fonts
(Liberation Serif, SIL OFL, in ``fonts/``) are declared with ``@font-face`` file URLs as "Balai Serif",
so a letter looks the same on every machine. Each thread keeps its own WeasyPrint font configuration
(WeasyPrint copies a declared font once into that configuration's private ``mkdtemp`` folder, so
concurrent renders never share file names). Templates cannot reach the network or the disk: the URL
fetcher serves ``data:`` URIs and the bundled font files only.

System libraries: ``libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`` (see the README).
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit

__all__ = ["FONT_DIR", "PdfRenderError", "PdfRenderer", "WeasyPrintRenderer", "font_face_css"]

FONT_DIR = Path(__file__).parent / "fonts"
FONT_FAMILY = "Balai Serif"
_FACES = (
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
)


class PdfRenderError(Exception):
    """The HTML could not be turned into a PDF."""


@runtime_checkable
class PdfRenderer(Protocol):
    def render(self, html: str) -> bytes:
        """A4 PDF bytes for a complete HTML document."""
        ...


@functools.cache
def font_face_css() -> str:
    """``@font-face`` rules declaring the bundled fonts as the "Balai Serif" family."""
    rules = []
    for filename, weight, style in _FACES:
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{(FONT_DIR / filename).as_uri()}");'
            f" font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def _fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    font_root = FONT_DIR.resolve()

    class _SafeFetcher(URLFetcher):  # type: ignore[misc]
        """Serves data: URIs and the bundled fonts; refuses the network and every other file."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if path.parent == font_root and path.suffix == ".ttf":
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": "font/ttf"})
            raise ValueError(f"letters may only use embedded data: resources, not {url[:80]!r}")

    return _SafeFetcher


class WeasyPrintRenderer:
    """Thread-safe WeasyPrint renderer. Create one per process and share it between threads."""

    def __init__(self, *, fail_on_missing_resource: bool = False) -> None:
        self._local = threading.local()
        self._fail = fail_on_missing_resource

    def _thread_state(self) -> tuple[Any, Any, Any]:
        state: tuple[Any, Any, Any] | None = getattr(self._local, "state", None)
        if state is None:
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration

            fetcher = _fetcher_class()(fail_on_errors=self._fail)
            font_config = FontConfiguration()
            fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
            state = (fetcher, font_config, fonts)
            self._local.state = state
        return state

    def render(self, html: str) -> bytes:
        from weasyprint import HTML

        fetcher, font_config, fonts = self._thread_state()
        try:
            document = HTML(string=html, url_fetcher=fetcher, base_url=None)
            pdf: bytes = document.write_pdf(stylesheets=[fonts], font_config=font_config)
        except Exception as exc:  # WeasyPrint raises many kinds; callers need one
            raise PdfRenderError(f"PDF rendering failed: {type(exc).__name__}: {exc}") from exc
        except BaseException as exc:
            # A refused resource with fail_on_missing_resource raises FatalURLFetchingError(BaseException).
            if type(exc).__name__ != "FatalURLFetchingError":
                raise
            raise PdfRenderError(f"PDF rendering failed: {exc}") from exc
        return pdf
