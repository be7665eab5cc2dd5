"""The catalogue of standard letter types a village office issues.

Classification codes (``kode_surat``) follow the standard list villages use (OpenSID's
``klasifikasi_surat``, after Permendagri 78/2012): 470 Kependudukan, 471.x Pendaftaran Penduduk,
472.x Pencatatan Sipil (472.11 kelahiran, 472.12 kematian, 472.2 perkawinan), 401 Keluarga Miskin,
331 Kepolisian, 400 Kesejahteraan Rakyat, 503 Perizinan (Perekonomian).
A village may change a type's code, template and validity; the service stores those overrides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from balai.letters.definitions import FieldDef, LetterType

__all__ = ["CATALOGUE", "get_letter_type"]


_NIK = r"^\d{16}$"
_KEPERLUAN = FieldDef(
    "keperluan", "Keperluan", help="Untuk apa surat ini digunakan", example="Persyaratan melamar pekerjaan"
)
_KTP_KK = ("Surat pengantar RT/RW", "Fotokopi KTP-el", "Fotokopi Kartu Keluarga")
_AGAMA = ("Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Khonghucu", "Kepercayaan terhadap Tuhan YME")


def _parent(prefix: str, who: str, example_name: str, example_born: dt.date) -> tuple[FieldDef, ...]:
    return (
        FieldDef(f"nama_{prefix}", f"Nama {who}", example=example_name),
        FieldDef(
            f"nik_{prefix}",
            f"NIK {who}",
            required=False,
            pattern=_NIK,
            example="3317091704630001" if prefix == "ayah" else "3317094208670002",
        ),
        FieldDef(f"tempat_lahir_{prefix}", f"Tempat lahir {who}", required=False, example="Rembang"),
        FieldDef(f"tanggal_lahir_{prefix}", f"Tanggal lahir {who}", "date", False, example=example_born),
        FieldDef(f"agama_{prefix}", f"Agama {who}", "choice", False, _AGAMA),
        FieldDef(f"pekerjaan_{prefix}", f"Pekerjaan {who}", required=False, example="Petani"),
        FieldDef(f"alamat_{prefix}", f"Alamat {who}", required=False, example="Dusun Krajan RT 002 RW 001"),
    )


_TYPES: tuple[LetterType, ...] = (
    LetterType(
        "domisili",
        "Surat Keterangan Domisili",
        "SKD",
        "470",
        180,
        (
            FieldDef("alamat_domisili", "Alamat domisili", example="Dusun Krajan RT 002 RW 001"),
            FieldDef("domisili_sejak", "Berdomisili sejak", "date", False, example=dt.date(2015, 3, 1)),
            _KEPERLUAN,
        ),
        "domisili.html",
        "Menerangkan bahwa warga benar bertempat tinggal di desa.",
        _KTP_KK,
    ),
    LetterType(
        "usaha",
        "Surat Keterangan Usaha",
        "SKU",
        "503",
        365,
        (
            FieldDef("nama_usaha", "Nama usaha", example="Warung Makan Bu Sri"),
            FieldDef("jenis_usaha", "Bidang/jenis usaha", example="Perdagangan makanan"),
            FieldDef("alamat_usaha", "Alamat usaha", example="Jl. Raya Kaliori No. 12"),
            FieldDef("mulai_usaha", "Usaha berjalan sejak", "date", False, example=dt.date(2019, 6, 1)),
            _KEPERLUAN,
        ),
        "usaha.html",
        "Untuk pengajuan kredit usaha (KUR), izin usaha, dan sejenisnya.",
        (*_KTP_KK, "Foto tempat usaha"),
    ),
    LetterType(
        "nikah-n1",
        "Pengantar Nikah",
        "N1",
        "472.2",
        90,
        (
            FieldDef(
                "status_nikah",
                "Status perkawinan calon pengantin",
                "choice",
                choices=("Jejaka", "Duda", "Beristri", "Perawan", "Janda"),
            ),
            FieldDef("istri_ke", "Beristri ke- (bila beristri)", "number", False, min_value=1, max_value=4),
            FieldDef("nama_pasangan_terdahulu", "Nama istri/suami terdahulu", required=False, example="-"),
            FieldDef("bin_binti", "Bin/Binti", required=False, example="Bin Slamet"),
            *_parent("ayah", "ayah", "Slamet Riyadi", dt.date(1963, 4, 17)),
            *_parent("ibu", "ibu", "Siti Aminah", dt.date(1967, 8, 2)),
        ),
        "nikah_n1.html",
        "Model N1 (Kepdirjen Bimas Islam 473/2020): pengantar desa untuk pendaftaran nikah di KUA.",
        (*_KTP_KK, "Fotokopi akta kelahiran", "Pas foto 2x3 dan 4x6 latar biru"),
    ),
    LetterType(
        "sktm",
        "Surat Keterangan Tidak Mampu",
        "SKTM",
        "401",
        90,
        (
            FieldDef(
                "penghasilan_keluarga",
                "Penghasilan keluarga per bulan (Rp)",
                "number",
                False,
                min_value=0,
                example=900000,
            ),
            FieldDef(
                "jumlah_tanggungan", "Jumlah tanggungan keluarga", "number", False, min_value=0, max_value=30, example=4
            ),
            _KEPERLUAN,
        ),
        "sktm.html",
        "Untuk keringanan biaya sekolah, berobat, atau bantuan sosial.",
        _KTP_KK,
    ),
    LetterType(
        "kelahiran",
        "Surat Keterangan Kelahiran",
        "SKL",
        "472.11",
        None,
        (
            FieldDef("nama_bayi", "Nama anak", example="Ahmad Fauzan"),
            FieldDef("jenis_kelamin_bayi", "Jenis kelamin anak", "choice", choices=("Laki-laki", "Perempuan")),
            FieldDef("tempat_lahir_bayi", "Tempat kelahiran", example="Puskesmas Kaliori"),
            FieldDef("tanggal_lahir_bayi", "Tanggal lahir", "date", example=dt.date(2026, 10, 30)),
            FieldDef("pukul_lahir", "Pukul", required=False, max_length=10, example="08.15 WIB"),
            FieldDef("anak_ke", "Anak ke-", "number", min_value=1, max_value=30, example=2),
            FieldDef("nama_ayah", "Nama ayah", example="Budi Santoso"),
            FieldDef("nama_ibu", "Nama ibu", example="Sri Wahyuni"),
            FieldDef(
                "penolong", "Penolong kelahiran", "choice", False, ("Dokter", "Bidan/Perawat", "Dukun", "Lainnya")
            ),
        ),
        "kelahiran.html",
        "Keterangan lahir untuk pengurusan akta kelahiran.",
        (*_KTP_KK, "Surat keterangan lahir dari bidan/rumah sakit", "Fotokopi buku nikah orang tua"),
    ),
    LetterType(
        "kematian",
        "Surat Keterangan Kematian",
        "SKK",
        "472.12",
        None,
        (
            FieldDef("nama_almarhum", "Nama almarhum/almarhumah", example="Sukardi"),
            FieldDef(
                "nik_almarhum", "NIK almarhum/almarhumah", required=False, pattern=_NIK, example="3317090101450003"
            ),
            FieldDef("jenis_kelamin_almarhum", "Jenis kelamin", "choice", choices=("Laki-laki", "Perempuan")),
            FieldDef("umur_almarhum", "Umur (tahun)", "number", False, min_value=0, max_value=130, example=81),
            FieldDef("alamat_almarhum", "Alamat terakhir", required=False, example="Dusun Krajan RT 002 RW 001"),
            FieldDef("tanggal_meninggal", "Tanggal meninggal", "date", example=dt.date(2026, 11, 20)),
            FieldDef("pukul_meninggal", "Pukul", required=False, max_length=10, example="04.30 WIB"),
            FieldDef("tempat_meninggal", "Tempat meninggal", example="Rumah duka"),
            FieldDef("sebab_kematian", "Sebab kematian", required=False, example="Sakit"),
            FieldDef("hubungan_pelapor", "Hubungan pelapor dengan almarhum/ah", example="Anak kandung"),
        ),
        "kematian.html",
        "Keterangan kematian untuk pengurusan akta kematian, waris, dan pensiun.",
        (*_KTP_KK, "KTP-el almarhum/almarhumah"),
    ),
    LetterType(
        "skck",
        "Surat Pengantar SKCK",
        "SKCK",
        "331",
        30,
        (_KEPERLUAN,),
        "skck.html",
        "Pengantar ke Polsek/Polres untuk Surat Keterangan Catatan Kepolisian.",
        (*_KTP_KK, "Pas foto 4x6 latar merah"),
    ),
    LetterType(
        "pindah",
        "Surat Keterangan Pindah",
        "SKP",
        "471.21",
        30,
        (
            FieldDef("alamat_tujuan", "Alamat tujuan", example="Jl. Melati No. 7 RT 003 RW 005"),
            FieldDef("desa_tujuan", "Desa/kelurahan tujuan", example="Tambakrejo"),
            FieldDef("kecamatan_tujuan", "Kecamatan tujuan", example="Gayamsari"),
            FieldDef("kabupaten_tujuan", "Kabupaten/kota tujuan", example="Kota Semarang"),
            FieldDef("provinsi_tujuan", "Provinsi tujuan", example="Jawa Tengah"),
            FieldDef(
                "klasifikasi_pindah",
                "Klasifikasi pindah",
                "choice",
                choices=(
                    "Dalam satu desa",
                    "Antar desa dalam satu kecamatan",
                    "Antar kecamatan",
                    "Antar kabupaten/kota",
                    "Antar provinsi",
                ),
                example="Antar kabupaten/kota",
            ),
            FieldDef(
                "alasan_pindah",
                "Alasan pindah",
                "choice",
                choices=("Pekerjaan", "Pendidikan", "Keamanan", "Kesehatan", "Perumahan", "Keluarga", "Lainnya"),
            ),
            FieldDef("tanggal_pindah", "Rencana tanggal pindah", "date", False, example=dt.date(2026, 12, 1)),
            FieldDef(
                "pengikut",
                "Anggota keluarga yang ikut pindah (nama, satu per baris)",
                required=False,
                multiline=True,
                max_length=1000,
                example="Sri Wahyuni\nAhmad Fauzan",
            ),
        ),
        "pindah.html",
        "Pengantar pindah penduduk untuk Disdukcapil (SKPWNI).",
        (*_KTP_KK, "KTP-el asli"),
    ),
    LetterType(
        "belum-menikah",
        "Surat Keterangan Belum Menikah",
        "SKBM",
        "472.2",
        90,
        (_KEPERLUAN,),
        "belum_menikah.html",
        "Menerangkan bahwa warga belum pernah menikah.",
        _KTP_KK,
    ),
    LetterType(
        "penghasilan",
        "Surat Keterangan Penghasilan",
        "SKPH",
        "400",
        90,
        (
            FieldDef("sumber_penghasilan", "Sumber penghasilan", example="Bertani padi dan jagung"),
            FieldDef(
                "penghasilan_per_bulan", "Penghasilan rata-rata per bulan (Rp)", "number", min_value=0, example=1750000
            ),
            _KEPERLUAN,
        ),
        "penghasilan.html",
        "Keterangan penghasilan, misalnya untuk beasiswa atau keringanan UKT.",
        _KTP_KK,
    ),
    LetterType(
        "pengantar-ktp-kk",
        "Surat Pengantar KTP/KK",
        "SPKK",
        "471.1",
        30,
        (
            FieldDef(
                "jenis_permohonan",
                "Jenis permohonan",
                "choice",
                choices=(
                    "Pembuatan KTP-el baru",
                    "Penggantian KTP-el (rusak/hilang)",
                    "Perubahan data KTP-el",
                    "Pembuatan KK baru",
                    "Perubahan data KK",
                    "Penggantian KK (rusak/hilang)",
                ),
            ),
            FieldDef("alasan", "Alasan/keterangan", required=False, example="KTP-el hilang"),
        ),
        "pengantar_ktp_kk.html",
        "Pengantar ke Disdukcapil untuk KTP-el atau Kartu Keluarga.",
        _KTP_KK,
    ),
    LetterType(
        "keterangan-umum",
        "Surat Keterangan",
        "SKET",
        "470",
        90,
        (
            FieldDef(
                "isi_keterangan",
                "Isi keterangan",
                multiline=True,
                max_length=2000,
                example="Orang tersebut di atas benar warga kami yang berkelakuan baik dan aktif "
                "dalam kegiatan kemasyarakatan di lingkungannya.",
            ),
            _KEPERLUAN,
        ),
        "keterangan_umum.html",
        "Surat keterangan umum dengan isi yang ditulis operator.",
        _KTP_KK,
    ),
)

CATALOGUE: Mapping[str, LetterType] = MappingProxyType({t.code: t for t in _TYPES})
"""The standard letter types by code (read-only)."""


def get_letter_type(code: str) -> LetterType:
    """The standard letter type ``code``; raises ``KeyError`` naming the known codes."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError(f"unknown letter type {code!r}; known: {', '.join(CATALOGUE)}") from None
