"""Every signal that crosses packages, with its contract.

Receivers run inside the sender's transaction and must not commit.
"""

from blinker import Namespace

_ns = Namespace()

instance_advanced = _ns.signal("instance-advanced")
"""Sent after an engine action was applied to a process instance.

sender: the process key (e.g. "recommendation"); kwargs: instance (ProcessInstance),
outcome (webapp.engine.Outcome), actor (User or None for the timer worker).
"""

brand_recognized = _ns.signal("brand-recognized")
"""Sent once when a brand is recognized (认定) at one level.

sender: the Brand; kwargs: level (lane name), region_code (the recognizing region),
application (Application), at (aware UTC datetime).
"""
