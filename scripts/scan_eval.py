"""Precision and recall of the personal-data scan on the generated samples.

Usage: ``.venv/bin/python scripts/scan_eval.py [--details]``

Writes the sample files of ``tests/privacy_clearance/scan/samples.py`` into a
temporary directory, scans each with ``scan_file`` and prints, per finding
kind, planted items, true/false positives, misses, precision, recall and F1
(Markdown tables) for the development set, the control set (written after
the detectors were tuned; its first run gave precision 1.00, recall 0.76,
see ``samples.py``) and both. Findings below ``HINT_THRESHOLD`` are
weak hints for the reviewer and not counted. ``--details`` lists every false
positive and miss.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ckanext.privacy_clearance.scan import HINT_THRESHOLD, ScanResult, scan_file
from tests.privacy_clearance.scan.samples import (
    Evaluation,
    SampleFile,
    Score,
    evaluate,
    generate,
)


def _row(name: str, score: Score) -> str:
    planted = score.tp + score.fn
    return (
        f"| {name} | {planted} | {score.tp} | {score.fp} | {score.fn} | "
        f"{score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} |"
    )


def print_table(title: str, evaluation: Evaluation, files: int) -> None:
    """Print one Markdown table of per-kind and overall scores.

    :param title: heading of the table
    :param evaluation: the scores
    :param files: number of files in the set
    """
    planted = evaluation.overall.tp + evaluation.overall.fn
    print(f"\n### {title}: {files} Dateien, {planted} gepflanzte Fundstellen\n")
    print("| Art | gepflanzt | TP | FP | FN | Precision | Recall | F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind, score in evaluation.per_kind.items():
        print(_row(kind, score))
    print(_row("**gesamt**", evaluation.overall))
    print(
        f"\nSchwache Hinweise (Konfidenz < {HINT_THRESHOLD}, nicht gezählt): "
        f"{evaluation.hints}"
    )


def print_details(evaluation: Evaluation) -> None:
    """List false positives and misses."""
    for name, kind, location, excerpt in evaluation.false_positives:
        print(f"FP  {name}: {kind} @ {location} ({excerpt})")
    for name, kind, location in evaluation.false_negatives:
        print(f"FN  {name}: {kind} @ {location}")


def main() -> int:
    """Generate, scan, evaluate, print; exit code 1 below 0.9 overall."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list FP and FN")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        samples = generate(directory)
        started = time.perf_counter()
        results: dict[str, ScanResult] = {
            s.name: scan_file(directory / s.name, fmt=s.fmt) for s in samples
        }
        elapsed = time.perf_counter() - started
    sets: list[tuple[str, list[SampleFile]]] = [
        ("Entwicklungsset", [s for s in samples if not s.control]),
        ("Kontrollset", [s for s in samples if s.control]),
        ("Alle Dateien", samples),
    ]
    print(f"Scan von {len(samples)} Dateien in {elapsed:.2f} s")
    for title, subset in sets:
        evaluation = evaluate(subset, results)
        print_table(title, evaluation, len(subset))
        if args.details and title == "Alle Dateien":
            print()
            print_details(evaluation)
    overall = evaluate(samples, results).overall
    return 0 if overall.precision >= 0.9 and overall.recall >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
