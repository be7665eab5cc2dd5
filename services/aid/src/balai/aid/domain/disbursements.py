"""Disbursements per beneficiary and period: planned -> disbursed, or failed (with a reason).

- A disbursement names the date, the amount (integer rupiah), who handed it over and a proof
  reference (receipt, berita acara or photo number); a failure names its reason.
- A failed disbursement may be recorded as disbursed later (a second attempt); a disbursed one is
  final (a correction is a separate, audited matter, not an overwrite).
- Recording the same outcome again changes nothing and publishes nothing (safe to retry).
- Nobody flagged for review (deceased, moved away) or removed is paid or planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from balai.aid.domain.errors import conflict, invalid
from balai.aid.domain.events import DisbursementRecorded
from balai.aid.domain.model import (
    Beneficiary,
    BeneficiaryStatus,
    BenefitKind,
    Disbursement,
    DisbursementStatus,
    Program,
)
from balai.aid.domain.programs import MAX_AMOUNT, check_period, clean_text


@dataclass(frozen=True, slots=True)
class RecordDisbursement:
    period: str
    status: DisbursementStatus
    disbursed_on: date | None = None
    amount_rupiah: int | None = None
    disbursed_by: str = ""
    proof_ref: str = ""
    reason: str = ""
    by: str = ""


def _amount(program: Program, given: int | None) -> int | None:
    if given is not None and (isinstance(given, bool) or not isinstance(given, int)):
        raise invalid("amount_not_integer", "Jumlah harus bilangan bulat rupiah (tanpa desimal).")
    amount = given if given is not None else program.benefit.amount_rupiah
    if amount is None and program.benefit.kind is BenefitKind.CASH:
        raise invalid("amount_required", "Jumlah rupiah yang disalurkan wajib diisi.")
    if amount is not None and not 1 <= amount <= MAX_AMOUNT:
        raise invalid("amount_out_of_range", "Jumlah bantuan di luar batas wajar; periksa kembali angkanya.")
    return amount


@dataclass(frozen=True, slots=True)
class _Outcome:
    amount_rupiah: int | None
    disbursed_on: date | None
    disbursed_by: str
    proof_ref: str
    failure_reason: str


def _outcome(cmd: RecordDisbursement, program: Program, current: Disbursement | None, today: date) -> _Outcome:
    if cmd.status is DisbursementStatus.DISBURSED:
        if cmd.disbursed_on is None or cmd.disbursed_on > today:
            raise invalid("disbursed_on", "Tanggal penyaluran wajib diisi dan tidak boleh di masa depan.")
        who, proof = clean_text(cmd.disbursed_by), clean_text(cmd.proof_ref)
        if not who or len(who) > 120:
            raise invalid("disbursed_by", "Sebutkan siapa/lembaga yang menyalurkan (paling banyak 120 karakter).")
        if not proof or len(proof) > 120:
            raise invalid("proof_ref", "Nomor bukti penyaluran (kuitansi/berita acara/foto) wajib diisi.")
        return _Outcome(_amount(program, cmd.amount_rupiah), cmd.disbursed_on, who, proof, "")
    if cmd.status is DisbursementStatus.FAILED:
        reason = clean_text(cmd.reason)
        if not 3 <= len(reason) <= 300:
            raise invalid("reason_required", "Sebutkan alasan penyaluran gagal (3-300 karakter).")
        planned = current.amount_rupiah if current else program.benefit.amount_rupiah
        return _Outcome(planned, None, "", "", reason)
    raise invalid("status", "Status yang dicatat harus 'disbursed' atau 'failed'.")


def _same(current: Disbursement, status: DisbursementStatus, outcome: _Outcome) -> bool:
    return (
        current.status is status
        and current.amount_rupiah == outcome.amount_rupiah
        and current.disbursed_on == outcome.disbursed_on
        and current.disbursed_by == outcome.disbursed_by
        and current.proof_ref == outcome.proof_ref
        and current.failure_reason == outcome.failure_reason
    )


def record(
    program: Program,
    beneficiary: Beneficiary,
    current: Disbursement | None,
    cmd: RecordDisbursement,
    *,
    today: date,
    now: datetime,
) -> tuple[Disbursement, DisbursementRecorded | None]:
    period = check_period(program, cmd.period)
    outcome = _outcome(cmd, program, current, today)
    if current is not None and _same(current, cmd.status, outcome):
        return current, None  # a retry of what is already recorded
    if beneficiary.status is not BeneficiaryStatus.ACTIVE:
        raise conflict("beneficiary_removed", "Penerima ini sudah dikeluarkan dari program.")
    if beneficiary.under_review and cmd.status is DisbursementStatus.DISBURSED:
        raise conflict(
            "beneficiary_flagged",
            f"Penerima ini ditandai untuk ditinjau ({beneficiary.flag_note}); tinjau dulu sebelum menyalurkan.",
        )
    if current is not None and current.status is DisbursementStatus.DISBURSED:
        raise conflict("already_disbursed", f"Bantuan periode {period} sudah tercatat disalurkan.")
    disbursement = Disbursement(
        beneficiary_id=beneficiary.id,
        program_id=program.id,
        village=beneficiary.village,
        period=period,
        status=cmd.status,
        amount_rupiah=outcome.amount_rupiah,
        disbursed_on=outcome.disbursed_on,
        disbursed_by=outcome.disbursed_by,
        proof_ref=outcome.proof_ref,
        failure_reason=outcome.failure_reason,
        recorded_by=cmd.by,
        recorded_at=now,
    )
    return disbursement, DisbursementRecorded(disbursement)
