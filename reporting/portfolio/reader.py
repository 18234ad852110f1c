"""Reading the files: a folder or a zip archive, then RFC 4180 CSV with physical line numbers."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from reporting.portfolio.report import Issue
from reporting.portfolio.spec import FILE_ORDER

MAX_FILE_BYTES = 100 * 1024 * 1024  # one CSV file; fifteen years of portfolio fit in a few megabytes
LINE_BREAK = re.compile(r"\r\n|\r|\n")
ROW = "(row)"
FILE = "(file)"


class SourceError(Exception):
    """The folder or archive cannot be read at all."""


@dataclass
class Cell:
    value: str
    line: int


@dataclass
class Row:
    line: int  # physical line where the record starts
    cells: dict  # column name -> Cell

    def line_of(self, column):
        cell = self.cells.get(column)
        return cell.line if cell else self.line


def read_directory(path):
    """The known files of a folder, as {name: bytes}; other files are reported as ignored."""
    folder = Path(path)
    if not folder.is_dir():
        raise SourceError(_("%(path)s is not a folder.") % {"path": path})
    files, ignored = {}, []
    for entry in sorted(folder.iterdir()):
        if not entry.is_file() or entry.name.startswith("."):
            continue
        if entry.name in FILE_ORDER:
            if entry.stat().st_size > MAX_FILE_BYTES:
                raise SourceError(_("%(name)s is too large.") % {"name": entry.name})
            files[entry.name] = entry.read_bytes()
        elif entry.suffix.lower() == ".csv":
            ignored.append(entry.name)
    return files, ignored


def read_zip(fileobj):
    """The known files of a zip archive (at its root or in one folder), as {name: bytes}."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(_("The upload is not a zip archive.")) from exc
    files, ignored = {}, []
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            path = PurePosixPath(info.filename)
            if path.name.startswith(".") or "__MACOSX" in path.parts:
                continue
            if path.name not in FILE_ORDER:
                if path.suffix.lower() == ".csv":
                    ignored.append(info.filename)
                continue
            if path.name in files:
                raise SourceError(_("The archive holds %(name)s more than once.") % {"name": path.name})
            if info.file_size > MAX_FILE_BYTES:
                raise SourceError(_("%(name)s is too large.") % {"name": path.name})
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as exc:
                raise SourceError(_("%(name)s cannot be read from the archive.") % {"name": path.name}) from exc
            if len(data) > MAX_FILE_BYTES:
                raise SourceError(_("%(name)s is too large.") % {"name": path.name})
            files[path.name] = data
    return files, ignored


def count_breaks(text):
    return len(LINE_BREAK.findall(text))


def parse_csv(name, data):
    """(header, rows, issues). Each cell knows the physical line it starts on (quoted cells may span lines)."""
    issues = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [], [Issue(name, line, FILE, _("the file is not UTF-8 text"))]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, rows = None, []
    previous_end = 0
    try:
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if header is None:
                header = record
                continue
            if not any(value.strip() for value in record):
                continue  # blank line, or a spreadsheet's empty row
            if len(record) != len(header):
                issues.append(Issue(name, start, ROW, _("%(found)d cells where the header has %(expected)d") % {
                    "found": len(record), "expected": len(header)}))
                continue
            cells, line = {}, start
            for column, value in zip(header, record, strict=True):
                cells[column] = Cell(value, line)
                line += count_breaks(value)
            rows.append(Row(start, cells))
    except csv.Error as exc:
        issues.append(Issue(name, reader.line_num or 1, FILE, _("malformed CSV (%(error)s)") % {"error": exc}))
        return header, rows, issues
    if header is None:
        issues.append(Issue(name, 1, FILE, _("the file is empty: the first row must be the header")))
    return header, rows, issues
