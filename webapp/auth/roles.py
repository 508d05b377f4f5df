"""Role names that carry a meaning in code. Any other candidate group named in a diagram (e.g.
`inspector`) works as a plain role: held at a region, scoped like `official`."""

APPLICANT = "applicant"
"""Acts for its own creation unit; its tasks are scoped to the owner, not to a region."""
OFFICIAL = "official"
EXPERT = "expert"
INSPECTOR = "inspector"
AUDITOR = "auditor"
"""Reads everything in its jurisdiction and acts on nothing."""
ADMIN = "admin"

NAMED_ROLES = frozenset({APPLICANT, OFFICIAL, EXPERT, INSPECTOR, AUDITOR, ADMIN})
"""The roles brandcert itself names. A diagram naming another one that nobody holds is refused as
a misspelling (designer.flow_checks); once granted to someone it works as a plain role."""

READ_ONLY_ROLES = frozenset({AUDITOR})
CASE_READERS = frozenset({OFFICIAL, AUDITOR, ADMIN})
"""Roles that read every case within their region: its trail, tasks and decisions. Experts and
inspectors (and roles a diagram adds) see the tasks they are picked for, not their colleagues'
scores or findings."""
