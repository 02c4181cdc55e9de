"""Test support: the Playwright browser plugin and the project's own plumbing tests."""
