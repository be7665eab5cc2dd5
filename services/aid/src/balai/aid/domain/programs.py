"""Programs: creating one (village or regency-wide), its benefit, and its periods."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from balai.aid.domain.errors import invalid
from balai.aid.domain.events import ProgramCreated
from balai.aid.domain.model import Benefit, BenefitKind, FundSource, PeriodKind, Program, ProgramKind, Target

MAX_AMOUNT = 100_000_000
"""Rupiah per beneficiary and period; anything above is a typing error (an extra zero or three)."""
MAX_PERIODS = 240

_VILLAGE = re.compile(r"^\d{10}$")
_PERIOD = {
    PeriodKind.MONTHLY: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    PeriodKind.QUARTERLY: re.compile(r"^(\d{4})-Q([1-4])$"),
    PeriodKind.YEARLY: re.compile(r"^(\d{4})$"),
    PeriodKind.ONCE: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}
_PERIOD_HINT = {
    PeriodKind.MONTHLY: "TTTT-BB, misalnya 2026-01",
    PeriodKind.QUARTERLY: "TTTT-Qn (tahap/triwulan), misalnya 2026-Q1",
    PeriodKind.YEARLY: "TTTT, misalnya 2026",
    PeriodKind.ONCE: "bulan penyaluran TTTT-BB",
}


@dataclass(frozen=True, slots=True)
class CreateProgram:
    name: str
    kind: ProgramKind
    source_of_funds: FundSource
    target: Target
    starts_on: date
    ends_on: date | None
    period_kind: PeriodKind
    benefit: Benefit
    village: str | None
    """A village's own program (managed by its operators)..."""
    villages: tuple[str, ...] = ()
    """...or a regency-wide program covering these villages (defined by a regency admin)."""
    description: str = ""
    created_by: str = ""


def clean_text(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def name_key(name: str) -> str:
    """The name as compared for "same program": case, spaces and punctuation do not matter."""
    return re.sub(r"[^0-9a-z]+", " ", name.lower()).strip()


def dotted(code: str) -> str:
    """`3317092016` -> `33.17.09.2016` (also for district and regency codes)."""
    parts = [code[0:2], code[2:4], code[4:6], code[6:10]]
    return ".".join(p for p in parts if p)


def check_benefit(benefit: Benefit) -> Benefit:
    amount = benefit.amount_rupiah
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
        raise invalid("amount_not_integer", "Nilai bantuan harus bilangan bulat rupiah (tanpa desimal).")
    if amount is not None and not 1 <= amount <= MAX_AMOUNT:
        raise invalid("amount_out_of_range", f"Nilai bantuan harus antara Rp1 dan Rp{MAX_AMOUNT:,}.".replace(",", "."))
    goods = clean_text(benefit.goods)
    if benefit.kind is BenefitKind.GOODS and not goods:
        raise invalid("goods_required", "Bantuan berupa barang: sebutkan barangnya (misalnya: beras 10 kg).")
    if len(goods) > 200:
        raise invalid("goods_too_long", "Uraian barang paling banyak 200 karakter.")
    return Benefit(benefit.kind, amount, goods)


def _coverage(cmd: CreateProgram) -> tuple[str, tuple[str, ...]]:
    if (cmd.village is None) == (not cmd.villages):
        raise invalid(
            "program_scope",
            "Isi `village` untuk program desa, atau `villages` untuk program se-kabupaten (admin kabupaten).",
        )
    if cmd.village is not None:
        if not _VILLAGE.match(cmd.village):
            raise invalid("village_code", "Kode desa harus 10 digit kode Kemendagri.")
        return cmd.village, (cmd.village,)
    villages = tuple(sorted(set(cmd.villages)))
    if not all(_VILLAGE.match(v) for v in villages):
        raise invalid("village_code", "Setiap kode desa harus 10 digit kode Kemendagri.")
    regencies = {v[:4] for v in villages}
    if len(regencies) != 1:
        raise invalid("program_regencies", "Program kabupaten hanya boleh mencakup desa-desa dalam satu kabupaten.")
    return regencies.pop(), villages


def new_program(cmd: CreateProgram, *, program_id: UUID, now: datetime) -> tuple[Program, ProgramCreated]:
    name = clean_text(cmd.name)
    if not 3 <= len(name) <= 200:
        raise invalid("program_name", "Nama program harus 3-200 karakter.")
    if len(cmd.description) > 2000:
        raise invalid("program_description", "Keterangan program paling banyak 2000 karakter.")
    if cmd.ends_on is not None and cmd.ends_on < cmd.starts_on:
        raise invalid("program_dates", "Tanggal akhir program tidak boleh sebelum tanggal mulai.")
    owner, villages = _coverage(cmd)
    program = Program(
        id=program_id,
        name=name,
        kind=cmd.kind,
        source_of_funds=cmd.source_of_funds,
        target=cmd.target,
        description=cmd.description.strip(),
        starts_on=cmd.starts_on,
        ends_on=cmd.ends_on,
        period_kind=cmd.period_kind,
        benefit=check_benefit(cmd.benefit),
        owner=owner,
        villages=villages,
        created_by=cmd.created_by,
        created_at=now,
    )
    return program, ProgramCreated(program)


def period_label(kind: PeriodKind, day: date) -> str:
    if kind is PeriodKind.QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if kind is PeriodKind.YEARLY:
        return f"{day.year}"
    return f"{day.year}-{day.month:02d}"


def period_start(kind: PeriodKind, label: str) -> date:
    """First day of a period; raises on a label that is not of this program's period kind."""
    match = _PERIOD[kind].match(label)
    if not match:
        raise invalid("period_format", f"Periode '{label[:20]}' tidak sesuai; gunakan format {_PERIOD_HINT[kind]}.")
    year = int(match.group(1))
    if kind is PeriodKind.QUARTERLY:
        return date(year, (int(match.group(2)) - 1) * 3 + 1, 1)
    if kind is PeriodKind.YEARLY:
        return date(year, 1, 1)
    return date(year, int(match.group(2)), 1)


def check_period(program: Program, label: str) -> str:
    """The label, if it names a period of this program (within its dates)."""
    start = period_start(program.period_kind, label)
    first = period_label(program.period_kind, program.starts_on)
    if program.period_kind is PeriodKind.ONCE and label != first:
        raise invalid("period_outside_program", f"Program ini disalurkan sekali, pada periode {first}.")
    if start < period_start(program.period_kind, first) or (program.ends_on is not None and start > program.ends_on):
        raise invalid("period_outside_program", f"Periode {label} berada di luar masa berlaku program.")
    return label


def program_periods(program: Program) -> list[str]:
    """Every period of a program with an end date (empty when it is open-ended)."""
    if program.period_kind is PeriodKind.ONCE:
        return [period_label(PeriodKind.ONCE, program.starts_on)]
    if program.ends_on is None:
        return []
    step = {PeriodKind.MONTHLY: 1, PeriodKind.QUARTERLY: 3, PeriodKind.YEARLY: 12}[program.period_kind]
    current = period_start(program.period_kind, period_label(program.period_kind, program.starts_on))
    labels: list[str] = []
    while current <= program.ends_on and len(labels) < MAX_PERIODS:
        labels.append(period_label(program.period_kind, current))
        months = current.month - 1 + step
        current = date(current.year + months // 12, months % 12 + 1, 1)
    return labels
