"""The six flow-control demo workflows as event functions: a job + sensor each, flow control shown as metadata.

The functions themselves (handlers, flow control) live in ``lib/flow_control/demos.py``; the events factory puts
each function's flow control on its job and sensor pages.
"""

import dagster as dg

from jobsearch_pipelines.defs.events.factory import event_function_defs
from jobsearch_pipelines.lib.flow_control.demos import DEMO_FUNCTIONS


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(*(event_function_defs(fn) for fn in DEMO_FUNCTIONS))
