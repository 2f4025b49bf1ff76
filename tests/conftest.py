"""Fixtures for the project-wide tests: the two collaborations that share records."""

from tests.shared_world import as_persona, two  # noqa: F401  (fixtures)
