"""CSV and TSV cells that a spreadsheet cannot mistake for formulas.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets (CSV injection). As OWASP recommends, such a cell is
prefixed with a single quote, which spreadsheets show as text; the value is otherwise kept. Files
meant for spreadsheets also start with a UTF-8 byte order mark, without which Excel reads UTF-8
as a legacy code page and garbles curly quotes and dashes. `plain=True` turns both off, for
programs that read the file.
"""

from __future__ import annotations

FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(value: object) -> object:
    """`value` with a leading quote if, as text, it would start a formula; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(row: dict[str, object], plain: bool = False) -> dict[str, object]:
    """A row (column -> value) whose text cells are neutralised, unless `plain`."""
    if plain:
        return row
    return {key: neutralise(value) for key, value in row.items()}


def safe_cells(cells: list[object], plain: bool = False) -> list[object]:
    """A list of cells, neutralised unless `plain`."""
    if plain:
        return cells
    return [neutralise(cell) for cell in cells]
