"""The loader: every table loads, validates, and fails with file, row and column named."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from pathlib import Path

import pytest

from course import catalogue, data, records
from course.data import DataError


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_table_loads() -> None:
    d = data.load()
    for stem in records.TABLES:
        assert len(getattr(d, stem)) > 0, stem


def test_every_numeric_column_names_its_unit() -> None:
    for stem, (record, _) in records.TABLES.items():
        assert data.check_units(record) == [], stem


def test_every_row_has_a_resolving_source_and_evidence_tag() -> None:
    d = data.load()
    for stem in records.TABLES:
        for row in getattr(d, stem).values():
            for name, value in vars(row).items():
                if name.endswith("source_id"):
                    assert value in d.sources, (stem, name, value)
                if name.endswith("evidence"):
                    assert value in records.EVIDENCE, (stem, name, value)


def test_every_parameter_has_a_unit() -> None:
    for p in data.load().parameters.values():
        assert p.unit in records.UNITS


def test_values_quoted_by_the_rules_sheet() -> None:
    d = data.load()
    assert d.treatment_areas["forehead"].max_depth_mm == 0.75
    assert d.treatment_areas["abdomen"].max_depth_mm == 2.0
    assert not d.treatment_areas["eyelid_within_orbital_rim"].permitted
    assert (d.depth_bands["C"].min_interval_weeks, d.depth_bands["C"].max_interval_weeks) == (6, 8)
    assert d.screening_rules["R-ISO"].wait_days == 180
    assert d.param("device_max_depth_mm") == 3.0


def test_unknown_source_names_file_row_and_column(data_copy: Path) -> None:
    _edit(data_copy / "treatment_areas.csv", "nose,Nose,face,true,0.5,,,U,course",
          "nose,Nose,face,true,0.5,,,U,nowhere2020")
    with pytest.raises(DataError) as err:
        data.load(data_copy)
    message = str(err.value)
    assert "treatment_areas.csv" in message and "row 3" in message and "source_id" in message


def test_out_of_range_value_is_refused(data_copy: Path) -> None:
    _edit(data_copy / "treatment_areas.csv", "cheeks,Cheeks,face,true,1.5", "cheeks,Cheeks,face,true,4.5")
    with pytest.raises(DataError, match=r"row 6, column 'max_depth_mm'.*above the allowed maximum"):
        data.load(data_copy)


def test_non_number_is_refused(data_copy: Path) -> None:
    _edit(data_copy / "depth_bands.csv", "B,Medium,0.5,1.5,4", "B,Medium,0.5,1.5,four")
    with pytest.raises(DataError, match=r"depth_bands.csv, row 3, column 'min_interval_weeks'"):
        data.load(data_copy)


def test_missing_column_is_named(data_copy: Path) -> None:
    path = data_copy / "adjuncts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(",".join(line.split(",")[:-1]) for line in lines) + "\n")
    with pytest.raises(DataError, match="missing column"):
        data.load(data_copy)


def test_duplicate_key_is_refused(data_copy: Path) -> None:
    path = data_copy / "event_types.csv"
    path.write_text(path.read_text(encoding="utf-8") + "wedding,Wedding again,social,U,course\n")
    with pytest.raises(DataError, match="duplicate key 'wedding'"):
        data.load(data_copy)


def test_missing_file_is_named(data_copy: Path) -> None:
    (data_copy / "skin_types.csv").unlink()
    with pytest.raises(DataError, match=r"skin_types\.csv: file is missing"):
        data.load(data_copy)


def test_unknown_area_in_rules_is_refused(data_copy: Path) -> None:
    _edit(data_copy / "screening_rules.csv", "cheeks;forehead", "cheecks;forehead")
    with pytest.raises(DataError, match="unknown area 'cheecks'"):
        data.load(data_copy)


def test_each_sourced_table_is_declared_once() -> None:
    d = data.load()
    for stem, (record, _) in records.TABLES.items():
        assert stem in {f.name for f in dataclasses.fields(d)}, stem
        if record is not records.Source:
            assert issubclass(record, records.Sourced), stem
            assert records.columns(record)[-3:] == ["evidence", "source_id", "note"], stem


def test_note_column_is_optional_and_read_when_present(data_copy: Path) -> None:
    path = data_copy / "event_types.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [{k: v for k, v in row.items() if k != "note"} for row in csv.DictReader(f)]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert data.load(data_copy).event_types["wedding"].note == ""  # column absent: empty
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",note"] + [
        line + (",chosen as a round number of days" if line.startswith("wedding,") else ",")
        for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = data.load(data_copy).event_types
    assert loaded["wedding"].note == "chosen as a round number of days"
    assert {e.note for k, e in loaded.items() if k != "wedding"} == {""}


def test_a_record_needs_evidence_and_source_by_keyword() -> None:
    with pytest.raises(TypeError):
        records.EventType("wedding", "Wedding", "social", "U", "course")  # type: ignore[misc]
    event = records.EventType("wedding", "Wedding", "social", evidence="V", source_id="chu2021")
    assert (event.evidence, event.source_id, event.note) == ("V", "chu2021", "")


def test_errors_in_a_sub_folder_name_it(data_copy: Path) -> None:
    stem = catalogue.stems()[0]
    (data_copy / "quizzes" / f"{stem}.json").unlink()
    with pytest.raises(DataError, match=rf"^data/quizzes/{stem}\.json: file is missing"):
        data.load_json(f"quizzes/{stem}.json", data_copy)
