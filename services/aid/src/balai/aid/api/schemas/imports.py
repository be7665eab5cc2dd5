"""The answer of the import routes: what an import did (or would do) with every row."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from balai.aid.domain.model import ProgramKind, Target


class ImportedProgramOut(BaseModel):
    id: UUID | None = Field(description="null in a dry run that would create the program")
    name: str
    kind: ProgramKind
    target: Target
    created: bool = Field(description="the workbook's program sheet made a new program")


class RejectedRowOut(BaseModel):
    row: int
    code: str
    message: str
    name: str
    nik: str = Field(description="masked")


class FlaggedRowOut(BaseModel):
    """A row enrolled with something to look at: held for review, or warnings."""

    row: int
    name: str
    nik: str = Field(description="masked")
    review: bool = Field(description="held for review: not paid until an operator settles it")
    codes: list[str]
    messages: list[str]


class ImportReportOut(BaseModel):
    """What an import did (or, in a dry run, would do) with every row."""

    dry_run: bool
    layout: Literal["opensid", "dtks"]
    file_sha256: str
    program: ImportedProgramOut
    rows: int
    new: int = Field(description="rows enrolled")
    unchanged: int = Field(description="rows already enrolled")
    rejected: list[RejectedRowOut]
    flagged: list[FlaggedRowOut]
