"""Language codes for XLSForm language names: `label::Deutsch (de)`, `label::English`, `label::fr`.

XLSForm allows a language with or without its code; the model keys texts by code. A name
without a code is looked up among the languages municipal and international forms use, then
among the English and German names of every language in the Unicode CLDR (through Babel,
which the web app already uses: `Tetum`, `Tigrinya`, `Paschtu`); a name found in neither is
refused by its header, not guessed.
"""

from __future__ import annotations

import re
from functools import cache

from surveyapp.questionnaire.loading.schema.values import LANGUAGE

NAMES = {
    "deutsch": "de",
    "german": "de",
    "english": "en",
    "englisch": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "französisch": "fr",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "spanisch": "es",
    "portuguese": "pt",
    "português": "pt",
    "italian": "it",
    "italiano": "it",
    "dutch": "nl",
    "nederlands": "nl",
    "polish": "pl",
    "polski": "pl",
    "turkish": "tr",
    "türkçe": "tr",
    "türkisch": "tr",
    "arabic": "ar",
    "العربية": "ar",
    "arabisch": "ar",
    "russian": "ru",
    "russisch": "ru",
    "ukrainian": "uk",
    "ukrainisch": "uk",
    "swahili": "sw",
    "kiswahili": "sw",
    "hindi": "hi",
    "nepali": "ne",
    "chinese": "zh",
    "indonesian": "id",
    "bahasa": "id",
    "amharic": "am",
    "somali": "so",
    "hausa": "ha",
    "luganda": "lg",
    "kinyarwanda": "rw",
    "bengali": "bn",
    "urdu": "ur",
    "persian": "fa",
    "farsi": "fa",
    "vietnamese": "vi",
    "burmese": "my",
    "khmer": "km",
    "tetum": "tet",
    "tetun": "tet",
}


def language_code(name: str) -> str | None:
    """`Deutsch (de)` → de, `en` → en, `English` → en; an unknown name gives None."""
    match = re.fullmatch(r".*\(\s*([^()]*?)\s*\)\s*", name)
    if match:
        code = match.group(1).lower()
        return code if LANGUAGE.match(code) else None
    text = name.strip().lower()
    if text in NAMES:
        return NAMES[text]
    if LANGUAGE.match(text) and len(text) == 2:
        return text
    return _cldr_names().get(text)


@cache
def _cldr_names() -> dict[str, str]:
    """Language names in English and German → their two- or three-letter code (CLDR's
    regional variants such as `fa_AF` left out: the model keys texts by language only)."""
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("en", "de"):
        for code, written in Locale(locale).languages.items():
            if LANGUAGE.match(code):
                names.setdefault(written.lower(), code)
    return names
