"""Generate the Word and PDF documents of held-out set K byte-identically.

Needs python-docx and fpdf2:
    python3 -m pip install --target /tmp/setk-pkgs python-docx fpdf2
    PYTHONPATH=/tmp/setk-pkgs python3 eval/heldout-k/make_docs.py
"""
import datetime as dt
import io
import os
import zipfile

from docx import Document
from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")

# ---------------------------------------------------------------- buddy scheme
BUDDY_DATE = dt.datetime(2025, 12, 8, 10, 0, 0)
BUDDY = {
    "title": "Buddy scheme for visiting students 2026",
    "paragraphs": [
        ("h", "What the buddy scheme is"),
        ("p", "The buddy scheme pairs students who come to a partner institution on the other side of "
              "the Atlantic with a local student who has volunteered to help them settle in. A buddy is "
              "a friendly face on the first day, someone to ask about the canteen, the bus or the best "
              "place to buy a winter coat, and a way into the social life of the department. The scheme "
              "is run by the collaboration secretariat together with the international offices of "
              "Granhavn University Hospital, Linnevik University, Skovhøj campus and the Pemberton "
              "Institute."),
        ("h", "Who can get a buddy"),
        ("p", "Master's students and PhD students who visit a partner institution for at least four "
              "weeks can get a buddy. Shorter visits are not part of the scheme. Postdocs and other "
              "visiting staff cannot get a buddy through this scheme. The scheme has room for 60 "
              "visiting students in 2026."),
        ("h", "Who can be a buddy"),
        ("p", "Buddies are volunteer master's or PhD students at the host institution who have been "
              "there for at least one year. A buddy cannot be in the same research group as the visitor "
              "and cannot be the visitor's supervisor or co-supervisor. Every new buddy takes a "
              "90-minute online buddy training before the first match."),
        ("h", "How to sign up"),
        ("p", "The visitor's host supervisor signs the visitor up with the online form at least six "
              "weeks before the arrival date. Visitors cannot sign themselves up. Buddies and visitors "
              "are matched by field and, where possible, by language, and both get an e-mail "
              "introducing each other about two weeks before the arrival."),
        ("h", "What a buddy does and does not do"),
        ("p", "The buddy meets the visitor on the first working day, shows the campus, the library and "
              "the canteen, and helps with practical questions such as getting a transport card or a "
              "local phone number. Buddies and visitors are encouraged to meet at least every other "
              "week during the first two months. Buddies do not find housing for visitors and do not "
              "pick visitors up at the airport; housing questions go to the international office."),
        ("h", "Activity budget"),
        ("p", "Each buddy pair has an activity budget of DKK 1,500 (USD 220 at the Pemberton Institute) "
              "for shared activities such as a museum visit, a concert or a trip to the coast. The "
              "budget is paid back against receipts through the host institution. It cannot be used for "
              "alcohol or for the visitor's own travel to the host institution."),
        ("h", "Welcome events 2026"),
        ("p", "All visitors and buddies are invited to the welcome events below. Sign up for an event in "
              "the buddy scheme's online calendar."),
        ("table", None),
        ("h", "Feedback"),
        ("p", "Three months after the arrival, the visitor and the buddy each receive a short feedback "
              "survey. Buddies who have taken part for a whole stay receive a letter of recognition "
              "from the international office."),
        ("h", "Contact"),
        ("p", "The buddy scheme coordinator is Astrid Kjeldsen at Granhavn University Hospital "
              "(astrid.kjeldsen@example.org). In Boston, questions go to Marcus Levine at the "
              "Pemberton Institute (marcus.levine@example.org)."),
    ],
    "table": [
        ["Event", "Date", "Place", "Time"],
        ["Spring welcome dinner", "5 February 2026", "Granhavn University Hospital, canteen Nord, Copenhagen", "17:30"],
        ["City walk in Lund", "19 March 2026", "Linnevik University, main entrance, Lund", "15:00"],
        ["Harbour boat trip", "16 May 2026", "Fenwick Pier, Boston", "10:00"],
        ["Autumn welcome dinner", "10 September 2026", "Pemberton Institute, atrium, Boston", "18:00"],
        ["Fjord sailing day", "3 October 2026", "Skovhøj campus, Roskilde", "13:00"],
    ],
}

