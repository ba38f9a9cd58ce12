"""Secrets sealed under a key derived from SECRET_KEY: opened under the same key or a
fallback after rotation, never under another; keyed digests follow the same keys."""

from __future__ import annotations

import pytest
from flask import Flask

from tracker import secretbox


def _app(key: str, fallbacks: list[str] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=key, SECRET_KEY_FALLBACKS=fallbacks)
    return app


def test_a_sealed_value_opens_under_its_key_and_after_rotation_with_a_fallback():
    with _app("old key").app_context():
        sealed = secretbox.seal("JBSWY3DPEHPK3PXP", "totp-secret")
        digest = secretbox.digests("abcd", "recovery-code")[0]
    assert "JBSWY3DPEHPK3PXP" not in sealed

    with _app("new key", ["old key"]).app_context():
        assert secretbox.unseal(sealed, "totp-secret") == "JBSWY3DPEHPK3PXP"
        assert digest in secretbox.digests("abcd", "recovery-code")
    with _app("new key").app_context(), pytest.raises(secretbox.Unreadable):
        secretbox.unseal(sealed, "totp-secret")


def test_a_purpose_has_its_own_key():
    with _app("one key").app_context():
        sealed = secretbox.seal("value", "totp-secret")
        with pytest.raises(secretbox.Unreadable):
            secretbox.unseal(sealed, "another-purpose")
        assert secretbox.digests("x", "a") != secretbox.digests("x", "b")
