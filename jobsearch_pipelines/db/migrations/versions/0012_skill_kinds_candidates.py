"""skill kinds, parents and unmapped skill candidates

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('job_skill_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('surface', sa.String(length=255), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('mentions', sa.JSON(), nullable=True),
    sa.Column('extractor_version', sa.String(length=64), nullable=False),
    sa.Column('extracted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_skill_candidates_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_skill_candidates')),
    sa.UniqueConstraint('job_id', 'surface', name=op.f('uq_job_skill_candidates_job_id_surface'))
    )
    with op.batch_alter_table('job_skill_candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_skill_candidates_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_skill_candidates_surface'), ['surface'], unique=False)

    with op.batch_alter_table('job_skills', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), nullable=True))

    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), server_default='technology', nullable=False))
        batch_op.add_column(sa.Column('parent_slug', sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.drop_column('parent_slug')
        batch_op.drop_column('kind')

    with op.batch_alter_table('job_skills', schema=None) as batch_op:
        batch_op.drop_column('kind')

    with op.batch_alter_table('job_skill_candidates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_skill_candidates_surface'))
        batch_op.drop_index(batch_op.f('ix_job_skill_candidates_job_id'))

    op.drop_table('job_skill_candidates')
