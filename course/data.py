"""The one module that reads files: load every `data/` table, validate it, return records.

Validation is strict because every number a lesson shows comes from here: columns must
match the record's fields, values must parse and sit in range, every `*source_id`
must resolve in `sources.csv`, and every numeric column must carry a unit.
Errors name the file, row and column so a maintainer editing a CSV can fix it at once.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import math
import types
import typing
from collections.abc import Mapping
from pathlib import Path

from course import records as rec

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# A numeric column must say its unit in its name (or sit in a table with a `unit` column).
UNIT_SUFFIXES = (
    "_mm", "_h", "_days", "_weeks", "_months", "_years", "_minutes", "_percent",
    "_index", "_factor", "_sessions", "_rank", "_type", "_number", "_types",
)
UNITLESS_NUMERIC = {"order", "value"}  # ordinal position; `parameters.value` has a unit column


class DataError(ValueError):
    """A data table is malformed; the message names the file, row and column."""

    def __init__(self, path: Path | str, message: str, row: int | None = None,
                 column: str | None = None) -> None:
        self.path, self.row, self.column = Path(path), row, column
        where = Path(path).name
        if Path(path).parent.name not in ("data", ""):  # a sub-folder such as quizzes/
            where = f"{Path(path).parent.name}/{where}"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"data/{where}: {message}")


class MissingDataFile(DataError):
    """A JSON document (for example a lesson's quiz) does not exist yet."""


class _Lookups:
    """Methods of `CourseData` (its fields, one per table, come from `records.TABLES`)."""

    parameters: Mapping[str, rec.Parameter]
    sources: Mapping[str, rec.Source]

    def param(self, name: str) -> float:
        """The value of a named parameter (its unit is `parameters[name].unit`)."""
        try:
            return self.parameters[name].value
        except KeyError:
            raise KeyError(f"no parameter {name!r} in data/parameters.csv") from None

    def citation(self, source_id: str) -> str:
        """Full citation text for a source id."""
        return self.sources[source_id].citation


def _key_type(record: type, key: str) -> type:
    return typing.get_type_hints(record)[key]


# Every table, keyed by its key column, in file order: one field per `records.TABLES` entry.
CourseData = dataclasses.make_dataclass(
    "CourseData",
    [(stem, Mapping[_key_type(record, key), record]) for stem, (record, key) in rec.TABLES.items()],
    bases=(_Lookups,), frozen=True,
)
CourseData.__module__ = __name__
CourseData.__doc__ = "Every table of `data/`, keyed by its key column, in file order."


def _base_type(annotation: object) -> tuple[type, bool, bool]:
    """(element type, optional?, tuple?) for a record field's annotation."""
    hint = annotation
    optional = False
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        hint = args[0]
        origin = typing.get_origin(hint)
    if origin is tuple:
        return typing.get_args(hint)[0], optional, True
    return hint, optional, False  # type: ignore[return-value]


def _parse_scalar(text: str, kind: type) -> object:
    if kind is str:
        return text
    if kind is bool:
        low = text.strip().lower()
        if low in ("true", "yes", "1"):
            return True
        if low in ("false", "no", "0"):
            return False
        raise ValueError(f"expected true or false, got {text!r}")
    if kind is int:
        number = float(text)
        if not number.is_integer():
            raise ValueError(f"expected a whole number, got {text!r}")
        return int(number)
    if kind is float:
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(f"expected a finite number, got {text!r}")
        return number
    raise TypeError(f"unsupported column type {kind}")


def _check_range(value: object, meta: Mapping[str, object]) -> str | None:
    choices = meta.get("choices")
    if choices is not None and value not in choices:
        return f"{value!r} is not one of {', '.join(map(str, choices))}"
    lo, hi = meta.get("min"), meta.get("max")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if lo is not None and value < lo:  # type: ignore[operator]
            return f"{value} is below the allowed minimum {lo}"
        if hi is not None and value > hi:  # type: ignore[operator]
            return f"{value} is above the allowed maximum {hi}"
    return None


def _convert_row(path: Path, row_number: int, raw: Mapping[str, str], record: type) -> object:
    hints = typing.get_type_hints(record)
    values: dict[str, object] = {}
    for fld in dataclasses.fields(record):
        text = (raw.get(fld.name) or "").strip()
        kind, optional, many = _base_type(hints[fld.name])
        optional = optional or bool(fld.metadata.get("blank_ok"))
        try:
            if many:
                value: object = tuple(
                    _parse_scalar(part.strip(), kind) for part in text.split(";") if part.strip()
                )
            elif text == "":
                if not optional:
                    raise ValueError("a value is required")
                value = fld.default if fld.metadata.get("blank_ok") else None
            else:
                value = _parse_scalar(text, kind)
        except ValueError as exc:
            raise DataError(path, str(exc), row_number, fld.name) from None
        items = value if many else (value,)
        for item in items:  # type: ignore[union-attr]
            if item is None:
                continue
            problem = _check_range(item, fld.metadata)
            if problem:
                raise DataError(path, problem, row_number, fld.name)
        values[fld.name] = value
    return record(**values)


def check_units(record: type) -> list[str]:
    """Numeric columns of a record type whose names do not say their unit."""
    hints = typing.get_type_hints(record)
    missing = []
    for fld in dataclasses.fields(record):
        kind, _, _ = _base_type(hints[fld.name])
        numeric = kind in (int, float) and fld.name not in UNITLESS_NUMERIC
        if numeric and not fld.name.endswith(UNIT_SUFFIXES):
            missing.append(fld.name)
    return missing


def read_table(path: Path, record: type, key: str) -> dict[object, object]:
    """Read one CSV into `{key: record}`, checking columns, values and unique keys."""
    if not path.exists():
        raise DataError(path, "file is missing")
    expected = rec.columns(record)
    may_omit = {f.name for f in dataclasses.fields(record) if f.metadata.get("blank_ok")}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in expected if c not in header and c not in may_omit]
        extra = [c for c in header if c not in expected]
        if missing:
            raise DataError(path, f"missing column(s) {', '.join(missing)}; "
                                  f"expected {', '.join(expected)}")
        if extra:
            raise DataError(path, f"unexpected column(s) {', '.join(extra)}; "
                                  f"expected {', '.join(expected)}")
        table: dict[object, object] = {}
        for row_number, raw in enumerate(reader, start=2):  # row 1 is the header
            if None in raw:
                raise DataError(path, "more values than columns", row_number)
            item = _convert_row(path, row_number, raw, record)
            item_key = getattr(item, key)
            if item_key in table:
                raise DataError(path, f"duplicate key {item_key!r}", row_number, key)
            table[item_key] = item
    if not table:
        raise DataError(path, "table has no rows")
    return table


