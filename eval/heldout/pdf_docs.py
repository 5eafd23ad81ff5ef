"""The PDF documents of the held-out set (fictional, written for evaluation only)."""

from __future__ import annotations

import io
from datetime import datetime

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from doc_dates import CEST, CET, DOCS


class _Pdf(FPDF):
    def __init__(self, title: str, date: datetime, author: str):
        super().__init__(format="A4")
        self.doc_title = title
        self.set_title(title)
        self.set_author(author)
        self.set_creator("Collaboration secretariat")
        self.set_creation_date(date)
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, f"{self.doc_title} - page {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 13):
        self.ln(2)
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, 7, text)
        self.ln(1)

    def para(self, text: str):
        self.set_font("Helvetica", size=10.5)
        self.multi_cell(0, 5.5, text)
        self.ln(2)

    def bullet(self, text: str):
        self.set_font("Helvetica", size=10.5)
        self.multi_cell(0, 5.5, "- " + text)
        self.ln(1)


def _save_pdf(pdf: _Pdf, name: str, date: datetime) -> None:
    """Write the PDF and add /ModDate (fpdf2 only writes /CreationDate)."""
    raw = bytes(pdf.output())
    reader = PdfReader(io.BytesIO(raw))
    writer = PdfWriter(clone_from=reader)
    offset = date.strftime("%z")
    stamp = date.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"
    writer.add_metadata({"/ModDate": stamp, "/CreationDate": stamp})
    with open(DOCS / name, "wb") as fh:
        writer.write(fh)


def data_guideline() -> None:
    date = datetime(2025, 6, 30, 15, 0, tzinfo=CEST)
    pdf = _Pdf("Data management and GDPR guideline for joint projects", date, "Data coordinator")
    pdf.heading("Data management and GDPR guideline for joint projects", 16)
    pdf.para("Øresund-Massachusetts Life Science Partnership")
    pdf.para("Last updated: 2025-06-30")

    pdf.heading("1. Scope")
    pdf.para("This guideline applies to all joint projects, seed grant projects and exchange stays in which "
             "research data are collected, shared or analysed by partners in the Øresund Region and in "
             "Massachusetts. It summarises the rules that follow from the EU General Data Protection "
             "Regulation (GDPR) and from the partnership's own requirements. It does not replace the rules "
             "of your own institution, which always apply in addition.")

    pdf.heading("2. Roles and responsibilities")
    pdf.para("The institution that collects personal data is the controller of those data. Where two or more "
             "partners decide together on the purposes and means of the processing, they are joint "
             "controllers and must sign a joint controller agreement under Article 26 GDPR. A partner that "
             "only processes data on behalf of another partner, for example a sequencing facility, is a "
             "processor and needs a data processing agreement.")

    pdf.heading("3. Data management plan")
    pdf.para("Every joint project must submit a data management plan (DMP) to the secretariat within three "
             "months of project start, using the partnership's DMP template. The plan describes which data "
             "are collected, where they are stored, who has access and how they will be shared and archived. "
             "The plan is updated at the mid-term review and at the end of the project.")

    pdf.heading("4. Which data are personal data")
    pdf.para("Pseudonymised data are still personal data under the GDPR, even when the key is kept by "
             "another partner. Only data that have been irreversibly anonymised fall outside the regulation. "
             "Genetic data, including human whole-genome sequences, and data concerning health are special "
             "category data and need both a legal basis and an exception under Article 9 GDPR.")

    pdf.heading("5. Storage and security")
    pdf.para("Personal data must be stored on systems approved by your institution and located in the "
             "EU/EEA. Personal cloud storage accounts must not be used for project data. Laptops and USB "
             "drives holding project data must have full-disk encryption. Personal data must never be sent "
             "by ordinary e-mail; use your institution's secure file transfer service instead.")

    pdf.heading("6. Transfers to partners in Massachusetts")
    pdf.para("Personal data may be transferred to a partner in Massachusetts only if the recipient is "
             "certified under the EU-US Data Privacy Framework, or if standard contractual clauses have been "
             "signed and a transfer impact assessment has been documented. The secretariat keeps a list of "
             "partner institutions that are certified. Wherever possible, share aggregated or anonymised "
             "results instead of individual-level data.")

    pdf.heading("7. Ethical approval")
    pdf.para("Projects with participants in Denmark need approval from the relevant regional research ethics "
             "committee. Projects with participants in Sweden need approval from the Swedish Ethical Review "
             "Authority. Partners in Massachusetts follow the decisions of their institutional review board "
             "(IRB). Data may not be shared before all required approvals are in place.")

    pdf.heading("8. Retention and deletion")
    pdf.para("Research data underlying publications must be kept for at least 10 years after the end of the "
             "project. Personal data that are no longer needed for the research must be deleted or "
             "anonymised. Deletion must be documented in the data management plan.")

    pdf.heading("9. Personal data breaches")
    pdf.para("Report a suspected personal data breach to your institution's data protection officer and to "
             "the secretariat without undue delay and at the latest within 24 hours of discovery. The "
             "controller must notify the supervisory authority within 72 hours where the breach is likely to "
             "result in a risk to the people concerned.")

    pdf.heading("10. Contact")
    pdf.para("Questions about this guideline go to the secretariat's data coordinator at "
             "data@oresund-mass.example.org. Questions about the processing in your own project go to the "
             "data protection officer of your institution.")
    _save_pdf(pdf, "data-management-gdpr-guideline.pdf", date)


