"""UI metadata: table schema from the SQLAlchemy model, a chart whose PNG decodes, tables with a schema."""

from __future__ import annotations

import base64
import io
import re

import dagster as dg
from PIL import Image

from jobsearch_pipelines.db.schema import Job
from jobsearch_pipelines.defs.metadata import bar_chart, counts_table, table_metadata


def test_table_metadata_has_row_count_and_the_jobs_columns() -> None:
    meta = table_metadata(Job.__table__, 42)
    assert meta["dagster/row_count"].value == 42 and meta["dagster/table_name"].value == "jobs"
    columns = {c.name: c for c in meta["dagster/column_schema"].schema.columns}
    assert {"id", "title", "status", "country_codes"} <= set(columns)
    assert columns["id"].type == "int" and columns["title"].constraints.nullable is False


def test_bar_chart_is_a_decodable_png() -> None:
    value = bar_chart("Postings per vendor", ["ashby", "greenhouse", "lever"], {"open": [12, 40, 7]})
    assert isinstance(value, dg.MarkdownMetadataValue)
    encoded = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)\)", value.value).group(1)
    image = Image.open(io.BytesIO(base64.b64decode(encoded)))
    image.verify()
    assert image.format == "PNG" and image.size[0] > 300


def test_counts_table_has_a_schema_and_sorted_rows() -> None:
    value = counts_table({"lever": 3, "ashby": 9}, "vendor", "jobs")
    assert [c.name for c in value.schema.columns] == ["vendor", "jobs"]
    assert [r.data["vendor"] for r in value.records] == ["ashby", "lever"]
