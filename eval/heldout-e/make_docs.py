"""Write the Word and PDF documents of held-out set E (the other documents are written by hand).

Run: PYTHONPATH=/tmp/sete-tools python3 eval/heldout-e/make_docs.py
Needs python-docx and fpdf2. The output is byte-identical on every run: the core properties and
PDF dates are fixed, and the .docx zip members get fixed timestamps.
"""
import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from fpdf import FPDF

DOCS = Path(__file__).resolve().parent / "docs"


# ---------------------------------------------------------------- Word

def save_docx(doc, name, when):
    cp = doc.core_properties
    cp.author = "Collaboration secretariat"
    cp.last_modified_by = "Collaboration secretariat"
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    stamp = (when.year, when.month, when.day, when.hour, when.minute, 0)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zout.writestr(info, zin.read(item.filename))
    (DOCS / name).write_bytes(out.getvalue())


def add_table(doc, rows):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def industry_phd_guidelines():
    doc = Document()
    doc.add_heading("Industrial PhD co-funding scheme: guidelines", level=1)
    doc.add_paragraph("Version 1.2, February 2025. Collaboration secretariat.")
    doc.add_heading("1. Purpose", level=2)
    doc.add_paragraph(
        "The industrial PhD co-funding scheme supports PhD projects that link a life-science company in the "
        "Øresund Region with research in Massachusetts. The candidate works on a research question that matters "
        "to the company, is enrolled in a PhD programme at a university and spends part of the project with a "
        "co-supervisor in Massachusetts.")
    doc.add_heading("2. Who can apply", level=2)
    doc.add_paragraph(
        "The company and the university apply together. The PhD candidate must be employed by a life-science "
        "company with a workplace in the Capital Region of Denmark, Region Zealand or Region Skåne and be enrolled "
        "in a PhD programme at a university in one of these regions. The company must have been registered for at "
        "least two years and must have its own research activity. Companies in Massachusetts cannot employ "
        "candidates under this scheme; they can take part as host of the stay or provide the co-supervisor. "
        "The candidate must have a master's degree or equivalent when the project starts.")
    doc.add_heading("3. Co-funding", level=2)
    doc.add_paragraph(
        "The partnership co-funds 40 percent of the candidate's salary for the three years of the PhD project, up "
        "to DKK 210,000 per year. The company pays the remaining 60 percent of the salary and all operating costs. "
        "The partnership also pays the university fee and the costs of the stay in Massachusetts, as set out in "
        "the table below. Co-funding is paid to the company every six months against a short statement of costs.")
    add_table(doc, [
        ["Cost item", "Paid by", "Partnership contribution"],
        ["Salary of the PhD candidate", "Company and partnership", "40 percent, up to DKK 210,000 per year"],
        ["University fee (tuition and supervision)", "Partnership", "Up to DKK 85,000 per year"],
        ["Stay in Massachusetts (travel and living costs)", "Partnership", "Up to DKK 70,000 in total"],
        ["Conference participation", "Partnership", "Up to DKK 12,000 per year"],
        ["Lab consumables and operating costs", "Company", "None"],
        ["Patent costs", "Company", "None"],
    ])
    doc.add_heading("4. Stay in Massachusetts", level=2)
    doc.add_paragraph(
        "The candidate must spend at least 3 months in Massachusetts during the project, at the co-supervisor's "
        "institution or at a partner company there. The stay can be split into at most two periods. The stay "
        "should normally take place in the second year of the project.")
    doc.add_heading("5. Application rounds and assessment", level=2)
    doc.add_paragraph(
        "There are two application rounds each year, with deadlines on 1 March and 1 September at 12:00 CET. "
        "Applications are assessed by a panel with members from universities and industry on both sides of the "
        "Atlantic. The panel looks at the scientific quality, the value for the company, the quality of the "
        "supervision and the role of the Massachusetts partner. Applicants receive a decision within 10 weeks "
        "after the deadline.")
    doc.add_heading("6. Midway evaluation", level=2)
    doc.add_paragraph(
        "After 18 months the candidate, the supervisors and the company submit a short progress report. If the "
        "midway evaluation is not satisfactory, the partnership can stop the co-funding after a hearing of the "
        "company and the university.")
    doc.add_heading("7. Leave", level=2)
    doc.add_paragraph(
        "If the candidate takes parental leave or sick leave, the project is extended by the length of the leave "
        "and the co-funding follows the extended project. The total co-funding does not increase.")
    doc.add_heading("8. Contact", level=2)
    doc.add_paragraph(
        "The scheme is managed by Lærke Bengtsdotter at the collaboration secretariat (industryphd@example.org).")
    save_docx(doc, "industry-phd-cofunding-guidelines.docx", datetime(2025, 2, 3, 10, 15, 0))


