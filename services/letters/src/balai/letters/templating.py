"""Render letter HTML from Jinja2 templates in a sandbox, and vet a village's custom templates.

Templates run in an immutable Jinja2 sandbox with autoescape and ``StrictUndefined`` (a typo is an error,
not a blank). Loops, string repetition and output size are bounded so a template cannot hang a worker.
Built-in templates are read lazily from ``templates/`` on first use; nothing happens at import time.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from balai.letters import indonesian
from balai.letters.context import LetterContext, LetterInfo, ResidentInfo, SignerInfo, VillageInfo
from balai.letters.definitions import LetterType, sample_values
from balai.letters.lettertypes import get_letter_type

__all__ = [
    "TEMPLATE_DIR",
    "TemplateRenderError",
    "render_letter_html",
    "sample_context",
    "validate_template",
]

TEMPLATE_DIR = Path(__file__).parent / "templates"
MAX_TEMPLATE_CHARS = 100_000
MAX_OUTPUT_CHARS = 2_000_000
MAX_LOOP_ITERATIONS = 100_000  # summed over every range() of one render
MAX_REPEAT_CHARS = 10_000  # "x" * n, [..] * n

# A neutral shield drawn in SVG, printed where a village has not uploaded its logo yet.
PLACEHOLDER_LOGO = (
    "data:image/svg+xml;utf8,"
    "%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 120'%3E"
    "%3Cpath d='M50 4 L94 18 V58 C94 88 74 106 50 116 C26 106 6 88 6 58 V18 Z' fill='%23f4f1e6'"
    " stroke='%23222' stroke-width='4'/%3E"
    "%3Cpath d='M50 30 L57 50 L78 50 L61 62 L67 82 L50 70 L33 82 L39 62 L22 50 L43 50 Z' fill='%23222'/%3E"
    "%3Ctext x='50' y='101' font-size='11' text-anchor='middle' font-family='Balai Serif' fill='%23222'%3E"
    "LOGO%3C/text%3E%3C/svg%3E"
)

# 1x1 transparent PNG: stands in for the QR while a template is only being checked.
_PIXEL_PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

_loop_budget: contextvars.ContextVar[list[int]] = contextvars.ContextVar("letters_loop_budget")


class TemplateRenderError(Exception):
    """A template failed to render; the message says why (in English, for operators and logs)."""


class _LetterSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("exponent too large in template")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(count, int)
                    and len(seq) * count > MAX_REPEAT_CHARS
                ):
                    raise SecurityError("repetition too large in template")
        return super().call_binop(context, operator, left, right)


def _bounded_range(*args: int) -> range:
    rng = range(*args)
    budget = _loop_budget.get(None)
    if budget is not None:
        budget[0] += len(rng)
        if budget[0] > MAX_LOOP_ITERATIONS:
            raise SecurityError("the template loops too many times")
    elif len(rng) > MAX_LOOP_ITERATIONS:
        raise SecurityError("range too large in template")
    return rng


@functools.cache
def _environment() -> _LetterSandbox:
    env = _LetterSandbox(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(range=_bounded_range, umur=indonesian.umur, placeholder_logo=PLACEHOLDER_LOGO)
    env.filters.update(
        tanggal=indonesian.format_tanggal,
        hari_tanggal=indonesian.format_hari_tanggal,
        rupiah=indonesian.format_rupiah,
        terbilang=indonesian.terbilang,
        romawi=indonesian.to_roman,
    )
    return env


@functools.lru_cache(maxsize=256)
def _compile(source: str) -> jinja2.Template:
    return _environment().from_string(source)


def _template(letter_type: LetterType, template_source: str | None) -> jinja2.Template:
    if template_source is not None:
        if len(template_source) > MAX_TEMPLATE_CHARS:
            raise TemplateRenderError(f"template is longer than {MAX_TEMPLATE_CHARS} characters")
        return _compile(template_source)
    return _environment().get_template(letter_type.template)


def _render(template: jinja2.Template, variables: dict[str, Any]) -> str:
    token = _loop_budget.set([0])
    try:
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(variables):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise SecurityError("the template output is too large")
            chunks.append(chunk)
        return "".join(chunks)
    finally:
        _loop_budget.reset(token)


def render_letter_html(letter_type: LetterType, context: LetterContext, *, template_source: str | None = None) -> str:
    """The letter as HTML. ``template_source`` replaces the type's built-in template (a village's own).

    Raises :class:`TemplateRenderError` if the template fails (a saved template was vetted with
    :func:`validate_template`, so this means data the sample did not cover).
    """
    variables = context.template_vars(letter_type.title)
    # Every declared field is present (optional ones as None), so templates may test them freely.
    variables["fields"] = {f.name: None for f in letter_type.fields} | dict(context.fields)
    try:
        return _render(_template(letter_type, template_source), variables)
    except TemplateRenderError:
        raise
    except (
        jinja2.TemplateError,
        SecurityError,
        ArithmeticError,
        TypeError,
        ValueError,
        RecursionError,
        LookupError,
        AttributeError,
    ) as exc:
        raise TemplateRenderError(_describe(exc)) from exc


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"syntax error on line {exc.lineno}: {exc.message}"
    if isinstance(exc, SecurityError):
        return f"not allowed in a letter template: {exc}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"unknown name or attribute: {exc.message}"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template not found: {exc.name}"
    if isinstance(exc, RecursionError):
        return "the template calls itself without end"
    return f"{type(exc).__name__}: {exc}"


def sample_context(
    letter_type: LetterType,
    *,
    qr_data_uri: str = _PIXEL_PNG,
    number: str = "470/012/33.17.09.2016/XI/2026",
    on_behalf: bool = False,
) -> LetterContext:
    """A complete, plausible context for ``letter_type`` (template checks, previews, tests, benchmarks)."""
    issued = dt.date(2026, 11, 23)
    village = VillageInfo(
        code="33.17.09.2016",
        name="Mojowarno",
        kecamatan="Kaliori",
        kabupaten="Rembang",
        provinsi="Jawa Tengah",
        address="Jl. Raya Kaliori - Rembang Km. 7",
        postal_code="59252",
        phone="(0295) 123456",
        email="pemdes@mojowarno.desa.id",
        website="mojowarno.desa.id",
    )
    resident = ResidentInfo(
        nama="Budi Santoso",
        nik="3317092503900002",
        no_kk="3317091203150004",
        tempat_lahir="Rembang",
        tanggal_lahir=dt.date(1990, 3, 25),
        jenis_kelamin="Laki-laki",
        agama="Islam",
        status_perkawinan="Kawin",
        pekerjaan="Petani/Pekebun",
        pendidikan="SLTA/Sederajat",
        alamat="Dusun Krajan",
        rt="002",
        rw="001",
        nama_ayah="Slamet Riyadi",
        nama_ibu="Siti Aminah",
    )
    head = f"{village.head_title} {village.name}"
    signer = (
        SignerInfo(name="Rina Kurniawati, S.Pd.", position="Sekretaris Desa", on_behalf_of=head)
        if on_behalf
        else SignerInfo(name="H. Sutrisno", position=head)
    )
    letter = LetterInfo(
        number=number,
        issued_on=issued,
        valid_until=letter_type.valid_until(issued),
        verify_url="https://balai.rembangkab.go.id/v/K7QD2M4XW9ZP3HTF6RBN5JYA",
        qr_data_uri=qr_data_uri,
    )
    fields = letter_type.validate_fields(sample_values(letter_type.fields))
    return LetterContext(village=village, resident=resident, signer=signer, letter=letter, fields=fields)


def validate_template(source: str, letter_type: LetterType | None = None) -> list[str]:
    """Problems with a custom template ``source`` (empty list = it can be saved).

    The template is test-rendered with sample data for ``letter_type`` (its fields included), for a
    letter signed by the head and one signed on behalf; it must show the letter number and the QR code.
    """
    lt = letter_type or get_letter_type("keterangan-umum")
    if not source.strip():
        return ["the template is empty"]
    if len(source) > MAX_TEMPLATE_CHARS:
        return [f"the template is longer than {MAX_TEMPLATE_CHARS} characters"]
    try:
        _compile(source)
    except jinja2.TemplateSyntaxError as exc:
        return [_describe(exc)]
    problems: list[str] = []
    for on_behalf in (False, True):
        ctx = sample_context(lt, on_behalf=on_behalf)
        try:
            html = render_letter_html(lt, ctx, template_source=source)
        except TemplateRenderError as exc:
            if str(exc) not in problems:
                problems.append(str(exc))
            continue
        if ctx.letter.number not in html:
            problems.append("the letter number (letter.number) does not appear in the output")
        if ctx.letter.qr_data_uri not in html:
            problems.append("the QR code (letter.qr_data_uri) does not appear in the output")
        if problems:
            break
    return problems
