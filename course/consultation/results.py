"""What `assess` returns: the decision with its reasons, eligibility and the plan check (frozen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from course.data import load


def iso(day: dt.date | None) -> str | None:
    """An ISO date string, or None."""
    return day.isoformat() if day is not None else None


@dataclass(frozen=True)
class Reason:
    """One rule that fired: its id and effect, the client detail in words, and its source id."""

    rule_id: str
    effect: str
    detail: str
    source: str
    title: str = ""

    @property
    def citation(self) -> str:
        """The full citation of `source` (from `data/sources.csv`)."""
        return load().citation(self.source)

    def to_dict(self) -> dict[str, str]:
        return {"rule_id": self.rule_id, "effect": self.effect, "detail": self.detail,
                "source": self.source, "title": self.title, "citation": self.citation}


@dataclass(frozen=True)
class EventCheck:
    """An upcoming event `in_days` after the session and its conflict: 'none', 'soft' or 'hard'."""

    type: str
    in_days: int
    conflict: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "in_days": self.in_days, "conflict": self.conflict}


@dataclass(frozen=True)
class PlanCheck:
    """The plan checks: depth against the area, interval (weeks), timing, events, adjuncts."""

    depth_band: str
    max_depth_mm: float
    depth_ok: bool
    min_interval_weeks: float
    max_interval_weeks: float
    interval_ok: bool
    earliest_next_session: dt.date | None
    event_checks: tuple[EventCheck, ...]
    acceptable: bool
    flags: tuple[str, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "depth_band": self.depth_band, "max_depth_mm": self.max_depth_mm, "depth_ok": self.depth_ok,
            "min_interval_weeks": self.min_interval_weeks, "max_interval_weeks": self.max_interval_weeks,
            "interval_ok": self.interval_ok,
            "earliest_next_session": iso(self.earliest_next_session),
            "event_checks": [e.to_dict() for e in self.event_checks], "acceptable": self.acceptable,
            "flags": list(self.flags), "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Assessment:
    """The screening decision with its reasons, eligibility (defer only) and the plan check."""

    decision: str
    reasons: tuple[Reason, ...]
    eligible_from: dt.date | None
    eligible_when: str | None
    plan: PlanCheck

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly: dates as ISO strings, nested dicts and lists only."""
        return {"decision": self.decision, "reasons": [r.to_dict() for r in self.reasons],
                "eligible_from": iso(self.eligible_from), "eligible_when": self.eligible_when,
                "plan": self.plan.to_dict()}
