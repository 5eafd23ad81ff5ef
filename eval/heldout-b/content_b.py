"""Document texts, part B (invented content)."""

BIOBANK_FAQ = dict(
    name="biobank-and-data-sharing-faq.html", fmt="html", date="2026-06-15",
    title="Biobank access and data sharing - frequently asked questions",
    body="""
# Biobank access and data sharing - frequently asked questions

This page answers the questions the secretariat receives most often about access to samples in the Øresund Biobank Network and about sharing research data between partners in the Øresund Region and Massachusetts. It was updated on 15 June 2026 and takes precedence over older documents where they differ.

## Have the biobank fees changed?

Yes. From 15 June 2026 new fees apply to all samples released by the network. The fees replace those in the Biobank Access Policy version 2.1. Fees for applications already approved before 15 June 2026 are not changed.

| Item | Academic rate | Commercial rate |
| Application handling | DKK 2,000 | DKK 5,000 |
| Serum or plasma aliquot, per sample | DKK 420 | DKK 1,500 |
| DNA extract, per sample | DKK 600 | DKK 2,100 |
| FFPE tissue section, per slide | DKK 180 | DKK 650 |
| Linked registry data extract, per project | DKK 9,500 | DKK 25,000 |

## How long does the Biobank Access Committee take to decide?

The Biobank Access Committee now makes its decision within 6 weeks of receiving a complete application. The committee also meets in July from 2026, so there is no longer a summer break.

## Can a master's student apply for samples?

No. Master's students cannot apply, not even with a supervisor. A master's student can work on samples that have been released to a project led by a PhD-level researcher, if the student is named in the application.

## Can a company get samples directly?

No. A company always needs an academic partner who is the applicant. The commercial rate is charged when a company has access to the samples or to results derived from them.

## Can I use samples or data to train a machine-learning model?

Yes, if the ethics approval for the project covers it. When the model is trained for a company or will be used commercially, the commercial rate applies.

## Can pseudonymised data be sent to Massachusetts?

Yes. Pseudonymised data can be shared with a partner in Massachusetts under a data transfer agreement based on the standard contractual clauses. The Danish or Swedish institution that controls the data signs the agreement, and the data may only be used for the approved project. Pseudonymised data are still personal data under European rules, so a data protection impact assessment is needed for projects that combine genetic data with health records.

## Can raw genome sequences leave the Øresund Region?

No. Raw genome sequences and full health records from Danish and Swedish participants stay on servers in Denmark or Sweden. Partners in Massachusetts analyse them through the secure remote analysis environment, where results can be exported only after an output check. Summary statistics and aggregated results may be shared freely.

## Can data from Massachusetts be sent to Denmark or Sweden?

Yes, when the US institution's own rules allow it. The Massachusetts partner's institutional review board decides which data can leave the institution. De-identified data from Massachusetts is usually transferred under a data use agreement signed by both institutions.

## Who signs the material transfer agreement?

The legal office of the applicant's institution and the network sign the material transfer agreement. Researchers cannot sign it themselves.

## How are samples shipped to Boston?

Samples are shipped frozen on dry ice by a courier approved by the network. The shipping costs are invoiced at cost to the applicant in addition to the fees above. Shipments leave on Mondays and Tuesdays only, so that they do not arrive at a weekend.

## Who do I contact?

Write to biobank-access@example.org. The biobank access coordinator is Lena Björkqvist.
""")

