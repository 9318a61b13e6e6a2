"""Metadata the Dagster UI renders: standard table metadata (row count, column schema, table name), tables with a
schema instead of JSON blobs, and bar charts as PNG embedded in markdown (headless matplotlib)."""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
import sqlalchemy as sa

_TYPES = {sa.Integer: "int", sa.BigInteger: "int", sa.Float: "float", sa.Boolean: "bool", sa.DateTime: "datetime",
          sa.JSON: "json", sa.Text: "text", sa.String: "string"}


def _column_type(column: sa.Column[Any]) -> str:
    for sa_type, name in _TYPES.items():
        if isinstance(column.type, sa_type):
            return name
    return str(column.type).lower()


def table_metadata(table: sa.Table, row_count: int) -> dict[str, Any]:
    """``dagster/row_count``, ``dagster/column_schema`` from the SQLAlchemy table, ``dagster/table_name``."""
    schema = dg.TableSchema(columns=[
        dg.TableColumn(name=c.name, type=_column_type(c), description=c.comment,
                       constraints=dg.TableColumnConstraints(nullable=bool(c.nullable), unique=bool(c.unique)))
        for c in table.columns
    ])
    return {"dagster/row_count": dg.MetadataValue.int(int(row_count)),
            "dagster/column_schema": dg.MetadataValue.table_schema(schema),
            "dagster/table_name": dg.MetadataValue.text(table.name)}


def counts_table(counts: Mapping[str, int], key: str, value: str = "count") -> dg.MetadataValue:
    """A two-column table (``key``, ``value``) with its schema, largest first."""
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    schema = dg.TableSchema(columns=[dg.TableColumn(key, "string"), dg.TableColumn(value, "int")])
    return dg.MetadataValue.table([dg.TableRecord({key: str(k), value: int(v)}) for k, v in rows], schema=schema)


def bar_chart(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float]], *,
              horizontal: bool = False) -> dg.MetadataValue:
    """A bar chart (one bar group per label, one colour per series) as a PNG inside markdown."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    height = max(3.0, 0.28 * len(labels) + 1.2) if horizontal else 3.6
    fig, ax = plt.subplots(figsize=(7.5, height), dpi=90)
    try:
        width = 0.8 / max(len(series), 1)
        positions = range(len(labels))
        for i, (name, values) in enumerate(series.items()):
            offsets = [p + (i - (len(series) - 1) / 2) * width for p in positions]
            if horizontal:
                ax.barh(offsets, values, height=width, label=name)
            else:
                ax.bar(offsets, values, width=width, label=name)
        if horizontal:
            ax.set_yticks(list(positions), labels)
            ax.invert_yaxis()
        else:
            ax.set_xticks(list(positions), labels, rotation=30 if len(labels) > 6 else 0, ha="right")
        ax.set_title(title)
        if len(series) > 1:
            ax.legend()
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    finally:
        plt.close(fig)
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return dg.MetadataValue.md(f"![{title}](data:image/png;base64,{encoded})")


def histogram(title: str, values: Sequence[float], bins: Sequence[float]) -> dg.MetadataValue:
    """How many ``values`` fall in each ``[bins[i], bins[i+1])`` (the last bin closed), as a bar chart."""
    counts = [0] * (len(bins) - 1)
    for value in values:
        for i in range(len(counts)):
            if bins[i] <= value < bins[i + 1] or (i == len(counts) - 1 and value == bins[-1]):
                counts[i] += 1
                break
    labels = [f"{bins[i]:g}–{bins[i + 1]:g}" for i in range(len(counts))]
    return bar_chart(title, labels, {"count": counts})
