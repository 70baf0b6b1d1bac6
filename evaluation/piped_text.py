"""Question texts that pipe an earlier answer (`{{F_1_jahr}}`), as a publication prints them.

A table, a codebook label or a feedback report speaks for many respondents, so no single
answer can stand in a placeholder. It reads as the printed questionnaire reads before anything
is answered, "(Ihre Angabe zu F_1_jahr)", never as the raw braces of the questionnaire file.
"""

from __future__ import annotations

import re

PIPE = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}")


def neutral(text: str) -> str:
    """`text` with each placeholder saying whose answer stands there."""
    return PIPE.sub(lambda match: f"(Ihre Angabe zu {match.group(1)})", text)
