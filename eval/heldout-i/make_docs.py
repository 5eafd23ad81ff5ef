"""Writes the Word and PDF documents of held-out set I (all content fictional).

Run:  PYTHONPATH=/tmp/seti-pkgs python3 eval/heldout-i/make_docs.py

Needs python-docx and fpdf2. The output is byte-identical on every run: the Word core properties
carry fixed dates, the zip entries of the .docx files are rewritten with a fixed timestamp and
order, and the PDFs have a fixed CreationDate.
"""
import datetime as dt
import io
import os
import zipfile

from docx import Document
from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")

# Each document: title, date, and a list of blocks: ("h", text), ("p", text), ("t", rows).
ELN = {
    "file": "eln-licence-scheme.docx",
    "title": "Shared electronic lab notebook licences (Ledgerline ELN)",
    "date": dt.datetime(2025, 4, 7, 9, 0, 0),
    "author": "Collaboration ELN administration (fictional)",
    "blocks": [
        ("p", "The collaboration buys licences for the Ledgerline electronic lab notebook centrally, "
              "so that research groups on both sides of the Atlantic can share notebooks, protocols "
              "and sample inventories. Ledgerline, the administrators and everyone named in this "
              "document are fictional."),
        ("h", "Who orders licences"),
        ("p", "Licences are ordered by the head of a lab or research group for the whole group, with a "
              "minimum of three users per group. Individual researchers cannot order a licence for "
              "themselves; ask your group leader to add you to the group's order."),
        ("h", "Licence tiers and prices"),
        ("t", [["Tier", "For", "Price per user per year", "Storage per user", "Support"],
               ["Student", "Master's and PhD students", "Free", "10 GB", "E-mail"],
               ["Academic", "Researchers and staff at universities and public research institutions",
                "DKK 600", "50 GB", "E-mail"],
               ["Clinical", "Hospital staff; includes the audit-trail mode for regulated studies",
                "DKK 900", "50 GB", "E-mail and phone"],
               ["Start-up", "Companies with fewer than 50 employees", "DKK 1,500", "100 GB",
                "E-mail and phone"],
               ["Company", "Companies with 50 employees or more", "DKK 3,200", "200 GB",
                "Named account manager"]]),
        ("p", "Prices exclude VAT. Groups in Massachusetts pay the same prices converted to US dollars "
              "at the exchange rate on the invoice date."),
        ("h", "Licence period and ordering"),
        ("p", "Licences run for the calendar year. Orders for the next year must reach the ELN "
              "administrator by 1 December. Licences ordered later in the year are charged at the full "
              "annual price; there are no part-year prices. Invoices are sent out in January."),
        ("h", "Where the data is stored"),
        ("p", "All notebooks are stored in Ledgerline's data centre in Stockholm, Sweden, including the "
              "notebooks of groups in Massachusetts. Backups are made every night and kept for 35 days."),
        ("h", "What must not go into the notebook"),
        ("p", "The ELN must not contain patient-identifiable data such as names, personal identity "
              "numbers or medical record numbers. Use pseudonymised study IDs instead."),
        ("h", "Sharing between groups"),
        ("p", "A notebook can be shared with any other group that has Ledgerline licences through the "
              "collaboration. The owner of the notebook decides whether the other group can only read "
              "it or can also edit it."),
        ("h", "When a licence ends"),
        ("p", "When a licence ends or a user leaves the group, the user's data is kept for 90 days. "
              "During that time the group leader can export the notebooks as PDF files and as an "
              "archive file. After that the data is deleted."),
        ("h", "Training"),
        ("p", "A one-hour introduction webinar is held on the first Monday of every month at 15:00 "
              "Copenhagen time (09:00 in Boston). New users are encouraged, but not required, to attend."),
        ("h", "Contact"),
        ("p", "ELN administrator: Rasmus Tvede, eln-support@eln.example.org."),
    ],
}

