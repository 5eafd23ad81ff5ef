"""Generate the binary documents (.docx and .pdf) of the held-out evaluation set.

The documents are fictional and were written for evaluation only.

Usage (from any directory):

    pip install --target /tmp/evaltools fpdf2 python-docx pypdf
    PYTHONPATH=/tmp/evaltools python3 eval/heldout/make_binary_docs.py

Writes into eval/heldout/docs/:
    core-facility-fee-schedule-2024.docx
    steering-committee-terms-of-reference.docx
    insurance-and-visa-guide.docx
    data-management-gdpr-guideline.pdf
    travel-reimbursement-policy.pdf
"""

from __future__ import annotations

import pdf_docs
import word_docs
from doc_dates import DOCS


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    word_docs.fee_schedule()
    word_docs.terms_of_reference()
    word_docs.insurance_visa_guide()
    pdf_docs.data_guideline()
    pdf_docs.travel_policy()
    print("wrote", ", ".join(sorted(p.name for p in DOCS.iterdir() if p.suffix in {".docx", ".pdf"})))


if __name__ == "__main__":
    main()
