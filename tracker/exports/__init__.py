"""Your data, taken away and brought back: JSON (the whole account, re-importable), a CSV zip,
a FHIR R4 Bundle; the import of our JSON into an empty account.

This package is the machinery only (tables and cell types, values, the loaders' context, the
formats, the FHIR helpers) and names no kind: each journal kind brings its own codec (its
tables and loaders, `tracker/<domain>/codec.py`) and FHIR mapping (`fhir.py`), set on its
`kind.py` (see tracker/kind.py), and every format walks tracker/registry.py's kinds."""
