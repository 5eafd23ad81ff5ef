"""Document texts, part A (invented content). Mini-markup: '# ' headings, '- ' list items,
'| a | b |' table rows (first row is the header), blank lines between paragraphs."""

PHD_CALL = dict(
    name="phd-mobility-scheme-2027.md", fmt="md", date="2026-05-15", category="exchange",
    title="PhD Mobility Scheme 2027 - call for applications",
    body="""
# PhD Mobility Scheme 2027 - call for applications

The PhD Mobility Scheme funds research stays for doctoral students who want to spend part of their PhD at a partner institution on the other side of the Atlantic. The scheme is run by the collaboration secretariat on behalf of the Capital Region of Denmark, Region Zealand, Region Skåne and the Commonwealth of Massachusetts. This call covers stays that start in 2027.

## What is new in 2027

From the 2027 round, PhD students no longer apply under the researcher exchange. All research stays for PhD students are funded through the PhD Mobility Scheme, and applications from PhD students to the researcher exchange will be transferred to this call. Postdocs and senior researchers continue to use the researcher exchange.

## Who can apply

You can apply if all of the following are true:

- you are enrolled as a PhD student at a university in the Capital Region of Denmark, Region Zealand, Region Skåne or Massachusetts;
- your project is in life science (biotech, medicine, medical technology, public health or bioinformatics);
- you have completed at least 6 months of your PhD when the stay starts;
- you have a confirmed host supervisor at the receiving institution.

Industrial PhD students are eligible if their company agrees to the stay in writing. Master's students, postdocs and PhD students in the last three months of their enrolment are not eligible. Each PhD student can receive funding for one stay only during the whole PhD.

## Length of the stay

A stay lasts between 2 and 6 months. The stay can be split into two periods if the host supervisor agrees, but the two periods together may not exceed the maximum. All stays funded under this call must be completed by 31 December 2027.

## What the scheme pays

The scheme pays a monthly mobility top-up on top of the PhD salary. The top-up is not a salary and does not replace the salary paid by the home university. The amount depends on the host city:

| Host city | Monthly top-up |
| Copenhagen | DKK 6,500 |
| Lund and Malmö | SEK 9,000 |
| Boston and Cambridge (MA) | USD 1,400 |

In addition, a one-off travel lump sum of DKK 9,000 (or SEK 13,000 or USD 1,300) is paid for the return journey across the Atlantic. Visa fees are reimbursed up to USD 600 against receipts.

The scheme does not pay tuition or bench fees at the host institution, travel for family members or conference fees. Students who need a conference grant during the stay can apply for a conference travel grant in the normal rounds.

## Deadline and decisions

The application deadline is 1 February 2027 at 14:00 CET. Decisions are sent by e-mail by 15 March 2027. The earliest possible start of a stay is 1 May 2027.

Late applications are not assessed, including applications where only an attachment is missing.

## What to submit

Applications are submitted through the mobility portal. Applications sent by e-mail are not accepted. An application consists of:

- a research plan of at most two pages describing what you will do during the stay;
- a statement from your main supervisor supporting the stay;
- a host letter signed by the host supervisor;
- the budget form, filled in with the expected start and end dates.

## How applications are assessed

A panel of four senior researchers, two from each side of the Atlantic, assesses the applications. The panel looks at the scientific value of the stay for the PhD project, the fit with the host group and the likelihood that the stay leads to continued collaboration. Applicants from Region Zealand and from Massachusetts institutions outside Boston are encouraged to apply, as these groups have been under-represented in earlier rounds.

## Obligations after the stay

Within one month after the stay, the PhD student submits a short report of one to two pages and a statement from the host supervisor. The last month of the top-up is paid when the report has been approved.

## Contact

Questions about this call can be sent to Henrik Vestergaard, PhD mobility coordinator, at phd-mobility@example.org. An online information webinar about the call is announced in the events calendar.
""")

