"""A tiny service built only from balai.common, used to prove the shared mechanics on real PG + NATS.

It is also the smallest example of the service shape: one model, one contract, one handler, one route.
"""
