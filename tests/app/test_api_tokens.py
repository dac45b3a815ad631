"""XHR under /api/: accepted only with a valid, fresh frame token in the X-Poryadok-Token header."""
from __future__ import annotations

import pytest
from itsdangerous.timed import TimestampSigner

from app.security import FRAME_TOKEN_HEADER, FrameClaims, issue_frame_token
from storage.jobs import get_job, start_job
from storage.portals import mark_uninstalled
from tests.app.portal_fakes import MEMBER_ID, placement_post


def claims(**overrides) -> FrameClaims:
    values = dict(member_id=MEMBER_ID, user_id=7, placement="CRM_COMPANY_DETAIL_TAB", entity_id="42", lang="ru")
    values.update(overrides)
    return FrameClaims(**values)


@pytest.fixture
def token(config):
    return issue_frame_token(config["SECRET_KEY"], claims())


def get_context(client, token=None, **headers):
    if token is not None:
        headers[FRAME_TOKEN_HEADER] = token
    return client.get("/api/context", headers=headers)


def test_token_from_a_rendered_tab_opens_the_api(client, installed_portal, bitrix):
    query, form = placement_post("CRM_COMPANY_DETAIL_TAB", entity_id="42")
    bitrix.user_current(form["AUTH_ID"], user_id=7)
    page = client.post("/placement/CRM_COMPANY_DETAIL_TAB", query_string=query, data=form).get_data(as_text=True)
    token = page.split('name="poryadok-token" content="')[1].split('"')[0]

    response = get_context(client, token)

    assert response.status_code == 200
    assert response.get_json() == {"member_id": MEMBER_ID, "domain": installed_portal.domain, "user_id": 7,
                                   "placement": "CRM_COMPANY_DETAIL_TAB", "entity_id": "42", "lang": "ru"}
    assert "Set-Cookie" not in response.headers


def test_missing_token_is_refused_with_a_russian_message(client, installed_portal):
    response = get_context(client)

    assert response.status_code == 401
    assert response.get_json() == {"error": "frame_token_missing",
                                   "message": "Запрос без подписи вкладки. Обновите вкладку."}


def test_tampered_token_is_refused(client, installed_portal, token):
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = get_context(client, forged)

    assert response.status_code == 401 and response.get_json()["error"] == "frame_token_invalid"


def test_token_signed_with_another_key_is_refused(client, installed_portal):
    response = get_context(client, issue_frame_token("some-other-secret", claims()))

    assert response.status_code == 401 and response.get_json()["error"] == "frame_token_invalid"


def test_token_with_changed_claims_but_old_signature_is_refused(client, installed_portal, token, config):
    payload, timestamp, signature = token.rsplit(".", 2)
    other_payload = issue_frame_token(config["SECRET_KEY"], claims(user_id=1)).rsplit(".", 2)[0]
    assert other_payload != payload

    response = get_context(client, f"{other_payload}.{timestamp}.{signature}")

    assert response.status_code == 401 and response.get_json()["error"] == "frame_token_invalid"


def test_expired_token_is_refused(app, client, installed_portal, config, monkeypatch):
    issued_long_ago = TimestampSigner.get_timestamp(None) - app.config["FRAME_TOKEN_TTL"] - 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: issued_long_ago)
    old_token = issue_frame_token(config["SECRET_KEY"], claims())
    monkeypatch.undo()

    response = get_context(client, old_token)

    assert response.status_code == 401
    assert response.get_json()["error"] == "frame_token_expired"


def test_refusal_speaks_the_language_the_page_was_opened_in(client, installed_portal, config):
    english_token = issue_frame_token(config["SECRET_KEY"], claims(member_id="not-installed-here", lang="en"))

    response = get_context(client, english_token)

    assert response.status_code == 401
    assert response.get_json()["message"].startswith("Poryadok is not installed on this portal")


def test_token_of_a_portal_uninstalled_since_is_refused(client, installed_portal, db, token):
    mark_uninstalled(db, MEMBER_ID)

    response = get_context(client, token)

    assert response.status_code == 401 and response.get_json()["error"] == "portal_unknown"


def test_token_in_a_cookie_or_query_is_not_accepted(client, installed_portal, token):
    client.set_cookie("X-Poryadok-Token", token)

    assert client.get(f"/api/context?token={token}").status_code == 401


def test_job_progress_is_readable_only_by_its_own_portal(client, installed_portal, db, config):
    mine, _ = start_job(db, MEMBER_ID, "bulk_fill", started_by=7)
    theirs, _ = start_job(db, "another-member-id", "bulk_fill")
    headers = {FRAME_TOKEN_HEADER: issue_frame_token(config["SECRET_KEY"], claims())}

    own = client.get(f"/api/jobs/{mine['id']}", headers=headers)
    foreign = client.get(f"/api/jobs/{theirs['id']}", headers=headers)

    assert own.status_code == 200 and own.get_json()["state"] == "queued"
    assert foreign.status_code == 404


def test_cancel_request_is_recorded_for_the_worker(client, installed_portal, db, token):
    job, _ = start_job(db, MEMBER_ID, "bulk_fill", started_by=7)  # the frame's user started it

    response = client.post(f"/api/jobs/{job['id']}/cancel", headers={FRAME_TOKEN_HEADER: token})

    assert response.status_code == 200
    assert get_job(db, job["id"])["cancel_requested"] is True


def test_cancel_without_token_changes_nothing(client, installed_portal, db):
    job, _ = start_job(db, MEMBER_ID, "bulk_fill")

    assert client.post(f"/api/jobs/{job['id']}/cancel").status_code == 401
    assert get_job(db, job["id"])["cancel_requested"] is False
