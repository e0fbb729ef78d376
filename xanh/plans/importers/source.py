"""What a plan file says, before any interpretation: the reader's output."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class SourceRow:
    line: int            # line in a text file, row in a table
    ref: str             # where, for people: "dòng 431", "bảng 2, hàng 5", "trang tính Phụ lục, dòng 7"
    cells: list[str]


@dataclass
class SourceMeta:
    number: str = ""
    date: date | None = None
    issuer: str = ""
    title: str = ""
    signer: str = ""
    period_start: int | None = None
    period_end: int | None = None


@dataclass
class SourceTheme:
    code: str
    title: str
    line: int
    ref: str

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@dataclass
class SourceTask:
    theme_code: str
    number: int
    text: str
    lead: str
    coordinating: str
    time_frame: str
    products: str
    note: str
    line: int
    ref: str
    raw: str = ""                # the row as it stands in the file, cells joined by tabs

    @property
    def task_ref(self) -> str:
        return f"{self.theme_code}.{self.number}"


@dataclass
class SourcePlan:
    file_name: str
    format: str
    data: bytes
    sha256: str
    raw_text: str
    meta: SourceMeta
    themes: list[SourceTheme] = field(default_factory=list)
    tasks: list[SourceTask] = field(default_factory=list)
    # Section headings of the plan body, by appendix theme code: {"VIII.10": ("Y tế", 370)}
    body_sections: dict[str, tuple[str, int]] = field(default_factory=dict)
