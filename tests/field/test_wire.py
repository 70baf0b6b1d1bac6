"""The bytes of a message, written without the standard library's header registry, read back by
the standard library's parser exactly as the researcher wrote them."""

from __future__ import annotations

import smtplib
from email import message_from_bytes, policy

from surveyapp.field import wire
from tests.testsupport import Inbox, smtp_server

LINK = "https://umfrage.example.org/r/Ab=Cd-ef_GH?x=1&y=2#" + "z" * 90
TEXT = (
    "Sehr geehrte Frau Müller,\n\n"
    "bitte füllen Sie den Fragebogen „Sozialplanung 2026“ aus:\n"
    f"{LINK}\n"
    ".Eine Zeile, die mit einem Punkt beginnt, und ein = Zeichen und Leerzeichen am Ende   \n"
    "Mit freundlichen Grüßen\n"
)


def _parsed(raw: bytes):  # noqa: ANN202
    return message_from_bytes(raw, policy=policy.default)


def _text(message, kind: str) -> str:  # noqa: ANN001
    """A part's text with the line ends a mail client shows (the wire has CRLF)."""
    return message.get_body((kind,)).get_content().replace("\r\n", "\n")


def test_umlauts_long_subject_and_sender_survive_as_written():
    subject = "Erinnerung: Befragung zur integrierten Sozialplanung in Thüringer Landkreisen 2026"
    raw = wire.message_bytes(
        [
            ("From", "=?utf-8?q?Institut_f=C3=BCr_Sozialforschung?= <team@example.org>"),
            ("To", "anna@example.org"),
            ("Subject", subject),
            ("List-Unsubscribe", f"<{LINK}>"),
        ],
        TEXT,
        "<p>Hallo</p>",
    )
    assert raw.isascii()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    message = _parsed(raw)
    assert message["Subject"] == subject
    assert message["From"].addresses[0].display_name == "Institut für Sozialforschung"
    assert message["List-Unsubscribe"] == f"<{LINK}>"
    assert _text(message, "plain") == TEXT
    assert _text(message, "html") == "<p>Hallo</p>\n"


def test_an_international_address_is_kept_as_utf8_for_an_smtputf8_server():
    raw = wire.message_bytes(
        [("To", "info@stadt-jena-göschwitz.de"), ("Subject", "Grüße")], "Text", "<p>Text</p>", True
    )
    assert "info@stadt-jena-göschwitz.de".encode() in raw
    assert _parsed(raw)["To"] == "info@stadt-jena-göschwitz.de"


def test_a_line_starting_with_a_dot_arrives_whole_over_smtp():
    inbox = Inbox()
    raw = wire.message_bytes([("To", "anna@example.org"), ("Subject", "Test")], TEXT, "<p/>")
    with smtp_server(inbox) as port, smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.sendmail("team@example.org", ["anna@example.org"], raw)
    [received] = inbox.messages
    assert _text(received, "plain") == TEXT


def test_each_message_gets_its_own_boundary():
    first = wire.message_bytes([("To", "a@example.org")], "x", "y")
    second = wire.message_bytes([("To", "a@example.org")], "x", "y")
    assert first != second


def test_a_long_opt_out_link_is_written_as_it_is_not_as_encoded_words():
    """Mail clients read List-Unsubscribe literally (RFC 2369, RFC 8058): the standard library
    turned a link longer than a line into "=?utf-8?q?=3Chttps=3A//…" that no client follows."""
    value = f"<{LINK}>"
    assert wire.header("List-Unsubscribe", value) == f"List-Unsubscribe: {value}\r\n".encode()
