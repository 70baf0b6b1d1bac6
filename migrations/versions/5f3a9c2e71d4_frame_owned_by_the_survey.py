"""frame owned by the survey: survey_units with the attributes of each unit as of the survey

Revision ID: 5f3a9c2e71d4
Revises: 1d5430ced269
Create Date: 2026-12-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5f3a9c2e71d4'
down_revision = '1d5430ced269'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('land', sa.String(length=60), nullable=False),
    sa.Column('type', sa.String(length=60), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_units_survey_id_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_survey_units_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_units')),
    sa.UniqueConstraint('survey_id', 'unit_id', name=op.f('uq_survey_units_survey_id'))
    )
    with op.batch_alter_table('survey_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_units_unit_id'), ['unit_id'], unique=False)

    # Until now a survey's frame was its invitations, and every survey read the units' current
    # attributes: each invited unit (and any unit with a response but no invitation) joins its
    # survey's frame with the attributes it has today, the ones those surveys have shown so far.
    op.execute(
        """
        INSERT INTO survey_units (survey_id, unit_id, name, land, type, population, added_at)
        SELECT i.survey_id, u.id, u.name, u.land, u.type, u.population, i.created_at
        FROM invitations i JOIN units u ON u.id = i.unit_id
        """
    )
    op.execute(
        """
        INSERT INTO survey_units (survey_id, unit_id, name, land, type, population, added_at)
        SELECT r.survey_id, u.id, u.name, u.land, u.type, u.population, r.started_at
        FROM responses r JOIN units u ON u.id = r.unit_id
        WHERE NOT EXISTS (
            SELECT 1 FROM survey_units s WHERE s.survey_id = r.survey_id AND s.unit_id = r.unit_id
        )
        """
    )


def downgrade():
    with op.batch_alter_table('survey_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_units_unit_id'))

    op.drop_table('survey_units')
