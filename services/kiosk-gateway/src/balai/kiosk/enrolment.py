"""The kiosk's device id. An operator enrols the kiosk's public key in the console; the gateway then asks
identity "which device am I?" with an assertion signed by that key, and keeps the answer in its data folder,
so nobody has to type the id into the config (``[centre] device_id`` still wins when it is set).

A kiosk enrolled for another village than its config names is refused (logged, and it keeps asking):
a PC set up for Mojowarno must not start serving Tunggulsari's residents because of a typing slip.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from pathlib import Path

from balai.kiosk.centre import CentreClient, CentreRejected, CentreUnavailable
from balai.kiosk.config import Settings
from balai.kiosk.keys import WHOAMI_AUDIENCE, DeviceKey

__all__ = ["device_id_path", "known_device_id", "wait_for_enrolment"]

log = logging.getLogger(__name__)


def device_id_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / "device_id"


def known_device_id(settings: Settings) -> str:
    """The id from the config, else the one the gateway picked up earlier; empty when not enrolled yet."""
    if settings.centre.device_id:
        return settings.centre.device_id
    try:
        return device_id_path(settings).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _remember(settings: Settings, device_id: str) -> None:
    path = device_id_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(device_id + "\n", encoding="ascii")
    os.replace(partial, path)  # a restart mid-write leaves the old file or the new one, never half of one


async def wait_for_enrolment(
    centre: CentreClient, key: DeviceKey, settings: Settings, on_enrolled: Callable[[str], None]
) -> None:
    """Ask every ``enrolment_poll_s`` until an operator has enrolled this kiosk's key, then remember the id."""
    waiting_said = False
    while True:
        try:
            answer = await centre.whoami(
                key.assertion(key.public_key, WHOAMI_AUDIENCE, clock_offset=centre.clock_offset)
            )
        except CentreUnavailable:
            answer = None
        except CentreRejected as exc:
            log.warning("the centre refused the enrolment question: %s", exc)
            answer = None
        if answer is not None:
            village = str(answer.get("village", ""))
            if settings.centre.village and village != settings.centre.village:
                log.error(
                    "this kiosk's key is enrolled for village %s, but its config names %s: not taking it",
                    village,
                    settings.centre.village,
                )
            else:
                device_id = str(answer["device_id"])
                _remember(settings, device_id)
                log.info("enrolled at the centre as device %s (%s)", device_id, answer.get("name", ""))
                on_enrolled(device_id)
                return
        elif not waiting_said:
            log.info("not enrolled yet: waiting for an operator to enrol public key %s", key.public_key)
            waiting_said = True
        await asyncio.sleep(settings.enrolment_poll_s)
