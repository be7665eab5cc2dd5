"""What a letter template sees: village, resident, signer, letter and the type's field values.

The service layer fills these from identity's read model and the request; templates get plain dicts
(see :meth:`LetterContext.template_vars`), never these objects, so a template cannot call model methods.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["LetterContext", "LetterInfo", "ResidentInfo", "SignerInfo", "VillageInfo"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class VillageInfo(_Model):
    code: str = Field(pattern=r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", examples=["33.17.09.2016"])
    name: str  # "Mojowarno"
    kind: Literal["Desa", "Kelurahan"] = "Desa"
    kecamatan: str
    kabupaten: str  # without "Kabupaten"/"Kota"
    kabupaten_kind: Literal["Kabupaten", "Kota"] = "Kabupaten"
    provinsi: str
    address: str  # street address of the village office
    postal_code: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    logo_data_uri: str | None = Field(default=None, pattern=r"^data:image/(png|jpeg|svg\+xml)[;,]")
    head_title: str = "Kepala Desa"  # "Kepala Desa", "Lurah", "Kuwu", "Petinggi", ...


class ResidentInfo(_Model):
    nama: str
    nik: str = Field(pattern=r"^\d{16}$")
    no_kk: str | None = Field(default=None, pattern=r"^\d{16}$")
    tempat_lahir: str
    tanggal_lahir: dt.date
    jenis_kelamin: Literal["Laki-laki", "Perempuan"]
    agama: str
    status_perkawinan: str  # "Belum Kawin", "Kawin", "Cerai Hidup", "Cerai Mati"
    pekerjaan: str
    kewarganegaraan: str = "WNI"
    pendidikan: str | None = None
    alamat: str  # "Dusun Krajan" or street; RT/RW separately
    rt: str | None = None
    rw: str | None = None
    nama_ayah: str | None = None
    nama_ibu: str | None = None


class SignerInfo(_Model):
    name: str
    position: str  # "Kepala Desa Mojowarno", or "Sekretaris Desa" when signing on behalf
    nip: str | None = None
    on_behalf_of: str | None = None  # "Kepala Desa Mojowarno" -> prints "a.n. Kepala Desa Mojowarno"


class LetterInfo(_Model):
    number: str
    issued_on: dt.date
    valid_until: dt.date | None = None
    place: str | None = None  # place in the signature line; defaults to the village name
    verify_url: str  # https://host/v/CODE, printed under the QR
    qr_data_uri: str = Field(pattern=r"^data:image/(png|svg\+xml)[;,]")


class LetterContext(_Model):
    village: VillageInfo
    resident: ResidentInfo
    signer: SignerInfo
    letter: LetterInfo
    fields: dict[str, Any]  # validated values of the letter type's fields

    def template_vars(self, title: str) -> dict[str, Any]:
        data = self.model_dump(mode="python")
        data["title"] = title
        return data
