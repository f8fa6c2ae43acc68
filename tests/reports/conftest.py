import pytest

from tests.cases.journey import decided_with_lead_reviewer


@pytest.fixture
def lcspr(world):
    """An LCSPR decided on 3 Feb 2026, with its lead reviewer: ready for its report to be written."""
    return decided_with_lead_reviewer(world)