PHD_CORRIGENDUM = dict(
    name="phd-mobility-corrigendum.pdf", fmt="pdf", date="2026-12-03",
    title="Corrigendum No. 1 - PhD Mobility Scheme 2027",
    body="""
# Corrigendum No. 1 to the call PhD Mobility Scheme 2027

Date of this corrigendum: 3 December 2026

This corrigendum amends the call for applications "PhD Mobility Scheme 2027" published on 15 May 2026. It is issued by the collaboration secretariat after the decision of the programme board on 1 December 2026. Where this corrigendum and the original call differ, this corrigendum applies.

## Why the call is amended

The mobility portal is being moved to a new platform during January 2027. To give applicants enough time after the move, the programme board has decided to move the application deadline and the dates that follow from it. At the same time, the board has agreed to allow longer stays, following feedback from host supervisors in Massachusetts that six months is often too short for laboratory projects.

## What changes

| Item | Original call | Corrected |
| Application deadline | 1 February 2027, 14:00 CET | 22 February 2027, 14:00 CET |
| Decisions sent | by 15 March 2027 | by 6 April 2027 |
| Earliest start of a stay | 1 May 2027 | 1 June 2027 |
| Maximum length of a stay | 6 months | 8 months |
| Stays completed by | 31 December 2027 | 31 March 2028 |

The minimum length of a stay is still 2 months.

## What does not change

All other conditions of the call remain unchanged. In particular, the eligibility rules, the rule of one funded stay per PhD student, the documents to submit and the assessment criteria are the same as in the original call. Applications are still submitted only through the mobility portal; e-mail applications are still not accepted.

The monthly mobility top-ups are not changed by this corrigendum. Applicants should use the amounts in the current stipend and cost-of-living table published by the secretariat.

## Applicants who have already submitted

Applications already submitted in the old portal before 20 December 2026 are moved to the new portal automatically. Applicants do not need to submit again, but they may update their application until the new deadline. Applicants who want to extend a planned stay beyond 6 months must upload a revised host letter and budget form.

## Contact

Questions about this corrigendum can be sent to phd-mobility@example.org.
""")

CLINICAL = dict(
    name="clinical-trial-collaboration-guide.docx", fmt="docx", date="2025-09-10",
    title="Guide to transatlantic clinical-trial collaborations",
    body="""
# Guide to transatlantic clinical-trial collaborations

This guide is for clinicians and researchers who want to run a clinical trial with sites both in the Øresund Region and in Massachusetts. It explains roles, approvals, costs and the support offered by the Øresund Clinical Trial Office (ØCTO). The guide applies to investigator-initiated trials of medicinal products and to clinical investigations of medical devices.

## Who does what

Every trial has exactly one sponsor. For investigator-initiated trials under the collaboration, the sponsor must be a public hospital, a university or a region. Companies may fund a trial or supply the investigational product, but a company cannot act as sponsor of an investigator-initiated trial under this guide.

Each site has a principal investigator who is responsible for the conduct of the trial at that site. In trials with sites on both sides of the Atlantic, the sponsor appoints one coordinating investigator in Europe and one in the United States.

## When to start planning

Contact ØCTO at least 9 months before the planned first patient in. A feasibility meeting is held within 15 working days after the first contact. At this meeting ØCTO, the coordinating investigators and the sites agree on a realistic timeline.

## Approvals

Approvals must be in place in each country before the first participant is enrolled there. The table shows the time we plan with from a complete submission to approval. These are planning figures, not legal deadlines.

| Jurisdiction | Approval route | Planning time |
| Denmark | Coordinated application through the EU trial portal, with review by the medical research ethics committee | 90 days |
| Sweden | Coordinated application through the EU trial portal, with review by the national ethical review authority | 100 days |
| Massachusetts (United States) | Institutional review board at each site and, where required, an investigational new drug application | 60 days |

For device studies, add 30 days to the planning time in Denmark and Sweden. ØCTO does not currently support trials with sites in Norway, Finland or Germany.

## What ØCTO offers

ØCTO supports academic sponsors with:

- review of the protocol and the informed consent documents;
- preparation of the applications in Denmark and Sweden;
- contact with the institutional review boards in Massachusetts through our Boston liaison;
- monitoring of the Danish and Swedish sites;
- a shared electronic data capture system.

ØCTO does not support first-in-human (phase I) trials and does not support studies of class III implantable devices. Such trials must use the sponsor's own clinical research organisation.

## Costs

Protocol review and the feasibility meeting are free of charge. Other services are charged as follows:

| Service | Academic sponsor | Company-funded trial |
| Coordination support, per trial and year | DKK 25,000 | DKK 60,000 |
| Monitoring visit at a Danish or Swedish site | DKK 9,500 | DKK 14,000 |
| Electronic data capture, per trial and year | DKK 18,000 | DKK 30,000 |

Prices are exclusive of VAT. Costs at the Massachusetts sites are agreed directly between the sponsor and each site and are not invoiced by ØCTO.

## Insurance and registration

The sponsor must make sure that all participants are covered by trial insurance in every country where the trial runs. A trial must be registered in a public trial register before the first participant is enrolled. Results must be posted within 12 months after the end of the trial, also when the trial is stopped early.

## Data between the sites

Only pseudonymised trial data may be sent between the European and the US sites. The sponsor signs a data transfer agreement with each US site before any data are transferred. Source documents stay at the site where they were created.

## Contact

Dr Elin Sandvik heads ØCTO and is the clinical trials liaison of the collaboration. Write to ctrials@example.org to book a feasibility meeting.
""")

