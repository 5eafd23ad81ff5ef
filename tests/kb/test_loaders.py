import pytest

from bot.kb.loaders import LoaderError, load_bytes, sniff_kind
from tests.docmakers import make_docx, make_pdf


def test_markdown_front_matter_becomes_metadata():
    doc = load_bytes(b"---\ntitle: Funding\ncategory: funding\nupdated: 2026-01-02\nurl: https://example.org/f\n---\n# Funding\n\nText.", "f.md")
    assert (doc.title, doc.category, doc.updated, doc.url) == ("Funding", "funding", "2026-01-02", "https://example.org/f")
    assert "Text." in doc.text and "category:" not in doc.text


def test_markdown_without_front_matter_takes_title_from_heading():
    assert load_bytes(b"# Seed grants\n\nBody text here.", "x.md").title == "Seed grants"


def test_broken_front_matter_is_reported():
    with pytest.raises(LoaderError, match="front matter"):
        load_bytes(b"---\ntitle: [unclosed\n---\nbody", "bad.md")


def test_pdf_text_and_pages():
    doc = load_bytes(make_pdf("Visiting researchers stay up to twelve months.\nThe deadline is 1 March."), "rules.pdf")
    assert doc.kind == "pdf"
    assert "twelve months" in doc.text and "## Page 1" in doc.text


def test_corrupt_pdf_is_refused_with_reason():
    data = make_pdf("Some text that will be cut.")[:200]
    with pytest.raises(LoaderError, match="damaged or unreadable|no text"):
        load_bytes(data, "broken.pdf")


def test_password_protected_pdf_is_refused():
    with pytest.raises(LoaderError, match="password-protected"):
        load_bytes(make_pdf("Secret text.", password="s3cret"), "locked.pdf")


def test_docx_headings_become_sections():
    doc = load_bytes(make_docx("Exchange rules", {"Eligibility": "Researchers employed at a member institution."}), "rules.docx")
    assert doc.title == "Exchange rules"
    assert "## Eligibility" in doc.text and "member institution" in doc.text


def test_html_drops_scripts_and_keeps_headings():
    html = b"<html><head><title>Call</title><script>alert('x')</script></head><body><h2>Deadline</h2><p>Apply by 1 May.</p><style>p{}</style></body></html>"
    doc = load_bytes(html, "call.html")
    assert doc.title == "Call"
    assert "alert" not in doc.text and "p{}" not in doc.text
    assert "## Deadline" in doc.text and "Apply by 1 May." in doc.text


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.md", "empty"),
        (b"   \n", "blank.txt", "empty"),
        (b"\x00\x01\x02binary", "notes.txt", "binary"),
        (b"\xff\xfe\xfa not utf8", "latin.txt", "UTF-8"),
        (b"hello", "image.png", "unsupported"),
        (b"plain text, not a pdf", "fake.pdf", "not a valid PDF"),
        (b"PK\x03\x04garbage", "fake.docx", "damaged"),
    ],
)
def test_bad_files_get_clear_reasons(data, name, reason):
    with pytest.raises(LoaderError, match=reason):
        load_bytes(data, name)


def test_type_is_decided_by_content_not_name():
    assert sniff_kind(make_pdf("x y z w"), "renamed.txt") == "pdf"


def test_markdown_paragraph_wrapped_at_80_columns_is_one_line():
    text = ("## Travel grants\n\nThe steering group has raised the maximum grant for travel to\n"
            "North America from DKK 12,000 to DKK 15,000.\n\n- a list item\n- another\n\n"
            "```\ncode line one\ncode line two\n```\n| City | Rate |\n| --- | --- |\n| Boston | USD 95 |\n")
    body = load_bytes(text.encode(), "news.md").text
    assert "raised the maximum grant for travel to North America from DKK 12,000 to DKK 15,000." in body
    assert "- a list item\n- another" in body and "code line one\ncode line two" in body
    assert "Boston — Rate: USD 95" in body


def test_a_wrapped_text_line_starting_with_a_date_continues_its_sentence():
    lines = ["From: Internship office <internships@example.org>", "Subject: Changes to the 2027 call", "",
             "3. New deadline",
             "   The application deadline has been moved from 31 January to",
             "   14 February 2027, 23:59 CET. Referees can upload their letters until",
             "   17 February 2027. Video interviews will take place from 8 to 12 March",
             "   2027, and offers will be sent out by 26 March 2027.", "",
             "4. Information meeting",
             "   We hold an online information meeting for students on Thursday",
             "   3 December 2026 at 16:00 CET (10:00 in Boston). The link is on the",
             "   programme pages of the internship office of the collaboration.", ""]
    body = load_bytes("\n".join(lines).encode(), "notice.txt").text
    assert "moved from 31 January to 14 February 2027, 23:59 CET." in body
    assert "for students on Thursday 3 December 2026 at 16:00 CET" in body
    assert "3. New deadline\n" in body and "4. Information meeting\n" in body  # numbered headings stay apart


def test_an_html_paragraph_wrapped_in_its_source_is_one_line():
    html = b"<html><body><p>The desk gives advice only. It does not submit\ndocuments to the FDA.</p><pre>a\nb</pre></body></html>"
    doc = load_bytes(html, "desk.html")
    assert "It does not submit documents to the FDA." in doc.text
    assert "a\nb" in doc.text  # preformatted text keeps its lines
