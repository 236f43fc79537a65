"""The one place that imports every domain's table models, so that ``SQLModel.metadata`` is complete for Alembic
and the tests. It sits at the top, beside ``app.main``: it imports every domain, and nothing imports it but them."""

from sqlmodel import SQLModel


def import_all_models() -> type[SQLModel]:
    """Import every table model so that ``SQLModel.metadata`` is complete (Alembic, tests)."""
    from app.accounts import models as _accounts  # noqa: F401
    from app.directory import models as _directory  # noqa: F401
    from app.easyread import models as _easyread  # noqa: F401
    from app.guides import models as _guides  # noqa: F401
    from app.insights import models as _insights  # noqa: F401
    from app.publishing import changes as _changes  # noqa: F401
    from app.publishing import models as _publishing  # noqa: F401
    from app.translation import models as _translation  # noqa: F401

    return SQLModel