AMBASSADOR_GUIDE = dict(
    name="ambassador-programme-company-guide.md", fmt="md", date="2026-02-20", category="ambassadors",
    title="Life Science ambassador programme - a guide for companies",
    body="""
# Life Science ambassador programme - a guide for companies

This guide explains how a company from the Øresund Region can use the Life Science ambassador posted in the Boston area. It describes who can join, the three service packages, what the ambassador does and does not do, and how to book the desk at the programme's office in Cambridge, Massachusetts.

## Who can join

The programme is for life-science companies that:

- have fewer than 250 employees;
- have their headquarters or an R&D unit in the Capital Region of Denmark, Region Zealand or Region Skåne;
- develop their own products or services in biotech, pharma, medtech, diagnostics or digital health.

Consultancies, investors and law firms are not eligible as programme companies, even when they work only with life-science clients. Companies whose only presence in the Øresund Region is a sales office are not eligible either. Universities and hospitals are served by the ambassador free of charge through the collaboration and do not need a package.

## The three packages

| Package | What is included | Fee per year |
| Explorer | One intake meeting and up to 3 introductions | Free, once per company |
| Market Entry | Up to 12 introductions, 10 desk days in Cambridge, one market briefing | DKK 35,000 |
| Scale | Unlimited introductions, 30 desk days, a slot at the investor pitch day | DKK 85,000 |

Start-ups less than three years old pay half the Market Entry fee, that is DKK 17,500. The discount does not apply to the Scale package. Fees are invoiced in advance for the calendar year and are not refunded if a company leaves during the year.

## What the ambassador does

The ambassador opens doors. In practice that means:

- introductions to companies, hospitals, universities and investors in Massachusetts;
- a market briefing on the local landscape for your product area;
- help with planning a visit to Boston, including meeting schedules;
- invitations to the ambassador programme's networking events.

The current ambassador in Boston is Maren Tofte-Jensen. She has been posted in Massachusetts since September 2025 and works from Ashburton Innovation House in Cambridge.

## What the ambassador does not do

The ambassador does not negotiate contracts, does not give legal, tax or regulatory advice and does not raise money on behalf of a company. The ambassador does not act as a sales agent. For regulatory questions about FDA approval, the ambassador can recommend advisers, but the company pays them directly.

## How it works

1. The company sends a request with a one-page company profile to ambassador@example.org.
2. An intake meeting by video takes place within 10 working days.
3. The ambassador and the company agree a plan with goals for the year.
4. The ambassador makes introductions, usually grouped around a visit to Boston.
5. Within 3 months after each visit, the company sends a short follow-up report on which contacts proved useful.

Companies that do not send the follow-up report cannot receive new introductions until the report arrives.

## Booking the desk in Cambridge

Desk days are booked through the booking page at least 5 working days ahead. A desk day runs from 08:30 to 18:00 local time and includes Wi-Fi and use of a meeting room for up to 2 hours. Unused desk days cannot be moved to the following year. Companies without a Market Entry or Scale package can rent a desk day at USD 95 when space is available.

## Contact

Questions about the packages go to ambassador@example.org. Invoices are sent by the Medicon Valley Alliance.
""")