# ---------------------------------------------------------------- prize
PRIZE_DATE = dt.datetime(2026, 6, 29, 9, 30, 0)
PRIZE = {
    "title": "Lighthouse Prize for Science Communication 2027",
    "paragraphs": [
        ("h", "About the prize"),
        ("p", "The Lighthouse Prize rewards researchers in the Øresund–Massachusetts collaboration who "
              "explain life science to the public in a clear, honest and engaging way. The 2027 prize "
              "is for work that was published or held between 1 January and 31 December 2026."),
        ("h", "Categories and prize money"),
        ("p", "There are five categories. The prize money is paid to the winner's institution and must "
              "be used for further science communication; it is not paid out as salary or as a personal "
              "prize."),
        ("table", None),
        ("h", "Who can enter"),
        ("p", "Researchers at all career stages at universities, university hospitals and public "
              "research institutions in the four regions can enter. Early-career researchers are those "
              "who finished their PhD at most eight years before the deadline, or who are still PhD "
              "students. Communications professionals, such as press officers and science journalists, "
              "cannot enter, not even as co-authors of a researcher's entry. Each person can enter at "
              "most two categories, with one entry per category."),
        ("h", "Language"),
        ("p", "Entries can be in English, Danish or Swedish. Entries in Danish or Swedish must include "
              "a summary in English of at most 200 words, so that the jury members from Massachusetts "
              "can assess them."),
        ("h", "How to enter"),
        ("p", "Entries are submitted with the online entry form. The deadline is 15 January 2027 at "
              "12:00 Copenhagen time. Videos are submitted as a link, not as a file, and written pieces "
              "as a PDF or a link to the published text."),
        ("h", "Jury and shortlist"),
        ("p", "The jury has seven members: four researchers, one from each region's partner "
              "institutions and one from Massachusetts, two science journalists and one member of the "
              "public. The shortlist of three entries per category is announced on 1 March 2027. The "
              "audience award is decided by a public online vote among all shortlisted entries."),
        ("h", "Award ceremony"),
        ("p", "The prizes are presented on 22 April 2027 at the auditorium of Granhavn University "
              "Hospital in Copenhagen at 19:00, with a live stream that starts at 13:00 Boston time. "
              "Shortlisted entrants get their travel to the ceremony paid up to DKK 6,000 per person."),
        ("h", "Contact"),
        ("p", "The prize secretary is Ingeborg Falk (ingeborg.falk@example.org)."),
    ],
    "table": [
        ["Category", "Who can enter", "Format and length", "Prize"],
        ["Written piece", "Early-career researchers", "Article or blog post, at most 1,200 words", "DKK 20,000"],
        ["Short video", "Early-career researchers", "Video of at most 3 minutes", "DKK 20,000"],
        ["Public event", "Research groups", "An event for the public held in 2026", "DKK 30,000"],
        ["Schools project", "A researcher together with a teacher", "A project with a school class", "DKK 15,000"],
        ["Audience award", "All shortlisted entries", "Public online vote", "DKK 5,000"],
    ],
}

