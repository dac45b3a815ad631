"""The portal UI a person clicks through: CRM lists and cards, the app page, the install flow.

Pages are server-rendered (Jinja autoescaping: CRM data is always escaped). App frames are opened the
way Bitrix24 opens them (devportal/frames.py, static/portal.js); every frame carries the viewing
user's own tokens. The viewing user is a cookie set by the user switcher (admin or manager).
Changes made here go through devportal.crm.Crm, so rights and events behave as through REST.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from devportal import install_flow
from devportal.crm import KINDS, Crm
from devportal.errors import RestError
from devportal.frames import (
    KIND_APP,
    KIND_INSTALL,
    KIND_TAB,
    Frame,
    FrameRegistry,
    open_frame,
)
from devportal.records import PAGE_SIZE
from devportal.state import Origin, Portal, current_portal
from devportal.ui_cards import TAB_PLACEMENTS, card_context, list_rows, tab_title
from devportal.ui_text import field_titles, texts

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static",
               static_url_path="/devportal-static")
LIST_KINDS = ("company", "contact", "lead")
USER_COOKIE, LANG_COOKIE = "devportal_user", "devportal_lang"
APP_TITLE = "Порядок"


def read_page_config(html: str) -> dict:
    """The frames and URLs a portal page hands to static/portal.js (for scripts and tests driving the UI)."""
    start = html.index('id="devportal-config">') + len('id="devportal-config">')
    return json.loads(html[start:html.index("</script>", start)])


def _registry() -> FrameRegistry:
    return current_app.extensions.setdefault("devportal.frames", FrameRegistry())


@bp.before_request
def _who_is_looking() -> Response | None:
    portal = current_portal()
    try:
        user_id = int(request.cookies.get(USER_COOKIE, "1"))
    except ValueError:
        user_id = 1
    g.portal = portal
    g.user = portal.users.get(user_id) or portal.users[1]
    g.lang = "en" if request.cookies.get(LANG_COOKIE) == "en" else "ru"
    g.t = texts(g.lang)
    # Forms and XHRs that change something must come from our own pages (the stand-in's CSRF guard).
    if request.method == "POST" and not _same_origin():
        return Response(g.t["bad_origin"], status=403)
    return None


def _same_origin() -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return False
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def _page(template: str, *, frames: list[Frame] = (), urls: dict | None = None, open_tab: str | None = None,
          **context) -> str:
    portal: Portal = g.portal
    config = {"frames": [f.descriptor() for f in frames], "openTab": open_tab,
              "urls": {"installFinish": url_for("ui.install_finish"), "refreshAuth": url_for("ui.refresh_auth"),
                       "openApplication": url_for("ui.open_application"), **(urls or {})}}
    notice_key = request.args.get("notice", "")
    return render_template(template, t=g.t, lang=g.lang, user=g.user, users=list(portal.users.values()),
                           installed=portal.app.installed, app_title=APP_TITLE, page_config=config,
                           notice=g.t.get(notice_key) if notice_key in ("installed", "saved", "lead_added") else None,
                           notice_kind="success", field_titles=field_titles(g.lang), **context)


# -- BX24.js stand-in at a stable URL (and at the real script's path) ---------------------------------
@bp.get("/bx24.js")
@bp.get("/api/v1/")
def bx24_script() -> Response:
    script = (Path(bp.static_folder) / "bx24.js").read_bytes()   # small; read whole, no open file left behind
    return Response(script, mimetype="application/javascript", headers={"Access-Control-Allow-Origin": "*"})


@bp.get("/")
def home() -> Response:
    return redirect(url_for("ui.entity_list", kind="company"))


@bp.post("/devportal/user")
def switch_user() -> Response:
    user_id = request.form.get("user_id", "1")
    target = request.form.get("next") or url_for("ui.home")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("ui.home")
    response = redirect(target)
    if user_id.isdigit() and int(user_id) in g.portal.users:
        response.set_cookie(USER_COOKIE, user_id, samesite="Strict", httponly=True)
    return response


@bp.get("/crm/<kind>/list/")
def entity_list(kind: str) -> str:
    if kind not in LIST_KINDS:
        abort(404)
    page = max(request.args.get("page", 1, type=int), 1)
    q = request.args.get("q", "").strip()
    with g.portal.lock:
        rows, total = list_rows(g.portal, kind, q, (page - 1) * PAGE_SIZE, g.lang)
    t = g.t
    columns = [t["col_id"], t["col_name"] if kind == "contact" else t["col_title"], t["col_phone"],
               t["col_email"], t["col_company"] if kind != "lead" else t["col_lead_company"], t["col_assigned"]]
    if kind == "company":
        columns[4] = t["col_company_type"]
    return _page("devportal/list.html", kind=kind, rows=rows, total=total, q=q, page=page,
                 pages=max(1, math.ceil(total / PAGE_SIZE)), columns=columns, heading=t[_plural(kind)])


def _plural(kind: str) -> str:
    return {"company": "companies", "contact": "contacts", "lead": "leads"}[kind]


@bp.get("/crm/<kind>/details/<int:entity_id>/")
def entity_card(kind: str, entity_id: int) -> str:
    if kind not in LIST_KINDS:
        abort(404)
    portal: Portal = g.portal
    with portal.lock:
        context = card_context(portal, kind, entity_id, g.t, g.lang)
        if context is None:
            abort(404)
        if request.args.get("fragment") == "data":
            return render_template("devportal/_card_data.html", t=g.t, field_titles=field_titles(g.lang), **context)
        tabs = []
        code = TAB_PLACEMENTS[kind]
        for number, binding in enumerate(install_flow.bound_placements(portal, code, g.user.id), start=1):
            options = install_flow.with_uri(code, {"ID": str(entity_id)})
            frame = _registry().remember(open_frame(portal, kind=KIND_TAB, user_id=g.user.id,
                                                    handler_url=binding["handler"], placement=code,
                                                    options=options, lang=g.lang))
            tabs.append({"key": f"app{number}", "title": tab_title(binding, g.lang), "sid": frame.sid,
                         "frame": frame})
    return _page("devportal/card.html", frames=[tab["frame"] for tab in tabs],
                 urls={"cardData": url_for("ui.entity_card", kind=kind, entity_id=entity_id, fragment="data")},
                 open_tab=_safe_tab(request.args.get("tab")), kind=kind, tabs=tabs,
                 list_title=g.t[_plural(kind)], **context)


def _safe_tab(value: str | None) -> str | None:
    return value if value and value.isalnum() else None


@bp.post("/crm/<kind>/details/<int:entity_id>/")
def update_entity(kind: str, entity_id: int) -> Response:
    if kind not in LIST_KINDS:
        abort(404)
    fields = {name: request.form[name] for name in KINDS[kind].field_names if name in request.form}
    phone = request.form.get("PHONE", "").strip()
    if phone:
        fields["PHONE"] = [{"VALUE": phone, "VALUE_TYPE": "WORK"}]
    return _change(lambda crm, origin: crm.update(kind, entity_id, fields, origin),
                   url_for("ui.entity_card", kind=kind, entity_id=entity_id, notice="saved"))


@bp.post("/crm/lead/add")
def add_lead() -> Response:
    form = request.form
    fields = {name: form.get(name, "").strip() for name in ("TITLE", "NAME", "LAST_NAME", "COMPANY_TITLE")}
    for type_id in ("PHONE", "EMAIL"):
        if form.get(type_id, "").strip():
            fields[type_id] = [{"VALUE": form[type_id].strip(), "VALUE_TYPE": "WORK"}]
    created = {}

    def add(crm: Crm, origin: Origin) -> None:
        created["id"] = crm.add("lead", fields, origin)
    response = _change(add, None)
    if created:
        return redirect(url_for("ui.entity_card", kind="lead", entity_id=created["id"], notice="lead_added"))
    return response


def _change(action, success_url: str | None) -> Response:
    """Run a CRM change as the viewing user; the portal's own error text is shown on failure."""
    portal: Portal = g.portal
    try:
        with portal.lock:
            action(Crm(portal), Origin(g.user.id))
    except RestError as error:
        return Response(render_template("devportal/error.html", t=g.t, lang=g.lang, message=error.description,
                                        back=request.referrer or url_for("ui.home")), status=error.status or 400)
    return redirect(success_url) if success_url else Response(status=204)


