"""The LLM remote-eligibility classifier: the original's rubric (made consistent), through the ``openai`` SDK.

The original asked DeepSeek for ``{isRemoteEU, confidence, reason}`` and wrote whatever came back, failures
included ("Classification failed" became a low-confidence "non-eu"). Here the answer must quote its evidence
and that quote must occur in the posting (title, locations or description, ignoring case and runs of
whitespace); an answer that fails this, or a failed call, falls back to the local rules, and the stored row
says which classifier answered. Retries on 429/5xx/timeouts are the SDK's own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from jobsearch_pipelines.lib.remote.classify import CONFIDENCES, Eligibility
from jobsearch_pipelines.lib.remote.models import LocalRemoteClassifier, PostingInput
from jobsearch_pipelines.lib.remote.regions import all_countries, eu, regions

PROMPT_VERSION = "remote-llm-1"
MIN_EVIDENCE_CHARS = 4
MAX_DESCRIPTION_CHARS = 12000


def system_prompt() -> str:
    eu_names = ", ".join(sorted(eu()))
    codes = ", ".join(sorted(regions()))
    return f"""You classify job postings: can a person living in the European Union be hired for this job, fully remote?
Definition: is_remote_eu is true when the job is fully remote (occasional travel or offsites are fine; no regular
office days) AND a person living in at least one EU member state may be hired for it.
EU member states (ISO codes): {eu_names}. NOT in the EU: United Kingdom, Switzerland, Norway, Iceland,
Liechtenstein, Turkey, Serbia, Ukraine, Russia, Israel and the Middle East.
Rules:
- True: "Remote - EU", "Remote - Europe", "EMEA", "Worldwide", "Anywhere", "Remote (Spain)", a list of places
  with at least one EU country, EU or EEA work authorisation, a time-zone window that contains EU countries
  (for example "within ±2 h of CET", "UTC-1 to UTC+3").
- False: hybrid roles or regular office days, on-site roles, a city office without a remote option, "Remote (UK)",
  "Switzerland only", "US only", regions without EU countries (LATAM, APAC, North America), a remote job that
  does not say where a hire may live.
- The more specific statement wins: "Remote - Europe" plus "must have EU work authorisation" is the EU;
  a location "Remote (US)" beats a generic "work from anywhere".
