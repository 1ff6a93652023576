"""Self-test fixtures: the learning fixtures (an enrolled judge, a signed-in client)."""

from tests.learning.conftest import course, judge, learner  # noqa: F401 - fixtures
