"""Company rows never vanish: a duplicate key is skipped (a concurrent run stored it), but a NOT NULL or
foreign-key failure raises, naming the table and the row (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import Company, CompanyFact
from jobsearch_pipelines.lib.companies.store import RowNotStored, _insert_new

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _fact(company_id: int, key: str, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {"company_id": company_id, "fact_key": key, "field": "name", "value_text": "Acme",
                              "confidence": 0.9, "method": "jsonld", "source_type": "COMMONCRAWL",
                              "observed_at": NOW, "created_at": NOW}
    row.update(overrides)
    return row


def _company(session: Session) -> int:
    company = Company(key="acme", name="Acme", category="UNKNOWN")
    session.add(company)
    session.flush()
    return company.id


def test_duplicates_are_skipped_and_the_rest_stored(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        company_id = _company(session)
        assert len(_insert_new(session, CompanyFact, [_fact(company_id, "k1")])) == 1
        stored = _insert_new(session, CompanyFact, [_fact(company_id, "k1"), _fact(company_id, "k2")])
        assert [r["fact_key"] for r in stored] == ["k2"]
        assert session.scalar(select(func.count()).select_from(CompanyFact)) == 2


@pytest.mark.parametrize("broken", ["not_null", "foreign_key"])
def test_other_integrity_errors_fail_loudly_naming_the_row(engine: Engine, broken: str) -> None:
    with Session(engine) as session, session.begin():
        company_id = _company(session)
        bad = _fact(company_id, "bad", field=None) if broken == "not_null" else _fact(company_id + 999, "bad")
        with pytest.raises(RowNotStored) as caught:
            _insert_new(session, CompanyFact, [_fact(company_id, "good"), bad])
    message = str(caught.value)
    assert message.startswith("company_facts: row {") and "'fact_key': 'bad'" in message