MEDIA = {
    "file": "media-training-2027.docx",
    "title": "Science media training 2027",
    "date": dt.datetime(2026, 6, 8, 9, 0, 0),
    "author": "Collaboration Communications Office (fictional)",
    "blocks": [
        ("p", "The Communications Office of the collaboration offers a media training in five modules "
              "for researchers and clinicians who want to talk about their work with journalists and "
              "the public. The trainers and everyone named in this document are fictional."),
        ("h", "Who can take part"),
        ("p", "Researchers, clinicians and PhD students at universities, hospitals and companies in the "
              "Capital Region of Denmark, Region Zealand, Region Skåne and Massachusetts can take part. "
              "Participants who work on a joint transatlantic project get priority."),
        ("h", "Modules"),
        ("t", [["Module", "Topic", "Date", "Place", "Trainer", "Length"],
               ["1", "Interview basics", "20 January 2027", "Granhavn University Hospital, Copenhagen",
                "Trine Holck", "Full day"],
               ["2", "TV and radio: studio practice", "3 February 2027", "Linnevik University, Malmö",
                "Trine Holck", "Full day"],
               ["3", "Writing for the public", "24 February 2027", "Online", "Daniel Reyes", "Half day"],
               ["4", "Social media and online harassment", "10 March 2027", "Online", "Daniel Reyes",
                "Half day"],
               ["5", "Crisis communication", "7 April 2027", "Kestrel Heart Institute, Boston",
                "Alison Crane", "Full day"]]),
        ("h", "Times"),
        ("p", "Full-day modules run from 09:00 to 16:00 local time. The online half-day modules run from "
              "15:00 to 18:00 Copenhagen time, which is 09:00 to 12:00 in Boston."),
        ("h", "Taking single modules"),
        ("p", "You can sign up for single modules. Module 2 builds on module 1, so you can only take the "
              "studio practice if you have taken module 1, this year or in an earlier year."),
        ("h", "Places and fees"),
        ("p", "Each module has room for 14 participants. The training is free for staff of universities, "
              "hospitals and public research institutions. Participants from companies pay DKK 2,000 "
              "per module."),
        ("h", "Registration and cancellation"),
        ("p", "Register at the latest four weeks before the module. You can cancel free of charge up to "
              "one week before the module; if you cancel later or do not turn up, your institution is "
              "charged a no-show fee of DKK 1,000."),
        ("h", "Filming"),
        ("p", "In module 2 every participant is filmed in a mock TV interview. The recordings are used "
              "only for feedback on the day and are deleted after the course."),
        ("h", "Travel and certificate"),
        ("p", "Travel to the modules held in person is paid by the participant's own institution. "
              "Participants who complete all five modules receive a certificate of completion."),
        ("h", "Contact"),
        ("p", "Mette Sandgaard, Communications Office, media-training@comms.example.org."),
    ],
}

GREEN = {
    "file": "green-lab-certification.pdf",
    "title": "Green Lab Certification - a guide for research labs",
    "date": dt.datetime(2025, 9, 22, 9, 0, 0, tzinfo=dt.timezone.utc),
    "author": "Green Lab team (fictional)",
    "widths": (22, 32, 58, 48, 30),
    "blocks": [
        ("p", "The Green Lab programme helps labs in the collaboration cut their energy use, waste and "
              "water consumption. The programme, the team and everyone named in this guide are fictional."),
        ("h", "Who can be certified"),
        ("p", "Any wet lab at a university, hospital or public research institution in the Capital Region "
              "of Denmark, Region Zealand, Region Skåne or Massachusetts can be certified. Offices and "
              "purely computational groups cannot be certified. Company labs may use the checklist but "
              "cannot receive a certificate."),
        ("h", "How it works"),
        ("p", "The lab appoints a green champion, registers with the Green Lab team and works through a "
              "checklist of 60 actions. Examples are setting -80 °C freezers to -70 °C, defrosting "
              "freezers twice a year, closing fume-hood sashes, putting timers on water baths and "
              "switching off equipment overnight."),
        ("h", "Certification levels"),
        ("t", [["Level", "Actions required", "Must include", "Audit", "Valid for"],
               ["Bronze", "15 of 60", "A lab energy walk-through", "Self-assessment", "2 years"],
               ["Silver", "30 of 60", "A freezer management plan", "Peer audit by another certified lab",
                "2 years"],
               ["Gold", "45 of 60", "Energy metering of the three largest instruments",
                "Audit by the Green Lab team", "3 years"]]),
        ("h", "Audits"),
        ("p", "Audits take place in two windows each year, in May and in November. Register for an "
              "audit at least six weeks before the window starts."),
        ("h", "Cost and reward"),
        ("p", "Certification is free. Labs that reach gold receive DKK 10,000 towards energy-efficient "
              "equipment. The reward is paid once per lab."),
        ("h", "Renewal"),
        ("p", "When a certificate expires, the lab must be audited again at the same level or a higher "
              "one. A lab that does not renew loses its certificate."),
        ("h", "Contact"),
        ("p", "Freja Holm, Green Lab team, green@greenlab.example.org."),
    ],
}

