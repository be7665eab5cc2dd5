"""Balai's controlled vocabularies for residents (penduduk) and families (keluarga).

Each enum's *value* is the stable machine value stored in the database and sent in events; each
member's ``label`` is the Indonesian text shown to residents and operators. The order of members is the
order of the Dukcapil/OpenSID code lists, but codes are never stored: the import mapping lives in
:mod:`balai.identity.opensid_codes`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

__all__ = [
    "BloodType",
    "Citizenship",
    "Education",
    "FamilyRelationship",
    "MaritalStatus",
    "Occupation",
    "Religion",
    "ResidentStatus",
    "Sex",
]


class LabelledEnum(StrEnum):
    """A StrEnum whose members are declared as ``NAME = "value", "Indonesian label"``."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Sex(LabelledEnum):
    MALE = "male", "Laki-laki"
    FEMALE = "female", "Perempuan"


class Religion(LabelledEnum):
    ISLAM = "islam", "Islam"
    PROTESTANT = "protestant", "Kristen"
    CATHOLIC = "catholic", "Katolik"
    HINDU = "hindu", "Hindu"
    BUDDHIST = "buddhist", "Buddha"
    CONFUCIAN = "confucian", "Khonghucu"
    OTHER_BELIEF = "other_belief", "Kepercayaan terhadap Tuhan YME/lainnya"


class Education(LabelledEnum):
    """Highest education completed, as recorded in the Kartu Keluarga (pendidikan dalam KK)."""

    NONE = "none", "Tidak/belum sekolah"
    PRIMARY_INCOMPLETE = "primary_incomplete", "Belum tamat SD/sederajat"
    PRIMARY = "primary", "Tamat SD/sederajat"
    JUNIOR_SECONDARY = "junior_secondary", "SLTP/sederajat"
    SENIOR_SECONDARY = "senior_secondary", "SLTA/sederajat"
    DIPLOMA_1_2 = "diploma_1_2", "Diploma I/II"
    DIPLOMA_3 = "diploma_3", "Akademi/Diploma III/Sarjana Muda"
    BACHELOR = "bachelor", "Diploma IV/Strata I"
    MASTER = "master", "Strata II"
    DOCTORATE = "doctorate", "Strata III"


class MaritalStatus(LabelledEnum):
    SINGLE = "single", "Belum kawin"
    MARRIED = "married", "Kawin"
    DIVORCED = "divorced", "Cerai hidup"
    WIDOWED = "widowed", "Cerai mati"


class FamilyRelationship(LabelledEnum):
    """Position in the Kartu Keluarga (status hubungan dalam keluarga)."""

    HEAD = "head", "Kepala keluarga"
    HUSBAND = "husband", "Suami"
    WIFE = "wife", "Istri"
    CHILD = "child", "Anak"
    CHILD_IN_LAW = "child_in_law", "Menantu"
    GRANDCHILD = "grandchild", "Cucu"
    PARENT = "parent", "Orang tua"
    PARENT_IN_LAW = "parent_in_law", "Mertua"
    OTHER_RELATIVE = "other_relative", "Famili lain"
    HOUSEHOLD_HELPER = "household_helper", "Pembantu"
    OTHER = "other", "Lainnya"


class ResidentStatus(LabelledEnum):
    """Basic status (status dasar). Moves and deaths are events; a resident is never deleted."""

    LIVING = "living", "Hidup"
    MOVED = "moved", "Pindah"
    DECEASED = "deceased", "Meninggal"
    MISSING = "missing", "Hilang"


class Citizenship(LabelledEnum):
    INDONESIAN = "indonesian", "WNI"
    FOREIGN = "foreign", "WNA"
    DUAL = "dual", "Dua kewarganegaraan"


class BloodType(LabelledEnum):
    A = "A", "A"
    B = "B", "B"
    AB = "AB", "AB"
    O = "O", "O"  # noqa: E741 (blood type O)
    A_POS = "A+", "A+"
    A_NEG = "A-", "A-"
    B_POS = "B+", "B+"
    B_NEG = "B-", "B-"
    AB_POS = "AB+", "AB+"
    AB_NEG = "AB-", "AB-"
    O_POS = "O+", "O+"
    O_NEG = "O-", "O-"
    UNKNOWN = "unknown", "Tidak tahu"


