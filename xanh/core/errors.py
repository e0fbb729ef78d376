"""Errors a service raises for a person to read: translated, precise, nothing written."""

from django.core.exceptions import PermissionDenied  # noqa: F401  (re-exported for services)


class ServiceError(Exception):
    """A refused action; `message` is already translated for the current language."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class StaleEdit(ServiceError):
    """Somebody else saved the record after this form was opened."""



class Problem:
    """One thing wrong with an input file, located precisely enough to fix it."""

    def __init__(self, message, *, file: str = "", sheet: str = "", line: int | None = None, column: str = "",
                 where: str = ""):
        self.message = message
        self.where = where  # a ready-made location ("table 2, row 5") that replaces sheet and line
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        from django.utils.translation import gettext as _

        parts = []
        if self.file:
            parts.append(self.file)
        if self.where:
            parts.append(str(self.where))
        else:
            if self.sheet:
                parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
            if self.line is not None:
                parts.append(_("line %(line)d") % {"line": self.line})
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self):
        where = self.location
        return f"{where}: {self.message}" if where else str(self.message)

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "line": self.line, "column": self.column,
                "where": str(self.where), "message": str(self.message)}


class InputError(ServiceError):
    """A file was refused; `problems` lists every defect found (nothing was written)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        summary = "; ".join(str(p) for p in problems[:5])
        if len(problems) > 5:
            summary += f" (+{len(problems) - 5})"
        super().__init__(summary)
