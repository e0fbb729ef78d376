"""Turning cell text as written into clean, structured values — keeping the original.

Task cells carry HTML (<p>, <ul>, <li>, <i>) and bullets run into one line
("… Trung ương). - Triển khai …"); the clean text has one block per line, bullet blocks
starting with "- ". It is plain text: templates escape it, nothing is ever rendered raw.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from rapidfuzz import fuzz

from xanh.core.text import fold, squash
from xanh.plans.enums import ProductKind

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BLOCK_TAGS = {"p", "li", "div", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
BULLET_MARKS = ("- ", "+ ", "• ", "– ", "* ")


def strip_tags(text: str) -> str:
    if "<" not in (text or ""):
        return text or ""
    return _html_blocks_text(text, " ")


def _html_blocks_text(html: str, joiner: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_BLOCK_TAGS):
        if tag.name == "br":
            tag.replace_with("\n")
        else:
            tag.insert_before("\n")
            tag.insert_after("\n")
    text = soup.get_text()
    return joiner.join(line.strip() for line in text.split("\n") if line.strip()) if joiner != "\n" else text


def _split_inline_bullets(block: str) -> list[str]:
    """Split "… text. - Next item" into items; a dash inside a phrase ("công - tư",
    "2021 - 2030") is not a bullet: it must follow sentence punctuation and precede a capital."""
    pieces, start = [], 0
    for match in re.finditer(r"(?:(?<=^)|(?<=[.:;!?)”\"]))\s*[-–+•]\s+(?=\S)", block):
        following = block[match.end():match.end() + 1]
        if not following.isupper() and not following.isdigit() and following not in "(“\"":
            continue
        if match.start() > start:
            pieces.append(block[start:match.start()])
        start = match.start()
        pieces.append(None)  # marks a bullet start
    pieces.append(block[start:])
    items, bullet = [], False
    for piece in pieces:
        if piece is None:
            bullet = True
            continue
        text = squash(piece)
        if not text:
            continue
        if bullet or text.startswith(BULLET_MARKS):
            text = "- " + squash(re.sub(r"^[-–+•*]\s*", "", text))
        items.append(text)
        bullet = False
    return items


def clean_text(raw: str) -> str:
    """Clean task text: one block per line, bullets as "- …". Idempotent."""
    if not raw:
        return ""
    text = _html_blocks_text(raw, "\n") if _TAG.search(raw) else raw
    blocks = []
    for line in text.replace("\r", "\n").split("\n"):
        line = squash(line)
        if line:
            blocks.extend(_split_inline_bullets(line))
    return "\n".join(blocks)


def text_blocks(clean: str) -> list[tuple[str, object]]:
    """[("p", text) | ("ul", [item, …])] for a template to render, escaped."""
    result: list[tuple[str, object]] = []
    for line in (clean or "").split("\n"):
        if line.startswith("- "):
            if result and result[-1][0] == "ul":
                result[-1][1].append(line[2:])
            else:
                result.append(("ul", [line[2:]]))
        elif line:
            result.append(("p", line))
    return result


# -- time frames -------------------------------------------------------------------------------

_RANGE = re.compile(r"(\d{4})\s*[-–—/đến]+\s*(\d{4})")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_EVERY_YEAR = ("hang nam", "hằng năm", "thuong xuyen", "hàng năm")


def parse_time_frame(text: str, period: tuple[int | None, int | None]) -> tuple[int | None, int | None, bool]:
    """(start year, end year, understood). "2023 - 2030", "Năm 2023", "Hằng năm" (the plan's period)."""
    value = squash(strip_tags(text))
    if not value:
        return period[0], period[1], True
    match = _RANGE.search(value)
    if match:
        start, end = int(match[1]), int(match[2])
        if 1900 < start <= end < 2200:
            return start, end, True
        return None, None, False
    years = [int(y) for y in _YEAR.findall(value) if 1900 < int(y) < 2200]
    if len(years) == 1:
        return years[0], years[0], True
    if any(marker in fold(value) for marker in (fold(m) for m in _EVERY_YEAR)):
        return period[0], period[1], True
    return None, None, False


# -- products ------------------------------------------------------------------------------------

PRODUCT_WORDS: dict[str, list[str]] = {
    ProductKind.PLAN: ["kế hoạch"],
    ProductKind.PROGRAMME: ["chương trình"],
    ProductKind.DECISION: ["quyết định"],
    ProductKind.REPORT: ["báo cáo"],
    ProductKind.OFFICIAL_LETTER: ["công văn"],
    ProductKind.SCHEME: ["đề án"],
    ProductKind.PROJECT: ["dự án"],
    ProductKind.DATABASE: ["cơ sở dữ liệu", "csdl"],
    ProductKind.RESOLUTION: ["nghị quyết"],
    ProductKind.SCENARIO: ["kịch bản"],
    ProductKind.MEDIA_SECTION: ["chuyên trang", "chuyên mục", "chuyên trang, chuyên mục"],
    ProductKind.NEWSLETTER: ["bản tin"],
    ProductKind.REPORTAGE: ["phóng sự"],
    ProductKind.PUBLICATION: ["ấn phẩm"],
    ProductKind.MODEL: ["mô hình"],
    ProductKind.GUIDANCE: ["văn bản hướng dẫn", "hướng dẫn"],
    ProductKind.SUBMISSION: ["tờ trình"],
    ProductKind.POLICY: ["cơ chế, chính sách", "cơ chế", "chính sách"],
    ProductKind.TRAINING: ["các chương trình đào tạo, tập huấn và bồi dưỡng kiến thức", "đào tạo", "tập huấn",
                           "bồi dưỡng", "chương trình đào tạo"],
}
_PRODUCT_INDEX = [(fold(word), kind) for kind, words in PRODUCT_WORDS.items() for word in words]
_PRODUCT_EXACT = {" ".join(word.lower().split()): kind for kind, words in PRODUCT_WORDS.items() for word in words}


@dataclass
class Product:
    kind: str
    as_written: str
    confidence: float

    def as_dict(self) -> dict:
        return {"kind": self.kind, "as_written": self.as_written, "confidence": self.confidence}


def _product(piece: str) -> Product | None:
    written = squash(re.sub(r"(\.\.\.|…|\.)+$", "", piece.strip())).strip()
    key = fold(written)
    if not key:
        return None
    exact = _PRODUCT_EXACT.get(" ".join(unicodedata.normalize("NFC", written).lower().split()))
    if exact is not None:
        return Product(exact, written, 1.0)
    for word, kind in _PRODUCT_INDEX:
        if key == word:
            return Product(kind, written, 0.95)  # same word without its diacritics ("án phầm")
    best = max(((fuzz.ratio(key, word), kind) for word, kind in _PRODUCT_INDEX), default=(0, None))
    if best[0] >= 85:
        return Product(best[1], written, round(best[0] / 100, 2))
    return None


def parse_products(text: str) -> tuple[list[Product], list[str]]:
    """Products and the pieces outside the vocabulary (kept as "other")."""
    products, unknown = [], []
    for part in (p for p in strip_tags(text).split(";") if p.strip()):
        whole = _product(part)
        if whole is not None:
            products.append(whole)
            continue
        for piece in (p for p in part.split(",") if p.strip()):
            found = _product(piece)
            if found is None:
                written = squash(re.sub(r"(\.\.\.|…|\.)+$", "", piece.strip()))
                products.append(Product(ProductKind.OTHER, written, 0.0))
                unknown.append(written)
            else:
                products.append(found)
    return products, unknown


# -- conditions: tasks waiting for central guidance -------------------------------------------

_WHO = r"(?P<who>Bộ\s[^()]+?|Trung ương|các bộ, ngành Trung ương[^()]*?)"
_CONDITIONS = [
    re.compile(r"sau khi (?:có )?(?:đề nghị,?\s*(?:và\s*)?)?hướng dẫn(?: và phát động)? của " + _WHO
               + r"(?=\s*[).;,]|\s*$)", re.I),
    re.compile(r"sau khi " + _WHO + r" (?:ban hành|có văn bản|hướng dẫn|phê duyệt)", re.I),
]


@dataclass
class Condition:
    who: str
    clause: str


def find_conditions(text: str) -> list[Condition]:
    """Each "(sau khi có hướng dẫn của Bộ …)" or "sau khi Trung ương ban hành" in the text."""
    found: list[Condition] = []
    flat = squash(text.replace("\n", " "))
    for pattern in _CONDITIONS:
        for match in pattern.finditer(flat):
            who = squash(match["who"]).rstrip(" .;,")
            start = flat.rfind("(", 0, match.start())
            clause = flat[match.start():match.end()]
            if start != -1 and match.start() - start <= 2:
                end = flat.find(")", match.end())
                clause = flat[start:end + 1] if end != -1 else clause
            if not any(c.clause == clause or (c.who == who and c.clause in clause) for c in found):
                found.append(Condition(who, clause))
    found.sort(key=lambda c: flat.find(c.clause))
    return found


# -- numbers with units: candidate quantitative targets ----------------------------------------

_MULTIPLIERS = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000}
_NUMBER = r"(?<![\d/.,])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?P<mult>nghìn|ngàn|triệu|tỷ)?\s*"
_UNIT = r"(?P<unit>(?:%|ha|km|MW|kWh|tấn|m3|m³|cây|người|hộ|lao động|doanh nghiệp)"
# "10.000 ha rừng/năm": the unit runs up to the per-period; without one it is a single word.
_QUANTITY_PER = re.compile(_NUMBER + _UNIT + r"(?:\s[^\W\d/]+){0,4}?)\s*/\s*(?P<per>năm|tháng|ngày)(?=[\s.,;)]|$)")
_QUANTITY = re.compile(_NUMBER + _UNIT + r")(?=[\s.,;)]|$)")


