"""The one-job job: classify one posting's remote eligibility now (like ``extract_job_skills``)."""

import dagster as dg
from pydantic import Field

from jobsearch_pipelines.defs.remote.resources import RemoteClassifierResource
from jobsearch_pipelines.defs.resources import DatabaseResource
from jobsearch_pipelines.lib.remote.service import classify_job


class ClassifyJobRemoteConfig(dg.Config):
    job_id: int | None = Field(default=None, description="The job to classify (required).")


@dg.op(description="Classify and store the remote eligibility of one job.")
def classify_job_remote_op(context: dg.OpExecutionContext, config: ClassifyJobRemoteConfig,
                           database: DatabaseResource, remote_classifier: RemoteClassifierResource) -> dict:
    if config.job_id is None:
        raise dg.Failure("config.job_id: required (the id of the job to classify)", allow_retries=False)
    classifier = remote_classifier.build()
    try:
        result = classify_job(database.get_engine(), classifier, config.job_id)
    except ValueError as exc:
        raise dg.Failure(str(exc), allow_retries=False) from exc
    context.add_output_metadata({
        "is_remote_eu": result.is_remote_eu, "confidence": result.confidence, "reason": result.reason,
        "workplace_type": result.workplace_type or "unknown", "scope": ", ".join(result.scope),
        "classifier": result.classifier,
    })
    return {"ok": True, "job_id": config.job_id, **result.to_dict()}


@dg.job(description="Classify one job's remote eligibility (config: job_id), whatever its stored row says.")
def classify_job_remote() -> None:
    classify_job_remote_op()
