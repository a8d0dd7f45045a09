"""Persian time expressions: detection by data-driven rules and resolution to TIMEX3 values."""

from rasad.timex.extract import find_timexes

__all__ = ["find_timexes"]
