"""Write the Word and PDF documents of held-out set M.

Needs python-docx and fpdf2, e.g.
    python3 -m pip install --target /tmp/setM-pkgs python-docx fpdf2
    PYTHONPATH=/tmp/setM-pkgs python3 eval/heldout-m/make_docs.py

The output is reproducible: the Word core properties carry fixed dates, the zip entries of the
.docx files are rewritten with fixed timestamps in a fixed order, and the PDF has a fixed
CreationDate, producer and creator and uncompressed content streams (so that check.py can read
its text with the standard library). All content is fictional.
"""

import datetime as dt
import io
import os
import zipfile

from docx import Document
from docx.shared import Pt
from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")


# --------------------------------------------------------------------------- Word helpers

def _fix_zip(path, when):
    """Rewrite a .docx with fixed entry timestamps, keeping the entry order."""
    with open(path, "rb") as fh:
        data = fh.read()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    with open(path, "wb") as fh:
        fh.write(out.getvalue())


def _new_doc(title, date):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    cp = doc.core_properties
    cp.title = title
    cp.author = "Øresund–Massachusetts life-science collaboration"
    cp.last_modified_by = "Collaboration secretariat"
    cp.comments = "Fictional document for held-out evaluation set M"
    cp.keywords = ""
    cp.subject = ""
    cp.category = ""
    cp.revision = 1
    cp.created = date
    cp.modified = date
    cp.last_printed = date
    return doc


def _table(doc, header, rows):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for i, h in enumerate(header):
        t.rows[0].cells[i].text = h
    for r in rows:
        cells = t.add_row().cells
        for i, v in enumerate(r):
            cells[i].text = v
    return t


def _save_doc(doc, name, date):
    path = os.path.join(DOCS, name)
    doc.save(path)
    _fix_zip(path, (date.year, date.month, date.day, 12, 0, 0))
    return path


# --------------------------------------------------------------------------- study tour

def study_tour():
    date = dt.datetime(2026, 6, 15, 9, 30, 0)
    doc = _new_doc("Hospital Innovation Study Tour to Massachusetts 2027", date)
    doc.add_heading("Hospital Innovation Study Tour to Massachusetts, 10–14 May 2027", 0)
    doc.add_paragraph("Call for participants. Version of 15 June 2026.")

    doc.add_heading("What the tour is", 1)
    doc.add_paragraph(
        "The Hospital Innovation Study Tour takes a group of hospital managers, clinicians and "
        "innovation staff from the three Øresund regions to Massachusetts for one working week. "
        "The group visits hospitals, a medical school and an innovation hub to see how new "
        "treatments, digital tools and ways of organising care are tested and taken into daily "
        "use, and to meet people who may become partners in joint projects. The tour is organised "
        "by the collaboration secretariat together with the innovation units of the Capital Region "
        "of Denmark, Region Zealand and Region Skåne.")

    doc.add_heading("Who can take part", 1)
    doc.add_paragraph(
        "The tour has 25 places: 10 for the Capital Region of Denmark, 8 for Region Skåne and 7 for "
        "Region Zealand. Participants must be employed by a public hospital in one of the three "
        "regions or by the administration of one of the regions. Staff of companies cannot take part, "
        "not even as sponsors of the tour, and staff of municipalities cannot take part either. "
        "Researchers who happen to be in Boston on an exchange during the tour cannot join single "
        "days of the programme. Each region selects its own participants and tries to send a mix of "
        "managers, clinicians and innovation staff.")

    doc.add_heading("Programme", 1)
    doc.add_paragraph(
        "The group meets for a welcome dinner at the Ridgeway Hotel in Boston on Sunday 9 May 2027 "
        "at 19:00. The programme days run from about 08:30 to 17:00 local time. A chartered bus "
        "takes the group between the sites; the programme is in English.")
    _table(doc, ["Day", "Date", "Place", "Theme", "Host"], [
        ["Monday", "10 May 2027", "Boston", "Welcome and the hospital's innovation unit",
         "Kestrel Heart Institute"],
        ["Tuesday", "11 May 2027", "Cambridge", "Digital-health start-ups and test beds",
         "Broadcanal Innovation Hub"],
        ["Wednesday", "12 May 2027", "Worcester", "Hospital at home and remote monitoring",
         "Quinsett Medical School"],
        ["Thursday", "13 May 2027", "Boston", "Cancer care pathways and patient flow",
         "Bayshore Cancer Institute"],
        ["Friday", "14 May 2027", "Boston", "Wrap-up workshop, ends at 13:00",
         "Collaboration office Boston"],
    ])

    doc.add_heading("Costs", 1)
    doc.add_paragraph(
        "The participant fee is DKK 14,500. It covers five hotel nights at the Ridgeway Hotel "
        "(9 to 14 May 2027), the chartered bus, breakfast and lunch on all programme days and the "
        "welcome dinner. Flights are not included: each participant books his or her own flights, "
        "and the flight costs are paid by the participant's own department. Transfers between the "
        "airport and the hotel are not included either. The fee is invoiced to the participant's "
        "department after the selection.")

    doc.add_heading("Application and selection", 1)
    doc.add_paragraph(
        "Apply through the innovation unit of your own region with the form in the call, a short "
        "description of your role and a few lines on what you want to bring home from the tour. "
        "The application deadline is 1 February 2027. The regions announce their selection by "
        "1 March 2027. An online preparation meeting for all participants is held on 20 April 2027 "
        "at 14:00 Copenhagen time (08:00 in Boston).")

    doc.add_heading("Cancellation", 1)
    doc.add_paragraph(
        "The fee is refunded if you cancel before 15 March 2027. After that date the fee is only "
        "refunded if your region finds a replacement from the same region, who then takes over your "
        "place and your hotel room.")

    doc.add_heading("After the tour", 1)
    doc.add_paragraph(
        "Each participant writes a one-page take-home note within three weeks after the tour, "
        "describing one idea the participant wants to try at home. The notes are collected in a "
        "short report for the regions. A follow-up seminar for all participants takes place at "
        "Granhavn University Hospital in Copenhagen on 9 June 2027.")

    doc.add_heading("Contacts", 1)
    doc.add_paragraph(
        "The tour leader is Merete Damgaard from the innovation unit of the Capital Region of Denmark "
        "(merete.damgaard@example.org). In Boston, the group is hosted by Patrick Osei at the "
        "collaboration's Boston office (patrick.osei@example.org).")
    return _save_doc(doc, "innovation-study-tour-2027.docx", date)


