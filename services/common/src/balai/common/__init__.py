"""Shared mechanics of every Balai service: settings, database, events, auth, errors, observability.

Nothing here knows about villages' letters, aid or shops: no domain logic lives in this package.
"""
