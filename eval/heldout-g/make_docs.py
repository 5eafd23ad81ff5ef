"""Generate the Word and PDF documents of held-out QA set G.

Everything in these documents is invented. The output is deterministic: the core-properties dates,
the PDF CreationDate and the zip entry timestamps are fixed, so every run writes byte-identical files.

    pip install --target /tmp/setg-tools fpdf2 python-docx
    PYTHONPATH=/tmp/setg-tools python3 eval/heldout-g/make_docs.py
"""
import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from fpdf import FPDF

DOCS = Path(__file__).resolve().parent / "docs"

FICTION = "Fictional document written for an evaluation set. All names, addresses, amounts and dates are invented."

# ---------------------------------------------------------------------------------------------
# Word documents: (file name, date, title, blocks). Blocks: ("h", text), ("p", text),
# ("table", [header, row, ...]).
# ---------------------------------------------------------------------------------------------

AWARD = [
    ("p", FICTION),
    ("h", "What the award is"),
    ("p", "The Transatlantic Collaboration Award recognises people and teams whose work has made the "
          "collaboration between the Øresund Region and Massachusetts stronger. It is given once a year, "
          "and the 2027 award is the third. The award is financed by the collaboration secretariat's "
          "networking budget."),
    ("h", "Categories and prize money"),
    ("p", "The 2027 award has three categories. The prize money in each category goes to one winner, "
          "which may be a person or a team."),
    ("table", [
        ["Category", "Who can be nominated", "Prize money"],
        ["Joint research project of the year", "A joint project with partners on both sides of the Atlantic",
         "DKK 150,000"],
        ["Industry-academia partnership", "A partnership between at least one company and one public research institution",
         "DKK 100,000"],
        ["Early-career collaborator", "A researcher or clinician within eight years of the PhD or specialist degree",
         "DKK 50,000"],
    ]),
    ("p", "The jury may in addition give honourable mentions. An honourable mention comes with a "
          "certificate but no prize money."),
    ("h", "Use of the prize money"),
    ("p", "The prize money must be spent on collaboration activities within two years, for example travel, "
          "workshops, visiting students or pilot experiments. It is not paid out as personal income or salary, "
          "and it cannot be used to buy equipment."),
    ("h", "Who can nominate"),
    ("p", "Anyone employed at a university, hospital, company or public body that takes part in the "
          "collaboration can submit a nomination. Self-nominations are not accepted: a person cannot nominate "
          "themselves or a team they belong to. A nomination needs the support of one person on the other side "
          "of the Atlantic, who co-signs the nomination form."),
    ("h", "How to nominate"),
    ("p", "Nominations are submitted with the nomination form, which asks for a description of at most 600 "
          "words and up to three supporting documents. The form is sent to award@example.org. Nominations "
          "for the 2027 award close on 12 March 2027."),
    ("h", "Jury"),
    ("p", "The jury has five members: two from the Øresund Region, two from Massachusetts and one member from "
          "outside the collaboration. The jury is chaired by Professor Oskar Wennerholm. Jury members do not "
          "take part in the assessment of nominations from their own institution."),
    ("h", "Previous winners"),
    ("p", "A winner cannot be nominated again in the same category for the following three years."),
    ("h", "Ceremony"),
    ("p", "The winners are told in confidence four weeks before the ceremony. The award is presented at the "
          "ceremony on 3 June 2027 at the Sundhall conference centre in Malmö, during the annual partnership "
          "meeting. Winners are expected to give a ten-minute talk at the ceremony."),
    ("p", "Contact: award@example.org."),
]

