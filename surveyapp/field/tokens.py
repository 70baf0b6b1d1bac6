"""Personal links: random, unguessable, and not recoverable from a copy of the database.

A token is the HMAC of a random per-invitation salt under the application's secret key. The
database keeps the salt and a SHA-256 digest of the token: enough to recognise a link and, with
the secret key, to print the same link again, but a stolen database alone opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SALT_BYTES = 16  # 128 bits of randomness per link
TOKEN_BYTES = 24


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def token_for(salt: str, secret_key: str) -> str:
    mac = hmac.new(secret_key.encode(), b"invitation:" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:TOKEN_BYTES]).decode().rstrip("=")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
