"""Language data files shipped with rasad: one cached loader, validated on load."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources

from rasad.errors import DataError


def data_text(lang: str, name: str) -> str:
    """The text of data file `name` of language `lang`."""
    try:
        return resources.files("rasad.lang").joinpath(lang, name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"language data file rasad/lang/{lang}/{name} is missing; reinstall rasad") from exc


def data_rows(lang: str, name: str, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for each row of a tab-separated data file, skipping comments and blanks."""
    for lineno, line in enumerate(data_text(lang, name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise DataError(f"rasad/lang/{lang}/{name}:{lineno}: expected {columns} tab-separated fields, got {len(fields)}")
        yield lineno, fields


def parse_code_points(field: str, where: str) -> str:
    """'U+0627 U+0653' → the string of those code points ('' for an empty field)."""
    chars = []
    for item in field.split():
        if not item.startswith("U+"):
            raise DataError(f"{where}: {item!r} is not a code point written U+XXXX")
        chars.append(chr(int(item[2:], 16)))
    return "".join(chars)


@cache
def char_rules(lang: str = "fa") -> tuple[tuple[str, str], ...]:
    """(source, target) folding rules from chars.tsv; duplicates and conflicts are errors."""
    rules: dict[str, str] = {}
    for lineno, (source, target, _note) in data_rows(lang, "chars.tsv", 3):
        where = f"rasad/lang/{lang}/chars.tsv:{lineno}"
        src = parse_code_points(source, where)
        if not src:
            raise DataError(f"{where}: empty source")
        if src in rules:
            raise DataError(f"{where}: {source} is listed twice")
        rules[src] = parse_code_points(target, where)
    return tuple(rules.items())