IP_AGREEMENT = dict(
    name="ip-and-publication-terms.docx", fmt="docx", date="2024-11-05",
    title="Framework terms on intellectual property and publication",
    body="""
# Framework terms on intellectual property and publication for joint projects

These framework terms apply to joint research and development projects between partners in the Øresund Region and Massachusetts that are funded or coordinated under the collaboration. The project agreement of each project may add details but may not depart from these terms without the approval of the steering group.

## Definitions

Background means knowledge, data, materials and inventions that a party had before the project or develops outside it. Foreground means results created within the project. Inventor means a person whose contribution is necessary for an invention.

## Background

Each party keeps ownership of its background. Parties grant each other a royalty-free, non-exclusive right to use background to the extent needed to carry out the project. Rights to use background for commercial exploitation after the project must be negotiated separately and are not granted by these terms.

## Ownership of foreground

Foreground belongs to the party whose staff created it. Foreground that was created jointly by staff of two or more parties is jointly owned. The shares follow each party's contribution to the invention. The joint owners must sign a joint ownership agreement within 6 months after the invention has been disclosed.

## Disclosure of inventions

A party that believes it has made an invention must inform all other parties in writing within 30 days. The disclosure is confidential. Company partners have a right of first negotiation for a licence for 6 months after the disclosure. If no agreement is reached in this period, the owners are free to license the invention to others.

## Publication

The parties want results to be published. The following rules balance publication with the protection of inventions:

- A manuscript, abstract or poster must be sent to all other parties at least 45 days before it is submitted or presented.
- Within this review period, a party may ask for its confidential information to be removed.
- Within the review period, a party may also ask for a delay so that a patent application can be filed. The delay may be up to 90 days beyond the review period.
- No party may prevent the publication of results; it can only ask for a delay or for confidential information to be removed.

PhD theses are treated differently: the public defence of a PhD thesis may not be delayed by more than 60 days in total. Master's theses can be placed under confidentiality for up to 12 months instead of being delayed.

## Sharing of licensing income

Net licensing income from foreground owned by a public partner is shared between the inventors and the institution as follows:

| Net licensing income per invention | Share to the inventors | Share to the institution |
| First EUR 100,000 | One third | Two thirds |
| From EUR 100,000 to EUR 1,000,000 | 25 percent | 75 percent |
| Above EUR 1,000,000 | 15 percent | 85 percent |

Where a partner's national law or an employment contract gives inventors a larger share, the larger share applies.

## Acknowledgement

Publications from joint projects must acknowledge the collaboration between the Øresund regions and Massachusetts. Authorship follows the ICMJE criteria; being a partner institution does not by itself give a right to authorship.

## Governing law and disputes

Projects led from the Øresund side are governed by Danish law. Projects led from Massachusetts are governed by the laws of the Commonwealth of Massachusetts. The parties first try to solve disputes by mediation. If mediation fails after 60 days, the dispute is settled by arbitration.

## Contact

Questions about these terms can be sent to the technology transfer contact of your institution or to ip@example.org.
""")

LAB_SAFETY = dict(
    name="lab-safety-induction.txt", fmt="txt", date="2025-03-03",
    title="Lab safety induction for visiting researchers",
    body="""
# Lab safety induction for visiting researchers - Kalvebod Translational Research Centre

This note is for visiting researchers, PhD students and students who will work in the laboratories of the Kalvebod Translational Research Centre in Copenhagen during a stay under the Øresund-Massachusetts collaboration. Please read it before you arrive.

## No lab access without the induction

Your access card only opens the office floors until you have completed the lab safety induction. The card is upgraded for the laboratories on the working day after the induction. You must complete the induction within your first 5 working days. Visitors who stay for less than 5 working days and only observe experiments do not need the full induction, but must be accompanied by a host at all times.

## When and where

Induction sessions are held every Tuesday and Thursday at 09:00 in Room K2.14, second floor, building K. A session lasts 3 hours, including a tour of the laboratories. Sign up by e-mail to labsafety@example.org at least two working days before the session. Sessions are held in English.

## What the induction covers

- fire safety, evacuation routes and assembly points;
- chemical safety, the chemical inventory and safety data sheets;
- biological safety at biosafety level 1 and 2;
- waste handling, including sharps, chemical waste and biological waste;
- personal protective equipment;
- what to do after an accident or exposure.

## Additional training

Work at biosafety level 2 requires an additional biosafety course of 2 hours, which is held on the first Wednesday of each month. The centre has no biosafety level 3 laboratory that visitors can use.

Visitors may not handle radioactive isotopes. Work in the animal facility requires a separate laboratory animal science course, which is not part of this induction and which must be approved by the animal facility manager before the stay.

## Working hours and lone working

Lone working in the laboratories is not permitted between 20:00 and 07:00 or at weekends, unless a lone-worker plan has been approved by the group leader and the safety officer. Students below PhD level may never work alone in a laboratory, not even with an approved plan. Office areas can be used at any time.

## Personal protective equipment

Lab coats and safety glasses are provided free of charge. Visitors who need prescription safety glasses must buy them themselves; the centre does not refund them. Gloves must be removed before touching door handles, keyboards or phones.

## Accidents and emergencies

In an emergency, call the internal emergency number 4444 from any centre phone. Every accident, near-miss or exposure must be reported to the safety officer within 24 hours using the incident form. Needle-stick injuries must also be reported to the occupational health service on the same day.

## Safety officer

The safety officer is Jonas Riis-Kvist. He can be reached at labsafety@example.org.
""")
