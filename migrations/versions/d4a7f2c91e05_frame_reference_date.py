"""where a survey's frame came from, and its Gebietsstand

Revision ID: d4a7f2c91e05
Revises: b2e8d4f6a913
Create Date: 2026-12-04 01:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4a7f2c91e05'
down_revision = 'b2e8d4f6a913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('frame_file', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('frame_as_of', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('frame_as_of')
        batch_op.drop_column('frame_file')
