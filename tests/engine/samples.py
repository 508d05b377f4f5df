"""Small BPMN documents for engine tests, built around one process body."""

from __future__ import annotations

HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
          'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
          'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_sample" '
          'targetNamespace="https://brandcert.example/test">\n')

USER_TASK = ('<bpmn:userTask id="Task_review" name="Review" camunda:candidateGroups="official" '
             'camunda:formKey="endorsement" />')


LANE = ('<bpmn:laneSet id="LaneSet_1"><bpmn:lane id="Lane_county" name="county">'
        "<bpmn:flowNodeRef>Task_review</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>")


def process(body: str, process_id: str = "sample") -> bytes:
    """The body in an executable process; `Task_review`, when there, sits in the county's lane."""
    lanes = LANE if 'id="Task_review"' in body else ""
    return (f'{HEADER}<bpmn:process id="{process_id}" isExecutable="true">\n{lanes}{body}\n'
            "</bpmn:process>\n</bpmn:definitions>\n").encode()


def linear(task: str = USER_TASK, process_id: str = "sample") -> bytes:
    """start -> task -> end"""
    return process(f"""
  <bpmn:startEvent id="StartEvent_1" />
  {task}
  <bpmn:endEvent id="EndEvent_1" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_review" />
  <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_review" targetRef="EndEvent_1" />""", process_id)


def gateway(condition: str) -> bytes:
    """start -> gateway -(condition)-> end / -(default)-> end"""
    return process(f"""
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:exclusiveGateway id="Gateway_1" default="Flow_default" />
  <bpmn:endEvent id="EndEvent_yes" />
  <bpmn:endEvent id="EndEvent_no" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Gateway_1" />
  <bpmn:sequenceFlow id="Flow_yes" sourceRef="Gateway_1" targetRef="EndEvent_yes">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_default" sourceRef="Gateway_1" targetRef="EndEvent_no" />""")


def task_then_gateway(condition: str) -> bytes:
    """start -> user task -> gateway -(condition)-> end / -(default)-> end"""
    return process(f"""
  <bpmn:startEvent id="StartEvent_1" />
  {USER_TASK}
  <bpmn:exclusiveGateway id="Gateway_1" default="Flow_default" />
  <bpmn:endEvent id="EndEvent_yes" />
  <bpmn:endEvent id="EndEvent_no" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_review" />
  <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_review" targetRef="Gateway_1" />
  <bpmn:sequenceFlow id="Flow_yes" sourceRef="Gateway_1" targetRef="EndEvent_yes">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="Flow_default" sourceRef="Gateway_1" targetRef="EndEvent_no" />""")
