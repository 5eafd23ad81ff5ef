"""Document texts, part C (invented content)."""

TRAVEL_GRANT = dict(
    name="conference-travel-grants-2026.html", fmt="html", date="2026-01-12",
    title="Conference travel grants 2026",
    body="""
# Conference travel grants 2026

Conference travel grants help early-career researchers present their work at conferences on the other side of the Atlantic, and at major European conferences where partners from Massachusetts take part. From 2026 these conference travel grants replace the former partner travel grants. The earlier ceiling of DKK 20,000 and the rule that travel grants could be applied for at any time no longer apply.

## Who can apply

- PhD students at a partner university or university hospital;
- postdocs who received their PhD no more than 5 years before the application deadline;
- clinicians in specialist training who do research at a partner hospital.

You must present your own work at the conference, as a talk or a poster. Attending a conference without presenting is not eligible. Tenured professors, associate professors and company employees are not eligible. Each person can receive one conference travel grant per calendar year.

## How much you can get

| Travel | Maximum grant |
| From the Øresund Region to North America | DKK 12,000 |
| From Massachusetts to Europe | USD 1,800 |
| Within Europe, for applicants from the Øresund Region | EUR 900 |
| Registration for an online conference | DKK 2,500 |

The grant covers economy-class travel, the conference registration fee and accommodation for up to 4 nights. It does not cover daily allowances, conference dinners, society membership fees or travel insurance.

## Application rounds

There are four application rounds each year. The round deadlines are 1 February, 1 May, 1 September and 1 November. The conference must start at least 6 weeks after the deadline of the round in which you apply. Decisions are sent within 15 working days after the round deadline.

Applications for conferences that have already taken place are not accepted, not even when the applicant could not apply in time because of illness.

## What to submit

Apply with the online form. You need:

- the accepted abstract or the letter of acceptance from the conference;
- a budget with the expected costs;
- a short statement from your supervisor or head of department.

## After the conference

Within 30 days after the conference, send a one-page report and a PDF of your poster or slides. The grant is paid as a reimbursement against receipts after the report has been received. Costs above the maximum grant are not reimbursed.

## Contact

Grants officer Rasmus Thorsager answers questions at travelgrants@example.org.
""")

MENTORING = dict(
    name="mentoring-programme-2027.md", fmt="md", date="2026-06-10", category="careers",
    title="Transatlantic Mentoring Programme 2027",
    body="""
# Transatlantic Mentoring Programme 2027

The Transatlantic Mentoring Programme pairs early-career researchers in the Øresund Region with experienced mentors in Massachusetts, and early-career researchers in Massachusetts with mentors in the Øresund Region. The 2027 cohort is the third cohort of the programme.

## Who can be a mentee

You can apply as a mentee if you are:

- a researcher who received a PhD no more than 7 years before 1 January 2027; or
- a PhD student in the final year of the PhD; or
- a clinician with a PhD who combines clinical work and research.

You must be employed at a partner university, university hospital, public research institution or life-science company in the Capital Region of Denmark, Region Zealand, Region Skåne or Massachusetts. Master's students are not eligible. People who were mentees in the 2025 or 2026 cohorts cannot apply again.

## Who can be a mentor

Mentors are senior researchers, clinicians and people in leadership roles in life-science companies. Mentors are volunteers and are not paid; they receive a certificate and are invited to the closing event. Mentors can take part in several cohorts.

## How the programme works

The programme runs for 9 months, from January to September 2027. Each pair meets at least 6 times by video. Pairs agree their own meeting schedule, but meetings should last at least one hour. The programme also offers four online group workshops on leadership, grant writing, industry careers and negotiating a position.

Pairs may meet in person if they happen to be on the same side of the Atlantic, but the programme does not pay travel for meetings.

## Dates

| Step | Date |
| Application deadline | 15 November 2026 |
| Matching results sent | 10 December 2026 |
| Online kick-off, 15:00-17:00 CET | 14 January 2027 |
| Closing event in Malmö | 23 September 2027 |

## Costs

The programme is free for mentees from universities, university hospitals and public research institutions. Mentees employed by a company pay a participation fee of DKK 4,000, which covers the workshops and the closing event. Travel to the closing event is paid by the participants themselves.

## How many places

The 2027 cohort has room for 40 pairs. If there are more applicants than places, the programme committee gives priority to applicants who have not had a mentor before and aims for a balance between the two sides of the Atlantic.

## How to apply

Apply through the application form with a one-page motivation letter and a CV. Say which kind of mentor you are looking for: academic, clinical or industry. You can name a preferred mentor, but the committee does not guarantee the match.

## Contact

Programme coordinator Sofie Aaberg Lund answers questions at mentoring@example.org.
""")

