"""The Word documents of the held-out set (fictional, written for evaluation only)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import docx
from docx.shared import Pt

from doc_dates import CEST, CET, DOCS


def _new_docx(title: str, modified: datetime, author: str) -> docx.Document:
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    # python-docx stores the datetime as written (W3CDTF, "Z"), so convert to UTC first.
    modified_utc = modified.astimezone(timezone.utc).replace(tzinfo=None)
    cp.created = modified_utc - timedelta(days=9)
    cp.modified = modified_utc
    cp.revision = 3
    cp.language = "en-GB"
    return doc


def _table(doc: docx.Document, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text


def fee_schedule() -> None:
    title = "Core facility and bench fee schedule 2024"
    doc = _new_docx(title, datetime(2024, 2, 12, 14, 5, tzinfo=CET), "Facility management")
    doc.add_heading(title, level=0)
    doc.add_paragraph("Shared laboratories of the Øresund-Massachusetts Life Science Partnership. "
                      "Valid from 1 March 2024 until further notice.")
    doc.add_paragraph(
        "This schedule lists the prices for bench space and for the core facilities at the partnership's "
        "shared laboratory at the Nordhavn Life Science Hub, building C, in Copenhagen. The partner-network "
        "rate applies to visiting researchers funded by the researcher exchange, to seed grant projects and "
        "to staff of the four parties. The external academic rate applies to other universities and public "
        "research institutions. Companies are invoiced at the external academic rate plus 40 percent.")
    doc.add_paragraph("All prices are in Danish kroner and exclude VAT (25 percent).")
    doc.add_heading("Prices", level=1)
    _table(doc, ["Service", "Unit", "Partner-network rate", "External academic rate"], [
        ["Bench space, including basic consumables and shared equipment", "per month", "DKK 4,200", "DKK 6,300"],
        ["Illumina NovaSeq sequencing, S4 flow cell lane", "per lane", "DKK 38,500", "DKK 46,000"],
        ["Illumina MiSeq run, v3 chemistry (600 cycles)", "per run", "DKK 11,200", "DKK 13,900"],
        ["Single-cell library preparation (10x Genomics)", "per sample", "DKK 9,800", "DKK 12,100"],
        ["Flow cytometry analyser, operator-assisted", "per hour", "DKK 650", "DKK 900"],
        ["Cell sorting (FACS), operator-run", "per hour", "DKK 1,150", "DKK 1,600"],
        ["Confocal microscope, self-service", "per hour", "DKK 420", "DKK 560"],
        ["BSL-2 cell culture hood", "per half day", "DKK 300", "DKK 410"],
        ["Storage in -80 °C freezer", "per rack per month", "DKK 150", "DKK 210"],
    ])
    doc.add_heading("Conditions", level=1)
    for text in [
        "Training is mandatory before self-service use of the confocal microscope and the cell culture hoods. "
        "Training costs DKK 1,500 per person and instrument.",
        "Bookings cancelled less than 48 hours before the booked time are charged in full.",
        "Sequencing prices include quality control of the submitted libraries but not library preparation, "
        "unless stated otherwise.",
        "Sequencing data are delivered through the facility's file transfer service and deleted from the "
        "facility's servers 90 days after delivery.",
        "Invoices are sent quarterly to the project's cost centre or to the visiting researcher's home institution.",
        "The facilities are staffed Monday to Friday from 08:00 to 16:00. Trained self-service users can "
        "book instruments around the clock.",
    ]:
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Contact", level=1)
    doc.add_paragraph("Facility manager: corefacility@oresund-mass.example.org")
    doc.save(DOCS / "core-facility-fee-schedule-2024.docx")


def terms_of_reference() -> None:
    title = "Terms of reference of the steering committee"
    doc = _new_docx(title, datetime(2023, 10, 2, 9, 40, tzinfo=CEST), "Collaboration secretariat")
    doc.add_heading("Terms of reference - Steering committee of the Øresund-Massachusetts Life Science Partnership",
                    level=0)
    doc.add_paragraph("Adopted by the parties to the collaboration agreement. Version 1.2.")

    doc.add_heading("1. Purpose", level=1)
    doc.add_paragraph(
        "The steering committee gives strategic direction to the collaboration between the Capital Region of "
        "Denmark, Region Zealand, Region Skåne and the Commonwealth of Massachusetts. It oversees the "
        "researcher and student exchange, the seed grants and the joint projects, and it makes sure that the "
        "activities follow the commitments of the collaboration agreement.")

    doc.add_heading("2. Composition", level=1)
    doc.add_paragraph("The steering committee has eight members. Each of the four parties appoints two members.")
    _table(doc, ["Party", "Members", "Appointed by"], [
        ["Capital Region of Denmark", "2", "the Regional Council"],
        ["Region Zealand", "2", "the Regional Council"],
        ["Region Skåne", "2", "the Regional Board"],
        ["Commonwealth of Massachusetts", "2", "the Executive Office of Economic Development"],
    ])
    doc.add_paragraph(
        "Members are appointed for a term of three years, which can be renewed once. The Medicon Valley "
        "Alliance and the head of the secretariat attend the meetings as observers without voting rights.")

    doc.add_heading("3. Chair", level=1)
    doc.add_paragraph(
        "The chair rotates every two years between the European regions and Massachusetts. The vice-chair is "
        "always appointed from the other side of the Atlantic. The chair and vice-chair are elected by the "
        "committee from among its members.")

    doc.add_heading("4. Meetings", level=1)
    doc.add_paragraph(
        "The committee meets on the first Tuesday of each quarter. At least one meeting a year is held in "
        "person, alternating between the Øresund Region and Massachusetts; the other meetings are held by "
        "video conference. Extraordinary meetings can be called by the chair or at the request of at least "
        "three members.")
    doc.add_paragraph(
        "The agenda and meeting papers are sent out at least ten working days before a meeting. Draft minutes "
        "are circulated within 15 working days after the meeting and are approved at the next meeting.")

    doc.add_heading("5. Quorum and decisions", level=1)
    doc.add_paragraph(
        "The committee has a quorum when at least five members are present, including at least one member "
        "appointed by Massachusetts. The committee seeks to take decisions by consensus. If consensus cannot "
        "be reached, decisions are taken by a simple majority of the members present, and the chair has the "
        "casting vote. Decisions can also be taken by written procedure if no member objects within five "
        "working days.")

    doc.add_heading("6. Tasks", level=1)
    for text in [
        "approve the annual work plan and budget for the following year no later than 15 December each year;",
        "appoint the assessment panel for the seed grants and approve the grants on the panel's recommendation;",
        "follow the researcher and student exchange and the joint projects through reports from the secretariat;",
        "decide on new joint initiatives proposed by the parties.",
    ]:
        doc.add_paragraph(text, style="List Bullet")

    doc.add_heading("7. Secretariat", level=1)
    doc.add_paragraph(
        "The collaboration secretariat acts as secretary to the committee. It prepares the agenda, the meeting "
        "papers and the minutes, and it follows up on the committee's decisions.")

    doc.add_heading("8. Conflicts of interest", level=1)
    doc.add_paragraph(
        "A member who has a personal or professional interest in a matter, for example in a seed grant "
        "proposal, declares the interest and takes no part in the discussion or the decision on that matter.")

    doc.add_heading("9. Costs", level=1)
    doc.add_paragraph(
        "Members' travel costs for in-person meetings are paid by the party that appointed them. The costs "
        "of the secretariat are covered by the joint budget.")

    doc.add_heading("10. Review", level=1)
    doc.add_paragraph("These terms of reference are reviewed every three years.")
    doc.save(DOCS / "steering-committee-terms-of-reference.docx")


def insurance_visa_guide() -> None:
    title = "Insurance and visa guide for exchange participants"
    doc = _new_docx(title, datetime(2025, 4, 22, 11, 15, tzinfo=CEST), "Exchange officer")
    doc.add_heading(title, level=0)
    doc.add_paragraph(
        "This guide is for researchers and students who travel under the exchange programmes of the "
        "Øresund-Massachusetts Life Science Partnership. It explains which visa or permit you need, which "
        "insurance you must have, and what the partnership's group insurance covers. Rules change, so always "
        "check the official websites before you apply.")

    doc.add_heading("Going to Massachusetts: the J-1 visa", level=1)
    doc.add_paragraph(
        "Visiting researchers and students going to Massachusetts normally travel on a J-1 exchange visitor "
        "visa. The host institution issues form DS-2019 after it has received your financial documentation "
        "and the details of your insurance. Once you have the DS-2019, pay the SEVIS I-901 fee of USD 220 "
        "online and book a visa interview at the US Embassy in Copenhagen (if you live in Denmark) or at the "
        "US Embassy in Stockholm (if you live in Sweden). Start the process at least 3 months before departure.")
    doc.add_paragraph(
        "You may enter the United States up to 30 days before the start date on your DS-2019. Some J-1 "
        "visitors are subject to the two-year home-country physical presence requirement; check the "
        "annotation on your visa and ask your host's international office if you are unsure.")

    doc.add_heading("Minimum insurance for J-1 visitors", level=1)
    doc.add_paragraph(
        "US rules require every J-1 visitor, and every J-2 family member, to hold insurance with at least the "
        "following cover for the whole stay:")
    _table(doc, ["Type of cover", "Minimum required"], [
        ["Medical benefits", "USD 100,000 per accident or illness"],
        ["Repatriation of remains", "USD 25,000"],
        ["Medical evacuation to the home country", "USD 50,000"],
        ["Deductible", "at most USD 500 per accident or illness"],
    ])

    doc.add_heading("The partnership's group insurance", level=1)
    doc.add_paragraph(
        "The partnership has a group travel and health insurance with Nordvig Assurance (policy "
        "OMLP-GRP-2025) for participants from the three European regions travelling to Massachusetts. The "
        "policy covers stays of up to 10 months, meets the J-1 minimum requirements and includes personal "
        "liability and luggage. Accompanying family members are not included in the group policy.")
    doc.add_paragraph(
        "Participants from Massachusetts travelling to Denmark or Sweden are not covered by the group "
        "insurance and must arrange their own health insurance for the whole stay.")
    doc.add_paragraph(
        "The exchange officer sends you an insurance certificate at least two weeks before departure. Claims "
        "must be reported to Nordvig Assurance within 30 days of the event, together with the receipts.")

    doc.add_heading("Coming to Denmark", level=1)
    doc.add_paragraph(
        "Researchers from the United States apply for a residence and work permit under the researcher scheme "
        "through the Danish Agency for International Recruitment and Integration (SIRI). The host institution "
        "starts the case online; you then complete your part of the application and pay the fee. The fee is "
        "set by SIRI and adjusted every year. Processing normally takes one to two months.")
    doc.add_paragraph(
        "Once you are registered with a CPR number and an address in Denmark, you are covered by the Danish "
        "public health insurance and receive the yellow health card. Registration is possible only for stays "
        "longer than three months. Until you are registered, and for shorter stays, you need private health "
        "insurance.")

    doc.add_heading("Coming to Sweden", level=1)
    doc.add_paragraph(
        "Researchers from the United States apply for a residence permit for research to the Swedish Migration "
        "Agency (Migrationsverket), on the basis of a hosting agreement signed by the Swedish host. If you stay "
        "in Sweden for less than one year, you are not entered in the population register and must have "
        "private health insurance for the whole stay.")

    doc.add_heading("Checklist before departure", level=1)
    for text in [
        "Passport valid for at least six months after the planned return date",
        "Visa or residence permit approved",
        "Insurance certificate received and checked against the minimum requirements",
        "Copies of the host letter and the grant agreement",
    ]:
        doc.add_paragraph(text, style="List Bullet")
    doc.save(DOCS / "insurance-and-visa-guide.docx")
