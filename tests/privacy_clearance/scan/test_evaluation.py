"""Precision and recall on the generated German sample set, and masking of
every finding in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ckanext.privacy_clearance.scan import KINDS, ScanResult, scan_file

from .samples import Evaluation, SampleFile, evaluate, generate


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("samples")


@pytest.fixture(scope="module")
def samples(sample_dir: Path) -> list[SampleFile]:
    return generate(sample_dir)


@pytest.fixture(scope="module")
def results(samples: list[SampleFile], sample_dir: Path) -> dict[str, ScanResult]:
    return {s.name: scan_file(sample_dir / s.name, fmt=s.fmt) for s in samples}


@pytest.fixture(scope="module")
def evaluation(samples: list[SampleFile], results: dict[str, ScanResult]) -> Evaluation:
    return evaluate(samples, results)


def test_sample_set_is_substantial(samples: list[SampleFile]) -> None:
    planted = sum(len(s.labels) for s in samples)
    assert len(samples) >= 20
    assert planted >= 300
    kinds = {label.kind for s in samples for label in s.labels}
    assert kinds == set(KINDS)
    clean = [s for s in samples if not s.labels]
    assert len(clean) >= 4  # budget, schools, water, playgrounds: must stay quiet


def test_overall_precision_and_recall(evaluation: Evaluation) -> None:
    overall = evaluation.overall
    assert overall.precision >= 0.9, evaluation.false_positives
    assert overall.recall >= 0.9, evaluation.false_negatives


@pytest.mark.parametrize("kind", KINDS)
def test_per_kind(evaluation: Evaluation, kind: str) -> None:
    score = evaluation.per_kind[kind]
    assert score.tp + score.fn >= 5  # every kind is planted
    assert score.precision >= 0.85, evaluation.false_positives
    assert score.recall >= 0.85, evaluation.false_negatives


def test_control_set(samples: list[SampleFile], results: dict[str, ScanResult]) -> None:
    control = evaluate([s for s in samples if s.control], results).overall
    assert control.tp + control.fn >= 40
    assert control.precision >= 0.9
    assert control.recall >= 0.9


def test_files_without_personal_data_stay_quiet(
    samples: list[SampleFile], results: dict[str, ScanResult]
) -> None:
    for sample in samples:
        if not sample.labels:
            strong = [f for f in results[sample.name].findings if f.confidence >= 0.5]
            assert strong == [], sample.name


def test_no_errors(samples: list[SampleFile], results: dict[str, ScanResult]) -> None:
    for sample in samples:
        assert results[sample.name].error is None, sample.name
        assert results[sample.name].scanned, sample.name


def test_no_raw_value_in_any_excerpt(
    samples: list[SampleFile], results: dict[str, ScanResult]
) -> None:
    checked = 0
    for sample in samples:
        excerpts = " | ".join(f.excerpt for f in results[sample.name].findings)
        digits = re.sub(r"\D", "", excerpts)
        for secret in sample.secrets:
            assert secret not in excerpts
            number = re.sub(r"\D", "", secret)
            if len(number) >= 6:
                assert number not in digits
            for word in re.findall(r"[^\W\d_]{4,}", secret):
                if not re.search(r"(?i)straße|weg|platz|gasse|allee", word):
                    assert word not in excerpts, (sample.name, word)
            checked += 1
    assert checked >= 150


def test_evaluation_can_fail(samples: list[SampleFile]) -> None:
    empty = {s.name: ScanResult() for s in samples}
    assert evaluate(samples, empty).overall.recall == 0.0


def test_samples_are_what_they_claim(
    samples: list[SampleFile], sample_dir: Path
) -> None:
    book = load_workbook(sample_dir / "kreistag_2024.xlsx")
    states = {sheet.title: sheet.sheet_state for sheet in book.worksheets}
    assert states == {
        "Sitzungen": "visible",
        "Teilnehmer": "hidden",
        "Notizen": "veryHidden",
    }
    raw = (sample_dir / "buergeranliegen_2024.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    pdf = PdfReader(sample_dir / "bescheid_und_niederschrift.pdf")
    assert len(pdf.pages) == 2
    assert "Gartenweg 7" in (pdf.pages[0].extract_text() or "")
