"""XHR endpoints of the requisites card tab, on the `/api/` blueprint (signed frame token required).

    GET  /api/requisites/card               the record's requisites, the INN hint, whether undo is possible
    GET  /api/requisites/search?q=…         registry candidates for an INN/OGRN/OGRNIP or a name
    POST /api/requisites/preview  {key, bik?, account?, requisite_ids?}      the side-by-side diff
    POST /api/requisites/apply    {key, mode, bik?, account?, confirmed?, requisite_ids?, target_requisite_id?,
                                   fingerprint?}   (the preview's: refused with 409 if the portal changed since)
    POST /api/requisites/undo     {force?}                                   undo the app's last change here

The record is the one the frame token names; every portal call uses the acting user's own token.
Errors come back as `{error, message}` in the user's language; nothing is written when one occurs.
"""
from __future__ import annotations

from typing import Any

from flask import current_app, g, jsonify, request

from app.acting_user import acting_client
from app.api import bp
from app.db import get_db
from app.errors import Refused
from bitrix_client import AccessDenied, ApiError
from requisites.dadata_source import BadApiKey, NoApiKey, QuotaExhausted, RegistryError
from requisites.model import ConfirmationRequired, InvalidInput, Mode, PresetNotFound, RequisitesError, UndoConflict
from services.admin_settings import InvalidSetting
from services.requisites import (BankNotFound, CandidateNotFound, ChangedSincePreview, NothingToUndo, Owner,
                                 RequisitesService, WriteFailed)
from services.requisites.sources import inn_field, make_source
from services.requisites_tab import (ContactNeedsEntrepreneur, NotARequisitesTab, only_what_fits, require_fits,
                                     tab_owner)

# Our answer's status and code for each requisites error (most specific class first).
ERROR_STATUS: tuple[tuple[type[Exception], int, str], ...] = (
    (InvalidInput, 400, "invalid_input"),
    (InvalidSetting, 400, "invalid_setting"),
    (BankNotFound, 400, "bank_not_found"),
    (ContactNeedsEntrepreneur, 400, "contact_needs_entrepreneur"),
    (NotARequisitesTab, 400, "not_a_requisites_tab"),
    (CandidateNotFound, 404, "candidate_not_found"),
    (NothingToUndo, 409, "nothing_to_undo"),
    (ChangedSincePreview, 409, "changed_since_preview"),
    (ConfirmationRequired, 409, "confirmation_required"),
    (UndoConflict, 409, "undo_conflict"),
    (PresetNotFound, 409, "preset_missing"),
    (NoApiKey, 503, "registry_key_missing"),
    (BadApiKey, 503, "registry_key_rejected"),
    (QuotaExhausted, 503, "registry_quota_exhausted"),
    (RegistryError, 502, "registry_unavailable"),
)


def requisites_error(error: Exception):
    """Any requisites error as `{error, message}` in the user's language (+ the conflicting fields)."""
    lang = g.get("lang", "ru")
    if isinstance(error, WriteFailed):
        status, code = _write_failed_status(error), "write_refused"
    else:
        status, code = next(((s, c) for cls, s, c in ERROR_STATUS if isinstance(error, cls)), (400, "refused"))
    body: dict[str, Any] = {"error": code, "message": error.user_message(lang)}
    if isinstance(error, UndoConflict):
        body["fields"] = list(error.fields)
    response = jsonify(body)
    response.status_code = status
    return response


def _write_failed_status(error: WriteFailed) -> int:
    cause = error.cause
    refused = isinstance(cause, AccessDenied) or (type(cause) is ApiError and not cause.code)
    return 403 if refused else 502


bp.register_error_handler(RequisitesError, requisites_error)


# ---------------------------------------------------------------- helpers

def _owner() -> Owner:
    return tab_owner(g.claims.placement, g.claims.entity_id)


def _service() -> RequisitesService:
    db, member_id, config = get_db(), g.portal.member_id, current_app.config
    return RequisitesService(db=db, member_id=member_id, client=acting_client(),
                             source=lambda: make_source(db, member_id, config), user_id=g.user_id,
                             inn_field=inn_field(db, member_id), lang=g.lang)


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refused(400, "json_body_expected")
    return body


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int)):
        raise Refused(400, "field_malformed", field=name)
    return str(value).strip() or None


def _ids(body: dict[str, Any]) -> list[str]:
    value = body.get("requisite_ids") or []
    if not isinstance(value, list) or not all(str(v).isdigit() for v in value):
        raise Refused(400, "field_malformed", field="requisite_ids")
    return [str(v) for v in value][:50]


def _candidate_key(body: dict[str, Any], owner: Owner) -> str:
    key = _text(body, "key")
    if key is None:
        raise Refused(400, "field_malformed", field="key")
    require_fits(owner, key)
    return key


# ---------------------------------------------------------------- endpoints

@bp.get("/requisites/card")
def requisites_card():
    owner = _owner()
    view = _service().card(owner)
    return jsonify(view.to_dict() | {"entity_type": owner.entity_type})


@bp.get("/requisites/search")
def requisites_search():
    owner = _owner()
    view, hidden = only_what_fits(_service().search(request.args.get("q", "")), owner)
    return jsonify(view.to_dict() | {"hidden_organisations": hidden})


@bp.post("/requisites/preview")
def requisites_preview():
    owner, body = _owner(), json_body()
    view = _service().preview(owner, _candidate_key(body, owner), bik=_text(body, "bik"),
                              account=_text(body, "account"), requisite_ids=_ids(body))
    return jsonify(view.to_dict())


@bp.post("/requisites/apply")
def requisites_apply():
    owner, body = _owner(), json_body()
    mode = body.get("mode")
    if mode not in {m.value for m in Mode}:
        raise Refused(400, "field_malformed", field="mode")
    result = _service().apply(owner, _candidate_key(body, owner), mode, bik=_text(body, "bik"),
                              account=_text(body, "account"), confirmed=body.get("confirmed") is True,
                              requisite_ids=_ids(body), target_requisite_id=_text(body, "target_requisite_id"),
                              fingerprint=_text(body, "fingerprint"))
    return jsonify(result.to_dict())


@bp.post("/requisites/undo")
def requisites_undo():
    owner, body = _owner(), json_body()
    result = _service().undo_last(owner, force=body.get("force") is True)
    return jsonify(result.to_dict())
