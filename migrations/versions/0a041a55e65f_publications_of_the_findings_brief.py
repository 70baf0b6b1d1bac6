"""publications of the findings brief

Revision ID: 0a041a55e65f
Revises: b7c1d2e3f4a5
Create Date: 2026-11-26 01:35:54.126054

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0a041a55e65f'
down_revision = 'b7c1d2e3f4a5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('config', sa.Text(), nullable=True),
    sa.Column('config_name', sa.String(length=200), nullable=True),
    sa.Column('built_at', sa.DateTime(), nullable=False),
    sa.Column('built_by', sa.String(length=254), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('published_by', sa.String(length=254), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_publications_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('survey_id', 'stage', name=op.f('uq_publications_survey_id'))
    )


def downgrade():
    op.drop_table('publications')