NEWSLETTER = dict(
    name="partnership-news-autumn-2026.md", fmt="md", date="2026-10-20", category="news",
    title="Partnership news - autumn 2026",
    body="""
# Partnership news - autumn 2026

Welcome to the autumn newsletter of the Øresund-Massachusetts life-science collaboration. This issue brings several changes to the rules of our programmes, so please read it even if you only skim the project news.

## Bigger conference travel grants for North America

The steering group has raised the maximum conference travel grant for travel from the Øresund Region to North America from DKK 12,000 to DKK 15,000. The new ceiling applies from the 1 November 2026 round and to all later rounds. The other maximum amounts are unchanged.

## Mentoring programme: more time to apply

The application deadline for the Transatlantic Mentoring Programme 2027 has been extended to 29 November 2026. Because matching will take longer, the online kick-off has been moved from 14 January to 28 January 2027, still 15:00-17:00 CET. The closing event in Malmö stays on 23 September 2027.

## Shorter review period before publication

The steering group has shortened the pre-publication review period in the framework terms on intellectual property and publication. Manuscripts, abstracts and posters now have to be sent to the other parties at least 30 days before submission, instead of 45 days. The right to ask for a delay of up to 90 days for a patent filing is unchanged.

## New office hours for the secretariat

From 1 November 2026 the secretariat's drop-in office hours move to Mondays and Wednesdays, 14:00-16:00 CET. The Tuesday and Thursday office hours end on 31 October 2026.

## Lab safety induction partly online

The lab safety induction at the Kalvebod Translational Research Centre changes from November 2026. The induction now starts with an online module of 90 minutes, which visiting researchers can take before they arrive. It is followed by a one-hour walkthrough of the laboratories every Wednesday at 10:00. The Tuesday and Thursday classroom sessions are discontinued.

## New biobank access coordinator

Lena Björkqvist is leaving the biobank team to lead a new sequencing facility in Lund. From 1 November 2026 Oskar Nyberg is the biobank access coordinator. The e-mail address biobank-access@example.org stays the same.

## Project news: organoid drug screening

The joint project on patient-derived intestinal organoids, led by Sundvik University Hospital and Pilgrim Bay Institute in Worcester, has screened its first 300 compounds. The project is looking for one more hospital in Region Skåne that can contribute biopsies.

## Save the date

The Ambassador Company Day in Boston will take place on 9 March 2027. Companies that want to meet investors and hospital innovation offices in Massachusetts should register early, as places are limited. The Transatlantic Life Science Forum will take place in Boston on 14-15 June 2027.

## Contact

Questions about this newsletter can be sent to news@example.org.
""")

EVENTS = dict(
    name="events-calendar-2026-2027.html", fmt="html", date="2026-11-02",
    title="Events calendar winter 2026 - autumn 2027",
    body="""
# Events calendar winter 2026 - autumn 2027

This calendar lists the events of the collaboration from December 2026 to September 2027. Times are Central European Time (CET or CEST) unless another time zone is given. Online events are free and do not need a fee, but registration is still required so that we can send the link.

## Calendar

| Event | Date | Place | Registration deadline | Fee |
| PhD Mobility Scheme information webinar | 12 January 2027, 13:00-14:00 | Online | 10 January 2027 | Free |
| Mentoring programme online kick-off | 28 January 2027, 15:00-17:00 | Online | For matched pairs only | Free |
| Ambassador Company Day | 16 March 2027 | Ashburton Innovation House, Cambridge (MA) | 20 February 2027 | DKK 1,500 per company |
| Biobank users' day | 22 April 2027 | Lund Biorepository, Lund | 1 April 2027 | Free |
| Clinical trials networking day | 6 May 2027 | Copenhagen | 8 April 2027 | DKK 400 |
| Transatlantic Life Science Forum | 14-15 June 2027 | Boston | 1 May 2027 | USD 350, or USD 450 after 1 April 2027 |
| Mentoring programme closing event | 23 September 2027 | Malmö | 1 September 2027 | Free for mentees and mentors |

## Changes since the autumn newsletter

The Ambassador Company Day has been moved from 9 March to 16 March 2027 so that it does not clash with a major biotech conference in Boston. Registrations already made for 9 March are transferred automatically.

## About the events

The Ambassador Company Day is for companies in the ambassador programme. Companies with a Scale package have one free place; other companies pay the fee per company, and each company can bring at most two people.

The Transatlantic Life Science Forum is the main yearly meeting of the collaboration. PhD students and postdocs who present a poster at the forum pay the reduced fee of USD 150. Travel to the forum can be funded with a conference travel grant if you present your work.

The clinical trials networking day is organised with the Øresund Clinical Trial Office and is meant for investigators and research nurses who plan a trial with sites on both sides of the Atlantic.

## Cancellations

Registrations for paid events can be cancelled free of charge until the registration deadline. After the registration deadline, fees are not refunded, but you may send a colleague in your place.

## Contact

Questions about events: events@example.org.
""")

