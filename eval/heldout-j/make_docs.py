"""Write the Word and PDF documents of held-out set J (byte-reproducibly).

Everything in these documents is fictional.
Run:  PYTHONPATH=/tmp/setj-pkgs python3 eval/heldout-j/make_docs.py
"""
import datetime as dt
import io
import os
import zipfile

from docx import Document
from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")


def fix_zip(data, when):
    """Rewrite a .docx zip with fixed timestamps and a fixed entry order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, src.read(name))
    return out.getvalue()


def save_docx(doc, filename, modified):
    cp = doc.core_properties
    cp.author = "Collaboration services (fictional)"
    cp.last_modified_by = "Collaboration services (fictional)"
    cp.created = modified
    cp.modified = modified
    cp.last_printed = modified
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    data = fix_zip(buf.getvalue(), (2020, 1, 1, 0, 0, 0))
    with open(os.path.join(DOCS, filename), "wb") as fh:
        fh.write(data)


def add_table(doc, rows):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def stockwell():
    doc = Document()
    doc.add_heading("Stockwell joint-lab inventory system: guide for labs", 0)
    doc.add_paragraph(
        "Stockwell is the shared inventory system of the collaboration's labs. It keeps track of "
        "reagents, antibodies, kits and consumables, warns before items expire and lets labs give "
        "surplus items to other labs. (Stockwell and everything in this guide are fictional.)")
    doc.add_heading("Who can use Stockwell", 1)
    doc.add_paragraph(
        "Labs, core facilities and departments of public universities, university hospitals and "
        "public research institutions in the four regions can use Stockwell. The group leader or "
        "the head of the facility opens the account and adds the users. Companies cannot have a "
        "Stockwell account, not even as partners in a joint project.")
    doc.add_heading("Plans and prices", 1)
    doc.add_paragraph("Prices are per account and calendar year.")
    add_table(doc, [
        ["Plan", "For", "Users", "Price per year", "Barcode labels included"],
        ["Basic", "a single lab", "up to 10 users", "free", "none"],
        ["Lab", "a single lab", "up to 30 users", "DKK 3,200 (USD 470)", "1,000 labels per year"],
        ["Core facility", "core facilities and shared instruments", "unlimited users",
         "DKK 9,500 (USD 1,400)", "5,000 labels per year"],
        ["Department", "a whole department", "unlimited users", "DKK 18,000 (USD 2,650)",
         "10,000 labels per year"],
    ])
    doc.add_paragraph(
        "A plan can be upgraded at any time; the price difference is charged for the rest of the "
        "calendar year. A barcode label printer can be borrowed from the administrator for up to "
        "three months.")
    doc.add_heading("Expiry alerts", 1)
    doc.add_paragraph(
        "Stockwell sends an e-mail to the person responsible for an item 30 days before the item "
        "expires. Expired items are marked in red and cannot be offered on the marketplace.")
    doc.add_heading("The surplus marketplace", 1)
    doc.add_paragraph(
        "Labs can offer unopened surplus items to other labs on the marketplace. Items are always "
        "given away free of charge; selling items is not allowed. The lab that receives an item "
        "collects it or pays for the courier. Items cannot be offered across the Atlantic through "
        "the marketplace, so a lab in Denmark or Sweden only sees offers from the Øresund side and "
        "a lab in Massachusetts only sees offers from Massachusetts.")
    doc.add_heading("Chemicals and restricted items", 1)
    doc.add_paragraph(
        "Hazardous chemicals must have a safety data sheet attached to their entry. Controlled "
        "drugs cannot be recorded in Stockwell; they must stay in the institution's own "
        "controlled-drug register.")
    doc.add_heading("Data", 1)
    doc.add_paragraph(
        "Stockwell data are stored on servers in Dublin. Each lab can export its inventory as a "
        "CSV file at any time. When an account is closed, its data are kept for 60 days and then "
        "deleted.")
    doc.add_heading("Training", 1)
    doc.add_paragraph(
        "A 45-minute onboarding webinar is held online on the first Wednesday of each month at "
        "16:00 Copenhagen time (10:00 Boston time). New administrators of a lab account are asked "
        "to attend once.")
    doc.add_heading("Contact", 1)
    doc.add_paragraph("Stockwell administrator: Tove Ramsing, stockwell@example.org.")
    save_docx(doc, "stockwell-inventory-guide.docx", dt.datetime(2025, 5, 26, 10, 0, 0))


def inclusion():
    doc = Document()
    doc.add_heading("Transatlantic Inclusion Fellowship 2027: call for applications", 0)
    doc.add_paragraph(
        "The Transatlantic Inclusion Fellowship supports early-career researchers from groups that "
        "are under-represented in life science on both sides of the Atlantic. The 2027 round "
        "offers 10 fellowships. (The fellowship, the people and all figures in this call are "
        "fictional.)")
    doc.add_heading("Who can apply", 1)
    doc.add_paragraph(
        "PhD students in their second year or later and postdocs who finished their PhD no more "
        "than four years ago can apply, if they are employed at a public university, university "
        "hospital or public research institution in the Capital Region of Denmark, Region Zealand, "
        "Region Skåne or Massachusetts. Applicants describe in their own words how they belong to "
        "an under-represented group, for example as the first in their family to go to "
        "university, as a researcher with a disability, or by ethnic background. Applicants who "
        "already hold a permanent position cannot apply, and company staff are not eligible.")
    doc.add_heading("What the fellowship gives", 1)
    doc.add_paragraph(
        "Each fellow receives a personal budget of DKK 40,000 (USD 5,800) for conference travel, "
        "courses, research visits of up to two weeks and childcare during fellowship events. The "
        "budget cannot pay salaries or equipment. Each fellow is also paired with a senior sponsor "
        "on the other side of the Atlantic, and the fellows meet as a cohort four times during "
        "the year.")
    doc.add_heading("Cohort meetings", 1)
    add_table(doc, [
        ["Meeting", "Date", "Place", "Theme"],
        ["Kick-off", "3-4 February 2027", "Copenhagen (Granhavn University Hospital)",
         "Building your network"],
        ["Spring meeting", "14 April 2027", "Online", "Navigating academic careers"],
        ["Summer meeting", "21-23 June 2027", "Boston (Pemberton Institute)",
         "Visibility and leadership"],
        ["Closing meeting", "10 November 2027", "Lund (Linnevik University)", "Next steps"],
    ])
    doc.add_paragraph(
        "The online meeting runs from 15:00 to 18:00 Copenhagen time (9:00-12:00 Boston time). "
        "Travel and accommodation for the three meetings in person are paid by the programme and "
        "do not come out of the personal budget. Please tell us about access needs at least four "
        "weeks before each meeting.")
    doc.add_heading("How to apply", 1)
    doc.add_paragraph(
        "Send a personal statement of at most 800 words, a CV of at most two pages and a short "
        "letter of support from your supervisor or head of department to inclusion@example.org. "
        "The application deadline is 11 December 2026. All applicants hear the result by "
        "22 January 2027.")
    doc.add_heading("Confidentiality", 1)
    doc.add_paragraph(
        "What applicants write about their background is seen only by the selection panel and is "
        "deleted when the selection is finished. It is never published or passed on to "
        "employers.")
    doc.add_heading("Contact", 1)
    doc.add_paragraph(
        "Fellowship coordinator: Leonie Brandt, Granhavn University Hospital, "
        "inclusion@example.org.")
    save_docx(doc, "inclusion-fellowship-2027.docx", dt.datetime(2026, 5, 18, 9, 30, 0))


def figure_studio():
    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(2025, 10, 20, 12, 0, 0, tzinfo=dt.timezone.utc))
    pdf.set_title("Figure Studio - services and prices")
    pdf.set_author("Figure Studio (fictional)")
    pdf.set_producer("make_docs.py")
    pdf.set_creator("make_docs.py")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, "Figure Studio: services and prices", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def para(text, style="", size=11):
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    para("The Figure Studio makes scientific illustrations for researchers in the collaboration. "
         "The studio has an illustrator in Copenhagen and a designer in Boston. (The studio, its "
         "staff and all prices are fictional.)")
    para("Services and prices", "B", 13)
    rows = [
        ("Service", "Public institutions", "Companies", "Delivery"),
        ("Figure redraw (one panel)", "DKK 900", "DKK 1,500", "5 working days"),
        ("Graphical abstract", "DKK 2,400", "DKK 3,800", "10 working days"),
        ("Journal cover illustration", "DKK 6,500", "DKK 9,000", "20 working days"),
        ("Short animation (up to 60 seconds)", "DKK 14,000", "DKK 21,000", "30 working days"),
        ("Infographic for patients", "DKK 3,200", "DKK 4,800", "10 working days"),
    ]
    pdf.set_font("Helvetica", "", 10)
    with pdf.table(col_widths=(70, 40, 35, 35), text_align="LEFT") as table:
        for row in rows:
            r = table.row()
            for cell in row:
                r.cell(cell)
    pdf.ln(4)
    para("What is included", "B", 13)
    para("Every order includes two rounds of corrections. Further rounds cost DKK 450 each. "
         "Delivery times count from the day the studio has received a complete brief.")
    para("Files are delivered as vector PDF, SVG and PNG at 600 dpi. The studio does not print; "
         "for posters, use the Poster Print Service.")
    para("What the studio does not do", "B", 13)
    para("The studio does not analyse or plot your data: charts must be made by the research "
         "group, and the studio only restyles charts it receives. The studio does not use "
         "generative AI tools for any part of its work.")
    para("Rights", "B", 13)
    para("The client may use the illustrations without limits in publications, talks and on the "
         "web. The studio may show the work in its own portfolio unless the client asks it not "
         "to.")
    para("Ordering", "B", 13)
    para("Fill in the brief form at studio.example.org. The studio sends a quote within three "
         "working days. Companies pay 50 percent of the price in advance.")
    para("Contact", "B", 13)
    para("Illustrator in Copenhagen: Sigrid Moe. Designer in Boston: Caleb Hartwell. "
         "E-mail: studio@example.org.")
    pdf.output(os.path.join(DOCS, "figure-studio-prices.pdf"))


if __name__ == "__main__":
    os.makedirs(DOCS, exist_ok=True)
    stockwell()
    inclusion()
    figure_studio()
    print("wrote 2 .docx and 1 .pdf to", DOCS)
