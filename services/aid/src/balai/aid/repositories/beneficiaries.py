"""Beneficiaries: enrolments, their lookups by member / NIK / KK hash, and conflict candidates."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, and_, insert, or_, select, text, update
from sqlalchemy.sql.elements import ColumnElement

from balai.aid.domain.model import (
    Beneficiary,
    BeneficiaryStatus,
    Enrolment,
    Flag,
    ProgramKind,
    Source,
    Target,
)
from balai.aid.models import beneficiaries, enrolment_locks, programs
from balai.aid.repositories.base import Repository, areas, chunks
from balai.common.timestamps import as_utc


def _beneficiary(row: Row[Any]) -> Beneficiary:
    return Beneficiary(
        id=row.id,
        program_id=row.program_id,
        village=row.village,
        target=Target(row.target),
        member_key=row.member_key,
        nik_hash=row.nik_hash,
        kk_hash=row.kk_hash,
        resident_id=row.resident_id,
        family_id=row.family_id,
        name=row.name,
        address=row.address,
        participant_no=row.participant_no,
        status=BeneficiaryStatus(row.status),
        flag=Flag(row.flag) if row.flag else None,
        flag_note=row.flag_note,
        source=Source(row.source),
        enrolled_by=row.enrolled_by,
        enrolled_at=as_utc(row.enrolled_at),
        removed_reason=row.removed_reason,
    )


def _values(b: Beneficiary) -> dict[str, Any]:
    return {
        "id": b.id,
        "program_id": b.program_id,
        **areas(b.village),
        "target": b.target.value,
        "member_key": b.member_key,
        "nik_hash": b.nik_hash,
        "kk_hash": b.kk_hash,
        "resident_id": b.resident_id,
        "family_id": b.family_id,
        "name": b.name,
        "address": b.address,
        "participant_no": b.participant_no,
        "status": b.status.value,
        "flag": b.flag.value if b.flag else None,
        "flag_note": b.flag_note,
        "source": b.source.value,
        "enrolled_by": b.enrolled_by,
        "enrolled_at": b.enrolled_at,
        "removed_reason": b.removed_reason,
        "updated_at": datetime.now(UTC),
    }


_ENROLMENT_COLUMNS = (
    beneficiaries.c.id,
    beneficiaries.c.program_id,
    programs.c.name,
    programs.c.kind,
    beneficiaries.c.village,
    beneficiaries.c.nik_hash,
    beneficiaries.c.kk_hash,
)


def _enrolment(row: Sequence[Any]) -> Enrolment:
    return Enrolment(row[0], row[1], row[2], ProgramKind(row[3]), row[4], row[5], row[6])


class BeneficiaryRepository(Repository):
    async def get(self, beneficiary_id: UUID, *, for_update: bool = False) -> Beneficiary | None:
        query = select(beneficiaries).where(beneficiaries.c.id == beneficiary_id)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _beneficiary(row) if row else None

    async def by_member(self, program_id: UUID, member_key: str) -> Beneficiary | None:
        row = (
            await self.session.execute(
                select(beneficiaries).where(
                    beneficiaries.c.program_id == program_id, beneficiaries.c.member_key == member_key
                )
            )
        ).first()
        return _beneficiary(row) if row else None

    async def members(self, program_id: UUID, keys: Collection[str]) -> dict[str, Beneficiary]:
        found: dict[str, Beneficiary] = {}
        for chunk in chunks(keys):
            result = await self.session.execute(
                select(beneficiaries).where(
                    beneficiaries.c.program_id == program_id, beneficiaries.c.member_key.in_(chunk)
                )
            )
            found.update({row.member_key: _beneficiary(row) for row in result})
        return found

    async def add(self, items: Sequence[Beneficiary]) -> None:
        if items:
            await self.session.execute(insert(beneficiaries), [_values(b) for b in items])

    async def refresh_statistics(self) -> None:
        """After a bulk insert: without fresh planner statistics, PostgreSQL scans the whole table for
        every lookup by hash until autovacuum analyses it (a re-import of 10,000 rows took 12 s, not 1.6 s)."""
        await self.session.execute(text("ANALYZE beneficiaries"))

    async def serialise_enrolments(self, regency: str) -> None:
        """Hold the regency's enrolment lock until this transaction ends.

        An enrolment reads the person's and family's other enrolments, checks the exclusion rules and writes:
        two at once (BLT-DD and PKH for the same family, from two operators) would each see the other's
        absence and both pass. Rules apply village- or regency-wide, so enrolments (and imports) are taken
        one at a time per regency; they are short and rare next to reads. The lock is the regency's row in
        `enrolment_locks`, written first: PostgreSQL holds its row lock, SQLite its write lock, until commit
        or rollback, so the second enrolment reads only after the first is in.
        """
        statement = self.upsert(enrolment_locks).values(regency=regency, taken=1)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[enrolment_locks.c.regency], set_={"taken": enrolment_locks.c.taken + 1}
            )
        )

    async def save(self, b: Beneficiary) -> None:
        values = _values(b)
        del values["id"]
        await self.session.execute(update(beneficiaries).where(beneficiaries.c.id == b.id).values(**values))

    async def in_village(
        self,
        village: str,
        *,
        program_id: UUID | None = None,
        status: BeneficiaryStatus | None = None,
        flagged: bool | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Beneficiary]:
        query = select(beneficiaries).where(beneficiaries.c.village == village)
        if program_id is not None:
            query = query.where(beneficiaries.c.program_id == program_id)
        if status is not None:
            query = query.where(beneficiaries.c.status == status.value)
        if flagged is not None:
            query = query.where(beneficiaries.c.flag.is_not(None) if flagged else beneficiaries.c.flag.is_(None))
        query = query.order_by(beneficiaries.c.name, beneficiaries.c.id).limit(limit).offset(offset)
        return [_beneficiary(r) for r in (await self.session.execute(query)).all()]

    async def active_enrolments(self, nik_hashes: Collection[str], kk_hashes: Collection[str] = ()) -> list[Enrolment]:
        """Active enrolments (any program, any village) of these NIK or KK hashes."""
        found: dict[UUID, Enrolment] = {}
        for column, values in ((beneficiaries.c.nik_hash, nik_hashes), (beneficiaries.c.kk_hash, kk_hashes)):
            for chunk in chunks(values):
                result = await self.session.execute(
                    select(*_ENROLMENT_COLUMNS)
                    .join(programs, programs.c.id == beneficiaries.c.program_id)
                    .where(column.in_(chunk), beneficiaries.c.status == BeneficiaryStatus.ACTIVE.value)
                )
                found.update({row[0]: _enrolment(tuple(row)) for row in result})
        return list(found.values())

    async def conflict_candidates(self, village: str) -> list[tuple[Enrolment, Enrolment]]:
        """Pairs of active enrolments in different programs sharing a NIK or KK hash, one side in `village`."""
        other = beneficiaries.alias("other")
        other_program = programs.alias("other_program")
        pairs: list[tuple[Enrolment, Enrolment]] = []
        for left, right in ((beneficiaries.c.nik_hash, other.c.nik_hash), (beneficiaries.c.kk_hash, other.c.kk_hash)):
            query = (
                select(*_ENROLMENT_COLUMNS, *_other_columns(other, other_program))
                .join(programs, programs.c.id == beneficiaries.c.program_id)
                .join(other, and_(left == right, other.c.program_id != beneficiaries.c.program_id))
                .join(other_program, other_program.c.id == other.c.program_id)
                .where(
                    beneficiaries.c.village == village,
                    beneficiaries.c.status == BeneficiaryStatus.ACTIVE.value,
                    other.c.status == BeneficiaryStatus.ACTIVE.value,
                    left.is_not(None),
                )
            )
            for row in (await self.session.execute(query)).all():
                values = tuple(row)
                pairs.append((_enrolment(values[:7]), _enrolment(values[7:])))
        return pairs

    async def for_person(
        self, resident_ids: Collection[UUID], nik_hashes: Collection[str], kk_hashes: Collection[str] = ()
    ) -> list[Beneficiary]:
        """Enrolments (any status) of these residents, NIK hashes or KK hashes."""
        conditions: list[ColumnElement[bool]] = []
        if resident_ids:
            conditions.append(beneficiaries.c.resident_id.in_(list(resident_ids)))
        if nik_hashes:
            conditions.append(beneficiaries.c.nik_hash.in_(list(nik_hashes)))
        if kk_hashes:
            conditions.append(beneficiaries.c.kk_hash.in_(list(kk_hashes)))
        if not conditions:
            return []
        query = select(beneficiaries).where(or_(*conditions)).order_by(beneficiaries.c.enrolled_at)
        return [_beneficiary(r) for r in (await self.session.execute(query)).all()]

    async def link_resident(self, nik_hash: str, resident_id: UUID, family_id: UUID | None) -> None:
        """Enrolments imported before the resident was registered get the resident's id."""
        await self.session.execute(
            update(beneficiaries)
            .where(beneficiaries.c.nik_hash == nik_hash, beneficiaries.c.resident_id.is_(None))
            .values(resident_id=resident_id, family_id=family_id)
        )

    async def rehash(self, old: str, new: str) -> None:
        """Identity corrected a NIK: enrolments follow the new hash (a person program's member key too,
        unless the corrected NIK is already enrolled there on its own)."""
        b, twin = beneficiaries.c, beneficiaries.alias("twin")
        await self.session.execute(
            update(beneficiaries)
            .where(b.member_key == f"nik:{old}")
            .where(
                ~select(twin.c.id).where(twin.c.program_id == b.program_id, twin.c.member_key == f"nik:{new}").exists()
            )
            .values(member_key=f"nik:{new}")
        )
        await self.session.execute(update(beneficiaries).where(b.nik_hash == old).values(nik_hash=new))

    async def link_family(self, kk_hash: str, family_id: UUID) -> None:
        await self.session.execute(
            update(beneficiaries)
            .where(beneficiaries.c.kk_hash == kk_hash, beneficiaries.c.family_id.is_(None))
            .values(family_id=family_id)
        )


def _other_columns(other: Any, other_program: Any) -> tuple[Any, ...]:
    return (
        other.c.id,
        other.c.program_id,
        other_program.c.name,
        other_program.c.kind,
        other.c.village,
        other.c.nik_hash,
        other.c.kk_hash,
    )