REVIEWERS = [
    ("p", FICTION),
    ("h", "1. Purpose"),
    ("p", "These guidelines apply to everyone who reviews applications for the collaboration's calls and "
          "programmes. Reviewers are experienced researchers, clinicians and industry experts from the Øresund "
          "Region, Massachusetts and other countries."),
    ("h", "2. Conflicts of interest"),
    ("p", "A reviewer may not review an application from their own institution, from a person they have "
          "co-authored a publication with in the last three years, or from a close family member. A reviewer "
          "who is in doubt must tell the reviewer coordinator before opening the application. Reviewers who have "
          "a conflict of interest leave the room, or the online meeting, while that application is discussed."),
    ("h", "3. Confidentiality"),
    ("p", "Applications are confidential. Reviewers may not share them, discuss them outside the panel, or "
          "upload any part of an application to an external AI service or translation website. Reviewers "
          "delete their copies of the applications when the call is closed."),
    ("h", "4. Workload and time limits"),
    ("p", "A reviewer is assigned at most 12 applications per call. Written reviews must be submitted in the "
          "online review system within three weeks of the day the applications are assigned. Each application "
          "is scored by at least two reviewers, one from each side of the Atlantic."),
    ("h", "5. Scoring"),
    ("p", "Applications are scored from 1 (poor) to 5 (excellent) on each criterion of the call. A score of "
          "1 or 2 on any criterion must be explained in at least two sentences."),
    ("h", "6. Honoraria"),
    ("p", "Reviewers receive the following honoraria. Employees of the collaboration secretariat do not "
          "receive honoraria for reviewing."),
    ("table", [
        ["Task", "Honorarium"],
        ["Review of a full application", "DKK 1,800"],
        ["Review of a short pre-proposal", "DKK 600"],
        ["Panel meeting, in person (one day)", "DKK 4,000"],
        ["Panel meeting, online (half day)", "DKK 1,500"],
    ]),
    ("p", "Reviewers based in Massachusetts are paid the equivalent in US dollars. Honoraria are paid within "
          "30 days after the panel meeting. Travel to an in-person panel meeting is reimbursed in addition, in "
          "economy class."),
    ("h", "7. Contact"),
    ("p", "The reviewer coordinator is Signe Dalgaard, reviewers@example.org."),
]

WORD_DOCS = [
    ("collaboration-award-2027.docx", dt.datetime(2026, 5, 11, 10, 0, 0),
     "Transatlantic Collaboration Award 2027", AWARD),
    ("peer-reviewer-guidelines.docx", dt.datetime(2025, 1, 27, 9, 30, 0),
     "Guidelines for peer reviewers", REVIEWERS),
]

# ---------------------------------------------------------------------------------------------
# PDF documents (core fonts, Latin-1 text only).
# ---------------------------------------------------------------------------------------------

ROOMS = [
    ("p", FICTION),
    ("h", "Who can book"),
    ("p", "Meeting rooms and video studios can be booked by staff of the partner institutions, by joint "
          "projects and, for a fee, by external organisations that work with the collaboration. Partner "
          "institutions and joint projects book free of charge."),
    ("h", "Rooms"),
    ("table", [
        ["Room", "Site", "Seats", "Video", "External price (half day)"],
        ["Øresund Room", "Copenhagen secretariat", "14", "Video conference", "DKK 1,200"],
        ["Sound Studio", "Copenhagen secretariat", "4", "Recording studio", "DKK 2,500"],
        ["Lund Seminar Room", "Linnevik University, Lund", "30", "Video conference", "SEK 1,800"],
        ["Bay Room", "Boston secretariat", "12", "Video conference", "USD 180"],
        ["Harbor Hall", "Boston secretariat", "40", "Projector only", "USD 350"],
    ]),
    ("h", "Booking"),
    ("p", "Rooms are booked by e-mail to rooms@example.org, at the earliest three months and at the latest "
          "two working days before the meeting. The Sound Studio must be booked at least five working days "
          "ahead, because a technician has to be present; recordings are delivered within one week."),
    ("h", "Cancellation"),
    ("p", "A booking can be cancelled free of charge up to two working days before the booked day. Later "
          "cancellations, and bookings that are not used, are charged half the price."),
    ("h", "Catering"),
    ("p", "Coffee, tea and water are included. Lunch and other catering must be ordered at least four "
          "working days before the meeting and are always paid by the booker, also for partner institutions."),
    ("h", "House rules"),
    ("p", "Rooms must be left as they were found. Food is not allowed in the Sound Studio. Meetings in the "
          "Boston rooms must end by 19:00, when the building closes."),
    ("p", "Contact: rooms@example.org. Facilities manager: Peder Tranberg."),
]

