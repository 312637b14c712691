"""Recorded events: event datasets (UCDP GED, ACLED) beside the narrative.

One module per outside format, each reading a CSV by its header names
(`ucdp.py`, `acled.py`); `record.py` declares the one record type they produce;
`storage.py` finds the bundled UCDP extract and the user's imported layers and writes
new ones atomically. Importing this package costs nothing: msgspec, which the record type
needs, is imported by the modules that build or decode records."""

# The names `--source` takes besides imported layers.
NARRATIVE, BUNDLED, ALL = "narrative", "ucdp", "all"
RESERVED = (NARRATIVE, BUNDLED, ALL)
