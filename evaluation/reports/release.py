"""The release of a brief: what feedback reports must be built against.

A Kommune holds its feedback report and the public brief together, so the reports may only
publish what the brief's decisions leave safe: the figures the brief withheld stay withheld,
those it printed count as known. Built with another brief.yaml (or from answers that changed
since), the reports would make their own decisions, and a figure the brief withholds could be
printed in every report. So the brief's release is stored beside it: the brief.yaml it was
built from and a fingerprint of every cell it printed or withheld. Feedback reports are built
only from a release, and refuse when the answers no longer give the same brief.

A brief that compares waves was made after the earlier wave's brief, so its release records
that one too (`earlier`: the wave's slug, its brief.yaml and fingerprint, and so on down a chain
of waves), and the reports are built after both, as the brief was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.dataset import Dataset
from evaluation.errors import EvaluationError
from evaluation.reports.brief.config import parse_config_text
from evaluation.reports.brief.content import published_tables
from evaluation.reports.model import Document
from evaluation.reports.published import Published
from evaluation.reports.waves import PublishedWave

#: Reads a wave's answers by its slug (from the database the later wave's are read from).
LoadWave = Callable[[str], Dataset]

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


NO_EARLIER = (
    "Der Ergebnisbericht vergleicht mit der früheren Welle {slug}: ihre Antworten werden "
    "gebraucht, um die Rückmeldeberichte mit derselben Sperrung zu bauen."
)


@dataclass(frozen=True)
class Release:
    """`config`: the brief.yaml text (None: the default brief); `fingerprint`: of its cells;
    `survey`: the wave's slug (recorded for an earlier wave); `earlier`: the release of the
    earlier wave the brief compared with."""

    config: str | None
    fingerprint: str
    survey: str | None = None
    earlier: Release | None = None

    def to_json(self) -> str:
        return json.dumps({"format": _FORMAT, **self._fields()}, ensure_ascii=False, indent=1)

    def _fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"config": self.config, "fingerprint": self.fingerprint}
        if self.survey is not None:
            fields["survey"] = self.survey
        if self.earlier is not None:
            fields["earlier"] = self.earlier._fields()
        return fields

    def earlier_json(self) -> str | None:
        """The record of the earlier waves alone, as the app keeps it beside the brief."""
        return None if self.earlier is None else self.earlier.to_json()

    @classmethod
    def from_json(cls, text: str, name: str = "Freigabe") -> Release:
        try:
            raw = json.loads(text)
        except ValueError:
            raise EvaluationError(f"{name} ist keine Freigabe eines Ergebnisberichts.") from None
        if not isinstance(raw, dict) or raw.get("format") != _FORMAT:
            raise EvaluationError(f"{name} ist keine Freigabe eines Ergebnisberichts.")
        return cls._from_fields(raw, name)

    @classmethod
    def _from_fields(cls, raw: Any, name: str) -> Release:
        if not isinstance(raw, dict):
            raise EvaluationError(f"{name} ist unvollständig.")
        config, fingerprint = raw.get("config"), raw.get("fingerprint")
        survey, earlier = raw.get("survey"), raw.get("earlier")
        if (
            not isinstance(fingerprint, str)
            or not (config is None or isinstance(config, str))
            or not (survey is None or isinstance(survey, str))
        ):
            raise EvaluationError(f"{name} ist unvollständig.")
        before = None if earlier is None else cls._from_fields(earlier, name)
        if before is not None and before.survey is None:
            raise EvaluationError(f"{name} ist unvollständig.")
        return cls(config, fingerprint, survey, before)

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


def release_of(
    brief: Document | Published, config: str | None, earlier: PublishedWave | None = None
) -> Release:
    """What a brief built from `config` (and compared with `earlier`) is released as: its
    fingerprint and that of each earlier wave's brief, as the build found them."""
    fingerprint = brief.fingerprint if isinstance(brief, Document) else brief.fingerprint()
    return Release(config, fingerprint, earlier=_record(earlier, brief.earlier_fingerprints))


def _record(wave: PublishedWave | None, fingerprints: tuple[str, ...]) -> Release | None:
    if wave is None or not fingerprints:
        return None
    return Release(wave.config, fingerprints[0], wave.slug, _record(wave.earlier, fingerprints[1:]))


def earlier_wave_of(release: Release, load: LoadWave | None) -> PublishedWave | None:
    """The earlier waves a release was built after, their answers read again by `load`."""
    earlier = release.earlier
    if earlier is None or earlier.survey is None:
        return None
    if load is None:
        raise EvaluationError(NO_EARLIER.format(slug=earlier.survey))
    return PublishedWave(
        load(earlier.survey), earlier.config, earlier.fingerprint, earlier_wave_of(earlier, load)
    )


def published_for(dataset: Dataset, release: Release, load: LoadWave | None = None) -> Published:
    """The brief's tables as released, from the answers as they are now (those of the earlier
    waves it compared with read by `load`); refuses when the two no longer agree."""
    config = parse_config_text(release.config)
    published = published_tables(dataset, config, earlier_wave_of(release, load))
    if published.fingerprint() != release.fingerprint:
        raise EvaluationError(CHANGED)
    return published
