"""Alembic environment: the engine comes from the Flask app (see app/commands.py)."""

import warnings

from alembic import context

from app.models import metadata

config = context.config
# SQLite cannot reflect the lower(email) index; the migration creates it by hand.
warnings.filterwarnings("ignore", message="autogenerate skipping metadata-specified expression")
warnings.filterwarnings(
    "ignore", message="Skipped unsupported reflection of expression-based index"
)


def run_migrations() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
