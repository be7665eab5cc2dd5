"""The answer of the OpenSID import route (pydantic): a dry run's preview or a commit's result."""

from __future__ import annotations

from pydantic import BaseModel, Field

from balai.identity.import_plan import Action as ImportAction


class ImportIssueOut(BaseModel):
    column: str | None = Field(description="the OpenSID column, null for the whole row or file")
    code: str = Field(description="stable identifier", examples=["nik.birth_date_mismatch"])
    message: str = Field(description="in Indonesian, for the operator")


class ImportCountsOut(BaseModel):
    rows: int
    accepted: int
    rejected: int
    flagged: int
    families: int
    new: int
    arrivals: int
    updated: int
    unchanged: int
    new_families: int
    cards_to_bind: int
    events: int = Field(0, description="events published; only after a commit")


class RejectedRowOut(BaseModel):
    row: int = Field(description="spreadsheet row (the header is row 1)")
    errors: list[ImportIssueOut]


class FlaggedRowOut(BaseModel):
    """A row imported with something for the operator to review."""

    row: int
    name: str
    nik_masked: str
    flags: list[ImportIssueOut]


class ChangedRowOut(BaseModel):
    row: int
    action: ImportAction
    changed: list[str] = Field(description="register fields the row changes")


class ImportFamilyOut(BaseModel):
    kk_masked: str
    head: str | None = Field(description="the head of the family's name, null when the file has none")
    members: int
    new: bool


class ImportReportOut(BaseModel):
    """A dry run's preview or a commit's result (a refused commit answers it as a 422 problem's members)."""

    village: str = Field(description="dotted Kemendagri code")
    dry_run: bool
    committed: bool
    format: str | None = Field(description="xlsx or csv; null when the file could not be read")
    sheet: str | None
    ignored_columns: list[str]
    file_errors: list[ImportIssueOut]
    counts: ImportCountsOut
    rejected: list[RejectedRowOut]
    flagged: list[FlaggedRowOut]
    changes: list[ChangedRowOut]
    families: list[ImportFamilyOut]
    seconds: dict[str, float] = Field(description="time spent per step: read, check, write")
