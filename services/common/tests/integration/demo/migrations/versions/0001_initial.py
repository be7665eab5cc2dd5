"""initial demo tables (built from the metadata: fine for a test fixture, not for a real service)"""

from alembic import context, op

revision = "0001"
down_revision = None


def upgrade() -> None:
    context.config.attributes["metadata"].create_all(op.get_bind())


def downgrade() -> None:
    context.config.attributes["metadata"].drop_all(op.get_bind())
