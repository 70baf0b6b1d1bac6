"""The release of a brief: what feedback reports must be built against.

A Kommune holds its feedback report and the public brief together, so the reports may only
publish what the brief's decisions leave safe: the figures the brief withheld stay withheld,
those it printed count as known. Built with another brief.yaml (or from answers that changed
since), the reports would make their own decisions, and a figure the brief withholds could be
printed in every report. So the brief's release is stored beside it: the brief.yaml it was
built from and a fingerprint of every cell it printed or withheld. Feedback reports are built
only from a release, and refuse when the answers no longer give the same brief.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from evaluation.dataset import Dataset
from evaluation.errors import EvaluationError
from evaluation.reports.brief.config import parse_config_text
from evaluation.reports.brief.content import published_tables
from evaluation.reports.published import Published

#: Beside brief.pdf the command line writes brief.freigabe.json.
SUFFIX = ".freigabe.json"
_FORMAT = "surveyapp-freigabe/1"
NOT_PUBLISHED = (
    "Rückmeldeberichte bauen auf dem veröffentlichten Ergebnisbericht auf, damit sie keine "
    "Zahl zeigen, die der Bericht sperrt: bitte zuerst den Ergebnisbericht erstellen und "
    "veröffentlichen."
)
CHANGED = (
    "Die Antworten ergeben nicht mehr den veröffentlichten Ergebnisbericht (sie haben sich "
    "seitdem geändert): bitte den Ergebnisbericht neu erstellen und veröffentlichen, dann die "
    "Rückmeldeberichte."
)


@dataclass(frozen=True)
class Release:
    """`config`: the brief.yaml text (None: the default brief); `fingerprint`: of its cells."""

    config: str | None
    fingerprint: str

    def to_json(self) -> str:
        return json.dumps(
            {"format": _FORMAT, "config": self.config, "fingerprint": self.fingerprint},
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str, name: str = "Freigabe") -> Release:
        try:
            raw = json.loads(text)
        except ValueError:
            raise EvaluationError(f"{name} ist keine Freigabe eines Ergebnisberichts.") from None
        if not isinstance(raw, dict) or raw.get("format") != _FORMAT:
            raise EvaluationError(f"{name} ist keine Freigabe eines Ergebnisberichts.")
        config, fingerprint = raw.get("config"), raw.get("fingerprint")
        if not isinstance(fingerprint, str) or not (config is None or isinstance(config, str)):
            raise EvaluationError(f"{name} ist unvollständig.")
        return cls(config, fingerprint)

    @classmethod
    def read(cls, path: str | Path) -> Release:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError:
            raise EvaluationError(
                f"Die Freigabe {path} ist nicht lesbar. {NOT_PUBLISHED} (Der Befehl „brief“ "
                f"schreibt sie neben das PDF, als …{SUFFIX}.)"
            ) from None
        return cls.from_json(text, str(path))


def release_of(published: Published, config: str | None) -> Release:
    return Release(config, published.fingerprint())


def published_for(dataset: Dataset, release: Release) -> Published:
    """The brief's tables as released, from the answers as they are now; refuses when the two
    no longer agree."""
    published = published_tables(dataset, parse_config_text(release.config))
    if published.fingerprint() != release.fingerprint:
        raise EvaluationError(CHANGED)
    return published
