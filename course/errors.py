"""Errors the course raises for input a learner or caller can fix."""

from __future__ import annotations


class InvalidInput(ValueError):
    """A value is not allowed; `field` names it and the message says what is allowed.

    Widgets catch this and show the message inline, so it must read well on its own.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)
