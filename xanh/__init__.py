"""xanh — the Green Growth Action Plan of a Vietnamese province as living data."""

__version__ = "0.1.0"