STIPENDS = dict(
    name="stipend-and-cost-of-living-2026.docx", fmt="docx", date="2026-08-01",
    title="Monthly top-ups, grants and cost of living 2026/27",
    body="""
# Monthly top-ups, grants and cost of living 2026/27

This table is published by the collaboration secretariat and is updated once a year. It gives the monthly amounts paid under the PhD Mobility Scheme and the student exchange, and typical living costs in the host cities. The amounts in this table apply to all stays that start on or after 1 September 2026 and replace amounts published earlier in calls and guides.

## PhD mobility top-up and living costs by city

| Host city | PhD mobility top-up per month | Typical rent for a room per month | Monthly public transport pass |
| Copenhagen | DKK 6,500 | DKK 6,000-8,500 | DKK 450 |
| Roskilde | DKK 6,000 | DKK 4,500-6,000 | DKK 520 |
| Lund | SEK 9,000 | SEK 5,500-7,500 | SEK 640 |
| Malmö | SEK 9,000 | SEK 6,000-8,000 | SEK 640 |
| Boston | USD 1,650 | USD 1,500-2,300 | USD 90 |
| Cambridge (MA) | USD 1,650 | USD 1,600-2,400 | USD 90 |
| Worcester (MA) | USD 1,200 | USD 900-1,300 | USD 40 |

The rent figures are typical prices for a furnished room in a shared flat found by earlier visitors. They are not limits, and the secretariat does not provide housing.

For host cities that are not in the table, the secretariat sets the top-up case by case. The rate of the nearest listed city is not applied automatically.

## Student exchange grant

From the autumn 2026 semester, the travel and living grant in the student exchange is DKK 9,500 per month in all host cities (previously DKK 8,000). The grant is still paid for up to 6 months.

## How the amounts are paid

- Top-ups and grants are paid monthly in the currency of the host city.
- For a part month, the amount is paid pro rata at one thirtieth of the monthly amount per day.
- Top-ups are not paid for periods of more than two weeks that the researcher or student spends away from the host city, for example holidays at home.
- The amounts are tax-free only where national rules allow it. Recipients are responsible for checking their own tax position.

## Exchange rates

Budgets in other currencies are converted at the rate of the first working day of the month in which the application is submitted.

## Contact

Questions about this table can be sent to Henrik Vestergaard, exchange and mobility officer, at phd-mobility@example.org.
""")

SECRETARIAT = dict(
    name="secretariat-contacts-and-office-hours.html", fmt="html", date="2026-09-01",
    title="Contact the collaboration secretariat - staff and office hours",
    body="""
# Contact the collaboration secretariat

The collaboration secretariat coordinates the day-to-day work of the Øresund-Massachusetts life-science collaboration. This page lists who does what, how to reach us and when we hold office hours.

## Our offices

The secretariat has three offices: in Copenhagen, in Malmö and in Boston. The Copenhagen office is the main office and is located at Strandlund House, 3rd floor. The Malmö office is at the Øresund Science Park, building C. The Boston office shares space with the ambassador programme at Ashburton Innovation House in Cambridge, Massachusetts.

## Who does what

| Role | Name | E-mail | Based in |
| Head of secretariat | Ingrid Valdemarsen | secretariat@example.org | Copenhagen |
| Exchange and mobility officer | Henrik Vestergaard | phd-mobility@example.org | Copenhagen |
| Funding officer | Rasmus Thorsager | travelgrants@example.org | Malmö |
| Biobank access coordinator | Lena Björkqvist | biobank-access@example.org | Lund |
| Clinical trials liaison | Elin Sandvik | ctrials@example.org | Copenhagen |
| Boston liaison | Priya Raman | boston@example.org | Cambridge (MA) |

## Office hours

The secretariat holds drop-in office hours by video on Tuesdays and Thursdays from 13:00 to 15:00 CET. No appointment is needed; the link is sent to everyone on the collaboration mailing list. The Boston liaison holds separate office hours on Wednesdays from 09:00 to 11:00 Eastern Time for people in Massachusetts.

Office hours are not held in weeks 29 to 31 or between 24 December and 1 January.

## How fast we reply

We reply to e-mails within two working days. Questions that need a decision by the programme board can take longer; we tell you when we expect an answer. The secretariat has no public telephone line, so please use e-mail or the office hours.

## Before you write to us

Please put the name of the programme in the subject line, for example "PhD Mobility" or "Biobank access", and say which institution you belong to. This lets us send your e-mail to the right person at once. Questions about a specific application should include the application number from the portal. Please do not send applications or signed agreements as e-mail attachments unless a call says so.

## Visiting us

Visits to the offices are by appointment only. The Copenhagen office is closed to visitors on Fridays.

## Complaints

If you are not satisfied with how a case was handled, write to the head of secretariat. Complaints are answered within 20 working days.
""")
