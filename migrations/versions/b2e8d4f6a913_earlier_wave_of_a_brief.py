"""earlier wave of a brief

Revision ID: b2e8d4f6a913
Revises: 5e2a7c9d1b3f
Create Date: 2026-12-03 14:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2e8d4f6a913'
down_revision = '5e2a7c9d1b3f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('earlier_release', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_column('earlier_release')
