"""Every signal that crosses packages, with its contract.

Receivers run inside the sender's transaction and must not commit.
"""

from blinker import Namespace

_ns = Namespace()

instance_advanced = _ns.signal("instance-advanced")
"""Sent after an engine action was applied to a process instance, by `webapp.audit.services.case_advanced`
only (it records the outcome in the case's trail first).

sender: the process key (e.g. "recommendation"); kwargs, always all five: instance (ProcessInstance),
outcome (webapp.engine.Outcome), actor (User, or None for the timer worker and a spot check's start),
task (the HumanTask completed, or None when the action completed none), data (what was submitted: the
cleaned form or the start data; None when nothing was).

Receivers connect to the process keys they follow (`connect_via`); those that follow every case connect
to all. A receiver checks nothing the user typed (the command does that before the engine step, so a
refusal changes nothing) and never sends this signal itself: one that starts another case returns that
step (a callable without arguments), run once every receiver has seen this case.
"""

brand_recognized = _ns.signal("brand-recognized")
"""Sent once when a brand is recognized (认定) at one level.

sender: the Brand; kwargs: level (lane name), region_code (the recognizing region),
application (Application), at (aware UTC datetime).
"""
