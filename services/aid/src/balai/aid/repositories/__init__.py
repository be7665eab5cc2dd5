"""Repositories of the aid service: the only code that talks SQL (reached through `AidUnitOfWork`)."""
