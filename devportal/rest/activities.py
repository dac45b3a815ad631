"""crm.activity.add/list, crm.activity.binding.*, crm.timeline.comment.add/list."""
from __future__ import annotations

from devportal import timeline
from devportal.rest.registry import Call, Listing, method, page_args


@method("crm.activity.add")
def activity_add(call: Call) -> int:
    return timeline.add_activity(call.portal, call.param("fields"), call.origin)


@method("crm.activity.list")
def activity_list(call: Call) -> Listing:
    return Listing.of(timeline.list_activities(call.portal, *page_args(call)))


@method("crm.activity.binding.list")
def binding_list(call: Call) -> list[dict]:
    return timeline.list_bindings(call.portal, call.params)


@method("crm.activity.binding.add")
def binding_add(call: Call) -> bool:
    return timeline.add_binding(call.portal, call.params, call.origin)


@method("crm.activity.binding.delete")
def binding_delete(call: Call) -> bool:
    return timeline.delete_binding(call.portal, call.params, call.origin)


@method("crm.activity.binding.move")
def binding_move(call: Call) -> bool:
    return timeline.move_binding(call.portal, call.params, call.origin)


@method("crm.timeline.comment.add")
def comment_add(call: Call) -> int:
    return timeline.add_comment(call.portal, call.param("fields"), call.origin)


@method("crm.timeline.comment.list")
def comment_list(call: Call) -> Listing:
    return Listing.of(timeline.list_comments(call.portal, call.param("filter"), call.param("start")))
