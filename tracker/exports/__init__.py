"""Your data, taken away and brought back: JSON (the whole account, re-importable), a CSV zip,
a FHIR R4 Bundle; the import of our JSON into an empty account."""
