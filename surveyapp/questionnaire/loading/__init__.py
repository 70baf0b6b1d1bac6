"""Loading a questionnaire: the front door that picks a reader and hands its mapping to the
schema.

Two readers turn a file into a source mapping: `yaml` (text, bytes or a `.yaml` path) and
`xlsform` (a workbook). One schema (`schema.build_questionnaire`) checks every mapping and
builds the immutable `Questionnaire`, so both file kinds follow the same rules and messages. A
survey pins the validated mapping (`Questionnaire.source`) as JSON and rebuilds the same
questionnaire from it with `questionnaire_from_snapshot`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from surveyapp.questionnaire.loading.errors import Problem, QuestionnaireInvalid
from surveyapp.questionnaire.loading.schema import build_questionnaire
from surveyapp.questionnaire.loading.xlsform import is_xlsform, load_xlsform
from surveyapp.questionnaire.loading.yaml import read_yaml, yaml_text
from surveyapp.questionnaire.model import Questionnaire


def load_questionnaire(source: str | bytes | Path) -> Questionnaire:
    """Read a questionnaire from a file path, YAML text or YAML bytes.

    A `Path`, or a one-line string ending in `.yaml`/`.yml`, is read as a file; any other string
    or bytes is YAML text. A path ending in `.xlsx` or Excel bytes (an upload) is an XLSForm
    workbook (see `xlsform`). Raises `QuestionnaireInvalid` listing every problem found.
    """
    if is_xlsform(source):
        return load_xlsform(source)
    document = read_yaml(yaml_text(source))
    return build_questionnaire(document.data, document.lines)


def questionnaire_from_snapshot(source: Mapping[str, Any]) -> Questionnaire:
    """Rebuild a questionnaire from its pinned `Questionnaire.source` (e.g. after JSON)."""
    try:
        data = json.loads(json.dumps(source))
    except (TypeError, ValueError) as error:
        raise QuestionnaireInvalid(
            [Problem("", f"Der Schnappschuss ist kein JSON: {error}")]
        ) from None
    return build_questionnaire(data, {})