- EMEA includes the EU; CET is not exclusive to the EU but a CET window admits EU residents, so it is true.
Confidence: "high" = an explicit EU statement or an EU country; "medium" = a wider region (Europe, EMEA, worldwide)
or a time-zone window; "low" = guessed.
evidence: copy, character for character, the shortest phrase of the posting (title, location or description)
that decides the answer. reason: one short sentence.
workplace_type: remote, hybrid, onsite or unknown. regions: the region codes of where a hire may live, from
[{codes}]; countries: ISO 3166 alpha-2 codes of the countries named as where a hire may live."""


RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["is_remote_eu", "confidence", "reason", "evidence", "workplace_type", "regions", "countries"],
    "properties": {
        "is_remote_eu": {"type": "boolean"},
        "confidence": {"type": "string", "enum": list(CONFIDENCES)},
        "reason": {"type": "string"},
        "evidence": {"type": "string"},
        "workplace_type": {"type": "string", "enum": ["remote", "hybrid", "onsite", "unknown"]},
        "regions": {"type": "array", "items": {"type": "string"}},
        "countries": {"type": "array", "items": {"type": "string"}},
    },
}


@dataclass
class LlmStats:
    calls: int = 0
    kept: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


def find_quote(text: str, quote: str) -> bool:
    """Whether ``quote`` occurs in ``text``, ignoring case and runs of whitespace."""
    words = quote.split()
    if not words:
        return False
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    return pattern.search(text) is not None


class LlmRemoteClassifier:
    """Asks an OpenAI-compatible chat model; keeps the answer only when its evidence is in the posting."""

    def __init__(self, client: Any, model: str, *, limiter: Any | None = None, limiter_timeout: float | None = 300.0,
                 temperature: float | None = 0.0, fallback: LocalRemoteClassifier | None = None) -> None:
        self.client = client
        self.model = model
        self.limiter = limiter
        self.limiter_timeout = limiter_timeout
        self.temperature = temperature
        self.fallback = fallback or LocalRemoteClassifier()
        self.stats = LlmStats()

    @property
    def version(self) -> str:
        return f"{PROMPT_VERSION}:{self.model}"[:96]

    def classify(self, posting: PostingInput) -> Eligibility:
        try:
            answer = self._ask(posting)
            problem = self._problem(answer, posting)
        except Exception as exc:  # the SDK's errors after its retries, bad JSON: the rules answer instead
            answer, problem = None, f"call failed: {type(exc).__name__}: {exc}"[:300]
        if problem is not None or answer is None:
            self.stats.rejected.append({"title": posting.title, "reason": problem})
            result = self.fallback.classify(posting)
            result.classifier = f"{result.classifier} (llm answer rejected: {problem})"[:96]
            return result
        self.stats.kept += 1
        return self._eligibility(answer)

    def _ask(self, posting: PostingInput) -> dict[str, Any]:
        user = (f"Title: {posting.title or ''}\nLocations: {' | '.join(posting.locations) or '(none)'}\n"
                f"Vendor fields: {json.dumps(posting.vendor_fields or {}, ensure_ascii=False)[:2000]}\n\n"
                f"Description:\n{(posting.description or '')[:MAX_DESCRIPTION_CHARS]}")
        if self.limiter is not None:
            self.limiter.acquire(self.limiter_timeout)
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "system", "content": system_prompt()}, {"role": "user", "content": user}],
            "response_format": {"type": "json_schema",
                                "json_schema": {"name": "remote_eu", "strict": True, "schema": RESPONSE_SCHEMA}},
        }
        if self.temperature is not None:
            kwargs["temperature"] = self.temperature
        response = self.client.chat.completions.create(**kwargs)
        self.stats.calls += 1
        usage = getattr(response, "usage", None)
        self.stats.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.stats.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        if not response.choices:
            raise ValueError("llm response: no choices")
        content = (response.choices[0].message.content or "").strip()
        content = re.sub(r"^```(?:json)?\s*|\s*```$", "", content)
        payload = json.loads(content)
        if not isinstance(payload, dict):
            raise ValueError("llm response: expected a JSON object")
        return payload

    @staticmethod
    def _problem(answer: dict[str, Any], posting: PostingInput) -> str | None:
        if not isinstance(answer.get("is_remote_eu"), bool):
            return "is_remote_eu: not a boolean"
        if answer.get("confidence") not in CONFIDENCES:
            return f"confidence: {answer.get('confidence')!r} is not high/medium/low"
        evidence = str(answer.get("evidence") or "").strip()
        if len(evidence) < MIN_EVIDENCE_CHARS:
            return "evidence: too short"
        if not find_quote(posting.text(), evidence):
            return "evidence: not found in the posting"
        return None

    def _eligibility(self, answer: dict[str, Any]) -> Eligibility:
        known = regions()
        scope = [str(r).upper() for r in answer.get("regions") or [] if str(r).upper() in known]
        scope += [str(c).upper() for c in answer.get("countries") or [] if str(c).upper() in all_countries()]
        workplace = answer.get("workplace_type")
        evidence = " ".join(str(answer["evidence"]).split())
        reason = " ".join(str(answer.get("reason") or "").split())[:300]
        return Eligibility(
            workplace_type=workplace if workplace in ("remote", "hybrid", "onsite") else None,
            scope=list(dict.fromkeys(scope)), is_remote_eu=answer["is_remote_eu"], confidence=answer["confidence"],
            reason=f"{reason} — '{evidence}'" if reason else f"'{evidence}'",
            evidence=[{"source": "llm", "quote": evidence}], classifier=self.version,
        )


