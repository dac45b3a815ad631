"""Activities move between records with crm.activity.binding.*, comments land on the timeline,
apps notify users with im.notify.system.add."""
from __future__ import annotations

import pytest
from tests.devportal.devportal_helpers import Rest


@pytest.fixture
def contacts(rest: Rest) -> list[int]:
    return [rest.result("crm.contact.add", {"fields": {"NAME": n}}) for n in ("Старый", "Новый")]


@pytest.fixture
def activity(rest: Rest, contacts: list[int]) -> int:
    return rest.result("crm.activity.add", {"fields": {"OWNER_TYPE_ID": 3, "OWNER_ID": contacts[0], "TYPE_ID": 2,
                                                       "SUBJECT": "Звонок"}})


def owners(rest: Rest, contact_id: int) -> list[str]:
    return [r["ID"] for r in rest.result("crm.activity.list", {"filter": {"OWNER_TYPE_ID": 3, "OWNER_ID": contact_id}})]


def test_binding_move_puts_the_activity_on_the_other_record(rest: Rest, contacts: list[int], activity: int):
    assert rest.result("crm.activity.binding.move", {
        "activityId": activity, "sourceEntityTypeId": 3, "sourceEntityId": contacts[0],
        "targetEntityTypeId": 3, "targetEntityId": contacts[1]}) is True
    assert owners(rest, contacts[0]) == [] and owners(rest, contacts[1]) == [str(activity)]
    assert rest.result("crm.activity.binding.list", {"activityId": activity}) == [
        {"entityTypeId": 3, "entityId": contacts[1]}]


def test_binding_move_between_types_is_refused(rest: Rest, contacts: list[int], activity: int):
    company = rest.result("crm.company.add", {"fields": {"TITLE": "A"}})
    response = rest("crm.activity.binding.move", {
        "activityId": activity, "sourceEntityTypeId": 3, "sourceEntityId": contacts[0],
        "targetEntityTypeId": 4, "targetEntityId": company})
    assert response.status_code == 400 and owners(rest, contacts[0]) == [str(activity)]


def test_the_last_binding_cannot_be_deleted_but_an_extra_one_can(rest: Rest, contacts: list[int], activity: int):
    one = {"activityId": activity, "entityTypeId": 3, "entityId": contacts[0]}
    assert rest("crm.activity.binding.delete", one).status_code == 400
    rest.result("crm.activity.binding.add", {"activityId": activity, "entityTypeId": 3, "entityId": contacts[1]})
    assert rest.result("crm.activity.binding.delete", one) is True
    assert owners(rest, contacts[1]) == [str(activity)]


def test_timeline_comment_is_added_and_listed_by_its_record(rest: Rest, contacts: list[int]):
    comment = rest.result("crm.timeline.comment.add", {"fields": {"ENTITY_ID": contacts[0], "ENTITY_TYPE": "contact",
                                                                  "COMMENT": "Заполнены реквизиты"}})
    assert isinstance(comment, int)
    (row,) = rest.result("crm.timeline.comment.list", {"filter": {"ENTITY_ID": contacts[0],
                                                                   "ENTITY_TYPE": "contact"}})
    assert (row["ID"], row["COMMENT"], row["AUTHOR_ID"]) == (str(comment), "Заполнены реквизиты", "1")
    bad = rest("crm.timeline.comment.add", {"fields": {"ENTITY_ID": 999, "ENTITY_TYPE": "contact", "COMMENT": "x"}})
    assert bad.status_code == 400


def test_a_notification_with_the_same_tag_replaces_the_older_one(devportal, rest: Rest):
    rest.result("im.notify.system.add", {"USER_ID": 2, "MESSAGE": "Заполнено 10 из 100", "TAG": "bulk"})
    last = rest.result("im.notify.system.add", {"USER_ID": 2, "MESSAGE": "Заполнено 100 из 100", "TAG": "bulk"})
    assert [(n["ID"], n["MESSAGE"]) for n in devportal.portal.notifications] == [(last, "Заполнено 100 из 100")]
    assert rest("im.notify.system.add", {"USER_ID": 2, "MESSAGE": ""}).status_code == 400
