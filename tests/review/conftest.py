"""Review tests: fixtures are registered as plugins in tests/conftest.py."""
