"""Snapshot files: RFC 4180 CSV and streamed JSON, byte for byte stable."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ckanext.oparl_harvester import mapping, privacy, records, snapshots

from . import oparl_samples as samples

COLUMNS = ["id", "name", "count", "public", "tags", "empty"]
ROWS: list[dict[str, Any]] = [
    {
        "id": "a",
        "name": 'Satzung "Müll", Änderung',
        "count": 3,
        "public": True,
        "tags": ["x", "y"],
        "extra": "ignored",
    },
    {"id": "b", "name": "zwei\nZeilen", "count": 0, "public": False, "tags": []},
    {"id": "c", "name": "=HYPERLINK(1)", "count": -1, "public": None, "tags": None},
]


def _check_info(path: Path, info: snapshots.SnapshotInfo) -> None:
    data = path.read_bytes()
    assert info.bytes == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()


class TestCsv:
    def test_format(self, tmp_path: Path) -> None:
        path = tmp_path / "vorlagen-2024.csv"
        info = snapshots.write_csv(path, COLUMNS, ROWS)
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")  # no BOM
        assert data.startswith(b"id,name,count,public,tags,empty\r\n")
        text = data.decode("utf-8")
        assert '"Satzung ""Müll"", Änderung"' in text
        assert info.rows == 3
        _check_info(path, info)
        parsed = list(csv.reader(io.StringIO(text, newline="")))
        assert parsed[1] == ["a", 'Satzung "Müll", Änderung', "3", "true", "x | y", ""]
        assert parsed[2] == ["b", "zwei\nZeilen", "0", "false", "", ""]
        # formulas are defused, numbers are not touched
        assert parsed[3] == ["c", "'=HYPERLINK(1)", "-1", "", "", ""]

    def test_same_rows_same_bytes(self, tmp_path: Path) -> None:
        first = snapshots.write_csv(tmp_path / "a.csv", COLUMNS, ROWS)
        second = snapshots.write_csv(tmp_path / "b.csv", COLUMNS, iter(ROWS))
        assert first == second

    def test_sort_key(self, tmp_path: Path) -> None:
        path = tmp_path / "s.csv"
        reversed_rows = list(reversed(ROWS))
        info = snapshots.write_csv(
            path, COLUMNS, reversed_rows, sort_key=lambda r: r["id"]
        )
        assert info == snapshots.write_csv(tmp_path / "t.csv", COLUMNS, ROWS)

    def test_header_only(self, tmp_path: Path) -> None:
        info = snapshots.write_csv(tmp_path / "e.csv", ["a", "b"], [])
        assert (tmp_path / "e.csv").read_bytes() == b"a,b\r\n"
        assert info.rows == 0

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (None, ""),
            (True, "true"),
            (1.5, "1.5"),
            (["a", None, "b"], "a | b"),
            ("+49 30", "'+49 30"),
            ("@x", "'@x"),
            ("-Entwurf", "'-Entwurf"),
            ("Entwurf", "Entwurf"),
            ({"b": 1, "a": 2}, '{"a": 2, "b": 1}'),
        ],
    )
    def test_cells(self, value: Any, text: str) -> None:
        assert snapshots.csv_cell(value) == text


class TestJson:
    def test_format(self, tmp_path: Path) -> None:
        path = tmp_path / "vorlagen-2024.json"
        info = snapshots.write_json(path, ROWS, columns=COLUMNS)
        text = path.read_text(encoding="utf-8")
        assert json.loads(text) == [{c: r.get(c) for c in COLUMNS} for r in ROWS]
        assert "Müll" in text  # not escaped
        lines = text.splitlines()
        assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 5
        assert info.rows == 3
        _check_info(path, info)

    def test_keeps_keys_without_columns(self, tmp_path: Path) -> None:
        path = tmp_path / "k.json"
        snapshots.write_json(path, ROWS)
        assert json.loads(path.read_text(encoding="utf-8"))[0]["extra"] == "ignored"

    def test_date_objects_as_iso_text(self, tmp_path: Path) -> None:
        path = tmp_path / "d.json"
        snapshots.write_json(path, [{"d": dt.date(2024, 3, 1)}])
        assert json.loads(path.read_text(encoding="utf-8")) == [{"d": "2024-03-01"}]
        with pytest.raises(TypeError):
            snapshots.write_json(tmp_path / "x.json", [{"x": object()}])

    def test_empty(self, tmp_path: Path) -> None:
        path = tmp_path / "e.json"
        info = snapshots.write_json(path, [])
        assert json.loads(path.read_text(encoding="utf-8")) == []
        assert info.rows == 0

    def test_streams_a_generator_once(self, tmp_path: Path) -> None:
        seen = []

        def rows() -> Iterator[dict[str, Any]]:
            for number in range(1000):
                seen.append(number)
                yield {"n": number}

        info = snapshots.write_json(tmp_path / "g.json", rows())
        assert info.rows == 1000 and len(seen) == 1000


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_bytes(b"alt\r\n")

    def broken() -> Iterator[dict[str, Any]]:
        yield {"id": "a"}
        raise RuntimeError("Server weg")

    with pytest.raises(RuntimeError):
        snapshots.write_csv(path, ["id"], broken())
    with pytest.raises(RuntimeError):
        snapshots.write_json(tmp_path / "v.json", broken())
    assert path.read_bytes() == b"alt\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.csv"]


def test_mapping_rows_round_trip(tmp_path: Path) -> None:
    """Rows of the mapping written both ways, read back, are the same data."""
    kept, _ = privacy.apply(samples.meeting_11())
    assert kept is not None
    rows = list(mapping.rows("meetings", records.parse(kept), samples.names_11()))
    columns = mapping.columns("meetings")
    snapshots.write_csv(tmp_path / "m.csv", columns, rows)
    snapshots.write_json(tmp_path / "m.json", rows, columns=columns)
    with (tmp_path / "m.csv").open(encoding="utf-8", newline="") as f:
        from_csv = list(csv.DictReader(f))
    from_json = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert from_json == rows
    assert [r["agenda_item_name"] for r in from_csv] == [
        r["agenda_item_name"] for r in rows
    ]
    assert from_csv[0]["organization"] == "Kreistag"
    assert from_csv[0]["cancelled"] == "false"
