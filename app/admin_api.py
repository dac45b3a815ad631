"""XHR endpoints of the app page for portal administrators, on the `/api/` blueprint (signed frame token).

    GET  /api/settings                  the requisites settings (the DaData key only as "set / whose")
    POST /api/settings                  {dadata_api_key?, clear_dadata_api_key?, inn_field?, autofill_leads?}
    GET  /api/requisites/bulk           the latest bulk-fill job id and state; whether a stopped run can resume
    POST /api/requisites/bulk           start (or resume) «Заполнить реквизиты у всех компаний» → 202 {job_id}
    POST /api/requisites/bulk/stop      ask the running job to stop after its current chunk

Each one first asks the portal whether the acting user is an administrator (`user.admin` with their own
token). Progress is polled at `GET /api/jobs/<id>` (app/api.py).
"""
from __future__ import annotations

from flask import current_app, g, jsonify

from app.acting_user import require_portal_admin
from app.api import bp
from app.db import get_db
from app.requisites_api import json_body
from services.admin_settings import settings_view, update_settings
from services.bulk_fill import bulk_state, start_bulk_fill, stop_bulk_fill

SETTINGS_FIELDS = frozenset({"dadata_api_key", "clear_dadata_api_key", "inn_field", "autofill_leads"})


@bp.get("/settings")
def settings_read():
    client = require_portal_admin()
    return jsonify(settings_view(get_db(), g.portal.member_id, current_app.config, client).to_dict())


@bp.post("/settings")
def settings_write():
    client = require_portal_admin()
    changes = {key: value for key, value in json_body().items() if key in SETTINGS_FIELDS}
    view = update_settings(get_db(), g.portal.member_id, current_app.config, client, changes, lang=g.lang)
    return jsonify(view.to_dict())


@bp.get("/requisites/bulk")
def bulk_fill_state():
    require_portal_admin()
    return jsonify(bulk_state(get_db(), g.portal.member_id))


@bp.post("/requisites/bulk")
def bulk_fill_start():
    require_portal_admin()
    tasks = current_app.extensions["poryadok.tasks"]
    job, created = start_bulk_fill(get_db(), g.portal.member_id, g.user_id, tasks.requisites_bulk_fill)
    response = jsonify(job_id=job["id"], created=created)
    response.status_code = 202 if created else 200
    return response


@bp.post("/requisites/bulk/stop")
def bulk_fill_stop():
    require_portal_admin()
    job = stop_bulk_fill(get_db(), g.portal.member_id)
    return jsonify(job_id=job["id"] if job else None, stopping=job is not None)
