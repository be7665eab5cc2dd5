"""Importing beneficiaries from files: OpenSID's aid layout (sheets "Program" and "Peserta") and
DTKS-style lists (NIK, KK, name, address) as .xlsx or CSV. Pure: bytes in, a plan and a report out;
NIK and KK numbers are hashed as soon as a cell is read and never leave this package in clear."""
