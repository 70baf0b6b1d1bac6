"""Fixtures of the brief and feedback tests; the data are described in `brief_data.py`."""

from __future__ import annotations

from pathlib import Path

import pytest
from brief_data import ROOT, make_brief_dataset

from evaluation.dataset import Dataset


@pytest.fixture(scope="session")
def brief_dataset() -> Dataset:
    return make_brief_dataset()


@pytest.fixture(scope="session")
def demo_config_path() -> Path:
    return ROOT / "evaluation" / "data" / "brief-demo.yaml"
