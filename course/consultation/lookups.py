"""The engine's own small tables: procedure types (`data/procedure_types.csv`) and the engine's
parameters (`data/consultation_parameters.csv`), read and source-checked through `course.data`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from course.data import DATA_DIR, DataError, load, read_table
from course.records import EVIDENCE, Parameter, one_of


@dataclass(frozen=True)
class ProcedureType:
    """Another procedure in or next to the treatment area (input key `recent_procedures`)."""

    procedure_type: str
    label: str
    examples: str
    evidence: str = field(metadata=one_of(*EVIDENCE))
    source_id: str


def _read(stem: str, record: type, key: str) -> dict[Any, Any]:
    path = DATA_DIR / f"{stem}.csv"
    table = read_table(path, record, key)
    sources = load().sources
    for row_number, item in enumerate(table.values(), start=2):
        if item.source_id not in sources:
            raise DataError(path, f"source {item.source_id!r} is not in data/sources.csv", row_number,
                            "source_id")
    return table


@functools.lru_cache(maxsize=1)
def procedure_types() -> dict[str, ProcedureType]:
    """Procedure types by code, in file order."""
    return _read("procedure_types", ProcedureType, "procedure_type")


@functools.lru_cache(maxsize=1)
def _parameters() -> dict[str, Parameter]:
    return _read("consultation_parameters", Parameter, "name")


def parameter(name: str) -> float:
    """The value of one engine parameter (its unit is in the table's `unit` column)."""
    try:
        return _parameters()[name].value
    except KeyError:
        raise KeyError(f"no parameter {name!r} in data/consultation_parameters.csv") from None
