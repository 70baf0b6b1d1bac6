"""English is complete: every German text in the code and templates has its English translation
(an untranslated text would silently show German on an English page)."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).parent.parent
CATALOG = ROOT / "surveyapp" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _texts_in_the_code() -> set[str]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = extract_from_dir(str(ROOT), method_map, options_map)
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def _complete(string: str | tuple[str, ...]) -> bool:
    """A translation, with every plural form where the text has them (ngettext)."""
    return all(string) if isinstance(string, tuple) else bool(string)


def test_every_text_in_the_code_has_an_english_translation():
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in catalog
        if m.id and _complete(m.string) and not m.fuzzy
    }
    assert sorted(_texts_in_the_code() - translated) == []
