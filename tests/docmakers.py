"""Build real PDF and Word files in tests, without extra dependencies."""

from __future__ import annotations

import io


def make_pdf(text: str, *, password: str | None = None) -> bytes:
    """A one-page PDF whose text layer holds `text` (one line per sentence)."""
    lines = [_pdf_string(ln) for ln in text.split("\n")]
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 740 Td"] + [f"{ln} Tj T*" for ln in lines] + ["ET"]
    return _write_pdf(ops, password=password)


def make_pdf_with_table(before: str, grid: list[list[str]], after: str) -> bytes:
    """A one-page PDF: the lines of `before`, a ruled table of `grid` (first row the header), the lines of `after`.

    Every cell has its four borders drawn (`re` ... `S`), as word processors export tables.
    """
    ops: list[str] = []
    y = 740.0

    def text_line(line: str, x: float, y: float) -> None:
        ops.append(f"BT /F1 10 Tf 1 0 0 1 {x:.1f} {y:.1f} Tm {_pdf_string(line)} Tj ET")

    for line in before.split("\n"):
        text_line(line, 50, y)
        y -= 14
    widths = [170.0] + [160.0] * (len(grid[0]) - 1)
    row_height = 18.0
    y -= 6
    ops.append("0.5 w")
    for row in grid:
        x = 50.0
        for width, cell in zip(widths, row):
            ops.append(f"{x:.1f} {y - row_height:.1f} {width:.1f} {row_height:.1f} re S")
            text_line(cell, x + 4, y - row_height + 5)
            x += width
        y -= row_height
    y -= 20
    for line in after.split("\n"):
        text_line(line, 50, y)
        y -= 14
    return _write_pdf(ops)


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _write_pdf(ops: list[str], *, password: str | None = None) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    })
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    if password:
        writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(title: str, sections: dict[str, str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for heading, body in sections.items():
        document.add_heading(heading, level=2)
        document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
