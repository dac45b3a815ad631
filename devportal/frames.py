"""App frames as Bitrix24 opens them: a named iframe plus a form POSTed into it (bitrix24-rest.md §1.2, §8.3).

For every frame the portal UI renders, `open_frame` mints the viewing user's own tokens and an
APP_SID, and returns what the page needs: the window name `"<portal host>|<protocol>|<APP_SID>"`,
the handler URL with DOMAIN/PROTOCOL/LANG/APP_SID in the query, the form body, and the answer to
BX24.js's `getInitData`. The registry remembers recent frames so the page's message listener can
act for the right frame and user (installFinish, refreshAuth) without trusting the frame's word.
"""
from __future__ import annotations

import json
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from devportal.state import Portal

KIND_INSTALL, KIND_APP, KIND_TAB = "install", "app", "tab"
MAX_REMEMBERED_FRAMES = 2000


@dataclass(frozen=True)
class Frame:
    sid: str
    kind: str
    user_id: int
    placement: str
    options: dict | None
    window_name: str
    action: str                 # handler URL + ?DOMAIN&PROTOCOL&LANG&APP_SID
    fields: dict[str, str]      # the POST body
    app_origin: str             # where the frame's messages must come from
    init: dict = field(default_factory=dict)   # BX24.js getInitData answer

    def descriptor(self) -> dict:
        """What the page script needs to build, submit and talk to this frame."""
        return {"sid": self.sid, "kind": self.kind, "windowName": self.window_name, "action": self.action,
                "fields": self.fields, "origin": self.app_origin, "init": self.init}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def open_frame(portal: Portal, *, kind: str, user_id: int, handler_url: str, placement: str,
               options: dict | None = None, lang: str = "ru") -> Frame:
    """A frame for `user_id` (call with portal.lock held: it issues tokens)."""
    o = portal.options
    protocol = "1" if o.base_url.startswith("https://") else "0"
    sid = secrets.token_hex(16)
    tokens = portal.issue_tokens(user_id)
    query = urlencode({"DOMAIN": o.domain, "PROTOCOL": protocol, "LANG": lang, "APP_SID": sid})
    separator = "&" if "?" in handler_url else "?"
    fields = {
        "AUTH_ID": tokens.access_token, "AUTH_EXPIRES": str(o.token_lifetime), "REFRESH_ID": tokens.refresh_token,
        "SERVER_ENDPOINT": o.rest_url, "APPLICATION_TOKEN": portal.app.application_token,
        "APPLICATION_SCOPE": portal.app.scope, "member_id": o.member_id, "status": portal.app.status,
        "PLACEMENT": placement,
    }
    if options is not None:     # the app page POST has no PLACEMENT_OPTIONS (examples/app_page_post_install_form.json)
        fields["PLACEMENT_OPTIONS"] = php_json(options)
    user = portal.user(user_id)
    init = {"DOMAIN": o.domain, "PROTOCOL": int(protocol), "PATH": "/rest", "LANG": lang,
            "AUTH_ID": tokens.access_token, "REFRESH_ID": tokens.refresh_token, "AUTH_EXPIRES": o.token_lifetime,
            "IS_ADMIN": user.is_admin, "MEMBER_ID": o.member_id, "USER_OPTIONS": {}, "APP_OPTIONS": {},
            "PLACEMENT": placement, "PLACEMENT_OPTIONS": options or {},
            "INSTALL": kind == KIND_INSTALL, "FIRST_RUN": kind == KIND_INSTALL}
    return Frame(sid, kind, user_id, placement, options, f"{o.domain}|{protocol}|{sid}",
                 f"{handler_url}{separator}{query}", fields, origin_of(handler_url), init)


def php_json(value: object) -> str:
    """JSON as PHP's json_encode writes it by default: "\\/" for slashes, \\uXXXX for non-ASCII
    (examples/placement_post_crm_deal_detail_tab_form.json)."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


class FrameRegistry:
    """The most recent frames by APP_SID (bounded: a long demo session must not grow without end)."""

    def __init__(self, limit: int = MAX_REMEMBERED_FRAMES):
        self.limit = limit
        self._frames: OrderedDict[str, Frame] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, frame: Frame) -> Frame:
        with self._lock:
            self._frames[frame.sid] = frame
            while len(self._frames) > self.limit:
                self._frames.popitem(last=False)
        return frame

    def get(self, sid: str) -> Frame | None:
        with self._lock:
            return self._frames.get(sid)
