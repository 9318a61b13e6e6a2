"""warc record types; one skip row per WARC record

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 09:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('warc_scans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_types', sa.JSON(), nullable=True))
    # A re-scan used to add the same skips again: keep the first row of each (file, offset), then make it unique.
    op.execute(
        "DELETE FROM company_page_skips WHERE warc_offset IS NOT NULL AND id NOT IN ("
        "SELECT MIN(id) FROM company_page_skips WHERE warc_offset IS NOT NULL GROUP BY warc_filename, warc_offset)"
    )
    with op.batch_alter_table('company_page_skips', schema=None) as batch_op:
        batch_op.create_index('ux_company_page_skips_record', ['warc_filename', 'warc_offset'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('company_page_skips', schema=None) as batch_op:
        batch_op.drop_index('ux_company_page_skips_record')
    with op.batch_alter_table('warc_scans', schema=None) as batch_op:
        batch_op.drop_column('record_types')
