"""Audio tests: the fixtures are registered as plugins in tests/conftest.py."""