LEAD = {
    "file": "leadership-programme-2027.pdf",
    "title": "Transatlantic Lab Leadership Programme 2027",
    "date": dt.datetime(2026, 4, 27, 9, 0, 0, tzinfo=dt.timezone.utc),
    "author": "Lab Leadership Programme (fictional)",
    "widths": (18, 40, 72, 60),
    "blocks": [
        ("p", "The Lab Leadership Programme helps new research group leaders on both sides of the "
              "Atlantic to lead their groups well. The programme, the venues named as conference "
              "centres and everyone named in this document are fictional."),
        ("h", "Who can take part"),
        ("p", "The programme is for group leaders who have led their own research group for less than "
              "five years and are employed at a university, hospital or public research institution in "
              "the Capital Region of Denmark, Region Zealand, Region Skåne or Massachusetts. Company "
              "staff cannot take part. Every applicant must be nominated by the head of department."),
        ("h", "Places"),
        ("p", "There are 18 places: nine for participants from Massachusetts and nine for participants "
              "from the Øresund regions."),
        ("h", "Modules"),
        ("t", [["Module", "Dates", "Venue", "Theme"],
               ["1", "25-27 January 2027", "Kronvig Conference Centre, Helsingør",
                "Leading yourself and your team"],
               ["2", "19-20 April 2027", "Online", "Budgets, contracts and people management"],
               ["3", "14-16 June 2027", "Ashcombe Institute of Technology, Worcester",
                "Feedback and difficult conversations"],
               ["4", "27-28 September 2027", "Online", "Fair recruitment and diverse teams"],
               ["5", "22-24 November 2027", "Linnevik University, Malmö",
                "Strategy and funding for your group"]]),
        ("p", "The online modules run from 14:00 to 18:00 Copenhagen time, which is 08:00 to 12:00 in "
              "Boston."),
        ("h", "Peer coaching between modules"),
        ("p", "Between the modules, participants meet once a month by video in peer-coaching groups of "
              "three. Every group has members from both sides of the Atlantic."),
        ("h", "Fee"),
        ("p", "The fee is DKK 28,000 per participant (USD 4,000 for participants employed in "
              "Massachusetts) and is paid by the participant's department. It covers accommodation and "
              "meals on the residential modules. Travel is not included."),
        ("h", "Attendance and certificate"),
        ("p", "Participants must attend at least four of the five modules to receive the programme "
              "certificate."),
        ("h", "Application"),
        ("p", "Send the nomination form signed by your head of department, a CV and a one-page "
              "statement on your group and your leadership challenges. The deadline is 1 October 2026, "
              "and decisions are sent out by 1 November 2026."),
        ("h", "Contact"),
        ("p", "Programme leaders: Dr. Camilla Rørdam (Copenhagen) and Professor Janet Whitlock (Boston), "
              "leadership@lead.example.org."),
    ],
}

ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def normalise_zip(path, when):
    """Rewrite the .docx zip with fixed entry timestamps and a fixed entry order."""
    with zipfile.ZipFile(path) as zin:
        entries = [(name, zin.read(name)) for name in zin.namelist()]
    first = [e for e in entries if e[0] == "[Content_Types].xml"]
    rest = sorted(e for e in entries if e[0] != "[Content_Types].xml")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in first + rest:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)
    with open(path, "wb") as fh:
        fh.write(buf.getvalue())


def write_docx(spec):
    doc = Document()
    doc.add_heading(spec["title"], level=1)
    for kind, content in spec["blocks"]:
        if kind == "h":
            doc.add_heading(content, level=2)
        elif kind == "p":
            doc.add_paragraph(content)
        else:
            table = doc.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    cp = doc.core_properties
    cp.title = spec["title"]
    cp.author = spec["author"]
    cp.last_modified_by = spec["author"]
    cp.created = spec["date"]
    cp.modified = spec["date"]
    cp.last_printed = spec["date"]
    cp.revision = 1
    cp.comments = "Fictional document of held-out set I"
    path = os.path.join(DOCS, spec["file"])
    doc.save(path)
    normalise_zip(path, spec["date"])


def write_pdf(spec):
    pdf = FPDF(format="A4")
    pdf.set_creation_date(spec["date"])
    pdf.set_title(spec["title"])
    pdf.set_author(spec["author"])
    pdf.set_producer("fpdf2")
    pdf.set_creator("make_docs.py")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, spec["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for kind, content in spec["blocks"]:
        if kind == "h":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, content, new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.5, content, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        else:
            pdf.set_font("Helvetica", "", 9.5)
            with pdf.table(col_widths=spec["widths"], text_align="LEFT", line_height=5.5) as table:
                for row in content:
                    tr = table.row()
                    for cell in row:
                        tr.cell(cell)
            pdf.ln(2)
    pdf.output(os.path.join(DOCS, spec["file"]))


def main():
    os.makedirs(DOCS, exist_ok=True)
    for spec in (ELN, MEDIA):
        write_docx(spec)
    for spec in (GREEN, LEAD):
        write_pdf(spec)
    print("wrote", ", ".join(s["file"] for s in (ELN, MEDIA, GREEN, LEAD)))


if __name__ == "__main__":
    main()
