"""Layout primitives for Vietnamese administrative documents (Decree 30/2020/NĐ-CP, Appendix I).

A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13–14 pt (set for
East-Asian text too, or Word falls back to another font for some diacritics); the issuing body
and the national motto side by side, each with its short rule; the number and the place-date
line; the title; "Nơi nhận" beside the signature block; page numbers centred in the top margin
from page 2. The chasing letter and the provincial reports are built from these.

Everything written goes in as plain text runs through `plain()`: imported text is data, never
markup, and characters XML cannot carry are dropped.
"""

from __future__ import annotations

import io
import re
from copy import deepcopy
from functools import lru_cache

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
PAGE = (210, 297)                   # A4 portrait, mm
MARGINS = (20, 20, 30, 15)          # top, bottom, left, right, mm
TEXT_WIDTH = PAGE[0] - MARGINS[2] - MARGINS[3]            # 165 mm
LANDSCAPE_WIDTH = PAGE[1] - MARGINS[2] - MARGINS[3]       # 252 mm
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
_JC = {CENTER: "center", JUSTIFY: "both", WD_ALIGN_PARAGRAPH.LEFT: "left", WD_ALIGN_PARAGRAPH.RIGHT: "right"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_PC_PREFIX = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:tỉnh|thành phố)\s+", re.IGNORECASE)


def plain(text) -> str:
    """Text safe for a DOCX run: characters XML cannot carry are dropped."""
    return _CONTROL.sub("", str(text if text is not None else ""))


def place_of(province) -> str:
    """"Thanh Hóa" from "Ủy ban nhân dân tỉnh Thanh Hóa": the place written before the date."""
    return _PC_PREFIX.sub("", province.name).strip() or province.name