ROUNDS = [
    ("p", FICTION),
    ("h", "About the Grand Rounds"),
    ("p", "The Transatlantic Grand Rounds are a monthly online meeting where a clinical department from one "
          "side of the Atlantic presents cases and research to colleagues on the other side. The sessions are "
          "held on the first Thursday of each month. They start at 15:00 Copenhagen time (09:00 in Boston) and "
          "last one hour: 40 minutes of presentation and 20 minutes of discussion."),
    ("h", "Programme January to June 2027"),
    ("table", [
        ["Date", "Topic", "Presenting department"],
        ["7 January 2027", "Screening for atrial fibrillation in older adults", "Nordsund Heart Centre"],
        ["4 February 2027", "Managing toxicity after CAR-T therapy", "Bayshore Cancer Institute"],
        ["4 March 2027", "Carbapenem-resistant infections in intensive care", "Pemberton Institute of Infectious Disease"],
        ["1 April 2027", "Delirium on geriatric wards", "Fjordby Hospital"],
        ["6 May 2027", "Sepsis in the emergency department", "Merriwether General Hospital"],
        ["3 June 2027", "What observers learnt: experiences from the observership programme", "Granhavn University Hospital"],
    ]),
    ("h", "How to join"),
    ("p", "Participation is free, but registration is required at grandrounds@example.org. Registered "
          "participants receive the link the day before the session. Each session is limited to 300 "
          "participants."),
    ("h", "Recordings"),
    ("p", "The presentations are recorded and kept available to registered participants for 30 days. The "
          "discussion of patient cases is never recorded."),
    ("h", "Continuing education"),
    ("p", "Participants receive an attendance certificate for each session they attend. Clinicians in "
          "Massachusetts can claim one continuing education credit per session through Kestrel Heart "
          "Institute."),
    ("h", "Proposing a topic"),
    ("p", "Departments that want to present should send a proposal at least eight weeks before the "
          "session. The Grand Rounds are chaired jointly by Dr Jonas Ekstrand (Linnevik University Hospital) "
          "and Dr Rebecca Whitcombe (Kestrel Heart Institute)."),
]

PDF_DOCS = [
    ("meeting-rooms-and-video-studios.pdf", dt.datetime(2025, 8, 4, 8, 0, 0, tzinfo=dt.timezone.utc),
     "Meeting rooms and video studios: booking rules", ROOMS),
    ("grand-rounds-programme-2027.pdf", dt.datetime(2026, 8, 24, 12, 0, 0, tzinfo=dt.timezone.utc),
     "Transatlantic Grand Rounds: programme 2027", ROUNDS),
]


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite a zip (docx) with fixed entry timestamps and a fixed entry order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def make_docx(name, stamp, title, blocks):
    doc = Document()
    cp = doc.core_properties
    cp.title = title
    cp.author = "Collaboration secretariat (fictional)"
    cp.last_modified_by = "Collaboration secretariat (fictional)"
    cp.created = stamp
    cp.modified = stamp
    cp.revision = 1
    doc.add_heading(title, level=1)
    doc.add_paragraph(f"Date: {stamp:%d %B %Y}".replace(" 0", " "))
    for kind, content in blocks:
        if kind == "h":
            doc.add_heading(content, level=2)
        elif kind == "p":
            doc.add_paragraph(content)
        elif kind == "table":
            table = doc.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    buf = io.BytesIO()
    doc.save(buf)
    (DOCS / name).write_bytes(fixed_zip(buf.getvalue(), stamp))


def make_pdf(name, stamp, title, blocks):
    pdf = FPDF()
    pdf.set_creation_date(stamp)
    pdf.set_title(title)
    pdf.set_author("Collaboration secretariat (fictional)")
    pdf.set_creator("make_docs.py")
    pdf.set_producer("fpdf2")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, f"Date: {stamp.day} {stamp:%B %Y}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for kind, content in blocks:
        if kind == "h":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, content, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", 10)
        elif kind == "p":
            pdf.multi_cell(0, 5, content, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "table":
            pdf.set_font("Helvetica", "", 9)
            with pdf.table(first_row_as_headings=True, line_height=5) as table:
                for row in content:
                    trow = table.row()
                    for cell in row:
                        trow.cell(cell)
            pdf.set_font("Helvetica", "", 10)
            pdf.ln(2)
    (DOCS / name).write_bytes(bytes(pdf.output()))


def main():
    DOCS.mkdir(exist_ok=True)
    for spec in WORD_DOCS:
        make_docx(*spec)
    for spec in PDF_DOCS:
        make_pdf(*spec)
    print("wrote", ", ".join(s[0] for s in WORD_DOCS + PDF_DOCS))


if __name__ == "__main__":
    main()
