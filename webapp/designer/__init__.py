"""Designing the processes: definitions and their versions, the BPMN, DMN and form editors,
validation, deployment, version diffs and moving running cases to a new version."""