# ---------------------------------------------------------------- cryo-EM (PDF)
CRYO_DATE = dt.datetime(2025, 10, 6, 8, 0, 0, tzinfo=dt.timezone.utc)
CRYO_TITLE = "Shared Cryo-EM Facility: booking rules and prices"
CRYO_BEFORE = [
    ("h", "About the facility"),
    ("p", "The Shared Cryo-EM Facility gives groups in the Øresund-Massachusetts collaboration access to "
          "three transmission electron microscopes and a vitrification robot. In Lund, the facility at "
          "Linnevik University has the 300 kV microscope Aurora and the 200 kV screening microscope "
          "Beacon. In Boston, the Pemberton Institute has the 300 kV microscope Harbor. There is no "
          "screening microscope in Boston."),
    ("h", "Session types and prices"),
    ("p", "Prices are per block. The public price applies to universities, university hospitals and "
          "public research institutions in the four regions; companies pay the company price."),
]
CRYO_TABLE = [
    ["Session", "Instrument", "Block", "Public price", "Company price", "Max blocks/month"],
    ["Screening", "Beacon 200 kV, Lund", "4 hours", "DKK 1,900", "DKK 4,500", "6"],
    ["Data collection", "Aurora 300 kV, Lund", "24 hours", "DKK 14,000", "DKK 32,000", "2"],
    ["Data collection", "Harbor 300 kV, Boston", "24 hours", "USD 2,100", "USD 4,800", "2"],
    ["Vitrification", "Plunge-freezing robot, Lund", "2 hours", "DKK 600", "DKK 1,200", "10"],
    ["Training", "Beacon 200 kV, Lund", "3 hours", "free", "not offered", "2"],
]
CRYO_AFTER = [
    ("h", "Booking"),
    ("p", "Blocks are booked in the facility calendar. Booking for a month opens at 09:00 on the first "
          "working day of the month before. A group can hold at most two data-collection blocks per "
          "month on each 300 kV microscope. Data collection on Aurora or Harbor cannot be booked until "
          "the group has sent screening images of the grids to the facility manager."),
    ("h", "Training"),
    ("p", "New users must complete two supervised training sessions before they may use Beacon on their "
          "own. The 300 kV microscopes are always loaded by facility staff. Data-collection blocks start "
          "at 09:00 and run overnight without staff present."),
    ("h", "Cancellations"),
    ("p", "A block can be cancelled free of charge until five working days before it starts. Later "
          "cancellations are charged the full price, unless another group takes over the block."),
    ("h", "Remote use"),
    ("p", "Data collection on Aurora can be run remotely, for example from Boston, once the grids have "
          "been loaded by facility staff. Remote sessions follow the same prices."),
    ("h", "Samples"),
    ("p", "The facility does not accept samples that contain infectious agents, such as live viruses "
          "or bacteria; inactivated samples are accepted with a written inactivation protocol. Grids "
          "are sent to Lund or Boston by the group itself, in a dry shipper."),
    ("h", "Data"),
    ("p", "Raw data are kept on the facility server for 30 days after the session and are then "
          "deleted. The facility does not offer image processing or computing time for it."),
    ("h", "Contact"),
    ("p", "Facility manager in Lund: Dr. Oskar Lindqvist (oskar.lindqvist@example.org). "
          "Boston site: Dr. Priya Raman (priya.raman@example.org)."),
]

ZIP_TIME = (2025, 1, 1, 0, 0, 0)


def _normalise_zip(data: bytes, path: str) -> None:
    """Rewrite a .docx with fixed timestamps and a fixed entry order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    first = [n for n in names if n == "[Content_Types].xml"]
    rest = sorted(n for n in names if n != "[Content_Types].xml")
    with zipfile.ZipFile(path, "w") as out:
        for name in first + rest:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, src.read(name))


def make_docx(spec, modified, path, author):
    doc = Document()
    doc.add_heading(spec["title"], level=0)
    for kind, text in spec["paragraphs"]:
        if kind == "h":
            doc.add_heading(text, level=1)
        elif kind == "p":
            doc.add_paragraph(text)
        else:
            rows = spec["table"]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    cp = doc.core_properties
    cp.title = spec["title"]
    cp.author = author
    cp.last_modified_by = author
    cp.created = modified
    cp.modified = modified
    cp.last_printed = modified
    cp.revision = 1
    cp.comments = "Fictional document for held-out evaluation set K."
    buf = io.BytesIO()
    doc.save(buf)
    _normalise_zip(buf.getvalue(), path)


def _pdf_blocks(pdf, blocks):
    for kind, text in blocks:
        if kind == "h":
            pdf.set_font("Helvetica", "B", 12)
            pdf.ln(2)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)


def make_pdf(path):
    pdf = FPDF()
    pdf.set_creation_date(CRYO_DATE)
    pdf.set_producer("fpdf2")
    pdf.set_creator("make_docs.py (held-out set K)")
    pdf.set_title(CRYO_TITLE)
    pdf.set_author("Shared Cryo-EM Facility")
    pdf.set_compression(True)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 9, CRYO_TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 5, "Valid from 6 October 2025", new_x="LMARGIN", new_y="NEXT")
    _pdf_blocks(pdf, CRYO_BEFORE)
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(col_widths=(24, 40, 18, 26, 28, 26), text_align="LEFT") as table:
        for row in CRYO_TABLE:
            r = table.row()
            for cell in row:
                r.cell(cell)
    pdf.ln(3)
    _pdf_blocks(pdf, CRYO_AFTER)
    pdf.output(path)


def main():
    make_docx(BUDDY, BUDDY_DATE, os.path.join(DOCS, "visiting-student-buddy-scheme.docx"),
              "Collaboration secretariat")
    make_docx(PRIZE, PRIZE_DATE, os.path.join(DOCS, "scicomm-prize-2027.docx"),
              "Lighthouse Prize secretariat")
    make_pdf(os.path.join(DOCS, "cryo-em-booking-rules.pdf"))


if __name__ == "__main__":
    main()