BIOBANK_POLICY = dict(
    name="biobank-access-policy-2025.pdf", fmt="pdf", date="2025-04-01",
    title="Biobank Access Policy, version 2.1",
    body="""
# Biobank Access Policy, version 2.1

Date: 1 April 2025. This version replaces version 2.0 of 12 January 2024.

This policy sets out how researchers and companies in the Øresund-Massachusetts collaboration can get access to human biological samples and linked data held by the Øresund Biobank Network. The network stores samples at three facilities: Amagerfælled Biobank in Copenhagen, Roskilde Sample Store and the Lund Biorepository.

## Who may apply

Applications may be made by researchers employed at a university, university hospital or public research institution that is a partner in the collaboration, including partners in Massachusetts. Companies may get access only through a collaboration agreement with an academic partner, and the academic partner is the applicant. PhD students may apply together with their supervisor. Students below PhD level are not eligible to apply, not even together with a supervisor.

## How to apply

Applications are sent to the Biobank Access Committee (BAC). The BAC meets on the first Monday of every month, except in July. An application must contain:

- a project description of at most three pages;
- the number and type of samples requested;
- proof of ethics approval for the project, or the date on which it is expected;
- a data management plan.

The BAC makes a decision within 8 weeks of receiving a complete application. Samples are not released until the ethics approval and a signed material transfer agreement are in place.

## Limits

A project may receive at most 500 aliquots per calendar year. The BAC can approve more in exceptional cases, for example for validation studies of a diagnostic test. Samples from children under 15 years are only released for projects that study childhood disease.

## Fees

Fees cover handling, retrieval and quality control. They are charged per sample or per item, as shown below. Commercial rates apply to all projects where a company has access to the samples or to results derived from them.

| Item | Academic rate | Commercial rate |
| Application handling | DKK 2,000 | DKK 5,000 |
| Serum or plasma aliquot, per sample | DKK 350 | DKK 1,200 |
| DNA extract, per sample | DKK 600 | DKK 1,900 |
| FFPE tissue section, per slide | DKK 180 | DKK 650 |
| Linked registry data extract, per project | DKK 8,000 | DKK 25,000 |

Fees are invoiced to the applicant's institution when the samples are released. Fees are not refunded if a project uses fewer samples than it has received.

## Use of samples

Samples may only be used for the project that the BAC has approved. Samples and material derived from them may not be sold or passed on to third parties. Any unused material must be returned or destroyed within 30 days after the end of the project, and the applicant must confirm this in writing.

## Publications

Publications based on samples from the network must acknowledge the Øresund Biobank Network and give the access number assigned by the BAC. A copy of each publication is sent to the BAC.

## Contact

Biobank access coordinator: Lena Björkqvist, biobank-access@example.org.
""")