def _check_sources(path: Path, table: Mapping[object, object], sources: Mapping[str, object]) -> None:
    for row_number, item in enumerate(table.values(), start=2):
        for fld in dataclasses.fields(item):  # type: ignore[arg-type]
            if fld.name.endswith("source_id"):  # in sources.csv itself this trivially holds
                value = getattr(item, fld.name)
                if value not in sources:
                    raise DataError(path, f"source {value!r} is not in data/sources.csv",
                                    row_number, fld.name)


def _check_references(data: dict[str, Mapping[object, object]], root: Path) -> None:
    """Cross-table checks: codes used in one table exist in another."""
    areas, indications = data["treatment_areas"], data["indications"]
    classes = data["medication_classes"]
    for row_number, rule in enumerate(data["screening_rules"].values(), start=2):
        for area in rule.areas:  # type: ignore[attr-defined]
            if area not in areas:
                raise DataError(root / "screening_rules.csv", f"unknown area {area!r}",
                                row_number, "areas")
        for code in rule.indications:  # type: ignore[attr-defined]
            if code not in indications:
                raise DataError(root / "screening_rules.csv", f"unknown indication {code!r}",
                                row_number, "indications")
        for code in rule.medication_classes:  # type: ignore[attr-defined]
            if code not in classes:
                raise DataError(root / "screening_rules.csv",
                                f"unknown medication class {code!r}", row_number,
                                "medication_classes")
    for row_number, band in enumerate(data["depth_bands"].values(), start=2):
        if band.min_depth_mm >= band.max_depth_mm:  # type: ignore[attr-defined]
            raise DataError(root / "depth_bands.csv", "min_depth_mm must be below max_depth_mm",
                            row_number, "min_depth_mm")
        if band.min_interval_weeks > band.max_interval_weeks:  # type: ignore[attr-defined]
            raise DataError(root / "depth_bands.csv",
                            "min_interval_weeks must not exceed max_interval_weeks",
                            row_number, "min_interval_weeks")
    for row_number, step in enumerate(data["aftercare_steps"].values(), start=2):
        s = step  # type: ignore[assignment]
        if not (s.start_h <= s.end_h and s.end_min_h <= s.end_h <= s.end_max_h):
            raise DataError(root / "aftercare_steps.csv",
                            "need start_h <= end_h and end_min_h <= end_h <= end_max_h",
                            row_number, "end_h")


def load(data_dir: Path | str | None = None) -> CourseData:
    """Load and validate every table in `data_dir` (default: the course's `data/`)."""
    return _load_default() if data_dir is None else _load(Path(data_dir))


@functools.lru_cache(maxsize=1)
def _load_default() -> CourseData:
    return _load(DATA_DIR)


def _load(root: Path) -> CourseData:
    tables: dict[str, Mapping[object, object]] = {}
    for stem, (record, key) in rec.TABLES.items():
        tables[stem] = read_table(root / f"{stem}.csv", record, key)
    for stem, table in tables.items():
        _check_sources(root / f"{stem}.csv", table, tables["sources"])  # type: ignore[arg-type]
    _check_references(tables, root)
    return CourseData(**tables)  # type: ignore[arg-type]


def load_json(relative_path: str, data_dir: Path | str | None = None) -> object:
    """Read a JSON document from `data/` (quizzes, cases, practice clients).

    Consumers validate the structure; a missing or malformed file raises `DataError`.
    """
    path = (Path(data_dir) if data_dir is not None else DATA_DIR) / relative_path
    if not path.exists():
        raise MissingDataFile(path, "file is missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(path, f"not valid JSON: {exc.msg}", exc.lineno) from None
