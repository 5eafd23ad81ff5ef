"""Turn files (Markdown, text, PDF, Word, HTML) into text with metadata.

The type is decided by the content, not only by the name, so a renamed binary is refused
instead of being indexed as junk. Every failure is a `LoaderError` with a reason a person
can act on.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from bot.kb import doc_dates, pdf_tables, tables

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".pdf", ".docx", ".html", ".htm"}


class LoaderError(Exception):
    pass


@dataclass
class LoadedDocument:
    text: str  # Markdown-ish: headings as "#"-lines so the chunker can keep sections
    title: str
    kind: str  # markdown | text | pdf | docx | html
    category: str | None = None
    updated: str | None = None
    url: str | None = None
    example: bool = False  # illustrative content (front matter `example: true`), never an official rule


def sniff_kind(data: bytes, name: str) -> str:
    """Decide the document type from the bytes, using the name only to tell text formats apart."""
    head = data[:2048]
    suffix = Path(name).suffix.lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile as exc:
            raise LoaderError("the file looks like a damaged ZIP/Word archive") from exc
        raise LoaderError("ZIP archives other than Word (.docx) documents are not supported")
    if suffix in {".pdf", ".docx"}:
        raise LoaderError(f"the file is named {suffix} but its content is not a valid {suffix[1:].upper()} file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoaderError("the file is UTF-16 text; save it as UTF-8 and try again")
    if b"\x00" in data:  # anywhere: a NUL deep inside would otherwise reach the index and the database
        raise LoaderError("the file is binary, not a supported document (PDF, Word, Markdown, text, HTML)")
    lowered = head.lower().lstrip()
    if suffix in {".html", ".htm"} or lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    if suffix in {".txt", ".text", ""}:
        return "text"
    raise LoaderError(f"unsupported file type {suffix!r}; use PDF, Word (.docx), Markdown, text or HTML")


def load_bytes(data: bytes, name: str) -> LoadedDocument:
    if not data.strip():
        raise LoaderError("the file is empty")
    kind = sniff_kind(data, name)
    loader = {"pdf": _load_pdf, "docx": _load_docx, "html": _load_html, "markdown": _load_markdown, "text": _load_text}[kind]
    doc = loader(data, name)
    if not doc.text.strip():
        raise LoaderError("no text could be extracted (a scanned PDF without a text layer?)")
    if doc.updated is None:  # "Last updated: …" near the top, in any format
        doc.updated = doc_dates.stated_in_text(doc.text)
    return doc


def load_path(path: Path) -> tuple[LoadedDocument, bytes]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoaderError(f"cannot read the file: {exc.strerror or exc}") from exc
    return load_bytes(data, path.name), data


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoaderError("the file is not valid UTF-8 text; save it as UTF-8 and try again") from exc


def _title_from_name(name: str) -> str:
    stem = Path(name).stem.replace("-", " ").replace("_", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else name


def _load_markdown(data: bytes, name: str) -> LoadedDocument:
    import frontmatter
    import yaml

    text = _decode(data)
    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError) as exc:
        raise LoaderError(f"the front matter is not valid YAML: {exc}") from exc
    meta = post.metadata or {}
    body = join_soft_breaks(tables.markdown_tables_to_rows(post.content))
    title = str(meta.get("title") or "").strip()
    if not title:
        match = re.search(r"^#\s+(.+)$", body, flags=re.MULTILINE)
        title = match.group(1).strip() if match else _title_from_name(name)
    updated = meta.get("updated")
    return LoadedDocument(
        text=body,
        title=title,
        kind="markdown",
        category=(str(meta["category"]).strip() if meta.get("category") else None),
        updated=doc_dates.normalise(updated),
        url=(str(meta["url"]).strip() if meta.get("url") else None),
        example=_truthy(meta.get("example", False)),
    )


_MD_BLOCK_START = re.compile(r"^\s*(#|[-*+•]\s|\d+[.)]\s|>|\||```|~~~|(-{3,}|\*{3,}|_{3,})\s*$)")


def join_soft_breaks(text: str) -> str:
    """One line per paragraph: in Markdown a single line break inside a paragraph is a space.

    Sentences are read line by line, so a paragraph wrapped at 80 columns must not be cut in two
    ("...raised the grant for travel to" / "North America from DKK 12,000 to DKK 15,000.").
    """
    out: list[str] = []
    fenced = joinable = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            out.append(line)
            joinable = False
            continue
        hard_break = line.endswith(("  ", "\\"))
        if not fenced and joinable and stripped and not _MD_BLOCK_START.match(line):
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line)
        joinable = bool(stripped) and not fenced and not hard_break and not stripped.startswith(("#", "|"))
    return "\n".join(out)


def _truthy(value) -> bool:  # noqa: ANN001
    # YAML gives True for `example: true`; a quoted "yes" or "true" means the same to the person who wrote it.
    return value is True or str(value).strip().lower() in {"true", "yes", "1"}


# A list item or heading starts a line: "- ", "3. ", "2.1 ", "a)" or an all-capitals title; "14 February 2027"
# continuing a wrapped sentence does not.
_LIST_OR_HEADING = re.compile(r"^\s*([-*•]|\d+(\.\d+)*[.)]\s|\d+(\.\d+)+\s|[A-Z][A-Z0-9 ,&/-]{3,}$)")


def reflow(text: str, widest: int | None = None) -> str:
    """Join lines that were wrapped to a page width back into paragraphs (PDF text, wrapped .txt).

    A line ends its paragraph when it ends a sentence, is clearly shorter than the lines around
    it (or than `widest`, the page's widest line, when the text is a part of the page), or the
    next line starts a list item or a numbered heading.
    """
    lines = text.split("\n")
    if widest is None:
        widest = max((len(ln) for ln in lines), default=0)
    out: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if current:
                out.append(current)
                current = ""
            out.append("")
            continue
        if _LIST_OR_HEADING.match(stripped) and current:
            out.append(current)
            current = ""
        if current.endswith("-") and stripped[:1].islower():
            current = current[:-1] + stripped
        else:
            current = f"{current} {stripped}" if current else stripped
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if (stripped.endswith((".", "!", "?", ":")) or len(line) < 0.7 * widest or not nxt
                or _LIST_OR_HEADING.match(stripped) and len(stripped) < 60):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return "\n".join(out)


def _looks_wrapped(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 8:
        return False
    lengths = sorted(len(ln) for ln in lines)
    median = lengths[len(lengths) // 2]
    open_ended = sum(1 for ln in lines if not ln.rstrip().endswith((".", "!", "?", ":")))
    return 50 <= median <= 110 and open_ended > 0.6 * len(lines)


def _load_text(data: bytes, name: str) -> LoadedDocument:
    text = tables.markdown_tables_to_rows(_decode(data))
    if _looks_wrapped(text):
        text = reflow(text)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = first if 0 < len(first) <= 120 else _title_from_name(name)
    return LoadedDocument(text=text, title=title, kind="text")


def _load_pdf(data: bytes, name: str) -> LoadedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise LoaderError("the PDF is password-protected; upload an unprotected copy")
            except LoaderError:
                raise
            except Exception as exc:
                raise LoaderError("the PDF is password-protected; upload an unprotected copy") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
        ruled = [i for i, page in enumerate(reader.pages) if pdf_tables.may_hold_a_ruled_table(page)]
        info = reader.metadata
        info_title = (info.title if info else None) or ""
        updated = _pdf_date(info)
    except LoaderError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoaderError(f"the PDF is damaged or unreadable ({exc.__class__.__name__})") from exc
    except Exception as exc:  # pypdf raises a variety of errors on corrupt streams
        raise LoaderError(f"the PDF is damaged or unreadable ({exc.__class__.__name__})") from exc
    # Ruled tables are read by pdfplumber as rows with their header; other pages keep pypdf's text.
    table_pages = pdf_tables.pages_with_tables(data, ruled)
    texts = [_pdf_page_text(t, table_pages.get(i)) for i, t in enumerate(pages)]
    # Page markers become sections, so citations can say where a fact is.
    text = "\n\n".join(f"## Page {i}\n\n{t}" for i, t in enumerate(texts, 1) if t)
    return LoadedDocument(text=text, title=info_title.strip() or _title_from_name(name), kind="pdf", updated=updated)


def _pdf_page_text(plain: str, parts: list[pdf_tables.Part] | None) -> str:
    if not parts:
        return reflow(plain.strip())
    # Prose is reflowed against the page's widest prose line; table rows stay one line each.
    widest = max((len(ln) for kind, t in parts if kind == "text" for ln in t.split("\n")), default=0)
    return "\n\n".join(reflow(t.strip(), widest) if kind == "text" else t for kind, t in parts)


def _pdf_date(info) -> str | None:  # noqa: ANN001
    if not info:
        return None
    for attr in ("modification_date", "creation_date"):
        try:
            value = getattr(info, attr)
        except Exception:  # a malformed date string in the info dictionary is not a reason to refuse the file
            value = None
        if value:
            return doc_dates.normalise(value)
    return None


def _load_docx(data: bytes, name: str) -> LoadedDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise LoaderError("the Word document is damaged or unreadable") from exc
    from docx.table import Table

    lines: list[str] = []
    # Paragraphs and tables in the order they stand, so a table stays under its heading.
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            grid = [[cell.text.strip() for cell in _unique_cells(row)] for row in block.rows]
            if grid:
                lines.append(tables.render(grid[0], grid[1:]))
            continue
        text = block.text.strip()
        if not text:
            continue
        style = (block.style.name or "").lower() if block.style is not None else ""
        if style.startswith("heading"):
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 2
            lines.append("#" * min(max(level, 1), 4) + " " + text)
        elif style == "title":
            lines.append("# " + text)
        elif style.startswith("list"):
            lines.append("- " + text)
        else:
            lines.append(text)
    title = (document.core_properties.title or "").strip()
    if not title:
        heading = next((ln[2:] for ln in lines if ln.startswith("# ")), "")
        title = heading or _title_from_name(name)
    props = document.core_properties
    updated = doc_dates.normalise(props.modified) or doc_dates.normalise(props.created)
    return LoadedDocument(text="\n\n".join(ln for ln in lines if ln), title=title, kind="docx", updated=updated)


def _unique_cells(row):  # noqa: ANN001, ANN202
    # A merged cell appears once per grid column it spans; read it once.
    seen: list = []
    for cell in row.cells:
        if not any(cell._tc is other._tc for other in seen):
            seen.append(cell)
    return seen


def _load_html(data: bytes, name: str) -> LoadedDocument:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    # Scripts, styles and forms are never content, and must never reach a prompt.
    for tag in soup(["script", "style", "noscript", "template", "iframe", "object", "embed", "form", "svg", "nav", "footer"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.body or soup
    lines: list[str] = []
    for el in root.find_all(["h1", "h2", "h3", "h4", "p", "li", "pre", "blockquote", "table"]):
        if el.find_parent("table") is not None:
            continue  # read as part of its table
        if el.find_parent(["p", "li", "blockquote"]) is not None and el.name in {"p", "li"}:
            continue
        if el.name == "table":
            header, rows = _html_table(el)
            block = tables.render(header, rows)
            if block:
                lines.append(block)
            continue
        text = el.get_text(" ", strip=True)
        if el.name != "pre":  # a paragraph wrapped in the source is one paragraph: lines mark sentence ends later
            text = " ".join(text.split())
        if not text:
            continue
        if el.name in {"h1", "h2", "h3", "h4"}:
            lines.append("#" * int(el.name[1]) + " " + text)
        elif el.name == "li":
            lines.append("- " + text)
        else:
            lines.append(text)
    if not lines:
        lines = [root.get_text("\n", strip=True)]
    if not title:
        title = next((ln.lstrip("# ") for ln in lines if ln.startswith("#")), "") or _title_from_name(name)
    return LoadedDocument(text="\n\n".join(lines), title=title, kind="html", updated=_html_date(soup))


_HTML_DATE_META = ("article:modified_time", "og:updated_time", "dcterms.modified", "last-modified", "date",
                   "dc.date", "dcterms.date", "article:published_time")


def _html_date(soup) -> str | None:  # noqa: ANN001
    found: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("http-equiv") or "").strip().lower()
        if key in _HTML_DATE_META and meta.get("content"):
            found.setdefault(key, meta["content"])
    for key in _HTML_DATE_META:  # the most specific first: a modification date beats a publication date
        if key in found and (value := doc_dates.normalise(found[key])):
            return value
    return None


def _html_table(table) -> tuple[list[str], list[list[str]]]:  # noqa: ANN001
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a nested table's rows belong to it
        rows.append([(cell.name, cell.get_text(" ", strip=True)) for cell in tr.find_all(["th", "td"], recursive=False)])
    rows = [r for r in rows if r]
    if not rows:
        return [], []
    # The header is the first row when it is made of <th> cells (or sits in <thead>); otherwise there is none.
    first = rows[0]
    has_header = all(kind == "th" for kind, _ in first) or table.find("thead") is not None
    header = [text for _, text in first] if has_header else []
    body = rows[1:] if has_header else rows
    return header, [[text for _, text in r] for r in body]
