"""What an import says back: every problem as `FILE:LINE: column: message`, and per-file counts."""

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in one cell (or header) of one file. `line` is the physical line, the header is 1."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self):
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


@dataclass
class FileCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


@dataclass
class ImportReport:
    """The outcome of one import: errors (nothing written) or counts per file (all written)."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    counts: dict[str, FileCounts] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    dry_run: bool = False
    institutions_created: int = 0

    @property
    def ok(self):
        return not self.errors

    @property
    def written(self):
        return self.ok and not self.dry_run and any(c.created or c.updated for c in self.counts.values())

    def sorted_errors(self):
        """In the order of the format (requests first), then by line."""
        from reporting.portfolio.spec import FILE_ORDER

        def key(issue):
            order = FILE_ORDER.index(issue.file) if issue.file in FILE_ORDER else -1
            return (order, issue.file, issue.line, issue.column, issue.message)

        return sorted(self.errors, key=key)

    def error_lines(self):
        return [str(issue) for issue in self.sorted_errors()]

    def count_lines(self):
        return [
            f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for name, c in self.counts.items()
        ]
