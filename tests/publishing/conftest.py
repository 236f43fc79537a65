"""Publishing fixtures: the staff area's signed-in clients and the tiny copy Argos packs, for the change seam's test."""

from tests.staff.conftest import signed_in, staff_users  # noqa: F401 (fixtures: staff clients per role)
from tests.translation.conftest import copy_packs, machine  # noqa: F401 (fixtures: the copy Argos packs)
