"""Write the Word and PDF documents of held-out set H.

The output is byte-identical on every run: core-properties dates and the PDF CreationDate are
fixed, and the zip entries of the .docx files get a fixed timestamp.

    PYTHONPATH=/tmp/seth-tools python3 eval/heldout-h/make_docs.py
"""
import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF

DOCS = Path(__file__).resolve().parent / "docs"
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- Word

def save_docx(document, path, when):
    cp = document.core_properties
    cp.author = "Collaboration secretariat"
    cp.last_modified_by = "Collaboration secretariat"
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in sorted(zin.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, zin.read(name))
    path.write_bytes(out.getvalue())


def add_table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    return table


def bootcamp():
    d = docx.Document()
    d.add_heading("Clinical Data Science Bootcamp 2027", 0)
    d.add_paragraph(
        "The Clinical Data Science Bootcamp is a six-week course that teaches clinicians, nurses, "
        "laboratory staff and other health professionals to work with data in Python. It is "
        "organised by the Øresund–Massachusetts life-science collaboration and is open to "
        "participants from all four regions.")
    d.add_heading("Who the bootcamp is for", 1)
    d.add_paragraph(
        "The bootcamp is for health professionals with no programming experience. Participants "
        "should know basic statistics, such as means, medians and confidence intervals. The "
        "bootcamp teaches Python only; R is not covered. There are 30 places.")
    d.add_heading("Format and dates", 1)
    d.add_paragraph(
        "The bootcamp starts on 8 March 2027 and runs for six teaching weeks, with an Easter break "
        "from 29 March to 2 April 2027. The first and the last week are taught in person at the "
        "Sundbro Learning Centre in Malmö. Weeks 2 to 5 are taught online.")
    d.add_paragraph(
        "The online sessions run on Tuesdays and Thursdays from 14:00 to 17:00 Copenhagen time, "
        "which is 8:00 to 11:00 in Boston, so that participants from Massachusetts can join "
        "before their working day. Between sessions participants should expect about six hours "
        "of exercises a week.")
    d.add_heading("Programme", 1)
    add_table(d, [
        ["Week", "Dates", "Topic", "Format"],
        ["1", "8-12 March 2027", "Python basics and Jupyter notebooks", "In person, Malmö"],
        ["2", "15-19 March 2027", "Cleaning and joining data with pandas", "Online"],
        ["3", "22-26 March 2027", "Statistics and visualisation", "Online"],
        ["4", "5-9 April 2027", "Machine learning for clinical prediction", "Online"],
        ["5", "12-16 April 2027", "Fairness, privacy and model validation", "Online"],
        ["6", "19-23 April 2027", "Capstone projects and final presentations", "In person, Malmö"],
    ])
    d.add_heading("Fee", 1)
    d.add_paragraph(
        "Participants employed at a public hospital, university or region in the four regions pay "
        "a fee of DKK 6,500. Participants from companies pay DKK 18,000. The fee covers teaching "
        "and course materials, but not travel to Malmö.")
    d.add_heading("Laptop and data", 1)
    d.add_paragraph(
        "Bring your own laptop with at least 16 GB of memory and permission to install software. "
        "All exercises use synthetic patient data. No real patient data is used at any point, and "
        "participants must not bring data from their own hospital to the bootcamp.")
    d.add_heading("Certificate", 1)
    d.add_paragraph(
        "Participants who attend at least 80 percent of the sessions and present a capstone "
        "project in week 6 receive a certificate of completion. The bootcamp does not give ECTS "
        "credits.")
    d.add_heading("How to apply", 1)
    d.add_paragraph(
        "Apply through the secretariat's website by 15 December 2026. Write half a page about a "
        "data question from your own work that you would like to answer. Applicants are told "
        "whether they have a place in the middle of January 2027.")
    d.add_heading("Teachers and contact", 1)
    d.add_paragraph(
        "The lead instructor is Dr. Aino Rasmussen, a data scientist at Linnevik University. "
        "Practical questions go to the bootcamp administration at bootcamp@secretariat.example.org.")
    save_docx(d, DOCS / "data-science-bootcamp-2027.docx", dt.datetime(2026, 6, 29, 10, 0, 0))


