"""The wire form of one invitation or reminder: the bytes handed to the SMTP server.

Written directly rather than through `email.message.EmailMessage`: the standard library parses
and refolds every header of every message through its header registry, which was most of the
time of a national mailing (165,000 header parses for 11,000 messages). Here a header takes the
standard library's folding only when it needs it (non-ASCII or too long for one line), and the
result is kept for the next message with the same header, such as the sender.

Both parts are quoted-printable: 7-bit clean whatever the server offers, and a boundary with
"=_" can never occur inside quoted-printable text (it writes "=" as "=3D").
"""

from __future__ import annotations

import binascii
import secrets
from datetime import datetime
from email import policy
from email.utils import format_datetime, make_msgid
from functools import lru_cache

#: RFC 5322 recommends lines of at most 78 characters; longer headers are folded.
LINE = 78
#: No line of a message may be longer than 998 characters (RFC 5322).
LONGEST = 900


def header(name: str, value: str, international: bool = False) -> bytes:
    """One header line, folded and encoded (RFC 2047) as the standard library would.

    Plain ASCII that fits on a line, or that has no space to fold at (a link), is written as
    it is. The standard library would write a long link as RFC 2047 encoded words, which no
    mail client reads in List-Unsubscribe (RFC 2369 wants the link itself)."""
    fits = len(name) + 2 + len(value) <= LINE or (" " not in value and len(value) < LONGEST)
    if fits and value.isascii() and value.isprintable():
        return f"{name}: {value}\r\n".encode("ascii")
    return _folded(name, value, international)


@lru_cache(maxsize=4096)
def _folded(name: str, value: str, international: bool) -> bytes:
    chosen = policy.SMTPUTF8 if international else policy.SMTP
    return chosen.fold_binary(name, chosen.header_store_parse(name, value)[1])


def _part(content_type: str, text: str) -> bytes:
    body = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if not body.endswith("\r\n"):
        body += "\r\n"
    encoded = binascii.b2a_qp(body.encode("utf-8"), istext=True)
    return (
        f'Content-Type: {content_type}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    ).encode("ascii") + encoded


def new_message_id(sender: str) -> str:
    return make_msgid(domain=sender.rpartition("@")[2] or "localhost")


def message_bytes(
    headers: list[tuple[str, str]], text: str, html: str, international: bool = False
) -> bytes:
    """A multipart/alternative message: `headers` in order, then the text and its HTML twin.

    `international`: the recipient's address is not ASCII, so the headers may carry UTF-8 as
    it is (the server offered SMTPUTF8)."""
    boundary = f"=_{secrets.token_hex(12)}"
    lines = [header(name, value, international) for name, value in headers]
    lines.append(b"MIME-Version: 1.0\r\n")
    lines.append(f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'.encode())
    start = f"--{boundary}\r\n".encode()
    # The line end before a boundary belongs to the boundary (RFC 2046), hence one more.
    lines += [start, _part("text/plain", text), b"\r\n", start, _part("text/html", html)]
    lines.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(lines)


def date_now() -> str:
    return format_datetime(datetime.now().astimezone())
