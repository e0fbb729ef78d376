"""The plan's particulars: from the decision's own header, or from key–value rows."""

from __future__ import annotations

import re
from datetime import date

from xanh.core.text import fold, squash
from xanh.plans.importers.source import SourceMeta

_NUMBER = re.compile(r"Số\s*:\s*(\d+)\s*/\s*([0-9A-Za-zĐđ\-]+)")
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_PERIOD = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(text: str) -> int | None:
    total, previous = 0, 0
    for ch in reversed(text.upper()):
        value = _ROMAN.get(ch)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total or None


def int_to_roman(number: int) -> str:
    pairs = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in pairs:
        while number >= value:
            out += letters
            number -= value
    return out


def plain(line: str) -> str:
    """A line without Markdown emphasis left by the PDF conversion."""
    return squash(line.replace("**", "").replace("*", " ").replace("_", " "))


def parse_date(text: str) -> date | None:
    text = text or ""
    for pattern in (_DATE_WORDS, _DATE_NUMERIC):
        match = pattern.search(text)
        if match:
            try:
                return date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                return None
    match = _ISO.match(text.strip())
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def sentence_case_issuer(text: str) -> str:
    """"ỦY BAN NHÂN DÂN TỈNH THANH HÓA" → "Ủy ban nhân dân tỉnh Thanh Hóa"."""
    lowered = squash(text).lower()
    match = re.search(r"\b(tỉnh|thành phố)\s+(.+)$", lowered)
    if match:
        lowered = lowered[:match.start(2)] + match[2].title()
    return lowered[:1].upper() + lowered[1:]


def meta_from_lines(lines: list[str]) -> tuple[SourceMeta, dict[str, int]]:
    """Read number, date, issuer, title, signer from a decision's opening lines."""
    meta, where = SourceMeta(), {}
    texts = [plain(line) for line in lines]
    number_at = None
    for n, text in enumerate(texts):
        match = _NUMBER.search(text)
        if match:
            meta.number, number_at = f"{match[1]}/{match[2]}", n
            where["number"] = n + 1
            break
    if number_at is not None:
        head = [t for t in texts[:number_at] if t]
        head = [t for t in head if not fold(t).startswith(("cong hoa", "doc lap"))]
        if head:
            meta.issuer = sentence_case_issuer(" ".join(head))
            where["issuer"] = 1
    for n, text in enumerate(texts[: (number_at or 0) + 12]):
        if _DATE_WORDS.search(text):
            meta.date = parse_date(text)
            where["date"] = n + 1
            break
    for n, text in enumerate(texts):
        if fold(text) == "quyet dinh":
            title = []
            for following in texts[n + 1:n + 6]:
                if not following:
                    if title:
                        break
                    continue
                if following.isupper():
                    break
                title.append(following)
            if title:
                joined = re.sub(r"^(Về việc\s+)?Ban hành\s+", "", " ".join(title), flags=re.I)
                meta.title = joined[:1].upper() + joined[1:]
                where["title"] = n + 2
            break
    for n, text in enumerate(texts):
        if fold(text) in {"chu tich", "pho chu tich", "kt chu tich pho chu tich"} or fold(text).endswith(" chu tich"):
            for following in texts[n + 1:n + 8]:
                if following and not following.isupper() and len(following.split()) <= 6:
                    meta.signer = following
                    where["signer"] = texts.index(following) + 1
                    break
            if meta.signer:
                break
    period = _PERIOD.search(meta.title)
    if period:
        meta.period_start, meta.period_end = int(period[1]), int(period[2])
    return meta, where


META_KEYS = {
    "number": ["Số quyết định", "Số", "Số hiệu", "Decision number"],
    "date": ["Ngày ban hành", "Ngày", "Ngày quyết định", "Date"],
    "issuer": ["Cơ quan ban hành", "Cơ quan", "Issuer"],
    "title": ["Tên kế hoạch", "Trích yếu", "Tên", "Title"],
    "signer": ["Người ký", "Signed by"],
    "period": ["Giai đoạn", "Period"],
}


def meta_key(label: str) -> str | None:
    key = fold(label).rstrip(" :")
    for name, labels in META_KEYS.items():
        if key in {fold(x) for x in labels}:
            return name
    return None


def meta_from_pairs(pairs: list[tuple[str, str]]) -> SourceMeta:
    meta = SourceMeta()
    for label, value in pairs:
        name = meta_key(label)
        value = squash(value)
        if not name or not value:
            continue
        if name == "date":
            meta.date = parse_date(value)
        elif name == "period":
            match = _PERIOD.search(value)
            if match:
                meta.period_start, meta.period_end = int(match[1]), int(match[2])
        else:
            setattr(meta, name, value)
    if meta.period_start is None:
        match = _PERIOD.search(meta.title)
        if match:
            meta.period_start, meta.period_end = int(match[1]), int(match[2])
    return meta


def body_sections(lines: list[str]) -> dict[str, tuple[str, int]]:
    """Headings of the plan body's tasks section ("III. NHIỆM VỤ …"): "8.10. Y tế" becomes
    {"VIII.10": ("Y tế", line)}, to compare with the appendix's theme titles."""
    texts = [plain(line) for line in lines]
    start = next((n for n, t in enumerate(texts) if re.match(r"^III\.\s+\S", t)), None)
    if start is None:
        return {}
    sections = {}
    for n in range(start + 1, len(texts)):
        text = texts[n]
        if re.match(r"^(IV|V|VI|VII|VIII|IX|X)\.\s+\S", text) or fold(text).startswith("phu luc"):
            break
        match = re.match(r"^(\d{1,2})(?:\.(\d{1,2}))?\.\s+(.{2,200})$", text)
        if not match or text.endswith(":"):
            continue
        code = int_to_roman(int(match[1])) + (f".{int(match[2])}" if match[2] else "")
        sections.setdefault(code, (match[3].strip(), n + 1))
    return sections