def new_document():
    document = Document()
    setup(document)
    return document


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def setup(document, size: int = 14) -> None:
    """A4 portrait with the decree's margins; Times New Roman everywhere, East-Asian text included."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE[0]), Mm(PAGE[1])
    _margins(section)
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = Pt(size)


def _margins(section) -> None:
    top, bottom, left, right = MARGINS
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(10)


# Runs and paragraphs carry their formatting as small XML property blocks, made once per combination
# and copied: python-docx's property setters cost about a millisecond per run, and a province's
# appendix has thousands of runs.


@lru_cache(maxsize=128)
def _run_properties(size, bold: bool, italic: bool):
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    half_points = round(size * 2)
    return parse_xml(f"<w:rPr {nsdecls('w')}>{fonts}{'<w:b/><w:bCs/>' if bold else ''}"
                     f"{'<w:i/><w:iCs/>' if italic else ''}<w:sz w:val=\"{half_points}\"/>"
                     f"<w:szCs w:val=\"{half_points}\"/></w:rPr>")


@lru_cache(maxsize=128)
def _paragraph_properties(align, before, after, first_line_mm, keep_with_next: bool, border: bool, side_mm):
    parts = ["<w:keepNext/>" if keep_with_next else ""]
    if border:
        parts.append('<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>')
    parts.append(f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}"/>')
    indents = []
    if side_mm:
        indents.append(f'w:left="{_twips(side_mm)}" w:right="{_twips(side_mm)}"')
    if first_line_mm:
        indents.append(f'w:firstLine="{_twips(first_line_mm)}"')
    if indents:
        parts.append(f"<w:ind {' '.join(indents)}/>")
    if align is not None:
        parts.append(f'<w:jc w:val="{_JC[align]}"/>')
    return parse_xml(f"<w:pPr {nsdecls('w')}>{''.join(parts)}</w:pPr>")


def _twips(mm) -> int:
    return round(mm * 1440 / 25.4)


def font(run, size, *, bold=False, italic=False):
    """Times New Roman at `size` pt (East-Asian and complex scripts too), bold and italic as asked."""
    element = run._r
    if element.rPr is not None:
        element.remove(element.rPr)
    element.insert(0, deepcopy(_run_properties(size, bool(bold), bool(italic))))
    return run


def add_run(para, text, size, *, bold=False, italic=False) -> None:
    """A plain-text run at the end of `para` (line breaks and tabs kept as Word's)."""
    text = plain(text)
    if "\n" in text or "\t" in text:
        font(para.add_run(text), size, bold=bold, italic=italic)
        return
    run = OxmlElement("w:r")
    run.append(deepcopy(_run_properties(size, bool(bold), bool(italic))))
    element = OxmlElement("w:t")
    element.text = text
    element.set(qn("xml:space"), "preserve")
    run.append(element)
    para._p.append(run)


def format_paragraph(para, *, align=None, before=0, after=0, indent=False, keep_with_next=False, border=False,
                     side_mm=0):
    element = para._p
    if element.pPr is not None:
        element.remove(element.pPr)
    element.insert(0, deepcopy(_paragraph_properties(align, before, after, 10 if indent else 0,
                                                     bool(keep_with_next), border, side_mm)))
    return para


def paragraph(container, text="", size=14, *, bold=False, italic=False, align=None, indent=False, after=0,
              before=0, keep_with_next=False):
    """A paragraph of one plain run; `indent` is the decree's 10 mm first-line indent."""
    para = container.add_paragraph()
    format_paragraph(para, align=align, before=before, after=after, indent=indent, keep_with_next=keep_with_next)
    if text:
        add_run(para, text, size, bold=bold, italic=italic)
    return para


def rule(container, inset_mm):
    """A short centred line under a heading (the decree's 'đường kẻ ngang'), inset from both sides."""
    para = container.add_paragraph()
    return format_paragraph(para, align=CENTER, border=True, side_mm=inset_mm)


def cell(table_cell, width_mm):
    """A cell of a fixed width, emptied of the paragraph python-docx puts in every new cell."""
    table_cell.width = Mm(width_mm)
    table_cell._element.remove(table_cell.paragraphs[0]._p)
    return table_cell


def widths(table, widths_mm) -> None:
    """Fixed column widths (Word reads the cells', LibreOffice the grid's: both are set)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def repeat_header(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def shade(table_cell, fill_hex: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill_hex)
    table_cell._element.get_or_add_tcPr().append(shading)


def grid_table(document, columns):
    """A bordered table with one repeating header row: `columns` are (title, width mm)."""
    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, [width for _title, width in columns])
    header = table.rows[0]
    repeat_header(header)
    for head, (title, width) in zip(header.cells, columns, strict=True):
        paragraph(cell(head, width), title, 12, bold=True, align=CENTER)
    return table


def header_block(document, *, issuer: str, number: str, place_date: str, parent: str = "",
                 under_number: str = "", widths_mm=(62, 103)):
    """Issuing body (under its parent when it has one) and the national motto, each with its rule;
    below them the number (with a letter's subject under it) and the place-date line in italics."""
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, widths_mm)
    left, right = cell(table.cell(0, 0), widths_mm[0]), cell(table.cell(0, 1), widths_mm[1])
    if parent:
        paragraph(left, parent.upper(), 13, align=CENTER)
    paragraph(left, issuer.upper(), 13, bold=True, align=CENTER)
    rule(left, 18)
    paragraph(right, MOTTO, 13, bold=True, align=CENTER)
    paragraph(right, MOTTO_LINE, 14, bold=True, align=CENTER)
    rule(right, 24)
    below_left, below_right = cell(table.cell(1, 0), widths_mm[0]), cell(table.cell(1, 1), widths_mm[1])
    paragraph(below_left, number, 13, align=CENTER, after=2)
    if under_number:
        paragraph(below_left, under_number, 12, align=CENTER)
    paragraph(below_right, place_date, 14, italic=True, align=CENTER)
    paragraph(document, after=6)
    return table


def number_line(kind_code: str, issuer_code: str) -> str:
    """"Số:      /BC-UBND": the number is left blank for the clerk who registers the document."""
    return f"Số:{' ' * 6}/{kind_code}-{issuer_code}"


def place_date_line(place: str, year: int | None = None) -> str:
    gap = " " * 6
    return f"{place}, ngày{gap}tháng{gap}năm {year}" if year else f"{place}, ngày{gap}tháng{gap}năm{gap}"


def title_block(document, title: str, subject: str = "") -> None:
    """The document's kind in capitals (BÁO CÁO), the subject under it, both bold and centred, then a rule."""
    paragraph(document, title, 14, bold=True, align=CENTER, before=6, keep_with_next=True)
    if subject:
        paragraph(document, subject, 14, bold=True, align=CENTER, keep_with_next=True)
    rule(document, 62)
    paragraph(document, after=6)


def closing_block(document, recipients: list[str], signature: tuple[str, ...], signer: str = "……………………………",
                  widths_mm=(80, 85)):
    """"Nơi nhận" (12 pt bold italic, the list in 11 pt) on the left, the signature block on the right."""
    table = document.add_table(rows=1, cols=2)
    widths(table, widths_mm)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # the block stays on one page
    left, right = cell(table.cell(0, 0), widths_mm[0]), cell(table.cell(0, 1), widths_mm[1])
    paragraph(left, "Nơi nhận:", 12, bold=True, italic=True)
    for line in recipients:
        paragraph(left, line, 11)
    for line in signature:
        paragraph(right, line, 14, bold=True, align=CENTER)
    for _blank in range(4):  # room for the signature and the seal
        paragraph(right, "", 14)
    paragraph(right, signer, 14, bold=True, align=CENTER)
    return table


def page_numbers(section, size: int = 13) -> None:
    """The page number centred in the top margin, from page 2 (none on the first page)."""
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.alignment = CENTER
    run = font(para.add_run(), size)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == "PAGE" else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} " if text == "PAGE" else text
        run._r.append(element)


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def landscape_section(document):
    """A new landscape A4 section (for a wide appendix), numbered like the pages before it."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE[1]), Mm(PAGE[0])
    _margins(section)
    section.different_first_page_header_footer = False
    return section
