"""OpenSID's resident import layout and code lists, mapped to Balai's vocabularies (pure data).

The codes are those of OpenSID's import template (sheet "Kode Data" of ``FormatImporExcel.xlsm``,
release v2410), which follow the Dukcapil (SIAK) lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from balai.identity.vocab import (
    BloodType,
    Citizenship,
    Education,
    FamilyRelationship,
    LabelledEnum,
    MaritalStatus,
    Occupation,
    Religion,
    ResidentStatus,
    Sex,
)

#: The 43 columns of sheet "Data Penduduk", in template order.
OPENSID_COLUMNS: tuple[str, ...] = (
    "alamat", "dusun", "rw", "rt", "nama", "no_kk", "nik", "sex", "tempatlahir", "tanggallahir",
    "agama_id", "pendidikan_kk_id", "pendidikan_sedang_id", "pekerjaan_id", "status_kawin", "kk_level",
    "warganegara_id", "ayah_nik", "nama_ayah", "ibu_nik", "nama_ibu", "golongan_darah_id", "akta_lahir",
    "dokumen_pasport", "tanggal_akhir_paspor", "dokumen_kitas", "akta_perkawinan", "tanggalperkawinan",
    "akta_perceraian", "tanggalperceraian", "cacat_id", "cara_kb_id", "hamil", "ktp_el", "status_rekam",
    "alamat_sekarang", "status_dasar", "suku", "tag_id_card", "id_asuransi", "no_asuransi", "lat", "lng",
)  # fmt: skip

#: Columns a file must have; the others may be left out (their values are then unknown).
REQUIRED_COLUMNS: tuple[str, ...] = (
    "dusun",
    "rw",
    "rt",
    "nama",
    "no_kk",
    "nik",
    "sex",
    "tanggallahir",
    "kk_level",
)

#: Columns Balai maps into a resident record; every other non-empty cell is kept verbatim as an extra.
MAPPED_COLUMNS: frozenset[str] = frozenset({
    "alamat", "dusun", "rw", "rt", "nama", "no_kk", "nik", "sex", "tempatlahir", "tanggallahir", "agama_id",
    "pendidikan_kk_id", "pekerjaan_id", "status_kawin", "kk_level", "warganegara_id", "ayah_nik",
    "nama_ayah", "ibu_nik", "nama_ibu", "golongan_darah_id", "status_dasar", "tag_id_card",
})  # fmt: skip

SHEET_NAME = "Data Penduduk"
#: A cell holding exactly this ends the data (the template's instructions follow it).
END_MARKER = "###"


E = TypeVar("E", bound=StrEnum)
L = TypeVar("L", bound=LabelledEnum)


def _numbered(members: list[E]) -> Mapping[int, E]:
    return MappingProxyType(dict(enumerate(members, start=1)))


SEX: Mapping[int, Sex] = _numbered(list(Sex))
RELIGION: Mapping[int, Religion] = _numbered(list(Religion))
EDUCATION: Mapping[int, Education] = _numbered(list(Education))  # pendidikan_kk_id
OCCUPATION: Mapping[int, Occupation] = _numbered(list(Occupation))  # pekerjaan_id, 1..89
MARITAL_STATUS: Mapping[int, MaritalStatus] = _numbered(list(MaritalStatus))  # status_kawin
RELATIONSHIP: Mapping[int, FamilyRelationship] = _numbered(list(FamilyRelationship))  # kk_level
CITIZENSHIP: Mapping[int, Citizenship] = _numbered(list(Citizenship))  # warganegara_id
BLOOD_TYPE: Mapping[int, BloodType] = _numbered(list(BloodType))  # golongan_darah_id, 13 = unknown
#: status_dasar: 1 HIDUP, 2 MATI, 3 PINDAH, 4 HILANG, 6 PERGI (left without a formal move: Balai
#: records it as moved out), 9 TIDAK VALID (an invalidated record: not importable, see below).
RESIDENT_STATUS: Mapping[int, ResidentStatus] = MappingProxyType(
    {
        1: ResidentStatus.LIVING,
        2: ResidentStatus.DECEASED,
        3: ResidentStatus.MOVED,
        4: ResidentStatus.MISSING,
        6: ResidentStatus.MOVED,
    }
)
STATUS_DASAR_INVALID = 9

#: Coded columns: column -> (table, Indonesian name of the field for messages).
CODED_COLUMNS: Mapping[str, tuple[Mapping[int, LabelledEnum], str]] = MappingProxyType(
    {
        "sex": (SEX, "jenis kelamin"),
        "agama_id": (RELIGION, "agama"),
        "pendidikan_kk_id": (EDUCATION, "pendidikan dalam KK"),
        "pekerjaan_id": (OCCUPATION, "pekerjaan"),
        "status_kawin": (MARITAL_STATUS, "status perkawinan"),
        "kk_level": (RELATIONSHIP, "hubungan dalam keluarga"),
        "warganegara_id": (CITIZENSHIP, "kewarganegaraan"),
        "golongan_darah_id": (BLOOD_TYPE, "golongan darah"),
        "status_dasar": (RESIDENT_STATUS, "status dasar"),
    }
)

#: Spellings seen in OpenSID data instead of a code (normalised: uppercase letters and digits only).
TEXT_ALIASES: Mapping[str, LabelledEnum] = MappingProxyType({
    "L": Sex.MALE, "LK": Sex.MALE, "P": Sex.FEMALE, "PR": Sex.FEMALE,
    "KATHOLIK": Religion.CATHOLIC, "BUDHA": Religion.BUDDHIST, "KONGHUCU": Religion.CONFUCIAN,
    "KONGHUCHU": Religion.CONFUCIAN, "HIDUP": ResidentStatus.LIVING, "MATI": ResidentStatus.DECEASED,
    "PINDAH": ResidentStatus.MOVED, "HILANG": ResidentStatus.MISSING, "PERGI": ResidentStatus.MOVED,
    "TIDAKTAHU": BloodType.UNKNOWN, "ORANGTUA": FamilyRelationship.PARENT,
})  # fmt: skip


def normalise_label(text: str) -> str:
    """``"Belum/Tidak Bekerja"`` -> ``"BELUMTIDAKBEKERJA"`` (for matching labels typed instead of codes).

    ``+`` and ``-`` are kept, so blood types ``A``, ``A+`` and ``A-`` stay apart.
    """
    return re.sub(r"[^0-9A-Z+\-]", "", text.upper())


def lookup_label(table: Mapping[int, L], text: str) -> L | None:
    """The member of ``table`` whose label, value or known alias matches ``text``, if any."""
    key = normalise_label(text)
    if not key:
        return None
    for member in table.values():
        if key in (normalise_label(member.label), normalise_label(member.value)):
            return member
    alias = TEXT_ALIASES.get(key)
    return next((member for member in table.values() if member is alias), None)
