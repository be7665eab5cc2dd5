"""Tables of the aid service (SQLAlchemy 2 Core), including its outbox, inbox and dead letters.

No NIK or KK number is stored: residents and beneficiaries carry keyed hashes (`nik_hash`, `kk_hash`).
Rows that statistics aggregate carry their village, district (6 digits) and regency (4 digits) codes,
so "all of a district" is an equality on an indexed column, not a LIKE over village codes.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from balai.common.db import new_metadata
from balai.common.messaging_tables import add_messaging_tables

metadata = new_metadata()
messaging = add_messaging_tables(metadata)

HASH = String(64)
VILLAGE = String(10)
DISTRICT = String(6)
REGENCY = String(4)
STAMP = DateTime(timezone=True)

# --- read model of identity (villages, residents, families), built from identity's events ---

villages = Table(
    "villages",
    metadata,
    Column("code", VILLAGE, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("district_code", DISTRICT, nullable=False, index=True),
    Column("district_name", String(120), nullable=False),
    Column("regency_code", REGENCY, nullable=False),
    Column("regency_name", String(120), nullable=False),
)

residents = Table(
    "residents",
    metadata,
    Column("resident_id", Uuid, primary_key=True),
    Column("village", VILLAGE, nullable=False),
    Column("family_id", Uuid, nullable=True, index=True),
    Column("nik_hash", HASH, nullable=True, index=True),
    Column("name", String(200), nullable=False),
    Column("status", String(10), nullable=False),
    Column("status_on", Date, nullable=True),
    Column("as_of", STAMP, nullable=False),  # time of the newest identity event applied
)

families = Table(
    "families",
    metadata,
    Column("family_id", Uuid, primary_key=True),
    Column("village", VILLAGE, nullable=False),
    Column("kk_hash", HASH, nullable=False, index=True),
    Column("head_resident_id", Uuid, nullable=True),
    Column("as_of", STAMP, nullable=False),
)

# --- aid's own data ---

programs = Table(
    "programs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner", VILLAGE, nullable=False),  # village code, or regency code for regency-wide programs
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("source_of_funds", String(10), nullable=False),
    Column("target", String(10), nullable=False),
    Column("description", Text, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=True),
    Column("period_kind", String(10), nullable=False),
    Column("benefit_kind", String(10), nullable=False),
    Column("benefit_amount", BigInteger, nullable=True),  # rupiah per period, integer
    Column("benefit_goods", String(200), nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("created_at", STAMP, nullable=False),
    UniqueConstraint("owner", "name_key", "starts_on", name="uq_programs_owner_name"),
)

program_villages = Table(
    "program_villages",
    metadata,
    Column("program_id", Uuid, ForeignKey("programs.id"), primary_key=True),
    Column("village", VILLAGE, primary_key=True),
    Column("district", DISTRICT, nullable=False),
    Column("regency", REGENCY, nullable=False),
    Index("ix_program_villages_village", "village"),
    Index("ix_program_villages_district", "district"),
    Index("ix_program_villages_regency", "regency"),
)

beneficiaries = Table(
    "beneficiaries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("program_id", Uuid, ForeignKey("programs.id"), nullable=False),
    Column("village", VILLAGE, nullable=False),
    Column("district", DISTRICT, nullable=False),
    Column("regency", REGENCY, nullable=False),
    Column("target", String(10), nullable=False),
    Column("member_key", String(80), nullable=False),
    Column("nik_hash", HASH, nullable=True, index=True),
    Column("kk_hash", HASH, nullable=True, index=True),
    Column("resident_id", Uuid, nullable=True, index=True),
    Column("family_id", Uuid, nullable=True, index=True),
    Column("name", String(200), nullable=False),
    Column("address", String(300), nullable=False),
    Column("participant_no", String(60), nullable=False),
    Column("status", String(10), nullable=False),
    Column("flag", String(10), nullable=True),
    Column("flag_note", String(300), nullable=False),
    Column("source", String(10), nullable=False),
    Column("enrolled_by", String(80), nullable=False),
    Column("enrolled_at", STAMP, nullable=False),
    Column("removed_reason", String(300), nullable=False),
    Column("updated_at", STAMP, nullable=False),
    UniqueConstraint("program_id", "member_key", name="uq_beneficiaries_program_member"),
    Index("ix_beneficiaries_village_program", "village", "program_id"),
    Index("ix_beneficiaries_district_program", "district", "program_id"),
    Index("ix_beneficiaries_regency_program", "regency", "program_id"),
)

disbursements = Table(
    "disbursements",
    metadata,
    Column("beneficiary_id", Uuid, ForeignKey("beneficiaries.id"), primary_key=True),
    Column("period", String(10), primary_key=True),
    Column("program_id", Uuid, ForeignKey("programs.id"), nullable=False),
    Column("village", VILLAGE, nullable=False),
    Column("district", DISTRICT, nullable=False),
    Column("regency", REGENCY, nullable=False),
    Column("year", Integer, nullable=False),
    Column("status", String(10), nullable=False),
    Column("amount", BigInteger, nullable=True),  # rupiah, integer
    Column("disbursed_on", Date, nullable=True),
    Column("disbursed_by", String(120), nullable=False),
    Column("proof_ref", String(120), nullable=False),
    Column("failure_reason", String(300), nullable=False),
    Column("recorded_by", String(80), nullable=False),
    Column("recorded_at", STAMP, nullable=False),
    Index("ix_disbursements_program_period", "program_id", "period"),
    Index("ix_disbursements_village_year", "village", "year", "program_id"),
    Index("ix_disbursements_district_year", "district", "year", "program_id"),
    Index("ix_disbursements_regency_year", "regency", "year", "program_id"),
)

exclusion_rules = Table(
    "exclusion_rules",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", VILLAGE, nullable=True, index=True),  # NULL: applies in every village
    Column("name", String(200), nullable=False),
    Column("kinds", String(120), nullable=False),  # comma-separated program kinds
    Column("excludes", String(120), nullable=False),  # comma-separated program kinds
    Column("unit", String(10), nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("created_at", STAMP, nullable=False),
)

# One row per regency, updated by every enrolment and import before it reads the other enrolments: the row
# lock (PostgreSQL) or the write lock (SQLite) it takes is held until commit, so enrolments that could break
# an exclusion rule run one after another (see BeneficiaryRepository.serialise_enrolments).
enrolment_locks = Table(
    "enrolment_locks",
    metadata,
    Column("regency", REGENCY, primary_key=True),
    Column("taken", BigInteger, nullable=False),
)
