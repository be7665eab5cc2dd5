"""Who acts: a token's subject, roles and village as the letters service reads them. Pure Python, no I/O.

The request's rules (:mod:`balai.letters.domain`) and the village's configuration handlers ask an
:class:`Actor` whether it is staff of a village, reads it, or is a given resident.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from balai.common.auth import KADES, OPERATOR, REGENCY_ADMIN, RESIDENT, Principal

__all__ = ["Actor"]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a token's subject and roles (staff carry their village; residents their own)."""

    subject: str
    roles: frozenset[str]
    village: str | None
    name: str = ""
    device: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        name = principal.claims.get("name")
        return cls(
            subject=principal.subject,
            roles=principal.roles,
            village=principal.village,
            name=name if isinstance(name, str) else "",
            device=principal.device,
        )

    def is_staff_of(self, village: str) -> bool:
        """Village staff (operator or kades) of ``village``: the only ones who move a request along."""
        return bool(self.roles & {OPERATOR, KADES}) and self.village == village

    def reads_village(self, village: str) -> bool:
        """Staff of the village, or the regency admin (read only)."""
        return self.is_staff_of(village) or REGENCY_ADMIN in self.roles

    def is_resident(self, resident_id: UUID) -> bool:
        return RESIDENT in self.roles and self.subject == str(resident_id)

    @property
    def role(self) -> str:
        if KADES in self.roles:
            return "kades"
        if OPERATOR in self.roles:
            return "operator"
        if RESIDENT in self.roles:
            return "resident"
        return "other"

    @property
    def channel(self) -> Literal["pwa", "kiosk", "counter"]:
        if RESIDENT in self.roles and not self.roles & {OPERATOR, KADES}:
            return "kiosk" if self.device else "pwa"
        return "counter"
