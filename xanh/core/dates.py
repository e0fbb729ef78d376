"""Dates as officers type them: dd/mm/yyyy (or dd-mm-yyyy), and ISO from machines."""

from datetime import date, datetime

DAY_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


def parse_day(text: str) -> date:
    """The date `text` names; ValueError when it names none."""
    for fmt in DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
