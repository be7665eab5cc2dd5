"""Repositories: the only code that talks SQL. Each maps rows to the pure domain objects and back."""
