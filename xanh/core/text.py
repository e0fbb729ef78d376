"""Text normalisation shared by search and name matching.

Vietnamese officers type without diacritics as often as with them, and OCR drops or
swaps marks ("Mật trấn" for "Mặt trận"), so every comparison works on a folded form:
lower case, no diacritics, đ→d, punctuation as spaces, single spaces.
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return kept.replace("đ", "d").replace("Đ", "D")


def fold(text: str | None) -> str:
    if not text:
        return ""
    folded = strip_diacritics(text).lower()
    return _NON_WORD.sub(" ", folded).strip()


def squash(text: str | None) -> str:
    """Collapse runs of whitespace, keep everything else (NFC)."""
    if not text:
        return ""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def search_phrase(query: str) -> str:
    """The folded query as it must appear in a search_text column: at the start of a word."""
    folded = fold(query)
    return f" {folded}" if folded else ""


def search_text(*parts: str | None) -> str:
    """A folded, space-padded haystack so that `search_phrase` matches at word starts."""
    return " " + " ".join(p for p in (fold(part) for part in parts) if p) + " "
