"""Route-level guards that hold for every route, present and future: each `/api` route refuses a request
without the page's signed header token before doing anything, and the only POST routes outside `/api`
are the ones the portal itself calls (each authenticated by its own rule, tested in its own file)."""
from __future__ import annotations

import re

PORTAL_CALLBACKS = {"/install", "/events", "/app", "/placement/<code>"}


def api_routes(app) -> list[tuple[str, str]]:
    return sorted((re.sub(r"<[^>]+>", "1", rule.rule), method) for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/api/") for method in rule.methods - {"HEAD", "OPTIONS"})


def every_row(db) -> dict[str, list[dict]]:
    return {table.name: list(table.rows) for table in db.tables}


def test_every_api_route_refuses_a_request_without_the_frame_token_and_changes_nothing(app, client, installed_portal,
                                                                                        db, http):
    routes = api_routes(app)
    assert sum(method == "POST" for _, method in routes) >= 5
    before = every_row(db)
    for path, method in routes:
        response = client.open(path, method=method, json={"inn": "7707083893", "mode": "replace"})
        assert (path, method, response.status_code) == (path, method, 401)
        assert response.get_json()["error"] == "frame_token_missing"
    assert every_row(db) == before  # and `http` saw no outgoing request at all


def test_posts_outside_the_api_are_only_the_portals_own_callbacks(app):
    posts = {rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods and not rule.rule.startswith("/api/")}
    assert posts == PORTAL_CALLBACKS
