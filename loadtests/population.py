"""A synthetic regency population: villages from the Kemendagri region table, families of plausible size,
ages and sexes in Central Java's proportions, valid NIK and KK numbers. Pure Python, no I/O, seeded.

NIK = district code (6) + DDMMYY birth date (day + 40 for women) + serial (4, never 0000); every NIK is
checked with identity's own rules (`balai.identity.nik.check_nik`) before it is used.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from balai.identity.nik import check_kk, check_nik
from balai.identity.regions import Region, RegionIndex
from balai.identity.vocab import Sex

TODAY = dt.date(2026, 11, 1)

# Central Java, 5-year bands (0-4 ... 75+), per cent of the population: the shape of the 2020 census,
# an ageing pyramid with a narrowing base. Used for children and as the adult age distribution.
AGE_BANDS: tuple[float, ...] = (7.3, 7.6, 7.8, 7.9, 7.7, 7.3, 7.2, 7.4, 7.3, 6.8, 6.2, 5.4, 4.5, 3.4, 2.2, 2.9)
# Household sizes (members per Kartu Keluarga), mean ~3.3.
HOUSEHOLD: dict[int, float] = {1: 0.12, 2: 0.22, 3: 0.24, 4: 0.22, 5: 0.11, 6: 0.05, 7: 0.03, 8: 0.01}

MALE = [
    "Slamet",
    "Budi",
    "Agus",
    "Joko",
    "Bambang",
    "Sutrisno",
    "Suparman",
    "Wahyu",
    "Eko",
    "Dwi",
    "Tri",
    "Adi",
    "Rudi",
    "Sugeng",
    "Hadi",
    "Purnomo",
    "Teguh",
    "Yusuf",
    "Ahmad",
    "Muhammad",
    "Sukardi",
    "Suyanto",
    "Mulyono",
    "Heru",
    "Bayu",
    "Rizky",
    "Fajar",
    "Dimas",
    "Arif",
    "Hendra",
    "Sigit",
    "Gunawan",
    "Wahyudi",
    "Supriyadi",
    "Darmanto",
    "Harjo",
    "Kusno",
    "Paijo",
    "Rohmat",
    "Saiful",
    "Imam",
    "Nur",
    "Ali",
    "Fauzi",
]
FEMALE = [
    "Siti",
    "Sri",
    "Dewi",
    "Wati",
    "Sumiyati",
    "Suwarni",
    "Endang",
    "Rina",
    "Lestari",
    "Nur",
    "Ani",
    "Yuni",
    "Tutik",
    "Ratna",
    "Kartini",
    "Puji",
    "Ningsih",
    "Aminah",
    "Fitri",
    "Indah",
    "Sulastri",
    "Sumarni",
    "Suparti",
    "Rukmini",
    "Dwi",
    "Tri",
    "Eka",
    "Wulan",
    "Anisa",
    "Nurul",
    "Lina",
    "Murni",
    "Sutini",
    "Juwariyah",
    "Khotimah",
    "Mariyam",
    "Umi",
    "Kasih",
    "Ayu",
    "Putri",
]
SURNAMES = [
    "Wibowo",
    "Santoso",
    "Prasetyo",
    "Hidayat",
    "Saputra",
    "Nugroho",
    "Setiawan",
    "Kurniawan",
    "Susanto",
    "Purwanto",
    "Rahayu",
    "Wulandari",
    "Handayani",
    "Lestari",
    "Maryati",
    "Astuti",
    "Utami",
    "Fitriani",
    "Haryanto",
    "Mulyadi",
    "Sudarsono",
    "Riyanto",
    "Sulistyo",
    "Wijaya",
]
DUSUN = ("Krajan", "Kauman", "Ngemplak", "Sidorejo", "Karanganyar", "Tegalsari", "Sumberejo", "Kedungsari")
OCCUPATIONS_ADULT = (
    ("petani_pekebun", 24),
    ("buruh_tani_perkebunan", 12),
    ("nelayan_perikanan", 6),
    ("wiraswasta", 14),
    ("perdagangan", 8),
    ("karyawan_swasta", 10),
    ("buruh_harian_lepas", 9),
    ("mengurus_rumah_tangga", 12),
    ("pns", 2),
    ("belum_tidak_bekerja", 3),
)
RELIGIONS = (
    ("islam", 96.0),
    ("protestant", 1.9),
    ("catholic", 1.6),
    ("buddhist", 0.3),
    ("hindu", 0.1),
    ("confucian", 0.1),
)


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


@dataclass(frozen=True, slots=True)
class Village:
    code: str  # compact, 10 digits
    name: str
    district_code: str  # compact, 6 digits
    district_name: str
    population: int


@dataclass(slots=True)
class Person:
    id: uuid.UUID
    nik: str
    name: str
    sex: Sex
    birth_date: dt.date
    relationship: str
    marital_status: str
    occupation: str
    education: str
    religion: str
    birth_place: str


@dataclass(slots=True)
class Family:
    id: uuid.UUID
    village: Village
    kk_number: str
    dusun: str
    rw: str
    rt: str
    members: list[Person] = field(default_factory=list)


def regency_villages(
    regions: RegionIndex, regency: str, residents: int, rng: random.Random, limit: int = 0
) -> list[Village]:
    """Every village of the regency (or the first `limit`), each with a share of `residents` (log-normal
    sizes, as real villages range from a few hundred to several thousand people)."""
    districts = {d.compact_code: d for d in regions.districts_in(regency)}
    villages: list[Region] = list(regions.villages_in(regency))
    if limit:
        villages = villages[:limit]
    weights = [rng.lognormvariate(0, 0.45) for _ in villages]
    total = sum(weights)
    shares = [max(1, round(residents * w / total)) for w in weights]
    shares[-1] += residents - sum(shares)  # exact total
    result = []
    for region, share in zip(villages, shares, strict=True):
        district = districts[region.compact_code[:6]]
        result.append(Village(region.compact_code, region.name, district.compact_code, district.name, max(share, 1)))
    return result


class NumberAllocator:
    """Unique NIK/KK serials per (district, date, sex) prefix."""

    def __init__(self) -> None:
        self._next: Counter[str] = Counter()

    def take(self, prefix: str) -> str:
        self._next[prefix] += 1
        serial = self._next[prefix]
        if serial > 9999:
            raise OverflowError(f"more than 9,999 numbers for {prefix}")
        return f"{prefix}{serial:04d}"


class PopulationBuilder:
    def __init__(self, regions: RegionIndex, rng: random.Random) -> None:
        self.regions = regions
        self.rng = rng
        self.numbers = NumberAllocator()
        self._age_cum = _cumulative(list(AGE_BANDS))
        self._hh_sizes = list(HOUSEHOLD)
        self._hh_cum = _cumulative(list(HOUSEHOLD.values()))
        self._occ = [o for o, _ in OCCUPATIONS_ADULT]
        self._occ_cum = _cumulative([w for _, w in OCCUPATIONS_ADULT])
        self._rel = [r for r, _ in RELIGIONS]
        self._rel_cum = _cumulative([w for _, w in RELIGIONS])
        self.checked = 0

    # -- random pieces -----------------------------------------------------------------------------
    def _pick(self, items: list[str], cum: list[float]) -> str:
        return items[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def age_in(self, low: int, high: int) -> int:
        """An age in [low, high] drawn from the regency's age pyramid."""
        while True:
            band = bisect.bisect(self._age_cum, self.rng.random() * self._age_cum[-1])
            age = band * 5 + self.rng.randrange(5 if band < 15 else 20)
            if low <= age <= high:
                return age

    def birth_date(self, age: int) -> dt.date:
        born = TODAY.replace(year=TODAY.year - age - 1) + dt.timedelta(days=self.rng.randrange(1, 365))
        return min(born, TODAY - dt.timedelta(days=1))

    def household_size(self) -> int:
        return self._hh_sizes[bisect.bisect(self._hh_cum, self.rng.random() * self._hh_cum[-1])]

    def name(self, sex: Sex) -> str:
        first = self.rng.choice(MALE if sex is Sex.MALE else FEMALE)
        return f"{first} {self.rng.choice(SURNAMES)}" if self.rng.random() < 0.6 else first

    def nik(self, district: str, sex: Sex, born: dt.date) -> str:
        day = born.day + (40 if sex is Sex.FEMALE else 0)
        number = self.numbers.take(f"{district}{day:02d}{born:%m%y}")
        check = check_nik(number, sex=sex, birth_date=born, regions=self.regions, today=TODAY)
        if check.errors or check.flags:
            raise ValueError(f"generated an invalid NIK: {[i.code for i in (*check.errors, *check.flags)]}")
        self.checked += 1
        return number

    def kk(self, district: str) -> str:
        issued = TODAY - dt.timedelta(days=self.rng.randrange(30, 20 * 365))
        number = self.numbers.take(f"{district}{issued:%d%m%y}")
        check = check_kk(number, regions=self.regions, today=TODAY)
        if check.errors or check.flags:
            raise ValueError("generated an invalid KK number")
        return number

    def person(self, family: Family, relationship: str, sex: Sex, age: int, *, married: bool | None = None) -> Person:
        born = self.birth_date(age)
        if married is None:
            married = age >= 20 and self.rng.random() < 0.75
        status = "married" if married else ("widowed" if age >= 60 and self.rng.random() < 0.5 else "single")
        if age < 7:
            occupation, education = "belum_tidak_bekerja", "none"
        elif age < 19:
            occupation, education = "pelajar_mahasiswa", "primary_incomplete" if age < 13 else "primary"
        else:
            occupation = self._pick(self._occ, self._occ_cum)
            if sex is Sex.MALE and occupation == "mengurus_rumah_tangga":
                occupation = "petani_pekebun"
            education = self.rng.choice(("primary", "junior_secondary", "senior_secondary", "senior_secondary"))
            if age >= 65 and self.rng.random() < 0.4:
                occupation = "pensiunan" if self.rng.random() < 0.1 else "belum_tidak_bekerja"
        return Person(
            id=uuid.uuid4(),
            nik=self.nik(family.village.district_code, sex, born),
            name=self.name(sex),
            sex=sex,
            birth_date=born,
            relationship=relationship,
            marital_status=status,
            occupation=occupation,
            education=education,
            religion=self._pick(self._rel, self._rel_cum),
            birth_place="Rembang",
        )

    # -- families ------------------------------------------------------------------------------------
    def family(self, village: Village, size: int) -> Family:
        rng = self.rng
        family = Family(
            id=uuid.uuid4(),
            village=village,
            kk_number=self.kk(village.district_code),
            dusun=rng.choice(DUSUN),
            rw=f"{rng.randint(1, 6):03d}",
            rt=f"{rng.randint(1, 12):03d}",
        )
        if size == 1:
            sex = Sex.MALE if rng.random() < 0.45 else Sex.FEMALE
            family.members.append(self.person(family, "head", sex, self.age_in(20, 90), married=False))
            return family
        head_age = self.age_in(24, 80)
        couple = rng.random() < 0.88
        head_sex = Sex.MALE if couple or rng.random() < 0.35 else Sex.FEMALE
        family.members.append(self.person(family, "head", head_sex, head_age, married=couple))
        if couple:
            spouse_age = max(18, min(90, head_age + rng.randint(-8, 3)))
            family.members.append(self.person(family, "wife", Sex.FEMALE, spouse_age, married=True))
        oldest_child = max(0, min(head_age - 18, 35))
        while len(family.members) < size:
            if head_age < 60 and rng.random() < 0.06 and head_age + 22 <= 95:
                sex = Sex.MALE if rng.random() < 0.4 else Sex.FEMALE
                age = min(95, head_age + rng.randint(22, 32))
                family.members.append(self.person(family, "parent", sex, age))
                continue
            sex = Sex.MALE if rng.random() < 0.503 else Sex.FEMALE
            age = self.age_in(0, oldest_child) if oldest_child > 0 else 0
            family.members.append(self.person(family, "child", sex, age, married=False))
        return family

    def families(self, village: Village) -> Iterator[Family]:
        left = village.population
        while left > 0:
            size = min(self.household_size(), left)
            left -= size
            yield self.family(village, size)


def age_pyramid(people: list[tuple[Sex, dt.date]]) -> dict[str, tuple[int, int]]:
    """(male, female) counts per 10-year band, for the seeder's report."""
    bands: dict[str, list[int]] = {}
    for sex, born in people:
        age = (TODAY - born).days // 365
        band = "80+" if age >= 80 else f"{age // 10 * 10}-{age // 10 * 10 + 9}"
        counts = bands.setdefault(band, [0, 0])
        counts[0 if sex is Sex.MALE else 1] += 1
    order = sorted(bands, key=lambda b: int(b.rstrip("+").split("-")[0]))
    return {band: (bands[band][0], bands[band][1]) for band in order}
