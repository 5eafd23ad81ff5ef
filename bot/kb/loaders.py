"""Turn files (Markdown, text, PDF, Word, HTML) into text with metadata.

The type is decided by the content, not only by the name, so a renamed binary is refused
instead of being indexed as junk. Every failure is a `LoaderError` with a reason a person
can act on.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

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
    extra: dict = field(default_factory=dict)


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
    body = post.content
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
        updated=str(updated) if updated else None,
        url=(str(meta["url"]).strip() if meta.get("url") else None),
        extra={"example": bool(meta.get("example", False))},
    )


def _load_text(data: bytes, name: str) -> LoadedDocument:
    text = _decode(data)
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
        info_title = (reader.metadata.title if reader.metadata else None) or ""
    except LoaderError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoaderError(f"the PDF is damaged or unreadable ({exc.__class__.__name__})") from exc
    except Exception as exc:  # pypdf raises a variety of errors on corrupt streams
        raise LoaderError(f"the PDF is damaged or unreadable ({exc.__class__.__name__})") from exc
    # Page markers become sections, so citations can say where a fact is.
    text = "\n\n".join(f"## Page {i}\n\n{t.strip()}" for i, t in enumerate(pages, 1) if t.strip())
    return LoadedDocument(text=text, title=info_title.strip() or _title_from_name(name), kind="pdf")


def _load_docx(data: bytes, name: str) -> LoadedDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise LoaderError("the Word document is damaged or unreadable") from exc
    lines: list[str] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if style.startswith("heading"):
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 2
            lines.append("#" * min(max(level, 1), 4) + " " + text)
        elif style == "title":
            lines.append("# " + text)
        else:
            lines.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append(" | ".join(cells))
    title = (document.core_properties.title or "").strip()
    if not title:
        heading = next((ln[2:] for ln in lines if ln.startswith("# ")), "")
        title = heading or _title_from_name(name)
    return LoadedDocument(text="\n\n".join(lines), title=title, kind="docx")


def _load_html(data: bytes, name: str) -> LoadedDocument:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    # Scripts, styles and forms are never content, and must never reach a prompt.
    for tag in soup(["script", "style", "noscript", "template", "iframe", "object", "embed", "form", "svg", "nav", "footer"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.body or soup
    lines: list[str] = []
    for el in root.find_all(["h1", "h2", "h3", "h4", "p", "li", "td", "pre", "blockquote"]):
        if el.find_parent(["p", "li", "td", "blockquote"]) is not None and el.name in {"p", "li"}:
            continue
        text = el.get_text(" ", strip=True)
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
    return LoadedDocument(text="\n\n".join(lines), title=title, kind="html")