# -- the application page and the install flow --------------------------------------------------------
@bp.get("/marketplace/app/")
def app_page() -> str:
    """The app's page. Until installFinish an administrator gets the install page here (§1.1)."""
    portal: Portal = g.portal
    frame = None
    with portal.lock:
        if portal.app.installed:
            frame = open_frame(portal, kind=KIND_APP, user_id=g.user.id, handler_url=portal.app.handler_url,
                               placement="DEFAULT", lang=g.lang)
        elif g.user.is_admin:
            install_flow.begin(portal, g.user.id)
            frame = open_frame(portal, kind=KIND_INSTALL, user_id=g.user.id, handler_url=portal.app.install_url,
                               placement="DEFAULT", lang=g.lang)
    if frame is not None:
        _registry().remember(frame)
    return _page("devportal/app.html", frames=[frame] if frame else [], kind="app", frame=frame)


def _frame_from_request(kind: str | None = None) -> Frame:
    body = request.get_json(silent=True) or {}
    frame = _registry().get(str(body.get("sid", "")))
    # Only the user who opened the frame may act for it; the install step only from an install frame.
    if frame is None or frame.user_id != g.user.id or (kind and frame.kind != kind):
        abort(403)
    return frame


@bp.post("/devportal/install-finish")
def install_finish() -> Response:
    _frame_from_request(KIND_INSTALL)
    install_flow.finish(g.portal)
    return jsonify(message=g.t["installed"], next=url_for("ui.app_page", notice="installed"))


@bp.post("/devportal/refresh-auth")
def refresh_auth() -> Response:
    frame = _frame_from_request()
    portal: Portal = g.portal
    with portal.lock:
        tokens = portal.issue_tokens(frame.user_id)
    return jsonify(AUTH_ID=tokens.access_token, REFRESH_ID=tokens.refresh_token,
                   AUTH_EXPIRES=portal.options.token_lifetime)


@bp.post("/devportal/open-application")
def open_application() -> Response:
    """BX24.openApplication: the app page in a slider, `params` in PLACEMENT_OPTIONS."""
    _frame_from_request()
    body = request.get_json(silent=True) or {}
    options = body.get("options") if isinstance(body.get("options"), dict) else {}
    portal: Portal = g.portal
    if not portal.app.installed:
        abort(409)
    with portal.lock:
        frame = open_frame(portal, kind=KIND_APP, user_id=g.user.id, handler_url=portal.app.handler_url,
                           placement="DEFAULT", options={str(k): str(v) for k, v in options.items()}, lang=g.lang)
    return jsonify(_registry().remember(frame).descriptor())
