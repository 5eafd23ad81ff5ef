"""Render the Word and PDF documents of held-out QA set C into docs/.

The Markdown, HTML and text documents are written by hand and live in docs/ as they are.
This script builds the four binary documents from the texts below. Dates are fixed and
zip entries get a fixed timestamp so that regenerating gives the same files.

    python3 -m venv /tmp/evalc-venv && /tmp/evalc-venv/bin/pip install fpdf2 python-docx pypdf
    /tmp/evalc-venv/bin/python eval/heldout-c/make_docs.py
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent / "docs"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# A document is a list of blocks: ("h1"|"h2"|"p"|"li", text) or ("table", [header, *rows]).

CLINICAL_DATA = [
    ("h1", "Clinical Data Sharing Agreement – standard terms"),
    ("p", "Template adopted by the steering committee of the Øresund–Massachusetts Life Science "
          "Collaboration on 24 June 2025. Version 1.0."),
    ("h2", "1. Scope"),
    ("p", "These standard terms apply when a hospital or university in the Capital Region of Denmark, "
          "Region Zealand or Region Skåne (the data provider) shares clinical data with a partner in "
          "Massachusetts (the data recipient) for a joint research project, or the other way round. "
          "The parties sign a short project annex that names the project, the data set and the people "
          "who will have access. The annex and these terms together form the agreement."),
    ("h2", "2. What data may be shared"),
    ("p", "Only pseudonymised data may be shared under this agreement. Direct identifiers such as names, "
          "personal identification numbers, addresses and medical record numbers must be removed by the "
          "data provider before transfer. The key that links pseudonyms to persons stays with the data "
          "provider and is never shared. Fully anonymous data falls outside these terms."),
    ("p", "The following table lists the categories of data and the conditions for each:"),
    ("table", [
        ["Data category", "May be transferred to the other side?", "Additional condition"],
        ["Diagnoses and procedure codes", "Yes", "None"],
        ["Laboratory results", "Yes", "None"],
        ["Medication data", "Yes", "None"],
        ["Medical images (CT, MRI, pathology slides)", "Yes", "Metadata must be stripped of identifiers"],
        ["Free-text clinical notes", "No", "May only be analysed on the provider's own servers"],
        ["Genetic data (genotypes, sequences)", "Yes, aggregated results only",
         "Individual-level genetic data stays with the provider"],
    ]),
    ("h2", "3. Data Access Committee"),
    ("p", "Each request for data under a project annex is reviewed by the Data Access Committee of the "
          "data provider. The committee decides within 30 days of receiving a complete request. It may "
          "ask for changes to the data set, for example fewer variables or a shorter period."),
    ("h2", "4. Security"),
    ("p", "The data recipient stores the data in a secure environment with access control and logging. "
          "Data may not be copied to laptops, USB drives or personal cloud accounts. Access is limited "
          "to the named persons in the project annex."),
    ("h2", "5. Data breaches"),
    ("p", "The data recipient must notify the data provider of any personal data breach within 24 hours "
          "of becoming aware of it. The notification goes to the contact person named in the project "
          "annex and to the provider's data protection officer."),
    ("h2", "6. Retention and deletion"),
    ("p", "The data recipient deletes the data no later than 5 years after the end of the project, "
          "unless the data provider agrees in writing to a longer period. The recipient confirms the "
          "deletion in writing."),
    ("h2", "7. Publication"),
    ("p", "Results may only be published in aggregated form so that no person can be identified. Tables "
          "in publications must not contain cells with fewer than 5 persons."),
    ("h2", "8. Audit"),
    ("p", "The data provider may audit the recipient's compliance with these terms once per year, with "
          "at least 30 days' notice."),
    ("h2", "9. Governing law and disputes"),
    ("p", "The agreement is governed by the law of the data provider's country. Disputes that cannot be "
          "settled by negotiation are referred to mediation before any court proceedings."),
    ("h2", "10. Contact"),
    ("p", "Questions about the template: data-agreements@example.org (legal counsel Therese Bergman)."),
]

CONSUMABLES = [
    ("h1", "Procurement and Reimbursement Policy for Laboratory Consumables"),
    ("p", "Version 3.0, valid from 1 October 2026. Issued by the Øresund–Massachusetts Life Science "
          "Secretariat. This version replaces all earlier versions and interim rules."),
    ("h2", "1. Purpose"),
    ("p", "This policy sets out how researchers in joint projects buy laboratory consumables with "
          "programme money and how they are reimbursed. Consumables are items that are used up in "
          "experiments, such as reagents, antibodies, kits, plastics, gloves and culture media. "
          "Equipment with a value above DKK 10,000 per item is not a consumable and is covered by the "
          "equipment rules of the joint project."),
    ("h2", "2. Purchase thresholds"),
    ("p", "The procedure depends on the value of a single order, excluding VAT:"),
    ("table", [
        ["Value of the order", "Procedure"],
        ["Up to DKK 5,000", "Buy directly; keep the receipt"],
        ["DKK 5,000 to 50,000", "Obtain three written quotes and buy the cheapest that meets the need"],
        ["DKK 50,000 to 250,000", "Order through the host institution's procurement office"],
        ["Above DKK 250,000", "Open tender; contact the finance officer before any commitment"],
    ]),
    ("p", "Orders may not be split to stay below a threshold."),
    ("h2", "3. Who approves"),
    ("p", "The principal investigator (PI) of the joint project approves every order. Orders placed by "
          "the PI personally are approved by the project's co-PI on the other side of the Atlantic."),
    ("h2", "4. Reimbursement claims"),
    ("p", "Claims must be submitted within 45 days of the purchase date, using the secretariat's claim "
          "form and with the original receipt or invoice attached. Claims are paid within 20 working "
          "days of approval. Amounts in USD or SEK are converted at the secretariat's monthly exchange "
          "rate for the month of purchase."),
    ("h2", "5. Shipping between sites"),
    ("p", "Shipping of samples and reagents between partner sites, including dry ice, is reimbursed up "
          "to DKK 3,000 per shipment. Shipments above that amount need the finance officer's approval "
          "in advance."),
    ("h2", "6. What is not reimbursed"),
    ("li", "equipment with a value above DKK 10,000 per item;"),
    ("li", "software licences and laptops;"),
    ("li", "office supplies, furniture and catering;"),
    ("li", "purchases without a receipt or invoice."),
    ("h2", "7. Contact"),
    ("p", "Finance officer: Jonas Vikström, finance@example.org."),
]

CORRIGENDUM = [
    ("h1", "Corrigendum No. 1"),
    ("p", "Bridge Postdoctoral Fellowships 2027 – call reference BPF-2027-01"),
    ("p", "Date: 28 September 2026"),
    ("p", "Following the steering committee meeting of 22 September 2026, at which the Massachusetts "
          "partners confirmed additional funding, the secretariat amends the call for the Bridge "
          "Postdoctoral Fellowships 2027 of 20 April 2026 as set out below. All other provisions of the "
          "call remain unchanged, including the mobility allowances and the research running costs."),
    ("h2", "Changes to the call"),
    ("table", [
        ["Section", "Item", "Was", "Now reads"],
        ["2", "Number of fellowships", "8 fellowships", "10 fellowships"],
        ["3", "Time since PhD", "no more than 4 years", "no more than 5 years"],
        ["5", "Application deadline", "15 October 2026, 12:00 CET", "5 November 2026, 12:00 CET"],
        ["5", "Shortlist published", "7 December 2026", "18 December 2026"],
        ["5", "Interviews (online)", "week of 18 January 2027", "1-3 February 2027"],
        ["5", "Decisions", "26 February 2027", "12 March 2027"],
    ]),
    ("h2", "Applications already submitted"),
    ("p", "Applicants who have already submitted an application may replace it with a new version until "
          "the new deadline. The last version received before the deadline is assessed."),
    ("h2", "Contact"),
    ("p", "Ragnhild Sæther, fellowship coordinator, postdoc-fellowships@example.org"),
]

ANIMAL_GUIDE = [
    ("h1", "Guide to animal research in joint projects"),
    ("p", "Joint Animal Welfare Panel of the Øresund–Massachusetts Life Science Collaboration. "
          "Issued 12 May 2025."),
    ("h2", "1. Who this guide is for"),
    ("p", "This guide is for researchers in joint projects that use animals in the Øresund Region, in "
          "Massachusetts or in both. It explains how the Joint Animal Welfare Panel works, which "
          "training is required and how genetically modified animal lines are moved between sites. It "
          "does not replace the national approval of animal experiments, which every project must "
          "obtain from the competent authority in each country where experiments take place."),
    ("h2", "2. The Joint Animal Welfare Panel"),
    ("p", "The panel gives an opinion on the project description of every joint project that uses "
          "animals, before the national applications are submitted. The aim is that the experimental "
          "design, the humane end points and the numbers of animals are the same on both sides. The "
          "panel has six members: three veterinarians or animal welfare officers from the Øresund "
          "Region and three from Massachusetts. It is chaired by Dr Freja Kallestrup."),
    ("p", "The panel meets on the first Thursday of each month, except in July. Project descriptions "
          "must be submitted at least ten working days before the meeting. The panel's opinion is sent "
          "to the applicants within five working days after the meeting."),
    ("h2", "3. Training"),
    ("p", "Everyone who handles animals in a joint project must have completed the training required "
          "by the country where the work is done. In addition, the panel requires a short "
          "species-specific module, which is offered online:"),
    ("table", [
        ["Species", "Online module", "Practical training at the site"],
        ["Mouse", "4 hours", "1 day"],
        ["Rat", "4 hours", "1 day"],
        ["Zebrafish", "2 hours", "half a day"],
        ["Pig", "6 hours", "2 days"],
    ]),
    ("p", "Training certificates are valid for three years."),
    ("h2", "4. Moving animal lines between sites"),
    ("p", "Live animals are only moved between the Øresund Region and Massachusetts when rederivation "
          "or cryopreserved embryos are not an option. Cryopreserved embryos or sperm are the preferred "
          "way to share genetically modified lines. Every import requires a health report from the "
          "sending facility that is no older than three months."),
    ("p", "Quarantine periods for live imports at the partner facilities:"),
    ("table", [
        ["Receiving facility", "City", "Quarantine for live rodents"],
        ["Fælledby Animal Facility", "Copenhagen", "8 weeks"],
        ["Sölvegatan Vivarium", "Lund", "6 weeks"],
        ["Wharfside Vivarium", "Boston", "6 weeks"],
        ["Kendall Square Rodent Unit", "Cambridge", "4 weeks"],
    ]),
    ("h2", "5. The 3Rs and reporting"),
    ("p", "Projects report the number of animals used to the panel once a year, by 31 January. The "
          "panel publishes an anonymised summary in the annual report of the collaboration."),
    ("h2", "6. Contact"),
    ("p", "Panel secretary: Ulrik Damsgaard, animal-panel@example.org"),
]


def write_docx(path: Path, blocks, title: str, modified: dt.datetime, author: str) -> None:
    from docx import Document

    doc = Document()
    for kind, content in blocks:
        if kind == "h1":
            doc.add_heading(content, level=1)
        elif kind == "h2":
            doc.add_heading(content, level=2)
        elif kind == "p":
            doc.add_paragraph(content)
        elif kind == "li":
            doc.add_paragraph(content, style="List Bullet")
        elif kind == "table":
            table = doc.add_table(rows=0, cols=len(content[0]))
            table.style = "Table Grid"
            for row in content:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = modified
    props.modified = modified
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    _fixed_zip(buffer.getvalue(), path)


def _fixed_zip(data: bytes, path: Path) -> None:
    """Rewrite a .docx with fixed entry timestamps so the bytes do not depend on the clock."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))


