"""Test support shared by every service: real PostgreSQL, Redis and NATS, a service harness, test tokens."""
