"""Where the generated documents go and the time zones their dates are written in."""

from datetime import timedelta, timezone
from pathlib import Path

DOCS = Path(__file__).resolve().parent / "docs"
CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))
