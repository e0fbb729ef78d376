"""Reading one cell of the offline workbook as officers fill it; a wrong value says what was expected."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from xanh.core.dates import parse_day
from xanh.core.spreadsheets import cell_text
from xanh.core.text import fold
from xanh.reporting.offline.layout import NO, YES, clean_text, kind_vocabulary, spellings, status_vocabulary

BUDGET_LIMIT = Decimal(10) ** 18
_GROUPED = re.compile(r"^\d{1,3}([.,  ]\d{3})+$")   # 1.234.567 / 1,234,567 / 1 234 567
_CURRENCY = re.compile(r"\s*(vnd|vnđ|đồng|dong|đ|d)\s*$", re.IGNORECASE)
_TRUE = {"x", "1", "true"}
_FALSE = {"0", "false"}


class CellError(ValueError):
    """A cell that cannot be read; `message` is translated."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value) -> str:
    """A cell's value as the officer sees it, for messages."""
    return cell_text(value).strip()


def read_text(value, limit: int | None = None) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        value = cell_text(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    if limit is not None and len(text) > limit:
        raise CellError(_("At most %(max)d characters are allowed; this cell has %(n)d.") % {
            "max": limit, "n": len(text)})
    return text


def read_link(value) -> str:
    """A link to the public document: a web address (http or https) or nothing."""
    from django.core.exceptions import ValidationError

    from xanh.reporting.services.reports import PUBLIC_LINK

    text = read_text(value, 500)
    if text:
        try:
            PUBLIC_LINK(text)
        except ValidationError as exc:
            raise CellError(_("Write a web address starting with http:// or https://, or leave the cell "
                              "empty.")) from exc
    return text


def read_status(value, lookup=None) -> str:
    if is_blank(value):
        return ""
    lookup = lookup if lookup is not None else status_vocabulary()
    code = lookup.get(fold(str(value)))
    if code is None:
        raise CellError(_("“%(value)s” is not an implementation status: choose one from the list (sheet "
                          "“Hướng dẫn” shows them all).") % {"value": shown(value)})
    return code


def read_progress(value) -> int | None:
    if is_blank(value):
        return None
    number = value
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        number = int(text) if text.isdigit() else None
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 100:
        raise CellError(_("Progress must be a whole number from 0 to 100, not “%(value)s”.") % {
            "value": shown(value)})
    return number


def read_budget(value) -> Decimal | None:
    if is_blank(value):
        return None
    amount = None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = None
    elif isinstance(value, str):
        text = _CURRENCY.sub("", value.strip())
        if text.isdigit():
            amount = Decimal(text)
        elif _GROUPED.match(text) and len({ch for ch in text if not ch.isdigit()}) == 1:
            amount = Decimal(re.sub(r"\D", "", text))
    if amount is None or amount < 0 or amount != amount.to_integral_value() or amount >= BUDGET_LIMIT:
        raise CellError(_("The budget used must be a whole, non-negative amount in VND such as 1.234.567, "
                          "not “%(value)s”.") % {"value": shown(value)})
    return amount.quantize(Decimal(1))


def read_yes_no(value) -> bool:
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = fold(str(value))
    if key in _TRUE or key in spellings(YES):
        return True
    if key in _FALSE or key in spellings(NO):
        return False
    raise CellError(_("Write “%(yes)s” or “%(no)s”, not “%(value)s”.") % {"yes": YES, "no": NO,
                                                                          "value": shown(value)})


def read_date(value) -> datetime.date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return parse_day(value)
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": shown(value)})


def read_kind(value, lookup=None) -> str:
    if is_blank(value):
        raise CellError(_("Choose the kind of document from the list."))
    lookup = lookup if lookup is not None else kind_vocabulary()
    code = lookup.get(fold(str(value)))
    if code is None:
        raise CellError(_("“%(value)s” is not a kind of document: choose one from the list (sheet “Hướng dẫn” "
                          "shows them all).") % {"value": shown(value)})
    return code
