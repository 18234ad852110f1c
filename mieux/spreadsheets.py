"""One rule for every spreadsheet the portal writes: a cell never starts a formula.

A text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
spreadsheet programs (CSV injection). Such cells get a leading apostrophe, which spreadsheets show as
text and hide. Plain numbers (``-3``, ``+4.5``) stay numbers. Admin exports go through
django-import-export, whose own option (``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``) is switched on
in the settings.
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def safe_cell(value):
    """The value as a spreadsheet cell that cannot be read as a formula."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


class SafeCSVWriter:
    """`csv.writer` whose rows are passed through `safe_cell` first."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs):
    """The portal's CSV writer: `csv.writer` with formula cells neutralised."""
    return SafeCSVWriter(stream, **kwargs)


def neutralise_dataset(dataset):
    """Apply `safe_cell` to every cell of a tablib Dataset, in place (admin exports)."""
    for _ in range(len(dataset)):
        row = dataset.lpop()
        dataset.append([safe_cell(cell) for cell in row])
    return dataset


class FormulaSafeExportMixin:
    """For django-import-export formats: the library's own option only strips one leading `=`; this
    applies the portal's rule (all formula starts) before it."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralise_dataset(dataset), **kwargs)
