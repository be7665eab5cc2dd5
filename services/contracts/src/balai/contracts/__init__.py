"""Event contracts: the one place an event's payload shape is defined.

Rules: within a version only additive, optional changes; anything else is a new `...V2` model.
Every contract has a committed JSON Schema snapshot and a golden sample payload (see tests).
"""

DOMAINS = ("identity", "letters", "aid", "marketplace", "kiosk")


def catalogue_modules() -> list[str]:
    """The modules that hold contracts, one per publishing service."""
    import importlib.util

    return [f"balai.contracts.{d}" for d in DOMAINS if importlib.util.find_spec(f"balai.contracts.{d}")]
