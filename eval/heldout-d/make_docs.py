"""Render the Word and PDF documents of held-out set D.

Everything in these documents is invented for an evaluation set: people, institutions,
e-mail addresses (example.org), amounts and dates are fictional.

The Markdown, HTML and text documents in docs/ are written by hand; this script writes the
two .docx and three .pdf files. Output is byte-identical between runs: fixed core-property
dates, fixed zip timestamps, fixed PDF creation dates.

    /work/main/.venv/bin/pip install --target /tmp/setd-tools fpdf2
    PYTHONPATH=/tmp/setd-tools /work/main/.venv/bin/python eval/heldout-d/make_docs.py
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF

DOCS = Path(__file__).resolve().parent / "docs"
UTC = dt.timezone.utc


# --------------------------------------------------------------------------- Word

def write_docx(name: str, date: dt.datetime, title: str, blocks: list) -> None:
    d = docx.Document()
    cp = d.core_properties
    cp.title = title
    cp.author = "Collaboration secretariat (fictional)"
    cp.last_modified_by = "Collaboration secretariat (fictional)"
    cp.created = date
    cp.modified = date
    cp.last_printed = date
    cp.revision = 1
    cp.comments = "Invented document for an evaluation set; all names and figures are fictional."
    d.add_heading(title, level=0)
    for kind, content in blocks:
        if kind == "h":
            d.add_heading(content, level=1)
        elif kind == "p":
            d.add_paragraph(content)
        elif kind == "li":
            d.add_paragraph(content, style="List Bullet")
        elif kind == "table":
            t = d.add_table(rows=0, cols=len(content[0]))
            t.style = "Table Grid"
            for row in content:
                cells = t.add_row().cells
                for c, text in zip(cells, row):
                    c.text = text
    buf = io.BytesIO()
    d.save(buf)
    # re-zip with a fixed timestamp so that the file is byte-identical between runs
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    stamp = (date.year, date.month, date.day, 9, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, zin.read(info.filename))
    (DOCS / name).write_bytes(out.getvalue())


COTUTELLE = [
    ("p", "Version 1.0. Adopted by the Programme Board of the Øresund-Massachusetts life-science "
          "collaboration. This framework applies to every joint PhD project in which a candidate is "
          "enrolled at a university in the Capital Region of Denmark, Region Zealand or Region Skåne "
          "and co-supervised at an institution in Massachusetts, or the other way round."),
    ("h", "1. Supervision"),
    ("p", "Each candidate has a main supervisor at the home university and a co-supervisor at the "
          "partner institution. The main supervisor is responsible for the progress of the project "
          "and for the yearly progress report. The co-supervisor takes part in at least two "
          "supervision meetings per semester, in person or online."),
    ("h", "2. Stay at the partner institution"),
    ("p", "The candidate must spend at least 12 months in total at the partner institution. The "
          "stay may be split into at most three periods, and no period may be shorter than two "
          "months. The stay is planned in the joint PhD agreement."),
    ("h", "3. The joint PhD agreement"),
    ("p", "The home university, the partner institution and the candidate sign a joint PhD "
          "agreement. It must be signed within the first 6 months of enrolment. The agreement names "
          "both supervisors, describes the project and the stays, and states who owns the data. "
          "Templates are available from the doctoral coordinator."),
    ("h", "4. Degree, thesis and defence"),
    ("p", "The degree is awarded by the home university alone; this is not a double degree. The "
          "diploma supplement names the partner institution and the co-supervisor. The thesis is "
          "written in English. The assessment committee has three members, at least one of whom "
          "comes from the partner side of the Atlantic. The defence is held at the home university; "
          "the co-supervisor may take part online."),
    ("h", "5. Responsibilities"),
    ("table", [
        ["Task", "Home university", "Partner institution"],
        ["Enrolment and tuition", "Yes", "No"],
        ["Main supervision", "Yes", "No"],
        ["Co-supervision", "No", "Yes"],
        ["Lab access during the stay", "No", "Yes"],
        ["Health insurance during the stay", "Candidate's own insurance, checked by the home university", "No"],
        ["Award of the degree", "Yes", "No"],
    ]),
    ("h", "6. Funding from the collaboration"),
    ("p", "The collaboration contributes the following amounts for each joint PhD project. They are "
          "paid to the institutions, not to the candidate."),
    ("table", [
        ["Item", "Amount", "Paid to"],
        ["Co-supervision allowance", "DKK 30,000 per year", "Department of the co-supervisor"],
        ["Travel for the candidate", "DKK 18,000 per year", "Home university"],
        ["Visit of the co-supervisor to the home university", "up to DKK 14,000, one visit per year", "Department of the co-supervisor"],
    ]),
    ("h", "7. Contact"),
    ("p", "The framework is administered by the doctoral coordinator of the collaboration "
          "secretariat, Sanne Brøndum-Kjær, cotutelle@example.org."),
]

MICROGRANTS = [
    ("p", "The collaboration wants the public to hear about the research it funds. Public "
          "engagement micro-grants pay for small activities that bring a joint Øresund-Massachusetts "
          "project to schools, patients or the general public."),
    ("h", "How much and for what"),
    ("p", "A micro-grant is up to DKK 15,000 per activity. The table shows the maximum for each type "
          "of activity."),
    ("table", [
        ["Activity", "Examples", "Maximum"],
        ["School visit", "Lab demonstrations, a class visiting a lab", "DKK 6,000"],
        ["Science café or public debate", "Evening talk in a library or bar", "DKK 10,000"],
        ["Patient organisation workshop", "Half-day meeting with a patient group", "DKK 8,000"],
        ["Podcast or video series", "Three to six short episodes", "DKK 12,000"],
        ["Exhibition or museum pop-up", "Stand at a science museum or festival", "DKK 15,000"],
    ]),
    ("p", "Micro-grants do not pay for paid advertising, lobbying or salaries. Catering is paid up to "
          "DKK 150 per participant."),
    ("h", "Who can apply"),
    ("p", "Researchers in a joint project with at least one partner on each side of the Atlantic. "
          "PhD students may apply if their supervisor co-signs the application."),
    ("h", "How to apply"),
    ("p", "Applications are accepted all year round. Apply at least 8 weeks before the activity with "
          "the one-page form. We aim to decide within 20 working days."),
    ("h", "After the activity"),
    ("p", "Send a one-page report and two or three photos within 4 weeks after the activity. The "
          "report may be used in the collaboration's newsletter."),
    ("h", "Contact"),
    ("p", "The micro-grants are managed by the communications lead, Ruth Abernathy-Krogh, "
          "engage@example.org."),
]


# --------------------------------------------------------------------------- PDF

class PDF(FPDF):
    pass


def write_pdf(name: str, date: dt.datetime, title: str, blocks: list) -> None:
    pdf = PDF(format="A4")
    pdf.set_creation_date(date)
    pdf.set_title(title)
    pdf.set_author("Collaboration secretariat (fictional)")
    pdf.set_creator("make_docs.py, held-out set D")
    pdf.set_producer("fpdf2")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for kind, content in blocks:
        if kind == "h":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, content, new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.5, content, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        elif kind == "table":
            pdf.set_font("Helvetica", "", 9.5)
            with pdf.table(line_height=5.5, first_row_as_headings=True) as t:
                for row in content:
                    r = t.row()
                    for c in row:
                        r.cell(c)
            pdf.ln(2)
    (DOCS / name).write_bytes(bytes(pdf.output()))


AMENDMENT = [
    ("p", "Issued 1 October 2026 by the collaboration secretariat on behalf of the Programme Board "
          "(decision D-2026-14). This amendment changes the Framework for joint PhD co-supervision, "
          "version 1.0. It applies to candidates admitted from 1 October 2026."),
    ("h", "What changes"),
    ("p", "The minimum stay at the partner institution is changed from 12 to 10 months in total. "
          "The stay may now be split into at most four periods. The co-supervision allowance is "
          "raised to DKK 36,000 per year, because co-supervisors spend more time on the project "
          "than the framework first assumed."),
    ("table", [
        ["Clause", "Was", "Now reads"],
        ["2. Minimum stay", "at least 12 months in total", "at least 10 months in total"],
        ["2. Number of periods", "at most three periods", "at most four periods"],
        ["6. Co-supervision allowance", "DKK 30,000 per year", "DKK 36,000 per year"],
    ]),
    ("h", "What does not change"),
    ("p", "All other clauses of the framework remain in force, including the rule that the joint "
          "PhD agreement must be signed within the first 6 months of enrolment and that the degree "
          "is awarded by the home university alone."),
    ("p", "Questions: Sanne Brøndum-Kjær, doctoral coordinator, cotutelle@example.org."),
]

INTEGRITY = [
    ("p", "Adopted 20 May 2025. This procedure applies to concerns about research misconduct or "
          "questionable research practice in joint projects of the Øresund-Massachusetts life-science "
          "collaboration, that is projects with partners on both sides of the Atlantic. It does not "
          "replace the procedures of the universities or the national bodies in Denmark, Sweden or "
          "the United States; a case may be handed over to them at any stage."),
    ("h", "The Joint Integrity Ombudsperson"),
    ("p", "Concerns are raised with the Joint Integrity Ombudsperson, Dr. Helena Vasquez Berg, "
          "integrity@example.org. The Ombudsperson is independent of the secretariat and reports "
          "once a year to the Programme Board, without names."),
    ("h", "Who can raise a concern"),
    ("p", "Anyone, including students, technicians and people outside the collaboration. Concerns "
          "may be raised anonymously, but an anonymous concern can only be followed up if it "
          "contains enough detail. Nobody may be disadvantaged for raising a concern in good faith."),
    ("h", "Steps and time limits"),
    ("table", [
        ["Step", "What happens", "Time limit"],
        ["1. Receipt", "The Ombudsperson acknowledges the concern", "within 5 working days"],
        ["2. Preliminary assessment", "Is there a case to answer?", "within 30 days of receipt"],
        ["3. Investigation", "A panel of three examines the case", "within 6 months"],
        ["4. Decision", "The panel's report goes to the parties", "within 4 weeks of the report"],
        ["5. Appeal", "Appeal to the Programme Board", "within 21 days of the decision"],
    ]),
    ("h", "The investigation panel"),
    ("p", "The panel has three members: one from the Øresund side, one from Massachusetts and one "
          "from outside both regions. No member may have published with the persons concerned in "
          "the last five years."),
    ("h", "Records"),
    ("p", "Case files are kept by the Ombudsperson for 10 years after a case is closed and are then "
          "deleted."),
]

INSTRUMENTS = [
    ("p", "The instrument sharing pool gives researchers in joint projects access to large "
          "instruments on the other side of the Atlantic and in the neighbouring region. Version of "
          "26 January 2026. The pool currently has sites in the Capital Region, Region Zealand and "
          "Massachusetts."),
    ("h", "Instruments, rates and quotas"),
    ("p", "Rates are per hour of instrument time for academic users in a joint project. Companies "
          "pay double the academic rate. Each project can book at most the hours per quarter shown."),
    ("table", [
        ["Instrument", "Site", "Rate per hour", "Max hours per quarter"],
        ["Cryo-electron microscope (300 kV)", "Kastrup BioImaging Hub, Copenhagen", "DKK 1,450", "60"],
        ["Light-sheet microscope", "Roskilde Campus Imaging Lab", "DKK 650", "80"],
        ["Mass cytometer", "Longwood Cytometry Core, Boston", "USD 210", "40"],
        ["Spatial transcriptomics platform", "Kendall Genomics Annex, Cambridge", "USD 380", "30"],
        ["Super-resolution microscope", "Worcester Optics Core", "USD 160", "50"],
    ]),
    ("h", "Booking"),
    ("p", "Book through the pool's booking portal at least 10 working days before the session. "
          "Bookings cancelled less than 48 hours before the session are charged in full. New users "
          "must complete a 4-hour training session at the site before their first independent use; "
          "the training is free."),
    ("h", "Data"),
    ("p", "Raw data stay on the site's storage for 90 days after the session; users must copy them "
          "to their own storage before then."),
    ("h", "Contact"),
    ("p", "Pool manager: Dr. Owen Pettigrew, instruments@example.org."),
]


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    write_docx("joint-phd-cotutelle-agreement.docx", dt.datetime(2025, 3, 14, 9, 0, 0),
               "Framework for joint PhD co-supervision (cotutelle)", COTUTELLE)
    write_docx("public-engagement-microgrants.docx", dt.datetime(2025, 10, 6, 9, 0, 0),
               "Public engagement micro-grants", MICROGRANTS)
    write_pdf("cotutelle-amendment-2026.pdf", dt.datetime(2026, 10, 1, 9, 0, 0, tzinfo=UTC),
              "Amendment No. 1 to the Framework for joint PhD co-supervision", AMENDMENT)
    write_pdf("research-integrity-procedure.pdf", dt.datetime(2025, 5, 20, 9, 0, 0, tzinfo=UTC),
              "Joint research integrity procedure", INTEGRITY)
    write_pdf("instrument-sharing-pool.pdf", dt.datetime(2026, 1, 26, 9, 0, 0, tzinfo=UTC),
              "Instrument sharing pool: rules and rates 2026", INSTRUMENTS)


if __name__ == "__main__":
    main()