def pitch_day():
    doc = Document()
    doc.add_heading("Transatlantic Startup Pitch Day 2027", level=1)
    doc.add_paragraph("Guidelines for startups. Collaboration secretariat, September 2026.")
    doc.add_heading("Date and place", level=2)
    doc.add_paragraph(
        "The Transatlantic Startup Pitch Day 2027 takes place on Thursday 11 March 2027 from 13:00 to 18:00 CET at "
        "the Glasshuset conference centre in Malmö. The pitches are streamed live to an audience at the Kendall "
        "Launch Loft incubator in Cambridge, Massachusetts, where it is morning. Registration for the audience "
        "is free, and there are 200 seats in Malmö.")
    doc.add_heading("Who can pitch", level=2)
    doc.add_paragraph(
        "The pitch day is open to life-science startups in biotech, medical technology, diagnostics and digital "
        "health that have their headquarters in the Capital Region of Denmark, Region Zealand, Region Skåne or "
        "Massachusetts. The startup must have been founded less than five years before the pitch day and must "
        "have fewer than 25 employees. Startups that have raised more than EUR 5 million in total investment "
        "cannot take part. Each startup is represented by one or two founders.")
    doc.add_heading("How to apply", level=2)
    doc.add_paragraph(
        "Startups apply through the form at pitchday.example.org with a one-page summary and a pitch deck of at "
        "most 12 slides. The application deadline is 15 January 2027. The jury selects 16 startups, which are "
        "told by 12 February 2027 whether they have been selected. Selected startups are offered a one-hour "
        "pitch coaching session in the week before the pitch day.")
    doc.add_heading("Format of the pitch", level=2)
    doc.add_paragraph(
        "Each startup has 5 minutes to pitch, followed by 5 minutes of questions from the jury. Slides must be "
        "sent to the organisers by 12:00 CET two working days before the pitch day; slides that arrive later "
        "cannot be shown. Live demonstrations with real patient data are not allowed. Startups from "
        "Massachusetts may pitch by live video link from Cambridge. The organisers cover the travel to Malmö of "
        "one founder per startup from Massachusetts, up to USD 1,800.")
    doc.add_heading("Jury", level=2)
    doc.add_paragraph(
        "The jury has five investors from both clusters and one innovation manager from a university hospital. "
        "The chair of the jury is Dr. Rosalind Okafor-Berg.")
    doc.add_heading("Prizes", level=2)
    add_table(doc, [
        ["Prize", "Amount", "Notes"],
        ["Jury's first prize", "DKK 150,000", "Cash grant, to be used within 12 months"],
        ["Jury's second prize", "DKK 75,000", "Cash grant, to be used within 12 months"],
        ["Audience prize", "DKK 25,000", "Chosen by an online vote of the audience in Malmö and Cambridge"],
        ["Boston Landing prize", "Two weeks at a desk in the Kendall Launch Loft",
         "Includes travel and accommodation for two founders"],
    ])
    doc.add_paragraph(
        "The organisers take no equity in the startups and no share of the prize money. Prizes are paid as "
        "grants after the winner has signed a short prize agreement.")
    doc.add_heading("Contact", level=2)
    doc.add_paragraph(
        "Questions about the pitch day can be sent to Oona Lindahl-Grant at pitchday@example.org.")
    save_docx(doc, "startup-pitch-day-2027.docx", datetime(2026, 9, 8, 14, 30, 0))


