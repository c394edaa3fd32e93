"""Section readers registered by kind: ``segment`` finds the sections and hands each to
the reader registered for its kind. A module per kind registers itself on import."""

from __future__ import annotations

from collections.abc import Callable

# region kind → reader(reading, line indexes) → the indexes it left (prose), or None
REGIONS: dict[str, Callable] = {}
# section kind (sheet, procurement) → reader(reading, ...)
SECTIONS: dict[str, Callable] = {}


def region(kind: str):
    def register(function: Callable) -> Callable:
        REGIONS[kind] = function
        return function
    return register


def section(kind: str):
    def register(function: Callable) -> Callable:
        SECTIONS[kind] = function
        return function
    return register


# readers run once all sections are read (group scopes, articles of the sheets), in order
AFTER: list[Callable] = []


def after(function: Callable) -> Callable:
    AFTER.append(function)
    return function
