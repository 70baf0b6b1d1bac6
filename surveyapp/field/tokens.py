"""Personal links: random, unguessable, and not recoverable from a copy of the database.

A token is the HMAC of a random per-invitation salt under the application's secret key. The
database keeps the salt and a SHA-256 digest of the token: enough to recognise a link and, with
the secret key, to print the same link again, but a stolen database alone opens nothing.

When the secret key changes, the earlier keys stay in `SECRET_KEY_FALLBACKS`: a link made under
one of them still opens and is printed again as it was sent. Once a key is dropped from the
list, every link made under it is dead, even for someone who holds the database and the old key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence

SALT_BYTES = 16  # 128 bits of randomness per link
TOKEN_BYTES = 24


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def token_for(salt: str, secret_key: str) -> str:
    mac = hmac.new(secret_key.encode(), b"invitation:" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:TOKEN_BYTES]).decode().rstrip("=")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_as_sent(salt: str, stored_digest: str, keys: Sequence[str]) -> str | None:
    """The link exactly as it went out, made under whichever of `keys` made it; None once that
    key is gone, because no other key can make the same link again."""
    for key in keys:
        token = token_for(salt, key)
        if hmac.compare_digest(digest(token), stored_digest):
            return token
    return None


def made_with(token: str, salt: str, keys: Sequence[str]) -> bool:
    """Whether one of `keys` made this link: a link whose key was retired opens nothing."""
    return any(hmac.compare_digest(token_for(salt, key), token) for key in keys)
