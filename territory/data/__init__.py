"""Stored data: every file's model, reader and checks, and the Dataset, the one way in (``load_dataset``).

Imports only :mod:`territory.base`. A new kind of reference data is one entry in :mod:`territory.data.kinds`.
"""
