"""The aid domain's rules, without any I/O."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from balai.aid.domain import enrolment
from balai.aid.domain.disbursements import RecordDisbursement, record
from balai.aid.domain.enrolment import Applicant, Outcome, assess, member_key
from balai.aid.domain.errors import DomainError
from balai.aid.domain.exclusions import ExclusionRule, find_conflicts, find_violation, new_rule
from balai.aid.domain.model import (
    BeneficiaryStatus,
    Benefit,
    BenefitKind,
    DisbursementStatus,
    Enrolment,
    Flag,
    FundSource,
    PeriodKind,
    Program,
    ProgramKind,
    ResidentInfo,
    ResidentStatus,
    Source,
    Target,
    Unit,
)
from balai.aid.domain.numbers import kk_problem, nik_problem
from balai.aid.domain.programs import CreateProgram, check_period, dotted, new_program, program_periods

from ..support import MOJOWARNO, SULANG, hasher, kk, nik

NOW = datetime(2026, 3, 1, tzinfo=UTC)
BLT_RULE = ExclusionRule(
    uuid.uuid4(),
    "BLT-DD bukan penerima PKH/BPNT",
    frozenset({ProgramKind.BLT_DD}),
    frozenset({ProgramKind.PKH, ProgramKind.BPNT}),
    Unit.FAMILY,
    None,
)


def command(**overrides: object) -> CreateProgram:
    values: dict[str, object] = {
        "name": "BLT Dana Desa 2026",
        "kind": ProgramKind.BLT_DD,
        "source_of_funds": FundSource.APBDES,
        "target": Target.FAMILY,
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 12, 31),
        "period_kind": PeriodKind.MONTHLY,
        "benefit": Benefit(BenefitKind.CASH, 300_000),
        "village": MOJOWARNO,
    }
    values.update(overrides)
    return CreateProgram(**values)  # type: ignore[arg-type]


def program(**overrides: object) -> Program:
    made, _ = new_program(command(**overrides), program_id=uuid.uuid4(), now=NOW)
    return made


def family(n: int, **overrides: object) -> Applicant:
    values: dict[str, object] = {
        "nik_hash": hasher(nik(n), "nik"),
        "kk_hash": hasher(kk(n), "kk"),
        "name": f"Warga {n}",
    }
    values.update(overrides)
    return Applicant(**values)  # type: ignore[arg-type]


def enrolled_in(kind: ProgramKind, applicant: Applicant, village: str = MOJOWARNO) -> Enrolment:
    return Enrolment(
        uuid.uuid4(), uuid.uuid4(), f"Program {kind.value}", kind, village, applicant.nik_hash, applicant.kk_hash
    )


class TestPrograms:
    def test_a_village_program_covers_its_village_and_says_so_in_its_event(self) -> None:
        made, created = new_program(command(name="  BLT   Dana Desa 2026 "), program_id=uuid.uuid4(), now=NOW)
        assert made.name == "BLT Dana Desa 2026"
        assert made.owner == MOJOWARNO
        assert made.villages == (MOJOWARNO,)
        assert not made.regency_wide
        assert created.program is made

    def test_a_regency_program_is_owned_by_the_regency(self) -> None:
        made = program(village=None, villages=(SULANG, MOJOWARNO))
        assert made.owner == "3317"
        assert made.regency_wide
        assert made.covers(SULANG)
        assert not made.covers("3317092005")

    @pytest.mark.parametrize(
        ("overrides", "code"),
        [
            ({"name": "X"}, "program_name"),
            ({"ends_on": date(2025, 12, 31)}, "program_dates"),
            ({"benefit": Benefit(BenefitKind.CASH, 0)}, "amount_out_of_range"),
            ({"benefit": Benefit(BenefitKind.CASH, 300_000.0)}, "amount_not_integer"),  # type: ignore[arg-type]
            ({"benefit": Benefit(BenefitKind.CASH, True)}, "amount_not_integer"),
            ({"benefit": Benefit(BenefitKind.GOODS, None, " ")}, "goods_required"),
            ({"village": None}, "program_scope"),
            ({"villages": (MOJOWARNO,)}, "program_scope"),
            ({"village": None, "villages": (MOJOWARNO, "3318012001")}, "program_regencies"),
            ({"village": "33.17"}, "village_code"),
        ],
    )
    def test_invalid_programs_are_refused_in_indonesian(self, overrides: dict[str, object], code: str) -> None:
        with pytest.raises(DomainError) as caught:
            program(**overrides)
        assert caught.value.code == code
        assert caught.value.status == 422

    def test_periods(self) -> None:
        monthly = program(starts_on=date(2026, 3, 15), ends_on=date(2026, 5, 1))
        assert program_periods(monthly) == ["2026-03", "2026-04", "2026-05"]
        quarterly = program(period_kind=PeriodKind.QUARTERLY, ends_on=date(2027, 2, 1))
        assert program_periods(quarterly) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"]
        assert program_periods(program(ends_on=None)) == []
        assert program_periods(program(period_kind=PeriodKind.ONCE)) == ["2026-01"]
        assert check_period(quarterly, "2026-Q2") == "2026-Q2"
        for bad, code in [
            ("2026-13", "period_format"),
            ("2026-Q2", "period_format"),
            ("2025-12", "period_outside_program"),
        ]:
            with pytest.raises(DomainError) as caught:
                check_period(monthly if bad != "2025-12" else program(), bad)
            assert caught.value.code == code

    def test_codes_are_dotted_for_events(self) -> None:
        assert dotted(MOJOWARNO) == "33.17.09.2016"
        assert dotted("3317") == "33.17"


class TestNumbers:
    def test_nik_rules(self) -> None:
        assert nik_problem(nik(1)) is None
        assert nik_problem("331709450190000") == "NIK harus 16 angka."
        assert nik_problem("0017094501900001") is not None  # no province 00
        assert nik_problem("3317093501900001") is not None  # day 35
        assert nik_problem("3317094513900001") is not None  # month 13
        assert nik_problem("3317094501900000") is not None  # serial 0000
        assert kk_problem(kk(3)) is None
        assert kk_problem("12") is not None


class TestEnrolment:
    def test_member_keys_by_target(self) -> None:
        a = family(1)
        assert member_key(Target.PERSON, a) == f"nik:{a.nik_hash}"
        assert member_key(Target.FAMILY, a) == f"kk:{a.kk_hash}"
        assert member_key(Target.HOUSEHOLD, replace(a, reference=" rtm 07 ")) == "rtm:RTM07"
        with pytest.raises(DomainError, match="Nomor KK wajib"):
            member_key(Target.FAMILY, replace(a, kk_hash=None))
        with pytest.raises(DomainError, match="kode kelompok"):
            member_key(Target.GROUP, a)

    def test_the_same_family_twice_is_refused_with_409(self) -> None:
        blt, a = program(), family(1)
        first, event = enrolment.enrol(
            blt, MOJOWARNO, a, existing=None, others=[], rules=[], beneficiary_id=uuid.uuid4(), by="op", now=NOW
        )
        assert event.beneficiary is first
        assert first.source is Source.OPERATOR
        with pytest.raises(DomainError) as caught:
            enrolment.enrol(
                blt, MOJOWARNO, a, existing=first, others=[], rules=[], beneficiary_id=uuid.uuid4(), by="op", now=NOW
            )
        assert (caught.value.status, caught.value.code) == (409, "duplicate_beneficiary")
        again = assess(blt, MOJOWARNO, a, existing=first, others=[], rules=[], from_import=True)
        assert again.outcome is Outcome.UNCHANGED, "an import of the same row changes nothing"

    def test_exclusion_rule_checks_the_family_and_explains_itself(self) -> None:
        blt, a = program(), family(1)
        spouse = Applicant(nik_hash=hasher(nik(2), "nik"), kk_hash=a.kk_hash)  # same KK, other NIK
        pkh = enrolled_in(ProgramKind.PKH, spouse)
        verdict = assess(blt, MOJOWARNO, a, existing=None, others=[pkh], rules=[BLT_RULE], from_import=False)
        assert (verdict.outcome, verdict.code, verdict.status) == (Outcome.REJECTED, "excluded_by_rule", 409)
        assert "sudah menerima Program pkh (PKH (Program Keluarga Harapan))" in verdict.message
        assert "melarang penerima BLT Dana Desa" in verdict.message
        person_rule = replace(BLT_RULE, unit=Unit.PERSON)
        ok = assess(blt, MOJOWARNO, a, existing=None, others=[pkh], rules=[person_rule], from_import=False)
        assert ok.outcome is Outcome.NEW, "a person rule ignores the rest of the family"
        village_rule = replace(BLT_RULE, village="3317092005")
        elsewhere = assess(blt, MOJOWARNO, a, existing=None, others=[pkh], rules=[village_rule], from_import=False)
        assert elsewhere.outcome is Outcome.NEW, "another village's rule does not apply here"

    def test_a_group_rule_excludes_every_pair_within(self) -> None:
        group = new_rule(
            rule_id=uuid.uuid4(),
            name="Satu bantuan pangan",
            kinds=[ProgramKind.BPNT, ProgramKind.BST],
            excludes=[ProgramKind.BPNT, ProgramKind.BST],
            unit=Unit.FAMILY,
            village=None,
            created_by="admin",
            now=NOW,
        )
        a = family(4)
        bpnt = program(kind=ProgramKind.BPNT, name="BPNT")
        assert find_violation(
            bpnt.kind, bpnt.id, MOJOWARNO, (a.nik_hash, a.kk_hash), [enrolled_in(ProgramKind.BST, a)], [group]
        )
        assert not find_violation(
            bpnt.kind, bpnt.id, MOJOWARNO, (a.nik_hash, a.kk_hash), [enrolled_in(ProgramKind.PKH, a)], [group]
        )
        with pytest.raises(DomainError):
            new_rule(
                rule_id=uuid.uuid4(),
                name="x",
                kinds=[],
                excludes=[ProgramKind.PKH],
                unit=Unit.FAMILY,
                village=None,
                created_by="",
                now=NOW,
            )

    def test_existing_conflicts_are_reported_once_per_pair(self) -> None:
        a = family(5)
        blt, pkh = enrolled_in(ProgramKind.BLT_DD, a), enrolled_in(ProgramKind.PKH, a)
        found = find_conflicts([(blt, pkh), (pkh, blt), (blt, blt)], [BLT_RULE])
        assert len(found) == 1
        assert {found[0].first.kind, found[0].second.kind} == {ProgramKind.BLT_DD, ProgramKind.PKH}

    def test_deceased_resident_is_refused_on_a_form_and_flagged_on_an_import(self) -> None:
        blt, a = program(), family(6)
        gone = ResidentInfo(uuid.uuid4(), MOJOWARNO, None, a.kk_hash, a.nik_hash, "Warga 6", ResidentStatus.DECEASED)
        applicant = replace(a, resident=gone)
        form = assess(blt, MOJOWARNO, applicant, existing=None, others=[], rules=[], from_import=False)
        assert (form.outcome, form.code) == (Outcome.REJECTED, "resident_deceased")
        imported = assess(blt, MOJOWARNO, applicant, existing=None, others=[], rules=[], from_import=True)
        assert imported.outcome is Outcome.NEW
        assert imported.flag is Flag.DECEASED
        b, event = enrolment.admit(
            blt, MOJOWARNO, applicant, imported, beneficiary_id=uuid.uuid4(), by="op", source=Source.IMPORT, now=NOW
        )
        assert b.flag is Flag.DECEASED
        assert b.resident_id == gone.resident_id
        assert event.beneficiary.flag

    def test_warnings_on_import(self) -> None:
        blt, a = program(), family(7, name="SITI AMINAH")
        resident = ResidentInfo(
            uuid.uuid4(), "3317092005", None, None, a.nik_hash, "Siti Aminah Z", ResidentStatus.LIVING
        )
        verdict = assess(
            blt, MOJOWARNO, replace(a, resident=resident), existing=None, others=[], rules=[], from_import=True
        )
        assert [code for code, _ in verdict.warnings] == ["registered_elsewhere", "name_mismatch"]
        unknown = assess(blt, MOJOWARNO, a, existing=None, others=[], rules=[], from_import=True)
        assert [code for code, _ in unknown.warnings] == ["not_in_register"]

    def test_remove_flag_and_review_are_idempotent(self) -> None:
        blt, a = program(), family(8)
        b, _ = enrolment.enrol(
            blt, MOJOWARNO, a, existing=None, others=[], rules=[], beneficiary_id=uuid.uuid4(), by="op", now=NOW
        )
        flagged, event = enrolment.flag(b, Flag.DECEASED, date(2026, 2, 2))
        assert event is not None
        assert flagged.flag_note == "tercatat meninggal dunia sejak 2026-02-02"
        assert enrolment.flag(flagged, Flag.DECEASED, date(2026, 2, 2))[1] is None
        kept = enrolment.clear_flag(flagged, "Diganti istri sebagai kepala keluarga")
        assert kept.flag is None
        assert enrolment.clear_flag(kept, "ulang") == kept
        removed, gone = enrolment.remove(b, "Pindah ke luar kabupaten")
        assert removed.status is BeneficiaryStatus.REMOVED
        assert gone is not None
        assert enrolment.remove(removed, "Pindah ke luar kabupaten")[1] is None
        with pytest.raises(DomainError, match="alasan"):
            enrolment.remove(b, "")
        back = assess(blt, MOJOWARNO, a, existing=removed, others=[], rules=[], from_import=False)
        assert back.outcome is Outcome.REACTIVATE
        assert (
            assess(blt, MOJOWARNO, a, existing=removed, others=[], rules=[], from_import=True).code
            == "previously_removed"
        )


class TestDisbursements:
    def setup_method(self) -> None:
        self.program = program()
        self.beneficiary, _ = enrolment.enrol(
            self.program,
            MOJOWARNO,
            family(9),
            existing=None,
            others=[],
            rules=[],
            beneficiary_id=uuid.uuid4(),
            by="op",
            now=NOW,
        )
        self.paid = RecordDisbursement(
            "2026-02", DisbursementStatus.DISBURSED, date(2026, 2, 10), None, "Bendahara desa", "KW/02/017", by="op"
        )

    def run(self, cmd: RecordDisbursement, current=None, beneficiary=None):  # type: ignore[no-untyped-def]
        return record(self.program, beneficiary or self.beneficiary, current, cmd, today=date(2026, 3, 1), now=NOW)

    def test_disbursed_takes_the_program_amount_and_a_retry_changes_nothing(self) -> None:
        done, event = self.run(self.paid)
        assert event is not None
        assert done.amount_rupiah == 300_000
        assert done.status is DisbursementStatus.DISBURSED
        same, again = self.run(self.paid, current=done)
        assert again is None
        assert same is done
        with pytest.raises(DomainError) as caught:
            self.run(replace(self.paid, amount_rupiah=600_000), current=done)
        assert caught.value.code == "already_disbursed"
        assert caught.value.status == 409

    def test_failed_then_disbursed(self) -> None:
        failed, event = self.run(
            RecordDisbursement("2026-02", DisbursementStatus.FAILED, reason="Penerima tidak di tempat")
        )
        assert event is not None
        assert failed.failure_reason == "Penerima tidak di tempat"
        done, event = self.run(self.paid, current=failed)
        assert event is not None
        assert done.status is DisbursementStatus.DISBURSED
        assert done.failure_reason == ""

    @pytest.mark.parametrize(
        ("change", "code"),
        [
            ({"disbursed_on": date(2026, 3, 2)}, "disbursed_on"),
            ({"proof_ref": " "}, "proof_ref"),
            ({"disbursed_by": ""}, "disbursed_by"),
            ({"amount_rupiah": 250_000.5}, "amount_not_integer"),
            ({"period": "2027-01"}, "period_outside_program"),
            ({"status": DisbursementStatus.PLANNED}, "status"),
        ],
    )
    def test_refusals(self, change: dict[str, object], code: str) -> None:
        with pytest.raises(DomainError) as caught:
            self.run(replace(self.paid, **change))  # type: ignore[arg-type]
        assert caught.value.code == code

    def test_no_payment_while_under_review_or_after_removal(self) -> None:
        flagged, _ = enrolment.flag(self.beneficiary, Flag.MOVED, None)
        with pytest.raises(DomainError, match="ditinjau"):
            self.run(self.paid, beneficiary=flagged)
        removed, _ = enrolment.remove(self.beneficiary, "Sudah mampu")
        with pytest.raises(DomainError, match="dikeluarkan"):
            self.run(self.paid, beneficiary=removed)

    def test_goods_without_an_amount(self) -> None:
        self.program = program(benefit=Benefit(BenefitKind.GOODS, None, "Beras 10 kg"))
        done, _ = self.run(self.paid)
        assert done.amount_rupiah is None
        self.program = program(benefit=Benefit(BenefitKind.CASH, None))
        with pytest.raises(DomainError, match="wajib diisi"):
            self.run(self.paid)
