"""The account as one JSON document with a format name and version, and that document read back."""

from __future__ import annotations

import json
from typing import Any

from tracker.exports.account import FORMAT, FORMAT_VERSION, KINDS, Account
from tracker.exports.values import ImportRefused

MEDIA_TYPE = "application/json"


def document(account: Account) -> dict[str, Any]:
    """The JSON document: format, version, profile, then one list per kind."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "profile": account.profile,
        **{kind.name: account.tables[kind.name] for kind in KINDS},
    }


def dumps(account: Account) -> bytes:
    """UTF-8 JSON, indented, non-ASCII as is; the same account always gives the same bytes."""
    return (json.dumps(document(account), ensure_ascii=False, indent=2) + "\n").encode()


def loads(data: bytes) -> dict[str, Any]:
    """Parse a file into a document; a broken file is refused with its line and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"byte {exc.start}", "the file is not UTF-8 text.") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})."
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRefused("format", f"this is not a {FORMAT} file exported by this app.")
    if doc.get("format_version") != FORMAT_VERSION:
        raise ImportRefused(
            "format_version",
            f"this app reads version {FORMAT_VERSION}; the file has {doc.get('format_version')!r}.",
        )
    known = {"format", "format_version", "profile", *(k.name for k in KINDS)}
    extra = sorted(set(doc) - known)
    if extra:
        raise ImportRefused(extra[0], "is not part of this format.")
    return doc
