"""Answers of the population statistics routes (pydantic): a village's, a district's or a regency's."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class StatsAreaOut(BaseModel):
    level: Literal["village", "district", "regency"]
    code: str = Field(description="dotted Kemendagri code", examples=["33.17.09"])
    name: str


class AgeSexRow(BaseModel):
    bracket: str = Field(description="age in years: 0-4, 5-9 ... 70-74, 75+", examples=["0-4"])
    male: int
    female: int
    total: int


class CountRow(BaseModel):
    value: str = Field(description="the coded value ('' when not recorded); by_village: the dotted village code")
    label: str
    count: int


class OccupationsOut(BaseModel):
    top: list[CountRow]
    others: int = Field(description="everyone not in the top list")


class PopulationOut(BaseModel):
    """Living residents by age and sex, religion, education and occupation; every status by status."""

    area: StatsAreaOut
    villages: int = Field(description="enabled villages counted")
    as_of: dt.date
    living: int
    age_sex: list[AgeSexRow] = Field(description="every bracket, youngest first")
    by_status: list[CountRow]
    by_religion: list[CountRow]
    by_education: list[CountRow]
    by_occupation: OccupationsOut
    took_ms: float


class VillagePopulationOut(PopulationOut):
    by_dusun: list[CountRow]


class AreaPopulationOut(PopulationOut):
    """A district's or regency's enabled villages."""

    by_village: list[CountRow]
