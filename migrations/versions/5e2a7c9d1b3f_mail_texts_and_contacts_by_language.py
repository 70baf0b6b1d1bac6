"""Mail texts by language, and each contact's language

Revision ID: 5e2a7c9d1b3f
Revises: 1bcc0a7225d3
Create Date: 2026-12-03 14:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e2a7c9d1b3f"
down_revision = "1bcc0a7225d3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=5), server_default="de", nullable=False)
        )

    with op.batch_alter_table("mail_templates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=5), server_default="de", nullable=False)
        )
        batch_op.drop_constraint("uq_mail_templates_survey_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_mail_templates_survey_id", ["survey_id", "kind", "language"]
        )


def downgrade():
    op.execute("DELETE FROM mail_templates WHERE language <> 'de'")
    with op.batch_alter_table("mail_templates", schema=None) as batch_op:
        batch_op.drop_constraint("uq_mail_templates_survey_id", type_="unique")
        batch_op.create_unique_constraint("uq_mail_templates_survey_id", ["survey_id", "kind"])
        batch_op.drop_column("language")

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("language")
