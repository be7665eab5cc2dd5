"""Compose a signed letter: digest, signed QR, HTML and PDF in one pure call (no I/O besides rendering).

The service layer calls :func:`compose_letter` from the consumer of the "letter signed" event, after the
number and the verification code were assigned in the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from balai.letters.context import LetterContext, LetterInfo, ResidentInfo, SignerInfo, VillageInfo
from balai.letters.definitions import LetterType
from balai.letters.pdf import PdfRenderer
from balai.letters.qr import QrPayload, content_digest, qr_png_data_uri, sign_payload, verification_url
from balai.letters.templating import render_letter_html

__all__ = ["ComposedLetter", "compose_letter", "letter_digest"]


@dataclass(frozen=True, slots=True)
class ComposedLetter:
    pdf: bytes
    html: str
    qr_text: str
    payload: QrPayload
    verify_url: str


def letter_digest(
    letter_type: LetterType,
    *,
    number: str,
    village: VillageInfo,
    resident: ResidentInfo,
    signer: SignerInfo,
    issued_on: dt.date,
    valid_until: dt.date | None,
    fields: dict[str, Any],
) -> bytes:
    """The 16-byte digest the QR carries; recompute it from the archived data to prove a PDF unchanged."""
    return content_digest(
        {
            "type": letter_type.code,
            "number": number,
            "village": village.code,
            "issued_on": issued_on,
            "valid_until": valid_until,
            "resident": resident.model_dump(mode="json"),
            "signer": signer.model_dump(mode="json"),
            "fields": fields,
        }
    )


def compose_letter(
    letter_type: LetterType,
    *,
    village: VillageInfo,
    resident: ResidentInfo,
    signer: SignerInfo,
    fields: dict[str, Any],
    number: str,
    issued_on: dt.date,
    code: str,
    holder_ref: str,
    signing_key: Ed25519PrivateKey,
    key_id: str,
    origin: str,
    renderer: PdfRenderer,
    template_source: str | None = None,
    valid_until: dt.date | None = None,
) -> ComposedLetter:
    """Validate fields, sign the QR payload and render the PDF.

    ``valid_until`` defaults to the type's validity; ``code`` comes from ``new_verification_code()``
    and ``holder_ref`` is an opaque reference the verification page can resolve (never a NIK).
    """
    values = letter_type.validate_fields(fields)
    if valid_until is None:
        valid_until = letter_type.valid_until(issued_on)
    digest = letter_digest(
        letter_type,
        number=number,
        village=village,
        resident=resident,
        signer=signer,
        issued_on=issued_on,
        valid_until=valid_until,
        fields=values,
    )
    payload = QrPayload(
        code=code,
        letter_number=number,
        type_code=letter_type.code,
        village_code=village.code,
        issued_on=issued_on,
        valid_until=valid_until,
        holder_ref=holder_ref,
        digest=digest,
    )
    qr_text = sign_payload(payload, signing_key, key_id=key_id, origin=origin)
    verify_url = verification_url(origin, code)
    letter = LetterInfo(
        number=number,
        issued_on=issued_on,
        valid_until=valid_until,
        verify_url=verify_url,
        qr_data_uri=qr_png_data_uri(qr_text),
    )
    context = LetterContext(village=village, resident=resident, signer=signer, letter=letter, fields=values)
    html = render_letter_html(letter_type, context, template_source=template_source)
    return ComposedLetter(pdf=renderer.render(html), html=html, qr_text=qr_text, payload=payload, verify_url=verify_url)