@dataclass
class Quantity:
    value: Decimal
    unit: str
    per: str
    as_written: str


def find_quantities(text: str) -> list[Quantity]:
    """Numbers with a unit ("6,0 triệu cây xanh phân tán/năm", "10.000 ha rừng/năm")."""
    flat = squash(text.replace("\n", " "))
    result = []
    matches = list(_QUANTITY_PER.finditer(flat))
    matches += [m for m in _QUANTITY.finditer(flat) if not any(a <= m.start() < b for a, b in
                                                               ((x.start(), x.end()) for x in matches))]
    for match in sorted(matches, key=lambda m: m.start()):
        digits = match["num"].replace(".", "").replace(",", ".")
        try:
            value = Decimal(digits) * _MULTIPLIERS.get(match["mult"] or "", 1)
        except InvalidOperation:  # pragma: no cover - the pattern only admits digits
            continue
        unit = squash(match["unit"])
        per = match.groupdict().get("per") or ""
        if not per and unit in {"người", "hộ", "doanh nghiệp", "lao động", "cây"} and value < 100:
            continue  # small counts of people or things are not targets ("03 trụ cột", "02 người")
        result.append(Quantity(Decimal(int(value)) if value == value.to_integral() else value, unit, per,
                               squash(match.group(0))))
    return result
