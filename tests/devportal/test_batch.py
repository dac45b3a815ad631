"""batch: up to 50 commands, halt, $result references, result_* sections as PHP prints them."""
from __future__ import annotations

from urllib.parse import quote

from tests.devportal.devportal_helpers import Rest


def test_references_take_fields_of_earlier_results_including_list_rows(rest: Rest):
    rest.result("crm.company.add", {"fields": {"TITLE": "ООО «Ромашка & Co»"}})
    answer = rest.result("batch", {"cmd": {
        "company": "crm.company.list?select[]=ID&select[]=TITLE",
        "contact": "crm.contact.add?fields[NAME]=Ира&fields[COMPANY_ID]=$result[company][0][ID]",
        "check": "crm.contact.get?id=$result[contact]",
        "title": f"crm.lead.add?fields[TITLE]={quote('Лид для $result[company][0][TITLE]')}",
    }})
    assert answer["result_error"] == []
    assert answer["result"]["check"]["COMPANY_ID"] == answer["result"]["company"][0]["ID"]
    lead = rest.result("crm.lead.get", {"id": answer["result"]["title"]})
    assert lead["TITLE"] == "Лид для ООО «Ромашка & Co»"


def test_halt_stops_at_the_first_failure(rest: Rest):
    answer = rest.result("batch", {"halt": 1, "cmd": {"a": "crm.lead.add?fields[TITLE]=A", "b": "crm.lead.get?id=999",
                                                      "c": "crm.lead.add?fields[TITLE]=C"}})
    assert set(answer["result"]) == {"a"} and set(answer["result_error"]) == {"b"}
    assert answer["result_error"]["b"] == {"error": "", "error_description": "Not found"}
    assert len(rest.result("crm.lead.list")) == 1


def test_without_halt_every_command_runs(rest: Rest):
    answer = rest.result("batch", {"halt": 0, "cmd": {"a": "crm.lead.get?id=999", "b": "crm.lead.add?fields[TITLE]=B"}})
    assert set(answer["result"]) == {"b"} and set(answer["result_error"]) == {"a"}


def test_more_than_fifty_commands_fail_past_the_fiftieth(rest: Rest):
    answer = rest.result("batch", {"cmd": {f"k{i}": f"crm.lead.add?fields[TITLE]=L{i}" for i in range(53)}})
    assert len(answer["result"]) == 50
    assert set(answer["result_error"]) == {"k50", "k51", "k52"}
    assert answer["result_error"]["k50"]["error"] == "ERROR_BATCH_LENGTH_EXCEEDED"
    assert rest("crm.lead.list").json()["total"] == 50


def test_nested_batch_is_not_allowed(rest: Rest):
    answer = rest.result("batch", {"cmd": {"inner": "batch?cmd[x]=crm.lead.list"}})
    assert answer["result_error"]["inner"]["error"] == "ERROR_BATCH_METHOD_NOT_ALLOWED"


def test_commands_given_as_a_list_answer_as_lists(rest: Rest):
    answer = rest.result("batch", {"cmd": ["crm.lead.add?fields[TITLE]=A", "crm.lead.add?fields[TITLE]=B"]})
    assert isinstance(answer["result"], list) and len(answer["result"]) == 2
    assert answer["result_error"] == [] and answer["result_total"] == []


def test_list_commands_report_total_and_next(rest: Rest):
    rest.result("batch", {"cmd": {str(i): f"crm.contact.add?fields[NAME]=N{i}" for i in range(50)}})
    rest.result("crm.contact.add", {"fields": {"NAME": "last"}})
    answer = rest.result("batch", {"cmd": {"page": "crm.contact.list?select[]=ID", "one": "crm.contact.get?id=1"}})
    assert answer["result_total"] == {"page": 51} and answer["result_next"] == {"page": 50}
    assert set(answer["result_time"]) == {"page", "one"}


def test_inner_commands_run_with_the_batchs_auth_only(devportal, rest: Rest):
    manager = devportal.tokens_for(2).access_token
    admin_only = rest.result("batch", {"cmd": {"who": f"user.current?auth={devportal.tokens_for(1).access_token}"}},
                             auth=manager)
    assert admin_only["result"]["who"]["ID"] == "2"


def test_sdk_style_commands_with_method_and_params_are_accepted(rest: Rest):
    answer = rest.result("batch", {"cmd": {"a": {"method": "crm.lead.add", "params": {"fields": {"TITLE": "SDK"}}}}})
    assert rest.result("crm.lead.get", {"id": answer["result"]["a"]})["TITLE"] == "SDK"