class Occupation(LabelledEnum):
    """The 89 occupations of the Dukcapil (SIAK) list, in its order (code = position, from 1).

    Values are Indonesian slugs of the official names: most of these categories have no exact English
    counterpart, and operators recognise the Indonesian names.
    """

    BELUM_TIDAK_BEKERJA = "belum_tidak_bekerja", "Belum/Tidak Bekerja"
    MENGURUS_RUMAH_TANGGA = "mengurus_rumah_tangga", "Mengurus Rumah Tangga"
    PELAJAR_MAHASISWA = "pelajar_mahasiswa", "Pelajar/Mahasiswa"
    PENSIUNAN = "pensiunan", "Pensiunan"
    PNS = "pns", "Pegawai Negeri Sipil (PNS)"
    TNI = "tni", "Tentara Nasional Indonesia (TNI)"
    POLRI = "polri", "Kepolisian RI (POLRI)"
    PERDAGANGAN = "perdagangan", "Perdagangan"
    PETANI_PEKEBUN = "petani_pekebun", "Petani/Pekebun"
    PETERNAK = "peternak", "Peternak"
    NELAYAN_PERIKANAN = "nelayan_perikanan", "Nelayan/Perikanan"
    INDUSTRI = "industri", "Industri"
    KONSTRUKSI = "konstruksi", "Konstruksi"
    TRANSPORTASI = "transportasi", "Transportasi"
    KARYAWAN_SWASTA = "karyawan_swasta", "Karyawan Swasta"
    KARYAWAN_BUMN = "karyawan_bumn", "Karyawan BUMN"
    KARYAWAN_BUMD = "karyawan_bumd", "Karyawan BUMD"
    KARYAWAN_HONORER = "karyawan_honorer", "Karyawan Honorer"
    BURUH_HARIAN_LEPAS = "buruh_harian_lepas", "Buruh Harian Lepas"
    BURUH_TANI_PERKEBUNAN = "buruh_tani_perkebunan", "Buruh Tani/Perkebunan"
    BURUH_NELAYAN_PERIKANAN = "buruh_nelayan_perikanan", "Buruh Nelayan/Perikanan"
    BURUH_PETERNAKAN = "buruh_peternakan", "Buruh Peternakan"
    PEMBANTU_RUMAH_TANGGA = "pembantu_rumah_tangga", "Pembantu Rumah Tangga"
    TUKANG_CUKUR = "tukang_cukur", "Tukang Cukur"
    TUKANG_LISTRIK = "tukang_listrik", "Tukang Listrik"
    TUKANG_BATU = "tukang_batu", "Tukang Batu"
    TUKANG_KAYU = "tukang_kayu", "Tukang Kayu"
    TUKANG_SOL_SEPATU = "tukang_sol_sepatu", "Tukang Sol Sepatu"
    TUKANG_LAS_PANDAI_BESI = "tukang_las_pandai_besi", "Tukang Las/Pandai Besi"
    TUKANG_JAHIT = "tukang_jahit", "Tukang Jahit"
    TUKANG_GIGI = "tukang_gigi", "Tukang Gigi"
    PENATA_RIAS = "penata_rias", "Penata Rias"
    PENATA_BUSANA = "penata_busana", "Penata Busana"
    PENATA_RAMBUT = "penata_rambut", "Penata Rambut"
    MEKANIK = "mekanik", "Mekanik"
    SENIMAN = "seniman", "Seniman"
    TABIB = "tabib", "Tabib"
    PARAJI = "paraji", "Paraji"
    PERANCANG_BUSANA = "perancang_busana", "Perancang Busana"
    PENTERJEMAH = "penterjemah", "Penterjemah"
    IMAM_MASJID = "imam_masjid", "Imam Masjid"
    PENDETA = "pendeta", "Pendeta"
    PASTOR = "pastor", "Pastor"
    WARTAWAN = "wartawan", "Wartawan"
    USTADZ_MUBALIGH = "ustadz_mubaligh", "Ustadz/Mubaligh"
    JURU_MASAK = "juru_masak", "Juru Masak"
    PROMOTOR_ACARA = "promotor_acara", "Promotor Acara"
    ANGGOTA_DPR_RI = "anggota_dpr_ri", "Anggota DPR-RI"
    ANGGOTA_DPD = "anggota_dpd", "Anggota DPD"
    ANGGOTA_BPK = "anggota_bpk", "Anggota BPK"
    PRESIDEN = "presiden", "Presiden"
    WAKIL_PRESIDEN = "wakil_presiden", "Wakil Presiden"
    ANGGOTA_MAHKAMAH_KONSTITUSI = "anggota_mahkamah_konstitusi", "Anggota Mahkamah Konstitusi"
    ANGGOTA_KABINET_KEMENTERIAN = "anggota_kabinet_kementerian", "Anggota Kabinet Kementerian"
    DUTA_BESAR = "duta_besar", "Duta Besar"
    GUBERNUR = "gubernur", "Gubernur"
    WAKIL_GUBERNUR = "wakil_gubernur", "Wakil Gubernur"
    BUPATI = "bupati", "Bupati"
    WAKIL_BUPATI = "wakil_bupati", "Wakil Bupati"
    WALIKOTA = "walikota", "Walikota"
    WAKIL_WALIKOTA = "wakil_walikota", "Wakil Walikota"
    ANGGOTA_DPRD_PROVINSI = "anggota_dprd_provinsi", "Anggota DPRD Provinsi"
    ANGGOTA_DPRD_KABUPATEN_KOTA = "anggota_dprd_kabupaten_kota", "Anggota DPRD Kabupaten/Kota"
    DOSEN = "dosen", "Dosen"
    GURU = "guru", "Guru"
    PILOT = "pilot", "Pilot"
    PENGACARA = "pengacara", "Pengacara"
    NOTARIS = "notaris", "Notaris"
    ARSITEK = "arsitek", "Arsitek"
    AKUNTAN = "akuntan", "Akuntan"
    KONSULTAN = "konsultan", "Konsultan"
    DOKTER = "dokter", "Dokter"
    BIDAN = "bidan", "Bidan"
    PERAWAT = "perawat", "Perawat"
    APOTEKER = "apoteker", "Apoteker"
    PSIKIATER_PSIKOLOG = "psikiater_psikolog", "Psikiater/Psikolog"
    PENYIAR_TELEVISI = "penyiar_televisi", "Penyiar Televisi"
    PENYIAR_RADIO = "penyiar_radio", "Penyiar Radio"
    PELAUT = "pelaut", "Pelaut"
    PENELITI = "peneliti", "Peneliti"
    SOPIR = "sopir", "Sopir"
    PIALANG = "pialang", "Pialang"
    PARANORMAL = "paranormal", "Paranormal"
    PEDAGANG = "pedagang", "Pedagang"
    PERANGKAT_DESA = "perangkat_desa", "Perangkat Desa"
    KEPALA_DESA = "kepala_desa", "Kepala Desa"
    BIARAWATI = "biarawati", "Biarawati"
    WIRASWASTA = "wiraswasta", "Wiraswasta"
    LAINNYA = "lainnya", "Lainnya"
