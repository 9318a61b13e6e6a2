"""The six flow-control demo workflows as event functions: a job + sensor each, flow control shown as metadata.

The functions themselves (handlers, flow control) live in ``lib/flow_control/demos.py``.
"""

import dagster as dg

from jobsearch_pipelines.defs.events.factory import event_function_defs
from jobsearch_pipelines.lib.events.functions import EventFunction
from jobsearch_pipelines.lib.flow_control.config import flow_control_metadata
from jobsearch_pipelines.lib.flow_control.demos import DEMO_FUNCTIONS


def with_flow_control_metadata(fn: EventFunction, defs: dg.Definitions) -> dg.Definitions:
    """``defs`` of ``fn`` with its flow control added to the job's and the sensor's metadata."""
    metadata = flow_control_metadata(fn.event, fn.flow_control)
    jobs = [job.with_metadata({**job.metadata, **metadata}) for job in defs.jobs or []]  # type: ignore[union-attr]
    sensors = [sensor.with_attributes(jobs=jobs, metadata={**sensor.metadata, **metadata})
               for sensor in defs.sensors or []]  # type: ignore[union-attr]
    return dg.Definitions(jobs=jobs, sensors=sensors)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions.merge(*(with_flow_control_metadata(fn, event_function_defs(fn)) for fn in DEMO_FUNCTIONS))
