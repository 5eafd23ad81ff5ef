"""Contacts: search and filter, edit one, import a CSV with a preview first, export, forget.

The preview runs the whole import and rolls it back, so it lists every row the import would reject,
with its line number, before anything is written; the commit then imports the same bytes in one
transaction. The uploaded file waits for the commit under BOT_DATA_DIR/console/imports, named by a
random token, and is deleted once imported.
"""

from __future__ import annotations

import io
import re
import secrets
from pathlib import Path
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.audit import record
from bot.config import KINDS, REGIONS
from bot.db.models import Contact
from bot.db.session import transaction
from bot.errors import InvalidInput, NotFound
from bot.matching.contacts import VERIFIED_FILTERS, export_rows, search_contacts
from bot.matching.csv_io import write_contacts
from bot.matching.forget import forget_person
from bot.matching.importer import import_bytes, preview_import
from bot.matching.profiles import LIST_FIELDS, edit_profile, load_profile, mark_verified, profile_history
from handlers.console.security import safe_next
from handlers.console.web import Console, call, staff_only, uploaded

PAGE = 50
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def routes(console: Console) -> list[Route]:
    services, settings = console.services, console.settings
    waiting = Path(settings.bot_data_dir) / "console" / "imports"

    def pending(token: str) -> Path:
        if not _TOKEN.match(token or ""):
            raise InvalidInput("That import is not waiting any more; upload the file again.")
        path = waiting / f"{token}.csv"
        if not path.is_file():
            raise InvalidInput("That import is not waiting any more (it was imported or the server restarted); upload the file again.")
        return path

    def listing(text: str, kind: str | None, region: str | None, consent: bool | None, verified: str | None,
                offset: int) -> tuple[list[dict], int]:
        with services.sessions() as session:
            found, total = search_contacts(session=session, text=text, kind=kind, region=region, consent=consent,
                                           verified=verified, now=console.now(), limit=PAGE, offset=offset)
            return [{"id": c.id, "name": c.name, "email": c.email, "organization": c.organization.name if c.organization else "",
                     "kind": c.kind, "region": c.region, "consent": c.consent, "title": c.title or "",
                     "last_verified": c.last_verified.date().isoformat() if c.last_verified else ""} for c in found], total

    @staff_only(console)
    async def contacts_page(request: Request) -> Response:
        q = request.query_params
        kind = q.get("kind") if q.get("kind") in KINDS else None
        region = q.get("region") if q.get("region") in REGIONS else None
        consent = {"yes": True, "no": False}.get(q.get("consent", ""))
        verified = q.get("verified") if q.get("verified") in VERIFIED_FILTERS else None
        offset = int(q["offset"]) if q.get("offset", "").isdigit() else 0
        rows, total = await call(listing, q.get("q", ""), kind, region, consent, verified, offset)
        filters = {"q": q.get("q", ""), "kind": kind or "", "region": region or "", "consent": q.get("consent", ""),
                   "verified": verified or ""}
        return console.render(request, "contacts.html", {
            "rows": rows, "total": total, "offset": offset, "page": PAGE, "kinds": KINDS, "regions": REGIONS,
            "filters": filters, "next_page": urlencode({**filters, "offset": offset + PAGE}),
            "here": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
            "verified_now": q.get("verified_now")})

    def contact_detail(contact_id: str) -> tuple[dict, str, list[dict]]:
        profile = load_profile(services.sessions, contact_id=contact_id)
        with services.sessions() as session:
            contact = session.get(Contact, contact_id)
            email = contact.email
            profile["last_verified"] = contact.last_verified.date().isoformat() if contact.last_verified else "never"
        return profile, email, profile_history(services.sessions, contact_id=contact_id)

    @staff_only(console)
    async def contact_page(request: Request) -> Response:
        profile, email, history = await call(contact_detail, request.path_params["contact_id"])
        return console.render(request, "contact.html", {"profile": profile, "email": email, "history": history,
                                                        "list_fields": LIST_FIELDS, "saved": request.query_params.get("saved")})

    @staff_only(console)
    async def save_contact(request: Request) -> Response:
        form = await request.form()
        contact_id = request.path_params["contact_id"]
        fields = {name: str(form.get(name, "")).replace("\n", ";") for name in LIST_FIELDS}
        fields["consent"] = form.get("consent") == "yes"
        changes = await call(edit_profile, services.sessions, services.intros, contact_id=contact_id,
                             editor_ref=request.state.user, is_staff=True, editor_contact_id=None, fields=fields,
                             now=console.now())
        return RedirectResponse(f"/contacts/{contact_id}?saved={len(changes)}", status_code=303)

    @staff_only(console)
    async def verify(request: Request) -> Response:
        """One contact (its page) or the ticked rows of the list: their details were checked with them."""
        form = await request.form()
        ids = [str(i) for i in form.getlist("contact_id")]
        count = await call(mark_verified, services.sessions, contact_ids=ids, editor_ref=request.state.user, now=console.now())
        back = str(form.get("back", ""))
        return RedirectResponse(f"{safe_next(back) if back.startswith('/contacts') else '/contacts'}"
                                f"{'&' if '?' in back else '?'}verified_now={count}", status_code=303)

    @staff_only(console)
    async def import_preview(request: Request) -> Response:
        name, data = await uploaded(request, "a CSV file to import", settings.max_upload_bytes)
        if len(data) > settings.max_upload_bytes:
            raise InvalidInput(f"The file is too large; the limit is {settings.max_upload_bytes / 1e6:.0f} MB.")
        source = Path(name).name[:200] or "contacts.csv"
        report = await call(preview_import, sessions=services.sessions, data=data, source=source, embedder=services.embedder)
        token = secrets.token_urlsafe(24)
        waiting.mkdir(parents=True, exist_ok=True)
        (waiting / f"{token}.csv").write_bytes(data)
        return console.render(request, "import_preview.html", {"report": report, "token": token, "source": source})

    def commit(token: str, source: str, actor: str):  # noqa: ANN202
        path = pending(token)
        with transaction(services.sessions) as session:
            report = import_bytes(session=session, data=path.read_bytes(), source=source, embedder=services.embedder, actor=actor)
        path.unlink(missing_ok=True)
        return report

    @staff_only(console)
    async def import_commit(request: Request) -> Response:
        form = await request.form()
        source = Path(str(form.get("source", "contacts.csv"))).name[:200]
        report = await call(commit, str(form.get("token", "")), source, request.state.user)
        return console.render(request, "import_done.html", {"report": report, "source": source})

    def export_csv(actor: str) -> tuple[str, int]:
        out = io.StringIO()
        with transaction(services.sessions) as session:
            count = write_contacts(out, export_rows(session=session))
            record(session, actor=actor, action="contacts.export", detail={"contacts": count}, at=console.now())
        return out.getvalue(), count

    @staff_only(console)
    async def export(request: Request) -> Response:
        text, _ = await call(export_csv, request.state.user)
        return Response(text, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="contacts.csv"', "Cache-Control": "no-store"})

    @staff_only(console)
    async def forget_confirm(request: Request) -> Response:
        profile, email, _ = await call(contact_detail, request.path_params["contact_id"])
        return console.render(request, "forget.html", {"profile": profile, "email": email})

    def forget(contact_id: str, actor: str) -> dict:
        with services.sessions() as session:
            contact = session.get(Contact, contact_id)
            if contact is None:
                raise NotFound("That contact does not exist (any more).")
            email = contact.email
        return forget_person(sessions=services.sessions, engine=services.engine, email=email, actor=actor,
                             cache_dir=settings.bot_data_dir / "matching")

    @staff_only(console)
    async def forget_contact(request: Request) -> Response:
        form = await request.form()
        if form.get("confirm") != "yes":
            raise InvalidInput("Tick the box to confirm the erasure.")
        result = await call(forget, str(form.get("contact_id", "")), request.state.user)
        return console.render(request, "forgotten.html", {"result": result})

    return [
        Route("/contacts", contacts_page),
        Route("/contacts/export", export),
        Route("/contacts/import", import_preview, methods=["POST"]),
        Route("/contacts/import/commit", import_commit, methods=["POST"]),
        Route("/contacts/forget", forget_contact, methods=["POST"]),
        Route("/contacts/verify", verify, methods=["POST"]),
        Route("/contacts/{contact_id}", contact_page),
        Route("/contacts/{contact_id}", save_contact, methods=["POST"]),
        Route("/contacts/{contact_id}/forget", forget_confirm),
    ]
