"""Balai's Locust journeys, one module per kind of user; `loadtests/locustfile.py` is the entry point.

- `base`: `BalaiUser` (the request helper every step goes through, the logins) and `Shared`, what the
  journeys of one Locust process share.
- `letter_request`: a resident's letter request (photo uploads, then the request), used by the resident
  on the PWA and at the kiosk.
- `resident`, `kiosk`, `public`, `seller`, `operator`: the journeys.
- `profiles`: the `regency`, `spike` and `smoke` profiles (weights, dropped steps).

The modules import `common` (loadtests/common.py) as a top-level module: the locustfile puts loadtests/ on
`sys.path`. Type-check with `MYPYPATH=loadtests uv run mypy loadtests`.
"""
