"""A code location with only the flow-control demos (+ the database resource) for the daemon end-to-end tests.

Same functions, factory, sensors and jobs as the project's location, without the other domains' sensors and
imports, so every run process starts faster on a busy 2-core machine.
"""

from __future__ import annotations

import dagster as dg

from jobsearch_pipelines.defs import resources
from jobsearch_pipelines.defs.flow_control import demos

# only module objects besides `defs`: Dagster's loader would pick up any other (Lazy)Definitions at top level
defs = dg.Definitions.merge(demos.defs(), dg.Definitions(resources={"database": resources.database_resource()}))
