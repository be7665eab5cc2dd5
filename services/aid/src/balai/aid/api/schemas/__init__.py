"""Request and response bodies (pydantic), one module per route module. Rupiah are strict integers:
`300000.0` is refused."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt

Rupiah = Annotated[StrictInt, Field(ge=1, le=100_000_000)]


class Body(BaseModel):
    """A request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")