def newsletter():
    d = docx.Document()
    d.add_heading("Guidelines for contributors to the Bridges newsletter", 0)
    d.add_paragraph(
        "Bridges is the bilingual newsletter of the Øresund–Massachusetts life-science "
        "collaboration. It goes to about 4,200 subscribers in Denmark, Sweden and the United "
        "States. These guidelines explain how to contribute.")
    d.add_heading("Languages", 1)
    d.add_paragraph(
        "Every article is published in English and in Danish. Contributors write in English, and "
        "the editorial team arranges the Danish translation. Articles submitted only in Swedish or "
        "only in Danish are not accepted, but names of people, places and organisations keep their "
        "original spelling.")
    d.add_heading("When the newsletter comes out", 1)
    d.add_paragraph(
        "Bridges is published on the first Tuesday of every month, except July, when there is no "
        "issue. Contributions must reach the editors by the 10th of the month before the issue in "
        "which they should appear.")
    d.add_heading("Types of content", 1)
    add_table(d, [
        ["Content type", "Maximum length", "Images"],
        ["News item", "150 words", "1 image"],
        ["Feature article", "400 words", "Up to 3 images"],
        ["Researcher profile", "250 words", "1 portrait photo"],
        ["Event notice", "80 words", "No images"],
        ["Vacancy (job or PhD position)", "100 words", "Logo only"],
    ])
    d.add_paragraph("Headlines may be at most 70 characters long, including spaces.")
    d.add_heading("Photos and consent", 1)
    d.add_paragraph(
        "Everyone who can be recognised in a photo must have signed the newsletter's photo consent "
        "form. Photos of patients are only published with written consent collected through the "
        "communications department of the patient's hospital. Images generated with AI tools are "
        "not accepted. Send photos as separate JPEG files of at least 1,600 pixels in width, not "
        "pasted into the text.")
    d.add_heading("What we do not publish", 1)
    d.add_paragraph(
        "Bridges does not publish sponsored content, and companies cannot pay to be featured. We "
        "also do not publish study results before they have been accepted for publication or "
        "presented at a conference.")
    d.add_heading("Editing", 1)
    d.add_paragraph(
        "The editors may shorten and edit contributions. You will see the edited English text "
        "before it is published, but not the Danish translation.")
    d.add_heading("Contact", 1)
    d.add_paragraph(
        "The editor of Bridges is Lærke Bonde. Send contributions and questions to "
        "newsletter@secretariat.example.org.")
    save_docx(d, DOCS / "newsletter-guidelines.docx", dt.datetime(2025, 3, 10, 9, 0, 0))


# ---------------------------------------------------------------- PDF

class Doc(FPDF):
    def __init__(self, title, when):
        super().__init__(format="A4")
        self.set_creation_date(when)
        self.set_title(title)
        self.set_author("Collaboration secretariat")
        self.set_creator("make_docs.py")
        self.set_producer("fpdf2")
        self.set_margins(20, 20, 20)
        self.add_page()
        self.set_font("Helvetica", "B", 16)
        self.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def heading(self, text):
        self.ln(2)
        self.set_font("Helvetica", "B", 12)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def para(self, text):
        self.set_font("Helvetica", "", 10)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def grid(self, rows, widths):
        self.set_font("Helvetica", "", 9)
        with self.table(col_widths=widths, text_align="LEFT") as table:
            for row in rows:
                r = table.row()
                for value in row:
                    r.cell(value)
        self.ln(2)