# --------------------------------------------------------------------------- e-consult

def econsult():
    date = dt.datetime(2025, 12, 1, 10, 0, 0)
    doc = _new_doc("Transatlantic Rare Disease e-Consult – rules for requesting doctors", date)
    doc.add_heading("Transatlantic Rare Disease e-Consult", 0)
    doc.add_paragraph("Rules for requesting doctors. Version of 1 December 2025.")

    doc.add_heading("What the e-Consult is", 1)
    doc.add_paragraph(
        "Rare diseases are rare on both sides of the Atlantic, and a hospital doctor may only see a "
        "handful of patients with a given condition in a whole career. The Transatlantic Rare "
        "Disease e-Consult lets a hospital doctor in the collaboration ask a named specialist group "
        "on the other side, or on the same side, for written advice on a patient with a suspected "
        "or confirmed rare disease. The advice is given on the basis of a written case summary; the "
        "specialist does not see the patient.")

    doc.add_heading("Who can send a request", 1)
    doc.add_paragraph(
        "Requests can be sent by specialist doctors (consultants or attending physicians) at public "
        "hospitals in the Capital Region of Denmark, Region Zealand, Region Skåne and Massachusetts. "
        "Junior doctors can send a request only when the responsible consultant co-signs it. General "
        "practitioners cannot send requests; they refer the patient to a hospital department, which "
        "can then send the request. Private clinics cannot use the service.")

    doc.add_heading("Specialties, answer times and prices", 1)
    _table(doc, ["Specialty", "Answered by", "Site", "Written answer within", "Price per consult (DKK)"], [
        ["Paediatric neurology", "Ashby Children's Hospital", "Boston", "10 working days", "4,800"],
        ["Inborn errors of metabolism", "Granhavn University Hospital", "Copenhagen",
         "7 working days", "4,200"],
        ["Clinical genetics", "Ashby Children's Hospital", "Boston", "12 working days", "5,500"],
        ["Primary immunodeficiency", "Linnevik University Hospital", "Lund", "10 working days",
         "4,200"],
        ["Genodermatoses (rare skin diseases)", "Marlow Skin Institute", "Cambridge, Massachusetts",
         "15 working days", "3,900"],
    ])
    doc.add_paragraph(
        "The price is invoiced quarterly to the requesting department. Answer times are counted "
        "from the day the case manager has confirmed that the request is complete.")

    doc.add_heading("Urgent consults", 1)
    doc.add_paragraph(
        "The e-Consult is not an emergency service. For paediatric neurology and inborn errors of "
        "metabolism only, an urgent consult with a written answer within 3 working days can be "
        "requested; it costs 50 % more than the price in the table. The other specialties do not "
        "offer urgent consults.")

    doc.add_heading("Consent and the case summary", 1)
    doc.add_paragraph(
        "The patient must give written consent before a case is sent; for patients under 18, a "
        "parent or guardian gives consent. The case summary is written in English, is at most 1,000 "
        "words long and must be pseudonymised: no names, national identity numbers or dates of "
        "birth. Clinical photographs may be attached only if the face cannot be seen. Genetic data, "
        "such as VCF files, may only be uploaded through the BridgeCase secure portal and never sent "
        "by e-mail. Cases that are the subject of a patient complaint or of legal proceedings cannot "
        "be submitted.")

    doc.add_heading("After the written answer", 1)
    doc.add_paragraph(
        "The requesting doctor can ask up to two follow-up questions within 30 days of the written "
        "answer; they are included in the price. A 30-minute video case conference with the "
        "specialist can also be booked free of charge within four weeks of the written answer.")

    doc.add_heading("Responsibility", 1)
    doc.add_paragraph(
        "The written advice is advisory. The treating doctor remains responsible for the patient's "
        "diagnosis and treatment. The consulted specialist does not prescribe medicines, does not "
        "order tests at his or her own hospital for the patient and does not take over the care of "
        "the patient.")

    doc.add_heading("Contacts", 1)
    doc.add_paragraph(
        "The service coordinator is Dr Signe Holmgaard at Granhavn University Hospital "
        "(signe.holmgaard@example.org). Requests sent from Massachusetts are handled by the case "
        "manager Brendan Kowalski in Boston (brendan.kowalski@example.org). The BridgeCase portal is "
        "open at all times; requests are processed Monday to Friday.")
    return _save_doc(doc, "rare-disease-econsult.docx", date)


