"""Levels come from the diagram: a `township` lane added to the BPMN is routed and scoped with no
change to the code."""

from __future__ import annotations

from lxml import etree

from tests import walk
from tests.api_client import Api
from webapp import engine, taskforms
from webapp.config import PROJECT_ROOT
from webapp.db import transaction
from webapp.demo.data import PASSWORD
from webapp.people.services import create_user
from webapp.regions import tree

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"


def with_township_review(source: bytes) -> bytes:
    """Insert `Task_township_review` in a new `township` lane between village and county."""
    root = etree.fromstring(source)
    process = root.find(f"{BPMN}process")
    lane = etree.SubElement(process.find(f"{BPMN}laneSet"), f"{BPMN}lane", id="Lane_township", name="township")
    etree.SubElement(lane, f"{BPMN}flowNodeRef").text = "Task_township_review"
    task = etree.SubElement(process, f"{BPMN}userTask", id="Task_township_review", name="乡镇审核")
    task.set(f"{CAMUNDA}candidateGroups", "official")
    task.set(f"{CAMUNDA}formKey", "endorsement")
    to_county = process.find(f"{BPMN}sequenceFlow[@id='Flow_to_county']")
    to_county.set("targetRef", "Task_township_review")
    etree.SubElement(process, f"{BPMN}sequenceFlow", id="Flow_township_done", sourceRef="Task_township_review",
                     targetRef="CallActivity_county")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_a_township_lane_added_to_the_diagram_becomes_a_level(client):
    files = engine.read_directory(PROJECT_ROOT / "workflows")
    files["recommendation.bpmn"] = with_township_review(files["recommendation.bpmn"])
    with transaction():
        deployed = engine.deploy(files, form_exists=taskforms.catalog().exists)
    assert [(d.key, d.version) for d in deployed] == [("recommendation", 2)]
    with transaction():
        tree.add_region("610323100", "凤鸣镇", "township", "610323")
    create_user("other.township", PASSWORD, "凤鸣镇", roles=[("official", "610323100")])

    api = Api(client)
    walk.submit(api)
    walk.endorse(api)
    task = api.only_task("caijiapo.official")
    assert (task["level"], task["region"], task["name"]) == ("township", "610323101", "乡镇审核")
    assert api.get("/tasks", "other.township")["items"] == []
    assert api.get("/tasks", "qishan.official")["items"] == []
    api.complete("caijiapo.official", task["id"], {"decision": "forward", "comment": "同意"})
    assert api.only_task("qishan.official")["level"] == "county"
