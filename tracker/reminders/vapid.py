"""The server's VAPID key pair (RFC 8292): it signs every Web Push request, and its public half
is what a browser's subscription is bound to.

Kept in one PEM file, instance/vapid.pem by default (VAPID_FILE), mode 600, made on first use.
Every process that sends (the web app's test button, the sender) reads the same file: on
several machines it is copied with instance/config.py. A new key makes every existing browser
subscription refuse our pushes (403): each device then turns notifications on again."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def load_or_create(path: str) -> ec.EllipticCurvePrivateKey:
    """The key pair in `path`, made there first when missing (two processes racing keep one)."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    partial = f"{path}.{os.getpid()}.tmp"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    try:
        os.link(partial, path)  # fails when another process linked its key first: use that one
    except FileExistsError:
        pass
    finally:
        os.unlink(partial)
    return _read(path)


def _read(path: str) -> ec.EllipticCurvePrivateKey:
    with open(path, "rb") as key_file:
        key = serialization.load_pem_private_key(key_file.read(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError(f"{path} does not hold a P-256 key.")
    return key


def public_key(key: ec.EllipticCurvePrivateKey) -> str:
    """The application server key a browser subscribes with: the uncompressed point, base64url."""
    raw = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
