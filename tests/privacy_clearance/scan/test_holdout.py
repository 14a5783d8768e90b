"""Regression guard on the blind held-out set (``holdout.py``).

The set was written without looking at the detectors; its first run is the
honest estimate of precision and recall. The thresholds sit a little below
that first run: a drop means the scanner got worse on unseen files. Run with
``-s`` to see the table.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from ckanext.privacy_clearance.scan import KINDS

from .holdout import (
    iban_valid,
    rvnr_check_digit,
    steuer_id_check_digit,
    steuer_id_valid,
)

ROOT = Path(__file__).resolve().parents[3]
MIN_PRECISION = 0.95  # first blind run: 0.980
MIN_RECALL = 0.88  # first blind run: 0.913


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "scan_holdout_eval", ROOT / "scripts" / "scan_holdout_eval.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _script()


def test_check_digit_algorithms() -> None:
    assert steuer_id_valid("86095742719")  # widely used example
    assert not steuer_id_valid("86095742718")
    distinct = "1234567890"  # no digit repeated: breaks the repetition rule
    assert not steuer_id_valid(distinct + str(steuer_id_check_digit(distinct)))
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("DE89370400440532013001")
    assert rvnr_check_digit("12150385M00") in range(10)


def test_holdout_precision_and_recall(script: ModuleType) -> None:
    samples, evaluation, _ = script.run_holdout()
    script.report(samples, evaluation, details=True)
    planted = sum(len(s.labels) for s in samples)
    assert len(samples) >= 10
    assert planted >= 200
    assert {label.kind for s in samples for label in s.labels} == set(KINDS)
    overall = evaluation.overall
    assert overall.precision >= MIN_PRECISION, evaluation.false_positives
    assert overall.recall >= MIN_RECALL, evaluation.false_negatives