def write_pdf(path: Path, blocks, title: str, created: dt.datetime, footer: str) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(created)
    pdf.set_title(title)
    pdf.set_author("Øresund–Massachusetts Life Science Secretariat")
    pdf.set_producer("fpdf2")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for kind, content in blocks:
        if kind == "h1":
            pdf.set_font("DejaVu", "B", 16)
            pdf.multi_cell(width, 8, content, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "h2":
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 12)
            pdf.multi_cell(width, 7, content, new_x="LMARGIN", new_y="NEXT")
        elif kind in ("p", "li"):
            pdf.set_font("DejaVu", "", 10)
            text = ("- " + content) if kind == "li" else content
            pdf.multi_cell(width, 5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        elif kind == "table":
            pdf.set_font("DejaVu", "", 9)
            with pdf.table(first_row_as_headings=True, line_height=5) as table:
                for row in content:
                    table_row = table.row()
                    for text in row:
                        table_row.cell(text)
            pdf.ln(2)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(width, 4, footer, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    write_docx(DOCS / "clinical-data-sharing-agreement.docx", CLINICAL_DATA,
               "Clinical Data Sharing Agreement – standard terms",
               dt.datetime(2025, 6, 30, 10, 0, 0), "Therese Bergman")
    write_docx(DOCS / "consumables-procurement-policy.docx", CONSUMABLES,
               "Procurement and Reimbursement Policy for Laboratory Consumables",
               dt.datetime(2026, 10, 1, 9, 0, 0), "Jonas Vikström")
    write_pdf(DOCS / "postdoc-fellowship-corrigendum.pdf", CORRIGENDUM,
              "Corrigendum No. 1 – Bridge Postdoctoral Fellowships 2027",
              dt.datetime(2026, 9, 28, 11, 0, 0, tzinfo=dt.timezone.utc),
              "Published 2026-09-28 by the Øresund–Massachusetts Life Science Secretariat.")
    write_pdf(DOCS / "animal-research-guide.pdf", ANIMAL_GUIDE,
              "Guide to animal research in joint projects",
              dt.datetime(2025, 5, 12, 8, 0, 0, tzinfo=dt.timezone.utc),
              "Document date: 2025-05-12. Joint Animal Welfare Panel, animal-panel@example.org.")
    print("wrote 2 .docx and 2 .pdf files to", DOCS)


if __name__ == "__main__":
    main()
