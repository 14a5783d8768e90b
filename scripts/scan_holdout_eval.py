"""Precision and recall of the personal-data scan on the blind held-out set.

Usage: ``.venv/bin/python scripts/scan_holdout_eval.py [--details]``

Writes the files of ``tests/privacy_clearance/scan/holdout.py`` (written
without looking at the detectors, never tuned on) into a temporary directory,
scans each with ``scan_file`` and prints the same per-kind table as
``scripts/scan_eval.py``, counted by the same ``evaluate`` function.
``--details`` lists every false positive and miss.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ckanext.privacy_clearance.scan import ScanResult, scan_file  # noqa: E402
from tests.privacy_clearance.scan.holdout import generate_holdout  # noqa: E402
from tests.privacy_clearance.scan.samples import (  # noqa: E402
    Evaluation,
    SampleFile,
    evaluate,
)


def _scan_eval() -> ModuleType:
    """``scripts/scan_eval.py`` as a module (``scripts`` is no package)."""
    spec = importlib.util.spec_from_file_location(
        "scan_eval", ROOT / "scripts" / "scan_eval.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_holdout() -> tuple[list[SampleFile], Evaluation, float]:
    """Generate, scan and evaluate the held-out set.

    :returns: the files, the scores and the scan time in seconds
    """
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        samples = generate_holdout(directory)
        started = time.perf_counter()
        results: dict[str, ScanResult] = {
            s.name: scan_file(directory / s.name, fmt=s.fmt) for s in samples
        }
        elapsed = time.perf_counter() - started
    return samples, evaluate(samples, results), elapsed


def report(
    samples: list[SampleFile], evaluation: Evaluation, details: bool = False
) -> None:
    """Print the table (and optionally every FP and FN)."""
    scan_eval = _scan_eval()
    scan_eval.print_table("Held-out-Set (blind)", evaluation, len(samples))
    if details:
        print()
        scan_eval.print_details(evaluation)


def main() -> int:
    """Generate, scan, evaluate, print; exit 1 below precision 0.85 or recall 0.6."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list FP and FN")
    args = parser.parse_args()
    samples, evaluation, elapsed = run_holdout()
    print(f"Scan von {len(samples)} Dateien in {elapsed:.2f} s")
    report(samples, evaluation, args.details)
    overall = evaluation.overall
    return 0 if overall.precision >= 0.85 and overall.recall >= 0.6 else 1


if __name__ == "__main__":
    sys.exit(main())