def travel_policy() -> None:
    date = datetime(2026, 1, 15, 10, 0, tzinfo=CET)
    pdf = _Pdf("Travel reimbursement policy", date, "Finance team")
    pdf.heading("Travel reimbursement policy", 16)
    pdf.para("Øresund-Massachusetts Life Science Partnership - collaboration secretariat")
    pdf.para("Last updated: 2026-01-15")

    pdf.heading("1. Scope")
    pdf.para("This policy applies to travel paid by the partnership: travel by secretariat staff, by "
             "participants in the researcher and student exchange, and by invited speakers at partnership "
             "events. Seed grant projects follow the travel rules of the institution that manages the grant.")

    pdf.heading("2. Booking")
    pdf.para("Flights are booked through the partnership's travel agency and must be booked in economy class. "
             "Business class is not reimbursed, regardless of flight length. Book at least 21 days before "
             "departure where possible. Train travel between Copenhagen and Lund or Malmö is reimbursed at "
             "the second-class fare.")

    pdf.heading("3. Daily allowances")
    pdf.para("Daily allowances are paid at the rates published on the daily allowance page. With effect from "
             "1 January 2026 the daily allowance for Boston has been raised to USD 105 for the first 30 days "
             "and USD 78 from day 31, to reflect higher prices in the city. The other rates published on "
             "20 January 2025 are unchanged.")

    pdf.heading("4. Accommodation")
    pdf.para("Hotel costs are reimbursed against receipts up to a ceiling per night of USD 280 in "
             "Massachusetts, DKK 1,600 in Denmark and SEK 1,900 in Sweden. For stays of more than 30 days, "
             "travellers should use a guest apartment or a monthly rental instead of a hotel.")

    pdf.heading("5. Local transport")
    pdf.para("Use public transport where it is reasonable. Taxis are reimbursed only when no reasonable "
             "public transport is available or between 23:00 and 06:00.")

    pdf.heading("6. Costs that are not reimbursed")
    pdf.para("The partnership does not reimburse alcohol, fines, minibar charges, seat or cabin upgrades, or "
             "any costs for accompanying persons.")

    pdf.heading("7. Claims")
    pdf.para("Submit your claim within 60 days of return using the online expense form, with original "
             "receipts or legible scans. Claims received more than 90 days after return are not reimbursed.")

    pdf.heading("8. Foreign currency")
    pdf.para("Expenses in foreign currency are converted at Danmarks Nationalbank's reference rate on the "
             "date shown on the receipt.")

    pdf.heading("9. Approval and payment")
    pdf.para("Claims are approved by the head of the secretariat. Claims from the head of the secretariat are "
             "approved by the chair of the steering committee. Approved claims are paid within 30 days.")
    _save_pdf(pdf, "travel-reimbursement-policy.pdf", date)
