"""Access codes: the personal link in a form a person can type from a printed letter.

A 32-character mixed-case token cannot be read aloud or typed reliably. The access code is
twelve letters from an alphabet without look-alikes (no B/8, I/L/1, O/0, S/5, Z/2, and no
digits at all), in three groups of four, the last letter a check character (Luhn mod 20): a
single mistyped letter and most swapped neighbours are caught before any lookup, and the page
names the character that is wrong.

Like the token, the code is an HMAC of the invitation's salt under the secret key, so only the
application can print it; the database keeps a digest to find the invitation by.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

ALPHABET = "ACDEFGHJKMNPQRTUVWXY"
#: Eleven letters of 20 (47 bits) and the check letter.
DATA_LENGTH = 11
LENGTH = DATA_LENGTH + 1
GROUP = 4
#: What a person types between the groups, or by habit: ignored.
_SEPARATORS = str.maketrans("", "", " -–._/\t")


def _check_letter(data: str) -> str:
    """Luhn mod N over the alphabet: the letter that makes the whole code check out."""
    n = len(ALPHABET)
    total = 0
    for position, letter in enumerate(reversed(data)):
        value = ALPHABET.index(letter) * (2 if position % 2 == 0 else 1)
        total += value // n + value % n
    return ALPHABET[(n - total % n) % n]


def make(salt: str, secret_key: str) -> str:
    """The code of an invitation's salt under `secret_key`, without the groups' dashes."""
    mac = hmac.new(secret_key.encode(), b"access-code:" + salt.encode(), hashlib.sha256).digest()
    number = int.from_bytes(mac, "big")
    data = ""
    for _ in range(DATA_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        data += ALPHABET[index]
    return data + _check_letter(data)


def formatted(code: str) -> str:
    """As printed: ACDE-FGHJ-KMNP."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def digest(code: str) -> str:
    return hashlib.sha256(b"access-code:" + code.encode()).hexdigest()


class Problem(StrEnum):
    EMPTY = "empty"
    FOREIGN_CHARACTER = "foreign_character"
    LENGTH = "length"
    CHECK = "check"


@dataclass(frozen=True)
class Typed:
    """A code as typed, read: the code (upper case, separators gone) or what is wrong with it
    (the first foreign character and its place among the code's letters, or the length)."""

    code: str
    problem: Problem | None = None
    character: str = ""
    position: int = 0


def read(typed: str) -> Typed:
    """What a person typed, checked letter by letter before anything is looked up."""
    code = typed.translate(_SEPARATORS).upper()
    if not code:
        return Typed(code, Problem.EMPTY)
    for position, character in enumerate(code, start=1):
        if character not in ALPHABET:
            return Typed(code, Problem.FOREIGN_CHARACTER, character, position)
    if len(code) != LENGTH:
        return Typed(code, Problem.LENGTH)
    if _check_letter(code[:-1]) != code[-1]:
        return Typed(code, Problem.CHECK)
    return Typed(code)
