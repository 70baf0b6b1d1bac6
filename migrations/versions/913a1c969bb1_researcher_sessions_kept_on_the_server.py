"""researcher sessions kept on the server

Revision ID: 913a1c969bb1
Revises: 0a041a55e65f
Create Date: 2026-12-02 00:11:47.281746

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '913a1c969bb1'
down_revision = '0a041a55e65f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('researcher_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_researcher_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_researcher_sessions'))
    )
    with op.batch_alter_table('researcher_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_researcher_sessions_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('researcher_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_researcher_sessions_user_id'))

    op.drop_table('researcher_sessions')
