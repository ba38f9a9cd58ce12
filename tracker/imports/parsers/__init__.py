"""Pure parsers: bytes in, `records.Parsed` out, or `errors.ImportFailed`; no app, no database."""
