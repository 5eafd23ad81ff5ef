"""Write the Word and PDF documents of held-out set L deterministically.

Needs python-docx and fpdf2, e.g.
    python3 -m pip install --target /tmp/setL-pkgs python-docx fpdf2
    PYTHONPATH=/tmp/setL-pkgs python3 eval/heldout-l/make_docs.py
The Markdown, HTML and text documents in docs/ were written by hand.
"""
import datetime as dt
import io
import os
import zipfile

import docx
from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")


def _fix_zip(path, when):
    """Rewrite a .docx with fixed entry timestamps and order (byte-identical output)."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(items, key=lambda x: (x[0] != "[Content_Types].xml", x[0])):
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def write_docx(name, title, when, blocks, author):
    d = docx.Document()
    cp = d.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = when
    cp.modified = when
    cp.revision = 1
    cp.comments = ""
    cp.keywords = ""
    cp.subject = ""
    cp.category = ""
    d.add_heading(title, level=1)
    for kind, content in blocks:
        if kind == "h":
            d.add_heading(content, level=2)
        elif kind == "p":
            d.add_paragraph(content)
        elif kind == "table":
            t = d.add_table(rows=0, cols=len(content[0]))
            t.style = "Table Grid"
            for row in content:
                cells = t.add_row().cells
                for c, v in zip(cells, row):
                    c.text = v
    path = os.path.join(DOCS, name)
    d.save(path)
    _fix_zip(path, when)


MAKERSPACE = [
    ("p", "Bench Forge is the collaboration's makerspace for building lab hardware: sample holders, "
          "adapters for microscopes, small flow cells, enclosures for sensors and similar parts for "
          "research. The main workshop is at Linnevik University in Lund (Ingenjörsvägen 9, basement). "
          "A small room at the Pemberton Institute in Boston (220 Harrow Street, room B07) has 3D "
          "printers and an electronics bench only."),
    ("h", "Who can use Bench Forge"),
    ("p", "Staff and students of the public partner institutions can use Bench Forge for research and "
          "teaching. Company staff can book machines only for a joint project with a public partner, "
          "and pay double the prices in the table. Bachelor students need their supervisor in the "
          "room during the whole booking."),
    ("h", "Equipment, inductions and prices"),
    ("table", [
        ["Equipment", "Where", "Induction", "Price per hour", "Longest booking"],
        ["FDM 3D printers (4)", "Lund and Boston", "1 hour, online", "SEK 30", "24 hours"],
        ["Resin 3D printer", "Lund", "2 hours, in person", "SEK 80", "12 hours"],
        ["Laser cutter", "Lund", "3 hours, in person", "SEK 150", "3 hours"],
        ["CNC mill", "Lund", "4 hours, in person", "SEK 220", "4 hours"],
        ["Electronics and soldering bench", "Lund and Boston", "1 hour, in person", "free", "8 hours"],
    ]),
    ("p", "The prices in the table apply in Lund. In the Boston room the printers and the electronics "
          "bench are free for users from partner institutions. Nobody may book a machine before they "
          "have passed its induction; inductions are given by the technician and are free."),
    ("h", "Opening hours and booking"),
    ("p", "The Lund workshop is open Monday to Friday from 08:00 to 18:00, the Boston room Monday to "
          "Friday from 09:00 to 17:00 Boston time. Machines are booked in the Bench Forge calendar at "
          "most two weeks ahead. The laser cutter and the CNC mill may never be used alone: another "
          "user who has passed the same induction must be in the room the whole time."),
    ("h", "Materials"),
    ("p", "Every user gets up to 500 g of PLA filament per month free of charge. Resin is charged at "
          "SEK 2 per ml. Only acrylic and plywood from the Bench Forge stock may be cut in the laser "
          "cutter; PVC and other plastics that contain chlorine are never allowed, and you cannot bring "
          "your own sheets. Metal for the CNC mill is ordered through the technician."),
    ("h", "What may not be made"),
    ("p", "Parts made in Bench Forge may not be used on patients or study participants, not even as a "
          "prototype in a pilot study, because the makerspace has no quality system for medical devices. "
          "Weapons and parts for weapons are not allowed, and neither are commercial production runs."),
    ("h", "Contact"),
    ("p", "Technician and induction bookings in Lund: Elias Berggren (elias.berggren@example.org). "
          "Boston room: Nadia Ferreira (nadia.ferreira@example.org)."),
]

SPEAKERS = [
    ("p", "The Sound Speakers Bureau pays for a researcher from the other side of the Atlantic to "
          "visit a research group and give a seminar. A group in the Øresund Region can invite a "
          "speaker from Massachusetts, and a group in Massachusetts can invite a speaker from the "
          "Øresund Region. In 2027 the Speakers Bureau funds 24 visits."),
    ("h", "Who can host and who can be invited"),
    ("p", "The host must be a research group at a public partner university, university hospital or "
          "research institute. Each research group can host at most one visit per calendar year. The "
          "speaker must hold a position at a public institution; speakers employed by a company cannot "
          "be funded, not even when they also hold an adjunct university title. Speakers who have "
          "visited the same host group in the past three years cannot be invited again."),
    ("h", "What the visit must include"),
    ("p", "A visit lasts two to five days. The speaker gives at least one seminar that is open to "
          "everyone at the host institution and spends one hour with the group's early-career "
          "researchers without senior staff present. Seminars may be streamed, but the Speakers Bureau "
          "does not pay for streaming equipment or technicians."),
    ("h", "Travel and hotel support"),
    ("table", [
        ["Speaker travels from", "To", "Travel covered up to", "Hotel nights covered"],
        ["Copenhagen or Roskilde", "Boston area", "DKK 8,500", "3"],
        ["Lund or Malmö", "Boston area", "DKK 9,500", "3"],
        ["Boston area", "Copenhagen", "DKK 9,000", "3"],
        ["Boston area", "Lund or Malmö", "DKK 10,000", "4"],
    ]),
    ("p", "Flights must be booked in economy class. The host group pays for meals, local transport and "
          "any social programme. Speakers receive no fee or honorarium from the Speakers Bureau, and "
          "host groups may not pay one from collaboration funds."),
    ("h", "How to apply"),
    ("p", "The host group applies at least 10 weeks before the visit with the online form, giving the "
          "speaker's name, the planned dates, the seminar title and a short reason for the invitation. "
          "Decisions are made within three weeks. After the visit the host sends a half-page report "
          "and the receipts within one month."),
    ("h", "Contact"),
    ("p", "Coordinator: Tove Rasmussen, Granhavn University Hospital (tove.rasmussen@example.org). "
          "Boston contact: Gabriel Whitaker, Kestrel Heart Institute (gabriel.whitaker@example.org)."),
]


class PDF(FPDF):
    pass


def write_pdf(name, when):
    pdf = PDF(orientation="P", unit="mm", format="A4")
    pdf.set_compression(False)
    pdf.set_creation_date(when)
    pdf.set_title("Strait Proteomics Core - services and prices")
    pdf.set_author("Strait Proteomics Core")
    pdf.set_creator("make_docs.py")
    pdf.set_producer("make_docs.py")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, "Strait Proteomics Core - services and prices 2025/26", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def h(text):
        pdf.set_font("Helvetica", "B", 12)
        pdf.ln(2)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def p(text):
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    p("The Strait Proteomics Core offers mass spectrometry to researchers of the Oresund-Massachusetts "
      "life-science collaboration. The main laboratory is at Linnevik University in Lund (Proteomics Hall, "
      "Tornbacken 7). A smaller laboratory at the Kestrel Heart Institute in Boston (45 Lantern Street) "
      "offers protein identification, intact mass and the targeted metabolite panel.")
    h("Services and prices")
    rows = [
        ["Service", "Site", "Public price", "Company price", "Turnaround"],
        ["Protein ID from a gel band", "Lund, Boston", "DKK 900", "DKK 1,800", "5 working days"],
        ["Intact mass (protein or antibody)", "Lund, Boston", "DKK 1,200", "DKK 2,400", "5 working days"],
        ["Label-free quantitative proteomics, per sample", "Lund", "DKK 2,100", "DKK 4,200", "15 working days"],
        ["TMT 16-plex set (16 samples)", "Lund", "DKK 18,000", "DKK 36,000", "20 working days"],
        ["Phosphoproteomics, per sample", "Lund", "DKK 3,400", "DKK 6,800", "25 working days"],
        ["Targeted metabolite panel, per sample", "Boston", "DKK 1,500", "DKK 3,000", "10 working days"],
    ]
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(col_widths=(62, 26, 26, 28, 30), text_align="LEFT", line_height=5) as table:
        for r in rows:
            row = table.row()
            for v in r:
                row.cell(v)
    pdf.ln(3)
    h("Samples")
    p("For quantitative services (label-free, TMT and phosphoproteomics) every group must have at least "
      "three biological replicates. Samples that contain SDS or PEG are not accepted, and neither are "
      "radioactive samples or samples that may contain infectious agents, even after heat inactivation. "
      "Human samples must be pseudonymised and come with the number of the ethics approval.")
    p("Samples are shipped on dry ice and must arrive Monday to Wednesday; parcels that arrive on a "
      "Thursday or Friday are not unpacked until the next week. Samples are not moved between Lund and "
      "Boston, so send them to the site that runs the service.")
    h("Results and data")
    p("Every project gets a standard report with the list of identified proteins and, for quantitative "
      "services, fold changes and p-values. The core does no custom bioinformatics or statistics beyond "
      "this report. Raw data files are kept for 6 months after delivery and then deleted, so download "
      "them in time.")
    h("Before you start")
    p("A 30-minute planning meeting before the first project is free and strongly recommended. Prices "
      "are per sample or per set as shown and include the standard report. Invoices are sent after "
      "delivery.")
    h("Contact")
    p("Core manager in Lund: Sanna Holmberg (sanna.holmberg@example.org). "
      "Boston laboratory lead: Ravi Menon (ravi.menon@example.org).")
    pdf.output(os.path.join(DOCS, name))


def main():
    os.makedirs(DOCS, exist_ok=True)
    write_docx("makerspace-guide.docx", "Bench Forge makerspace - user guide",
               dt.datetime(2025, 11, 10, 9, 0, 0), MAKERSPACE, "Elias Berggren")
    write_docx("speakers-bureau-2027.docx", "Sound Speakers Bureau 2027 - guidelines for hosts",
               dt.datetime(2026, 5, 25, 9, 0, 0), SPEAKERS, "Tove Rasmussen")
    write_pdf("proteomics-core-prices.pdf",
              dt.datetime(2025, 9, 29, 9, 0, 0, tzinfo=dt.timezone.utc))
    print("wrote makerspace-guide.docx, speakers-bureau-2027.docx, proteomics-core-prices.pdf")


if __name__ == "__main__":
    main()
