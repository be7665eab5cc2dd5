"""The aid domain: programs, beneficiaries, exclusion rules, disbursements. Pure Python, no I/O.

Functions here take everything they decide on as arguments (including "now") and return new values
plus the domain events they cause; the handlers load, call, save and publish.
"""