# ---------------------------------------------------------------- PDF

class Pdf(FPDF):
    def __init__(self, title, when):
        super().__init__(format="A4")
        self.set_creation_date(when)
        self.set_title(title)
        self.set_author("Collaboration secretariat")
        self.set_creator("make_docs.py")
        self.set_auto_page_break(True, margin=15)
        self.add_page()
        self.set_font("Helvetica", "B", 15)
        self.multi_cell(0, 8, title)
        self.ln(2)

    def heading(self, text):
        self.ln(2)
        self.set_font("Helvetica", "B", 12)
        self.multi_cell(0, 7, text)
        self.ln(1)

    def para(self, text):
        self.set_font("Helvetica", "", 10.5)
        self.multi_cell(0, 5.5, text)
        self.ln(2)

    def grid(self, rows, widths):
        self.set_font("Helvetica", "", 9.5)
        with self.table(col_widths=widths, text_align="LEFT", line_height=5.5) as table:
            for row in rows:
                r = table.row()
                for cell in row:
                    r.cell(cell)
        self.ln(3)


def biosafety_cabinets():
    when = datetime(2025, 6, 10, 8, 0, 0, tzinfo=timezone.utc)
    pdf = Pdf("Joint procedure: certification of biological safety cabinets", when)
    pdf.para("Version 2.0, approved on 10 June 2025 by the joint biosafety group of the collaboration.")
    pdf.heading("1. Scope")
    pdf.para(
        "This procedure applies to class II biological safety cabinets in the laboratories of the collaboration "
        "that are used for work with biological agents in risk groups 1 to 3. Class III cabinets (glove boxes) "
        "and laminar-flow clean benches are not covered by this procedure; they follow the rules of the "
        "institution that owns them.")
    pdf.heading("2. When a cabinet must be certified")
    pdf.para(
        "Every cabinet must be certified every 12 months. A cabinet must also be certified after it has been moved, "
        "after a HEPA filter has been changed and after repairs of the fan or the airflow alarm. A cabinet whose "
        "certificate is more than 12 months old must not be used for work with agents in risk group 2 or 3. There "
        "is no grace period.")
    pdf.heading("3. The test")
    pdf.para(
        "The certifier measures the inflow velocity and the downflow, tests the HEPA filters for leaks, carries "
        "out a smoke pattern test and checks the alarms. The test takes about two hours per cabinet, and the "
        "cabinet cannot be used on that day. The lab must clean and decontaminate the work surface before the "
        "certifier arrives.")
    pdf.heading("4. Certifiers, booking and fees")
    pdf.para(
        "Certification is booked by the lab manager directly with the certifier for the site. The fee is paid by "
        "the research group that owns the cabinet; for shared cabinets it is paid by the core facility.")
    pdf.grid([
        ["Site", "Certifier", "Book at least", "Fee per cabinet"],
        ["Copenhagen North Campus", "Renluft Service ApS", "3 weeks ahead", "DKK 3,900"],
        ["Roskilde Bioscience Park", "Renluft Service ApS", "3 weeks ahead", "DKK 4,100"],
        ["Lund Science Village", "Skansk Luftteknik AB", "4 weeks ahead", "SEK 5,200"],
        ["Boston (Longwood area)", "Commonwealth Containment Services", "2 weeks ahead", "USD 460"],
        ["Worcester", "Commonwealth Containment Services", "3 weeks ahead", "USD 490"],
    ], (45, 55, 35, 35))
    pdf.heading("5. If a cabinet fails")
    pdf.para(
        "A cabinet that fails the test is labelled \"Do not use\" and taped off at once. The owner must have it "
        "repaired and tested again within 30 days. If it has not passed a new test within 30 days, it is removed "
        "from the booking system until it has.")
    pdf.heading("6. Records")
    pdf.para(
        "The lab manager keeps the certificate for 5 years and uploads a copy to the shared equipment register "
        "within one week of the test. A green label with the date of the next certification is placed on the "
        "front of the cabinet.")
    pdf.heading("7. Contact")
    pdf.para(
        "Questions about this procedure go to the joint biosafety coordinator, Dr. Tuva Engqvist "
        "(biosafety@example.org).")
    pdf.output(str(DOCS / "biosafety-cabinet-certification.pdf"))