def ethics():
    when = dt.datetime(2025, 11, 24, 12, 0, 0, tzinfo=dt.timezone.utc)
    p = Doc("Ethics Liaison Office: FAQ for transatlantic studies", when)
    p.para("The Ethics Liaison Office of the Øresund-Massachusetts life-science collaboration helps "
           "researchers who plan a study with participants on both sides of the Atlantic. This FAQ "
           "answers the questions we hear most often.")
    p.heading("Does an approval in Massachusetts also cover the Danish or Swedish part of a study?")
    p.para("No. A study that recruits participants on both sides of the Atlantic needs an approval "
           "from a research ethics committee on each side. An approval by a US institutional review "
           "board (IRB) cannot replace the approval of a Danish or Swedish committee, and the other "
           "way round.")
    p.heading("Does the office submit the applications for me?")
    p.para("No. The researcher always submits the applications to the committees. The office "
           "advises, checks documents before submission and helps align the protocol, but it is "
           "never the applicant.")
    p.heading("What does the office offer, and what does it cost?")
    p.para("Most services are free for researchers employed at a public institution in the four "
           "regions. Companies pay the prices in the table for all services.")
    p.grid([
        ["Service", "Price for public researchers", "Price for companies", "Turnaround"],
        ["Pre-submission check of the protocol", "Free", "DKK 8,000", "10 working days"],
        ["Review of bilingual consent forms", "Free", "DKK 3,500", "5 working days"],
        ["Translation of participant information (Danish or Swedish to and from English)",
         "DKK 1.20 per word", "DKK 1.60 per word", "2 weeks"],
        ["Support with a reliance agreement for a single IRB", "Free", "DKK 5,000", "3 weeks"],
        ["Support with a data transfer impact assessment", "DKK 6,000 per study",
         "DKK 9,000 per study", "4 weeks"],
    ], (52, 40, 40, 38))
    p.heading("When should I contact the office?")
    p.para("Contact us at least three months before you want to start recruiting. Committees on both "
           "sides often ask for changes, and a change requested on one side usually has to be "
           "reported to the other side as well.")
    p.heading("Is there a drop-in?")
    p.para("Yes. The office holds an online drop-in every Tuesday from 13:00 to 15:00 Copenhagen "
           "time, which is 7:00 to 9:00 in Boston. No appointment is needed; the link is on the "
           "secretariat's website. The drop-in is closed in July.")
    p.heading("Can I use one consent form for both sides?")
    p.para("Usually not. Each committee has its own requirements for the wording of participant "
           "information. The office helps you keep the content the same while the wording follows "
           "local rules, and it checks that the Danish or Swedish version says the same as the "
           "English one.")
    p.heading("Can personal data from Danish or Swedish participants be sent to Massachusetts?")
    p.para("Only if there is a legal basis for the transfer under the GDPR and the transfer is "
           "described in the approved protocol. The office recommends sharing pseudonymised data "
           "only, and it helps you prepare the data transfer impact assessment.")
    p.heading("Who works in the office?")
    p.para("The office is led by Dr. Henrik Aaberg in Copenhagen. Dr. Rachel Okafor is the office's "
           "contact person in Boston and advises on IRB questions. Write to "
           "ethics@liaison.example.org; we answer within three working days.")
    p.output(str(DOCS / "ethics-liaison-faq.pdf"))


def statistics():
    when = dt.datetime(2026, 2, 9, 9, 30, 0, tzinfo=dt.timezone.utc)
    p = Doc("Transatlantic Biostatistics Clinic: how to get help", when)
    p.para("The Transatlantic Biostatistics Clinic gives statistical advice to joint projects of the "
           "Øresund-Massachusetts life-science collaboration. Its statisticians work in Lund and in "
           "Boston.")
    p.heading("Who can use the clinic?")
    p.para("Any joint project with at least one partner in the Øresund Region and one in "
           "Massachusetts can use the clinic. Each project gets up to 10 free consultation hours a "
           "year. After that, public institutions pay DKK 950 per hour and companies pay DKK 1,600 "
           "per hour.")
    p.heading("Services")
    p.grid([
        ["Service", "Typical effort", "Lead time", "Counts towards free hours"],
        ["Drop-in question (up to 30 minutes)", "30 minutes", "Same day", "No"],
        ["Sample size calculation", "2-4 hours", "5 working days", "Yes"],
        ["Review of a statistical analysis plan", "4-8 hours", "10 working days", "Yes"],
        ["Help with reviewers' statistical comments", "2-6 hours", "5 working days", "Yes"],
        ["Hands-on data analysis", "By agreement", "By agreement", "Yes"],
    ], (60, 30, 35, 45))
    p.heading("When is the drop-in?")
    p.para("The online drop-in is held every Thursday from 15:00 to 17:00 Copenhagen time, which is "
           "9:00 to 11:00 in Boston. Questions at the drop-in do not count towards your free hours.")
    p.heading("How do I book a consultation?")
    p.para("Fill in the request form on the secretariat's website. Describe your study, your question "
           "and your deadline. The clinic answers every request within three working days and "
           "assigns a statistician.")
    p.heading("Which data can the clinic work with?")
    p.para("The clinic only works with pseudonymised or anonymised data. It never receives data from "
           "which patients can be identified directly, such as names or personal identity numbers. "
           "Hands-on analyses are run on the project's own secure platform, not on the clinic's "
           "computers.")
    p.heading("Which software do you use?")
    p.para("The clinic's statisticians work in R and Stata. The clinic does not support SAS.")
    p.heading("Do clinic statisticians become co-authors?")
    p.para("If a statistician contributes substantially to the design, analysis or interpretation, "
           "co-authorship according to the ICMJE criteria is expected. Smaller contributions, such "
           "as a sample size calculation, are acknowledged in the paper instead.")
    p.heading("Who runs the clinic?")
    p.para("The clinic is led by Dr. Elin Marklund in Lund. The lead statistician in Boston is "
           "Dr. Marcus Hale. Contact: statclinic@secretariat.example.org.")
    p.output(str(DOCS / "biostatistics-clinic.pdf"))


if __name__ == "__main__":
    bootcamp()
    newsletter()
    ethics()
    statistics()
    print("wrote 2 .docx and 2 .pdf to", DOCS)