# --------------------------------------------------------------------------- PDF

class _PDF(FPDF):
    pass


def slide_scanning():
    pdf = _PDF(format="A4")
    pdf.set_compression(False)
    pdf.set_creation_date(dt.datetime(2025, 9, 8, 8, 0, 0, tzinfo=dt.timezone.utc))
    pdf.set_creator("Sound Digital Pathology Unit")
    pdf.set_producer("fpdf2")
    pdf.set_title("Sound Digital Pathology Unit - slide scanning price list")
    pdf.set_author("Sound Digital Pathology Unit")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    w = pdf.w - pdf.l_margin - pdf.r_margin

    def h(text, size=13):
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(w, 7, text)
        pdf.ln(1)

    def p(text):
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(w, 5, text)
        pdf.ln(2)

    h("Sound Digital Pathology Unit: slide scanning and image services", 15)
    p("Price list valid from 8 September 2025. Granhavn University Hospital, Department of "
      "Pathology, Building 7, ground floor, Copenhagen.")
    p("The Sound Digital Pathology Unit scans glass slides into whole-slide images for research "
      "groups at the partners of the Oresund-Massachusetts life-science collaboration. The scanners "
      "are in Copenhagen; groups in Lund, Boston and elsewhere can view and download their images "
      "through the unit's online image server.")

    h("Services and prices")
    cols = [("Service", 0.34), ("Unit", 0.18), ("Public (DKK)", 0.14), ("Company (DKK)", 0.15),
            ("Turnaround", 0.19)]
    rows = [
        ("Brightfield scan, 20x", "per slide", "45", "90", "3 working days"),
        ("Brightfield scan, 40x", "per slide", "70", "140", "3 working days"),
        ("Fluorescence scan, up to 4 channels", "per slide", "160", "320", "5 working days"),
        ("Tissue microarray scan and de-arraying", "per slide", "220", "440", "7 working days"),
        ("Image hosting after the free period", "per 100 slides a year", "300", "600", "-"),
        ("Annotation session with a pathologist", "per hour", "1,200", "2,400", "by appointment"),
    ]
    pdf.set_font("Helvetica", "B", 9)
    for name, frac in cols:
        pdf.cell(w * frac, 7, name, border=1)
    pdf.ln(7)
    pdf.set_font("Helvetica", "", 9)
    for r in rows:
        for (name, frac), v in zip(cols, r):
            pdf.cell(w * frac, 7, v, border=1)
        pdf.ln(7)
    pdf.ln(3)
    p("Company prices apply to companies and to projects paid by a company. Orders of more than 500 "
      "slides in one order get a 20 % discount on the scanning prices. The minimum order is 10 "
      "slides.")

    h("Which slides we scan")
    p("We scan formalin-fixed, paraffin-embedded (FFPE) tissue sections on standard glass slides. "
      "We do not scan frozen sections or cytology smears. Slides must be completely dry and "
      "cover-slipped, and each slide must carry a printed barcode label. Slides with human tissue "
      "may only be labelled with a pseudonymised study code, never with names or national identity "
      "numbers.")

    h("Drop-off and collection")
    p("Slides are handed in at the reception of the Department of Pathology from Monday to Thursday, "
      "09:00-15:00, together with the order form. The slides are ready for collection within five "
      "working days after they have been scanned. The unit does not post slides back.")

    h("Images")
    p("Images are delivered as SVS or OME-TIFF files. They are stored on the image server free of "
      "charge for 12 months after scanning; after that, hosting is charged at the price in the "
      "table or the images are deleted. The images are for research use only and may not be used "
      "for clinical diagnosis, and the unit does not write diagnostic reports.")

    h("Annotation sessions")
    p("Annotation sessions with one of the unit's pathologists must be booked at least two weeks "
      "ahead. They take place by video or at the unit.")

    h("Contact")
    p("The unit is led by the pathologist Dr Anja Winther (anja.winther@example.org). The lead "
      "technician is Kasper Holm (kasper.holm@example.org), who answers questions about orders and "
      "drop-off.")

    path = os.path.join(DOCS, "slide-scanning-prices.pdf")
    pdf.output(path)
    return path


def main():
    os.makedirs(DOCS, exist_ok=True)
    for fn in (study_tour, econsult, slide_scanning):
        print("wrote", fn())


if __name__ == "__main__":
    main()
