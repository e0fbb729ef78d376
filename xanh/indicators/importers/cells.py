"""Reading one cell of an indicator template; a wrong value raises CellError saying what was expected.

Numbers come typed from XLSX cells (read as they are) or as text from CSV and text cells, written the
Vietnamese way (1.234,5) or plainly (1234.5). Text is read like this:
- both "." and ",": the last one is the decimal mark, the other groups thousands (1.234,5 · 1,234.5);
- only ",": one comma is the decimal mark (53,6); several group thousands (1,234,567);
- only ".": several group thousands (1.234.567); one followed by exactly three digits after one to
  three digits groups thousands as in Vietnamese (10.000 is ten thousand), otherwise it is the
  decimal mark (0.6612, 647737.35).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from xanh.core.spreadsheets import cell_text
from xanh.core.text import fold
from xanh.indicators.enums import Direction, Periodicity, ValueKind


class CellError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


_CHARS = re.compile(r"^[+-]?[\d.,]+$")


def _grouped(digits: str, mark: str) -> bool:
    return re.fullmatch(r"\d{1,3}(" + re.escape(mark) + r"\d{3})*", digits) is not None


def read_number(raw) -> Decimal:
    if isinstance(raw, bool):
        raise CellError(_("Expected a number."))
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
        if not number.is_finite():
            raise CellError(_("Expected a number."))
        return number
    text = str(raw or "").strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if not text:
        raise CellError(_("A value is required here."))
    if not _CHARS.match(text):
        raise CellError(_("“%(value)s” is not a number: write it like 1.234,5 or 1234.5, without a unit.") % {
            "value": raw})
    sign, body = ("-" if text.startswith("-") else ""), text.lstrip("+-")
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        group = "." if decimal == "," else ","
        whole, _mark, fraction = body.rpartition(decimal)
        if not _grouped(whole, group) or not fraction.isdigit():
            raise CellError(_("“%(value)s” is not a number: write it like 1.234,5 or 1234.5.") % {"value": raw})
        plain = whole.replace(group, "") + "." + fraction
    elif commas or dots:
        mark = "," if commas else "."
        whole, _mark, fraction = body.partition(mark)
        count = commas or dots
        thousands = count > 1 or (mark == "." and len(fraction) == 3 and _grouped(body, ".") and whole[0] != "0")
        if thousands:
            if not _grouped(body, mark):
                raise CellError(_("“%(value)s” is not a number: write it like 1.234,5 or 1234.5.") % {"value": raw})
            plain = body.replace(mark, "")
        else:
            if not whole.isdigit() or not fraction.isdigit():
                raise CellError(_("“%(value)s” is not a number: write it like 1.234,5 or 1234.5.") % {"value": raw})
            plain = whole + "." + fraction
    else:
        plain = body
    try:
        return Decimal(sign + plain)
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw}) from exc


def read_year(raw) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw if raw is not None else "").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(_("Expected a year of four digits, such as 2025; found “%(value)s”.") % {"value": text})
    return int(text)


def read_text(raw, limit: int | None = None) -> str:
    text = " ".join(cell_text(raw).split())
    if limit is not None and len(text) > limit:
        raise CellError(_("At most %(max)d characters are allowed; this cell has %(n)d.") % {
            "max": limit, "n": len(text)})
    return text


class Vocabulary:
    """The words officers write for a choice, compared folded; the first words are shown in errors."""

    def __init__(self, *groups: tuple[str, tuple[str, ...]]):
        self.words = {fold(word): value for value, words in groups for word in words}
        self.shown = [words[0] for _value, words in groups]

    def read(self, raw, default):
        text = fold(cell_text(raw))
        if not text:
            if default is None:
                raise CellError(_("A value is required here."))
            return default
        if text in self.words:
            return self.words[text]
        raise CellError(_("“%(value)s” is not understood; write one of: %(allowed)s.") % {
            "value": cell_text(raw).strip(), "allowed": ", ".join(self.shown)})


KINDS = Vocabulary((ValueKind.ACTUAL, ("thực hiện", "chính thức", "số thực hiện", "actual")),
                   (ValueKind.ESTIMATE, ("ước tính", "ước", "ước thực hiện", "dự ước", "sơ bộ", "estimate")))
PERIODS = Vocabulary((Periodicity.ANNUAL, ("năm", "hằng năm", "hàng năm", "1 năm", "annual", "yearly")),
                     (Periodicity.BIENNIAL, ("2 năm", "hai năm", "2 năm/lần", "biennial")),
                     (Periodicity.FIVE_YEARLY, ("5 năm", "năm năm", "5 năm/lần", "five_yearly", "five-yearly")),
                     (Periodicity.OTHER, ("khác", "other")))
DIRECTIONS = Vocabulary((Direction.HIGHER, ("tăng", "tăng là tốt", "cao hơn là tốt", "higher")),
                        (Direction.LOWER, ("giảm", "giảm là tốt", "thấp hơn là tốt", "lower")))
YES_NO = Vocabulary((True, ("có", "x", "yes", "1", "true")), (False, ("không", "no", "0", "false")))


def read_kind(raw) -> str:
    return KINDS.read(raw, ValueKind.ACTUAL)


def read_periodicity(raw, default):
    return PERIODS.read(raw, default)


def read_direction(raw, default):
    return DIRECTIONS.read(raw, default)


def read_yes_no(raw) -> bool:
    return YES_NO.read(raw, False)


def read_objective(raw, code: str) -> int | None:
    """1–4; blank takes the objective from the code (`<objective>.<n>` in Circular 10)."""
    text = cell_text(raw).strip()
    if not text:
        head = code.split(".", 1)[0]
        return int(head) if head in {"1", "2", "3", "4"} and "." in code else None
    if text not in {"1", "2", "3", "4"}:
        raise CellError(_("The objective is 1, 2, 3 or 4 (the objectives of Decision 1658); found “%(value)s”.") % {
            "value": text})
    return int(text)


def read_roadmap(raw) -> str:
    text = cell_text(raw).strip().upper()
    if text not in {"", "A", "B"}:
        raise CellError(_("The roadmap group is A or B; found “%(value)s”.") % {"value": cell_text(raw).strip()})
    return text