def sample_shipping():
    when = datetime(2026, 2, 17, 9, 30, 0, tzinfo=timezone.utc)
    pdf = Pdf("Shipping biological samples between the Øresund Region and Massachusetts", when)
    pdf.para("Guide for project staff, February 2026. Collaboration secretariat, shipping desk.")
    pdf.heading("1. Scope")
    pdf.para(
        "This guide covers the shipping of human and microbial samples between the partners of the collaboration: "
        "blood, serum, tissue, DNA and RNA, and cell lines. Infectious substances in category A are not shipped "
        "under this guide; contact the shipping desk before planning such a shipment.")
    pdf.heading("2. Courier and booking")
    pdf.para(
        "All shipments go with Nordatlantic Bio Logistics under the collaboration's framework agreement. Book a "
        "shipment through the shipping desk at least 3 working days before the planned pick-up. Shipments leave "
        "from Monday to Wednesday only, so that they do not arrive on a weekend. No shipments leave in the week "
        "before Christmas. The sending project pays for the shipment.")
    pdf.heading("3. Packaging")
    pdf.para(
        "Diagnostic and clinical samples are packed as UN3373 (biological substance, category B) in triple "
        "packaging. Frozen samples are shipped on dry ice (UN1845) or in a liquid nitrogen dry shipper. A "
        "temperature logger is mandatory in every frozen shipment and must be returned to the shipping desk. A "
        "box may weigh at most 25 kg including the dry ice.")
    pdf.heading("4. Documents")
    pdf.para(
        "A material transfer agreement must be signed by both institutions before the first shipment. For human "
        "samples, the sender confirms that the ethics approval and the participants' consent cover the transfer to "
        "the other institution. Some materials need a US import permit from the CDC; the shipping desk checks this "
        "when you book. Every box needs a commercial invoice stating that the samples have no commercial value.")
    pdf.heading("5. Routes, transit times and prices")
    pdf.grid([
        ["Route", "Condition", "Transit time", "Price per box"],
        ["Copenhagen -> Boston", "Dry ice", "2 to 3 days", "DKK 2,850"],
        ["Copenhagen -> Boston", "Ambient", "2 days", "DKK 1,450"],
        ["Copenhagen -> Boston", "Liquid nitrogen dry shipper", "3 days", "DKK 5,600"],
        ["Lund -> Boston", "Dry ice", "3 days", "SEK 4,100"],
        ["Boston -> Copenhagen", "Dry ice", "2 to 3 days", "USD 410"],
        ["Boston -> Malmö", "Dry ice", "3 to 4 days", "USD 445"],
    ], (45, 55, 35, 35))
    pdf.para(
        "If a box is held in customs for more than 48 hours, the courier refills the dry ice for a charge of "
        "DKK 600 per refill, which is added to the invoice of the sending project.")
    pdf.heading("6. Contact")
    pdf.para(
        "The shipping desk is run by Jonatan Ekwall-Moore (shipping@example.org). The desk answers the phone "
        "from Monday to Thursday between 09:00 and 12:00 CET.")
    pdf.output(str(DOCS / "sample-shipping-guide.pdf"))


if __name__ == "__main__":
    DOCS.mkdir(exist_ok=True)
    industry_phd_guidelines()
    pitch_day()
    biosafety_cabinets()
    sample_shipping()
    print("wrote 2 .docx and 2 .pdf files to", DOCS)
