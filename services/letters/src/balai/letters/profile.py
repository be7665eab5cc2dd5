"""From identity's records to what a letter template sees (pure; no I/O).

Identity stores coded values (``female``, ``islam``, ``married``...) and upper-case region names from the
Kemendagri list; a letter prints Indonesian labels and names in title case.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from balai.letters.context import ResidentInfo, SignerInfo, VillageInfo
from balai.letters.directory import ResidentRecord, VillageProfile
from balai.letters.policy import dotted
from balai.letters.records import KnownVillage

__all__ = ["PROVINCES", "resident_info", "signer_info", "village_info"]

# Kemendagri province codes (Permendagri 58/2021 and the 2022 Papua provinces).
PROVINCES: Mapping[str, str] = {
    "11": "Aceh", "12": "Sumatera Utara", "13": "Sumatera Barat", "14": "Riau", "15": "Jambi",
    "16": "Sumatera Selatan", "17": "Bengkulu", "18": "Lampung", "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau", "31": "DKI Jakarta", "32": "Jawa Barat", "33": "Jawa Tengah",
    "34": "Daerah Istimewa Yogyakarta", "35": "Jawa Timur", "36": "Banten", "51": "Bali",
    "52": "Nusa Tenggara Barat", "53": "Nusa Tenggara Timur", "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah", "63": "Kalimantan Selatan", "64": "Kalimantan Timur", "65": "Kalimantan Utara",
    "71": "Sulawesi Utara", "72": "Sulawesi Tengah", "73": "Sulawesi Selatan", "74": "Sulawesi Tenggara",
    "75": "Gorontalo", "76": "Sulawesi Barat", "81": "Maluku", "82": "Maluku Utara", "91": "Papua",
    "92": "Papua Barat", "93": "Papua Selatan", "94": "Papua Tengah", "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}  # fmt: skip

_SEX = {"male": "Laki-laki", "female": "Perempuan", "laki-laki": "Laki-laki", "perempuan": "Perempuan"}
_FALLBACK: Mapping[str, Mapping[str, str]] = {
    "religion": {
        "islam": "Islam",
        "protestant": "Kristen",
        "catholic": "Katolik",
        "hindu": "Hindu",
        "buddhist": "Buddha",
        "confucian": "Khonghucu",
        "other_belief": "Kepercayaan terhadap Tuhan YME",
    },
    "marital_status": {"single": "Belum Kawin", "married": "Kawin", "divorced": "Cerai Hidup", "widowed": "Cerai Mati"},
    "nationality": {"indonesian": "WNI", "foreign": "WNA", "dual": "Dua kewarganegaraan"},
}


def _title(name: str) -> str:
    """``KABUPATEN REMBANG`` -> ``Kabupaten Rembang``; names already in mixed case stay as they are."""
    return " ".join(w.capitalize() for w in name.split()) if name.isupper() else name.strip()


def _split_regency(name: str) -> tuple[str, str]:
    clean = _title(name)
    for kind in ("Kabupaten", "Kota"):
        if clean.lower().startswith(kind.lower() + " "):
            return kind, clean[len(kind) + 1 :].strip()
    return "Kabupaten", clean


def _label(labels: Mapping[str, Mapping[str, str]], vocabulary: str, value: str) -> str:
    found = labels.get(vocabulary, {}).get(value) or _FALLBACK.get(vocabulary, {}).get(value)
    if found:
        return found
    return value.replace("_", " ").strip().title() if value.islower() else value


def village_info(
    compact: str,
    profile: VillageProfile | None,
    known: KnownVillage | None,
    *,
    logo_png: bytes | None = None,
) -> VillageInfo:
    """The letterhead data: identity's profile when it answers, else the read model (no address then)."""
    name = profile.name if profile else known.name if known else compact
    district = profile.district_name if profile else known.district_name if known else ""
    regency = profile.regency_name if profile else known.regency_name if known else ""
    kind_kab, kabupaten = _split_regency(regency)
    kelurahan = compact[6] == "1"  # Kemendagri: 1xxx kelurahan, 2xxx desa
    kind = "Kelurahan" if kelurahan else "Desa"
    province = (profile.province_name if profile else "") or PROVINCES.get(compact[:2], "")
    address = (profile.address if profile else "") or f"Kantor {kind} {_title(name)}"
    return VillageInfo(
        code=dotted(compact),
        name=_title(name),
        kind=kind,
        kecamatan=_title(district),
        kabupaten=kabupaten,
        kabupaten_kind="Kota" if kind_kab == "Kota" else "Kabupaten",
        provinsi=_title(province),
        address=address,
        phone=(profile.phone or None) if profile else None,
        email=(profile.email or None) if profile else None,
        logo_data_uri="data:image/png;base64," + base64.b64encode(logo_png).decode() if logo_png else None,
        head_title="Lurah" if kelurahan else "Kepala Desa",
    )


def resident_info(record: ResidentRecord, labels: Mapping[str, Mapping[str, str]]) -> ResidentInfo:
    address = record.address
    street = address.street.strip()
    dusun = address.dusun.strip()
    alamat = street or (f"Dusun {_title(dusun)}" if dusun and not dusun.lower().startswith("dusun") else dusun)
    nationality = _label(labels, "nationality", record.nationality)
    return ResidentInfo(
        nama=record.name,
        nik=record.nik,
        no_kk=record.kk_number,
        tempat_lahir=_title(record.birth_place),
        tanggal_lahir=record.birth_date,
        jenis_kelamin="Perempuan" if _SEX.get(record.sex.lower()) == "Perempuan" else "Laki-laki",
        agama=_label(labels, "religion", record.religion),
        status_perkawinan=_label(labels, "marital_status", record.marital_status),
        pekerjaan=_label(labels, "occupation", record.occupation),
        kewarganegaraan="WNI" if nationality in ("WNI", "Indonesia") else nationality,
        pendidikan=_label(labels, "education", record.education) if record.education else None,
        alamat=alamat or "-",
        rt=address.rt or None,
        rw=address.rw or None,
    )


def signer_info(*, role: str, name: str, village: VillageInfo, operator_title: str, head_name: str = "") -> SignerInfo:
    """The kades signs as "Kepala Desa X"; an operator "a.n. Kepala Desa X" with the village's title for them."""
    head = f"{village.head_title} {village.name}"
    if role == "kades":
        return SignerInfo(name=name or head_name or head, position=head)
    return SignerInfo(name=name or operator_title, position=operator_title, on_behalf_of=head)
